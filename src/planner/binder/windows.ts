/**
 * Window table functions (TUMBLE, HOP, CUMULATE, SESSION in FROM) and legacy group windows
 * (`GROUP BY TUMBLE(ts, INTERVAL ...)`), with Flink's validation messages.
 */
import { formatType, type LogicalType, T } from '../../expr/types.ts';
import type { Expr, FunctionCall, Span, TableFunctionRef } from '../../sql/ast.ts';
import type { WindowSpec, WindowTableFunction } from '../logical/nodes.ts';
import { calciteTypeName } from './calls.ts';
import { didYouMean, validationError } from './errors.ts';
import { ExprBinder } from './expr-binder.ts';
import { aliased, bindTableRef } from './from-binder.ts';
import type { BoundRelation, QueryEnv } from './relation.ts';
import { Scope } from './scope.ts';

const PARAMS: Record<string, readonly string[]> = {
  TUMBLE: ['DATA', 'TIMECOL', 'SIZE', 'OFFSET'],
  HOP: ['DATA', 'TIMECOL', 'SLIDE', 'SIZE', 'OFFSET'],
  CUMULATE: ['DATA', 'TIMECOL', 'STEP', 'SIZE', 'OFFSET'],
  SESSION: ['DATA', 'TIMECOL', 'GAP'],
};
const MANDATORY: Record<string, number> = { TUMBLE: 3, HOP: 4, CUMULATE: 4, SESSION: 3 };

const SIGNATURES: Record<string, string> = {
  TUMBLE: 'TUMBLE(TABLE table_name, DESCRIPTOR(timecol), datetime interval[, datetime interval])',
  HOP: 'HOP(TABLE table_name, DESCRIPTOR(timecol), datetime interval, datetime interval[, datetime interval])',
  CUMULATE:
    'CUMULATE(TABLE table_name, DESCRIPTOR(timecol), datetime interval, datetime interval[, datetime interval])',
  SESSION: 'SESSION(TABLE table_name [PARTITION BY cols], DESCRIPTOR(timecol), datetime interval)',
};

/** Milliseconds of a constant DAY-TIME interval argument. */
export function intervalMillis(e: Expr, what: string): number {
  const bound = new ExprBinder({ scope: new Scope([]), clause: what }).bind(e);
  if (
    bound.kind !== 'literal' ||
    bound.type.kind !== 'INTERVAL_DAY_TIME' ||
    typeof bound.value !== 'number'
  ) {
    throw validationError(
      `${what} must be a constant interval of type INTERVAL DAY TO SECOND (for example INTERVAL '10' MINUTE), but is ${bound.type.kind === 'NULL' ? 'NULL' : formatType(bound.type)}`,
      e.span,
    );
  }
  return bound.value;
}

export const isTimeAttribute = (t: LogicalType): boolean =>
  (t.kind === 'TIMESTAMP' || t.kind === 'TIMESTAMP_LTZ') && t.timeAttribute !== undefined;

/** `TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTE))` and the other window TVFs. */
export function bindTableFunction(ref: TableFunctionRef, env: QueryEnv): BoundRelation {
  const call = ref.call;
  const fname = call.name.parts.length === 1 ? call.name.parts[0]!.value.toUpperCase() : '';
  const params = PARAMS[fname];
  if (!params) {
    throw validationError(
      `No match found for function signature ${call.name.parts.map((p) => p.value).join('.')}(...)`,
      call.span,
    );
  }
  const args = new Map<string, Expr>();
  call.args.forEach((a, i) => {
    if (a.kind === 'NamedArgument') args.set(a.name.value.toUpperCase(), a.value);
    else if (i < params.length) args.set(params[i]!, a);
    else
      throw validationError(
        `Invalid number of arguments to function '${fname}'. Was expecting ${MANDATORY[fname]} arguments`,
        a.span,
      );
  });
  for (const p of params.slice(0, MANDATORY[fname])) {
    if (!args.has(p)) {
      throw validationError(
        `Invalid number of arguments to function '${fname}'. Was expecting ${MANDATORY[fname]} arguments`,
        call.span,
      );
    }
  }
  const data = args.get('DATA')!;
  if (data.kind !== 'TableArgument') {
    // `TUMBLE(orders, ...)`: the name is read as a column, as Calcite does
    new ExprBinder({ scope: new Scope([]), clause: fname }).bind(data);
    throw validationError(
      `The first argument of ${fname} must be a table: TABLE name. Signature: ${SIGNATURES[fname]}`,
      data.span,
    );
  }
  const input = bindTableRef({ kind: 'TableName', name: data.name, hints: [], span: data.span }, env);
  const fields = input.plan.schema;
  const scope = new Scope(input.tables);
  const timecol = args.get('TIMECOL')!;
  if (timecol.kind !== 'DescriptorExpr' || timecol.columns.length !== 1) {
    throw validationError(
      `The time column of ${fname} must be given as DESCRIPTOR(column). Signature: ${SIGNATURES[fname]}`,
      timecol.span,
    );
  }
  const timeName = timecol.columns[0]!;
  const timeIndex = fields.findIndex((f) => f.name === timeName.value);
  if (timeIndex < 0) {
    throw validationError(
      `Column '${timeName.value}' not found in any table`,
      timeName.span,
      didYouMean(
        timeName.value,
        fields.map((f) => f.name),
      ),
    );
  }
  const timeType = fields[timeIndex]!.type;
  if (timeType.kind !== 'TIMESTAMP' && timeType.kind !== 'TIMESTAMP_LTZ') {
    throw validationError(
      `The window function ${SIGNATURES[fname]} requires the timecol to be TIMESTAMP or TIMESTAMP_LTZ, but is ${calciteTypeName(timeType)}.\nBesides, the timecol must be a time attribute type in streaming mode.`,
      timeName.span,
    );
  }
  const streaming = env.ctx.config.get('execution.runtime-mode') !== 'batch';
  if (streaming && !isTimeAttribute(timeType)) {
    throw validationError(
      `The window function ${SIGNATURES[fname]} requires the timecol is a time attribute type, but is ${calciteTypeName(timeType)}.`,
      timeName.span,
      'declare a WATERMARK on the column (event time) or use a PROCTIME() column',
    );
  }
  const partitionKeys = data.partitionBy.map((p) => {
    const bound = new ExprBinder({ scope, clause: 'PARTITION BY' }).bind(p);
    if (bound.kind !== 'input')
      throw validationError('PARTITION BY of a window function accepts only column names', p.span);
    return bound.index;
  });
  if (partitionKeys.length > 0 && fname !== 'SESSION') {
    throw validationError(
      `Only the SESSION window table function supports PARTITION BY; ${fname} does not`,
      data.partitionBy[0]!.span,
    );
  }
  const window = windowSpec(fname, args, call.span);
  const windowTime = { ...timeType, nullable: false };
  const schema = [
    ...fields,
    { name: 'window_start', type: T.timestamp(3, false) },
    { name: 'window_end', type: T.timestamp(3, false) },
    { name: 'window_time', type: windowTime },
  ];
  for (const f of fields) {
    if (f.name === 'window_start' || f.name === 'window_end' || f.name === 'window_time') {
      throw validationError(
        `The input of the window function ${fname} already has a column named '${f.name}'; rename it, the window adds window_start, window_end and window_time`,
        data.span,
      );
    }
  }
  const plan: WindowTableFunction = {
    kind: 'WindowTableFunction',
    input: input.plan,
    window,
    timeIndex,
    partitionKeys,
    schema,
  };
  return aliased(plan, ref.alias, fname, undefined);
}

function positive(ms: number, ok: boolean, message: string, span: Span): void {
  if (!ok || !(ms > 0)) throw validationError(message, span);
}

function windowSpec(fname: string, args: Map<string, Expr>, span: Span): WindowSpec {
  const get = (p: string) => args.get(p);
  const ms = (p: string) => intervalMillis(get(p)!, `${fname} ${p.toLowerCase()}`);
  const offsetArg = get('OFFSET');
  const offset = offsetArg ? { offset: intervalMillis(offsetArg, `${fname} offset`) } : {};
  switch (fname) {
    case 'TUMBLE': {
      const size = ms('SIZE');
      positive(
        size,
        true,
        `Tumbling Window parameters must satisfy size > 0, but got size ${size}ms.`,
        get('SIZE')!.span,
      );
      return { kind: 'TUMBLE', size, ...offset };
    }
    case 'HOP': {
      const slide = ms('SLIDE');
      const size = ms('SIZE');
      positive(
        Math.min(slide, size),
        true,
        `Hopping Window must satisfy slide > 0 and size > 0, but got slide ${slide}ms and size ${size}ms.`,
        span,
      );
      return { kind: 'HOP', slide, size, ...offset };
    }
    case 'CUMULATE': {
      const step = ms('STEP');
      const maxSize = ms('SIZE');
      positive(
        Math.min(step, maxSize),
        true,
        `Cumulative Window parameters must satisfy maxSize > 0 and step > 0, but got maxSize ${maxSize}ms and step ${step}ms.`,
        span,
      );
      positive(
        step,
        maxSize % step === 0,
        `Cumulative Window requires maxSize must be an integral multiple of step, but got maxSize ${maxSize}ms and step ${step}ms.`,
        span,
      );
      return { kind: 'CUMULATE', step, maxSize, ...offset };
    }
    default: {
      const gap = ms('GAP');
      positive(
        gap,
        true,
        `Session Window parameters must satisfy gap > 0, but got gap ${gap}ms.`,
        get('GAP')!.span,
      );
      return { kind: 'SESSION', gap };
    }
  }
}

/** A legacy group window call in GROUP BY: `TUMBLE(ts, INTERVAL '1' HOUR)`. */
export function legacyWindowSpec(call: FunctionCall, fname: string): { spec: WindowSpec; time: Expr } {
  const [time, a, b, c] = call.args;
  const arity = fname === 'HOP' ? [3, 4] : [2, 3];
  if (!time || call.args.length < arity[0]! || call.args.length > arity[1]!) {
    throw validationError(
      `Invalid number of arguments to function '${fname}'. Was expecting ${arity[0]} arguments`,
      call.span,
    );
  }
  switch (fname) {
    case 'TUMBLE': {
      const size = intervalMillis(a!, 'TUMBLE size');
      positive(
        size,
        true,
        `Tumbling Window parameters must satisfy size > 0, but got size ${size}ms.`,
        a!.span,
      );
      return {
        spec: { kind: 'TUMBLE', size, ...(b ? { offset: intervalMillis(b, 'TUMBLE offset') } : {}) },
        time,
      };
    }
    case 'HOP': {
      const slide = intervalMillis(a!, 'HOP slide');
      const size = intervalMillis(b!, 'HOP size');
      positive(
        Math.min(slide, size),
        true,
        `Hopping Window must satisfy slide > 0 and size > 0, but got slide ${slide}ms and size ${size}ms.`,
        call.span,
      );
      return {
        spec: { kind: 'HOP', slide, size, ...(c ? { offset: intervalMillis(c, 'HOP offset') } : {}) },
        time,
      };
    }
    default: {
      const gap = intervalMillis(a!, 'SESSION gap');
      positive(gap, true, `Session Window parameters must satisfy gap > 0, but got gap ${gap}ms.`, a!.span);
      return { spec: { kind: 'SESSION', gap }, time };
    }
  }
}
