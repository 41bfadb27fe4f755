/**
 * JSON functions. Options are symbol arguments after the value arguments:
 *   JSON_VALUE(json, path [, symbol('RETURNING', type)] [, 'NULL|ERROR|DEFAULT ON EMPTY' [, default]]
 *              [, 'NULL|ERROR|DEFAULT ON ERROR' [, default]])           defaults: NULL ON EMPTY/ERROR
 *   JSON_QUERY(json, path [, 'WITHOUT|WITH CONDITIONAL|WITH UNCONDITIONAL ARRAY WRAPPER']
 *              [, 'NULL|ERROR|EMPTY ARRAY|EMPTY OBJECT ON EMPTY'] [, '... ON ERROR'])
 *   JSON_EXISTS(json, path [, 'TRUE|FALSE|UNKNOWN|ERROR ON ERROR'])       default FALSE ON ERROR
 *   JSON_OBJECT(['NULL|ABSENT ON NULL',] key, value, ...)                 default NULL ON NULL
 *   JSON_ARRAY(['NULL|ABSENT ON NULL',] value, ...)                       default ABSENT ON NULL
 *   JSON_STRING(value), IS JSON(value [, 'VALUE|SCALAR|ARRAY|OBJECT']), IS NOT JSON(...)
 */
import type { BoundExpr } from '../bound.ts';
import { castFunction } from '../cast.ts';
import { ExpressionError } from '../errors.ts';
import { type LogicalType, T } from '../types.ts';
import { decimalToPlainString } from '../values/decimal.ts';
import { valueToSqlString } from '../values/format.ts';
import { javaDoubleToString, javaFloatToString } from '../values/java-numbers.ts';
import type { TimeZone } from '../values/timezone.ts';
import { isStringArg } from './arg-checks.ts';
import {
  evaluatePath,
  isScalarJson,
  JsonNumber,
  type JsonValue,
  numberText,
  parseJson,
  parseJsonPath,
  serializeJson,
} from './json-text.ts';
import { defineFunction, type ScalarImpl } from './registry.ts';

interface Behaviour {
  readonly mode: string;
  /** Position of the DEFAULT expression in the argument list. */
  readonly defaultIndex?: number;
}

function options(args: readonly BoundExpr[]): {
  returning?: LogicalType;
  empty?: Behaviour;
  error?: Behaviour;
  wrapper?: string;
} {
  const out: { returning?: LogicalType; empty?: Behaviour; error?: Behaviour; wrapper?: string } = {};
  for (let i = 2; i < args.length; i++) {
    const a = args[i]!;
    if (a.kind !== 'symbol') continue;
    if (a.name === 'RETURNING') out.returning = a.returning;
    else if (a.name.endsWith('WRAPPER')) out.wrapper = a.name;
    else {
      const m = /^(.*) ON (EMPTY|ERROR)$/.exec(a.name);
      if (!m) continue;
      const b: Behaviour = m[1] === 'DEFAULT' ? { mode: 'DEFAULT', defaultIndex: i + 1 } : { mode: m[1]! };
      if (m[2] === 'EMPTY') out.empty = b;
      else out.error = b;
    }
  }
  return out;
}

const jsonFailure = (message: string) => new ExpressionError(message, 'JSON_ERROR');

function scalarText(v: JsonValue): string {
  if (typeof v === 'string') return v;
  if (v instanceof JsonNumber) return numberText(v);
  return String(v);
}

const jsonArgs = (args: readonly BoundExpr[]) =>
  args.length >= 2 && isStringArg(args[0]) && isStringArg(args[1]);

defineFunction({
  name: 'JSON_VALUE',
  signatures: ['JSON_VALUE(<STRING> json, <STRING> path [RETURNING <type>] [ON EMPTY] [ON ERROR])'],
  nulls: 'handled',
  infer: (args) => (jsonArgs(args) ? (options(args).returning ?? T.string(true)) : undefined),
  implement: (call, ctx): ScalarImpl => {
    const opts = options(call.args);
    const returning = opts.returning ?? T.string();
    const toResult = castFunction(T.string(), returning, ctx.zone);
    const onBehaviour = (b: Behaviour | undefined, args: unknown[], error: unknown): unknown => {
      if (b?.mode === 'ERROR') throw error instanceof ExpressionError ? error : jsonFailure(String(error));
      if (b?.mode === 'DEFAULT') {
        const d = args[b.defaultIndex!] ?? null;
        const dt = call.args[b.defaultIndex!]!.type;
        return d === null ? null : castFunction(dt, returning, ctx.zone)(d);
      }
      return null;
    };
    return (...args) => {
      const [json, path] = args as [string | null, string | null];
      if (json === null || path === null) return null;
      let matches: JsonValue[];
      try {
        const p = parseJsonPath(path);
        matches = evaluatePath(parseJson(json), p);
      } catch (e) {
        return onBehaviour(opts.error, args, e);
      }
      if (matches.length === 0 || matches[0] === null) {
        return onBehaviour(opts.empty, args, jsonFailure(`No SQL/JSON item found for path '${path}'`));
      }
      if (matches.length > 1 || !isScalarJson(matches[0]!)) {
        return onBehaviour(
          opts.error,
          args,
          jsonFailure(`JSON_VALUE: the path '${path}' does not select a scalar`),
        );
      }
      try {
        return toResult(scalarText(matches[0]!));
      } catch (e) {
        return onBehaviour(opts.error, args, e);
      }
    };
  },
});

defineFunction({
  name: 'JSON_QUERY',
  signatures: ['JSON_QUERY(<STRING> json, <STRING> path [wrapper] [ON EMPTY] [ON ERROR])'],
  nulls: 'handled',
  infer: (args) => (jsonArgs(args) ? T.string(true) : undefined),
  implement: (call): ScalarImpl => {
    const opts = options(call.args);
    const wrapper = opts.wrapper ?? 'WITHOUT ARRAY WRAPPER';
    const fallback = (b: Behaviour | undefined, e: unknown): string | null => {
      switch (b?.mode) {
        case 'ERROR':
          throw e instanceof ExpressionError ? e : jsonFailure(String(e));
        case 'EMPTY ARRAY':
          return '[]';
        case 'EMPTY OBJECT':
          return '{}';
        default:
          return null;
      }
    };
    return (json, path) => {
      if (json === null || path === null) return null;
      let matches: JsonValue[];
      try {
        matches = evaluatePath(parseJson(json as string), parseJsonPath(path as string));
      } catch (e) {
        return fallback(opts.error, e);
      }
      if (matches.length === 0)
        return fallback(opts.empty, jsonFailure(`No SQL/JSON item found for path '${path}'`));
      const single = matches.length === 1 ? matches[0]! : matches;
      if (wrapper === 'WITH UNCONDITIONAL ARRAY WRAPPER') return serializeJson(matches);
      if (wrapper === 'WITH CONDITIONAL ARRAY WRAPPER') {
        return serializeJson(matches.length === 1 && !isScalarJson(single) ? single : matches);
      }
      if (matches.length > 1 || isScalarJson(single)) {
        if (single === null) return fallback(opts.empty, jsonFailure('empty'));
        return fallback(
          opts.error,
          jsonFailure(`JSON_QUERY: the path '${path}' selects a scalar; use a wrapper`),
        );
      }
      return serializeJson(single);
    };
  },
});

defineFunction({
  name: 'JSON_EXISTS',
  signatures: ['JSON_EXISTS(<STRING> json, <STRING> path [TRUE | FALSE | UNKNOWN | ERROR ON ERROR])'],
  nulls: 'handled',
  infer: (args) => (jsonArgs(args) ? T.boolean(true) : undefined),
  implement: (call): ScalarImpl => {
    const mode = options(call.args).error?.mode ?? 'FALSE';
    return (json, path) => {
      if (json === null || path === null) return null;
      try {
        return evaluatePath(parseJson(json as string), parseJsonPath(path as string)).length > 0;
      } catch (e) {
        if (mode === 'ERROR') throw e;
        return mode === 'TRUE' ? true : mode === 'UNKNOWN' ? null : false;
      }
    };
  },
});

/** A SQL value as a JSON value (rows become objects, maps objects with string keys). */
export function toJson(value: unknown, type: LogicalType, zone: TimeZone): JsonValue {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'BOOLEAN':
      return value as boolean;
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'BIGINT':
      return new JsonNumber(String(value), true);
    case 'DECIMAL':
      return new JsonNumber(decimalToPlainString(value as bigint, type.scale), true);
    case 'FLOAT':
      return Number.isFinite(value)
        ? new JsonNumber(javaFloatToString(value as number))
        : javaFloatToString(value as number);
    case 'DOUBLE':
      return Number.isFinite(value)
        ? new JsonNumber(javaDoubleToString(value as number))
        : javaDoubleToString(value as number);
    case 'ARRAY':
      return (value as unknown[]).map((v) => toJson(v, type.element, zone));
    case 'MAP': {
      const m = new Map<string, JsonValue>();
      for (const [k, v] of value as Map<unknown, unknown>)
        m.set(valueToSqlString(k, type.key, zone), toJson(v, type.value, zone));
      return m;
    }
    case 'ROW': {
      const m = new Map<string, JsonValue>();
      type.fields.forEach((f, i) => {
        m.set(f.name, toJson((value as unknown[])[i], f.type, zone));
      });
      return m;
    }
    case 'CHAR':
    case 'VARCHAR':
      return value as string;
    default:
      return valueToSqlString(value, type, zone);
  }
}

const isJsonConstructor = (a: BoundExpr) =>
  a.kind === 'call' && (a.name === 'JSON_OBJECT' || a.name === 'JSON_ARRAY');

function constructorArgs(args: readonly BoundExpr[]): { onNull: string; first: number } {
  const a = args[0];
  return a?.kind === 'symbol' ? { onNull: a.name, first: 1 } : { onNull: '', first: 0 };
}

defineFunction({
  name: 'JSON_OBJECT',
  signatures: ['JSON_OBJECT([NULL | ABSENT ON NULL,] KEY <STRING> VALUE <ANY>, ...)'],
  nulls: 'handled',
  infer: (args) => {
    const { first } = constructorArgs(args);
    const pairs = args.slice(first);
    if (pairs.length % 2 !== 0 || !pairs.every((a, i) => i % 2 === 1 || isStringArg(a))) return undefined;
    return T.string(false);
  },
  implement: (call, ctx): ScalarImpl => {
    const { onNull, first } = constructorArgs(call.args);
    const absent = onNull === 'ABSENT ON NULL';
    return (...xs) => {
      const m = new Map<string, JsonValue>();
      for (let i = first; i < xs.length; i += 2) {
        const key = xs[i];
        if (key === null) throw new ExpressionError('JSON_OBJECT: a key is NULL', 'JSON_ERROR');
        const arg = call.args[i + 1]!;
        const v = xs[i + 1] ?? null;
        if (v === null && absent) continue;
        m.set(
          key as string,
          v !== null && isJsonConstructor(arg) ? parseJson(v as string) : toJson(v, arg.type, ctx.zone),
        );
      }
      return serializeJson(m);
    };
  },
});

defineFunction({
  name: 'JSON_ARRAY',
  signatures: ['JSON_ARRAY([NULL | ABSENT ON NULL,] <ANY>, ...)'],
  nulls: 'handled',
  infer: () => T.string(false),
  implement: (call, ctx): ScalarImpl => {
    const { onNull, first } = constructorArgs(call.args);
    const keepNull = onNull === 'NULL ON NULL';
    return (...xs) => {
      const out: JsonValue[] = [];
      for (let i = first; i < xs.length; i++) {
        const v = xs[i] ?? null;
        const arg = call.args[i]!;
        if (v === null && !keepNull) continue;
        out.push(
          v !== null && isJsonConstructor(arg) ? parseJson(v as string) : toJson(v, arg.type, ctx.zone),
        );
      }
      return serializeJson(out);
    };
  },
});

defineFunction({
  name: 'JSON_STRING',
  signatures: ['JSON_STRING(<ANY>)'],
  infer: (args) => (args.length === 1 ? T.string(false) : undefined),
  implement: (call, ctx) => {
    const t = call.args[0]!.type;
    return (v) => serializeJson(toJson(v, t, ctx.zone));
  },
});

function isJson(text: string, kind: string): boolean {
  let v: JsonValue;
  try {
    v = parseJson(text);
  } catch {
    return false;
  }
  switch (kind) {
    case 'SCALAR':
      return isScalarJson(v);
    case 'ARRAY':
      return Array.isArray(v);
    case 'OBJECT':
      return v instanceof Map;
    default:
      return true;
  }
}
for (const negated of [false, true]) {
  defineFunction({
    name: negated ? 'IS NOT JSON' : 'IS JSON',
    signatures: [`<STRING> ${negated ? 'IS NOT JSON' : 'IS JSON'} [VALUE | SCALAR | ARRAY | OBJECT]`],
    infer: (args) =>
      (args.length === 1 || (args.length === 2 && args[1]!.kind === 'symbol')) && isStringArg(args[0])
        ? T.boolean(false)
        : undefined,
    implement: (call) => {
      const kind = call.args[1]?.kind === 'symbol' ? call.args[1].name : 'VALUE';
      return (text) => isJson(text as string, kind) !== negated;
    },
  });
}
