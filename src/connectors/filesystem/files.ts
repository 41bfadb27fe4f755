/**
 * Reading the filesystem connector's files: the files of a path (one file, or every file under a
 * directory in name order, skipping hidden `.`/`_` files as Flink does) and their lines.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Regular files under `dir`, recursively, sorted by path; hidden files and directories skipped. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name.startsWith('_')) continue;
    const full = join(dir, e.name);
    const stat = statSync(full);
    if (stat.isDirectory()) out.push(...listFiles(full));
    else if (stat.isFile()) out.push(full);
  }
  return out;
}

/** Line boundaries of a file: record `i` is bytes [starts[i], ends[i]), without `\n` or `\r\n`. */
export function splitLines(bytes: Buffer): { starts: number[]; ends: number[] } {
  const starts: number[] = [];
  const ends: number[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(10, start);
    const next = end < 0 ? bytes.length : end + 1;
    if (end < 0) end = bytes.length;
    let stop = end;
    if (stop > start && bytes[stop - 1] === 13) stop--;
    if (stop > start) {
      starts.push(start);
      ends.push(stop);
    }
    start = next;
  }
  return { starts, ends };
}

/** The 1-based line number of the byte at `offset`. */
export function lineNumberOf(bytes: Buffer, offset: number): number {
  let n = 1;
  for (let i = bytes.indexOf(10); i >= 0 && i < offset; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}
