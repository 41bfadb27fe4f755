import type { ParsedSchema } from '../schemas/types.ts';
import { checkAvro } from './avro.ts';
import { checkJsonSchema } from './json-schema.ts';
import { checkProtobuf } from './protobuf.ts';

export const COMPATIBILITY_LEVELS = [
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
] as const;
export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number];
export const DEFAULT_COMPATIBILITY: CompatibilityLevel = 'BACKWARD';

export function isCompatibilityLevel(value: unknown): value is CompatibilityLevel {
  return typeof value === 'string' && (COMPATIBILITY_LEVELS as readonly string[]).includes(value);
}

export interface PreviousSchema {
  readonly version: number;
  readonly parsed: ParsedSchema;
}

/**
 * Checks `candidate` against earlier versions (oldest first) under `level`. Non-transitive levels
 * compare with the last one only. BACKWARD: the candidate reads data written with the old schema;
 * FORWARD: the old schema reads data written with the candidate; FULL: both.
 */
export function checkCompatibility(
  level: CompatibilityLevel,
  candidate: ParsedSchema,
  previous: readonly PreviousSchema[],
): string[] {
  if (level === 'NONE' || previous.length === 0) return [];
  const against = level.endsWith('_TRANSITIVE') ? previous : previous.slice(-1);
  const backward = level.startsWith('BACKWARD') || level.startsWith('FULL');
  const forward = level.startsWith('FORWARD') || level.startsWith('FULL');
  const out: string[] = [];
  for (const old of [...against].reverse()) {
    const problems: string[] = [];
    if (backward) problems.push(...checkPair(candidate, old.parsed));
    if (forward) problems.push(...checkPair(old.parsed, candidate));
    if (problems.length > 0) out.push(...problems, `{oldSchemaVersion: ${old.version}}`);
  }
  if (out.length > 0) out.push(`{compatibility: '${level}'}`);
  return out;
}

/** Can `reader` read data written with `writer`? */
export function checkPair(reader: ParsedSchema, writer: ParsedSchema): string[] {
  if (reader.kind === 'avro' && writer.kind === 'avro') return checkAvro(reader.type, writer.type);
  if (reader.kind === 'json' && writer.kind === 'json') return checkJsonSchema(reader, writer);
  if (reader.kind === 'protobuf' && writer.kind === 'protobuf')
    return checkProtobuf(reader.file, writer.file);
  return [
    `{errorType:'SCHEMA_TYPE_CHANGED', description:'schema type changed from ${writer.kind} to ${reader.kind}'}`,
  ];
}
