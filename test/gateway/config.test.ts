import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_CONFIG,
  envLayer,
  loadConfig,
  readConfigFile,
} from '../../src/gateway/config.ts';

const dir = mkdtempSync(join(tmpdir(), 'tributary-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function yamlFile(text: string): string {
  const file = join(dir, `tributary-${fileCount++}.yaml`);
  writeFileSync(file, text);
  return file;
}

/** The ConfigError message `load` throws (fails the test when it does not throw one). */
function errorOf(load: () => unknown): string {
  try {
    load();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration layers', () => {
  it('applies defaults < tributary.yaml < environment < flags', () => {
    const file = yamlFile(
      [
        'gateway:',
        '  port: 9001',
        '  logLevel: debug',
        '  resultBufferRows: 500',
        '  maxRunningStatementsPerKey: 3',
        '  defaultPool:',
        '    maxCfu: 6',
        '  auth:',
        '    enabled: false',
        'broker:',
        '  port: 1234',
      ].join('\n'),
    );
    const fromFile = loadConfig({ file, env: {} });
    expect(fromFile).toMatchObject({
      port: 9001,
      logLevel: 'debug',
      resultBufferRows: 500,
      maxRunningStatementsPerKey: 3,
      defaultPool: { maxCfu: 6 },
      auth: { enabled: false },
      host: DEFAULT_CONFIG.host,
      bodyLimitBytes: DEFAULT_CONFIG.bodyLimitBytes,
    });
    const withEnv = loadConfig({
      file,
      env: {
        TRIBUTARY_PORT: '9002',
        TRIBUTARY_LOG_LEVEL: 'warn',
        TRIBUTARY_BODY_LIMIT_BYTES: '4096',
        TRIBUTARY_DEFAULT_POOL_MAX_CFU: '2',
        TRIBUTARY_AUTH: 'true',
        TRIBUTARY_ADMIN_KEY: 'tk-x.0123456789abcdefghij',
        TRIBUTARY_DATA_DIR: 'somewhere',
      },
    });
    expect(withEnv).toMatchObject({
      port: 9002,
      logLevel: 'warn',
      resultBufferRows: 500,
      bodyLimitBytes: 4096,
      defaultPool: { maxCfu: 2 },
      auth: { enabled: true, adminKey: 'tk-x.0123456789abcdefghij' },
      dataDir: resolve('somewhere'),
    });
    const withFlags = loadConfig({
      file,
      env: { TRIBUTARY_PORT: '9002' },
      flags: { port: 0, auth: { enabled: false } },
    });
    expect(withFlags).toMatchObject({ port: 0, auth: { enabled: false }, logLevel: 'debug' });
  });

  it('reads a file without a gateway section as the settings themselves, and an empty file as none', () => {
    expect(loadConfig({ file: yamlFile('port: 7000\nhost: 127.0.0.2\n'), env: {} })).toMatchObject({
      port: 7000,
      host: '127.0.0.2',
    });
    expect(readConfigFile(yamlFile(''))).toEqual({});
    expect(readConfigFile(yamlFile('gateway:\nbroker:\n  port: 1\n'))).toEqual({});
    expect(errorOf(() => readConfigFile(yamlFile('gateway: 8080\n')))).toMatch(
      /The 'gateway' section of config file '.*' must be a mapping of settings/,
    );
  });

  it('maps every documented environment variable', () => {
    expect(
      envLayer({
        TRIBUTARY_HOST: 'h',
        TRIBUTARY_PORT: '1',
        TRIBUTARY_DATA_DIR: 'd',
        TRIBUTARY_INSECURE: 'true',
        TRIBUTARY_LOG_LEVEL: 'info',
        TRIBUTARY_CATALOGS_DIR: 'c',
        TRIBUTARY_RESULT_BUFFER_ROWS: '100',
        TRIBUTARY_MAX_RUNNING_STATEMENTS_PER_KEY: '5',
        TRIBUTARY_BODY_LIMIT_BYTES: '2048',
        TRIBUTARY_DEFAULT_POOL_MAX_CFU: '3',
        TRIBUTARY_AUTH: 'false',
        TRIBUTARY_ADMIN_KEY: 'k',
        TRIBUTARY_TLS_CERT: 'cert.pem',
        TRIBUTARY_TLS_KEY: 'key.pem',
        TRIBUTARY_UNRELATED: 'ignored',
      }),
    ).toEqual({
      host: 'h',
      port: '1',
      dataDir: 'd',
      insecure: 'true',
      logLevel: 'info',
      catalogsDir: 'c',
      resultBufferRows: '100',
      maxRunningStatementsPerKey: '5',
      bodyLimitBytes: '2048',
      defaultPool: { maxCfu: '3' },
      auth: { enabled: 'false', adminKey: 'k' },
      tls: { cert: 'cert.pem', key: 'key.pem' },
    });
    // empty variables count as unset
    expect(envLayer({ TRIBUTARY_PORT: '', TRIBUTARY_TLS_CERT: '' })).toEqual({});
  });
});

describe('configuration errors name the setting, where it came from and what is accepted', () => {
  it('rejects unknown settings, at the top level and inside sections', () => {
    expect(errorOf(() => loadConfig({ file: yamlFile('gateway:\n  prot: 80\n'), env: {} }))).toMatch(
      /Unknown setting 'prot' \(config file .*tributary-\d+\.yaml\); known settings: host, port/,
    );
    expect(
      errorOf(() => loadConfig({ file: yamlFile('gateway:\n  auth:\n    enabeld: false\n'), env: {} })),
    ).toMatch(/Unknown setting 'auth.enabeld' \(config file .*\); known settings of auth: enabled, adminKey/);
    expect(errorOf(() => loadConfig({ env: {}, flags: { defaultPool: { cfu: 2 } } }))).toContain(
      "Unknown setting 'defaultPool.cfu' (command line)",
    );
  });

  it('rejects bad values with the accepted range', () => {
    expect(errorOf(() => loadConfig({ env: { TRIBUTARY_PORT: '70000' } }))).toBe(
      'port (environment) must be an integer from 0 to 65535, got "70000"',
    );
    expect(errorOf(() => loadConfig({ env: { TRIBUTARY_BODY_LIMIT_BYTES: '10' } }))).toContain(
      'bodyLimitBytes (environment) must be an integer from 1024',
    );
    expect(errorOf(() => loadConfig({ env: { TRIBUTARY_DEFAULT_POOL_MAX_CFU: '0' } }))).toContain(
      'defaultPool.maxCfu (environment) must be an integer from 1 to 1024',
    );
    expect(errorOf(() => loadConfig({ env: { TRIBUTARY_AUTH: 'maybe' } }))).toBe(
      'auth.enabled (environment) must be true or false, got "maybe"',
    );
    expect(errorOf(() => loadConfig({ env: { TRIBUTARY_LOG_LEVEL: 'loud' } }))).toContain(
      "logLevel (environment) must be one of fatal, error, warn, info, debug, trace, silent; got 'loud'",
    );
    expect(errorOf(() => loadConfig({ env: {}, flags: { auth: true } }))).toContain(
      'auth (command line) must be an object',
    );
    expect(errorOf(() => loadConfig({ env: {}, flags: { host: '' } }))).toContain(
      'host (command line) must be a non-empty string',
    );
    expect(
      errorOf(() => loadConfig({ file: yamlFile('gateway:\n  resultBufferRows: many\n'), env: {} })),
    ).toMatch(/resultBufferRows \(config file .*\) must be an integer from 16 to 10000000, got "many"/);
    expect(
      errorOf(() => loadConfig({ env: { TRIBUTARY_ADMIN_KEY: '' }, flags: { auth: { adminKey: 5 } } })),
    ).toContain('auth.adminKey (command line) must be a non-empty string, got 5');
  });

  it('reports unreadable and malformed files', () => {
    expect(errorOf(() => loadConfig({ file: join(dir, 'missing.yaml'), env: {} }))).toMatch(
      /Cannot read config file '.*missing\.yaml'/,
    );
    expect(errorOf(() => loadConfig({ file: yamlFile('gateway: [1, 2\n'), env: {} }))).toMatch(
      /Cannot read config file/,
    );
    expect(errorOf(() => loadConfig({ file: yamlFile('- 1\n- 2\n'), env: {} }))).toMatch(
      /must hold a mapping of settings/,
    );
  });

  it('checks TLS settings: both files, existing, a usable certificate and key', () => {
    expect(errorOf(() => loadConfig({ env: { TRIBUTARY_TLS_CERT: 'cert.pem' } }))).toBe(
      'tls (environment) needs both cert and key (a PEM certificate and its private key); got only cert',
    );
    expect(
      errorOf(() =>
        loadConfig({ env: {}, flags: { tls: { cert: join(dir, 'c.pem'), key: join(dir, 'k.pem') } } }),
      ),
    ).toContain(`tls.cert (command line): file '${join(dir, 'c.pem')}' does not exist`);
    const notPem = join(dir, 'not.pem');
    writeFileSync(notPem, 'hello');
    expect(errorOf(() => loadConfig({ env: {}, flags: { tls: { cert: notPem, key: notPem } } }))).toContain(
      'are not a usable PEM certificate and matching private key',
    );
  });

  it('refuses a public bind without authentication unless insecure', () => {
    expect(
      errorOf(() => loadConfig({ env: { TRIBUTARY_HOST: '0.0.0.0', TRIBUTARY_AUTH: 'false' } })),
    ).toContain('Refusing to bind 0.0.0.0 with authentication disabled');
    expect(
      loadConfig({ env: { TRIBUTARY_HOST: '0.0.0.0', TRIBUTARY_AUTH: 'false', TRIBUTARY_INSECURE: 'true' } }),
    ).toMatchObject({ host: '0.0.0.0', insecure: true });
    expect(loadConfig({ env: { TRIBUTARY_HOST: '127.0.0.5', TRIBUTARY_AUTH: 'false' } }).host).toBe(
      '127.0.0.5',
    );
  });
});

describe('tributary start with a bad configuration', () => {
  it('exits with the configuration error and no stack trace', () => {
    const file = yamlFile('gateway:\n  port: eighty\n');
    let output = '';
    let status: number | null = 0;
    try {
      execFileSync(
        process.execPath,
        ['--import', 'tsx', 'src/cli/main.ts', 'start', '--config', file, '--no-broker', '--no-registry'],
        {
          encoding: 'utf8',
          stdio: 'pipe',
          timeout: 280_000,
          env: { ...process.env, TRIBUTARY_DATA_DIR: dir },
        },
      );
    } catch (e) {
      const failed = e as { status: number | null; stdout: string; stderr: string };
      status = failed.status;
      output = failed.stdout + failed.stderr;
    }
    expect(status).not.toBe(0);
    expect(output).toMatch(/port \(config file .*\) must be an integer from 0 to 65535, got "eighty"/);
    expect(output).not.toMatch(/\n\s+at /);
  }, 300_000);
});
