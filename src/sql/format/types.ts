/**
 * Data types in their canonical spelling: INT, DECIMAL(10, 2), TIMESTAMP_LTZ(3), ARRAY<INT NOT NULL>.
 */
import type { DataType, IntervalQualifier, RowType } from '../ast.ts';
import { type FormatContext, identifier, stringLiteral } from './context.ts';

export function dataType(type: DataType, ctx: FormatContext): string {
  const base = dataTypeBase(type, ctx);
  return type.nullable ? base : `${base} NOT NULL`;
}

function dataTypeBase(type: DataType, ctx: FormatContext): string {
  switch (type.kind) {
    case 'SimpleType':
      return type.name;
    case 'SizedType':
      return withPrecision(type.name, type.length);
    case 'DecimalType':
      if (type.precision === undefined) return 'DECIMAL';
      if (type.scale === undefined) return `DECIMAL(${type.precision})`;
      return `DECIMAL(${type.precision}, ${type.scale})`;
    case 'TimeType':
      return withPrecision('TIME', type.precision);
    case 'TimestampType':
      return withPrecision(type.withLocalTimeZone ? 'TIMESTAMP_LTZ' : 'TIMESTAMP', type.precision);
    case 'IntervalType':
      return `INTERVAL ${intervalQualifier(type.qualifier)}`;
    case 'ArrayType':
      return `ARRAY<${dataType(type.element, ctx)}>`;
    case 'MultisetType':
      return `MULTISET<${dataType(type.element, ctx)}>`;
    case 'MapType':
      return `MAP<${dataType(type.key, ctx)}, ${dataType(type.value, ctx)}>`;
    case 'RowType':
      return rowType(type, ctx);
    case 'NamedType':
      return type.name.parts.map((part) => identifier(part, ctx)).join('.');
    case 'RawType': {
      const snapshot = type.snapshot === undefined ? '' : `, ${stringLiteral(type.snapshot)}`;
      return `RAW(${stringLiteral(type.className)}${snapshot})`;
    }
  }
}

function withPrecision(name: string, precision: number | undefined): string {
  return precision === undefined ? name : `${name}(${precision})`;
}

/** `ROW<a INT 'comment', b STRING>` or `ROW(a INT, b STRING)`, keeping the brackets as written. */
function rowType(type: RowType, ctx: FormatContext): string {
  const fields = type.fields.map((field) => {
    const text = `${identifier(field.name, ctx)} ${dataType(field.type, ctx)}`;
    return field.comment === undefined ? text : `${text} ${stringLiteral(field.comment)}`;
  });
  return type.syntax === 'angle' ? `ROW<${fields.join(', ')}>` : `ROW(${fields.join(', ')})`;
}

/** `DAY(3) TO SECOND(6)`, `MINUTE`, `SECOND(2, 6)` (leading precision, fractional precision). */
export function intervalQualifier(q: IntervalQualifier): string {
  if (q.to === undefined) {
    if (q.toPrecision !== undefined) return `${q.from}(${q.fromPrecision ?? 2}, ${q.toPrecision})`;
    return withPrecision(q.from, q.fromPrecision);
  }
  return `${withPrecision(q.from, q.fromPrecision)} TO ${withPrecision(q.to, q.toPrecision)}`;
}
