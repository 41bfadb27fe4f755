/**
 * The schema of the reference's `nexmark` table and of its `person`, `auction` and `bid` views, as
 * plain data (column names and Flink type strings), and the row layouts the generator produces.
 *
 * A nexmark-table row is `[event_type, person, auction, bid]` with the two absent sub-rows null; the
 * computed `dateTime` column and the watermark are left to the planner (they are given here as SQL
 * text). A view row is exactly the event's sub-row: each view selects the sub-row's fields in order,
 * with the top-level `dateTime` standing in for the sub-row's own (they are equal by construction).
 */
import type { AuctionRow, BidRow, NexmarkBatch, NexmarkEventRow, PersonRow } from './generator.ts';
import { AUCTION, BID, type NexmarkEventKind, PERSON } from './generator.ts';

export interface NexmarkField {
  readonly name: string;
  readonly type: string;
}

export interface NexmarkRowColumn extends NexmarkField {
  /** The ROW's fields, in order (absent for scalar columns). */
  readonly fields?: readonly NexmarkField[];
}

export interface NexmarkTableSchema {
  readonly columns: readonly NexmarkRowColumn[];
  readonly computedColumns: readonly {
    readonly name: string;
    readonly type: string;
    readonly expression: string;
  }[];
  readonly watermark: { readonly column: string; readonly expression: string; readonly delayMillis: number };
}

export const PERSON_FIELDS: readonly NexmarkField[] = Object.freeze([
  { name: 'id', type: 'BIGINT' },
  { name: 'name', type: 'VARCHAR' },
  { name: 'emailAddress', type: 'VARCHAR' },
  { name: 'creditCard', type: 'VARCHAR' },
  { name: 'city', type: 'VARCHAR' },
  { name: 'state', type: 'VARCHAR' },
  { name: 'dateTime', type: 'TIMESTAMP(3)' },
  { name: 'extra', type: 'VARCHAR' },
]);

export const AUCTION_FIELDS: readonly NexmarkField[] = Object.freeze([
  { name: 'id', type: 'BIGINT' },
  { name: 'itemName', type: 'VARCHAR' },
  { name: 'description', type: 'VARCHAR' },
  { name: 'initialBid', type: 'BIGINT' },
  { name: 'reserve', type: 'BIGINT' },
  { name: 'dateTime', type: 'TIMESTAMP(3)' },
  { name: 'expires', type: 'TIMESTAMP(3)' },
  { name: 'seller', type: 'BIGINT' },
  { name: 'category', type: 'BIGINT' },
  { name: 'extra', type: 'VARCHAR' },
]);

export const BID_FIELDS: readonly NexmarkField[] = Object.freeze([
  { name: 'auction', type: 'BIGINT' },
  { name: 'bidder', type: 'BIGINT' },
  { name: 'price', type: 'BIGINT' },
  { name: 'channel', type: 'VARCHAR' },
  { name: 'url', type: 'VARCHAR' },
  { name: 'dateTime', type: 'TIMESTAMP(3)' },
  { name: 'extra', type: 'VARCHAR' },
]);

const rowType = (fields: readonly NexmarkField[]): string =>
  `ROW<${fields.map((f) => `${f.name} ${f.type}`).join(', ')}>`;

export const NEXMARK_TABLE_SCHEMA: NexmarkTableSchema = Object.freeze({
  columns: Object.freeze([
    { name: 'event_type', type: 'INT' },
    { name: 'person', type: rowType(PERSON_FIELDS), fields: PERSON_FIELDS },
    { name: 'auction', type: rowType(AUCTION_FIELDS), fields: AUCTION_FIELDS },
    { name: 'bid', type: rowType(BID_FIELDS), fields: BID_FIELDS },
  ]),
  computedColumns: Object.freeze([
    {
      name: 'dateTime',
      type: 'TIMESTAMP(3)',
      expression:
        'CASE WHEN event_type = 0 THEN person.dateTime WHEN event_type = 1 THEN auction.dateTime ELSE bid.dateTime END',
    },
  ]),
  watermark: Object.freeze({
    column: 'dateTime',
    expression: "dateTime - INTERVAL '4' SECOND",
    delayMillis: 4000,
  }),
});

/** The `person` / `auction` / `bid` views: their columns and the event_type they select. */
export const NEXMARK_VIEWS: Readonly<
  Record<
    'person' | 'auction' | 'bid',
    { readonly eventType: NexmarkEventKind; readonly columns: readonly NexmarkField[] }
  >
> = Object.freeze({
  person: { eventType: PERSON, columns: PERSON_FIELDS },
  auction: { eventType: AUCTION, columns: AUCTION_FIELDS },
  bid: { eventType: BID, columns: BID_FIELDS },
});

export type NexmarkTableRow =
  | [typeof PERSON, PersonRow, null, null]
  | [typeof AUCTION, null, AuctionRow, null]
  | [typeof BID, null, null, BidRow];

/** The nexmark-table row (`event_type`, `person`, `auction`, `bid`) of one generated event. */
export function nexmarkTableRow(kind: number, row: NexmarkEventRow): NexmarkTableRow {
  if (kind === PERSON) return [PERSON, row as PersonRow, null, null];
  if (kind === AUCTION) return [AUCTION, null, row as AuctionRow, null];
  if (kind === BID) return [BID, null, null, row as BidRow];
  throw new RangeError(`nexmarkTableRow: event kind must be 0 (person), 1 (auction) or 2 (bid), got ${kind}`);
}

/** Appends the batch's events as nexmark-table rows to `out` (a new array by default). */
export function nexmarkTableRows(batch: NexmarkBatch, out: NexmarkTableRow[] = []): NexmarkTableRow[] {
  for (let i = 0; i < batch.length; i++) out.push(nexmarkTableRow(batch.kinds[i]!, batch.rows[i]!));
  return out;
}

/**
 * Appends the rows of one view (`WHERE event_type = kind`) to `out`: the flat person, auction or bid
 * rows of the batch, in order.
 */
export function nexmarkViewRows<R extends NexmarkEventRow>(
  batch: NexmarkBatch,
  kind: NexmarkEventKind,
  out: R[] = [],
): R[] {
  for (let i = 0; i < batch.length; i++) {
    if (batch.kinds[i] === kind) out.push(batch.rows[i] as R);
  }
  return out;
}
