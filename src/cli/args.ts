import { parseArgs } from 'node:util';

/** A command-line usage problem: printed with the command's usage text, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type OptionSpec = {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  default?: string | boolean;
};

/** Parses a subcommand's flags strictly, turning node's parse errors into UsageError. */
export function parseFlags<T extends Record<string, OptionSpec>>(
  argv: readonly string[],
  options: T,
): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return {
      values: parsed.values as Record<string, string | boolean | string[] | undefined>,
      positionals: parsed.positionals,
    };
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** Reads a port flag: an integer from 0 (pick a free port) to 65535. */
export function portFlag(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--${name} must be a port number from 0 to 65535, got '${String(value)}'`);
  }
  return port;
}

export function stringFlag(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}
