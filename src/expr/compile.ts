/**
 * Compiles bound expressions once into specialised JavaScript (`new Function`): input fields are read
 * into locals once, null checks are emitted only for nullable types, hot operators are inlined, and
 * every non-trivial constant (function closures, casts, regexes, decimals) is hoisted into a closure
 * array, and an expression occurring twice is computed once (compile-cse.ts). Semantics are those of
 * interpret.ts, which the tests compare against.
 */
import { type BoundExpr, inputsOf } from './bound.ts';
import { castFunction } from './cast.ts';
import { expressionKey, ValueScopes } from './compile-cse.ts';
import { ExpressionError } from './errors.ts';
import './functions/index.ts';
import { itemAccess } from './functions/collections.ts';
import { type EvalContext, type ExprContext, evalContext, requireFunction } from './functions/registry.ts';
import { coercion, LAZY_FORMS } from './special-forms.ts';
import type { LogicalType } from './types.ts';

export type RowFn = (row: readonly unknown[]) => unknown;
export type Predicate = (row: readonly unknown[]) => boolean;
export type Projection = (row: readonly unknown[]) => unknown[];

class CodeGen {
  readonly constants: unknown[] = [];
  private lines: string[] = [];
  private counter = 0;
  private readonly values = new ValueScopes();
  constructor(readonly ctx: EvalContext) {}

  constant(value: unknown): string {
    const i = this.constants.indexOf(value);
    if (i >= 0) return `k${i}`;
    this.constants.push(value);
    return `k${this.constants.length - 1}`;
  }
  fresh(): string {
    return `v${this.counter++}`;
  }
  emit(line: string): void {
    this.lines.push(line);
  }
  /** Generates `e` into a separate block; returns its statements and result expression. */
  block(fn: () => string): { code: string; value: string } {
    this.values.enter();
    const generated = this.capture(fn);
    this.values.leave();
    return generated;
  }
  /**
   * Generates into separate lines that the caller emits at the current nesting level, so values
   * computed there stay reusable after it (unlike `block`, whose code goes inside a branch).
   */
  capture(fn: () => string): { code: string; value: string } {
    const saved = this.lines;
    this.lines = [];
    const value = fn();
    const code = this.lines.join('\n');
    this.lines = saved;
    return { code, value };
  }
  /**
   * The code that follows goes inside a new `{` (a CASE/AND/OR/COALESCE else-branch), closed by
   * `closeBranches`: values computed in it must not be reused after the matching `}`.
   */
  openBranch(): void {
    this.values.enter();
  }
  closeBranches(count: number): void {
    for (let i = 0; i < count; i++) this.values.leave();
  }
  body(): string {
    return this.lines.join('\n');
  }

  literal(value: unknown, type: LogicalType): string {
    if (value === null || value === undefined) return 'null';
    if (typeof value === 'boolean') return String(value);
    if (typeof value === 'number') {
      return Number.isFinite(value) && !Object.is(value, -0) ? `(${value})` : this.constant(value);
    }
    if (typeof value === 'bigint') return `(${value}n)`;
    if (typeof value === 'string') return JSON.stringify(value);
    void type;
    return this.constant(value);
  }

  /** The variable or literal code holding `e`'s value, reusing an earlier computation of it. */
  gen(e: BoundExpr): string {
    if (e.kind === 'input' || e.kind === 'literal' || e.kind === 'symbol') return this.genValue(e);
    const key = expressionKey(e);
    if (key === undefined) return this.genValue(e);
    const known = this.values.lookup(key);
    if (known !== undefined) return known;
    const value = this.genValue(e);
    this.values.define(key, value);
    return value;
  }

  private genValue(e: BoundExpr): string {
    switch (e.kind) {
      case 'input':
        return `f${e.index}`;
      case 'literal':
        return this.literal(e.value, e.type);
      case 'symbol':
        return JSON.stringify(e.name);
      case 'cast':
        return this.genCast(e.operand, e.type, e.mode);
      case 'case':
        return this.genCase(e);
      case 'field': {
        const v = this.gen(e.operand);
        const r = this.fresh();
        this.emit(
          e.operand.type.nullable
            ? `const ${r} = ${v} === null ? null : ${v}[${e.index}];`
            : `const ${r} = ${v}[${e.index}];`,
        );
        return r;
      }
      case 'item': {
        const v = this.gen(e.operand);
        const k = this.gen(e.key);
        const access = this.constant(itemAccess(e.operand.type, e.key.type, this.ctx));
        const r = this.fresh();
        this.emit(`const ${r} = ${v} === null || ${k} === null ? null : ${access}(${v}, ${k});`);
        return r;
      }
      case 'call':
        return LAZY_FORMS.has(e.name) ? this.genLazy(e.name, e.args, e.type) : this.genCall(e);
    }
  }

  private genCast(operand: BoundExpr, type: LogicalType, mode: 'cast' | 'try_cast'): string {
    const v = this.gen(operand);
    const fn = castFunction(operand.type, type, this.ctx.zone);
    const r = this.fresh();
    const conv = this.constant(fn);
    const apply = operand.type.nullable ? `${v} === null ? null : ${conv}(${v})` : `${conv}(${v})`;
    if (mode === 'try_cast') {
      const err = this.constant(ExpressionError);
      this.emit(
        `let ${r};\ntry { ${r} = ${apply}; } catch (e) { if (!(e instanceof ${err})) throw e; ${r} = null; }`,
      );
    } else {
      this.emit(`const ${r} = ${apply};`);
    }
    return r;
  }

  /** `e` converted to `target` (branches of CASE/IF/COALESCE share the result type). */
  private genCoerced(e: BoundExpr, target: LogicalType): string {
    const v = this.gen(e);
    const conv = coercion(e.type, target, this.ctx.zone);
    if (!conv) return v;
    const c = this.constant(conv);
    const r = this.fresh();
    this.emit(
      e.type.nullable ? `const ${r} = ${v} === null ? null : ${c}(${v});` : `const ${r} = ${c}(${v});`,
    );
    return r;
  }

  private genCase(e: Extract<BoundExpr, { kind: 'case' }>): string {
    const r = this.fresh();
    this.emit(`let ${r} = null;`);
    let closing = '';
    for (const b of e.branches) {
      // each condition runs where the previous ones' else-branches nest, so it sees their values
      const when = this.capture(() => this.gen(b.when));
      const then = this.block(() => this.genCoerced(b.result, e.type));
      this.emit(`${when.code}\nif (${when.value} === true) {\n${then.code}\n${r} = ${then.value};\n} else {`);
      this.openBranch();
      closing += '}';
    }
    const other = this.block(() => this.genCoerced(e.otherwise, e.type));
    this.emit(`${other.code}\n${r} = ${other.value};\n${closing}`);
    this.closeBranches(e.branches.length);
    return r;
  }

  private genLazy(name: string, args: readonly BoundExpr[], type: LogicalType): string {
    const r = this.fresh();
    if (name === 'AND' || name === 'OR') {
      // three-valued, short-circuit: AND stops at FALSE, OR at TRUE
      const stop = name === 'AND' ? 'false' : 'true';
      const sawNull = this.fresh();
      this.emit(`let ${r} = ${name === 'AND' ? 'true' : 'false'}; let ${sawNull} = false;`);
      let closing = '';
      for (const a of args) {
        const b = this.capture(() => this.gen(a));
        this.emit(`${b.code}\nif (${b.value} === ${stop}) { ${r} = ${stop}; } else {`);
        this.openBranch();
        if (a.type.nullable) this.emit(`if (${b.value} === null) ${sawNull} = true;`);
        closing += '}';
      }
      this.emit(`if (${sawNull}) ${r} = null;\n${closing}`);
      this.closeBranches(args.length);
      return r;
    }
    if (name === 'IF') {
      const cond = this.gen(args[0]!);
      const yes = this.block(() => this.genCoerced(args[1]!, type));
      const no = this.block(() => this.genCoerced(args[2]!, type));
      this.emit(
        `let ${r};\nif (${cond} === true) {\n${yes.code}\n${r} = ${yes.value};\n} else {\n${no.code}\n${r} = ${no.value};\n}`,
      );
      return r;
    }
    // COALESCE / IFNULL
    this.emit(`let ${r} = null;`);
    let closing = '';
    for (const a of args) {
      const b = this.capture(() => this.genCoerced(a, type));
      this.emit(`${b.code}\n${r} = ${b.value};\nif (${r} === null) {`);
      this.openBranch();
      closing += '}';
      if (!a.type.nullable) break;
    }
    this.emit(closing);
    this.closeBranches(closing.length);
    return r;
  }

  private genCall(e: Extract<BoundExpr, { kind: 'call' }>): string {
    const fn = requireFunction(e.name);
    const args = e.args.map((a) => this.gen(a));
    const strict = (fn.nulls ?? 'strict') === 'strict';
    let expr = fn.inline?.(e, args);
    if (expr === undefined)
      expr = `(${this.constant(fn.implement(e, this.ctx))}(${args.join(', ')}) ?? null)`;
    const r = this.fresh();
    const nullable = strict
      ? e.args
          .map((a, i) => (a.kind !== 'symbol' && a.type.nullable ? args[i]! : undefined))
          .filter((x) => x !== undefined)
      : [];
    if (nullable.length === 0) {
      this.emit(`const ${r} = ${expr};`);
    } else {
      this.emit(`const ${r} = ${nullable.map((a) => `${a} === null`).join(' || ')} ? null : ${expr};`);
    }
    return r;
  }
}

function assemble(gen: CodeGen, exprs: readonly BoundExpr[], result: (values: string[]) => string): RowFn {
  const values = exprs.map((e) => gen.gen(e));
  const inputs = new Set<number>();
  for (const e of exprs) for (const i of inputsOf(e)) inputs.add(i);
  const reads = [...inputs].map((i) => `const f${i} = row[${i}];`).join('\n');
  const consts = gen.constants.map((_, i) => `const k${i} = k[${i}];`).join('\n');
  const source = `"use strict";\n${consts}\nreturn function compiled(row) {\n${reads}\n${gen.body()}\nreturn ${result(values)};\n};`;
  const factory = new Function('k', source) as (k: unknown[]) => RowFn;
  return factory(gen.constants);
}

function contextOf(ctx: EvalContext | ExprContext): EvalContext {
  return 'zone' in ctx ? ctx : evalContext(ctx);
}

/** `(row) => value` for one expression. */
export function compileScalar(expr: BoundExpr, ctx: EvalContext | ExprContext = {}): RowFn {
  return assemble(new CodeGen(contextOf(ctx)), [expr], ([v]) => `${v} === undefined ? null : ${v}`);
}

/** `(row) => boolean` for a condition; NULL counts as false (as in WHERE). */
export function compilePredicate(expr: BoundExpr, ctx: EvalContext | ExprContext = {}): Predicate {
  return assemble(new CodeGen(contextOf(ctx)), [expr], ([v]) => `${v} === true`) as Predicate;
}

/** `(row) => newRow` computing all expressions in one function. */
export function compileProjection(
  exprs: readonly BoundExpr[],
  ctx: EvalContext | ExprContext = {},
): Projection {
  return assemble(new CodeGen(contextOf(ctx)), exprs, (vs) => `[${vs.join(', ')}]`) as Projection;
}

/** The generated source of a projection (for EXPLAIN-style debugging and tests). */
export function projectionSource(exprs: readonly BoundExpr[], ctx: EvalContext | ExprContext = {}): string {
  const gen = new CodeGen(contextOf(ctx));
  const values = exprs.map((e) => gen.gen(e));
  return `${gen.body()}\nreturn [${values.join(', ')}];`;
}
