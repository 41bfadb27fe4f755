import { join, resolve } from 'node:path';
import { type RunningBroker, startBroker } from '../../broker/index.ts';
import { type RunningRegistry, startRegistry } from '../../registry/index.ts';
import { parseFlags, portFlag, stringFlag } from '../args.ts';
import { closeAll, serveUntilSignal } from '../serve.ts';

export const startUsage = `Usage: tributary start [options]

Starts Tributary on its embedded defaults: the Kafka-protocol broker and the Schema Registry.

Options:
  --host <addr>           interface to bind (default 127.0.0.1, env TRIBUTARY_HOST)
  --broker-port <port>    embedded broker port (default 9092, env TRIBUTARY_BROKER_PORT; 0 = any free port)
  --registry-port <port>  embedded registry port (default 8081, env TRIBUTARY_REGISTRY_PORT)
  --data-dir <dir>        where broker logs and registry data live (default ./data, env TRIBUTARY_DATA_DIR)
  --no-broker             do not start the embedded broker
  --no-registry           do not start the embedded Schema Registry
`;

export async function runStart(argv: readonly string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    host: { type: 'string' },
    'broker-port': { type: 'string' },
    'registry-port': { type: 'string' },
    'data-dir': { type: 'string' },
    'no-broker': { type: 'boolean' },
    'no-registry': { type: 'boolean' },
  });
  const env = process.env;
  const host = stringFlag(values.host, env.TRIBUTARY_HOST ?? '127.0.0.1');
  const dataDir = resolve(stringFlag(values['data-dir'], env.TRIBUTARY_DATA_DIR ?? 'data'));
  const brokerPort = portFlag(values['broker-port'] ?? env.TRIBUTARY_BROKER_PORT, 'broker-port', 9092);
  const registryPort = portFlag(values['registry-port'] ?? env.TRIBUTARY_REGISTRY_PORT, 'registry-port', 8081);

  const closers: (() => Promise<void>)[] = [];
  try {
    if (values['no-broker'] !== true) {
      const broker: RunningBroker = await startBroker({ host, port: brokerPort, dataDir: join(dataDir, 'broker') });
      closers.push(() => broker.close());
      console.log(`Kafka-protocol broker listening on ${broker.host}:${broker.port}`);
    }
    if (values['no-registry'] !== true) {
      const registry: RunningRegistry = await startRegistry({ host, port: registryPort, dataDir: join(dataDir, 'registry') });
      closers.push(() => registry.close());
      console.log(`Schema Registry listening on ${registry.url}`);
    }
  } catch (err) {
    await closeAll(closers);
    throw err;
  }
  console.log(`Data directory: ${dataDir}. Press Ctrl-C to stop.`);
  await serveUntilSignal(closers);
  return 0;
}
