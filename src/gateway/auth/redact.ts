/**
 * Keeping secrets out of logs. Structured fields that may hold credentials are redacted by path
 * (pino's `redact`); free text that may quote them — SQL with `'properties.sasl.jaas.config' = '…'`,
 * a registry URL with `user:password@`, an error message echoing either — is masked by pattern
 * before it is written. Both apply to every logger the gateway creates, children included.
 */
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/** Log paths that may hold secrets; pino replaces their values with [Redacted]. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'headers.authorization',
  'authorization',
  'apiKey',
  'token',
  'secret',
  'password',
  '*.apiKey',
  '*.adminKey',
  '*.token',
  '*.secret',
  '*.password',
  '*["sasl.username"]',
  '*["sasl.password"]',
  '*["sasl.jaas.config"]',
  '*["sasl.oauthbearer.config"]',
  '*["basic.auth.user.info"]',
  '*["ssl.key.password"]',
  '*["ssl.keystore.password"]',
  '*["ssl.truststore.password"]',
];

export const MASK = '****';

/** Option keys whose values are credentials (Kafka client, Schema Registry, connector options). */
const SECRET_KEY =
  /(password|passwd|secret|jaas|user[-._]?info|basic[-._]?auth|credential|token|api[-._]?key|private[-._]?key|sasl\.username|bearer)/i;

/** `'key' = 'value'` (SQL WITH options, `''` escapes a quote) and `"key": "value"` (JSON). */
const SQL_OPTION = /'((?:[^']|'')*)'(\s*=\s*)'((?:[^']|'')*)'/g;
const JSON_OPTION = /"((?:[^"\\]|\\.)*)"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g;
/** JAAS `password="…"` / `username="…"` inside a sasl.jaas.config value quoted elsewhere. */
const JAAS_FIELD = /\b(password|username)(\s*=\s*)"[^"]*"/gi;
/** `scheme://user:password@host` */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@'"]+:[^/\s@'"]+@/gi;
/** `Bearer <token>` / `Basic <base64>` as they appear in an echoed header. */
const AUTH_HEADER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g;

/** The text with every credential it quotes replaced by ****. */
export function maskSecrets(text: string): string {
  return text
    .replace(SQL_OPTION, (all, key: string, eq: string) =>
      SECRET_KEY.test(key) ? `'${key}'${eq}'${MASK}'` : all,
    )
    .replace(JSON_OPTION, (all, key: string, eq: string) =>
      SECRET_KEY.test(key) ? `"${key}"${eq}"${MASK}"` : all,
    )
    .replace(JAAS_FIELD, (_all, key: string, eq: string) => `${key}${eq}"${MASK}"`)
    .replace(URL_CREDENTIALS, (_all, scheme: string) => `${scheme}${MASK}@`)
    .replace(AUTH_HEADER, (_all, scheme: string) => `${scheme} ${MASK}`);
}

/** A copy of `properties` with the values of credential keys replaced by ****. */
export function maskSecretProperties(properties: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(properties)) out[key] = SECRET_KEY.test(key) ? MASK : value;
  return out;
}

/** A copy of a plain log record with every string masked (records are small and logged rarely). */
export function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskSecrets(value);
  if (depth > 8 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  // only plain records: requests, errors and the like keep their prototypes for their serializers
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v, depth + 1);
  return out;
}

/** The gateway's logger: JSON lines at `level` with redaction and masking; stdout unless `destination`. */
export function createGatewayLogger(level: string, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
    // the standard serializer's result has its own prototype: copy it to a plain record to mask it
    serializers: { err: (e: Error) => maskDeep({ ...pino.stdSerializers.err(e) }) },
    formatters: { log: (record) => maskDeep(record) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        const masked: unknown[] = args.map((a: unknown) => (typeof a === 'string' ? maskSecrets(a) : a));
        const [first] = masked;
        if (masked.length === 1 && typeof first === 'object' && first !== null) {
          // pino would take the message from the error itself, unmasked
          const err = first instanceof Error ? first : (first as { err?: unknown }).err;
          if (err instanceof Error) masked.push(maskSecrets(err.message));
        }
        method.apply(this, masked as Parameters<typeof method>);
      },
    },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
