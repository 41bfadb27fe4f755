/**
 * Options of the `nexmark` connector: the keys of the reference Flink connector (NexmarkSourceOptions)
 * plus the few the reference hard-codes (`base-time`, `random.seed`, `num-active-people`,
 * `num-in-flight-auctions`). Defaults are the reference's NexmarkConfiguration defaults, except
 * `base-time`, which is fixed (not the wall clock) so that runs are reproducible.
 */

export type RateShape = 'SQUARE' | 'SINE';

export interface NexmarkConfig {
  /** Events per second of event time (`first-event.rate`); sets the inter-event delay. */
  readonly firstEventRate: number;
  /** Accepted for compatibility; the reference generator ignores it too (one rate only). */
  readonly nextEventRate: number;
  readonly rateShape: RateShape;
  readonly ratePeriodSeconds: number;
  /** Number of events to generate; 0 means unbounded (the reference's overflow-safe maximum). */
  readonly eventsNum: number;
  /** When false the source paces emission to event time against the wall clock. */
  readonly maxEmitSpeed: boolean;
  readonly personProportion: number;
  readonly auctionProportion: number;
  readonly bidProportion: number;
  readonly avgPersonByteSize: number;
  readonly avgAuctionByteSize: number;
  readonly avgBidByteSize: number;
  /** P(bid goes to a hot auction) = 1 - 1/hotAuctionRatio. */
  readonly hotAuctionRatio: number;
  /** P(auction is by a hot seller) = 1 - 1/hotSellersRatio. */
  readonly hotSellersRatio: number;
  /** P(bid is by a hot bidder) = 1 - 1/hotBiddersRatio. */
  readonly hotBiddersRatio: number;
  readonly numActivePeople: number;
  readonly numInFlightAuctions: number;
  /** Event time of event number 0, epoch millis. */
  readonly baseTime: number;
  /** Seed of the generator's `java.util.Random` stream (signed 64-bit). */
  readonly seed: bigint;
}

/** 2015-07-15T00:00:00Z, the fixed base time of Apache Beam's Nexmark (NexmarkUtils.BASE_TIME). */
export const DEFAULT_BASE_TIME = Date.UTC(2015, 6, 15);

export const DEFAULT_NEXMARK_CONFIG: NexmarkConfig = Object.freeze({
  firstEventRate: 10_000,
  nextEventRate: 10_000,
  rateShape: 'SQUARE',
  ratePeriodSeconds: 600,
  eventsNum: 0,
  maxEmitSpeed: true,
  personProportion: 1,
  auctionProportion: 3,
  bidProportion: 46,
  avgPersonByteSize: 200,
  avgAuctionByteSize: 500,
  avgBidByteSize: 100,
  hotAuctionRatio: 2,
  hotSellersRatio: 4,
  hotBiddersRatio: 4,
  numActivePeople: 1000,
  numInFlightAuctions: 100,
  baseTime: DEFAULT_BASE_TIME,
  seed: 0n,
});

type Parser = (value: string, key: string) => Partial<Record<keyof NexmarkConfig, unknown>>;

const INT_MAX = 0x7fffffff;

function parseInteger(value: string, key: string, min: number, max: number): number {
  const text = value.trim();
  if (!/^[+-]?\d+$/.test(text)) {
    throw new NexmarkOptionError(key, value, `an integer between ${min} and ${max}`);
  }
  const n = Number(text);
  if (n < min || n > max) throw new NexmarkOptionError(key, value, `an integer between ${min} and ${max}`);
  return n;
}

function parseBoolean(value: string, key: string): boolean {
  const text = value.trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new NexmarkOptionError(key, value, "'true' or 'false'");
}

const MEMORY_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  bytes: 1,
  k: 1024,
  kb: 1024,
  kibibytes: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mebibytes: 1024 ** 2,
};

/** Flink MemorySize text such as `200b`, `1kb`, `1 k` (binary units), or a plain byte count. */
function parseMemorySize(value: string, key: string): number {
  const match = /^\s*(\d+)\s*([a-zA-Z]*)\s*$/.exec(value);
  const unit = match ? MEMORY_UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined) {
    throw new NexmarkOptionError(key, value, "a memory size such as '200b' or '1kb'");
  }
  const bytes = Number(match[1]) * unit;
  if (bytes > INT_MAX) throw new NexmarkOptionError(key, value, 'a size below 2 GiB');
  return bytes;
}

const DURATION_UNITS: Record<string, number> = {
  '': 1_000,
  ms: 1,
  milli: 1,
  millis: 1,
  s: 1_000,
  sec: 1_000,
  second: 1_000,
  seconds: 1_000,
  min: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
};

/** Flink Duration text such as `600 s`, `10min`; a bare number is seconds. Returns seconds. */
function parseDurationSeconds(value: string, key: string): number {
  const match = /^\s*(\d+)\s*([a-zA-Z]*)\s*$/.exec(value);
  const unit = match ? DURATION_UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined) throw new NexmarkOptionError(key, value, "a duration such as '600 s'");
  return Math.floor((Number(match[1]) * unit) / 1000);
}

/** Epoch milliseconds, or an ISO-8601 instant such as `2015-07-15T00:00:00Z`. */
function parseBaseTime(value: string, key: string): number {
  const text = value.trim();
  if (/^-?\d+$/.test(text)) return Number(text);
  const millis = Date.parse(text);
  if (Number.isNaN(millis) || !/(Z|[+-]\d\d:?\d\d)$/i.test(text)) {
    throw new NexmarkOptionError(
      key,
      value,
      "epoch milliseconds or an ISO instant like '2015-07-15T00:00:00Z'",
    );
  }
  return millis;
}

function parseSeed(value: string, key: string): bigint {
  const text = value.trim();
  if (!/^[+-]?\d+$/.test(text)) throw new NexmarkOptionError(key, value, 'a 64-bit integer');
  const seed = BigInt(text);
  if (seed !== BigInt.asIntN(64, seed)) throw new NexmarkOptionError(key, value, 'a 64-bit integer');
  return seed;
}

const positiveInt = (field: keyof NexmarkConfig): Parser => {
  return (v, k) => ({ [field]: parseInteger(v, k, 1, INT_MAX) });
};
const proportion = (field: keyof NexmarkConfig): Parser => {
  return (v, k) => ({ [field]: parseInteger(v, k, 0, 1_000_000) });
};
const memory = (field: keyof NexmarkConfig): Parser => {
  return (v, k) => ({ [field]: parseMemorySize(v, k) });
};

const OPTION_PARSERS: Record<string, Parser> = {
  'first-event.rate': positiveInt('firstEventRate'),
  'next-event.rate': positiveInt('nextEventRate'),
  'rate.shape': (v, k) => {
    const shape = v.trim().toUpperCase();
    if (shape !== 'SQUARE' && shape !== 'SINE') throw new NexmarkOptionError(k, v, "'SQUARE' or 'SINE'");
    return { rateShape: shape };
  },
  'rate.period': (v, k) => ({ ratePeriodSeconds: parseDurationSeconds(v, k) }),
  'events.num': (v, k) => ({ eventsNum: parseInteger(v, k, 0, Number.MAX_SAFE_INTEGER) }),
  'max-emit-speed': (v, k) => ({ maxEmitSpeed: parseBoolean(v, k) }),
  'person.proportion': proportion('personProportion'),
  'auction.proportion': proportion('auctionProportion'),
  'bid.proportion': proportion('bidProportion'),
  'person.avg-size': memory('avgPersonByteSize'),
  'auction.avg-size': memory('avgAuctionByteSize'),
  'bid.avg-size': memory('avgBidByteSize'),
  'bid.hot-ratio.auctions': positiveInt('hotAuctionRatio'),
  'bid.hot-ratio.bidders': positiveInt('hotBiddersRatio'),
  'auction.hot-ratio.sellers': positiveInt('hotSellersRatio'),
  'num-active-people': positiveInt('numActivePeople'),
  'num-in-flight-auctions': positiveInt('numInFlightAuctions'),
  'base-time': (v, k) => ({ baseTime: parseBaseTime(v, k) }),
  'random.seed': (v, k) => ({ seed: parseSeed(v, k) }),
};

/** Every option key the connector accepts (besides `connector` itself). */
export const NEXMARK_OPTION_KEYS: readonly string[] = Object.freeze(Object.keys(OPTION_PARSERS));

export class NexmarkOptionError extends Error {
  constructor(
    readonly option: string,
    readonly value: string | undefined,
    expected: string,
  ) {
    super(
      value === undefined
        ? `Unsupported nexmark option '${option}'. ${expected}`
        : `Invalid value '${value}' for nexmark option '${option}': expected ${expected}.`,
    );
    this.name = 'NexmarkOptionError';
  }
}

/**
 * Builds a config from a table's WITH options (string to string). Unknown keys are rejected so that
 * a misspelt option fails loudly instead of silently running with a default.
 */
export function parseNexmarkOptions(options: Readonly<Record<string, string>>): NexmarkConfig {
  const config: Record<string, unknown> = { ...DEFAULT_NEXMARK_CONFIG };
  for (const [key, value] of Object.entries(options)) {
    if (key === 'connector') continue;
    const parser = OPTION_PARSERS[key];
    if (!parser) {
      throw new NexmarkOptionError(key, undefined, `Supported options: ${NEXMARK_OPTION_KEYS.join(', ')}.`);
    }
    Object.assign(config, parser(value, key));
  }
  return validateNexmarkConfig(config as unknown as NexmarkConfig);
}

/** Checks cross-field constraints; returns the config frozen. */
export function validateNexmarkConfig(config: NexmarkConfig): NexmarkConfig {
  const total = config.personProportion + config.auctionProportion + config.bidProportion;
  if (total < 1) {
    throw new NexmarkOptionError(
      'bid.proportion',
      String(config.bidProportion),
      'person.proportion + auction.proportion + bid.proportion to be at least 1',
    );
  }
  return Object.freeze({ ...config });
}
