/**
 * Format option parsing with Flink's option names. Options reach a format with the table-level
 * `key.`/`value.` prefix already removed (see `formatOptionsOf`); every option the format does not know
 * but that carries its prefix is an error naming the supported ones.
 */
import { FormatOptionError } from './format.ts';

export type FormatOptions = Readonly<Record<string, string>>;

export class OptionReader {
  private readonly used = new Set<string>();

  constructor(
    readonly format: string,
    private readonly options: FormatOptions,
  ) {}

  private key(name: string): string {
    return `${this.format}.${name}`;
  }

  /** Reads `<format>.<name>` (or one of its aliases, e.g. `schema-registry.url` for `url`). */
  string(name: string, aliases: readonly string[] = []): string | undefined {
    for (const n of [name, ...aliases]) {
      const k = this.key(n);
      this.used.add(k);
      const v = this.options[k];
      if (v !== undefined) return v;
    }
    return undefined;
  }

  required(name: string, aliases: readonly string[] = []): string {
    const v = this.string(name, aliases);
    if (v === undefined || v === '') {
      throw new FormatOptionError(`Format '${this.format}' requires the option '${this.key(name)}'`);
    }
    return v;
  }

  boolean(name: string, fallback: boolean): boolean {
    const v = this.string(name);
    if (v === undefined) return fallback;
    const lower = v.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    throw new FormatOptionError(`Option '${this.key(name)}' must be 'true' or 'false', got '${v}'`);
  }

  choice<C extends string>(name: string, allowed: readonly C[], fallback: C): C {
    const v = this.string(name);
    if (v === undefined) return fallback;
    const match = allowed.find((a) => a.toLowerCase() === v.trim().toLowerCase());
    if (match === undefined) {
      throw new FormatOptionError(
        `Option '${this.key(name)}' must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got '${v}'`,
      );
    }
    return match;
  }

  /** A single character (after Java-style escapes such as `\t`), e.g. a CSV delimiter. */
  char(name: string, fallback: string): string {
    const v = this.string(name);
    if (v === undefined) return fallback;
    const unescaped = v === '\\t' ? '\t' : v;
    if (unescaped.length !== 1) {
      throw new FormatOptionError(`Option '${this.key(name)}' must be a single character, got '${v}'`);
    }
    return unescaped;
  }

  /** Options under a sub-prefix (e.g. `properties.`), returned without it. */
  prefixed(prefix: string): Record<string, string> {
    const full = this.key(prefix);
    const result: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.options)) {
      if (k.startsWith(full)) {
        this.used.add(k);
        result[k.slice(full.length)] = v;
      }
    }
    return result;
  }

  /** Rejects options under this format's prefix that nothing read. */
  checkUnknown(): void {
    const prefix = `${this.format}.`;
    const unknown = Object.keys(this.options).filter((k) => k.startsWith(prefix) && !this.used.has(k));
    if (unknown.length > 0) {
      const supported = [...this.used].sort().join(', ');
      throw new FormatOptionError(
        `Unsupported option${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${u}'`).join(', ')} for format '${this.format}'; supported: ${supported || '(none)'}`,
      );
    }
  }
}

/**
 * Splits table options into the options of its key or value format: `format`/`value.format` (or
 * `key.format`) picks the format and `value.json.x` becomes `json.x`. Without a `value.` prefixed
 * format, plain `json.x` options apply to the value format.
 */
export function formatOptionsOf(
  tableOptions: FormatOptions,
  side: 'key' | 'value',
): { format: string; options: Record<string, string> } | undefined {
  const prefix = `${side}.`;
  const format = tableOptions[`${prefix}format`] ?? (side === 'value' ? tableOptions['format'] : undefined);
  if (format === undefined) return undefined;
  const options: Record<string, string> = {};
  const usesPrefix = tableOptions[`${prefix}format`] !== undefined;
  for (const [k, v] of Object.entries(tableOptions)) {
    if (usesPrefix && k.startsWith(prefix)) options[k.slice(prefix.length)] = v;
    else if (!usesPrefix && k.startsWith(`${format}.`)) options[k] = v;
  }
  options['format'] = format;
  return { format, options };
}
