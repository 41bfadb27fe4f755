import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type ServerProcess, startServerProcess } from '../../bench/ws-load.ts';

/** Node cannot make X.509 certificates itself; the openssl CLI does, when the machine has it. */
function opensslMissing(): string | undefined {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
    return undefined;
  } catch {
    return 'the openssl command is not installed, so no self-signed certificate can be made';
  }
}
const skipReason = opensslMissing();
if (skipReason !== undefined) console.log(`Skipping the TLS test: ${skipReason}`);

const dir = mkdtempSync(join(tmpdir(), 'tributary-tls-'));
let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** GET over HTTPS trusting only `ca` (the system's CAs when undefined). */
function httpsGet(
  url: string,
  ca: Buffer | undefined,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ...(ca ? { ca } : {}), headers }, (res) => {
      let body = '';
      res.on('data', (d) => {
        body += String(d);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(skipReason !== undefined)('TLS', () => {
  it('serves HTTPS and WSS with --tls-cert/--tls-key and nothing in clear', async () => {
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
      ],
      { stdio: 'pipe' },
    );
    const ca = readFileSync(cert);
    server = await startServerProcess(dir, {}, ['--tls-cert', cert, '--tls-key', key]);
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(server.output()).toContain('WebSocket wss://127.0.0.1:');

    expect(await httpsGet(`${server.url}/healthz`, ca)).toEqual({ status: 200, body: '{"status":"ok"}' });
    const envs = await httpsGet(`${server.url}/v1/environments`, ca, {
      authorization: `Bearer ${server.token}`,
    });
    expect(envs.status).toBe(200);
    expect(JSON.parse(envs.body)).toMatchObject({ items: [{ metadata: { name: 'default' } }] });
    // a client that does not trust the certificate is refused by the TLS handshake
    await expect(httpsGet(`${server.url}/healthz`, undefined)).rejects.toThrow(/self.signed/);
    // plain HTTP on the TLS port gets no answer from the API
    const plain = await fetch(`${server.url.replace('https', 'http')}/healthz`).then(
      (r) => r.status,
      () => 'refused',
    );
    expect(plain).not.toBe(200);

    const ws = new WebSocket(`${server.url.replace('https', 'wss')}/v1/ws`, { ca });
    const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
      ws.once('error', reject);
      ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', apiKey: server!.token })));
      ws.once('message', (d) => resolve(JSON.parse(String(d)) as Record<string, unknown>));
    });
    expect(ready).toMatchObject({ type: 'ready', protocol: 1 });
    ws.close();

    expect(await server.stop()).toBe(0);
    server = undefined;
  }, 600_000);
});
