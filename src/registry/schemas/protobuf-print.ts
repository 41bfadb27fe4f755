import type {
  ProtoEnum,
  ProtoField,
  ProtoFieldType,
  ProtoFile,
  ProtoMessage,
  ProtoReserved,
} from './protobuf-model.ts';

const MAX_FIELD_NUMBER = 536870911;

/** Prints the model as .proto text: the canonical form (type references fully qualified). */
export function printProtoFile(file: ProtoFile): string {
  const lines: string[] = [`syntax = "${file.syntax}";`];
  if (file.package !== '') lines.push(`package ${file.package};`);
  for (const name of file.imports) lines.push(`import ${JSON.stringify(name)};`);
  for (const [name, value] of Object.entries(file.options))
    lines.push(`option ${name} = ${JSON.stringify(value)};`);
  for (const message of file.messages) printMessage(message, file.syntax, '', lines);
  for (const enumType of file.enums) printEnum(enumType, '', lines);
  for (const service of file.services) {
    lines.push(`service ${service.name} {`);
    for (const method of service.methods) {
      const input = (method.clientStreaming ? 'stream ' : '') + method.inputType;
      const output = (method.serverStreaming ? 'stream ' : '') + method.outputType;
      lines.push(`  rpc ${method.name}(${input}) returns (${output});`);
    }
    lines.push('}');
  }
  return lines.join('\n') + '\n';
}

function printMessage(
  message: ProtoMessage,
  syntax: 'proto2' | 'proto3',
  indent: string,
  lines: string[],
): void {
  lines.push(`${indent}message ${message.name} {`);
  const inner = indent + '  ';
  printReserved(message.reserved, inner, lines);
  const printedOneofs = new Set<string>();
  for (const field of message.fields) {
    if (field.oneof === undefined) {
      lines.push(inner + fieldLine(field, syntax, false));
      continue;
    }
    if (printedOneofs.has(field.oneof)) continue;
    printedOneofs.add(field.oneof);
    lines.push(`${inner}oneof ${field.oneof} {`);
    for (const member of message.fields.filter((f) => f.oneof === field.oneof))
      lines.push(inner + '  ' + fieldLine(member, syntax, true));
    lines.push(`${inner}}`);
  }
  for (const nested of message.messages) printMessage(nested, syntax, inner, lines);
  for (const enumType of message.enums) printEnum(enumType, inner, lines);
  lines.push(`${indent}}`);
}

function fieldLine(field: ProtoField, syntax: 'proto2' | 'proto3', inOneof: boolean): string {
  const options: string[] = [];
  if (field.packed !== undefined) options.push(`packed = ${field.packed}`);
  if (field.deprecated) options.push('deprecated = true');
  if (field.defaultValue !== undefined) {
    const isText =
      field.type.kind === 'scalar' && (field.type.name === 'string' || field.type.name === 'bytes');
    options.push(`default = ${isText ? JSON.stringify(field.defaultValue) : field.defaultValue}`);
  }
  const suffix = options.length > 0 ? ` [${options.join(', ')}]` : '';
  if (field.map !== undefined)
    return `map<${field.map.key}, ${typeText(field.map.value)}> ${field.name} = ${field.number}${suffix};`;
  let label = '';
  if (field.label === 'repeated') label = 'repeated ';
  else if (field.label === 'required') label = 'required ';
  else if (!inOneof && (syntax === 'proto2' || field.proto3Optional)) label = 'optional ';
  return `${label}${typeText(field.type)} ${field.name} = ${field.number}${suffix};`;
}

function typeText(type: ProtoFieldType): string {
  return type.name;
}

function printEnum(enumType: ProtoEnum, indent: string, lines: string[]): void {
  lines.push(`${indent}enum ${enumType.name} {`);
  if (enumType.allowAlias) lines.push(`${indent}  option allow_alias = true;`);
  printReserved(enumType.reserved, indent + '  ', lines);
  for (const value of enumType.values) lines.push(`${indent}  ${value.name} = ${value.number};`);
  lines.push(`${indent}}`);
}

function printReserved(reserved: ProtoReserved, indent: string, lines: string[]): void {
  if (reserved.ranges.length > 0) {
    const ranges = reserved.ranges.map(([start, end]) =>
      start === end ? `${start}` : `${start} to ${end >= MAX_FIELD_NUMBER ? 'max' : end}`,
    );
    lines.push(`${indent}reserved ${ranges.join(', ')};`);
  }
  if (reserved.names.length > 0)
    lines.push(`${indent}reserved ${reserved.names.map((n) => JSON.stringify(n)).join(', ')};`);
}
