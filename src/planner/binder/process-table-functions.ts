/**
 * Flink 2.x built-in process table functions called in FROM: TO_CHANGELOG, FROM_CHANGELOG and
 * DEDUPLICATE_KEEP_FIRST (`FROM f(input => TABLE t [PARTITION BY k], name => value, ...)`).
 * Arguments are named or positional in declaration order; option arguments must be literals.
 * The output is Flink's PTF layout: the PARTITION BY columns, then the function's columns.
 */
import { MAX_LENGTH, T, withNullability, withoutTimeAttribute } from '../../expr/types.ts';
import type { Expr, FunctionCall, Span, TableArgument, TableFunctionRef } from '../../sql/ast.ts';
import type { Field } from '../logical/nodes.ts';
import {
  CHANGE_OPERATIONS,
  type ProcessTableFunction,
  type PtfCall,
} from '../logical/process-table-function.ts';
import { didYouMean, validationError } from './errors.ts';
import { aliased, bindTableRef } from './from-binder.ts';
import type { BoundRelation, QueryEnv } from './relation.ts';
import { intervalMillis } from './windows.ts';

const PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  TO_CHANGELOG: ['input', 'op', 'op_mapping', 'include_op_column', 'produces_full_deletes', 'uid'],
  FROM_CHANGELOG: ['input', 'op', 'op_mapping', 'uid'],
  DEDUPLICATE_KEEP_FIRST: ['input', 'on_time', 'state_ttl', 'reset_ttl_on_duplicate', 'uid'],
};

/** The function name when `call` is one of the built-in PTFs. */
export function builtInPtfName(call: FunctionCall): string | undefined {
  if (call.name.parts.length !== 1) return undefined;
  const name = call.name.parts[0]!.value.toUpperCase();
  return PARAMETERS[name] ? name : undefined;
}

export function bindProcessTableFunction(ref: TableFunctionRef, env: QueryEnv): BoundRelation {
  const fname = builtInPtfName(ref.call)!;
  const args = collectArguments(fname, ref.call);
  const data = args.get('input');
  if (data?.kind !== 'TableArgument') {
    throw validationError(
      `The argument 'input' of ${fname} must be a table: input => TABLE t [PARTITION BY k]`,
      data?.span ?? ref.call.span,
    );
  }
  const input = bindTableRef({ kind: 'TableName', name: data.name, hints: [], span: data.span }, env);
  const fields = input.plan.schema;
  const partitionKeys = partitionKeysOf(data, fields);
  let call: PtfCall;
  let own: Field[];
  switch (fname) {
    case 'TO_CHANGELOG':
      ({ call, own } = toChangelog(args, fields, partitionKeys));
      break;
    case 'FROM_CHANGELOG':
      ({ call, own } = fromChangelog(args, fields, partitionKeys));
      break;
    default:
      ({ call, own } = deduplicateKeepFirst(args, fields, partitionKeys));
  }
  const plan: ProcessTableFunction = {
    kind: 'ProcessTableFunction',
    input: input.plan,
    partitionKeys,
    call,
    schema: [...partitionKeys.map((k) => fields[k]!), ...own],
  };
  return aliased(plan, ref.alias, undefined, undefined);
}

function collectArguments(fname: string, call: FunctionCall): Map<string, Expr> {
  const params = PARAMETERS[fname]!;
  const out = new Map<string, Expr>();
  call.args.forEach((a, i) => {
    const name = a.kind === 'NamedArgument' ? a.name.value.toLowerCase() : params[i];
    const value = a.kind === 'NamedArgument' ? a.value : a;
    if (name === undefined || !params.includes(name)) {
      throw validationError(
        `Unknown argument '${name ?? `#${i + 1}`}' of ${fname}; expected one of ${params.join(', ')}`,
        a.span,
        name === undefined ? undefined : didYouMean(name, params),
      );
    }
    if (out.has(name)) throw validationError(`Argument '${name}' of ${fname} is given twice`, a.span);
    out.set(name, value);
  });
  return out;
}

function columnIndex(name: string, fields: readonly Field[], span: Span): number {
  const i = fields.findIndex((f) => f.name === name);
  if (i < 0) {
    throw validationError(
      `Column '${name}' not found in any table`,
      span,
      didYouMean(
        name,
        fields.map((f) => f.name),
      ),
    );
  }
  return i;
}

function partitionKeysOf(data: TableArgument, fields: readonly Field[]): number[] {
  return data.partitionBy.map((e) => {
    if (e.kind !== 'ColumnRef' || e.parts.length !== 1) {
      throw validationError('PARTITION BY of a table argument takes column names only', e.span);
    }
    return columnIndex(e.parts[0]!.value, fields, e.span);
  });
}

/** The single column of `DESCRIPTOR(c)`. */
function descriptorColumn(arg: string, e: Expr): { name: string; span: Span } {
  if (e.kind !== 'DescriptorExpr' || e.columns.length !== 1) {
    throw validationError(
      `The descriptor for argument '${arg}' must contain exactly one column name.`,
      e.span,
    );
  }
  return { name: e.columns[0]!.value, span: e.columns[0]!.span };
}

function booleanLiteral(arg: string, e: Expr | undefined, fallback: boolean): boolean {
  if (e === undefined) return fallback;
  if (e.kind !== 'BooleanLiteral') {
    throw validationError(`Argument '${arg}' must be a BOOLEAN literal (TRUE or FALSE)`, e.span);
  }
  return e.value;
}

/** `MAP['k1, k2', 'v', ...]` as (key list, value) pairs; both sides string literals. */
function stringMap(arg: string, e: Expr): { keys: string[]; value: string; span: Span }[] {
  if (e.kind !== 'MapConstructor' || e.items.some((i) => i.kind !== 'StringLiteral')) {
    throw validationError(
      `Argument '${arg}' must be a MAP of string literals: MAP['key', 'value', ...]`,
      e.span,
    );
  }
  const out: { keys: string[]; value: string; span: Span }[] = [];
  for (let i = 0; i + 1 < e.items.length; i += 2) {
    const k = e.items[i]!;
    const v = e.items[i + 1]!;
    if (k.kind !== 'StringLiteral' || v.kind !== 'StringLiteral') continue;
    const keys = k.value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    out.push({ keys, value: v.value, span: k.span });
  }
  return out;
}

function changeOperation(name: string, span: Span): number {
  const kind = (CHANGE_OPERATIONS as readonly string[]).indexOf(name.toUpperCase());
  if (kind < 0) {
    throw validationError(
      `Unknown change operation: '${name}'`,
      span,
      `use one of ${CHANGE_OPERATIONS.join(', ')}`,
    );
  }
  return kind;
}

function toChangelog(
  args: ReadonlyMap<string, Expr>,
  fields: readonly Field[],
  partitionKeys: readonly number[],
): { call: PtfCall; own: Field[] } {
  const opArg = args.get('op');
  const opName = opArg ? descriptorColumn('op', opArg).name : 'op';
  const mappingArg = args.get('op_mapping');
  let opCodes: (string | null)[] = [...CHANGE_OPERATIONS];
  if (mappingArg) {
    opCodes = [null, null, null, null];
    for (const entry of stringMap('op_mapping', mappingArg)) {
      for (const op of entry.keys) {
        const kind = changeOperation(op, entry.span);
        if (opCodes[kind] !== null) throw validationError(`Duplicate change operation: '${op}'`, entry.span);
        opCodes[kind] = entry.value;
      }
    }
  }
  const includeOpColumn = booleanLiteral('include_op_column', args.get('include_op_column'), true);
  const producesFullDeletes = booleanLiteral(
    'produces_full_deletes',
    args.get('produces_full_deletes'),
    true,
  );
  const rest = fields
    .filter((_, i) => !partitionKeys.includes(i))
    // partial deletes null the non-key columns, so they become nullable
    .map((f) => (producesFullDeletes ? f : { name: f.name, type: withNullability(f.type, true) }));
  const opField: Field = { name: opName, type: T.varchar(MAX_LENGTH, false) };
  return {
    call: { kind: 'TO_CHANGELOG', opCodes, includeOpColumn, producesFullDeletes },
    own: includeOpColumn ? [opField, ...rest] : rest,
  };
}

function fromChangelog(
  args: ReadonlyMap<string, Expr>,
  fields: readonly Field[],
  partitionKeys: readonly number[],
): { call: PtfCall; own: Field[] } {
  const opArg = args.get('op');
  const op = opArg ? descriptorColumn('op', opArg) : { name: 'op', span: undefined };
  const opIndex = fields.findIndex((f) => f.name === op.name);
  if (opIndex < 0) {
    throw validationError(
      `The op column '${op.name}' of FROM_CHANGELOG does not exist in the input table`,
      op.span ?? opArg?.span ?? args.get('input')!.span,
      didYouMean(
        op.name,
        fields.map((f) => f.name),
      ),
    );
  }
  const opType = fields[opIndex]!.type;
  if (opType.kind !== 'VARCHAR' && opType.kind !== 'CHAR') {
    throw validationError(
      `The op column '${op.name}' of FROM_CHANGELOG must be of type STRING`,
      op.span ?? args.get('input')!.span,
    );
  }
  const mappingArg = args.get('op_mapping');
  const kindsByCode: [string, number][] = [];
  if (mappingArg) {
    for (const entry of stringMap('op_mapping', mappingArg)) {
      const kind = changeOperation(entry.value, entry.span);
      for (const code of entry.keys) {
        if (kindsByCode.some(([c]) => c === code))
          throw validationError(`Duplicate op code: '${code}'`, entry.span);
        kindsByCode.push([code, kind]);
      }
    }
  } else {
    CHANGE_OPERATIONS.forEach((name, kind) => {
      kindsByCode.push([name, kind]);
    });
  }
  if (partitionKeys.includes(opIndex)) {
    throw validationError(
      `The op column '${op.name}' cannot be a PARTITION BY column`,
      args.get('input')!.span,
    );
  }
  const own = fields.filter((_, i) => i !== opIndex && !partitionKeys.includes(i));
  return { call: { kind: 'FROM_CHANGELOG', opIndex, opName: op.name, kindsByCode }, own };
}

function deduplicateKeepFirst(
  args: ReadonlyMap<string, Expr>,
  fields: readonly Field[],
  partitionKeys: readonly number[],
): { call: PtfCall; own: Field[] } {
  const ttlArg = args.get('state_ttl');
  let stateTtlMs: number | undefined;
  if (ttlArg) {
    if (ttlArg.kind !== 'IntervalLiteral') {
      throw validationError(
        `Argument 'state_ttl' must be an INTERVAL literal, e.g. INTERVAL '1' HOUR`,
        ttlArg.span,
      );
    }
    stateTtlMs = intervalMillis(ttlArg, 'state_ttl');
    if (stateTtlMs < 0) {
      throw validationError(`Argument 'state_ttl' must not be negative`, ttlArg.span);
    }
  }
  const resetTtlOnDuplicate = booleanLiteral(
    'reset_ttl_on_duplicate',
    args.get('reset_ttl_on_duplicate'),
    false,
  );
  const rest = fields.filter((_, i) => !partitionKeys.includes(i));
  const onTime = args.get('on_time');
  if (!onTime) {
    return {
      call: {
        kind: 'DEDUPLICATE_KEEP_FIRST',
        resetTtlOnDuplicate,
        ...(stateTtlMs === undefined ? {} : { stateTtlMs }),
      },
      own: rest,
    };
  }
  const time = descriptorColumn('on_time', onTime);
  const timeIndex = columnIndex(time.name, fields, time.span);
  const timeType = fields[timeIndex]!.type;
  if (timeType.kind !== 'TIMESTAMP' && timeType.kind !== 'TIMESTAMP_LTZ') {
    throw validationError(
      `The on_time column '${time.name}' must be of type TIMESTAMP or TIMESTAMP_LTZ with a watermark`,
      time.span,
    );
  }
  if (timeType.timeAttribute !== 'rowtime') {
    throw validationError(
      `The on_time column '${time.name}' must be a rowtime attribute: declare a WATERMARK for it`,
      time.span,
    );
  }
  // the function appends `rowtime` (the emitted row's event time); the input column becomes a plain timestamp
  const rowtime: Field = {
    name: 'rowtime',
    type:
      timeType.kind === 'TIMESTAMP_LTZ'
        ? T.timestampLtz(3, false, 'rowtime')
        : T.timestamp(3, false, 'rowtime'),
  };
  const own = rest.map((f) =>
    f.name === time.name ? { name: f.name, type: withoutTimeAttribute(f.type) } : f,
  );
  return {
    call: {
      kind: 'DEDUPLICATE_KEEP_FIRST',
      timeIndex,
      resetTtlOnDuplicate,
      ...(stateTtlMs === undefined ? {} : { stateTtlMs }),
    },
    own: [...own, rowtime],
  };
}
