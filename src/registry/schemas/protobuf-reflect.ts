import protobuf from 'protobufjs';
import {
  FILE_OPTION_NAMES,
  type ProtoEnum,
  type ProtoField,
  type ProtoFieldType,
  type ProtoFile,
  type ProtoMessage,
  type ProtoReserved,
  type ProtoService,
  SCALAR_TYPES,
} from './protobuf-model.ts';

const MAX_FIELD_NUMBER = 536870911;

/**
 * Builds the model of the file whose own declarations are `mainOnly` (parsed alone) from `combined`
 * (the same file parsed together with everything it imports, resolved), so that type references
 * come out fully qualified.
 */
export function fileFromReflection(
  mainOnly: protobuf.IParserResult,
  combined: protobuf.Root,
  syntax: 'proto2' | 'proto3',
): ProtoFile {
  const pkg = mainOnly.package ?? '';
  const ownNamespace = pkg === '' ? mainOnly.root : mainOnly.root.lookup(pkg);
  const declarations = ownNamespace instanceof protobuf.Namespace ? ownNamespace.nestedArray : [];
  const messages: ProtoMessage[] = [];
  const enums: ProtoEnum[] = [];
  const services: ProtoService[] = [];
  for (const declaration of declarations) {
    const resolved = combined.lookup(pkg === '' ? declaration.name : `${pkg}.${declaration.name}`);
    if (resolved instanceof protobuf.Type) messages.push(messageFrom(resolved));
    else if (resolved instanceof protobuf.Enum) enums.push(enumFrom(resolved));
    else if (resolved instanceof protobuf.Service) services.push(serviceFrom(resolved));
  }
  const options: Record<string, string | boolean> = {};
  const rawOptions = ownNamespace instanceof protobuf.Namespace ? (ownNamespace.options ?? {}) : {};
  for (const name of Object.keys(FILE_OPTION_NAMES)) {
    const value: unknown = rawOptions[name];
    if (typeof value === 'string' || typeof value === 'boolean') options[name] = value;
  }
  return { syntax, package: pkg, imports: mainOnly.imports ?? [], options, messages, enums, services };
}

function messageFrom(type: protobuf.Type): ProtoMessage {
  const oneofs = type.oneofsArray.filter((oneof) => !isSynthetic(oneof)).map((oneof) => oneof.name);
  const fields = type.fieldsArray.map((field) => fieldFrom(field));
  const messages: ProtoMessage[] = [];
  const enums: ProtoEnum[] = [];
  for (const nested of type.nestedArray) {
    if (nested instanceof protobuf.Type) messages.push(messageFrom(nested));
    else if (nested instanceof protobuf.Enum) enums.push(enumFrom(nested));
  }
  return {
    kind: 'message',
    name: type.name,
    fullName: type.fullName,
    fields,
    oneofs,
    messages,
    enums,
    reserved: reservedFrom(type.reserved),
  };
}

function isSynthetic(oneof: protobuf.OneOf): boolean {
  return oneof.fieldsArray.length === 1 && oneof.fieldsArray[0]?.options?.['proto3_optional'] === true;
}

function fieldFrom(field: protobuf.Field): ProtoField {
  field.resolve();
  const options = field.options ?? {};
  const proto3Optional = options['proto3_optional'] === true;
  const oneof = field.partOf && !isSynthetic(field.partOf) ? field.partOf.name : undefined;
  const base = {
    name: field.name,
    number: field.id,
    proto3Optional,
    ...(oneof !== undefined ? { oneof } : {}),
    ...(options['default'] !== undefined ? { defaultValue: String(options['default']) } : {}),
    ...(typeof options['packed'] === 'boolean' ? { packed: options['packed'] } : {}),
    ...(options['deprecated'] === true ? { deprecated: true } : {}),
  };
  if (field instanceof protobuf.MapField) {
    return {
      ...base,
      label: 'repeated',
      type: { kind: 'message', name: '' },
      map: { key: field.keyType, value: typeOf(field.type, field.resolvedType) },
    };
  }
  const label = field.repeated ? 'repeated' : field.required ? 'required' : 'optional';
  return { ...base, label, type: typeOf(field.type, field.resolvedType) };
}

function typeOf(name: string, resolved: protobuf.Type | protobuf.Enum | null): ProtoFieldType {
  if (resolved instanceof protobuf.Type) return { kind: 'message', name: resolved.fullName };
  if (resolved instanceof protobuf.Enum) return { kind: 'enum', name: resolved.fullName };
  if ((SCALAR_TYPES as readonly string[]).includes(name)) return { kind: 'scalar', name };
  throw new Error(`type '${name}' cannot be resolved`);
}

function enumFrom(enumType: protobuf.Enum): ProtoEnum {
  return {
    kind: 'enum',
    name: enumType.name,
    fullName: enumType.fullName,
    values: Object.entries(enumType.values).map(([name, number]) => ({ name, number })),
    allowAlias: enumType.options?.['allow_alias'] === true,
    reserved: reservedFrom(enumType.reserved),
  };
}

function serviceFrom(service: protobuf.Service): ProtoService {
  return {
    kind: 'service',
    name: service.name,
    methods: service.methodsArray.map((method) => {
      method.resolve();
      return {
        name: method.name,
        inputType: method.resolvedRequestType?.fullName ?? method.requestType,
        outputType: method.resolvedResponseType?.fullName ?? method.responseType,
        clientStreaming: method.requestStream === true,
        serverStreaming: method.responseStream === true,
      };
    }),
  };
}

function reservedFrom(reserved: (number[] | string)[] | undefined): ProtoReserved {
  const ranges: [number, number][] = [];
  const names: string[] = [];
  for (const entry of reserved ?? []) {
    if (typeof entry === 'string') names.push(entry);
    else ranges.push([entry[0] ?? 0, Math.min(entry[1] ?? entry[0] ?? 0, MAX_FIELD_NUMBER)]);
  }
  return { ranges, names };
}
