/**
 * The Nexmark event generator (the reference's NexmarkGenerator with GeneratorConfig, PersonGenerator,
 * AuctionGenerator, BidGenerator and PriceGenerator folded in), producing events in batches.
 *
 * Event `k` of a generator (k = 0, 1, …) has event number `n = 1 + k` and event id
 * `firstEventId + n`; the id decides the kind (`id % total` against the proportions) and, through
 * the id arithmetic in model.ts, which people and auctions it refers to. Its event time is
 * `baseTime + trunc(trunc(n * interEventDelayUs) / 1000)`, independent of the wall clock. All random
 * choices come from one `java.util.Random` stream seeded with `random.seed`, drawn in the reference's
 * order, so the sequence is the reference's sequence for that seed.
 */
import { JavaRandom, nextLongBelow } from './java-random.ts';
import {
  AUCTION_ID_LEAD,
  CHANNELS_NUMBER,
  type ChannelTable,
  CREDIT_CARD_GROUPS,
  channelTableFor,
  FIRST_AUCTION_ID,
  FIRST_CATEGORY_ID,
  FIRST_NAMES,
  FIRST_PERSON_ID,
  HOT_AUCTION_BLOCK,
  HOT_BIDDER_BLOCK,
  HOT_CHANNELS,
  HOT_CHANNELS_RATIO,
  HOT_SELLER_BLOCK,
  LAST_NAMES,
  lastBase0AuctionId,
  lastBase0PersonId,
  NUM_CATEGORIES,
  PERSON_ID_LEAD,
  type Proportions,
  US_CITIES,
  US_STATES,
} from './model.ts';
import { type NexmarkConfig, validateNexmarkConfig } from './options.ts';
import { nextExtra, nextString, skipExtra, skipString } from './strings.ts';

/** `event_type` values of the nexmark table. */
export const PERSON = 0;
export const AUCTION = 1;
export const BID = 2;
export type NexmarkEventKind = typeof PERSON | typeof AUCTION | typeof BID;

/** id, name, emailAddress, creditCard, city, state, dateTime, extra */
export type PersonRow = [bigint, string, string, string, string, string, number, string];
/** id, itemName, description, initialBid, reserve, dateTime, expires, seller, category, extra */
export type AuctionRow = [bigint, string, string, bigint, bigint, number, number, bigint, bigint, string];
/** auction, bidder, price, channel, url, dateTime, extra */
export type BidRow = [bigint, bigint, bigint, string, string, number, string];
export type NexmarkEventRow = PersonRow | AuctionRow | BidRow;

/**
 * Arrays the generator fills: entries `0 … length-1` are the last batch. `rows[i]` is the event's
 * own row (the `person`, `auction` or `bid` sub-row by `kinds[i]`); the arrays are reused by the next
 * call, the row arrays themselves are fresh and never touched again.
 */
export interface NexmarkBatch {
  length: number;
  readonly kinds: Uint8Array;
  readonly timestamps: Float64Array;
  readonly rows: NexmarkEventRow[];
}

export function createNexmarkBatch(capacity: number): NexmarkBatch {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(`createNexmarkBatch: capacity must be a positive integer, got ${capacity}`);
  }
  return {
    length: 0,
    kinds: new Uint8Array(capacity),
    timestamps: new Float64Array(capacity),
    rows: new Array<NexmarkEventRow>(capacity),
  };
}

export interface NexmarkGeneratorOptions {
  /** This generator's split (0-based) out of `parallelism`, as the reference's GeneratorConfig.split. */
  readonly subtask?: number;
  readonly parallelism?: number;
  /** Wall clock for `max-emit-speed = false` pacing; Date.now by default. */
  readonly clock?: () => number;
  /** The fields to build of each kind's row; all of them by default (see NexmarkFieldSelection). */
  readonly fields?: NexmarkFieldSelection;
}

/**
 * For each event kind, the indices of its row's fields a consumer reads (absent: all). The generator
 * still draws every random value in the reference's order, so the stream is the same, but it builds
 * only these fields: an unread string is skipped over (`skipString` / `skipExtra`), and unread fields
 * hold a placeholder of their type (`''`, `0n`), never read.
 */
export interface NexmarkFieldSelection {
  readonly person?: readonly number[];
  readonly auction?: readonly number[];
  readonly bid?: readonly number[];
}

function fieldMask(width: number, selected: readonly number[] | undefined): readonly boolean[] {
  return Array.from({ length: width }, (_, i) => selected === undefined || selected.includes(i));
}

/** Everything needed to resume a generator exactly where it stopped. */
export interface NexmarkGeneratorState {
  readonly eventsSoFar: number;
  readonly random: readonly [number, number];
  readonly wallclockBaseTime: number;
}

const CATEGORY_IDS: readonly bigint[] = Array.from({ length: NUM_CATEGORIES }, (_, i) =>
  BigInt(FIRST_CATEGORY_ID + i),
);
const LONG_MAX = 9_223_372_036_854_775_807n;

/** Uniform on a log scale between 1 and 10^6 dollars, in cents (the reference's PriceGenerator). */
function nextPrice(random: JavaRandom): number {
  return Math.round(10 ** (random.nextDouble() * 6.0) * 100.0);
}

export class NexmarkGenerator {
  readonly config: NexmarkConfig;
  /** First event id of this split; event ids are `firstEventId + 1 + k`. */
  readonly firstEventId: number;
  /** Events this generator yields in total (the reference's maxEvents). */
  readonly maxEvents: number;
  readonly interEventDelayUs: number;
  private readonly firstEventNumber = 1;
  private readonly proportions: Proportions;
  private readonly random: JavaRandom;
  private readonly channels: ChannelTable;
  private readonly clock: () => number;
  private readonly numEventsForAuctions: number;
  private eventsSoFar = 0;
  private wallclockBaseTime = -1;
  // The hot auction and hot bidder change once per 100 auctions / people: reuse their BigInts.
  private hotAuctionId = -1;
  private hotAuctionBig = 0n;
  private hotBidderId = -1;
  private hotBidderBig = 0n;
  private readonly personFields: readonly boolean[];
  private readonly auctionFields: readonly boolean[];
  private readonly bidFields: readonly boolean[];

  constructor(config: NexmarkConfig, options: NexmarkGeneratorOptions = {}) {
    this.config = validateNexmarkConfig(config);
    const parallelism = options.parallelism ?? 1;
    const subtask = options.subtask ?? 0;
    if (!Number.isInteger(parallelism) || parallelism < 1) {
      throw new RangeError(`NexmarkGenerator: parallelism must be a positive integer, got ${parallelism}`);
    }
    if (!Number.isInteger(subtask) || subtask < 0 || subtask >= parallelism) {
      throw new RangeError(`NexmarkGenerator: subtask must be in [0, ${parallelism}), got ${subtask}`);
    }
    const c = this.config;
    const total = c.personProportion + c.auctionProportion + c.bidProportion;
    this.proportions = { person: c.personProportion, auction: c.auctionProportion, total };
    this.interEventDelayUs = (1_000_000.0 / c.firstEventRate) * parallelism;
    // GeneratorConfig: unbounded means the largest count whose byte estimate cannot overflow a long.
    const largestAvg = Math.max(c.avgPersonByteSize, c.avgAuctionByteSize, c.avgBidByteSize);
    const allEvents =
      c.eventsNum > 0 ? c.eventsNum : Number(LONG_MAX / BigInt(total * Math.max(largestAvg, 1)));
    const perSplit = Math.floor(allEvents / parallelism);
    this.maxEvents = subtask === parallelism - 1 ? allEvents - perSplit * (parallelism - 1) : perSplit;
    this.firstEventId = 1 + perSplit * subtask;
    this.numEventsForAuctions =
      c.auctionProportion > 0 ? Math.trunc((c.numInFlightAuctions * total) / c.auctionProportion) : 0;
    // Split i draws from its own stream; the golden-ratio multiple keeps split seeds far apart.
    const seed = subtask === 0 ? c.seed : BigInt.asIntN(64, c.seed ^ (BigInt(subtask) * 0x9e3779b97f4a7c15n));
    this.random = new JavaRandom(seed);
    this.channels = channelTableFor(c.seed);
    this.clock = options.clock ?? Date.now;
    this.personFields = fieldMask(8, options.fields?.person);
    this.auctionFields = fieldMask(10, options.fields?.auction);
    this.bidFields = fieldMask(7, options.fields?.bid);
  }

  /** Events generated so far by this generator. */
  get eventCount(): number {
    return this.eventsSoFar;
  }

  hasNext(): boolean {
    return this.eventsSoFar < this.maxEvents;
  }

  /** Event time (epoch millis) of event number `eventNumber` (GeneratorConfig.timestampForEvent). */
  timestampForEvent(eventNumber: number): number {
    return this.config.baseTime + Math.trunc(Math.trunc(eventNumber * this.interEventDelayUs) / 1000);
  }

  /** Event time of the next event to be generated. */
  nextEventTimestamp(): number {
    return this.timestampForEvent(this.firstEventNumber + this.eventsSoFar);
  }

  /**
   * Wall-clock time (epoch millis) at which the next event is due under `max-emit-speed = false`:
   * the first batch fixes the wall-clock origin; before that, the next event is due now.
   */
  nextEventDueAt(): number {
    if (this.wallclockBaseTime < 0) return this.clock();
    return this.wallclockBaseTime + (this.nextEventTimestamp() - this.config.baseTime);
  }

  snapshot(): NexmarkGeneratorState {
    return {
      eventsSoFar: this.eventsSoFar,
      random: this.random.getState(),
      wallclockBaseTime: this.wallclockBaseTime,
    };
  }

  restore(state: NexmarkGeneratorState): void {
    this.random.setState(state.random);
    this.eventsSoFar = state.eventsSoFar;
    this.wallclockBaseTime = state.wallclockBaseTime;
  }

  /**
   * Generates up to `maxEvents` events (fewer at the end of the stream, at the batch's capacity, or —
   * when `max-emit-speed` is false — when the next event is not yet due) into `into`, or into a new
   * batch. Returns the batch; its `length` is the number of events generated.
   */
  nextBatch(maxEvents: number, into?: NexmarkBatch): NexmarkBatch {
    const batch = into ?? createNexmarkBatch(Math.max(1, Math.min(maxEvents, 65_536)));
    let limit = Math.min(maxEvents, batch.kinds.length, this.maxEvents - this.eventsSoFar);
    if (!this.config.maxEmitSpeed && limit > 0) limit = Math.min(limit, this.dueEventCount(limit));
    const { kinds, timestamps, rows } = batch;
    const p = this.proportions;
    const personEnd = p.person;
    const auctionEnd = p.person + p.auction;
    let count = this.eventsSoFar;
    for (let i = 0; i < limit; i++, count++) {
      const eventNumber = this.firstEventNumber + count;
      const eventId = this.firstEventId + eventNumber;
      const timestamp = this.timestampForEvent(eventNumber);
      const rem = eventId % p.total;
      timestamps[i] = timestamp;
      if (rem < personEnd) {
        kinds[i] = PERSON;
        rows[i] = this.nextPerson(eventId, timestamp);
      } else if (rem < auctionEnd) {
        kinds[i] = AUCTION;
        rows[i] = this.nextAuction(count, eventId, timestamp);
      } else {
        kinds[i] = BID;
        rows[i] = this.nextBid(eventId, timestamp);
      }
    }
    this.eventsSoFar = count;
    batch.length = Math.max(limit, 0);
    return batch;
  }

  /** How many of the next `limit` events are due by the wall clock (at least one on the first call). */
  private dueEventCount(limit: number): number {
    const now = this.clock();
    if (this.wallclockBaseTime < 0) this.wallclockBaseTime = now;
    const base = this.config.baseTime;
    let due = 0;
    while (due < limit) {
      const eventTime = this.timestampForEvent(this.firstEventNumber + this.eventsSoFar + due);
      if (this.wallclockBaseTime + (eventTime - base) > now) break;
      due++;
    }
    return due;
  }

  /** A random person among the active ones, possibly a few ids ahead (PersonGenerator.nextBase0PersonId). */
  private nextBase0PersonId(eventId: number): number {
    const numPeople = lastBase0PersonId(this.proportions, eventId) + 1;
    const activePeople = Math.min(numPeople, this.config.numActivePeople);
    const n = nextLongBelow(this.random, activePeople + PERSON_ID_LEAD);
    return numPeople - activePeople + n;
  }

  /** A random auction likely still in flight, possibly a few ids ahead (nextBase0AuctionId). */
  private nextBase0AuctionId(eventId: number): number {
    const maxAuction = lastBase0AuctionId(this.proportions, eventId);
    const minAuction = Math.max(maxAuction - this.config.numInFlightAuctions, 0);
    return minAuction + nextLongBelow(this.random, maxAuction - minAuction + 1 + AUCTION_ID_LEAD);
  }

  private nextPerson(eventId: number, timestamp: number): PersonRow {
    const r = this.random;
    const f = this.personFields;
    const id = lastBase0PersonId(this.proportions, eventId) + FIRST_PERSON_ID;
    const first = FIRST_NAMES[r.nextIntBounded(FIRST_NAMES.length)]!;
    const last = LAST_NAMES[r.nextIntBounded(LAST_NAMES.length)]!;
    const name = f[1] ? `${first} ${last}` : '';
    let email = '';
    let emailLength: number;
    if (f[2]) {
      email = nextString(r, 7) + '@' + nextString(r, 5) + '.com';
      emailLength = email.length;
    } else {
      emailLength = skipString(r, 7) + skipString(r, 5) + 5;
    }
    const groups = CREDIT_CARD_GROUPS.length;
    const g1 = CREDIT_CARD_GROUPS[r.nextIntBounded(groups)]!;
    const g2 = CREDIT_CARD_GROUPS[r.nextIntBounded(groups)]!;
    const g3 = CREDIT_CARD_GROUPS[r.nextIntBounded(groups)]!;
    const g4 = CREDIT_CARD_GROUPS[r.nextIntBounded(groups)]!;
    const creditCard = f[3] ? `${g1} ${g2} ${g3} ${g4}` : '';
    const city = US_CITIES[r.nextIntBounded(US_CITIES.length)]!;
    const state = US_STATES[r.nextIntBounded(US_STATES.length)]!;
    // name, credit card ("dddd dddd dddd dddd"), email as the reference measures them.
    const size = 8 + first.length + 1 + last.length + emailLength + 19 + city.length + state.length;
    let extra = '';
    if (f[7]) extra = nextExtra(r, size, this.config.avgPersonByteSize);
    else skipExtra(r, size, this.config.avgPersonByteSize);
    return [
      f[0] ? BigInt(id) : 0n,
      name,
      email,
      creditCard,
      f[4] ? city : '',
      f[5] ? state : '',
      timestamp,
      extra,
    ];
  }

  private nextAuction(eventsSoFar: number, eventId: number, timestamp: number): AuctionRow {
    const r = this.random;
    const c = this.config;
    const f = this.auctionFields;
    const id = lastBase0AuctionId(this.proportions, eventId) + FIRST_AUCTION_ID;
    let seller: number;
    if (r.nextIntBounded(c.hotSellersRatio) > 0) {
      seller = Math.trunc(lastBase0PersonId(this.proportions, eventId) / HOT_SELLER_BLOCK) * HOT_SELLER_BLOCK;
    } else {
      seller = this.nextBase0PersonId(eventId);
    }
    seller += FIRST_PERSON_ID;
    const category = CATEGORY_IDS[r.nextIntBounded(NUM_CATEGORIES)]!;
    const initialBid = nextPrice(r);
    // nextAuctionLengthMs: on average as long as it takes to generate numInFlightAuctions auctions.
    const currentEventNumber = this.firstEventNumber + eventsSoFar;
    const horizonMs = this.timestampForEvent(currentEventNumber + this.numEventsForAuctions) - timestamp;
    const expires = timestamp + 1 + nextLongBelow(r, Math.max(horizonMs * 2, 1));
    const itemName = f[1] ? nextString(r, 20) : '';
    const itemNameLength = f[1] ? itemName.length : skipString(r, 20);
    const description = f[2] ? nextString(r, 100) : '';
    const descriptionLength = f[2] ? description.length : skipString(r, 100);
    const reserve = initialBid + nextPrice(r);
    const size = 8 + itemNameLength + descriptionLength + 8 + 8 + 8 + 8 + 8;
    let extra = '';
    if (f[9]) extra = nextExtra(r, size, c.avgAuctionByteSize);
    else skipExtra(r, size, c.avgAuctionByteSize);
    return [
      f[0] ? BigInt(id) : 0n,
      itemName,
      description,
      f[3] ? BigInt(initialBid) : 0n,
      f[4] ? BigInt(reserve) : 0n,
      timestamp,
      expires,
      f[7] ? BigInt(seller) : 0n,
      category,
      extra,
    ];
  }

  private nextBid(eventId: number, timestamp: number): BidRow {
    const r = this.random;
    const c = this.config;
    let auctionBig: bigint;
    if (r.nextIntBounded(c.hotAuctionRatio) > 0) {
      const hot =
        Math.trunc(lastBase0AuctionId(this.proportions, eventId) / HOT_AUCTION_BLOCK) * HOT_AUCTION_BLOCK +
        FIRST_AUCTION_ID;
      if (hot !== this.hotAuctionId) {
        this.hotAuctionId = hot;
        this.hotAuctionBig = BigInt(hot);
      }
      auctionBig = this.hotAuctionBig;
    } else {
      auctionBig = BigInt(this.nextBase0AuctionId(eventId) + FIRST_AUCTION_ID);
    }
    let bidderBig: bigint;
    if (r.nextIntBounded(c.hotBiddersRatio) > 0) {
      // The second person of the block, so hot bidders and hot sellers differ.
      const hot =
        Math.trunc(lastBase0PersonId(this.proportions, eventId) / HOT_BIDDER_BLOCK) * HOT_BIDDER_BLOCK +
        1 +
        FIRST_PERSON_ID;
      if (hot !== this.hotBidderId) {
        this.hotBidderId = hot;
        this.hotBidderBig = BigInt(hot);
      }
      bidderBig = this.hotBidderBig;
    } else {
      bidderBig = BigInt(this.nextBase0PersonId(eventId) + FIRST_PERSON_ID);
    }
    const f = this.bidFields;
    const price = nextPrice(r);
    let channel = '';
    let url = '';
    if (r.nextIntBounded(HOT_CHANNELS_RATIO) > 0) {
      const i = r.nextIntBounded(HOT_CHANNELS.length);
      channel = HOT_CHANNELS[i]!;
      url = this.channels.hotUrls[i]!;
    } else {
      const n = r.nextIntBounded(CHANNELS_NUMBER);
      if (f[3]) channel = this.channels.channel(n);
      if (f[4]) url = this.channels.url(n);
    }
    let extra = '';
    if (f[6]) extra = nextExtra(r, 8 + 8 + 8 + 8, c.avgBidByteSize);
    else skipExtra(r, 8 + 8 + 8 + 8, c.avgBidByteSize);
    return [auctionBig, bidderBig, f[2] ? BigInt(price) : 0n, channel, url, timestamp, extra];
  }
}
