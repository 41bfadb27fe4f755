/**
 * Join condition analysis shared by the join translations: equi-key pairs (`l = r`, `l IS NOT
 * DISTINCT FROM r` with one side over each input) are split from the rest of the condition; key
 * expressions that are not plain columns are computed by a Calc below the join (as Flink pushes
 * them into its inputs), and keys of different types are cast to their common type so that equal
 * SQL values get equal state keys.
 */
import { B, type BoundExpr, inputsOf } from '../../expr/bound.ts';
import { leastRestrictive } from '../../expr/type-rules.ts';
import { typeEquals, withNullability, withoutTimeAttribute } from '../../expr/types.ts';
import type { Field, Schema } from '../logical/nodes.ts';
import { conjuncts, isTrueLiteral, remap } from '../rules/expr-utils.ts';
import { calc } from './node-builders.ts';
import type { PhysicalNode } from './nodes.ts';

export interface EquiSplit {
  /** Key expressions over the left input. */
  readonly leftKeys: BoundExpr[];
  /** Key expressions over the right input (indices relative to the right input). */
  readonly rightKeys: BoundExpr[];
  readonly filterNulls: boolean[];
  /** The remaining conjuncts, over left + right fields. */
  readonly rest: BoundExpr[];
}

type Side = 'left' | 'right' | 'both' | 'none';

export function sideOf(e: BoundExpr, leftWidth: number): Side {
  const cols = inputsOf(e);
  if (cols.length === 0) return 'none';
  if (cols.every((c) => c < leftWidth)) return 'left';
  if (cols.every((c) => c >= leftWidth)) return 'right';
  return 'both';
}

function unify(l: BoundExpr, r: BoundExpr): [BoundExpr, BoundExpr] {
  const lt = withoutTimeAttribute(l.type);
  const rt = withoutTimeAttribute(r.type);
  if (typeEquals(lt, rt, true)) return [l, r];
  const common = leastRestrictive([lt, rt]);
  if (common === undefined) return [l, r];
  const castTo = (e: BoundExpr, t: typeof lt): BoundExpr =>
    typeEquals(t, common, true) ? e : B.cast(e, withNullability(common, e.type.nullable));
  return [castTo(l, lt), castTo(r, rt)];
}

export function splitEquiKeys(condition: BoundExpr, leftWidth: number): EquiSplit {
  const split: EquiSplit = { leftKeys: [], rightKeys: [], filterNulls: [], rest: [] };
  for (const c of conjuncts(condition)) {
    if (isTrueLiteral(c)) continue;
    if (c.kind === 'call' && (c.name === '=' || c.name === 'IS NOT DISTINCT FROM') && c.args.length === 2) {
      const [a, b] = c.args as [BoundExpr, BoundExpr];
      const sa = sideOf(a, leftWidth);
      const sb = sideOf(b, leftWidth);
      const pair: [BoundExpr, BoundExpr] | undefined =
        sa === 'left' && sb === 'right' ? [a, b] : sa === 'right' && sb === 'left' ? [b, a] : undefined;
      if (pair) {
        const [l, r] = unify(
          pair[0],
          remap(pair[1], (i) => i - leftWidth),
        );
        split.leftKeys.push(l);
        split.rightKeys.push(r);
        split.filterNulls.push(c.name === '=');
        continue;
      }
    }
    split.rest.push(c);
  }
  return split;
}

export interface KeyedInput {
  readonly node: PhysicalNode;
  readonly keys: number[];
  /** Columns appended to compute keys. */
  readonly added: number;
}

/** Makes every key a column of the input, appending computed keys with a Calc. */
export function withKeyColumns(node: PhysicalNode, exprs: readonly BoundExpr[]): KeyedInput {
  const width = node.schema.length;
  const keys: number[] = [];
  const extra: BoundExpr[] = [];
  for (const e of exprs) {
    if (e.kind === 'input') keys.push(e.index);
    else {
      keys.push(width + extra.length);
      extra.push(e);
    }
  }
  if (extra.length === 0) return { node, keys, added: 0 };
  const schema: Field[] = [
    ...node.schema,
    ...extra.map((e, i) => ({ name: `$f${width + i}`, type: e.type })),
  ];
  const identity = node.schema.map((f, i) => B.input(i, f.type));
  return { node: calc(node, [...identity, ...extra], schema), keys, added: extra.length };
}

/** Shifts right-side references of a condition over left + right when the left input grew. */
export function shiftRight(e: BoundExpr, leftWidth: number, addedLeft: number): BoundExpr {
  return addedLeft === 0 ? e : remap(e, (i) => (i >= leftWidth ? i + addedLeft : i));
}

/** Output fields of a join: the padded side's fields nullable; time attributes kept only if asked. */
export function joinedSchema(
  left: Schema,
  right: Schema,
  joinType: string,
  keepTimeAttributes: boolean,
): Field[] {
  const nullLeft = joinType === 'RIGHT' || joinType === 'FULL';
  const nullRight = joinType === 'LEFT' || joinType === 'FULL';
  const field = (f: Field, nullable: boolean): Field => {
    const t = keepTimeAttributes ? f.type : withoutTimeAttribute(f.type);
    return { name: f.name, type: nullable ? withNullability(t, true) : t };
  };
  if (joinType === 'SEMI' || joinType === 'ANTI') return left.map((f) => field(f, false));
  // right names that repeat a left name get a numeric suffix, as Calcite's join row type does
  const used = new Set(left.map((f) => f.name));
  const unique = (name: string): string => {
    let candidate = name;
    for (let n = 0; used.has(candidate); n++) candidate = `${name}${n}`;
    used.add(candidate);
    return candidate;
  };
  return [
    ...left.map((f) => field(f, nullLeft)),
    ...right.map((f) => ({ ...field(f, nullRight), name: unique(f.name) })),
  ];
}

/** A Calc dropping the appended key columns again, so the join's output matches the logical schema. */
export function dropAddedColumns(
  node: PhysicalNode,
  leftWidth: number,
  addedLeft: number,
  rightWidth: number,
  addedRight: number,
  schema: Schema,
  leftOnly: boolean,
): PhysicalNode {
  if (addedLeft === 0 && addedRight === 0) return node;
  const indexes = [...Array.from({ length: leftWidth }, (_, i) => i)];
  if (!leftOnly) for (let i = 0; i < rightWidth; i++) indexes.push(leftWidth + addedLeft + i);
  return calc(
    node,
    indexes.map((i) => B.input(i, node.schema[i]!.type)),
    schema,
  );
}
