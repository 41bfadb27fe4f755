import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { type RunningBroker, type StartBrokerOptions, startBroker } from '../../src/broker/index.ts';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'broker-test-'));
}

export const quietLogger = {
  info: () => {},
  warn: () => {},
  error: (m: string) => console.error(`[broker] ${m}`),
};

export function start(dataDir: string, opts: Partial<StartBrokerOptions> = {}): Promise<RunningBroker> {
  return startBroker({ dataDir, logger: quietLogger, ...opts });
}

export function kafkaFor(b: { host: string; port: number }, clientId = 'test'): Kafka {
  return new Kafka({
    clientId,
    brokers: [`${b.host}:${b.port}`],
    logLevel: logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 100 },
  });
}

export async function waitFor(what: string, cond: () => boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
