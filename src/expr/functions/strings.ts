/** String functions with Flink's semantics (lengths and positions count code points, 1-based). */
import { createHash, randomUUID } from 'node:crypto';
import type { BoundExpr } from '../bound.ts';
import { type LogicalType, MAX_LENGTH, T } from '../types.ts';
import { allStrings, asInt, isIntegerArg, isStringArg } from './arg-checks.ts';
import { defineFunction, impl, type ScalarFunction, type ScalarImpl } from './registry.ts';

const codePoints = (s: string): string[] => Array.from(s);
function charLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 >= s.length) n++;
    else {
      const d = s.charCodeAt(i + 1);
      n++;
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  return n;
}
const hasSurrogates = (s: string): boolean => /[\ud800-\udfff]/.test(s);

function stringFn(
  name: string,
  params: readonly ('s' | 'i')[],
  result: LogicalType | ((args: readonly BoundExpr[]) => LogicalType),
  f: ScalarImpl,
  extra: Partial<ScalarFunction> = {},
  ...aliases: string[]
): void {
  const sig = `${name}(${params.map((p) => (p === 's' ? '<STRING>' : '<INTEGER>')).join(', ')})`;
  defineFunction(
    {
      name,
      signatures: [sig],
      infer: (args) =>
        args.length === params.length &&
        args.every((a, i) => (params[i] === 's' ? isStringArg(a) : isIntegerArg(a)))
          ? typeof result === 'function'
            ? result(args)
            : result
          : undefined,
      implement: () => f,
      ...extra,
    },
    ...aliases,
  );
}

const STRING = T.string(false);
const sameAsFirst = (args: readonly BoundExpr[]): LogicalType =>
  args[0]!.type.kind === 'NULL' ? STRING : { ...args[0]!.type, nullable: false };

stringFn('CHAR_LENGTH', ['s'], T.int(false), impl(charLength), {}, 'CHARACTER_LENGTH');
stringFn(
  'UPPER',
  ['s'],
  sameAsFirst,
  impl((s: string) => s.toUpperCase()),
  {
    inline: (_c, [x]) => `${x}.toUpperCase()`,
  },
);
stringFn(
  'LOWER',
  ['s'],
  sameAsFirst,
  impl((s: string) => s.toLowerCase()),
  {
    inline: (_c, [x]) => `${x}.toLowerCase()`,
  },
);
stringFn(
  'LTRIM',
  ['s'],
  STRING,
  impl((s: string) => s.replace(/^ +/, '')),
);
stringFn(
  'RTRIM',
  ['s'],
  STRING,
  impl((s: string) => s.replace(/ +$/, '')),
);
stringFn(
  'REVERSE',
  ['s'],
  STRING,
  impl((s: string) => codePoints(s).reverse().join('')),
);
stringFn(
  'REPEAT',
  ['s', 'i'],
  STRING,
  impl((s: string, n: unknown) => (asInt(n) <= 0 ? '' : s.repeat(asInt(n)))),
);
stringFn(
  'LEFT',
  ['s', 'i'],
  STRING,
  impl((s: string, n: unknown) => (asInt(n) <= 0 ? '' : codePoints(s).slice(0, asInt(n)).join(''))),
);
stringFn(
  'RIGHT',
  ['s', 'i'],
  STRING,
  impl((s: string, n: unknown) => {
    const len = asInt(n);
    if (len <= 0) return '';
    const cps = codePoints(s);
    return cps.slice(Math.max(0, cps.length - len)).join('');
  }),
);
stringFn(
  'ASCII',
  ['s'],
  T.int(false),
  impl((s: string) => (s.length === 0 ? 0 : s.charCodeAt(0))),
);
stringFn(
  'CHR',
  ['i'],
  STRING,
  impl((n: unknown) => {
    const v = asInt(n);
    return v < 0 ? '' : String.fromCharCode(v & 0xff);
  }),
);
stringFn(
  'REPLACE',
  ['s', 's', 's'],
  STRING,
  impl((s: string, search: string, rep: string) => s.split(search).join(rep)),
);
stringFn(
  'INITCAP',
  ['s'],
  STRING,
  impl((s: string) => {
    let out = '';
    let start = true;
    for (const ch of s) {
      const alnum = /[A-Za-z0-9]/.test(ch);
      if (start) {
        out += alnum ? ch.toUpperCase() : ch;
        if (alnum) start = false;
      } else {
        out += ch.toLowerCase();
        if (!alnum) start = true;
      }
    }
    return out;
  }),
);
stringFn(
  'MD5',
  ['s'],
  STRING,
  impl((s: string) => createHash('md5').update(s, 'utf8').digest('hex')),
);
stringFn(
  'SHA1',
  ['s'],
  STRING,
  impl((s: string) => createHash('sha1').update(s, 'utf8').digest('hex')),
);
stringFn(
  'SHA256',
  ['s'],
  STRING,
  impl((s: string) => createHash('sha256').update(s, 'utf8').digest('hex')),
);
stringFn(
  'TO_BASE64',
  ['s'],
  STRING,
  impl((s: string) => Buffer.from(s, 'utf8').toString('base64')),
);
stringFn(
  'FROM_BASE64',
  ['s'],
  STRING,
  impl((s: string) => Buffer.from(s, 'base64').toString('utf8')),
);
stringFn('UUID', [], STRING, () => randomUUID(), { deterministic: false });

function position(sub: string, s: string, from = 1): number {
  if (from < 1) return 0;
  if (!hasSurrogates(s)) {
    const i = s.indexOf(sub, from - 1);
    return i < 0 ? 0 : i + 1;
  }
  const cps = codePoints(s);
  const i = cps
    .slice(from - 1)
    .join('')
    .indexOf(sub);
  return i < 0
    ? 0
    : charLength(
        cps
          .slice(from - 1)
          .join('')
          .slice(0, i),
      ) + from;
}
stringFn(
  'POSITION',
  ['s', 's'],
  T.int(false),
  impl((sub: string, s: string) => position(sub, s)),
);
defineFunction({
  name: 'LOCATE',
  signatures: ['LOCATE(<STRING>, <STRING>)', 'LOCATE(<STRING>, <STRING>, <INTEGER>)'],
  infer: (args) =>
    (args.length === 2 || (args.length === 3 && isIntegerArg(args[2]))) &&
    isStringArg(args[0]) &&
    isStringArg(args[1])
      ? T.int(false)
      : undefined,
  implement: () =>
    impl((sub: string, s: string, from?: unknown) => position(sub, s, from === undefined ? 1 : asInt(from))),
});

/** Flink's substringSQL: negative starts count from the end, 0 starts at the beginning. */
function substring(s: string, pos: number, length?: number): string {
  const cps = hasSurrogates(s) ? codePoints(s) : undefined;
  const len = cps ? cps.length : s.length;
  if (length !== undefined && length < 0) return '';
  let start = pos > 0 ? pos - 1 : pos < 0 ? len + pos : 0;
  let end = length === undefined ? len : start + length;
  if (start < 0) start = 0;
  end = Math.min(end, len);
  if (start >= end) return '';
  return cps ? cps.slice(start, end).join('') : s.slice(start, end);
}
defineFunction(
  {
    name: 'SUBSTRING',
    signatures: [
      'SUBSTRING(<STRING> FROM <INTEGER> [FOR <INTEGER>])',
      'SUBSTR(<STRING>, <INTEGER> [, <INTEGER>])',
    ],
    infer: (args) =>
      (args.length === 2 || (args.length === 3 && isIntegerArg(args[2]))) &&
      isStringArg(args[0]) &&
      isIntegerArg(args[1])
        ? STRING
        : undefined,
    implement: () =>
      impl((s: string, p: unknown, l?: unknown) =>
        substring(s, asInt(p), l === undefined ? undefined : asInt(l)),
      ),
  },
  'SUBSTR',
);

function padFn(name: 'LPAD' | 'RPAD'): void {
  stringFn(
    name,
    ['s', 'i', 's'],
    T.string(true),
    impl((s: string, n: unknown, pad: string) => {
      const len = asInt(n);
      if (len < 0 || pad === '') return null;
      const cps = codePoints(s);
      if (cps.length >= len) return cps.slice(0, len).join('');
      const padCps = codePoints(pad);
      const fill: string[] = [];
      for (let i = 0; fill.length < len - cps.length; i++) fill.push(padCps[i % padCps.length]!);
      return name === 'LPAD' ? fill.join('') + s : s + fill.join('');
    }),
  );
}
padFn('LPAD');
padFn('RPAD');

defineFunction({
  name: 'TRIM',
  signatures: ['TRIM([BOTH | LEADING | TRAILING] [<STRING>] FROM <STRING>)'],
  infer: (args) => {
    if (args.length === 1) return isStringArg(args[0]) ? STRING : undefined;
    if (args.length !== 3 || args[0]!.kind !== 'symbol') return undefined;
    return isStringArg(args[1]) && isStringArg(args[2]) ? STRING : undefined;
  },
  implement: (call) => {
    if (call.args.length === 1) return impl((s: string) => s.replace(/^ +| +$/g, ''));
    const side = (call.args[0] as { name: string }).name;
    return impl((_side: string, chars: string, s: string) => {
      const set = new Set(codePoints(chars));
      const cps = codePoints(s);
      let start = 0;
      let end = cps.length;
      if (side !== 'TRAILING') while (start < end && set.has(cps[start]!)) start++;
      if (side !== 'LEADING') while (end > start && set.has(cps[end - 1]!)) end--;
      return cps.slice(start, end).join('');
    });
  },
});

defineFunction({
  name: 'CONCAT',
  signatures: ['CONCAT(<STRING>, ...)'],
  infer: (args) => (args.length >= 1 && args.every(isStringArg) ? STRING : undefined),
  implement:
    () =>
    (...xs) =>
      (xs as string[]).join(''),
  inline: (_c, args) => `(${args.join(' + ')})`,
});

const lengthOf = (t: LogicalType): number => ('length' in t ? t.length : 0);
/** `a || b` is typed like Calcite's DYADIC_STRING_SUM_PRECISION: CHAR(n + m) or VARCHAR(n + m). */
defineFunction({
  name: '||',
  signatures: ['<STRING> || <STRING>'],
  infer: (args) => {
    if (args.length !== 2 || !args.every(isStringArg)) return undefined;
    const [a, b] = [args[0]!.type, args[1]!.type];
    const length = Math.min(MAX_LENGTH, lengthOf(a) + lengthOf(b));
    return a.kind === 'CHAR' && b.kind === 'CHAR' ? T.char(length, false) : T.varchar(length, false);
  },
  implement: () => impl((a: string, b: string) => a + b),
  inline: (_c, [a, b]) => `(${a} + ${b})`,
});

defineFunction({
  name: 'CONCAT_WS',
  signatures: ['CONCAT_WS(<STRING> separator, <STRING>, ...)'],
  nulls: 'handled',
  infer: (args) =>
    args.length >= 2 && args.every(isStringArg) ? T.string(args[0]!.type.nullable) : undefined,
  implement:
    () =>
    (sep, ...xs) =>
      sep === null ? null : xs.filter((x) => x !== null && x !== undefined).join(sep as string),
});

defineFunction({
  name: 'SPLIT_INDEX',
  signatures: ['SPLIT_INDEX(<STRING>, <STRING> separator, <INTEGER> index)'],
  infer: (args) =>
    allStrings(args.slice(0, 2), 2) && isIntegerArg(args[2]) && args.length === 3
      ? T.string(true)
      : undefined,
  implement: () =>
    impl((s: string, sep: string, idx: unknown) => {
      const i = asInt(idx);
      if (i < 0 || sep === '') return null;
      return splitPart(s, sep, i);
    }),
});

// Where the last string split by SPLIT_INDEX has its separators, shared by all SPLIT_INDEX calls: a
// row usually asks for several parts of one string (SPLIT_INDEX(url, '/', 3), (url, '/', 4) ...),
// and only the parts asked for are cut out (the same parts as `text.split(separator)`).
let lastSplitText = '';
let lastSplitSeparator = '';
let separatorsAt: number[] = [];

function splitPart(text: string, separator: string, index: number): string | null {
  if (text !== lastSplitText || separator !== lastSplitSeparator) {
    const found: number[] = [];
    for (let at = text.indexOf(separator); at >= 0; at = text.indexOf(separator, at + separator.length))
      found.push(at);
    separatorsAt = found;
    lastSplitText = text;
    lastSplitSeparator = separator;
  }
  if (index > separatorsAt.length) return null;
  const start = index === 0 ? 0 : separatorsAt[index - 1]! + separator.length;
  return text.slice(start, index === separatorsAt.length ? text.length : separatorsAt[index]!);
}
