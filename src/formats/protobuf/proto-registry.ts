/**
 * `proto-registry`: Protobuf in Confluent's wire format (magic byte, schema id, message-index path,
 * message). Reading parses each writer schema (and its references) once per id with protobufjs and
 * decodes synchronously; writing registers (or reuses) the proto3 schema derived from the row type.
 */

import protobuf from 'protobufjs';
import { type RowType, typeEquals } from '../../expr/types.ts';
import { type Format, FormatError, type Row } from '../format.ts';
import type { OptionReader } from '../options.ts';
import type { SchemaInfo, SchemaRegistryClient } from '../registry/confluent-client.ts';
import {
  readRegistryOptions,
  registryClient,
  registryDecoder,
  subjectFor,
  writerSchemaId,
} from '../registry/registry-client.ts';
import { readMessageIndexes, withHeader, writeWireHeader } from '../registry/wire.ts';
import { protobufSchemaFromRowType, rowTypeFromProtobuf } from '../type-mapping/protobuf.ts';
import { messageToRow, rowToMessage } from './proto-codec.ts';

/** Parses a schema and its references (fetched through the client) into one protobufjs root. */
export async function protobufRoot(
  client: SchemaRegistryClient | undefined,
  info: SchemaInfo,
): Promise<{ root: protobuf.Root; main: protobuf.IParserResult }> {
  const root = new protobuf.Root();
  const loaded = new Set<string>();
  const addText = (name: string, text: string): protobuf.IParserResult => {
    const parsed = protobuf.parse(text, root, { keepCase: true, alternateCommentMode: false });
    loaded.add(name);
    for (const dep of [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]) {
      if (loaded.has(dep) || !dep.startsWith('google/protobuf/')) continue;
      const common = protobuf.common.get(dep);
      if (common) root.addJSON(common.nested ?? {});
      loaded.add(dep);
    }
    return parsed;
  };
  const addReferences = async (refs: SchemaInfo['references']): Promise<void> => {
    for (const ref of refs ?? []) {
      if (loaded.has(ref.name) || client === undefined) continue;
      const meta = await client.getSchemaMetadata(ref.subject, ref.version, true);
      await addReferences(meta.references);
      addText(ref.name, meta.schema);
    }
  };
  await addReferences(info.references);
  const main = addText('<main>', info.schema);
  root.resolveAll();
  return { root, main };
}

/** The message type a message-index path names in the main file. */
export function messageAt(
  root: protobuf.Root,
  main: protobuf.IParserResult,
  indexes: readonly number[],
): protobuf.Type {
  const pkg = main.package ? root.lookup(main.package) : root;
  let candidates: protobuf.Type[] = (pkg instanceof protobuf.Namespace ? pkg.nestedArray : []).filter(
    (n): n is protobuf.Type => n instanceof protobuf.Type && !n.fullName.startsWith('.google.'),
  );
  let current: protobuf.Type | undefined;
  for (const i of indexes) {
    current = candidates[i];
    if (!current)
      throw new FormatError(
        `message index path [${indexes.join(', ')}] does not name a message in the schema`,
      );
    candidates = current.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type);
  }
  if (!current) throw new FormatError('empty message index path');
  return current;
}

export function createProtoRegistryFormat(reader: OptionReader, rowType: RowType): Format {
  const options = readRegistryOptions(reader);
  const derived = options.schema ?? protobufSchemaFromRowType(rowType).schema;
  return {
    name: reader.format,
    rowType,
    producesChangelog: false,
    async openDecoder() {
      const client = registryClient(options);
      return registryDecoder(client, false, async (info) => {
        if (info.schemaType !== 'PROTOBUF')
          throw new FormatError(`schema is ${info.schemaType ?? 'AVRO'}, not PROTOBUF`);
        const { root, main } = await protobufRoot(client, info);
        const byPath = new Map<string, { type: protobuf.Type; toRow: (m: unknown) => Row }>();
        return {
          decode(bytes, offset, index, out) {
            const { indexes, offset: start } = readMessageIndexes(bytes, offset);
            const key = indexes.join('.');
            let entry = byPath.get(key);
            if (!entry) {
              const type = messageAt(root, main, indexes);
              entry = { type, toRow: messageToRow(type, rowType) };
              byPath.set(key, entry);
            }
            let message: unknown;
            try {
              message = entry.type.decode(bytes.subarray(start));
            } catch (e) {
              throw new FormatError(
                `invalid Protobuf data: ${e instanceof Error ? e.message : String(e)}`,
                start,
              );
            }
            out.push(entry.toRow(message), 0, index);
          },
        };
      });
    },
    async openEncoder(context) {
      const client = registryClient(options);
      const subject = subjectFor(options, context, reader.format);
      const { id, info } = await writerSchemaId(
        client,
        subject,
        { schema: derived, schemaType: 'PROTOBUF' },
        (latest) => {
          if (latest.schemaType !== 'PROTOBUF' || (latest.references?.length ?? 0) > 0) return false;
          try {
            const { root, main } = protobufRootSync(latest);
            return typeEquals(rowTypeFromProtobuf(messageAt(root, main, [0])), rowType, true);
          } catch {
            return false;
          }
        },
      );
      const { root, main } = await protobufRoot(client, info);
      const type = messageAt(root, main, [0]);
      const toMessage = rowToMessage(type, rowType);
      const header = writeWireHeader(id, [0]);
      return {
        encodeBatch: (rows: readonly Row[]) =>
          rows.map((r) => withHeader(header, type.encode(toMessage(r)).finish())),
      };
    },
  };
}

function protobufRootSync(info: SchemaInfo): { root: protobuf.Root; main: protobuf.IParserResult } {
  const root = new protobuf.Root();
  const main = protobuf.parse(info.schema, root, { keepCase: true });
  for (const dep of main.imports ?? []) {
    const common = protobuf.common.get(dep);
    if (common) root.addJSON(common.nested ?? {});
  }
  root.resolveAll();
  return { root, main };
}
