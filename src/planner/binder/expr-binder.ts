/**
 * AST expressions → bound expressions over one input row. Names resolve through a Scope; in grouped
 * and windowed queries, sub-expressions equal to a group key, aggregate or OVER call are replaced by
 * references to the fields that compute them (`replacements`), as Calcite's validator does.
 */
import { B, type BoundExpr } from '../../expr/bound.ts';
import { explainUnsupportedCast, leastRestrictive } from '../../expr/type-rules.ts';
import { type LogicalType, T, withNullability, withoutTimeAttribute } from '../../expr/types.ts';
import type {
  ColumnRef,
  ExistsExpr,
  Expr,
  FunctionCall,
  Identifier,
  InSubqueryExpr,
  QuantifiedComparisonExpr,
  Query,
  Span,
} from '../../sql/ast.ts';
import { astKey } from './ast-key.ts';
import { calciteTypeName, castTo, typedCall } from './calls.ts';
import { validationError } from './errors.ts';
import { AGGREGATE_FUNCTIONS, LEGACY_WINDOW_AUXILIARY, LEGACY_WINDOW_FUNCTIONS } from './function-kinds.ts';
import { dateTimeLiteral, intervalLiteral, numericLiteral } from './literals.ts';
import type { Scope } from './scope.ts';
import { bindSpecialForm } from './special-forms.ts';
import { toLogicalType } from './types.ts';

/** How a subquery inside an expression is turned into plan (implemented by the query binder). */
export interface SubqueryHost {
  scalar(query: Query, span: Span): BoundExpr;
  /** IN, EXISTS or a quantified comparison used as a value (not a semi-join conjunct of WHERE). */
  predicate(e: ExistsExpr | InSubqueryExpr | QuantifiedComparisonExpr, binder: ExprBinder): BoundExpr;
}

export interface ExprContext {
  readonly scope: Scope;
  /** The clause being bound, for "illegal in ... clause" messages. */
  readonly clause: string;
  readonly replacements?: ReadonlyMap<string, BoundExpr>;
  /** A grouped query: column references must be group keys (`groupedColumns`: input index → key). */
  readonly grouped?: boolean;
  readonly groupedColumns?: ReadonlyMap<number, BoundExpr>;
  readonly subqueries?: SubqueryHost;
  /** Outer references are allowed (subquery WHERE): bound as `$OUTER(input)` calls. */
  readonly allowOuter?: boolean;
  /** Functions only this context knows (MATCH_RECOGNIZE navigation ...); undefined falls through. */
  readonly extraFunctions?: (call: FunctionCall, binder: ExprBinder) => BoundExpr | undefined;
}

export const OUTER_REF = '$OUTER';

const BINARY_NAMES: Record<string, string> = { '%': 'MOD', '||': 'CONCAT' };

export class ExprBinder {
  constructor(readonly ctx: ExprContext) {}

  with(changes: Partial<ExprContext>): ExprBinder {
    return new ExprBinder({ ...this.ctx, ...changes });
  }

  bind(e: Expr): BoundExpr {
    const replacements = this.ctx.replacements;
    if (replacements && replacements.size > 0) {
      const hit = replacements.get(astKey(e));
      if (hit) return hit;
    }
    return this.bindNode(e);
  }

  private bindNode(e: Expr): BoundExpr {
    switch (e.kind) {
      case 'NumericLiteral':
        return numericLiteral(e);
      case 'StringLiteral':
        return B.literal(e.value, T.char(e.value.length, false));
      case 'BinaryLiteral': {
        const bytes = new Uint8Array(e.hex.length / 2);
        for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(e.hex.slice(2 * i, 2 * i + 2), 16);
        return B.literal(bytes, T.binary(bytes.length, false));
      }
      case 'BooleanLiteral':
        return B.literal(e.value, T.boolean(false));
      case 'NullLiteral':
        return B.literal(null, T.null());
      case 'DateTimeLiteral':
        return dateTimeLiteral(e);
      case 'IntervalLiteral':
        return intervalLiteral(e);
      case 'ColumnRef':
        return this.column(e);
      case 'Parameter':
        throw validationError('Dynamic parameters (?) are not supported; inline the value', e.span);
      case 'UnaryExpr': {
        if (e.op === '-' && e.operand.kind === 'NumericLiteral') return numericLiteral(e.operand, true);
        const operand = this.bind(e.operand);
        if (e.op === '+') return operand;
        return typedCall(e.op === '-' ? 'NEGATE' : 'NOT', [operand], e.span, e.op === '-' ? '-' : 'NOT');
      }
      case 'BinaryExpr': {
        const left = this.bind(e.left);
        const right = this.bind(e.right);
        return typedCall(BINARY_NAMES[e.op] ?? e.op, [left, right], e.span, e.op);
      }
      case 'IsExpr': {
        const name = `IS ${e.negated ? 'NOT ' : ''}${e.test}`;
        return typedCall(name, [this.bind(e.operand)], e.span);
      }
      case 'IsDistinctFromExpr': {
        const name = e.negated ? 'IS NOT DISTINCT FROM' : 'IS DISTINCT FROM';
        return typedCall(name, [this.bind(e.left), this.bind(e.right)], e.span);
      }
      case 'BetweenExpr': {
        const name = `${e.negated ? 'NOT ' : ''}BETWEEN${e.symmetric ? ' SYMMETRIC' : ''}`;
        return typedCall(name, [this.bind(e.operand), this.bind(e.low), this.bind(e.high)], e.span);
      }
      case 'LikeExpr': {
        const args = [this.bind(e.operand), this.bind(e.pattern)];
        if (e.escape) args.push(this.bind(e.escape));
        const name = `${e.negated ? 'NOT ' : ''}${e.operator}`;
        return typedCall(name, args, e.span);
      }
      case 'InListExpr':
        return this.inList(e.operand, e.items, e.negated, e.span);
      case 'CaseExpr':
        return this.caseExpr(e);
      case 'CastExpr': {
        const operand = this.bind(e.operand);
        const type = toLogicalType(e.type);
        return this.cast(operand, type, e.safe, e.span);
      }
      case 'FunctionCall':
        return this.functionCall(e);
      case 'InSubqueryExpr':
      case 'ExistsExpr':
      case 'QuantifiedComparisonExpr':
        if (!this.ctx.subqueries)
          throw validationError(`Subqueries are not allowed in ${this.ctx.clause}`, e.span);
        return this.ctx.subqueries.predicate(e, this);
      case 'ScalarSubquery': {
        if (!this.ctx.subqueries)
          throw validationError(`Subqueries are not allowed in ${this.ctx.clause}`, e.span);
        return this.ctx.subqueries.scalar(e.query, e.span);
      }
      case 'RowConstructor': {
        const items = e.items.map((i) => this.bind(i));
        const type = T.row(
          items.map((it, i) => [`EXPR$${i}`, it.type] as const),
          false,
        );
        return B.call('ROW', items, type);
      }
      case 'ArrayConstructor': {
        const items = e.items.map((i) => this.bind(i));
        const element = this.commonType(items, e.span, 'ARRAY');
        return B.call(
          'ARRAY',
          items.map((i) => castTo(i, element)),
          T.array(element, false),
        );
      }
      case 'MapConstructor': {
        const items = e.items.map((i) => this.bind(i));
        if (items.length % 2 !== 0)
          throw validationError('MAP requires an even number of arguments (key, value pairs)', e.span);
        const keys = this.commonType(
          items.filter((_, i) => i % 2 === 0),
          e.span,
          'MAP',
        );
        const values = this.commonType(
          items.filter((_, i) => i % 2 === 1),
          e.span,
          'MAP',
        );
        const cast = items.map((it, i) => castTo(it, i % 2 === 0 ? keys : values));
        return B.call('MAP', cast, T.map(keys, values, false));
      }
      case 'FieldAccess':
        return this.fieldAccess(this.bind(e.operand), e.field);
      case 'ItemAccess': {
        const operand = this.bind(e.operand);
        const key = this.bind(e.index);
        const t = operand.type;
        if (t.kind === 'ARRAY') return B.item(operand, key, withNullability(t.element, true));
        if (t.kind === 'MAP') return B.item(operand, key, withNullability(t.value, true));
        if (t.kind === 'ROW' && key.kind === 'literal' && typeof key.value === 'number') {
          const f = t.fields[key.value - 1];
          if (f) return B.field(operand, key.value - 1, f.type);
        }
        throw validationError(
          `Cannot apply 'ITEM' to arguments of type 'ITEM(<${t.kind}>, <${key.type.kind}>)'`,
          e.span,
        );
      }
      case 'NamedArgument':
        throw validationError('Named arguments are supported only in table function calls', e.span);
      case 'TimeUnitArg':
        return B.symbol(e.unit);
      case 'TableArgument':
      case 'DescriptorExpr':
        throw validationError(
          'TABLE and DESCRIPTOR arguments are allowed only in table function calls',
          e.span,
        );
      default:
        return bindSpecialForm(e, this);
    }
  }

  cast(operand: BoundExpr, type: LogicalType, safe: boolean, span: Span): BoundExpr {
    return typedCast(operand, type, safe, span);
  }

  commonType(items: readonly BoundExpr[], span: Span, what: string): LogicalType {
    const t = leastRestrictive(items.map((i) => i.type));
    if (!t) throw validationError(`Parameters must be of the same type in ${what}`, span);
    return t;
  }

  private column(ref: ColumnRef): BoundExpr {
    const resolved = this.ctx.scope.resolve(ref);
    if (resolved.depth > 0) {
      if (!this.ctx.allowOuter || resolved.depth > 1) {
        throw validationError(
          `Correlated reference to '${ref.parts.map((p) => p.value).join('.')}' is supported only in the WHERE clause of an IN or EXISTS subquery`,
          ref.span,
        );
      }
      const outer = B.call(OUTER_REF, [B.input(resolved.index, resolved.type)], resolved.type);
      return resolved.fieldPath.reduce<BoundExpr>((acc, f) => this.fieldAccess(acc, f), outer);
    }
    let base: BoundExpr = B.input(resolved.index, resolved.type);
    if (this.ctx.grouped) {
      const key = this.ctx.groupedColumns?.get(resolved.index);
      if (!key) {
        const name = ref.parts.map((p) => p.value).join('.');
        throw validationError(`Expression '${name}' is not being grouped`, ref.span);
      }
      base = key;
    }
    return resolved.fieldPath.reduce<BoundExpr>((acc, f) => this.fieldAccess(acc, f), base);
  }

  fieldAccess(operand: BoundExpr, field: Identifier): BoundExpr {
    const t = operand.type;
    if (t.kind !== 'ROW') {
      throw validationError(
        `Column '${field.value}' not found: the expression is of type ${t.kind}, not a ROW`,
        field.span,
      );
    }
    const index = t.fields.findIndex((f) => f.name === field.value);
    if (index < 0) {
      throw validationError(`Unknown field '${field.value}'`, field.span);
    }
    const ft = t.fields[index]!.type;
    return B.field(operand, index, t.nullable ? withNullability(ft, true) : ft);
  }

  private inList(operandAst: Expr, itemsAst: readonly Expr[], negated: boolean, span: Span): BoundExpr {
    const operand = this.bind(operandAst);
    const items = itemsAst.map((i) => this.bind(i));
    if (!leastRestrictive([operand.type, ...items.map((i) => i.type)])) {
      throw validationError('Values passed to IN operator must have compatible types', span);
    }
    return typedCall(negated ? 'NOT IN' : 'IN', [operand, ...items], span);
  }

  private caseExpr(e: Extract<Expr, { kind: 'CaseExpr' }>): BoundExpr {
    const operand = e.operand ? this.bind(e.operand) : undefined;
    const conditions = e.whens.map((w) => {
      const when = this.bind(w.when);
      return operand ? typedCall('=', [operand, when], w.span) : when;
    });
    for (let i = 0; i < conditions.length; i++) {
      const c = conditions[i]!;
      if (c.type.kind !== 'BOOLEAN' && c.type.kind !== 'NULL') {
        throw validationError('Expected a boolean type', e.whens[i]!.when.span);
      }
    }
    const thens = e.whens.map((w) => this.bind(w.then));
    const otherwise = e.else ? this.bind(e.else) : B.literal(null, T.null());
    const resultType = leastRestrictive([...thens, otherwise].map((t) => t.type));
    if (!resultType) throw validationError('Illegal mixing of types in CASE or COALESCE statement', e.span);
    const type = e.else ? resultType : withNullability(resultType, true);
    return B.caseWhen(
      conditions.map((when, i) => ({ when, result: castTo(thens[i]!, type) })),
      castTo(otherwise, type),
      type,
    );
  }

  private functionCall(call: FunctionCall): BoundExpr {
    const name = call.name.parts.map((p) => p.value).join('.');
    const upper = name.toUpperCase();
    const extra = this.ctx.extraFunctions?.(call, this);
    if (extra) return extra;
    if (call.over) {
      throw validationError(
        `Windowed aggregate expression is illegal in ${this.ctx.clause} clause`,
        call.span,
      );
    }
    if (AGGREGATE_FUNCTIONS.has(upper) || call.filter || call.distinct) {
      throw validationError(`Aggregate expression is illegal in ${this.ctx.clause} clause`, call.span);
    }
    if (LEGACY_WINDOW_FUNCTIONS.has(upper)) {
      throw validationError(`Group function '${upper}' can only appear in GROUP BY clause`, call.span);
    }
    const group = LEGACY_WINDOW_AUXILIARY.get(upper);
    if (group) {
      throw validationError(
        `Call to auxiliary group function '${upper}' must have matching call to group function '${group}' in GROUP BY clause`,
        call.span,
      );
    }
    if (upper === 'CURRENT_WATERMARK') {
      const arg = call.args.length === 1 ? this.bind(call.args[0]!) : undefined;
      const t = arg?.type;
      if (
        arg?.kind !== 'input' ||
        !t ||
        (t.kind !== 'TIMESTAMP' && t.kind !== 'TIMESTAMP_LTZ') ||
        t.timeAttribute !== 'rowtime'
      ) {
        throw validationError(
          `The argument of CURRENT_WATERMARK must be a rowtime attribute${t ? `, but is ${calciteTypeName(t)}` : ''}`,
          call.span,
        );
      }
      return B.call('CURRENT_WATERMARK', [arg], withNullability(withoutTimeAttribute(t), true));
    }
    if (upper === 'SOURCE_WATERMARK') {
      // The source emits the watermarks (the physical planner adds no assigner: physical/source-watermark.ts)
      if (this.ctx.clause !== 'watermark' || call.args.length > 0) {
        throw validationError(
          'SOURCE_WATERMARK() takes no arguments and is allowed only as a watermark strategy: WATERMARK FOR ts AS SOURCE_WATERMARK()',
          call.span,
        );
      }
      return B.call('SOURCE_WATERMARK', [], T.timestampLtz(3, false));
    }
    if (upper === 'PROCTIME' && call.args.length === 0) {
      return B.call('PROCTIME', [], T.timestampLtz(3, false, 'proctime'));
    }
    const args = call.args.map((a) => this.bind(a));
    if (call.star)
      throw validationError(
        `Function ${upper}(*) is not an aggregate; * is allowed only in COUNT(*)`,
        call.span,
      );
    return typedCall(upper, args, call.span, call.noParens ? upper : name);
  }
}

/** CAST with Flink's explicit-cast rules. */
export function typedCast(operand: BoundExpr, type: LogicalType, safe: boolean, span: Span): BoundExpr {
  const from = operand.type;
  const target = safe ? withNullability(type, true) : withNullability(type, type.nullable || from.nullable);
  return checkedCast(operand, target, safe, span);
}

function checkedCast(operand: BoundExpr, target: LogicalType, safe: boolean, span: Span): BoundExpr {
  const from = withoutTimeAttribute(operand.type);
  const reason = explainUnsupportedCast(withNullability(from, true), withNullability(target, true));
  if (reason) {
    throw validationError(
      `Cast function cannot convert value of type ${calciteTypeName(from)} to type ${calciteTypeName(target)}`,
      span,
      reason,
    );
  }
  return B.cast({ ...operand, type: from } as BoundExpr, target, safe ? 'try_cast' : 'cast');
}
