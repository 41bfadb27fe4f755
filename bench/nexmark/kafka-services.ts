/**
 * The `--source kafka` variant's broker and Schema Registry, in their own process (forked by
 * main.ts), so that serving fetches is not counted in a query worker's CPU time. Both listen on
 * 127.0.0.1, port 0; their addresses go back over IPC. The process stops when its parent disconnects.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker } from '../../src/broker/index.ts';
import { startRegistry } from '../../src/registry/index.ts';

export interface KafkaServices {
  readonly bootstrap: string;
  readonly registryUrl: string;
}

const dataDir = mkdtempSync(join(tmpdir(), 'nexmark-kafka-'));
const broker = await startBroker({
  host: '127.0.0.1',
  port: 0,
  dataDir,
  logger: {
    info: () => {},
    warn: (m) => console.warn(`[broker] ${m}`),
    error: (m) => console.error(`[broker] ${m}`),
  },
});
const registry = await startRegistry({ host: '127.0.0.1', port: 0 });
const services: KafkaServices = { bootstrap: `${broker.host}:${broker.port}`, registryUrl: registry.url };
process.send?.(services);
process.on('disconnect', () => {
  void Promise.all([broker.close(), registry.close()]).finally(() => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
});
