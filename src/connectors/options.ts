/**
 * Option handling shared by the connectors: typed reads with errors that name the option, the
 * unsupported-option check in Flink's wording, Flink's Duration syntax, and the physical row type a
 * connector reads or writes (computed and virtual metadata columns are the planner's business).
 */
import type { CatalogTable } from '../catalog/catalog.ts';
import { type LogicalType, type RowType, T } from '../expr/types.ts';

/** An invalid connector option or a table a connector cannot serve; raised when the source or sink is created. */
export class ConnectorOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectorOptionError';
  }
}

export type ConnectorOptions = Readonly<Record<string, string>>;

/** Reads connector options, remembering which were read so unknown ones can be reported. */
export class ConnectorOptionReader {
  private readonly used = new Set<string>(['connector']);

  constructor(
    readonly connector: string,
    readonly options: ConnectorOptions,
  ) {}

  /** Marks options as known without reading them (e.g. format options validated by the format). */
  accept(predicate: (key: string) => boolean): void {
    for (const k of Object.keys(this.options)) if (predicate(k)) this.used.add(k);
  }

  string(key: string): string | undefined {
    this.used.add(key);
    return this.options[key];
  }

  required(key: string): string {
    const v = this.string(key);
    if (v === undefined || v.trim() === '') {
      throw new ConnectorOptionError(`Connector '${this.connector}' requires the option '${key}'`);
    }
    return v;
  }

  boolean(key: string, fallback: boolean): boolean {
    const v = this.string(key);
    if (v === undefined) return fallback;
    const lower = v.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    throw new ConnectorOptionError(`Option '${key}' must be 'true' or 'false', got '${v}'`);
  }

  /** An integer option within [min, max] (a Flink Long/Integer option). */
  integer(
    key: string,
    fallback: number | undefined,
    min = Number.MIN_SAFE_INTEGER,
    max = Number.MAX_SAFE_INTEGER,
  ): number | undefined {
    const v = this.string(key);
    if (v === undefined) return fallback;
    const t = v.trim();
    const n = Number(t);
    if (!/^[+-]?\d+$/.test(t) || !Number.isSafeInteger(n)) {
      throw new ConnectorOptionError(`Option '${key}' must be an integer, got '${v}'`);
    }
    if (n < min || n > max) {
      throw new ConnectorOptionError(`Option '${key}' must be between ${min} and ${max}, got ${n}`);
    }
    return n;
  }

  /** Rejects every option nothing read, listing the supported ones (Flink's FactoryUtil wording). */
  checkUnknown(extraSupported: readonly string[] = []): void {
    const unknown = Object.keys(this.options).filter((k) => !this.used.has(k));
    if (unknown.length === 0) return;
    const supported = [...new Set([...this.used, ...extraSupported])].sort();
    throw new ConnectorOptionError(
      `Unsupported options found for '${this.connector}'.\n\nUnsupported options:\n\n${unknown.sort().join('\n')}\n\nSupported options:\n\n${supported.join('\n')}`,
    );
  }
}

const DURATION_UNITS: ReadonlyArray<readonly [readonly string[], number]> = [
  [['d', 'day', 'days'], 86_400_000],
  [['h', 'hour', 'hours'], 3_600_000],
  [['min', 'm', 'minute', 'minutes'], 60_000],
  [['s', 'sec', 'secs', 'second', 'seconds'], 1000],
  [['ms', 'milli', 'millis', 'millisecond', 'milliseconds'], 1],
];

/** Flink's TimeUtils.parseDuration: `500`, `500 ms`, `10s`, `5 min`, `1 h`, `2 d` → milliseconds. */
export function parseDuration(text: string, key: string): number {
  const m = /^\s*(\d+)\s*([a-zA-Z]*)\s*$/.exec(text);
  if (m === null) {
    throw new ConnectorOptionError(
      `Option '${key}' must be a duration such as '500 ms', '10 s' or '5 min', got '${text}'`,
    );
  }
  const amount = Number(m[1]);
  const unit = m[2]!.toLowerCase();
  if (unit === '') return amount;
  for (const [names, factor] of DURATION_UNITS) if (names.includes(unit)) return amount * factor;
  throw new ConnectorOptionError(
    `Option '${key}' has an unknown time unit '${m[2]}' in '${text}'; use ms, s, min, h or d`,
  );
}

/**
 * The columns a connector reads (as a source) or writes (as a sink): the physical columns in
 * declaration order. Metadata columns are not served by these connectors.
 */
export function physicalRowType(table: CatalogTable): RowType {
  const fields: (readonly [string, LogicalType])[] = [];
  for (const c of table.columns) if (c.kind === 'physical') fields.push([c.name, c.type]);
  return T.row(fields, false);
}

/** Rejects metadata columns: the built-in file and generator connectors expose no metadata. */
export function rejectMetadataColumns(table: CatalogTable, connector: string): void {
  const meta = table.columns.find((c) => c.kind === 'metadata');
  if (meta !== undefined) {
    throw new ConnectorOptionError(
      `Connector '${connector}' has no metadata; column '${meta.name}' is declared METADATA. Remove it or compute it from other columns.`,
    );
  }
}
