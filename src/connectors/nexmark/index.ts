export {
  createNexmarkSource,
  nexmarkConnectorFactory,
  nexmarkFieldSelection,
  nexmarkProjection,
} from './connector.ts';
export {
  AUCTION,
  type AuctionRow,
  BID,
  type BidRow,
  createNexmarkBatch,
  type NexmarkBatch,
  type NexmarkEventKind,
  type NexmarkEventRow,
  type NexmarkFieldSelection,
  NexmarkGenerator,
  type NexmarkGeneratorOptions,
  type NexmarkGeneratorState,
  PERSON,
  type PersonRow,
} from './generator.ts';
export { JavaRandom } from './java-random.ts';
export {
  DEFAULT_BASE_TIME,
  DEFAULT_NEXMARK_CONFIG,
  NEXMARK_OPTION_KEYS,
  type NexmarkConfig,
  NexmarkOptionError,
  parseNexmarkOptions,
  type RateShape,
  validateNexmarkConfig,
} from './options.ts';
export {
  AUCTION_FIELDS,
  BID_FIELDS,
  NEXMARK_TABLE_SCHEMA,
  NEXMARK_VIEWS,
  type NexmarkField,
  type NexmarkRowColumn,
  type NexmarkTableRow,
  type NexmarkTableSchema,
  nexmarkTableRow,
  nexmarkTableRows,
  nexmarkViewRows,
  PERSON_FIELDS,
} from './schema.ts';
export { NEXMARK_SOURCE_BATCH, NexmarkSource } from './source.ts';
