import type { Type as AvroType } from 'avsc';
import type { ProtoFile } from './protobuf-model.ts';

export const SCHEMA_TYPES = ['AVRO', 'JSON', 'PROTOBUF'] as const;
export type SchemaType = (typeof SCHEMA_TYPES)[number];

export function isSchemaType(value: unknown): value is SchemaType {
  return typeof value === 'string' && (SCHEMA_TYPES as readonly string[]).includes(value);
}

/** A reference as it travels over REST: another subject-version imported under `name`. */
export interface SchemaReference {
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

/** A reference with its schema text loaded (recursively), ready for a parser. */
export interface ResolvedReference {
  readonly name: string;
  readonly schemaType: SchemaType;
  readonly schema: string;
  readonly references: readonly ResolvedReference[];
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

interface ParsedCommon {
  /** Text that decides identity: two registrations with equal canonical text (and references) share an id. */
  readonly canonical: string;
  /** Text stored when the client asks for `normalize=true`. */
  readonly normalized: string;
}

export interface ParsedAvro extends ParsedCommon {
  readonly kind: 'avro';
  readonly type: AvroType;
}

export interface ParsedJsonSchema extends ParsedCommon {
  readonly kind: 'json';
  readonly document: JsonValue;
  /** Referenced schema documents by reference name (the `$ref` target). */
  readonly referenced: ReadonlyMap<string, JsonValue>;
}

export interface ParsedProtobuf extends ParsedCommon {
  readonly kind: 'protobuf';
  readonly file: ProtoFile;
  /** Text stored when the schema arrived as a base64 FileDescriptorProto. */
  readonly text: string;
}

export type ParsedSchema = ParsedAvro | ParsedJsonSchema | ParsedProtobuf;
