/**
 * DEFINE conditions and MEASURES of MATCH_RECOGNIZE → functions over a match's rows (PatternRows).
 *
 * Navigation follows Calcite's rewriting as Flink runs it (SqlValidatorImpl's NavigationExpander /
 * NavigationReplacer, Flink's MatchCodeGenerator):
 * - `A.x` reads the last row mapped to A (`LAST(A.x, 0)`); in A's own DEFINE that is the candidate
 *   row. A plain `x` is the candidate row in DEFINE and the last row of the match in MEASURES.
 * - `FIRST(e, n)` / `LAST(e, n)` apply to every column reference inside `e`: the n-th row from the
 *   start / end of that variable's rows (all rows of the match for a plain column); null when absent.
 *   In DEFINE the candidate row counts as a row of the variable being defined.
 * - `PREV(e, n)` in DEFINE is `LAST(e, n)` for other variables and plain columns; on the variable
 *   being defined, and anywhere in MEASURES, Flink rejects a non-zero physical offset. NEXT likewise.
 * - Aggregates run over the rows of the single variable their arguments read (all rows without one).
 *
 * Every navigation becomes an extra input column appended after the row's own fields ("slots"), so
 * the rest of the expression compiles with the expression layer's compiler.
 */
import { bindAggregate, isAggregateFunction } from '../../expr/aggregates/aggregate.ts';
import '../../expr/aggregates/index.ts';
import { B, type BoundExpr, visit } from '../../expr/bound.ts';
import { compileScalar } from '../../expr/compile.ts';
import type { ExprContext } from '../../expr/functions/registry.ts';
import { type LogicalType, withNullability } from '../../expr/types.ts';
import type { Row } from '../../runtime/batch.ts';
import type { PatternRows } from '../../runtime/cep/pattern.ts';
import type { MeasureEnv } from '../../runtime/operators/match-recognize.ts';
import { planningError } from './translate.ts';

/** The whole match (a plain column inside an aggregate or navigation). */
const ALL_ROWS = -1;

export type MatchExprFn = (rows: PatternRows, env: MeasureEnv | undefined) => unknown;

export interface MatchExprScope {
  /** Pattern variables (their index in PatternRows.rowsOf). */
  readonly variables: readonly string[];
  /** Width of the input row. */
  readonly width: number;
  readonly ctx: ExprContext;
}

type Where = { readonly clause: 'DEFINE'; readonly variable: string } | { readonly clause: 'MEASURES' };

interface Navigation {
  readonly first: boolean;
  readonly offset: number;
}

type Slot = (rows: PatternRows, env: MeasureEnv | undefined) => unknown;

const NAVIGATION = new Set(['FIRST', 'LAST', 'PREV', 'NEXT']);

function offsetOf(call: Extract<BoundExpr, { kind: 'call' }>, fallback: number): number {
  const arg = call.args[1];
  if (arg === undefined) return fallback;
  const v = arg.kind === 'literal' ? arg.value : undefined;
  const n = typeof v === 'bigint' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw planningError(`The offset of ${call.name} must be a non-negative integer literal`);
  }
  return n;
}

/** The pattern variables an expression reads through `A.x` references. */
function referencedVariables(e: BoundExpr): Set<string> {
  const names = new Set<string>();
  visit(e, (n) => {
    if (n.kind === 'call' && n.name === 'PATTERN_REF' && n.args[0]?.kind === 'symbol')
      names.add(n.args[0].name);
  });
  return names;
}

/** Removes `A.` qualifiers: the row a column is read from is chosen by the caller. */
function unqualified(e: BoundExpr): BoundExpr {
  if (e.kind === 'call' && e.name === 'PATTERN_REF') return e.args[1]!;
  switch (e.kind) {
    case 'call':
      return { ...e, args: e.args.map(unqualified) };
    case 'cast':
    case 'field':
      return { ...e, operand: unqualified(e.operand) };
    case 'item':
      return { ...e, operand: unqualified(e.operand), key: unqualified(e.key) };
    case 'case':
      return {
        ...e,
        branches: e.branches.map((b) => ({ when: unqualified(b.when), result: unqualified(b.result) })),
        otherwise: unqualified(e.otherwise),
      };
    default:
      return e;
  }
}

class MatchExprCompiler {
  readonly slots: Slot[] = [];

  constructor(
    private readonly scope: MatchExprScope,
    private readonly where: Where,
  ) {}

  private variableIndex(name: string): number {
    const i = this.scope.variables.indexOf(name);
    if (i < 0) throw planningError(`Unknown pattern variable '${name}' in MATCH_RECOGNIZE`);
    return i;
  }

  private slot(fn: Slot, type: LogicalType): BoundExpr {
    this.slots.push(fn);
    return B.input(this.scope.width + this.slots.length - 1, withNullability(type, true));
  }

  private field(variable: number, nav: Navigation, column: number, type: LogicalType): BoundExpr {
    const { first, offset } = nav;
    return this.slot((rows) => {
      const list = variable === ALL_ROWS ? rows.allRows() : rows.rowsOf(variable);
      const row = list[first ? offset : list.length - 1 - offset];
      return row === undefined ? null : (row[column] ?? null);
    }, type);
  }

  rewrite(e: BoundExpr, nav: Navigation | undefined): BoundExpr {
    switch (e.kind) {
      case 'input':
        if (nav === undefined && this.where.clause === 'DEFINE') return e;
        return this.field(ALL_ROWS, nav ?? { first: false, offset: 0 }, e.index, e.type);
      case 'literal':
      case 'symbol':
        return e;
      case 'cast':
      case 'field':
        return { ...e, operand: this.rewrite(e.operand, nav) };
      case 'item':
        return { ...e, operand: this.rewrite(e.operand, nav), key: this.rewrite(e.key, nav) };
      case 'case':
        return {
          ...e,
          branches: e.branches.map((b) => ({
            when: this.rewrite(b.when, nav),
            result: this.rewrite(b.result, nav),
          })),
          otherwise: this.rewrite(e.otherwise, nav),
        };
      case 'call':
        return this.call(e, nav);
    }
  }

  private call(e: Extract<BoundExpr, { kind: 'call' }>, nav: Navigation | undefined): BoundExpr {
    const where = this.where;
    if (e.name === 'PATTERN_REF') {
      const name = e.args[0]?.kind === 'symbol' ? e.args[0].name : '';
      const column = e.args[1]!;
      if (column.kind !== 'input') throw planningError(`Unexpected pattern reference ${name}`);
      if (nav === undefined && where.clause === 'DEFINE' && name === where.variable) return column;
      return this.field(
        this.variableIndex(name),
        nav ?? { first: false, offset: 0 },
        column.index,
        column.type,
      );
    }
    if (e.name === 'FIRST' || e.name === 'LAST') {
      return this.rewrite(e.args[0]!, { first: e.name === 'FIRST', offset: offsetOf(e, 0) });
    }
    if (e.name === 'PREV' || e.name === 'NEXT') {
      const offset = offsetOf(e, 1);
      if (offset === 0) return this.rewrite(e.args[0]!, nav);
      const own = where.clause === 'DEFINE' && referencedVariables(e.args[0]!).has(where.variable);
      if (e.name === 'NEXT' || where.clause === 'MEASURES' || own) {
        throw planningError(
          'Flink does not support physical offsets within partition.',
          `Use LAST(var.col, ${offset}) to read an earlier row of a pattern variable`,
        );
      }
      return this.rewrite(e.args[0]!, { first: false, offset });
    }
    if (e.name === 'FINAL' || e.name === 'RUNNING') return this.rewrite(e.args[0]!, nav);
    if (e.name === 'MATCH_ROWTIME' || e.name === 'MATCH_PROCTIME') {
      if (where.clause !== 'MEASURES') throw planningError(`${e.name}() can only be used in MEASURES`);
      const rowtime = e.name === 'MATCH_ROWTIME';
      return this.slot(
        (_rows, env) => (env === undefined ? null : rowtime ? env.time : env.processingTime),
        e.type,
      );
    }
    if (e.name === 'CLASSIFIER' || e.name === 'MATCH_NUMBER') {
      throw planningError(
        `Unsupported call: ${e.name}()`,
        'Flink does not support CLASSIFIER() and MATCH_NUMBER() in MATCH_RECOGNIZE',
      );
    }
    if (!NAVIGATION.has(e.name) && isAggregateFunction(e.name)) return this.aggregate(e);
    return { ...e, args: e.args.map((a) => this.rewrite(a, nav)) };
  }

  private aggregate(e: Extract<BoundExpr, { kind: 'call' }>): BoundExpr {
    const names = new Set<string>();
    for (const a of e.args) for (const n of referencedVariables(a)) names.add(n);
    if (names.size > 1) {
      throw planningError(
        `Aggregation must be applied to a single pattern variable; ${e.name} reads ${[...names].join(', ')}`,
      );
    }
    const [name] = names;
    const variable = name === undefined ? ALL_ROWS : this.variableIndex(name);
    let fn: ReturnType<typeof bindAggregate>;
    try {
      fn = bindAggregate(
        e.name,
        e.args.map((a) => a.type),
      );
    } catch (err) {
      throw planningError(
        `Aggregate ${e.name} cannot run: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const args = e.args.map((a) => compileScalar(unqualified(a), this.scope.ctx));
    return this.slot((rows) => {
      const list = variable === ALL_ROWS ? rows.allRows() : rows.rowsOf(variable);
      let acc = fn.createAccumulator();
      for (const row of list) acc = fn.accumulate(acc, ...args.map((arg) => arg(row)));
      return fn.getValue(acc);
    }, e.type);
  }
}

/** Compiles one DEFINE condition or measure into a function of the match's rows. */
export function compileMatchExpr(expr: BoundExpr, scope: MatchExprScope, where: Where): MatchExprFn {
  const compiler = new MatchExprCompiler(scope, where);
  const rewritten = compiler.rewrite(expr, undefined);
  const fn = compileScalar(rewritten, scope.ctx);
  const slots = compiler.slots;
  const { width } = scope;
  if (slots.length === 0) return (rows) => fn(rows.current);
  return (rows, env) => {
    const extended: unknown[] = (rows.current as Row).slice(0, width);
    for (const slot of slots) extended.push(slot(rows, env));
    return fn(extended);
  };
}
