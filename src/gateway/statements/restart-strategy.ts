/**
 * Flink's restart strategies, configured with Flink's option names in a statement's properties:
 * `restart-strategy.type` = none | fixed-delay | exponential-delay (default none).
 */
import { parseFlinkDuration } from '../../state/checkpoint/settings.ts';

export type RestartStrategy =
  | { readonly type: 'none' }
  | { readonly type: 'fixed-delay'; readonly attempts: number; readonly delayMs: number }
  | {
      readonly type: 'exponential-delay';
      readonly initialBackoffMs: number;
      readonly maxBackoffMs: number;
      readonly multiplier: number;
      readonly jitter: number;
      readonly resetThresholdMs: number;
      readonly attempts: number;
    };

const P = 'restart-strategy.';

function num(props: Readonly<Record<string, string>>, key: string, fallback: number): number {
  const text = props[key];
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new Error(`'${key}' must be a non-negative number, got '${text}'`);
  return n;
}

function dur(props: Readonly<Record<string, string>>, key: string, fallback: number): number {
  const text = props[key];
  return text === undefined ? fallback : parseFlinkDuration(text, key);
}

export function parseRestartStrategy(props: Readonly<Record<string, string>>): RestartStrategy {
  const type = (props[`${P}type`] ?? 'none').trim().toLowerCase();
  switch (type) {
    case 'none':
    case 'off':
    case 'disable':
      return { type: 'none' };
    case 'fixed-delay':
    case 'fixeddelay':
      return {
        type: 'fixed-delay',
        attempts: num(props, `${P}fixed-delay.attempts`, 1),
        delayMs: dur(props, `${P}fixed-delay.delay`, 1000),
      };
    case 'exponential-delay':
    case 'exponentialdelay':
      return {
        type: 'exponential-delay',
        initialBackoffMs: dur(props, `${P}exponential-delay.initial-backoff`, 1000),
        maxBackoffMs: dur(props, `${P}exponential-delay.max-backoff`, 60_000),
        multiplier: num(props, `${P}exponential-delay.backoff-multiplier`, 1.5),
        jitter: num(props, `${P}exponential-delay.jitter-factor`, 0.1),
        resetThresholdMs: dur(props, `${P}exponential-delay.reset-backoff-threshold`, 3_600_000),
        attempts: num(props, `${P}exponential-delay.attempts-before-reset-backoff`, Number.MAX_SAFE_INTEGER),
      };
    default:
      throw new Error(`'${P}type' must be none, fixed-delay or exponential-delay, got '${type}'`);
  }
}

/**
 * The delay before restart number `attempt` (1-based), or undefined when the strategy gives up.
 * `runMs` is how long the failed run lasted: exponential-delay resets its backoff after a long run.
 */
export function restartDelay(
  strategy: RestartStrategy,
  attempt: number,
  runMs: number,
  random: () => number = Math.random,
): number | undefined {
  switch (strategy.type) {
    case 'none':
      return undefined;
    case 'fixed-delay':
      return attempt <= strategy.attempts ? strategy.delayMs : undefined;
    case 'exponential-delay': {
      if (attempt > strategy.attempts) return undefined;
      const n = runMs >= strategy.resetThresholdMs ? 0 : attempt - 1;
      const base = Math.min(strategy.maxBackoffMs, strategy.initialBackoffMs * strategy.multiplier ** n);
      const jitter = base * strategy.jitter * (random() * 2 - 1);
      return Math.max(0, Math.round(Math.min(strategy.maxBackoffMs, base + jitter)));
    }
  }
}
