/**
 * Debezium's envelope semantics, as Flink's debezium formats apply them: op c/r → +I after, u → -U before
 * and +U after, d → -D before; on write +I/+U → op c with after, -U/-D → op d with before.
 */
import { type RowType, T } from '../../expr/types.ts';
import {
  DELETE,
  type DecodeOutput,
  FormatError,
  INSERT,
  type Row,
  UPDATE_AFTER,
  UPDATE_BEFORE,
} from '../format.ts';

const REPLICA_IDENTITY_HINT =
  'if you are using the Debezium Postgres connector, check that the table has REPLICA IDENTITY FULL';

export function emitDebeziumChange(
  before: Row | null,
  after: Row | null,
  op: unknown,
  index: number,
  out: DecodeOutput,
): void {
  switch (op) {
    case 'c':
    case 'r':
      if (after === null) throw new FormatError(`the "after" field of a '${op}' message is null`);
      out.push(after, INSERT, index);
      return;
    case 'u':
      if (before === null)
        throw new FormatError(`the "before" field of an UPDATE message is null; ${REPLICA_IDENTITY_HINT}`);
      if (after === null) throw new FormatError('the "after" field of an UPDATE message is null');
      out.push(before, UPDATE_BEFORE, index);
      out.push(after, UPDATE_AFTER, index);
      return;
    case 'd':
      if (before === null)
        throw new FormatError(`the "before" field of a DELETE message is null; ${REPLICA_IDENTITY_HINT}`);
      out.push(before, DELETE, index);
      return;
    default:
      throw new FormatError(`unknown "op" value ${JSON.stringify(op)} (expected c, r, u or d)`);
  }
}

/** The envelope row type ROW<before ROW, after ROW, op STRING> used to read and write records. */
export function debeziumEnvelopeType(rowType: RowType): RowType {
  const data = { ...rowType, nullable: true };
  return T.row(
    [
      ['before', data],
      ['after', data],
      ['op', T.string(false)],
    ],
    false,
  );
}

/** The envelope values for one row of a changelog: [before, after, op]. */
export function debeziumEnvelope(row: Row, kind: number): Row {
  return kind === INSERT || kind === UPDATE_AFTER ? [null, row, 'c'] : [row, null, 'd'];
}
