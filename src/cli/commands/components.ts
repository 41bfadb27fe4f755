import { resolve } from 'node:path';
import { startBroker } from '../../broker/index.ts';
import { startRegistry } from '../../registry/index.ts';
import { parseFlags, portFlag, stringFlag } from '../args.ts';
import { serveUntilSignal } from '../serve.ts';

export const brokerUsage = `Usage: tributary broker [--host 127.0.0.1] [--port 9092] [--data-dir ./data/broker]
                        [--auto-create-topics] [--default-partitions N]

Runs only the embedded Kafka-protocol broker.
`;

export async function runBroker(argv: readonly string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    host: { type: 'string' },
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    'auto-create-topics': { type: 'boolean' },
    'default-partitions': { type: 'string' },
  });
  const partitions = Number(values['default-partitions'] ?? 1);
  const broker = await startBroker({
    host: stringFlag(values.host, '127.0.0.1'),
    port: portFlag(values.port, 'port', 9092),
    dataDir: resolve(stringFlag(values['data-dir'], 'data/broker')),
    autoCreateTopics: values['auto-create-topics'] === true,
    defaultPartitions: Number.isInteger(partitions) && partitions > 0 ? partitions : 1,
  });
  console.log(`Kafka-protocol broker listening on ${broker.host}:${broker.port}`);
  await serveUntilSignal([() => broker.close()]);
  return 0;
}

export const registryUsage = `Usage: tributary registry [--host 127.0.0.1] [--port 8081] [--data-dir ./data/registry]

Runs only the embedded Schema Registry.
`;

export async function runRegistry(argv: readonly string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    host: { type: 'string' },
    port: { type: 'string' },
    'data-dir': { type: 'string' },
  });
  const registry = await startRegistry({
    host: stringFlag(values.host, '127.0.0.1'),
    port: portFlag(values.port, 'port', 8081),
    dataDir: resolve(stringFlag(values['data-dir'], 'data/registry')),
  });
  console.log(`Schema Registry listening on ${registry.url}`);
  await serveUntilSignal([() => registry.close()]);
  return 0;
}
