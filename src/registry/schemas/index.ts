import { parseAvro } from './avro.ts';
import { parseJsonSchema } from './json-schema.ts';
import { parseProtobuf } from './protobuf.ts';
import type { ParsedSchema, ResolvedReference, SchemaType } from './types.ts';

export function parseSchema(
  schemaType: SchemaType,
  text: string,
  references: readonly ResolvedReference[],
): ParsedSchema {
  switch (schemaType) {
    case 'AVRO':
      return parseAvro(text, references);
    case 'JSON':
      return parseJsonSchema(text, references);
    case 'PROTOBUF':
      return parseProtobuf(text, references);
  }
}
