/** Constructors for plan nodes that derive each node's output schema. */
import { B, type BoundExpr } from '../../expr/bound.ts';
import { type LogicalType, T, withNullability } from '../../expr/types.ts';
import type {
  Field,
  Filter,
  Join,
  JoinKind,
  Limit,
  LogicalPlan,
  Project,
  Schema,
  Sort,
  SortKey,
  Union,
} from './nodes.ts';

export const TRUE: BoundExpr = B.literal(true, T.boolean(false));

export function project(input: LogicalPlan, exprs: readonly BoundExpr[], names: readonly string[]): Project {
  return { kind: 'Project', input, exprs, schema: exprs.map((e, i) => ({ name: names[i]!, type: e.type })) };
}

/** A Project that only renames or reorders input fields (no-op when it would change nothing). */
export function selectFields(
  input: LogicalPlan,
  indices: readonly number[],
  names?: readonly string[],
): LogicalPlan {
  const fields = input.schema;
  const identity =
    indices.length === fields.length &&
    indices.every((i, pos) => i === pos) &&
    (!names || names.every((n, i) => n === fields[i]!.name));
  if (identity) return input;
  return project(
    input,
    indices.map((i) => B.input(i, fields[i]!.type)),
    indices.map((i, pos) => names?.[pos] ?? fields[i]!.name),
  );
}

export function filter(input: LogicalPlan, condition: BoundExpr): Filter {
  return { kind: 'Filter', input, condition, schema: input.schema };
}

export function join(joinType: JoinKind, left: LogicalPlan, right: LogicalPlan, condition: BoundExpr): Join {
  return {
    kind: 'Join',
    joinType,
    left,
    right,
    condition,
    schema: joinSchema(joinType, left.schema, right.schema),
  };
}

export function joinSchema(joinType: JoinKind, left: Schema, right: Schema): Schema {
  if (joinType === 'SEMI' || joinType === 'ANTI') return left;
  const nullable = (fields: Schema, yes: boolean): Field[] =>
    fields.map((f) => (yes ? { name: f.name, type: withNullability(f.type, true) } : f));
  return [
    ...nullable(left, joinType === 'RIGHT' || joinType === 'FULL'),
    ...nullable(right, joinType === 'LEFT' || joinType === 'FULL'),
  ];
}

export function sort(input: LogicalPlan, keys: readonly SortKey[]): Sort {
  return { kind: 'Sort', input, keys, schema: input.schema };
}

export function limit(input: LogicalPlan, offset: number, fetch: number | undefined): Limit {
  return fetch === undefined
    ? { kind: 'Limit', input, offset, schema: input.schema }
    : { kind: 'Limit', input, offset, fetch, schema: input.schema };
}

export function union(inputs: readonly LogicalPlan[], schema: Schema): Union {
  return { kind: 'Union', inputs, schema };
}

/** Calcite's uniquify: a repeated name gets the smallest numeric suffix that makes it unique. */
export function uniqueNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((n) => {
    let name = n;
    for (let i = 0; used.has(name); i++) name = `${n}${i}`;
    used.add(name);
    return name;
  });
}

export const fieldRef = (schema: Schema, index: number): BoundExpr => B.input(index, schema[index]!.type);

export function typeOf(schema: Schema, index: number): LogicalType {
  return schema[index]!.type;
}
