/**
 * Standalone broker: `tsx src/broker/main.ts --port 9092 --data-dir ./data/broker [--host 127.0.0.1]
 * [--auto-create-topics] [--default-partitions N]`. Prints its address once listening.
 */
import { parseArgs } from 'node:util';
import { startBroker } from './index.ts';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '9092' },
    'data-dir': { type: 'string', default: './data/broker' },
    'auto-create-topics': { type: 'boolean', default: false },
    'default-partitions': { type: 'string', default: '1' },
  },
});

try {
  const broker = await startBroker({
    host: values.host,
    port: Number(values.port),
    dataDir: values['data-dir'],
    autoCreateTopics: values['auto-create-topics'],
    defaultPartitions: Number(values['default-partitions']),
    logger: {
      info: (m) => console.log(m),
      warn: (m) => console.warn(m),
      error: (m) => console.error(m),
    },
  });
  console.log(`broker listening on ${broker.host}:${broker.port}`);
  const stop = () => {
    void broker.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
