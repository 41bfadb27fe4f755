/**
 * Session time zones (Flink's `table.local-time-zone`): IANA names through Intl, and fixed offsets
 * (`UTC`, `Z`, `+08:00`, `GMT+8`, `UTC-05:30`). Converts between TIMESTAMP_LTZ instants and wall-clock
 * TIMESTAMP values with java.time's rules for DST gaps and overlaps.
 */
import { ExpressionError } from '../errors.ts';

export interface TimeZone {
  readonly id: string;
  /** Offset from UTC in milliseconds at the given instant. */
  offsetAt(epochMillis: number): number;
}

const OFFSET_RE = /^(?:UTC|GMT|UT)?([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/i;

function fixedZone(id: string, offset: number): TimeZone {
  return { id, offsetAt: () => offset };
}

const HOUR = 3_600_000;

class IntlZone implements TimeZone {
  private readonly format: Intl.DateTimeFormat;
  private readonly cache = new Map<number, number>();
  constructor(readonly id: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: id,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
  }
  offsetAt(epochMillis: number): number {
    // offsets change at most on quarter-hour boundaries; cache per 15 minutes
    const bucket = Math.floor(epochMillis / 900_000);
    const hit = this.cache.get(bucket);
    if (hit !== undefined) return hit;
    const offset = this.compute(bucket * 900_000);
    if (this.cache.size > 4096) this.cache.clear();
    this.cache.set(bucket, offset);
    return offset;
  }
  private compute(at: number): number {
    const parts: Record<string, string> = {};
    for (const p of this.format.formatToParts(new Date(at))) parts[p.type] = p.value;
    let year = Number(parts.year);
    if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
    const local = new Date(0);
    local.setUTCFullYear(year, Number(parts.month) - 1, Number(parts.day));
    local.setUTCHours(Number(parts.hour), Number(parts.minute), Number(parts.second), 0);
    return local.getTime() - Math.floor(at / 1000) * 1000;
  }
}

const zones = new Map<string, TimeZone>();

/** Resolves a zone id; throws ExpressionError naming the id when it is unknown. */
export function timeZone(id: string): TimeZone {
  const cached = zones.get(id);
  if (cached) return cached;
  let zone: TimeZone;
  const upper = id.toUpperCase();
  if (upper === 'UTC' || upper === 'Z' || upper === 'GMT' || upper === 'UT') {
    zone = fixedZone(id, 0);
  } else {
    const m = OFFSET_RE.exec(id);
    if (m) {
      const sign = m[1] === '-' ? -1 : 1;
      const ms = (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0)) * 1000;
      if (ms > 18 * HOUR) throw new ExpressionError(`Invalid time zone offset '${id}'`, 'INVALID_TIME_ZONE');
      zone = fixedZone(id, sign * ms);
    } else {
      try {
        zone = new IntlZone(id);
      } catch {
        throw new ExpressionError(
          `Unknown time zone '${id}'; use an IANA name like 'Asia/Shanghai' or an offset like '+08:00'`,
          'INVALID_TIME_ZONE',
        );
      }
    }
  }
  zones.set(id, zone);
  return zone;
}

/** Instant → wall-clock millis in the zone. */
export function toLocalMillis(zone: TimeZone, epochMillis: number): number {
  return epochMillis + zone.offsetAt(epochMillis);
}

/**
 * Wall-clock millis → instant (java.time's LocalDateTime.atZone): in an overlap the earlier offset
 * wins; in a gap the time moves forward by the gap's length.
 */
export function fromLocalMillis(zone: TimeZone, localMillis: number): number {
  const before = zone.offsetAt(localMillis - 86_400_000);
  const after = zone.offsetAt(localMillis + 86_400_000);
  if (before === after) {
    const o = zone.offsetAt(localMillis - before);
    return localMillis - o;
  }
  const beforeValid = zone.offsetAt(localMillis - before) === before;
  const afterValid = zone.offsetAt(localMillis - after) === after;
  if (beforeValid) return localMillis - before;
  if (afterValid) return localMillis - after;
  return localMillis - before;
}
