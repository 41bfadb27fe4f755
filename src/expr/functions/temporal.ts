/**
 * Date/time functions. CURRENT_TIMESTAMP & co. read EvalContext.now() (per record in streaming);
 * TIMESTAMP_LTZ values are shown, parsed and split into fields in the session time zone.
 */
import type { BoundExpr } from '../bound.ts';
import { type LogicalType, T } from '../types.ts';
import { formatDateTime, parseDateTime } from '../values/date-format.ts';
import {
  floorDiv,
  floorMod,
  MILLIS_PER_DAY,
  type PreciseTimestamp,
  parseDate,
  parseTimestampParts,
  timestampParts,
  timestampValue,
} from '../values/datetime.ts';
import { decimalToDouble } from '../values/decimal.ts';
import { LONG_MIN } from '../values/integers.ts';
import { fromLocalMillis, timeZone, toLocalMillis } from '../values/timezone.ts';
import { asInt, isDatetimeArg, isIntegerArg, isNumericArg, isStringArg } from './arg-checks.ts';
import { defineFunction, type EvalContext, impl, literalValue, type ScalarImpl } from './registry.ts';
import {
  addUnits,
  extractField,
  monthsBetween,
  UNIT_MILLIS,
  UNIT_MONTHS,
  wallClock,
} from './temporal-units.ts';

const DEFAULT_FORMAT = 'yyyy-MM-dd HH:mm:ss';

function clockFn(
  name: string,
  type: LogicalType,
  value: (ctx: EvalContext) => unknown,
  ...aliases: string[]
): void {
  defineFunction(
    {
      name,
      signatures: [`${name}()`],
      deterministic: false,
      infer: (args) => (args.length === 0 ? type : undefined),
      implement: (_call, ctx) => () => value(ctx),
    },
    ...aliases,
  );
}
const localNow = (ctx: EvalContext) => toLocalMillis(ctx.zone, ctx.now());
clockFn('CURRENT_TIMESTAMP', T.timestampLtz(3, false), (ctx) => ctx.now(), 'NOW');
clockFn('CURRENT_ROW_TIMESTAMP', T.timestampLtz(3, false), (ctx) => ctx.now());
clockFn('PROCTIME', T.timestampLtz(3, false, 'proctime'), (ctx) => ctx.now());
clockFn('LOCALTIMESTAMP', T.timestamp(3, false), localNow);
clockFn('CURRENT_DATE', T.date(false), (ctx) => floorDiv(localNow(ctx), MILLIS_PER_DAY));
clockFn(
  'CURRENT_TIME',
  T.time(0, false),
  (ctx) => {
    const ms = floorMod(localNow(ctx), MILLIS_PER_DAY);
    return ms - (ms % 1000);
  },
  'LOCALTIME',
);

/** Wall-clock millis + nanos of a DATE/TIMESTAMP/LTZ value or of timestamp text. */
function wallParts(
  t: LogicalType,
  ctx: EvalContext,
): (v: unknown) => { millis: number; nanoOfMilli: number } | null {
  if (t.kind === 'CHAR' || t.kind === 'VARCHAR') return (v) => parseTimestampParts(v as string);
  if (t.kind === 'TIMESTAMP_LTZ') {
    return (v) => {
      const p = timestampParts(v as number | PreciseTimestamp);
      return { millis: toLocalMillis(ctx.zone, p.millis), nanoOfMilli: p.nanoOfMilli };
    };
  }
  if (t.kind === 'DATE') return (v) => ({ millis: (v as number) * MILLIS_PER_DAY, nanoOfMilli: 0 });
  return (v) => timestampParts(v as number | PreciseTimestamp);
}

defineFunction({
  name: 'DATE_FORMAT',
  signatures: ['DATE_FORMAT(<TIMESTAMP>, <STRING> format)', 'DATE_FORMAT(<STRING>, <STRING> format)'],
  infer: (args) =>
    args.length === 2 && (isDatetimeArg(args[0]) || isStringArg(args[0])) && isStringArg(args[1])
      ? T.string(true)
      : undefined,
  implement: (call, ctx) => {
    const parts = wallParts(call.args[0]!.type, ctx);
    const ltz = call.args[0]!.type.kind === 'TIMESTAMP_LTZ';
    return impl((v: unknown, fmt: string) => {
      const p = parts(v);
      if (!p) return null;
      const offset = ltz ? ctx.zone.offsetAt(timestampParts(v as number).millis) : 0;
      return formatDateTime(fmt, p.millis, p.nanoOfMilli, offset);
    });
  },
});

defineFunction({
  name: 'TO_TIMESTAMP',
  signatures: ['TO_TIMESTAMP(<STRING>)', 'TO_TIMESTAMP(<STRING>, <STRING> format)'],
  infer: (args) =>
    (args.length === 1 || args.length === 2) && args.every(isStringArg) ? T.timestamp(3, true) : undefined,
  implement: (call) => {
    if (call.args.length === 1) {
      return impl((s: string) => {
        const p = parseTimestampParts(s);
        return p === null ? null : timestampValue(p.millis, p.nanoOfMilli, 3);
      });
    }
    return impl((s: string, fmt: string) => {
      const p = parseDateTime(fmt, s);
      return p === null ? null : timestampValue(p.localMillis - (p.offsetMillis ?? 0), p.nanoOfMilli, 3);
    });
  },
});

defineFunction({
  name: 'TO_TIMESTAMP_LTZ',
  signatures: [
    'TO_TIMESTAMP_LTZ(<NUMERIC> epoch, <INTEGER> precision 0 | 3)',
    'TO_TIMESTAMP_LTZ(<STRING> [, <STRING> format [, <STRING> zone]])',
  ],
  infer: (args) => {
    if (
      args.length >= 1 &&
      args.length <= 2 &&
      isNumericArg(args[0]) &&
      (args.length === 1 || isIntegerArg(args[1]))
    ) {
      const p = args.length === 2 ? literalValue(args[1]) : 3;
      if (p !== undefined && p !== null && asInt(p) !== 0 && asInt(p) !== 3) {
        return 'the precision must be 0 (epoch seconds) or 3 (epoch milliseconds)';
      }
      return T.timestampLtz(3, true);
    }
    if (args.length >= 1 && args.length <= 3 && args.every(isStringArg)) return T.timestampLtz(3, true);
    return undefined;
  },
  implement: (call, ctx): ScalarImpl => {
    const first = call.args[0]!.type;
    if (first.kind !== 'CHAR' && first.kind !== 'VARCHAR') {
      const num =
        first.kind === 'DECIMAL'
          ? (v: unknown) => decimalToDouble(v as bigint, first.scale)
          : (v: unknown) => (typeof v === 'bigint' ? Number(v) : (v as number));
      return (v, p) => {
        const precision = p === undefined ? 3 : asInt(p);
        const x = num(v);
        const millis = precision === 0 ? x * 1000 : x;
        return Number.isFinite(millis) ? Math.floor(millis) : null;
      };
    }
    return impl((s: string, fmt?: string, zoneId?: string) => {
      const zone = zoneId === undefined ? ctx.zone : timeZone(zoneId);
      if (fmt === undefined) {
        const p = parseTimestampParts(s);
        return p === null ? null : fromLocalMillis(zone, p.millis);
      }
      const p = parseDateTime(fmt, s);
      if (p === null) return null;
      return p.offsetMillis !== undefined
        ? p.localMillis - p.offsetMillis
        : fromLocalMillis(zone, p.localMillis);
    });
  },
});

defineFunction({
  name: 'TO_DATE',
  signatures: ['TO_DATE(<STRING>)', 'TO_DATE(<STRING>, <STRING> format)'],
  infer: (args) =>
    (args.length === 1 || args.length === 2) && args.every(isStringArg) ? T.date(true) : undefined,
  implement: (call) => {
    if (call.args.length === 1) return impl((s: string) => parseDate(s));
    return impl((s: string, fmt: string) => {
      const p = parseDateTime(fmt, s);
      return p === null ? null : floorDiv(p.localMillis, MILLIS_PER_DAY);
    });
  },
});

defineFunction({
  name: 'UNIX_TIMESTAMP',
  signatures: ['UNIX_TIMESTAMP()', 'UNIX_TIMESTAMP(<STRING> [, <STRING> format])'],
  deterministic: false,
  infer: (args) => (args.length <= 2 && args.every(isStringArg) ? T.bigint(false) : undefined),
  implement: (call, ctx) => {
    if (call.args.length === 0) return () => BigInt(floorDiv(ctx.now(), 1000));
    // Flink returns Long.MIN_VALUE for text that does not parse
    return impl((s: string, fmt?: string) => {
      const p = parseDateTime(fmt ?? DEFAULT_FORMAT, s);
      if (p === null) return LONG_MIN;
      const instant =
        p.offsetMillis !== undefined
          ? p.localMillis - p.offsetMillis
          : fromLocalMillis(ctx.zone, p.localMillis);
      return BigInt(floorDiv(instant, 1000));
    });
  },
});

defineFunction({
  name: 'FROM_UNIXTIME',
  signatures: ['FROM_UNIXTIME(<NUMERIC> seconds [, <STRING> format])'],
  infer: (args) =>
    (args.length === 1 || (args.length === 2 && isStringArg(args[1]))) && isNumericArg(args[0])
      ? T.string(false)
      : undefined,
  implement: (_call, ctx) =>
    impl((secs: unknown, fmt?: string) => {
      const instant = (typeof secs === 'bigint' ? Number(secs) : Math.floor(secs as number)) * 1000;
      return formatDateTime(
        fmt ?? DEFAULT_FORMAT,
        toLocalMillis(ctx.zone, instant),
        0,
        ctx.zone.offsetAt(instant),
      );
    }),
});

const unitOf = (a: BoundExpr | undefined): string | undefined => (a?.kind === 'symbol' ? a.name : undefined);

defineFunction({
  name: 'TIMESTAMPADD',
  signatures: ['TIMESTAMPADD(<TIME UNIT>, <INTEGER>, <DATE | TIMESTAMP | TIMESTAMP_LTZ>)'],
  infer: (args) => {
    const unit = unitOf(args[0]);
    if (args.length !== 3 || !unit || !isIntegerArg(args[1]) || !isDatetimeArg(args[2])) return undefined;
    if (UNIT_MILLIS[unit] === undefined && UNIT_MONTHS[unit] === undefined)
      return `unknown time unit ${unit}`;
    const t = args[2]!.type;
    if (t.kind === 'DATE' && UNIT_MILLIS[unit] !== undefined && UNIT_MILLIS[unit] < MILLIS_PER_DAY)
      return T.timestamp(0, false);
    return {
      ...t,
      nullable: false,
      ...(t.kind === 'TIMESTAMP' || t.kind === 'TIMESTAMP_LTZ' ? { timeAttribute: undefined } : {}),
    };
  },
  implement: (call, ctx) => {
    const unit = unitOf(call.args[0])!;
    const t = call.args[2]!.type;
    const out = call.type;
    if (t.kind === 'DATE') {
      if (out.kind === 'DATE')
        return impl((_u: string, n: unknown, d: number) =>
          floorDiv(addUnits(d * MILLIS_PER_DAY, unit, asInt(n)), MILLIS_PER_DAY),
        );
      return impl((_u: string, n: unknown, d: number) => addUnits(d * MILLIS_PER_DAY, unit, asInt(n)));
    }
    if (t.kind === 'TIME')
      return impl((_u: string, n: unknown, v: number) =>
        floorMod(addUnits(v, unit, asInt(n)), MILLIS_PER_DAY),
      );
    const precision = (t as { precision: number }).precision;
    if (t.kind === 'TIMESTAMP_LTZ' && UNIT_MONTHS[unit] !== undefined) {
      return impl((_u: string, n: unknown, v: number | PreciseTimestamp) => {
        const p = timestampParts(v);
        const local = toLocalMillis(ctx.zone, p.millis);
        return timestampValue(
          fromLocalMillis(ctx.zone, addUnits(local, unit, asInt(n))),
          p.nanoOfMilli,
          precision,
        );
      });
    }
    return impl((_u: string, n: unknown, v: number | PreciseTimestamp) => {
      const p = timestampParts(v);
      return timestampValue(addUnits(p.millis, unit, asInt(n)), p.nanoOfMilli, precision);
    });
  },
});

defineFunction({
  name: 'TIMESTAMPDIFF',
  signatures: ['TIMESTAMPDIFF(<TIME UNIT>, <DATETIME>, <DATETIME>)'],
  infer: (args) => {
    const unit = unitOf(args[0]);
    if (args.length !== 3 || !unit || !isDatetimeArg(args[1]) || !isDatetimeArg(args[2])) return undefined;
    if (UNIT_MILLIS[unit] === undefined && UNIT_MONTHS[unit] === undefined)
      return `unknown time unit ${unit}`;
    return T.int(false);
  },
  implement: (call, ctx) => {
    const unit = unitOf(call.args[0])!;
    const w1 = wallClock(call.args[1]!.type, ctx);
    const w2 = wallClock(call.args[2]!.type, ctx);
    const ms = UNIT_MILLIS[unit];
    if (ms !== undefined) {
      return (_u, a, b) => Math.trunc((w2(b) - w1(a)) / ms) | 0;
    }
    const months = UNIT_MONTHS[unit]!;
    return (_u, a, b) => Math.trunc(monthsBetween(w2(b), w1(a)) / months);
  },
});

defineFunction({
  name: 'EXTRACT',
  signatures: ['EXTRACT(<TIME UNIT> FROM <DATETIME>)'],
  infer: (args) =>
    args.length === 2 && unitOf(args[0]) && isDatetimeArg(args[1]) ? T.bigint(false) : undefined,
  implement: (call, ctx) => {
    const unit = unitOf(call.args[0])!;
    const parts = wallParts(call.args[1]!.type, ctx);
    const time = call.args[1]!.type.kind === 'TIME';
    return (_u, v) => {
      const p = time ? { millis: v as number, nanoOfMilli: 0 } : parts(v)!;
      return BigInt(extractField(unit, p.millis, p.nanoOfMilli));
    };
  },
});

for (const [name, unit] of [
  ['YEAR', 'YEAR'],
  ['QUARTER', 'QUARTER'],
  ['MONTH', 'MONTH'],
  ['WEEK', 'WEEK'],
  ['DAYOFYEAR', 'DOY'],
  ['DAYOFMONTH', 'DAY'],
  ['DAYOFWEEK', 'DOW'],
  ['HOUR', 'HOUR'],
  ['MINUTE', 'MINUTE'],
  ['SECOND', 'SECOND'],
] as const) {
  defineFunction({
    name,
    signatures: [`${name}(<DATETIME>)`],
    infer: (args) => (args.length === 1 && isDatetimeArg(args[0]) ? T.bigint(false) : undefined),
    implement: (call, ctx) => {
      const t = call.args[0]!.type;
      const parts = wallParts(t, ctx);
      if (t.kind === 'TIME') return impl((v: number) => BigInt(extractField(unit, v)));
      return (v) => BigInt(extractField(unit, parts(v)!.millis));
    },
  });
}

defineFunction({
  name: 'CURRENT_WATERMARK',
  signatures: ['CURRENT_WATERMARK(<rowtime attribute>)'],
  deterministic: false,
  nulls: 'handled',
  infer: (args) => {
    const t = args[0]?.type;
    if (args.length !== 1 || !t || (t.kind !== 'TIMESTAMP' && t.kind !== 'TIMESTAMP_LTZ')) return undefined;
    if (t.timeAttribute !== 'rowtime') return 'the argument must be a rowtime attribute';
    return t.kind === 'TIMESTAMP' ? T.timestamp(3, true) : T.timestampLtz(3, true);
  },
  implement: (_call, ctx) => () => ctx.currentWatermark(),
});
