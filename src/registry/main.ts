import { parseArgs } from 'node:util';
import { startRegistry } from './index.ts';

/** Standalone entry point: `tsx src/registry/main.ts --port 8081 --data-dir ./data/registry`. */
const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '8081' },
    'data-dir': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  process.stdout.write(
    'Usage: tsx src/registry/main.ts [--host 127.0.0.1] [--port 8081] [--data-dir DIR]\n' +
      'Without --data-dir the registry keeps its state in memory.\n',
  );
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`Invalid --port '${values.port}': expected an integer between 0 and 65535\n`);
  process.exit(2);
}

try {
  const registry = await startRegistry({
    host: values.host,
    port,
    ...(values['data-dir'] !== undefined ? { dataDir: values['data-dir'] } : {}),
  });
  process.stdout.write(`Schema Registry listening on ${registry.url}\n`);
  const stop = () => {
    registry.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
