/**
 * Gateway configuration: defaults, then `tributary.yaml` (the `gateway:` section, or the whole file),
 * then `TRIBUTARY_*` environment variables, then command-line flags. Every problem is reported with
 * the setting's name, where it came from, and what is accepted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import { parse as parseYaml } from 'yaml';

export interface GatewayConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly auth: { readonly enabled: boolean; readonly adminKey?: string };
  /** Allows a non-loopback bind with authentication off. */
  readonly insecure: boolean;
  readonly tls?: { readonly cert: string; readonly key: string };
  readonly bodyLimitBytes: number;
  readonly maxRunningStatementsPerKey: number;
  readonly resultBufferRows: number;
  readonly defaultPool: { readonly maxCfu: number };
  readonly catalogsDir?: string;
  readonly logLevel: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const DEFAULT_CONFIG: GatewayConfig = {
  host: '127.0.0.1',
  port: 8080,
  dataDir: resolve('data'),
  auth: { enabled: true },
  insecure: false,
  bodyLimitBytes: 1_048_576,
  maxRunningStatementsPerKey: 20,
  resultBufferRows: 10_000,
  defaultPool: { maxCfu: 4 },
  logLevel: 'info',
};

type Raw = Record<string, unknown>;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export const isLoopback = (host: string): boolean => LOOPBACK.has(host) || host.startsWith('127.');

function int(value: unknown, name: string, where: string, min: number, max: number): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(
      `${name} (${where}) must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

function bool(value: unknown, name: string, where: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ConfigError(`${name} (${where}) must be true or false, got ${JSON.stringify(value)}`);
}

function text(value: unknown, name: string, where: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new ConfigError(`${name} (${where}) must be a non-empty string, got ${JSON.stringify(value)}`);
  return value;
}

const KNOWN = [
  'host',
  'port',
  'dataDir',
  'auth',
  'insecure',
  'tls',
  'bodyLimitBytes',
  'maxRunningStatementsPerKey',
  'resultBufferRows',
  'defaultPool',
  'catalogsDir',
  'logLevel',
];

/** A nested settings object (auth, tls, defaultPool); unknown keys in it are errors too. */
function section(value: unknown, name: string, where: string, keys: readonly string[], shape: string): Raw {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ConfigError(`${name} (${where}) must be an object: ${shape}`);
  for (const key of Object.keys(value))
    if (!keys.includes(key))
      throw new ConfigError(
        `Unknown setting '${name}.${key}' (${where}); known settings of ${name}: ${keys.join(', ')}`,
      );
  return value as Raw;
}

/** Applies one layer of settings (file, environment or flags) over `base`. */
export function applyLayer(base: GatewayConfig, raw: Raw, where: string): GatewayConfig {
  for (const key of Object.keys(raw)) {
    if (!KNOWN.includes(key))
      throw new ConfigError(`Unknown setting '${key}' (${where}); known settings: ${KNOWN.join(', ')}`);
  }
  let c: GatewayConfig = { ...base };
  if (raw.host !== undefined) c = { ...c, host: text(raw.host, 'host', where) };
  if (raw.port !== undefined) c = { ...c, port: int(raw.port, 'port', where, 0, 65535) };
  if (raw.dataDir !== undefined) c = { ...c, dataDir: resolve(text(raw.dataDir, 'dataDir', where)) };
  if (raw.insecure !== undefined) c = { ...c, insecure: bool(raw.insecure, 'insecure', where) };
  if (raw.bodyLimitBytes !== undefined)
    c = { ...c, bodyLimitBytes: int(raw.bodyLimitBytes, 'bodyLimitBytes', where, 1024, 100 * 1_048_576) };
  if (raw.maxRunningStatementsPerKey !== undefined)
    c = {
      ...c,
      maxRunningStatementsPerKey: int(
        raw.maxRunningStatementsPerKey,
        'maxRunningStatementsPerKey',
        where,
        1,
        10_000,
      ),
    };
  if (raw.resultBufferRows !== undefined)
    c = { ...c, resultBufferRows: int(raw.resultBufferRows, 'resultBufferRows', where, 16, 10_000_000) };
  if (raw.catalogsDir !== undefined)
    c = { ...c, catalogsDir: resolve(text(raw.catalogsDir, 'catalogsDir', where)) };
  if (raw.logLevel !== undefined) {
    const level = text(raw.logLevel, 'logLevel', where);
    if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(level))
      throw new ConfigError(
        `logLevel (${where}) must be one of fatal, error, warn, info, debug, trace, silent; got '${level}'`,
      );
    c = { ...c, logLevel: level };
  }
  if (raw.auth !== undefined) {
    const a = section(
      raw.auth,
      'auth',
      where,
      ['enabled', 'adminKey'],
      "{ enabled: true, adminKey: '<id>.<secret>' }",
    );
    c = {
      ...c,
      auth: {
        enabled: a.enabled === undefined ? c.auth.enabled : bool(a.enabled, 'auth.enabled', where),
        ...(a.adminKey !== undefined
          ? { adminKey: text(a.adminKey, 'auth.adminKey', where) }
          : c.auth.adminKey !== undefined
            ? { adminKey: c.auth.adminKey }
            : {}),
      },
    };
  }
  if (raw.tls !== undefined) {
    const t = section(raw.tls, 'tls', where, ['cert', 'key'], '{ cert: <path>, key: <path> }');
    if (t.cert === undefined || t.key === undefined)
      throw new ConfigError(
        `tls (${where}) needs both cert and key (a PEM certificate and its private key); got only ${t.cert === undefined ? 'key' : 'cert'}`,
      );
    const cert = resolve(text(t.cert, 'tls.cert', where));
    const key = resolve(text(t.key, 'tls.key', where));
    for (const [n, p] of [
      ['tls.cert', cert],
      ['tls.key', key],
    ] as const)
      if (!existsSync(p)) throw new ConfigError(`${n} (${where}): file '${p}' does not exist`);
    try {
      createSecureContext({ cert: readFileSync(cert), key: readFileSync(key) });
    } catch (e) {
      throw new ConfigError(
        `tls.cert '${cert}' and tls.key '${key}' (${where}) are not a usable PEM certificate and matching private key: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    c = { ...c, tls: { cert, key } };
  }
  if (raw.defaultPool !== undefined) {
    const p = section(raw.defaultPool, 'defaultPool', where, ['maxCfu'], '{ maxCfu: 4 }');
    c = { ...c, defaultPool: { maxCfu: int(p.maxCfu, 'defaultPool.maxCfu', where, 1, 1024) } };
  }
  return c;
}

/** The `gateway:` section of a tributary.yaml (or the whole document when it has none). */
export function readConfigFile(file: string): Raw {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`Cannot read config file '${file}': ${e instanceof Error ? e.message : String(e)}`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new ConfigError(`Config file '${file}' must hold a mapping of settings`);
  if (!('gateway' in doc)) return doc as Raw;
  const gateway = (doc as Raw).gateway;
  if (gateway === null) return {};
  if (typeof gateway !== 'object' || Array.isArray(gateway))
    throw new ConfigError(`The 'gateway' section of config file '${file}' must be a mapping of settings`);
  return gateway as Raw;
}

/**
 * TRIBUTARY_HOST, _PORT, _DATA_DIR, _AUTH (true/false), _ADMIN_KEY, _INSECURE, _TLS_CERT, _TLS_KEY,
 * _LOG_LEVEL, _CATALOGS_DIR, _RESULT_BUFFER_ROWS, _MAX_RUNNING_STATEMENTS_PER_KEY, _BODY_LIMIT_BYTES,
 * _DEFAULT_POOL_MAX_CFU.
 */
export function envLayer(env: NodeJS.ProcessEnv): Raw {
  const raw: Raw = {};
  const set = (name: string, key: string): void => {
    const v = env[name];
    if (v !== undefined && v !== '') raw[key] = v;
  };
  set('TRIBUTARY_HOST', 'host');
  set('TRIBUTARY_PORT', 'port');
  set('TRIBUTARY_DATA_DIR', 'dataDir');
  set('TRIBUTARY_INSECURE', 'insecure');
  set('TRIBUTARY_LOG_LEVEL', 'logLevel');
  set('TRIBUTARY_CATALOGS_DIR', 'catalogsDir');
  set('TRIBUTARY_RESULT_BUFFER_ROWS', 'resultBufferRows');
  set('TRIBUTARY_MAX_RUNNING_STATEMENTS_PER_KEY', 'maxRunningStatementsPerKey');
  set('TRIBUTARY_BODY_LIMIT_BYTES', 'bodyLimitBytes');
  const maxCfu = env.TRIBUTARY_DEFAULT_POOL_MAX_CFU;
  if (maxCfu !== undefined && maxCfu !== '') raw.defaultPool = { maxCfu };
  const auth: Raw = {};
  if (env.TRIBUTARY_AUTH !== undefined && env.TRIBUTARY_AUTH !== '') auth.enabled = env.TRIBUTARY_AUTH;
  if (env.TRIBUTARY_ADMIN_KEY !== undefined && env.TRIBUTARY_ADMIN_KEY !== '')
    auth.adminKey = env.TRIBUTARY_ADMIN_KEY;
  if (Object.keys(auth).length > 0) raw.auth = auth;
  const tls: Raw = {};
  if (env.TRIBUTARY_TLS_CERT !== undefined && env.TRIBUTARY_TLS_CERT !== '')
    tls.cert = env.TRIBUTARY_TLS_CERT;
  if (env.TRIBUTARY_TLS_KEY !== undefined && env.TRIBUTARY_TLS_KEY !== '') tls.key = env.TRIBUTARY_TLS_KEY;
  if (Object.keys(tls).length > 0) raw.tls = tls;
  return raw;
}

/** Checks the combination of settings (a public bind needs authentication). */
export function validateConfig(c: GatewayConfig): GatewayConfig {
  if (!c.auth.enabled && !isLoopback(c.host) && !c.insecure) {
    throw new ConfigError(
      `Refusing to bind ${c.host} with authentication disabled: anyone on the network could run SQL. Enable auth (auth.enabled: true, TRIBUTARY_AUTH=true) or pass --insecure to accept the risk`,
    );
  }
  return c;
}

export interface LoadConfigInput {
  readonly file?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly flags?: Raw;
}

export function loadConfig(input: LoadConfigInput = {}): GatewayConfig {
  let c = DEFAULT_CONFIG;
  const file = input.file ?? (existsSync('tributary.yaml') ? 'tributary.yaml' : undefined);
  if (file !== undefined) c = applyLayer(c, readConfigFile(file), `config file ${file}`);
  c = applyLayer(c, envLayer(input.env ?? process.env), 'environment');
  if (input.flags !== undefined) c = applyLayer(c, input.flags, 'command line');
  return validateConfig(c);
}
