/**
 * Flink 2.1's FLIP-510 rule: the ChangelogNormalize under an upsert source is dropped when nothing
 * downstream needs what it adds. It adds two things: -U messages (an upsert sink keyed by the
 * source's key needs none) and full rows in -D messages (needed only when the source deletes by key
 * and the sink cannot delete by key alone). So it goes when the path from the sink down to it:
 * - ends at an upsert sink that needs no upsert materializer (the input's upsert key lies within the
 *   sink's primary key) and whose changelog mode asks for no -U;
 * - passes only through Calcs without a condition (a filter over upserts needs the old row, which is
 *   why Flink pushes it into the ChangelogNormalize) and through inner joins whose join key lies within
 *   the input's unique key (their state then replaces a row by its key, as an upsert does) and, when
 *   deletes carry only the key, that have no non-equi condition;
 * - reaches a ChangelogNormalize without a filter, right over the source scan, that does not
 *   deduplicate CDC events (`table.exec.source.cdc-events-duplicate`), or right over a FROM_CHANGELOG
 *   producing upserts;
 * - and, when the source deletes by key, the sink accepts deletes by key.
 *
 * Key-only deletes then flow through the Calcs. Flink's generated code reads a null from a NOT NULL
 * column as the type's default value ('' / -1 / false) and writes it out unchanged, so a Calc on this
 * path computes with nulls and writes those defaults into NOT NULL result columns, as Flink does.
 */
import { B, type BoundExpr, transform } from '../../expr/bound.ts';
import { type LogicalType, T, withNullability } from '../../expr/types.ts';
import type { ConnectorRegistry } from './connectors.ts';
import type { ChangelogNormalizeNode, PhysicalNode, SinkNode } from './nodes.ts';
import { booleanOption } from './options.ts';

interface Context {
  readonly connectors: ConnectorRegistry;
  readonly config: ReadonlyMap<string, string>;
  readonly sinkAcceptsDeletesByKey: boolean;
}

/** `sink` with the ChangelogNormalize nodes its input does not need removed (unchanged if none). */
export function dropNeedlessNormalize(
  sink: SinkNode,
  connectors: ConnectorRegistry,
  config: ReadonlyMap<string, string>,
): SinkNode {
  const pk = sink.primaryKey;
  if (sink.accepts !== 'upsert' || pk === undefined) return sink;
  if (!sink.input.upsertKeys.some((key) => key.every((c) => pk.includes(c)))) return sink;
  const connectorTable = { path: sink.path, table: sink.table, options: sink.options };
  const ctx: Context = {
    connectors,
    config,
    sinkAcceptsDeletesByKey: connectors.sinkAcceptsDeletesByKey(connectorTable),
  };
  const rewritten = rewrite(sink.input, ctx);
  return rewritten === undefined ? sink : { ...sink, input: rewritten.node };
}

interface Rewritten {
  readonly node: PhysicalNode;
  /** Deletes reaching the consumer may carry only the key. */
  readonly deletesByKey: boolean;
}

function rewrite(node: PhysicalNode, ctx: Context): Rewritten | undefined {
  switch (node.kind) {
    case 'ChangelogNormalize':
      return dropNormalize(node, ctx);
    case 'Calc': {
      if (node.condition !== undefined) return undefined;
      const input = rewrite(node.input, ctx);
      if (input === undefined) return undefined;
      const projection = input.deletesByKey ? node.projection.map(withFlinkNullDefaults) : node.projection;
      return { node: { ...node, input: input.node, projection }, deletesByKey: input.deletesByKey };
    }
    case 'Join': {
      if (node.joinType !== 'INNER') return undefined;
      const sides = [
        { child: node.left, keys: node.leftKeys },
        { child: node.right, keys: node.rightKeys },
      ].map(({ child, keys }) => {
        const upsertable = child.uniqueKeys.some((uk) => keys.every((k) => uk.includes(k)));
        return upsertable ? rewrite(child, ctx) : undefined;
      });
      const [left, right] = sides;
      if (left === undefined && right === undefined) return undefined;
      const deletesByKey = (left?.deletesByKey ?? false) || (right?.deletesByKey ?? false);
      // a condition over a key-only delete could drop it
      if (deletesByKey && node.condition !== undefined) return undefined;
      return {
        node: { ...node, left: left?.node ?? node.left, right: right?.node ?? node.right },
        deletesByKey,
      };
    }
    default:
      return undefined;
  }
}

function dropNormalize(node: ChangelogNormalizeNode, ctx: Context): Rewritten | undefined {
  const scan = node.input;
  if (node.filter !== undefined) return undefined;
  // FROM_CHANGELOG's upserts (translate-ptf.ts): its deletes carry the whole input row
  if (scan.kind === 'ProcessTableFunction' && scan.call.kind === 'FROM_CHANGELOG') {
    return { node: scan, deletesByKey: false };
  }
  if (scan.kind !== 'TableSourceScan') return undefined;
  if (scan.changelogMode.kinds.includes('UB')) return undefined;
  if (booleanOption(ctx.config, 'table.exec.source.cdc-events-duplicate', false)) return undefined;
  const deletesByKey = ctx.connectors.sourceDeletesByKey({
    path: scan.path,
    table: scan.table,
    options: scan.options,
  });
  if (deletesByKey && !ctx.sinkAcceptsDeletesByKey) return undefined;
  return { node: scan, deletesByKey };
}

/**
 * `e` evaluated with nulls anywhere (as Flink's generated code does, whatever the declared types),
 * and for a NOT NULL result the type's default value where it comes out null.
 */
function withFlinkNullDefaults(e: BoundExpr): BoundExpr {
  if (e.type.nullable) return e;
  const fallback = flinkDefault(e.type);
  if (fallback === null) return e;
  const lenient = transform(e, (n) =>
    n.kind === 'symbol' ? n : { ...n, type: withNullability(n.type, true) },
  );
  const isNull = B.call('IS NULL', [lenient], T.boolean(false));
  return B.caseWhen([{ when: isNull, result: B.literal(fallback, e.type) }], lenient, e.type);
}

/** Flink's `primitiveDefaultValue`: what a NOT NULL column reads as when it holds null. */
function flinkDefault(type: LogicalType): unknown {
  switch (type.kind) {
    case 'BOOLEAN':
      return false;
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'FLOAT':
    case 'DOUBLE':
    case 'DATE':
    case 'TIME':
    case 'INTERVAL_YEAR_MONTH':
    case 'INTERVAL_DAY_TIME':
      return -1;
    case 'BIGINT':
      return -1n;
    case 'CHAR':
    case 'VARCHAR':
      return '';
    default:
      return null;
  }
}
