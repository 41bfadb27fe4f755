/**
 * The filesystem connector's sandbox: it only reads and writes under allowed directories. The
 * allowed list comes from the runner (`allowedPaths`), else the `TRIBUTARY_ALLOWED_PATHS` environment
 * variable (separated by the platform's path delimiter), else `<cwd>/data`.
 *
 * A path is checked after resolving it the way the OS will: relative to the working directory, `..`
 * collapsed, and symlinks followed through the real path of its longest existing prefix (the rest does
 * not exist yet, so cannot be a link). The allowed directories are resolved the same way, so a path is
 * accepted only when its real location is inside one of them.
 */
import { existsSync, realpathSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ConnectorOptionError } from '../options.ts';

export const ALLOWED_PATHS_ENV = 'TRIBUTARY_ALLOWED_PATHS';

/** The allowed directories in effect: explicit list, else the environment, else `<cwd>/data`. */
export function allowedDirectories(explicit?: readonly string[]): readonly string[] {
  if (explicit !== undefined && explicit.length > 0) return explicit.map((p) => resolve(p));
  const env = process.env[ALLOWED_PATHS_ENV];
  if (env !== undefined && env.trim() !== '') {
    return env
      .split(delimiter)
      .map((p) => p.trim())
      .filter((p) => p !== '')
      .map((p) => resolve(p));
  }
  return [resolve(process.cwd(), 'data')];
}

/** The real path of `path`: the real path of its longest existing prefix joined with the rest. */
export function realPathOf(path: string): string {
  const absolute = resolve(path);
  const rest: string[] = [];
  let prefix = absolute;
  for (;;) {
    if (existsSync(prefix)) {
      const real = realpathSync.native(prefix);
      return rest.length === 0 ? real : join(real, ...rest.reverse());
    }
    const parent = dirname(prefix);
    if (parent === prefix) return absolute;
    rest.push(prefix.slice(parent.length).replace(/^[\\/]+/, ''));
    prefix = parent;
  }
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

export class PathNotAllowedError extends ConnectorOptionError {
  constructor(
    readonly path: string,
    readonly allowed: readonly string[],
  ) {
    super(
      `Path '${path}' is outside the allowed directories (${allowed.join(', ')}); the filesystem connector only reads and writes there. Move the file, or allow its directory with the runner's allowedPaths or ${ALLOWED_PATHS_ENV}.`,
    );
    this.name = 'PathNotAllowedError';
  }
}

/**
 * Checks `path` against the allowed directories and returns its real absolute path.
 * Throws PathNotAllowedError naming the path and the allowed directories.
 */
export function checkPathAllowed(path: string, allowed: readonly string[]): string {
  if (path.includes('\0')) throw new PathNotAllowedError(path, allowed);
  const real = realPathOf(path);
  for (const dir of allowed) {
    if (isInside(real, realPathOf(dir))) return real;
  }
  throw new PathNotAllowedError(path, allowed);
}
