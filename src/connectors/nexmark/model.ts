/**
 * The reference's fixed vocabularies and the id arithmetic that ties bids and auctions to people and
 * auctions generated earlier (PersonGenerator / AuctionGenerator / BidGenerator static helpers), plus
 * the bid channel/URL table.
 */
import { JavaRandom } from './java-random.ts';
import { nextString } from './strings.ts';

export const FIRST_PERSON_ID = 1000;
export const FIRST_AUCTION_ID = 1000;
export const FIRST_CATEGORY_ID = 10;
export const NUM_CATEGORIES = 5;
/** Person/auction ids a random choice may run ahead of the last generated one. */
export const PERSON_ID_LEAD = 10;
export const AUCTION_ID_LEAD = 10;
/** Hot sellers/bidders/auctions are the first (bidders: second) of each block of 100 ids. */
export const HOT_SELLER_BLOCK = 100;
export const HOT_BIDDER_BLOCK = 100;
export const HOT_AUCTION_BLOCK = 100;
export const HOT_CHANNELS_RATIO = 2;
export const CHANNELS_NUMBER = 10_000;

export const US_STATES: readonly string[] = ['AZ', 'CA', 'ID', 'OR', 'WA', 'WY'];
export const US_CITIES: readonly string[] = [
  'Phoenix',
  'Los Angeles',
  'San Francisco',
  'Boise',
  'Portland',
  'Bend',
  'Redmond',
  'Seattle',
  'Kent',
  'Cheyenne',
];
export const FIRST_NAMES: readonly string[] = [
  'Peter',
  'Paul',
  'Luke',
  'John',
  'Saul',
  'Vicky',
  'Kate',
  'Julie',
  'Sarah',
  'Deiter',
  'Walter',
];
export const LAST_NAMES: readonly string[] = [
  'Shultz',
  'Abrams',
  'Spencer',
  'White',
  'Bartels',
  'Walton',
  'Smith',
  'Jones',
  'Noris',
];
export const HOT_CHANNELS: readonly string[] = ['Google', 'Facebook', 'Baidu', 'Apple'];

/** "0000" … "9999", one credit-card group each. */
export const CREDIT_CARD_GROUPS: readonly string[] = Array.from({ length: 10_000 }, (_, i) =>
  String(i).padStart(4, '0'),
);

/** Event-id arithmetic for one proportion setting (person : auction : bid). */
export interface Proportions {
  readonly person: number;
  readonly auction: number;
  readonly total: number;
}

/** Last person id (base 0) generated at or before `eventId`; the new id when a person is due. */
export function lastBase0PersonId(p: Proportions, eventId: number): number {
  const epoch = Math.trunc(eventId / p.total);
  let offset = eventId % p.total;
  if (offset >= p.person) offset = p.person - 1;
  return epoch * p.person + offset;
}

/** Last auction id (base 0) generated at or before `eventId`; the new id when an auction is due. */
export function lastBase0AuctionId(p: Proportions, eventId: number): number {
  let epoch = Math.trunc(eventId / p.total);
  let offset = eventId % p.total;
  if (offset < p.person) {
    epoch--;
    offset = p.auction - 1;
  } else if (offset >= p.person + p.auction) {
    offset = p.auction - 1;
  } else {
    offset -= p.person;
  }
  return epoch * p.auction + offset;
}

/** Integer.reverse: the 32 bits in reverse order, as a signed int. */
function reverseBits32(value: number): number {
  let v = value | 0;
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  return (v >>> 16) | (v << 16) | 0;
}

/** Java's Math.abs(int): Integer.MIN_VALUE stays negative. */
function javaAbsInt(value: number): number {
  return value === -2147483648 ? value : Math.abs(value);
}

const UNDERSCORE = 95;

function baseUrl(random: JavaRandom): string {
  return (
    'https://www.nexmark.com/' +
    nextString(random, 5, UNDERSCORE) +
    '/' +
    nextString(random, 5, UNDERSCORE) +
    '/' +
    nextString(random, 5, UNDERSCORE) +
    '/item.htm?query=1'
  );
}

/**
 * Channel names and URLs for one seed. The reference builds them from unseeded `new Random()`s outside
 * the event stream; here each URL comes from its own `JavaRandom` seeded by (seed, channel number), so
 * the table is deterministic and independent of the order channels are first used.
 */
export class ChannelTable {
  readonly hotUrls: readonly string[];
  private readonly channels: (string | undefined)[] = new Array(CHANNELS_NUMBER);
  private readonly urls: (string | undefined)[] = new Array(CHANNELS_NUMBER);

  constructor(private readonly seed: bigint) {
    this.hotUrls = HOT_CHANNELS.map((_, i) => baseUrl(new JavaRandom(this.channelSeed(-1 - i))));
  }

  channel(n: number): string {
    const cached = this.channels[n];
    if (cached !== undefined) return cached;
    this.fill(n);
    return this.channels[n]!;
  }

  url(n: number): string {
    if (this.urls[n] === undefined) this.fill(n);
    return this.urls[n]!;
  }

  private fill(n: number): void {
    const random = new JavaRandom(this.channelSeed(n));
    let url = baseUrl(random);
    if (random.nextIntBounded(10) > 0) url += '&channel_id=' + javaAbsInt(reverseBits32(n));
    this.channels[n] = 'channel-' + n;
    this.urls[n] = url;
  }

  private channelSeed(n: number): bigint {
    return BigInt.asIntN(64, this.seed ^ (BigInt(n + 2) * 0x9e3779b97f4a7c15n));
  }
}

const channelTables = new Map<bigint, ChannelTable>();

/** One shared table per seed, like the reference's static CHANNEL_URL_CACHE. */
export function channelTableFor(seed: bigint): ChannelTable {
  let table = channelTables.get(seed);
  if (!table) {
    table = new ChannelTable(seed);
    channelTables.set(seed, table);
  }
  return table;
}
