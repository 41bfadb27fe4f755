/**
 * Interoperability with librdkafka (kcat) and kafka-python. Both tools are hard requirements: .ci/run
 * installs them (Debian packages kcat and python3-kafka); a machine without them fails here loudly.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../../src/broker/index.ts';
import { kafkaFor, start, tempDataDir } from './helpers.ts';

const run = promisify(execFile);
const hasKcat = spawnSync('kcat', ['-V']).status === 0;
const hasKafkaPython = spawnSync('/usr/bin/python3', ['-c', 'import kafka']).status === 0;

function runWithInput(
  cmd: string,
  args: string[],
  input: string,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'ignore', 'pipe'], timeout: 20_000 });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
    child.stdin.end(input);
  });
}

let dataDir: string;
let broker: RunningBroker;
let bootstrap: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  broker = await start(dataDir);
  bootstrap = `${broker.host}:${broker.port}`;
  const admin = kafkaFor(broker).admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic: 'kc', numPartitions: 2 },
      { topic: 'py', numPartitions: 2 },
    ],
  });
  await admin.disconnect();
});

afterAll(async () => {
  await broker.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('kcat (librdkafka)', () => {
  it('is installed', () => {
    expect(hasKcat, 'kcat is missing: install the Debian package "kcat" (.ci/run does)').toBe(true);
  });

  it('lists metadata with -L', async () => {
    const { stdout } = await run('kcat', ['-L', '-b', bootstrap], { timeout: 20_000 });
    expect(stdout).toContain(`broker 0 at ${bootstrap}`);
    expect(stdout).toMatch(/topic "kc" with 2 partitions/);
  });

  it('produces with -P and consumes with -C and -G', async () => {
    const lines = Array.from({ length: 20 }, (_, i) => `key${i}:value${i}`).join('\n');
    // Asynchronous: the broker runs in this process, so a synchronous spawn would starve it.
    const produce = await runWithInput(
      'kcat',
      ['-P', '-b', bootstrap, '-t', 'kc', '-K:', '-p', '0'],
      `${lines}\n`,
    );
    expect(produce.code, produce.stderr).toBe(0);
    const { stdout } = await run(
      'kcat',
      ['-C', '-b', bootstrap, '-t', 'kc', '-p', '0', '-o', 'beginning', '-e', '-f', '%k=%s@%o\n'],
      {
        timeout: 20_000,
      },
    );
    expect(stdout.trim().split('\n')).toEqual(Array.from({ length: 20 }, (_, i) => `key${i}=value${i}@${i}`));
    const group = await run(
      'kcat',
      [
        '-b',
        bootstrap,
        '-G',
        'kcat-group',
        '-o',
        'beginning',
        '-e',
        '-f',
        '%s\n',
        '-X',
        'session.timeout.ms=6000',
        'kc',
      ],
      { timeout: 40_000 },
    );
    expect(group.stdout.trim().split('\n').sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `value${i}`).sort(),
    );
  }, 60_000);
});

const PY = `
import sys
from kafka import KafkaProducer, KafkaConsumer
bootstrap = sys.argv[1]
p = KafkaProducer(bootstrap_servers=bootstrap, acks='all')
for i in range(30):
    p.send('py', key=b'k%d' % i, value=b'v%d' % i)
p.flush()
p.close()
c = KafkaConsumer('py', bootstrap_servers=bootstrap, group_id='py-group', auto_offset_reset='earliest',
                  consumer_timeout_ms=5000, enable_auto_commit=False)
got = []
for m in c:
    got.append(m.value.decode())
    if len(got) == 30:
        break
c.commit()
c.close()
print(','.join(sorted(got)))
`;

describe('kafka-python', () => {
  it('is installed', () => {
    expect(hasKafkaPython, 'kafka-python is missing: install the Debian package "python3-kafka"').toBe(true);
  });

  it('produces and consumes through a group, committing offsets', async () => {
    const script = path.join(dataDir, 'client.py');
    fs.writeFileSync(script, PY);
    const { stdout } = await run('/usr/bin/python3', [script, bootstrap], { timeout: 60_000 });
    expect(stdout.trim()).toBe(
      Array.from({ length: 30 }, (_, i) => `v${i}`)
        .sort()
        .join(','),
    );
    const admin = kafkaFor(broker).admin();
    await admin.connect();
    const offsets = await admin.fetchOffsets({ groupId: 'py-group', topics: ['py'] });
    await admin.disconnect();
    expect(offsets[0]!.partitions.reduce((n, p) => n + Number(p.offset), 0)).toBe(30);
  }, 60_000);
});
