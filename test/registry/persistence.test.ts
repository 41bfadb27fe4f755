import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startRegistry } from '../../src/registry/index.ts';
import { apiFor, avroRecord } from './helpers.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('persistence and startup', () => {
  it('keeps schemas, versions, deletes, config and mode across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tributary-registry-'));
    dirs.push(dataDir);
    const first = await startRegistry({ port: 0, dataDir });
    const api1 = apiFor(first.url);
    const schema = avroRecord('Kept', [{ name: 'k', type: 'string' }]);
    const { id } = (await api1('POST', '/subjects/kept/versions', { schema })).body as { id: number };
    const doomed = avroRecord('Doomed', [{ name: 'd', type: 'string' }]);
    const doomedId = (
      (await api1('POST', '/subjects/doomed/versions', { schema: doomed })).body as { id: number }
    ).id;
    await api1('DELETE', '/subjects/doomed');
    await api1('DELETE', '/subjects/doomed?permanent=true');
    await api1('PUT', '/config/kept', { compatibility: 'FULL_TRANSITIVE' });
    await api1('PUT', '/mode/kept', { mode: 'READONLY' });
    await first.close();

    const second = await startRegistry({ port: 0, dataDir });
    const api2 = apiFor(second.url);
    try {
      expect((await api2('GET', `/schemas/ids/${id}`)).body).toEqual({ schema });
      expect((await api2('GET', '/subjects/kept/versions')).body).toEqual([1]);
      expect((await api2('GET', '/config/kept')).body).toEqual({ compatibilityLevel: 'FULL_TRANSITIVE' });
      expect((await api2('GET', '/mode/kept')).body).toEqual({ mode: 'READONLY' });
      // The burnt id of the hard-deleted schema is not handed out again.
      const fresh = avroRecord('Fresh', [{ name: 'f', type: 'string' }]);
      const freshId = (
        (await api2('POST', '/subjects/fresh/versions', { schema: fresh })).body as { id: number }
      ).id;
      expect(freshId).toBeGreaterThan(doomedId);
    } finally {
      await second.close();
    }
  });

  it('names the port when it is already taken', async () => {
    const running = await startRegistry({ port: 0 });
    try {
      await expect(startRegistry({ port: running.port })).rejects.toThrow(
        new RegExp(`127\\.0\\.0\\.1:${running.port}.*already in use`),
      );
    } finally {
      await running.close();
    }
  });
});
