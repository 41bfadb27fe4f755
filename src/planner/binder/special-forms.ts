/**
 * SQL's keyword-syntax functions (EXTRACT, TRIM, SUBSTRING ... FROM, JSON_VALUE ...) → registry
 * calls. Keywords become symbol arguments; JSON behaviours are symbols such as `NULL_ON_EMPTY`.
 */
import { B, type BoundExpr } from '../../expr/bound.ts';
import { T } from '../../expr/types.ts';
import type { Expr, JsonBehavior } from '../../sql/ast.ts';
import { typedCall } from './calls.ts';
import { validationError } from './errors.ts';
import type { ExprBinder } from './expr-binder.ts';
import { toLogicalType } from './types.ts';

function behavior(b: JsonBehavior | undefined, when: 'EMPTY' | 'ERROR', binder: ExprBinder): BoundExpr[] {
  if (!b) return [];
  const name = `${b.behavior.replace(/ /g, '_')}_ON_${when}`;
  return b.default ? [B.symbol(name), binder.bind(b.default)] : [B.symbol(name)];
}

export function bindSpecialForm(e: Expr, binder: ExprBinder): BoundExpr {
  const bind = (x: Expr) => binder.bind(x);
  switch (e.kind) {
    case 'ExtractExpr':
      return typedCall('EXTRACT', [B.symbol(e.unit), bind(e.operand)], e.span);
    case 'FloorCeilExpr':
      return typedCall(e.fn, [bind(e.operand), B.symbol(e.unit)], e.span);
    case 'PositionExpr':
      return typedCall(
        'POSITION',
        [bind(e.needle), bind(e.haystack), ...(e.from ? [bind(e.from)] : [])],
        e.span,
      );
    case 'SubstringExpr':
      return typedCall('SUBSTRING', [bind(e.operand), bind(e.from), ...(e.for ? [bind(e.for)] : [])], e.span);
    case 'TrimExpr':
      return typedCall(
        'TRIM',
        [
          B.symbol(e.side),
          e.characters ? bind(e.characters) : B.literal(' ', T.char(1, false)),
          bind(e.operand),
        ],
        e.span,
      );
    case 'OverlayExpr':
      return typedCall(
        'OVERLAY',
        [bind(e.operand), bind(e.placing), bind(e.from), ...(e.for ? [bind(e.for)] : [])],
        e.span,
      );
    case 'IsJsonExpr': {
      const name = e.negated ? 'IS NOT JSON' : 'IS JSON';
      return typedCall(name, [bind(e.operand), ...(e.jsonType ? [B.symbol(e.jsonType)] : [])], e.span, name);
    }
    case 'JsonValueExpr': {
      const returning = e.returning ? toLogicalType(e.returning) : T.string();
      return typedCall(
        'JSON_VALUE',
        [
          bind(e.operand),
          bind(e.path),
          B.symbol('RETURNING', returning),
          ...behavior(e.onEmpty, 'EMPTY', binder),
          ...behavior(e.onError, 'ERROR', binder),
        ],
        e.span,
      );
    }
    case 'JsonQueryExpr':
      return typedCall(
        'JSON_QUERY',
        [
          bind(e.operand),
          bind(e.path),
          ...(e.returning ? [B.symbol('RETURNING', toLogicalType(e.returning))] : []),
          B.symbol(`${e.wrapper.replace(/ /g, '_')}_WRAPPER`),
          ...behavior(e.onEmpty, 'EMPTY', binder),
          ...behavior(e.onError, 'ERROR', binder),
        ],
        e.span,
      );
    case 'JsonExistsExpr':
      return typedCall(
        'JSON_EXISTS',
        [bind(e.operand), bind(e.path), ...behavior(e.onError, 'ERROR', binder)],
        e.span,
      );
    case 'JsonObjectExpr':
      if (e.aggregate)
        throw validationError(`Aggregate expression is illegal in ${binder.ctx.clause} clause`, e.span);
      return typedCall(
        'JSON_OBJECT',
        [B.symbol(`${e.onNull}_ON_NULL`), ...e.entries.flatMap((kv) => [bind(kv.key), bind(kv.value)])],
        e.span,
      );
    case 'JsonArrayExpr':
      if (e.aggregate)
        throw validationError(`Aggregate expression is illegal in ${binder.ctx.clause} clause`, e.span);
      return typedCall('JSON_ARRAY', [B.symbol(`${e.onNull}_ON_NULL`), ...e.items.map(bind)], e.span);
    default:
      throw validationError(`Unsupported expression ${e.kind}`, e.span);
  }
}
