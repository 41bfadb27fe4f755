/**
 * Durable file writes for checkpoints: content goes to a temp file in the same directory, is fsynced,
 * renamed over the final name, and the directory is fsynced, so after a crash a file either exists
 * whole or not at all. Temp names start with the final name and contain `.tmp-`; readers ignore them.
 */

import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export const TEMP_MARKER = '.tmp-';

/** Writes `data` to `dir/name` via temp file, fsync and rename; the caller fsyncs `dir` afterwards. */
export function writeFileDurably(dir: string, name: string, data: string | Uint8Array): Promise<number> {
  return writeChunksDurably(dir, name, [data]);
}

/**
 * Writes `chunks` to `dir/name` via temp file, fsync and rename, each piece as it comes: a large file
 * is never one string, and an async producer may yield between pieces (the job runs meanwhile).
 */
export async function writeChunksDurably(
  dir: string,
  name: string,
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
): Promise<number> {
  const temp = join(dir, `${name}${TEMP_MARKER}${randomBytes(6).toString('hex')}`);
  const handle = await open(temp, 'wx');
  let bytes = 0;
  try {
    for await (const chunk of chunks) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      bytes += buffer.length;
      await handle.write(buffer);
    }
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  await rename(temp, join(dir, name));
  return bytes;
}

/** Makes renames and creations in `dir` durable. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A random suffix for file names written once and never overwritten. */
export function uniqueSuffix(): string {
  return randomBytes(6).toString('hex');
}
