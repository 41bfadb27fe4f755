/**
 * Date-time patterns of DATE_FORMAT, TO_TIMESTAMP, TO_DATE, UNIX_TIMESTAMP and FROM_UNIXTIME (Java
 * DateTimeFormatter letters, which Flink uses): y u M L d D E a H k K h m s S n Z X x, 'quoted text'.
 */
import { civilFromDays, daysFromCivil, daysInMonth, floorDiv, MILLIS_PER_DAY } from './datetime.ts';

type Token = { readonly literal: string } | { readonly letter: string; readonly count: number };

const cache = new Map<string, readonly Token[]>();

function tokenize(pattern: string): readonly Token[] {
  const hit = cache.get(pattern);
  if (hit) return hit;
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end === i + 1) {
        tokens.push({ literal: "'" });
        i += 2;
        continue;
      }
      const stop = end < 0 ? pattern.length : end;
      tokens.push({ literal: pattern.slice(i + 1, stop).replace(/''/g, "'") });
      i = stop + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      tokens.push({ letter: c, count: j - i });
      i = j;
    } else {
      tokens.push({ literal: c });
      i++;
    }
  }
  cache.set(pattern, tokens);
  return tokens;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const pad = (n: number, w: number): string =>
  n < 0 ? '-' + String(-n).padStart(w, '0') : String(n).padStart(w, '0');

function formatOffset(offsetMillis: number, letter: string, count: number): string {
  if (offsetMillis === 0 && letter === 'X') return 'Z';
  const sign = offsetMillis < 0 ? '-' : '+';
  const total = Math.abs(Math.round(offsetMillis / 60000));
  const hh = pad(Math.floor(total / 60), 2);
  const mm = pad(total % 60, 2);
  if (letter === 'Z')
    return count === 4 ? (offsetMillis === 0 ? 'GMT' : `GMT${sign}${hh}:${mm}`) : `${sign}${hh}${mm}`;
  if (count === 1) return total % 60 === 0 ? `${sign}${hh}` : `${sign}${hh}${mm}`;
  return count === 2 ? `${sign}${hh}${mm}` : `${sign}${hh}:${mm}`;
}

/** Formats wall-clock millis (+ nanos) with a pattern; `offsetMillis` feeds the zone letters. */
export function formatDateTime(
  pattern: string,
  localMillis: number,
  nanoOfMilli = 0,
  offsetMillis = 0,
): string {
  const days = floorDiv(localMillis, MILLIS_PER_DAY);
  const ms = localMillis - days * MILLIS_PER_DAY;
  const c = civilFromDays(days);
  const hour = Math.floor(ms / 3_600_000);
  const minute = Math.floor(ms / 60_000) % 60;
  const second = Math.floor(ms / 1000) % 60;
  const nanoOfSecond = (ms % 1000) * 1_000_000 + nanoOfMilli;
  const dow = (((days + 3) % 7) + 7) % 7; // 0 = Monday
  let out = '';
  for (const t of tokenize(pattern)) {
    if ('literal' in t) {
      out += t.literal;
      continue;
    }
    const n = t.count;
    switch (t.letter) {
      case 'y':
      case 'u':
        out += n === 2 ? pad(((c.year % 100) + 100) % 100, 2) : pad(c.year, n);
        break;
      case 'M':
      case 'L':
        out += n >= 4 ? MONTHS[c.month - 1]! : n === 3 ? MONTHS[c.month - 1]!.slice(0, 3) : pad(c.month, n);
        break;
      case 'd':
        out += pad(c.day, n);
        break;
      case 'D':
        out += pad(days - daysFromCivil(c.year, 1, 1) + 1, n);
        break;
      case 'E':
        out += n >= 4 ? DAYS[dow]! : DAYS[dow]!.slice(0, 3);
        break;
      case 'e':
        out += pad(((dow + 1) % 7) + 1, n);
        break;
      case 'a':
        out += hour < 12 ? 'AM' : 'PM';
        break;
      case 'H':
        out += pad(hour, n);
        break;
      case 'k':
        out += pad(hour === 0 ? 24 : hour, n);
        break;
      case 'K':
        out += pad(hour % 12, n);
        break;
      case 'h':
        out += pad(hour % 12 === 0 ? 12 : hour % 12, n);
        break;
      case 'm':
        out += pad(minute, n);
        break;
      case 's':
        out += pad(second, n);
        break;
      case 'S':
        out += pad(nanoOfSecond, 9).slice(0, Math.min(n, 9)).padEnd(n, '0');
        break;
      case 'n':
        out += String(nanoOfSecond);
        break;
      case 'Z':
      case 'X':
      case 'x':
        out += formatOffset(offsetMillis, t.letter, n);
        break;
      default:
        out += t.letter.repeat(n);
    }
  }
  return out;
}

export interface ParsedDateTime {
  /** Wall-clock millis. */
  readonly localMillis: number;
  readonly nanoOfMilli: number;
  /** Set when the text carried an explicit offset. */
  readonly offsetMillis?: number;
}

const NUMERIC = new Set(['y', 'u', 'M', 'L', 'd', 'D', 'H', 'k', 'K', 'h', 'm', 's', 'S']);

/** Parses text with a pattern; null when the text does not match (Flink then yields NULL). */
export function parseDateTime(pattern: string, text: string): ParsedDateTime | null {
  const tokens = tokenize(pattern);
  let pos = 0;
  let year = 1970;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let nanos = 0;
  let pm: boolean | undefined;
  let hour12: number | undefined;
  let offset: number | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if ('literal' in t) {
      if (!text.startsWith(t.literal, pos)) return null;
      pos += t.literal.length;
      continue;
    }
    const next = tokens[i + 1];
    const adjacent = next !== undefined && 'letter' in next && NUMERIC.has(next.letter);
    if (t.letter === 'M' && t.count >= 3) {
      const idx = MONTHS.findIndex((name) =>
        text
          .slice(pos)
          .toLowerCase()
          .startsWith((t.count === 3 ? name.slice(0, 3) : name).toLowerCase()),
      );
      if (idx < 0) return null;
      month = idx + 1;
      pos += t.count === 3 ? 3 : MONTHS[idx]!.length;
      continue;
    }
    if (t.letter === 'a') {
      const s = text.slice(pos, pos + 2).toUpperCase();
      if (s !== 'AM' && s !== 'PM') return null;
      pm = s === 'PM';
      pos += 2;
      continue;
    }
    if (t.letter === 'E') {
      const idx = DAYS.findIndex((d) =>
        text.slice(pos).toLowerCase().startsWith(d.slice(0, 3).toLowerCase()),
      );
      if (idx < 0) return null;
      pos += text.slice(pos).toLowerCase().startsWith(DAYS[idx]!.toLowerCase()) ? DAYS[idx]!.length : 3;
      continue;
    }
    if (t.letter === 'X' || t.letter === 'Z' || t.letter === 'x') {
      if (text[pos] === 'Z') {
        offset = 0;
        pos++;
        continue;
      }
      const m = /^([+-])(\d{2}):?(\d{2})?/.exec(text.slice(pos));
      if (!m) return null;
      offset = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60_000;
      pos += m[0].length;
      continue;
    }
    if (!NUMERIC.has(t.letter)) return null;
    const maxDigits =
      adjacent || t.letter === 'S'
        ? t.count
        : t.letter === 'y' || t.letter === 'u'
          ? 9
          : Math.max(t.count, 2);
    let end = pos;
    if (text[end] === '-' && (t.letter === 'y' || t.letter === 'u')) end++;
    while (
      end < text.length &&
      end - pos < maxDigits &&
      text.charCodeAt(end) >= 48 &&
      text.charCodeAt(end) <= 57
    )
      end++;
    const digits = text.slice(pos, end);
    if (digits === '' || digits === '-' || (adjacent && digits.length !== t.count)) return null;
    const v = Number(digits);
    pos = end;
    switch (t.letter) {
      case 'y':
      case 'u':
        year = t.count === 2 && digits.length === 2 ? 2000 + v : v;
        break;
      case 'M':
      case 'L':
        month = v;
        break;
      case 'd':
        day = v;
        break;
      case 'D':
        month = 1;
        day = v;
        break;
      case 'H':
        hour = v;
        break;
      case 'k':
        hour = v === 24 ? 0 : v;
        break;
      case 'K':
      case 'h':
        hour12 = v % 12;
        break;
      case 'm':
        minute = v;
        break;
      case 's':
        second = v;
        break;
      case 'S':
        nanos = Number(digits.padEnd(9, '0').slice(0, 9));
        break;
    }
  }
  if (pos !== text.length) return null;
  if (hour12 !== undefined) hour = hour12 + (pm ? 12 : 0);
  else if (pm && hour < 12) hour += 12;
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const isDayOfYear = tokens.some((t) => 'letter' in t && t.letter === 'D');
  if (!isDayOfYear && (day < 1 || day > daysInMonth(year, month))) return null;
  const days = daysFromCivil(year, month, 1) + day - 1;
  const localMillis =
    days * MILLIS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + Math.floor(nanos / 1e6);
  const base = { localMillis, nanoOfMilli: nanos % 1_000_000 };
  return offset === undefined ? base : { ...base, offsetMillis: offset };
}
