/**
 * LIKE [ESCAPE], SIMILAR TO [ESCAPE], REGEXP, REGEXP_REPLACE, REGEXP_EXTRACT. Patterns given as
 * literals are compiled to a RegExp once per call site; others are cached by their last text.
 */
import type { BoundExpr, Call } from '../bound.ts';
import { ExpressionError } from '../errors.ts';
import { T } from '../types.ts';
import { asInt, isIntegerArg, isStringArg } from './arg-checks.ts';
import { defineFunction, impl, type ScalarImpl } from './registry.ts';

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g;
const escapeRegex = (s: string): string => s.replace(REGEX_SPECIAL, '\\$&');

/** SQL LIKE pattern → anchored RegExp (`%` any run, `_` one character, escape char optional). */
export function likeToRegExp(pattern: string, escapeChar?: string): RegExp {
  if (escapeChar !== undefined && Array.from(escapeChar).length !== 1) {
    throw new ExpressionError(
      `Invalid escape character '${escapeChar}' in LIKE: it must be one character`,
      'INVALID_ESCAPE',
    );
  }
  let out = '';
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (escapeChar !== undefined && c === escapeChar) {
      const next = chars[++i];
      if (next === undefined || (next !== '%' && next !== '_' && next !== escapeChar)) {
        throw new ExpressionError(`Invalid escape sequence in LIKE pattern '${pattern}'`, 'INVALID_ESCAPE');
      }
      out += escapeRegex(next);
    } else if (c === '%') out += '[\\s\\S]*';
    else if (c === '_') out += '[\\s\\S]';
    else out += escapeRegex(c);
  }
  return new RegExp(`^${out}$`, 'u');
}

/** SQL SIMILAR TO pattern → anchored RegExp (SQL regex operators kept, `%`/`_` translated). */
export function similarToRegExp(pattern: string, escapeChar?: string): RegExp {
  let out = '';
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (escapeChar !== undefined && c === escapeChar) {
      const next = chars[++i];
      if (next === undefined)
        throw new ExpressionError(
          `Invalid escape sequence in SIMILAR TO pattern '${pattern}'`,
          'INVALID_ESCAPE',
        );
      out += escapeRegex(next);
    } else if (c === '%') out += '[\\s\\S]*';
    else if (c === '_') out += '[\\s\\S]';
    else if ('|*+?{}()[]^-,'.includes(c) || /[0-9A-Za-z]/.test(c)) out += c;
    else out += escapeRegex(c);
  }
  return new RegExp(`^(?:${out})$`, 'u');
}

/** Java regex syntax that JavaScript spells differently. */
function javaRegex(source: string): RegExp {
  const translated = source
    .replace(/\(\?<([a-zA-Z][a-zA-Z0-9]*)>/g, '(?<$1>')
    .replace(/\\p\{Alpha\}/g, '[A-Za-z]');
  return new RegExp(translated, 'u');
}

/** Compiles the pattern argument once when it is a literal, else caches the last compiled text. */
function patternCompiler(
  call: Call,
  index: number,
  compile: (text: string, extra?: string) => RegExp,
  extraIndex?: number,
) {
  const arg = call.args[index];
  const extraArg = extraIndex === undefined ? undefined : call.args[extraIndex];
  if (
    arg?.kind === 'literal' &&
    typeof arg.value === 'string' &&
    (extraArg === undefined || extraArg.kind === 'literal')
  ) {
    const fixed = compile(arg.value, extraArg?.kind === 'literal' ? (extraArg.value as string) : undefined);
    return (_text: string, _extra?: string) => fixed;
  }
  let lastText: string | undefined;
  let lastExtra: string | undefined;
  let last: RegExp | undefined;
  return (text: string, extra?: string) => {
    if (last === undefined || text !== lastText || extra !== lastExtra) {
      last = compile(text, extra);
      lastText = text;
      lastExtra = extra;
    }
    return last;
  };
}

const likeArgs = (args: readonly BoundExpr[]) =>
  (args.length === 2 || args.length === 3) && args.every(isStringArg) ? T.boolean(false) : undefined;

for (const [name, compile] of [
  ['LIKE', likeToRegExp],
  ['SIMILAR TO', similarToRegExp],
] as const) {
  for (const negated of [false, true]) {
    defineFunction({
      name: negated ? `NOT ${name}` : name,
      signatures: [`<STRING> ${negated ? 'NOT ' : ''}${name} <STRING> [ESCAPE <STRING>]`],
      infer: likeArgs,
      implement: (call): ScalarImpl => {
        const regex = patternCompiler(call, 1, compile, call.args.length === 3 ? 2 : undefined);
        return impl((s: string, p: string, esc?: string) => regex(p, esc).test(s) !== negated);
      },
    });
  }
}

function safeRegex(text: string): RegExp | null {
  try {
    return javaRegex(text);
  } catch {
    return null;
  }
}

/**
 * `safeRegex(p) !== null` for a call site, remembered for the last pattern text: translating and
 * compiling the pattern per row only to test it would cost more than the match itself.
 */
function validityCheck(): (pattern: string) => boolean {
  let last: string | undefined;
  let valid = false;
  return (pattern) => {
    if (pattern !== last) {
      valid = safeRegex(pattern) !== null;
      last = pattern;
    }
    return valid;
  };
}

defineFunction({
  name: 'REGEXP',
  signatures: ['REGEXP(<STRING>, <STRING> regex)'],
  infer: (args) => (args.length === 2 && args.every(isStringArg) ? T.boolean(true) : undefined),
  implement: (call) => {
    const regex = patternCompiler(call, 1, (t) => safeRegex(t) ?? /$^/);
    const valid = validityCheck();
    return impl((s: string, p: string) => (valid(p) ? regex(p).test(s) : null));
  },
});

defineFunction({
  name: 'REGEXP_REPLACE',
  signatures: ['REGEXP_REPLACE(<STRING>, <STRING> regex, <STRING> replacement)'],
  infer: (args) => (args.length === 3 && args.every(isStringArg) ? T.string(true) : undefined),
  implement: (call) => {
    const compile = patternCompiler(call, 1, (t) => {
      const r = safeRegex(t);
      return r ? new RegExp(r.source, 'gu') : /$^/g;
    });
    const valid = validityCheck();
    return impl((s: string, p: string, rep: string) => {
      if (!valid(p)) return null;
      return s.replace(compile(p), rep.replace(/\\\$/g, '$$$$'));
    });
  },
});

/**
 * One literal pattern's matcher, shared by every REGEXP_EXTRACT call site with that pattern and
 * remembering its last input: a query extracting from the same column in its filter and its
 * projection (Nexmark q21) runs the regex once per row instead of twice. Matches are only read.
 */
interface LastMatch {
  exec(input: string): RegExpExecArray | null;
}
const lastMatches = new Map<string, LastMatch>();
/** Distinct literal patterns remembered; beyond this the table starts over (a cache, not a leak). */
const LAST_MATCHES_LIMIT = 256;

function lastMatchOf(pattern: string): LastMatch | undefined {
  let matcher = lastMatches.get(pattern);
  if (matcher !== undefined) return matcher;
  const regex = safeRegex(pattern);
  if (regex === null) return undefined;
  let lastInput: string | undefined;
  let lastResult: RegExpExecArray | null = null;
  matcher = {
    exec(input) {
      if (input !== lastInput) {
        lastResult = regex.exec(input);
        lastInput = input;
      }
      return lastResult;
    },
  };
  if (lastMatches.size >= LAST_MATCHES_LIMIT) lastMatches.clear();
  lastMatches.set(pattern, matcher);
  return matcher;
}

defineFunction({
  name: 'REGEXP_EXTRACT',
  signatures: ['REGEXP_EXTRACT(<STRING>, <STRING> regex [, <INTEGER> group])'],
  infer: (args) =>
    (args.length === 2 || (args.length === 3 && isIntegerArg(args[2]))) &&
    isStringArg(args[0]) &&
    isStringArg(args[1])
      ? T.string(true)
      : undefined,
  implement: (call) => {
    const compile = patternCompiler(call, 1, (t) => safeRegex(t) ?? /$^/);
    const valid = validityCheck();
    const pattern = call.args[1];
    const matcher =
      pattern?.kind === 'literal' && typeof pattern.value === 'string'
        ? lastMatchOf(pattern.value)
        : undefined;
    return impl((s: string, p: string, group?: unknown) => {
      if (!valid(p)) return null;
      const m = matcher === undefined ? compile(p).exec(s) : matcher.exec(s);
      const g = group === undefined ? 1 : asInt(group);
      if (!m || g < 0 || g >= m.length) return null;
      return m[g] ?? null;
    });
  },
});
