import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECKPOINT_FORMAT_VERSION, readCheckpoint } from '../../src/state/checkpoint/metadata.ts';
import { checkAllOperatorsClaimed, restoreOperator } from '../../src/state/checkpoint/restore.ts';
import { writeSavepoint } from '../../src/state/checkpoint/savepoint.ts';
import { EmbeddedKeyedStateBackend } from '../../src/state/embedded/backend.ts';
import { HeapKeyedStateBackend } from '../../src/state/heap-backend.ts';
import type { KeyedStateBackend } from '../../src/state/state.ts';

const root = mkdtempSync(join(tmpdir(), 'tributary-savepoints-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
const embedded = (maxParallelism = 128) =>
  new EmbeddedKeyedStateBackend({
    dir: join(root, `db${counter++}`),
    operator: 'agg',
    cacheBytes: 8192,
    maxParallelism,
  });

function fill(b: KeyedStateBackend): void {
  const m = b.mapState<string, bigint>({ name: 'm' });
  for (let k = 0; k < 300; k++) {
    b.setCurrentKey(`key${k}`, [k]);
    m.put('sum', BigInt(k) * 10n ** 18n);
    b.timerQueue('w/event').add({ time: 1000 + k, key: `key${k}`, keyRow: [k], namespace: 1000 });
  }
}

describe('savepoints', () => {
  it('round-trips a self-contained savepoint, even after the directory moves', async () => {
    const source = embedded();
    fill(source);
    const written = await writeSavepoint({
      dir: join(root, 'savepoints'),
      statement: 'orders by key',
      checkpointId: 7,
      operators: [
        { operatorId: 'agg-1', backend: source, operatorState: null },
        { operatorId: 'source-0', operatorState: { offset: 99 } },
      ],
      sourceOffsets: { 'orders/0': 99 },
    });
    expect(readdirSync(written.path).sort()).toEqual(['_metadata', 'agg-1.keyed.json']);
    const metadata = JSON.parse(readFileSync(join(written.path, '_metadata'), 'utf8'));
    expect(metadata).toMatchObject({
      formatVersion: CHECKPOINT_FORMAT_VERSION,
      kind: 'savepoint',
      statement: 'orders by key',
      checkpointId: 7,
    });
    expect(metadata.operators['agg-1'].maxParallelism).toBe(128);

    const moved = join(root, 'archived-savepoint');
    renameSync(written.path, moved);
    const savepoint = await readCheckpoint(moved);
    checkAllOperatorsClaimed(savepoint, ['agg-1', 'source-0'], false);
    for (const target of [embedded(), new HeapKeyedStateBackend()]) {
      await restoreOperator(savepoint, 'agg-1', target);
      const m = target.mapState<string, bigint>({ name: 'm' });
      for (let k = 0; k < 300; k++) {
        target.setCurrentKey(`key${k}`, [k]);
        expect(m.get('sum')).toBe(BigInt(k) * 10n ** 18n);
      }
      expect(target.timerQueue('w/event').size()).toBe(300);
      target.dispose();
    }
    expect(await restoreOperator(savepoint, 'source-0', new HeapKeyedStateBackend())).toEqual({ offset: 99 });
    source.dispose();
  });

  it('rejects a restore with another max parallelism, unclaimed state and newer formats', async () => {
    const source = new HeapKeyedStateBackend();
    fill(source);
    const savepoint = await writeSavepoint({
      dir: join(root, 'savepoints'),
      statement: 's',
      checkpointId: 1,
      operators: [{ operatorId: 'agg-1', backend: source }],
    });
    const other = embedded(256);
    await expect(restoreOperator(savepoint, 'agg-1', other)).rejects.toThrow(
      /taken with max parallelism 128, this job uses 256.*'pipeline.max-parallelism' = '128'/,
    );
    other.dispose();
    expect(() => checkAllOperatorsClaimed(savepoint, ['agg-2'], false)).toThrow(
      /operators this job does not contain: agg-1.*ignore-unclaimed-state/,
    );
    expect(() => checkAllOperatorsClaimed(savepoint, ['agg-2'], true)).not.toThrow();
    const path = join(savepoint.path, '_metadata');
    writeFileSync(path, JSON.stringify({ ...savepoint.metadata, formatVersion: 99 }));
    await expect(readCheckpoint(savepoint.path)).rejects.toThrow(/format version 99, newer/);
    await expect(readCheckpoint(join(root, 'nowhere'))).rejects.toThrow(/_metadata is missing/);
  });
});
