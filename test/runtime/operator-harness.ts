/**
 * Drives one operator directly (like Flink's operator test harnesses): rows and watermarks per input
 * in a chosen interleaving, a controllable processing-time clock, and the emitted changelog as
 * Row.toString strings. Used where the order between two inputs matters.
 */

import { existsSync, readFileSync } from 'node:fs';
import { type Batch, batchOf, type Row, rowKindShortString } from '../../src/runtime/batch.ts';
import { type Operator, OperatorMetrics, type Output } from '../../src/runtime/operator.ts';
import { HeapKeyedStateBackend } from '../../src/state/heap-backend.ts';
import { MAX_WATERMARK } from '../../src/state/timers.ts';

export type Formatter = (value: unknown, index: number) => string;

export const plain: Formatter = (v) => (v === null ? 'null' : v instanceof Map ? mapString(v) : String(v));

function mapString(m: Map<unknown, unknown>): string {
  return `{${[...m].map(([k, v]) => `${plain(k, 0)}=${plain(v, 0)}`).join(', ')}}`;
}

export class OperatorHarness {
  readonly changelog: string[] = [];
  readonly rows: { kind: number; row: Row }[] = [];
  readonly watermarks: number[] = [];
  readonly metrics = new OperatorMetrics();
  now = 0;
  private readonly wakeUps: number[] = [];

  constructor(
    readonly operator: Operator,
    private readonly format: Formatter = plain,
  ) {
    const output: Output = {
      emitBatch: (batch: Batch) => {
        for (let i = 0; i < batch.length; i++) {
          const row = batch.rows[i]!;
          this.rows.push({ kind: batch.kinds[i]!, row });
          this.changelog.push(
            `${rowKindShortString(batch.kinds[i]!)}[${row.map((v, j) => this.format(v, j)).join(', ')}]`,
          );
        }
      },
      emitWatermark: (ts) => this.watermarks.push(ts),
      emitIdle: () => {},
    };
    operator.open({
      operatorName: operator.name,
      subtaskIndex: 0,
      parallelism: 1,
      backend: new HeapKeyedStateBackend({ clock: () => this.now }),
      output,
      metrics: this.metrics,
      processingTime: () => this.now,
      scheduleProcessingTime: (t) => this.wakeUps.push(t),
    });
  }

  push(input: number, row: Row, kind = 0): this {
    this.operator.processBatch(input, batchOf([row], [kind]));
    return this;
  }

  /** Pushes '+I'/'-U'/'+U'/'-D' rows. */
  pushAll(input: number, rows: readonly { kind: string; values: Row }[]): this {
    for (const r of rows) this.push(input, r.values, ['+I', '-U', '+U', '-D'].indexOf(r.kind));
    return this;
  }

  watermark(input: number, ts: number): this {
    this.operator.processWatermark(input, ts);
    return this;
  }

  /** Advances the processing-time clock and fires due wake-ups. */
  advanceTo(time: number): this {
    this.now = time;
    if (this.wakeUps.some((t) => t <= time)) this.operator.onProcessingTime(time);
    return this;
  }

  end(): this {
    for (let i = 0; i < this.operator.inputCount; i++) this.operator.processWatermark(i, MAX_WATERMARK);
    this.operator.finish();
    return this;
  }

  /** Multiset of the final content (+I/+U add, -U/-D remove one equal row). */
  materialized(): string[] {
    const live: string[] = [];
    for (const entry of this.changelog) {
      const body = entry.slice(2);
      if (entry.startsWith('+')) live.push(`+I${body}`);
      else {
        const at = live.indexOf(`+I${body}`);
        if (at >= 0) live.splice(at, 1);
      }
    }
    return live;
  }
}

export const CONFORMANCE_DIR = new URL('../../../shared/conformance/flink/', import.meta.url);
export const conformanceAvailable = existsSync(CONFORMANCE_DIR);
if (!conformanceAvailable)
  console.log(`conformance data not found at ${CONFORMANCE_DIR.pathname}; conformance cases skipped`);

export const sortedStrings = (xs: readonly string[]): string[] => [...xs].sort();

export function kindOf(short: string): number {
  return ['+I', '-U', '+U', '-D'].indexOf(short);
}

export interface CaseRow {
  readonly kind: string;
  readonly values: unknown[];
}
export interface Case {
  readonly id: string;
  readonly sources: { name: string; rows: CaseRow[] }[];
  readonly sinks: { expected: string[] | null; expectedMaterialized: string[] | null }[];
}

/** The cases of one conformance file by id (the part after the class name); empty when absent. */
export function loadCases(file: string): Map<string, Case> {
  const out = new Map<string, Case>();
  if (!conformanceAvailable) return out;
  const text = readFileSync(new URL(file, CONFORMANCE_DIR), 'utf8');
  for (const c of (JSON.parse(text) as { cases: Case[] }).cases)
    out.set(c.id.slice(c.id.indexOf('.') + 1), c);
  return out;
}

export function source(c: Case, name: string): CaseRow[] {
  const s = c.sources.find((x) => x.name === name);
  if (s === undefined) throw new Error(`case ${c.id} has no source ${name}`);
  return s.rows;
}

/** 'YYYY-MM-DD HH:MM:SS' read as UTC → epoch millis. */
export const ts = (text: string): number => Date.parse(`${text.replace(' ', 'T')}Z`);
