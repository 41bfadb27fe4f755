/** Tributary's package entry: the Node client of the gateway's WebSocket protocol (docs/client.md). */
export { Client, connect, type TableName } from './client/client.ts';
export { MaterializedTable } from './client/materialize.ts';
export { type Phase, type Row, Statement } from './client/statement.ts';
export {
  type Change,
  type ChangeOp,
  ClientError,
  type Column,
  type ConnectOptions,
  type StatementTraits,
  type WireType,
} from './client/types.ts';
export {
  Decimal,
  SqlDate,
  SqlTime,
  SqlTimestamp,
  type SqlValue,
  type TypedParameter,
} from './client/values.ts';
