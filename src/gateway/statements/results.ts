/**
 * Reading a statement's results: the rows of one that completed while being submitted (stored), or
 * pages of a running statement's result buffer. Reading from an offset acknowledges the rows before
 * it (REST); WebSocket streams peek and acknowledge explicitly.
 */
import { GatewayError } from '../resources.ts';
import type { LiveStatement } from './live.ts';
import type { StatementRecords } from './records.ts';
import type { ResultSlice } from './result-buffer.ts';

export type ResultPage = ResultSlice & { columns: unknown };

export class StatementResults {
  constructor(
    private readonly records: StatementRecords,
    private readonly live: (env: string, name: string) => LiveStatement | undefined,
  ) {}

  acknowledge(env: string, name: string, offset: number): void {
    this.live(env, name)?.buffer.acknowledge(offset);
  }

  async read(
    env: string,
    name: string,
    offset: number | undefined,
    waitMs: number,
    max: number,
    ack: boolean,
  ): Promise<ResultPage> {
    // A running statement is read from memory: a WebSocket stream reads once per batch of rows, and
    // the stored record (a SQLite read and a JSON parse) is needed only once it has ended.
    const l = this.live(env, name);
    if (l === undefined) {
      const s = this.records.get(env, name);
      const columns = s.status.traits?.schema.columns ?? [];
      const stored = s.internal.result;
      const from = offset ?? 0;
      if (stored === undefined) return { from, next: from, data: [], complete: true, columns };
      const data = stored.data.slice(from, from + max) as ResultSlice['data'];
      const next = from + data.length;
      return { from, next, data, complete: next >= stored.data.length, columns };
    }
    const columns = l.prepared.traits.schema.columns;
    const buffer = l.buffer;
    const from = offset ?? buffer.start;
    if (from < buffer.start) {
      throw new GatewayError(
        410,
        'RESULTS_GONE',
        `Rows before offset ${buffer.start} were acknowledged and dropped; continue from the latest page token`,
      );
    }
    if (ack) buffer.acknowledge(from);
    await buffer.wait(from, waitMs);
    // a restart may have replaced the buffer while we waited
    return { ...l.buffer.read(from, max), columns };
  }
}
