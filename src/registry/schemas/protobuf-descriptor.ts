import descriptor from 'protobufjs/ext/descriptor.js';
import {
  DESCRIPTOR_TYPE_NUMBERS,
  FILE_OPTION_NAMES,
  mapEntryName,
  type ProtoEnum,
  type ProtoField,
  type ProtoFieldType,
  type ProtoFile,
  type ProtoMessage,
  type ProtoReserved,
} from './protobuf-model.ts';

/** Plain FileDescriptorProto-shaped objects (protobufjs descriptor field names, camelCase). */
type Obj = { [key: string]: unknown };

const LABELS = { optional: 1, required: 2, repeated: 3 } as const;
const TYPE_NAMES_BY_NUMBER = new Map(Object.entries(DESCRIPTOR_TYPE_NUMBERS).map(([name, n]) => [n, name]));

/** Encodes the model as a FileDescriptorProto, base64, as Confluent serves `format=serialized`. */
export function encodeFileDescriptor(file: ProtoFile, name: string): string {
  const fileOptions: Obj = {};
  for (const [option, value] of Object.entries(file.options)) {
    const camel = FILE_OPTION_NAMES[option];
    if (camel !== undefined) fileOptions[camel] = value;
  }
  const object: Obj = {
    name,
    ...(file.package !== '' ? { package: file.package } : {}),
    dependency: [...file.imports],
    messageType: file.messages.map(messageToDescriptor),
    enumType: file.enums.map(enumToDescriptor),
    service: file.services.map((service) => ({
      name: service.name,
      method: service.methods.map((method) => ({
        name: method.name,
        inputType: method.inputType,
        outputType: method.outputType,
        ...(method.clientStreaming ? { clientStreaming: true } : {}),
        ...(method.serverStreaming ? { serverStreaming: true } : {}),
      })),
    })),
    ...(Object.keys(fileOptions).length > 0 ? { options: fileOptions } : {}),
    syntax: file.syntax,
  };
  const message = descriptor.FileDescriptorProto.fromObject(object);
  return Buffer.from(descriptor.FileDescriptorProto.encode(message).finish()).toString('base64');
}

function messageToDescriptor(message: ProtoMessage): Obj {
  const entries: Obj[] = [];
  const realOneofs = [...message.oneofs];
  const syntheticOneofs: string[] = [];
  const fields = message.fields.map((field) => {
    let oneofIndex: number | undefined;
    if (field.oneof !== undefined) oneofIndex = realOneofs.indexOf(field.oneof);
    else if (field.proto3Optional) {
      syntheticOneofs.push(`_${field.name}`);
      oneofIndex = realOneofs.length + syntheticOneofs.length - 1;
    }
    const out: Obj = { name: field.name, number: field.number, label: LABELS[field.label] };
    if (field.map !== undefined) {
      const entryName = mapEntryName(field.name);
      entries.push({
        name: entryName,
        field: [
          { name: 'key', number: 1, label: 1, type: DESCRIPTOR_TYPE_NUMBERS[field.map.key] },
          { name: 'value', number: 2, label: 1, ...typeToDescriptor(field.map.value) },
        ],
        options: { mapEntry: true },
      });
      Object.assign(out, { type: 11, typeName: `${message.fullName}.${entryName}` });
    } else Object.assign(out, typeToDescriptor(field.type));
    if (oneofIndex !== undefined) out['oneofIndex'] = oneofIndex;
    if (field.proto3Optional) out['proto3Optional'] = true;
    if (field.defaultValue !== undefined) out['defaultValue'] = field.defaultValue;
    const options: Obj = {};
    if (field.packed !== undefined) options['packed'] = field.packed;
    if (field.deprecated) options['deprecated'] = true;
    if (Object.keys(options).length > 0) out['options'] = options;
    return out;
  });
  return {
    name: message.name,
    field: fields,
    nestedType: [...entries, ...message.messages.map(messageToDescriptor)],
    enumType: message.enums.map(enumToDescriptor),
    oneofDecl: [...realOneofs, ...syntheticOneofs].map((name) => ({ name })),
    reservedRange: message.reserved.ranges.map(([start, end]) => ({ start, end: end + 1 })),
    reservedName: [...message.reserved.names],
  };
}

function typeToDescriptor(type: ProtoFieldType): Obj {
  if (type.kind === 'scalar') return { type: DESCRIPTOR_TYPE_NUMBERS[type.name] };
  return { type: type.kind === 'message' ? 11 : 14, typeName: type.name };
}

function enumToDescriptor(enumType: ProtoEnum): Obj {
  return {
    name: enumType.name,
    value: enumType.values.map((value) => ({ name: value.name, number: value.number })),
    ...(enumType.allowAlias ? { options: { allowAlias: true } } : {}),
    // EnumReservedRange ends are inclusive, unlike message reserved ranges.
    reservedRange: enumType.reserved.ranges.map(([start, end]) => ({ start, end })),
    reservedName: [...enumType.reserved.names],
  };
}

/** Decodes a base64 FileDescriptorProto into the model (type names kept as written there). */
export function decodeFileDescriptor(base64: string): { file: ProtoFile; name: string } {
  const decoded = descriptor.FileDescriptorProto.decode(Buffer.from(base64, 'base64'));
  const object = descriptor.FileDescriptorProto.toObject(decoded, { longs: Number, enums: Number }) as Obj;
  const pkg = str(object['package']);
  const syntax = str(object['syntax']) === 'proto3' ? 'proto3' : 'proto2';
  const scope = pkg === '' ? '' : `.${pkg}`;
  const options: Record<string, string | boolean> = {};
  const rawOptions = (object['options'] ?? {}) as Obj;
  for (const [option, camel] of Object.entries(FILE_OPTION_NAMES)) {
    const value = rawOptions[camel];
    if (typeof value === 'string' || typeof value === 'boolean') options[option] = value;
  }
  const file: ProtoFile = {
    syntax,
    package: pkg,
    imports: list(object['dependency']).map(str),
    options,
    messages: list(object['messageType']).map((m) => messageFromDescriptor(m as Obj, scope, syntax)),
    enums: list(object['enumType']).map((e) => enumFromDescriptor(e as Obj, scope)),
    services: list(object['service']).map((s) => {
      const service = s as Obj;
      return {
        kind: 'service' as const,
        name: str(service['name']),
        methods: list(service['method']).map((m) => {
          const method = m as Obj;
          return {
            name: str(method['name']),
            inputType: str(method['inputType']),
            outputType: str(method['outputType']),
            clientStreaming: method['clientStreaming'] === true,
            serverStreaming: method['serverStreaming'] === true,
          };
        }),
      };
    }),
  };
  return { file, name: str(object['name']) };
}

function messageFromDescriptor(object: Obj, scope: string, syntax: 'proto2' | 'proto3'): ProtoMessage {
  const name = str(object['name']);
  const fullName = `${scope}.${name}`;
  const nested = list(object['nestedType']).map((n) => n as Obj);
  const entries = new Map<string, Obj>();
  for (const n of nested) {
    if (((n['options'] ?? {}) as Obj)['mapEntry'] === true) entries.set(str(n['name']), n);
  }
  const oneofNames = list(object['oneofDecl']).map((o) => str((o as Obj)['name']));
  const rawFields = list(object['field']).map((f) => f as Obj);
  const syntheticIndexes = new Set(
    rawFields.filter((f) => f['proto3Optional'] === true).map((f) => Number(f['oneofIndex'])),
  );
  const fields = rawFields.map((f): ProtoField => {
    const fieldOptions = (f['options'] ?? {}) as Obj;
    const oneofIndex = f['oneofIndex'] === undefined ? undefined : Number(f['oneofIndex']);
    const oneof =
      oneofIndex !== undefined && !syntheticIndexes.has(oneofIndex) ? oneofNames[oneofIndex] : undefined;
    const label = Number(f['label']) === 3 ? 'repeated' : Number(f['label']) === 2 ? 'required' : 'optional';
    const typeName = str(f['typeName']);
    const entry = entries.get(typeName.slice(typeName.lastIndexOf('.') + 1));
    const base = {
      name: str(f['name']),
      number: Number(f['number']),
      proto3Optional: f['proto3Optional'] === true,
      ...(oneof !== undefined ? { oneof } : {}),
      ...(f['defaultValue'] !== undefined ? { defaultValue: str(f['defaultValue']) } : {}),
      ...(typeof fieldOptions['packed'] === 'boolean' ? { packed: fieldOptions['packed'] } : {}),
      ...(fieldOptions['deprecated'] === true ? { deprecated: true } : {}),
    };
    if (entry !== undefined && label === 'repeated') {
      const [key, value] = list(entry['field']).map((e) => e as Obj);
      return {
        ...base,
        label,
        type: { kind: 'message', name: '' },
        map: { key: fieldType(key ?? {}).name, value: fieldType(value ?? {}) },
      };
    }
    // proto3 files spell every singular field without a label.
    return {
      ...base,
      label: syntax === 'proto3' && label === 'optional' ? 'optional' : label,
      type: fieldType(f),
    };
  });
  return {
    kind: 'message',
    name,
    fullName,
    fields,
    oneofs: oneofNames.filter((_, i) => !syntheticIndexes.has(i)),
    messages: nested
      .filter((n) => !entries.has(str(n['name'])))
      .map((n) => messageFromDescriptor(n, fullName, syntax)),
    enums: list(object['enumType']).map((e) => enumFromDescriptor(e as Obj, fullName)),
    reserved: reservedFromDescriptor(object, true),
  };
}

function fieldType(field: Obj): ProtoFieldType {
  const typeNumber = Number(field['type']);
  if (typeNumber === 11 || typeNumber === 10) return { kind: 'message', name: str(field['typeName']) };
  if (typeNumber === 14) return { kind: 'enum', name: str(field['typeName']) };
  return { kind: 'scalar', name: TYPE_NAMES_BY_NUMBER.get(typeNumber) ?? 'bytes' };
}

function enumFromDescriptor(object: Obj, scope: string): ProtoEnum {
  const name = str(object['name']);
  return {
    kind: 'enum',
    name,
    fullName: `${scope}.${name}`,
    values: list(object['value']).map((v) => ({
      name: str((v as Obj)['name']),
      number: Number((v as Obj)['number'] ?? 0),
    })),
    allowAlias: ((object['options'] ?? {}) as Obj)['allowAlias'] === true,
    reserved: reservedFromDescriptor(object, false),
  };
}

function reservedFromDescriptor(object: Obj, exclusiveEnd: boolean): ProtoReserved {
  return {
    ranges: list(object['reservedRange']).map((r) => {
      const range = r as Obj;
      const start = Number(range['start'] ?? 0);
      const end = Number(range['end'] ?? start);
      return [start, exclusiveEnd ? end - 1 : end] as const;
    }),
    names: list(object['reservedName']).map(str),
  };
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
