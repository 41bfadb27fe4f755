/**
 * Registry access for the registry formats, through @confluentinc/schemaregistry's client (the engine
 * reaches a registry only through it): option reading, subject naming (`<topic>-key` / `<topic>-value`),
 * a schema-id cache that a batch fills with one await on a miss, and register-or-reuse on write.
 */

import {
  type DecodeOutput,
  type DeserializationFormat,
  describeError,
  type FormatContext,
  FormatOptionError,
} from '../format.ts';
import type { OptionReader } from '../options.ts';
import { type SchemaInfo, SchemaRegistryClient } from './confluent-client.ts';
import { peekSchemaId, readWireHeader } from './wire.ts';

export interface RegistryOptions {
  readonly url: string;
  readonly subject: string | undefined;
  readonly schema: string | undefined;
  readonly userInfo: string | undefined;
}

/** Reads `<format>.url` (alias `schema-registry.url`), `.subject`, `.schema` and basic-auth options. */
export function readRegistryOptions(reader: OptionReader): RegistryOptions {
  const url = reader.required('url', ['schema-registry.url']);
  const subject = reader.string('subject');
  const schema = reader.string('schema');
  const source = reader.choice('basic-auth.credentials-source', ['USER_INFO', 'URL'], 'USER_INFO');
  const userInfo = reader.string('basic-auth.user-info');
  if (source === 'URL' && userInfo !== undefined) {
    throw new FormatOptionError(
      `Option '${reader.format}.basic-auth.user-info' cannot be used with credentials-source URL`,
    );
  }
  reader.prefixed('properties.');
  return { url, subject, schema, userInfo };
}

const clients = new Map<string, SchemaRegistryClient>();

/** One client per registry URL and credentials, so the client's own caches are shared. */
export function registryClient(opts: RegistryOptions): SchemaRegistryClient {
  const key = `${opts.url}\u0000${opts.userInfo ?? ''}`;
  let client = clients.get(key);
  if (!client) {
    client = new SchemaRegistryClient({
      baseURLs: opts.url.split(',').map((u) => u.trim()),
      cacheCapacity: 1000,
      ...(opts.userInfo
        ? { basicAuthCredentials: { credentialsSource: 'USER_INFO' as const, userInfo: opts.userInfo } }
        : {}),
    });
    clients.set(key, client);
  }
  return client;
}

export function subjectFor(
  opts: RegistryOptions,
  context: FormatContext | undefined,
  format: string,
): string {
  if (opts.subject !== undefined) return opts.subject;
  if (context?.topic === undefined) {
    throw new FormatOptionError(
      `Format '${format}' needs the option '${format}.subject' when it is not used with a topic`,
    );
  }
  return `${context.topic}-${context.isKey ? 'key' : 'value'}`;
}

/**
 * A decoder for one writer schema, built once per schema id. `decode` gets the record and the offset
 * after the 5-byte header and pushes rows (or throws a FormatError).
 */
export interface WriterDecoder {
  decode(bytes: Uint8Array, offset: number, index: number, out: DecodeOutput): void;
}

/**
 * A batched registry decoder: scans the batch for schema ids, fetches the unknown ones (the only await),
 * then decodes every record synchronously. A schema that cannot be fetched fails only its records.
 */
export function registryDecoder(
  client: SchemaRegistryClient,
  producesChangelog: boolean,
  build: (info: SchemaInfo, id: number) => Promise<WriterDecoder> | WriterDecoder,
): DeserializationFormat {
  const decoders = new Map<number, WriterDecoder>();
  const decodeAllSync = (
    values: readonly (Uint8Array | null)[],
    out: DecodeOutput,
    failed: Map<number, string>,
  ): void => {
    for (let i = 0; i < values.length; i++) {
      const bytes = values[i];
      if (bytes === null || bytes === undefined) continue;
      try {
        const { schemaId, offset } = readWireHeader(bytes);
        const decoder = decoders.get(schemaId);
        if (decoder === undefined) {
          out.fail(
            i,
            `Cannot read schema id ${schemaId} from the Schema Registry: ${failed.get(schemaId) ?? 'unknown id'}`,
          );
          continue;
        }
        decoder.decode(bytes, offset, i, out);
      } catch (e) {
        out.fail(i, `Failed to deserialize record: ${describeError(e)}`);
      }
    }
  };
  return {
    producesChangelog,
    decodeBatch(values, out) {
      let missing: Set<number> | undefined;
      for (const bytes of values) {
        if (!bytes) continue;
        const id = peekSchemaId(bytes);
        if (id !== undefined && !decoders.has(id)) (missing ??= new Set()).add(id);
      }
      if (missing === undefined) {
        decodeAllSync(values, out, new Map());
        return undefined;
      }
      const failed = new Map<number, string>();
      return Promise.all(
        [...missing].map(async (id) => {
          try {
            const info = await client.getBySubjectAndId('', id);
            decoders.set(id, await build(info, id));
          } catch (e) {
            failed.set(id, describeError(e));
          }
        }),
      ).then(() => decodeAllSync(values, out, failed));
    },
  };
}

/**
 * The schema id to write with: the subject's latest schema when `accepts` says it fits the table,
 * otherwise the derived schema, registered (an identical schema keeps its id).
 */
export async function writerSchemaId(
  client: SchemaRegistryClient,
  subject: string,
  derived: SchemaInfo,
  accepts: (latest: SchemaInfo) => boolean,
): Promise<{ id: number; info: SchemaInfo }> {
  try {
    const latest = await client.getLatestSchemaMetadata(subject);
    const info: SchemaInfo = {
      schema: latest.schema ?? '',
      schemaType: latest.schemaType ?? 'AVRO',
      references: latest.references ?? [],
    };
    if (latest.id !== undefined && accepts(info)) return { id: latest.id, info };
  } catch (e) {
    // 40401: no subject yet, registered below
    if (!/40401|not found/i.test(describeError(e))) throw e;
  }
  const id = await client.register(subject, derived);
  return { id, info: derived };
}
