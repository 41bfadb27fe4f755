/**
 * Expressions as Flink's physical EXPLAIN prints them: prefix calls with input columns by name
 * (`+(a, 1)`, `>(b, 10)`), literals typed only where Calcite would (`1000:INTERVAL SECOND`).
 */
import type { BoundExpr } from '../../expr/bound.ts';
import { formatType } from '../../expr/types.ts';
import { formatValue } from '../../expr/values/format.ts';
import type { Schema } from '../logical/nodes.ts';

function literalText(e: Extract<BoundExpr, { kind: 'literal' }>): string {
  if (e.value === null) return e.type.kind === 'NULL' ? 'null' : `null:${formatType(e.type)}`;
  const k = e.type.kind;
  if (k === 'CHAR' || k === 'VARCHAR') return `'${String(e.value).replace(/'/g, "''")}'`;
  const text = formatValue(e.value, e.type);
  if (k === 'INT' || k === 'BOOLEAN' || k === 'DECIMAL' || k === 'DOUBLE') return text;
  if (k === 'INTERVAL_DAY_TIME' || k === 'INTERVAL_YEAR_MONTH')
    return `${String(e.value)}:${formatType(e.type).replace(/ NOT NULL$/, '')}`;
  return `${text}:${formatType(e.type).replace(/ NOT NULL$/, '')}`;
}

export function formatExpr(e: BoundExpr, input: Schema): string {
  const f = (x: BoundExpr): string => formatExpr(x, input);
  switch (e.kind) {
    case 'input':
      return input[e.index]?.name ?? `$${e.index}`;
    case 'literal':
      return literalText(e);
    case 'call':
      return `${e.name}(${e.args.map(f).join(', ')})`;
    case 'cast':
      return `${e.mode === 'try_cast' ? 'TRY_CAST' : 'CAST'}(${f(e.operand)} AS ${formatType(e.type)})`;
    case 'case':
      return `CASE(${[...e.branches.flatMap((b) => [b.when, b.result]), e.otherwise].map(f).join(', ')})`;
    case 'field':
      return `${f(e.operand)}.${e.operand.type.kind === 'ROW' ? (e.operand.type.fields[e.index]?.name ?? e.index) : e.index}`;
    case 'item':
      return `ITEM(${f(e.operand)}, ${f(e.key)})`;
    case 'symbol':
      return e.returning ? `FLAG(${e.name} ${formatType(e.returning)})` : `FLAG(${e.name})`;
  }
}
