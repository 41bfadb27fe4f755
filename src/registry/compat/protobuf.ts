import {
  messagesByName,
  type ProtoField,
  type ProtoFile,
  type ProtoMessage,
} from '../schemas/protobuf-model.ts';

/**
 * Protobuf compatibility after Confluent's rules, phrased as "can `reader` parse bytes written with
 * `writer`": a message the writer used must still exist; a field number kept on both sides must keep
 * a wire-compatible type (int32/uint32/int64/uint64/bool, sint32/sint64, fixed32/sfixed32,
 * fixed64/sfixed64, string/bytes, message ↔ message of the same name, enum ↔ enum of the same name)
 * and its map/repeated shape; removing or adding optional fields is fine; a required field in the
 * reader that the writer lacked, a field moved into an existing oneof, several fields moved into a
 * new oneof, a field removed from a oneof, and a syntax change are not.
 */
export function checkProtobuf(reader: ProtoFile, writer: ProtoFile): string[] {
  const out: string[] = [];
  if (reader.syntax !== writer.syntax)
    out.push(
      message('SYNTAX_VERSION_CHANGED', `syntax changed from ${writer.syntax} to ${reader.syntax}`, '#'),
    );
  const readerMessages = messagesByName(reader);
  for (const [name, writerMessage] of messagesByName(writer)) {
    const readerMessage = readerMessages.get(name);
    if (readerMessage === undefined) out.push(message('MESSAGE_REMOVED', `message ${name} removed`, name));
    else out.push(...checkMessage(readerMessage, writerMessage));
  }
  return out;
}

const WIRE_GROUPS: readonly (readonly string[])[] = [
  ['int32', 'uint32', 'int64', 'uint64', 'bool'],
  ['sint32', 'sint64'],
  ['fixed32', 'sfixed32'],
  ['fixed64', 'sfixed64'],
  ['string', 'bytes'],
];

function checkMessage(reader: ProtoMessage, writer: ProtoMessage): string[] {
  const out: string[] = [];
  const writerByNumber = new Map(writer.fields.map((f) => [f.number, f]));
  const readerByNumber = new Map(reader.fields.map((f) => [f.number, f]));
  for (const readerField of reader.fields) {
    const path = `${reader.fullName}.${readerField.name}`;
    const writerField = writerByNumber.get(readerField.number);
    if (writerField === undefined) {
      if (readerField.label === 'required')
        out.push(message('REQUIRED_FIELD_ADDED', `required field ${readerField.number} added`, path));
      continue;
    }
    const problem = fieldTypeProblem(readerField, writerField);
    if (problem !== undefined) out.push(message(problem[0], problem[1], path));
    if (writerField.oneof === undefined && readerField.oneof !== undefined) {
      const oneofName = readerField.oneof;
      const writerHadOneof = writer.oneofs.includes(oneofName);
      const movedTogether = reader.fields.filter(
        (f) =>
          f.oneof === oneofName &&
          writerByNumber.get(f.number)?.oneof === undefined &&
          writerByNumber.has(f.number),
      );
      if (writerHadOneof)
        out.push(
          message(
            'FIELD_MOVED_TO_EXISTING_ONEOF',
            `field ${readerField.number} moved into oneof ${oneofName}`,
            path,
          ),
        );
      else if (movedTogether.length > 1 && movedTogether[0] === readerField)
        out.push(message('MULTIPLE_FIELDS_MOVED_TO_ONEOF', `fields moved into new oneof ${oneofName}`, path));
    }
  }
  for (const writerField of writer.fields) {
    if (writerField.oneof !== undefined && !readerByNumber.has(writerField.number))
      out.push(
        message(
          'ONEOF_FIELD_REMOVED',
          `field ${writerField.number} removed from oneof ${writerField.oneof}`,
          `${writer.fullName}.${writerField.name}`,
        ),
      );
  }
  return out;
}

function fieldTypeProblem(reader: ProtoField, writer: ProtoField): [string, string] | undefined {
  if ((reader.map === undefined) !== (writer.map === undefined))
    return ['FIELD_KIND_CHANGED', `field ${reader.number} changed between map and non-map`];
  if (reader.map !== undefined && writer.map !== undefined) {
    if (reader.map.key !== writer.map.key)
      return ['FIELD_KIND_CHANGED', `map key type of field ${reader.number} changed`];
    return namedOrScalarProblem(reader.map.value, writer.map.value, reader.number);
  }
  if ((reader.label === 'repeated') !== (writer.label === 'repeated')) {
    // Repeated ↔ singular is wire compatible only for length-delimited (string, bytes, message) types.
    const lengthDelimited = (f: ProtoField) =>
      f.type.kind === 'message' ||
      (f.type.kind === 'scalar' && (f.type.name === 'string' || f.type.name === 'bytes'));
    if (!(lengthDelimited(reader) && lengthDelimited(writer)))
      return ['FIELD_LABEL_CHANGED', `field ${reader.number} changed between repeated and singular`];
  }
  return namedOrScalarProblem(reader.type, writer.type, reader.number);
}

function namedOrScalarProblem(
  reader: ProtoField['type'],
  writer: ProtoField['type'],
  number: number,
): [string, string] | undefined {
  if (reader.kind !== writer.kind) {
    // An enum is encoded as an int32 varint.
    const varint = WIRE_GROUPS[0] ?? [];
    const enumAndVarint =
      (reader.kind === 'enum' && writer.kind === 'scalar' && varint.includes(writer.name)) ||
      (writer.kind === 'enum' && reader.kind === 'scalar' && varint.includes(reader.name));
    if (enumAndVarint) return undefined;
    return ['FIELD_KIND_CHANGED', `field ${number} changed from ${writer.kind} to ${reader.kind}`];
  }
  if (reader.kind === 'scalar') {
    if (reader.name === writer.name) return undefined;
    if (WIRE_GROUPS.some((group) => group.includes(reader.name) && group.includes(writer.name)))
      return undefined;
    return ['FIELD_SCALAR_KIND_CHANGED', `field ${number} changed from ${writer.name} to ${reader.name}`];
  }
  if (reader.name !== writer.name)
    return ['FIELD_NAMED_TYPE_CHANGED', `field ${number} changed from ${writer.name} to ${reader.name}`];
  return undefined;
}

function message(errorType: string, description: string, path: string): string {
  return `{errorType:'${errorType}', description:'${description}', path:'${path}'}`;
}
