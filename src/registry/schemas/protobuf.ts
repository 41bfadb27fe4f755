import protobuf from 'protobufjs';
import { errors } from '../errors.ts';
import { decodeFileDescriptor } from './protobuf-descriptor.ts';
import { printProtoFile } from './protobuf-print.ts';
import { fileFromReflection } from './protobuf-reflect.ts';
import type { ParsedProtobuf, ResolvedReference } from './types.ts';

const PARSE_OPTIONS = { keepCase: true };

/**
 * Parses a Protobuf schema given as .proto text or, as Confluent's serializers send it, as a base64
 * FileDescriptorProto. References are resolved by import name; `google/protobuf/*.proto` well-known
 * types come from protobufjs when not given as references.
 */
export function parseProtobuf(text: string, references: readonly ResolvedReference[]): ParsedProtobuf {
  const fromDescriptor = looksLikeDescriptor(text);
  const source = fromDescriptor ? descriptorToText(text, 'schema') : text;
  const syntax = syntaxOf(source);
  const mainOnly = parseInto(source, new protobuf.Root(), 'schema');
  const combined = new protobuf.Root();
  const loaded = new Set<string>();
  const load = (refs: readonly ResolvedReference[]): void => {
    for (const ref of refs) {
      if (loaded.has(ref.name)) continue;
      loaded.add(ref.name);
      load(ref.references);
      const refSource = looksLikeDescriptor(ref.schema) ? descriptorToText(ref.schema, ref.name) : ref.schema;
      const result = parseInto(refSource, combined, `reference '${ref.name}'`);
      addWellKnownImports(result.imports ?? [], loaded, combined);
    }
  };
  load(references);
  addWellKnownImports(mainOnly.imports ?? [], loaded, combined);
  parseInto(source, combined, 'schema');
  let file: ReturnType<typeof fileFromReflection>;
  try {
    combined.resolveAll();
    file = fileFromReflection(mainOnly, combined, syntax);
  } catch (error) {
    throw errors.invalidSchema(`${(error as Error).message} (is a reference for an import missing?)`);
  }
  const canonical = printProtoFile(file);
  return {
    kind: 'protobuf',
    file,
    text: fromDescriptor ? canonical : text,
    canonical,
    normalized: canonical,
  };
}

function looksLikeDescriptor(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.length > 0 && /^[A-Za-z0-9+/=\r\n]+$/.test(trimmed) && !/[;{]/.test(trimmed);
}

function descriptorToText(base64: string, what: string): string {
  try {
    return printProtoFile(decodeFileDescriptor(base64.trim()).file);
  } catch (error) {
    throw errors.invalidSchema(
      `${what} is neither .proto text nor a FileDescriptorProto: ${(error as Error).message}`,
    );
  }
}

function syntaxOf(text: string): 'proto2' | 'proto3' {
  const match = /^\s*syntax\s*=\s*["'](proto[23])["']/m.exec(text);
  return match?.[1] === 'proto3' ? 'proto3' : 'proto2';
}

function parseInto(text: string, root: protobuf.Root, what: string): protobuf.IParserResult {
  try {
    return protobuf.parse(text, root, PARSE_OPTIONS);
  } catch (error) {
    throw errors.invalidSchema(`${what}: ${(error as Error).message}`);
  }
}

function addWellKnownImports(imports: readonly string[], loaded: Set<string>, root: protobuf.Root): void {
  for (const name of imports) {
    if (loaded.has(name) || !name.startsWith('google/protobuf/')) continue;
    const definition = protobuf.common.get(name);
    if (definition === null) continue;
    loaded.add(name);
    root.addJSON(definition.nested ?? {});
  }
}
