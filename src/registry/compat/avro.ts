import type avro from 'avsc';

/**
 * Avro schema resolution (the spec's "Schema Resolution" rules, as Confluent applies them through
 * Java's SchemaCompatibility): can data written with `writer` be read with `reader`?
 * Returns one message per incompatibility; empty means compatible.
 */
export function checkAvro(reader: avro.Type, writer: avro.Type): string[] {
  return new AvroChecker().check(reader, writer, '/');
}

/** Writer type → reader types it may be promoted to. */
const PROMOTIONS: Readonly<Record<string, readonly string[]>> = {
  int: ['long', 'float', 'double'],
  long: ['float', 'double'],
  float: ['double'],
  string: ['bytes'],
  bytes: ['string'],
};

interface RecordField {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly type: avro.Type;
  defaultValue(): unknown;
}

class AvroChecker {
  /** Pairs of named types being compared: recursion through them assumes success. */
  private readonly inProgress = new Set<string>();

  check(reader: avro.Type, writer: avro.Type, path: string): string[] {
    const r = underlying(reader);
    const w = underlying(writer);
    const readerKind = kindOf(r);
    const writerKind = kindOf(w);
    if (writerKind === 'union') {
      // Every branch the writer may have written must be readable.
      const out: string[] = [];
      branches(w).forEach((branch, i) => {
        const problems = this.check(r, branch, `${path}${i}/`);
        if (problems.length > 0)
          out.push(
            message(
              'MISSING_UNION_BRANCH',
              `reader union lacking writer type: ${describe(branch)}`,
              path,
              problems,
            ),
          );
      });
      return out;
    }
    if (readerKind === 'union') {
      for (const branch of branches(r)) if (this.check(branch, w, path).length === 0) return [];
      return [message('MISSING_UNION_BRANCH', `reader union lacking writer type: ${describe(w)}`, path)];
    }
    if (readerKind !== writerKind) {
      if (PROMOTIONS[writerKind]?.includes(readerKind)) return [];
      return [
        message(
          'TYPE_MISMATCH',
          `reader type: ${readerKind} not compatible with writer type: ${writerKind}`,
          path,
        ),
      ];
    }
    switch (readerKind) {
      case 'record':
        return this.checkRecord(r, w, path);
      case 'enum':
        return this.checkEnum(r, w, path);
      case 'fixed': {
        const out = nameMismatch(r, w, path);
        const readerSize = (r as avro.types.FixedType).size;
        const writerSize = (w as avro.types.FixedType).size;
        if (readerSize !== writerSize)
          out.push(
            message('FIXED_SIZE_MISMATCH', `expected: ${writerSize}, found: ${readerSize}`, `${path}size`),
          );
        return out;
      }
      case 'array':
        return this.check(
          (r as avro.types.ArrayType).itemsType,
          (w as avro.types.ArrayType).itemsType,
          `${path}items/`,
        );
      case 'map':
        return this.check(
          (r as avro.types.MapType).valuesType as avro.Type,
          (w as avro.types.MapType).valuesType as avro.Type,
          `${path}values/`,
        );
      default:
        return [];
    }
  }

  private checkRecord(reader: avro.Type, writer: avro.Type, path: string): string[] {
    const mismatch = nameMismatch(reader, writer, path);
    if (mismatch.length > 0) return mismatch;
    const key = `${reader.name}|${writer.name}`;
    if (this.inProgress.has(key)) return [];
    this.inProgress.add(key);
    try {
      const out: string[] = [];
      const writerFields = (writer as avro.types.RecordType).fields as readonly RecordField[];
      const readerFields = (reader as avro.types.RecordType).fields as readonly RecordField[];
      readerFields.forEach((field, i) => {
        const names = [field.name, ...(field.aliases ?? [])];
        const writerField = writerFields.find((candidate) => names.includes(candidate.name));
        const fieldPath = `${path}fields/${i}/`;
        if (writerField === undefined) {
          if (field.defaultValue() === undefined)
            out.push(
              message(
                'READER_FIELD_MISSING_DEFAULT_VALUE',
                `The field '${field.name}' in the new schema has no default value and is missing in the old schema`,
                fieldPath,
              ),
            );
          return;
        }
        out.push(...this.check(field.type, writerField.type, `${fieldPath}type/`));
      });
      return out;
    } finally {
      this.inProgress.delete(key);
    }
  }

  private checkEnum(reader: avro.Type, writer: avro.Type, path: string): string[] {
    const out = nameMismatch(reader, writer, path);
    const readerEnum = reader as avro.types.EnumType & { default?: string };
    const missing = (writer as avro.types.EnumType).symbols.filter((s) => !readerEnum.symbols.includes(s));
    if (missing.length > 0 && readerEnum.default === undefined)
      out.push(
        message(
          'MISSING_ENUM_SYMBOLS',
          `The new schema is missing enum symbols: ${missing}`,
          `${path}symbols`,
        ),
      );
    return out;
  }
}

function underlying(type: avro.Type): avro.Type {
  const logical = type as avro.Type & { underlyingType?: avro.Type };
  return type.typeName.startsWith('logical:') && logical.underlyingType ? logical.underlyingType : type;
}

function kindOf(type: avro.Type): string {
  if (type.typeName.startsWith('union')) return 'union';
  if (type.typeName === 'error') return 'record';
  return type.typeName;
}

function branches(type: avro.Type): readonly avro.Type[] {
  return (type as avro.types.UnwrappedUnionType).types;
}

function describe(type: avro.Type): string {
  return type.name ?? kindOf(type);
}

function nameMismatch(reader: avro.Type, writer: avro.Type, path: string): string[] {
  const writerName = writer.name ?? '';
  // Full names must match unless one of the reader's aliases names the writer type.
  if (reader.name === writerName || (reader.aliases ?? []).includes(writerName)) return [];
  return [message('NAME_MISMATCH', `expected: ${writerName}, found: ${reader.name ?? ''}`, `${path}name`)];
}

function message(
  errorType: string,
  description: string,
  path: string,
  causes: readonly string[] = [],
): string {
  const cause = causes.length > 0 ? `, causes: [${causes.join('; ')}]` : '';
  return `{errorType:'${errorType}', description:'${description}', path:'${path}'${cause}}`;
}
