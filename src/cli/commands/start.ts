import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type RunningBroker, startBroker } from '../../broker/index.ts';
import { ConfigError, type GatewayConfig, loadConfig } from '../../gateway/config.ts';
import { startGateway } from '../../gateway/server.ts';
import { type RunningRegistry, startRegistry } from '../../registry/index.ts';
import { parseFlags, portFlag, stringFlag, UsageError } from '../args.ts';
import { closeAll, serveUntilSignal } from '../serve.ts';
import { DEMO_TOPIC, startDemoOrders } from './demo-orders.ts';

export const startUsage = `Usage: tributary start [options]

Starts Tributary: the SQL gateway (REST /v1, WebSocket /v1/ws, /metrics) with the embedded
Kafka-protocol broker and Schema Registry. Settings come from tributary.yaml (--config), then
TRIBUTARY_* environment variables, then these flags.

Options:
  --host <addr>           interface to bind (default 127.0.0.1, env TRIBUTARY_HOST)
  --port <port>           gateway port (default 8080, env TRIBUTARY_PORT; 0 = any free port)
  --broker-port <port>    embedded broker port (default 9092, env TRIBUTARY_BROKER_PORT)
  --registry-port <port>  embedded registry port (default 8081, env TRIBUTARY_REGISTRY_PORT)
  --data-dir <dir>        gateway database, broker logs and registry data (default ./data, env TRIBUTARY_DATA_DIR)
  --config <file>         configuration file (default ./tributary.yaml when it exists)
  --catalogs-dir <dir>    Kafka catalog definitions (default ./catalogs when it exists)
  --no-auth               disable API keys (only allowed on a loopback address unless --insecure)
  --insecure              allow a non-loopback bind without authentication
  --tls-cert <file>       serve HTTPS/WSS with this certificate (needs --tls-key)
  --tls-key <file>        the certificate's private key
  --no-broker             do not start the embedded broker
  --no-registry           do not start the embedded Schema Registry
  --no-demo               do not feed the demo topic ${DEMO_TOPIC} (env TRIBUTARY_DEMO=false)
  --demo-rate <n>         demo orders per second (default 2, env TRIBUTARY_DEMO_RATE)
`;

export async function runStart(argv: readonly string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    host: { type: 'string' },
    port: { type: 'string' },
    'broker-port': { type: 'string' },
    'registry-port': { type: 'string' },
    'data-dir': { type: 'string' },
    config: { type: 'string' },
    'catalogs-dir': { type: 'string' },
    'no-auth': { type: 'boolean' },
    insecure: { type: 'boolean' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'no-broker': { type: 'boolean' },
    'no-registry': { type: 'boolean' },
    'no-demo': { type: 'boolean' },
    'demo-rate': { type: 'string' },
  });
  const env = process.env;
  const flags: Record<string, unknown> = {};
  if (values.host !== undefined) flags.host = values.host;
  if (values.port !== undefined) flags.port = portFlag(values.port, 'port', 8080);
  if (values['data-dir'] !== undefined) flags.dataDir = values['data-dir'];
  if (values['catalogs-dir'] !== undefined) flags.catalogsDir = values['catalogs-dir'];
  else if (env.TRIBUTARY_CATALOGS_DIR === undefined && existsSync('catalogs')) flags.catalogsDir = 'catalogs';
  if (values['no-auth'] === true) flags.auth = { enabled: false };
  if (values.insecure === true) flags.insecure = true;
  if (values['tls-cert'] !== undefined || values['tls-key'] !== undefined)
    flags.tls = { cert: values['tls-cert'], key: values['tls-key'] };
  let config: GatewayConfig;
  try {
    config = loadConfig({
      ...(typeof values.config === 'string' ? { file: values.config } : {}),
      env,
      flags,
    });
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
  const host = config.host;
  const dataDir = resolve(stringFlag(values['data-dir'], config.dataDir));
  const brokerPort = portFlag(values['broker-port'] ?? env.TRIBUTARY_BROKER_PORT, 'broker-port', 9092);
  const registryPort = portFlag(
    values['registry-port'] ?? env.TRIBUTARY_REGISTRY_PORT,
    'registry-port',
    8081,
  );

  const demo = values['no-demo'] !== true && !/^(false|0|off|no)$/i.test(env.TRIBUTARY_DEMO ?? '');
  const demoRate = Number(values['demo-rate'] ?? env.TRIBUTARY_DEMO_RATE ?? 2);
  if (!(demoRate > 0 && demoRate <= 1000))
    throw new UsageError(
      `--demo-rate must be a number of orders per second from 0 to 1000, got '${values['demo-rate'] ?? env.TRIBUTARY_DEMO_RATE}'`,
    );

  const closers: (() => Promise<void>)[] = [];
  let broker: RunningBroker | undefined;
  let registry: RunningRegistry | undefined;
  try {
    if (values['no-broker'] !== true) {
      const b = await startBroker({
        host,
        port: brokerPort,
        dataDir: join(dataDir, 'broker'),
      });
      broker = b;
      closers.push(() => b.close());
      // catalogs/default.json reads these, so the default catalog follows a port chosen at start-up
      env.TRIBUTARY_EMBEDDED_BOOTSTRAP = `${b.host}:${b.port}`;
      console.log(`Kafka-protocol broker listening on ${b.host}:${b.port}`);
    }
    if (values['no-registry'] !== true) {
      const r = await startRegistry({
        host,
        port: registryPort,
        dataDir: join(dataDir, 'registry'),
      });
      registry = r;
      closers.push(() => r.close());
      env.TRIBUTARY_EMBEDDED_REGISTRY = r.url;
      console.log(`Schema Registry listening on ${r.url}`);
    }
    const gateway = await startGateway({ ...config, dataDir: join(dataDir, 'gateway') });
    closers.push(() => gateway.close());
    console.log(
      `SQL gateway listening on ${gateway.url} (REST ${gateway.url}/v1, WebSocket ${gateway.url.replace(/^http/, 'ws')}/v1/ws)`,
    );
    if (gateway.bootstrapToken !== undefined) {
      console.log(`Admin API key (shown once, store it now): ${gateway.bootstrapToken}`);
    }
    if (demo && broker !== undefined && registry !== undefined) {
      try {
        const orders = await startDemoOrders({
          bootstrap: `${broker.host}:${broker.port}`,
          registryUrl: registry.url,
          rate: demoRate,
        });
        closers.push(() => orders.close());
        console.log(
          `Demo topic ${orders.topic} gets ${demoRate} orders/s: query it as \`default\`.cluster_0.${orders.topic} (--no-demo turns it off)`,
        );
      } catch (e) {
        // the demo is a convenience: the server is useful without it
        console.log(`The demo topic ${DEMO_TOPIC} is not fed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  } catch (err) {
    await closeAll(closers);
    throw err;
  }
  console.log(`Data directory: ${dataDir}. Press Ctrl-C to stop.`);
  await serveUntilSignal(closers);
  return 0;
}
