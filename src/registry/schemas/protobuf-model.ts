/**
 * A small, reflection-independent model of one .proto file: what the compatibility checker compares,
 * what the printer turns into canonical text and what becomes a FileDescriptorProto for
 * `format=serialized`. Type names of message and enum fields are fully qualified with a leading dot.
 */
export type ProtoFieldType =
  | { readonly kind: 'scalar'; readonly name: string }
  | { readonly kind: 'message' | 'enum'; readonly name: string };

export interface ProtoField {
  readonly name: string;
  readonly number: number;
  readonly label: 'optional' | 'required' | 'repeated';
  readonly type: ProtoFieldType;
  readonly map?: { readonly key: string; readonly value: ProtoFieldType };
  /** Name of the (real, non-synthetic) oneof the field belongs to. */
  readonly oneof?: string;
  readonly proto3Optional: boolean;
  readonly defaultValue?: string;
  readonly packed?: boolean;
  readonly deprecated?: boolean;
}

export interface ProtoReserved {
  /** Inclusive ranges, as written in .proto text. */
  readonly ranges: readonly (readonly [number, number])[];
  readonly names: readonly string[];
}

export interface ProtoMessage {
  readonly kind: 'message';
  readonly name: string;
  readonly fullName: string;
  readonly fields: readonly ProtoField[];
  readonly oneofs: readonly string[];
  readonly messages: readonly ProtoMessage[];
  readonly enums: readonly ProtoEnum[];
  readonly reserved: ProtoReserved;
}

export interface ProtoEnum {
  readonly kind: 'enum';
  readonly name: string;
  readonly fullName: string;
  readonly values: readonly { readonly name: string; readonly number: number }[];
  readonly allowAlias: boolean;
  readonly reserved: ProtoReserved;
}

export interface ProtoMethod {
  readonly name: string;
  readonly inputType: string;
  readonly outputType: string;
  readonly clientStreaming: boolean;
  readonly serverStreaming: boolean;
}

export interface ProtoService {
  readonly kind: 'service';
  readonly name: string;
  readonly methods: readonly ProtoMethod[];
}

export interface ProtoFile {
  readonly syntax: 'proto2' | 'proto3';
  readonly package: string;
  readonly imports: readonly string[];
  /** Only string- and boolean-valued file options (java_package, go_package, ...). */
  readonly options: Readonly<Record<string, string | boolean>>;
  readonly messages: readonly ProtoMessage[];
  readonly enums: readonly ProtoEnum[];
  readonly services: readonly ProtoService[];
}

export const SCALAR_TYPES = [
  'double',
  'float',
  'int64',
  'uint64',
  'int32',
  'fixed64',
  'fixed32',
  'bool',
  'string',
  'bytes',
  'uint32',
  'sfixed32',
  'sfixed64',
  'sint32',
  'sint64',
] as const;

/** FieldDescriptorProto.Type numbers by scalar name (message = 11, enum = 14, group = 10). */
export const DESCRIPTOR_TYPE_NUMBERS: Readonly<Record<string, number>> = {
  double: 1,
  float: 2,
  int64: 3,
  uint64: 4,
  int32: 5,
  fixed64: 6,
  fixed32: 7,
  bool: 8,
  string: 9,
  bytes: 12,
  uint32: 13,
  sfixed32: 15,
  sfixed64: 16,
  sint32: 17,
  sint64: 18,
};

export const FILE_OPTION_NAMES: Readonly<Record<string, string>> = {
  java_package: 'javaPackage',
  java_outer_classname: 'javaOuterClassname',
  java_multiple_files: 'javaMultipleFiles',
  go_package: 'goPackage',
  csharp_namespace: 'csharpNamespace',
  objc_class_prefix: 'objcClassPrefix',
  php_namespace: 'phpNamespace',
  ruby_package: 'rubyPackage',
  swift_prefix: 'swiftPrefix',
};

/** Every message in the file, nested ones included, by fully qualified name. */
export function messagesByName(file: ProtoFile): Map<string, ProtoMessage> {
  const out = new Map<string, ProtoMessage>();
  const visit = (message: ProtoMessage): void => {
    out.set(message.fullName, message);
    message.messages.forEach(visit);
  };
  file.messages.forEach(visit);
  return out;
}

/** protoc's map entry naming: `my_map` → `MyMapEntry`. */
export function mapEntryName(fieldName: string): string {
  const camel = fieldName.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return camel.charAt(0).toUpperCase() + camel.slice(1) + 'Entry';
}
