/**
 * Periodic checkpointing options, with Flink's keys and defaults:
 *
 *   execution.checkpointing.interval                      off when unset (as in Flink)
 *   execution.checkpointing.timeout                       10 min
 *   execution.checkpointing.min-pause                     0
 *   execution.checkpointing.max-concurrent-checkpoints    1 (the only value a one-thread job can use)
 *   execution.checkpointing.mode                          EXACTLY_ONCE | AT_LEAST_ONCE
 *   execution.checkpointing.tolerable-failed-checkpoints  0: a failed checkpoint fails the job
 *
 * Storage options (directory, retention, incremental) are in config.ts.
 */

import type { StateConfig } from '../backend-factory.ts';

export type CheckpointingMode = 'EXACTLY_ONCE' | 'AT_LEAST_ONCE';

export interface CheckpointSettings {
  /** Milliseconds between checkpoint triggers; undefined = periodic checkpoints are off. */
  readonly intervalMs: number | undefined;
  readonly timeoutMs: number;
  readonly minPauseMs: number;
  /** Accepted as configured; checkpoints of one job never overlap (see docs/state.md). */
  readonly maxConcurrent: number;
  readonly mode: CheckpointingMode;
  /** Consecutive failed checkpoints tolerated before the job fails. */
  readonly tolerableFailures: number;
}

const DURATION_UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  milli: 1,
  millis: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
};

/** A Flink duration (`500 ms`, `10 s`, `1 min`, `2 h`, or a bare number of milliseconds) in ms. */
export function parseFlinkDuration(text: string, key: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const factor = m === null ? undefined : m[2] === '' ? 1 : DURATION_UNITS[m[2]!.toLowerCase()];
  if (m === null || factor === undefined) {
    throw new Error(
      `Invalid value '${text}' for '${key}'; expected a duration such as '500 ms', '10 s' or '1 min'`,
    );
  }
  return Math.round(Number(m[1]) * factor);
}

function nonNegativeInt(text: string | undefined, key: string, fallback: number, min = 0): number {
  if (text === undefined) return fallback;
  const n = Number(text.trim());
  if (!Number.isInteger(n) || n < min) {
    throw new Error(`Invalid value '${text}' for '${key}'; expected an integer of at least ${min}`);
  }
  return n;
}

export function checkpointSettings(config: StateConfig): CheckpointSettings {
  const P = 'execution.checkpointing.';
  const interval = config[`${P}interval`];
  const intervalMs = interval === undefined ? undefined : parseFlinkDuration(interval, `${P}interval`);
  if (intervalMs !== undefined && intervalMs <= 0) {
    throw new Error(
      `Invalid value '${interval}' for '${P}interval'; expected a positive duration (unset turns checkpointing off)`,
    );
  }
  const timeout = config[`${P}timeout`];
  const timeoutMs = timeout === undefined ? 600_000 : parseFlinkDuration(timeout, `${P}timeout`);
  if (timeoutMs <= 0)
    throw new Error(`Invalid value '${timeout}' for '${P}timeout'; expected a positive duration`);
  const minPause = config[`${P}min-pause`];
  const modeText = (config[`${P}mode`] ?? 'EXACTLY_ONCE').trim().toUpperCase().replace(/-/g, '_');
  if (modeText !== 'EXACTLY_ONCE' && modeText !== 'AT_LEAST_ONCE') {
    throw new Error(
      `Invalid value '${config[`${P}mode`]}' for '${P}mode'; expected EXACTLY_ONCE or AT_LEAST_ONCE`,
    );
  }
  return {
    intervalMs,
    timeoutMs,
    minPauseMs: minPause === undefined ? 0 : parseFlinkDuration(minPause, `${P}min-pause`),
    maxConcurrent: nonNegativeInt(
      config[`${P}max-concurrent-checkpoints`],
      `${P}max-concurrent-checkpoints`,
      1,
      1,
    ),
    mode: modeText,
    tolerableFailures: nonNegativeInt(
      config[`${P}tolerable-failed-checkpoints`],
      `${P}tolerable-failed-checkpoints`,
      0,
    ),
  };
}
