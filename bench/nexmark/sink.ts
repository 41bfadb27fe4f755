/**
 * The harness's sink, registered under `blackhole` in the harness's own connector registry only (the
 * real blackhole connector is untouched): it consumes every change like blackhole does, and keeps
 * the checksum of the materialized sink table (+I/+U add a row, -U/-D remove it) and the changelog's
 * length. With `keepRows`, it also keeps the materialized rows (for the DuckDB comparison and a diff).
 * It times itself (`cpuUs`, per batch) so that the harness can report the engine's CPU time without
 * the checksum's, as if the rows went into the real blackhole.
 */
import type { ConnectorFactory } from '../../src/planner/physical/connectors.ts';
import { type Batch, RowKind } from '../../src/runtime/batch.ts';
import { AbstractOperator } from '../../src/runtime/operator.ts';
import { canonicalRow, TableChecksum } from './checksum.ts';

export class ChecksumSink extends AbstractOperator {
  readonly checksum = new TableChecksum();
  changes = 0;
  /** CPU microseconds spent in this sink (the harness's own work, left out of the engine's time). */
  cpuUs = 0;
  /** Canonical row → count, when kept. */
  readonly materialized = new Map<string, number>();

  constructor(
    name: string,
    private readonly keepRows: boolean,
  ) {
    super(name);
  }

  processBatch(_input: number, batch: Batch): void {
    const start = process.cpuUsage();
    const { rows, kinds } = batch;
    for (let i = 0; i < batch.length; i++) {
      const kind = kinds[i]!;
      const sign = kind === RowKind.INSERT || kind === RowKind.UPDATE_AFTER ? 1 : -1;
      if (!this.keepRows) {
        this.checksum.addRow(rows[i]!, sign);
        continue;
      }
      const text = canonicalRow(rows[i]!);
      this.checksum.add(text, sign);
      const n = (this.materialized.get(text) ?? 0) + sign;
      if (n === 0) this.materialized.delete(text);
      else this.materialized.set(text, n);
    }
    this.changes += batch.length;
    const used = process.cpuUsage(start);
    this.cpuUs += used.user + used.system;
  }

  override finish(): void {}
}

/** A `blackhole` stand-in whose sinks are reported to `created`. */
export function checksumSinkFactory(keepRows: boolean, created: ChecksumSink[]): ConnectorFactory {
  return {
    sinkAcceptance: () => 'all',
    createSink: (t) => {
      const sink = new ChecksumSink(`ChecksumBlackhole(${t.path.name})`, keepRows);
      created.push(sink);
      return sink;
    },
  };
}
