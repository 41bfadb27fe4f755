/**
 * Window assignment for the windowing TVFs, in epoch milliseconds, exactly as Flink assigns them
 * (TumblingWindowAssigner, SlidingWindowAssigner, CumulativeWindowAssigner; windows are [start, end)).
 *
 * Time zones: for a TIMESTAMP rowtime the value already is the wall-clock time read as UTC, so no shift
 * applies. For a TIMESTAMP_LTZ rowtime, Flink assigns windows on the session time zone's wall clock
 * (`table.local-time-zone`): pass a `TimeShift` so windows align to local midnight etc.; window_start and
 * window_end are then local TIMESTAMP values and timers fire at the UTC instant of `window_end - 1`.
 */

export type WindowSpec =
  | { readonly kind: 'tumble'; readonly size: number; readonly offset?: number }
  | { readonly kind: 'hop'; readonly size: number; readonly slide: number; readonly offset?: number }
  | { readonly kind: 'cumulate'; readonly maxSize: number; readonly step: number; readonly offset?: number };

/** Converts between UTC epoch millis and a zone's wall clock read as UTC. */
export interface TimeShift {
  toLocal(utcMillis: number): number;
  toUtc(localMillis: number): number;
}

/** Flink's TimeWindow.getWindowStartWithOffset (Java remainder semantics, like JS `%`). */
export function windowStart(timestamp: number, offset: number, size: number): number {
  const remainder = (timestamp - offset + size) % size;
  return remainder < 0 ? timestamp - (remainder + size) : timestamp - remainder;
}

/** Calls `emit(start, end)` for each window containing `timestamp`, in Flink's assigner order. */
export function assignWindows(
  spec: WindowSpec,
  timestamp: number,
  emit: (start: number, end: number) => void,
): void {
  const offset = spec.offset ?? 0;
  switch (spec.kind) {
    case 'tumble': {
      const start = windowStart(timestamp, offset, spec.size);
      emit(start, start + spec.size);
      return;
    }
    case 'hop': {
      const lastStart = windowStart(timestamp, offset, spec.slide);
      for (let start = lastStart; start > timestamp - spec.size; start -= spec.slide)
        emit(start, start + spec.size);
      return;
    }
    case 'cumulate': {
      const start = windowStart(timestamp, offset, spec.maxSize);
      const lastStart = windowStart(timestamp, offset, spec.step);
      for (let end = lastStart + spec.step; end <= start + spec.maxSize; end += spec.step) emit(start, end);
      return;
    }
  }
}

export function validateWindowSpec(spec: WindowSpec): void {
  const positive = (name: string, v: number): void => {
    if (!(v > 0)) throw new RangeError(`Window ${name} must be a positive number of milliseconds, got ${v}`);
  };
  if (spec.kind === 'tumble') positive('size', spec.size);
  if (spec.kind === 'hop') {
    positive('size', spec.size);
    positive('slide', spec.slide);
  }
  if (spec.kind === 'cumulate') {
    positive('max size', spec.maxSize);
    positive('step', spec.step);
    if (spec.maxSize % spec.step !== 0) {
      throw new RangeError(
        `CUMULATE max size (${spec.maxSize} ms) must be an integral multiple of the step (${spec.step} ms)`,
      );
    }
  }
}

/** Flink's isWindowFired: a window is complete once event time reaches `end - 1`. */
export function isWindowFired(windowEndUtc: number, watermark: number): boolean {
  return watermark >= windowEndUtc - 1;
}

/** A TimeShift for an IANA zone (e.g. 'Asia/Shanghai'), using the platform's time zone data. */
export function timeShiftFor(zone: string): TimeShift {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const offsetAt = (utc: number): number => {
    const p: Record<string, number> = {};
    for (const part of format.formatToParts(new Date(utc))) p[part.type] = Number(part.value);
    const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
    return wall - (utc - (((utc % 1000) + 1000) % 1000));
  };
  return {
    toLocal: (utc) => utc + offsetAt(utc),
    toUtc: (local) => {
      const guess = local - offsetAt(local);
      return local - offsetAt(guess);
    },
  };
}
