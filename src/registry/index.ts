import { Registry } from './registry.ts';
import { buildServer } from './server.ts';
import { RegistryStore } from './store.ts';

export interface RegistryOptions {
  host?: string;
  port?: number;
  /** Directory for registry.sqlite; undefined keeps everything in memory. */
  dataDir?: string;
  /** A pino logger or fastify logger options; undefined = silent. */
  logger?: unknown;
}

export interface RunningRegistry {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the embedded Confluent-compatible Schema Registry. */
export async function startRegistry(opts: RegistryOptions = {}): Promise<RunningRegistry> {
  const host = opts.host ?? '127.0.0.1';
  const requestedPort = opts.port ?? 8081;
  const store = new RegistryStore(opts.dataDir);
  const app = buildServer(new Registry(store), opts.logger);
  try {
    await app.listen({ host, port: requestedPort });
  } catch (error) {
    await app.close();
    store.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new Error(
        `Schema Registry cannot listen on ${host}:${requestedPort}: the port is already in use; stop the other process or choose another port (--port)`,
      );
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : requestedPort;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    async close() {
      await app.close();
      store.close();
    },
  };
}
