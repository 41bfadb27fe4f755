/**
 * Reading the planner's `table.*` options: one boolean reader for its flags (a typo must fail the
 * statement, not silently mean `false`), and Flink's mini-batch options.
 */
import { parseDuration } from './durations.ts';

export const MINI_BATCH_ENABLED_KEY = 'table.exec.mini-batch.enabled';
export const MINI_BATCH_ALLOW_LATENCY_KEY = 'table.exec.mini-batch.allow-latency';
export const MINI_BATCH_SIZE_KEY = 'table.exec.mini-batch.size';

/** `true` / `false` in any case (Flink's boolean options); absent = `defaultValue`. */
export function booleanOption(
  config: ReadonlyMap<string, string>,
  key: string,
  defaultValue: boolean,
): boolean {
  const text = config.get(key);
  if (text === undefined) return defaultValue;
  const v = text.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new Error(`Option '${key}' must be 'true' or 'false', got '${text}'`);
}

/** Flink's mini-batch settings for unbounded aggregates, when `table.exec.mini-batch.enabled`. */
export interface MiniBatchSettings {
  /** `allow-latency` in ms: a bundle is flushed at the latest this long after its first row. */
  readonly intervalMs: number;
  /** `size`: a bundle is flushed when it holds this many rows. */
  readonly size: number;
}

/**
 * The mini-batch settings, or undefined when mini-batch is off. As in Flink, enabling it requires a
 * positive `allow-latency` (default 0 ms) and a positive `size` (default -1); the other two options
 * are not checked while it is off.
 */
export function miniBatchSettings(config: ReadonlyMap<string, string>): MiniBatchSettings | undefined {
  if (!booleanOption(config, MINI_BATCH_ENABLED_KEY, false)) return undefined;
  const latencyText = config.get(MINI_BATCH_ALLOW_LATENCY_KEY);
  const intervalMs = latencyText === undefined ? 0 : parseDuration(latencyText);
  if (intervalMs <= 0) {
    throw new Error(
      `MiniBatch latency must be greater than 0 ms: with '${MINI_BATCH_ENABLED_KEY}' = 'true', set '${MINI_BATCH_ALLOW_LATENCY_KEY}' to a positive duration such as '2 s' (got ${latencyText === undefined ? 'the default 0 ms' : `'${latencyText}'`})`,
    );
  }
  const sizeText = config.get(MINI_BATCH_SIZE_KEY);
  const size = sizeText === undefined ? -1 : Number(sizeText.trim());
  if (!Number.isSafeInteger(size) || size <= 0) {
    throw new Error(
      `Option '${MINI_BATCH_SIZE_KEY}' must be > 0 in mini-batch mode: set it to the number of rows per bundle such as '5000' (got ${sizeText === undefined ? 'the default -1' : `'${sizeText}'`})`,
    );
  }
  return { intervalMs, size };
}
