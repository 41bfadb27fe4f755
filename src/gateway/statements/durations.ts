/** Flink duration strings: `500 ms`, `10 s`, `1 min`, `2 h`, `1 d`, or a bare number of milliseconds. */
const UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  milli: 1,
  millis: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  min: 60_000,
  m: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
};

export function parseDuration(text: string, key: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const factor = m === null ? undefined : m[2] === '' ? 1 : UNITS[m[2]!.toLowerCase()];
  if (m === null || factor === undefined)
    throw new Error(`'${key}' must be a duration such as '500 ms', '10 s' or '1 min', got '${text}'`);
  return Math.round(Number(m[1]) * factor);
}
