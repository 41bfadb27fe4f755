/**
 * Name resolution: which input field a column name refers to. A scope lists the tables visible in a
 * FROM clause (each with an alias and a slice of the input row) and links to the enclosing query's
 * scope for correlated references.
 */

import type { LogicalType } from '../../expr/types.ts';
import type { ColumnRef, Identifier } from '../../sql/ast.ts';
import type { Field } from '../logical/nodes.ts';
import { didYouMean, validationError } from './errors.ts';

export interface ScopeTable {
  /** The name that qualifies columns: the alias, or the table's last name part. */
  readonly alias: string;
  /** The table's full path, so `db.t.col` and `cat.db.t.col` resolve too. */
  readonly path?: readonly string[];
  readonly fields: readonly Field[];
  /** Index of the table's first field in the input row. */
  readonly offset: number;
  /** Field positions (within the table) hidden from unqualified names and `*` (JOIN USING duplicates). */
  readonly hidden?: ReadonlySet<number>;
}

export interface ResolvedColumn {
  readonly index: number;
  readonly type: LogicalType;
  readonly name: string;
  /** 0 for this scope, 1 for the enclosing query, ... */
  readonly depth: number;
  /** Remaining name parts: ROW field accesses (`r.nested.field`). */
  readonly fieldPath: readonly Identifier[];
}

export class Scope {
  constructor(
    readonly tables: readonly ScopeTable[],
    readonly parent?: Scope,
  ) {}

  get width(): number {
    return this.tables.reduce((n, t) => Math.max(n, t.offset + t.fields.length), 0);
  }

  /** The row's fields in order (the concatenation of the tables'). */
  fields(): Field[] {
    const out: Field[] = [];
    for (const t of this.tables) {
      for (const [i, f] of t.fields.entries()) out[t.offset + i] = f;
    }
    return out;
  }

  findTable(qualifier: readonly string[]): ScopeTable | undefined {
    if (qualifier.length === 1) return this.tables.find((t) => t.alias === qualifier[0]);
    return this.tables.find((t) => {
      if (!t.path || t.path.length < qualifier.length) return false;
      const tail = t.path.slice(t.path.length - qualifier.length);
      return tail.every((p, i) => p === qualifier[i]);
    });
  }

  private unqualified(name: string, ref: ColumnRef): { table: ScopeTable; pos: number } | undefined {
    const hits: { table: ScopeTable; pos: number }[] = [];
    for (const table of this.tables) {
      const pos = table.fields.findIndex((f) => f.name === name);
      if (pos >= 0 && !table.hidden?.has(pos)) hits.push({ table, pos });
    }
    if (hits.length > 1) throw validationError(`Column '${name}' is ambiguous`, ref.parts[0]!.span);
    return hits[0];
  }

  /** Resolves a column reference here or in an enclosing scope; throws Calcite's errors otherwise. */
  resolve(ref: ColumnRef): ResolvedColumn {
    const found = this.tryResolve(ref, 0);
    if (found) return found;
    throw this.notFound(ref);
  }

  private tryResolve(ref: ColumnRef, depth: number): ResolvedColumn | undefined {
    const parts = ref.parts.map((p) => p.value);
    // longest table qualifier first: `cat.db.t.col`, `db.t.col`, `t.col`
    for (let q = Math.min(parts.length - 1, 3); q >= 1; q--) {
      const table = this.findTable(parts.slice(0, q));
      if (!table) continue;
      const name = parts[q]!;
      const pos = table.fields.findIndex((f) => f.name === name);
      if (pos < 0) {
        const hint = didYouMean(
          name,
          table.fields.map((f) => f.name),
        );
        throw validationError(
          `Column '${name}' not found in table '${parts.slice(0, q).join('.')}'`,
          ref.parts[q]!.span,
          hint,
        );
      }
      const field = table.fields[pos]!;
      return { index: table.offset + pos, type: field.type, name, depth, fieldPath: ref.parts.slice(q + 1) };
    }
    const hit = this.unqualified(parts[0]!, ref);
    if (hit) {
      const field = hit.table.fields[hit.pos]!;
      return {
        index: hit.table.offset + hit.pos,
        type: field.type,
        name: field.name,
        depth,
        fieldPath: ref.parts.slice(1),
      };
    }
    return this.parent?.tryResolve(ref, depth + 1);
  }

  private notFound(ref: ColumnRef) {
    const parts = ref.parts.map((p) => p.value);
    if (parts.length > 1) {
      const tables = this.allTables().map((t) => t.alias);
      return validationError(
        `Table '${parts[0]}' not found`,
        ref.parts[0]!.span,
        didYouMean(parts[0]!, tables),
      );
    }
    const names = this.allTables().flatMap((t) => t.fields.map((f) => f.name));
    return validationError(
      `Column '${parts[0]}' not found in any table`,
      ref.span,
      didYouMean(parts[0]!, names),
    );
  }

  private allTables(): ScopeTable[] {
    return [...this.tables, ...(this.parent?.allTables() ?? [])];
  }

  /** `*` or `t.*`: the indices the star expands to. */
  expandStar(qualifier: readonly Identifier[], span: Identifier['span']): number[] {
    if (qualifier.length === 0) {
      if (this.tables.length === 0) throw validationError('SELECT * requires a FROM clause', span);
      return this.tables.flatMap((t) =>
        t.fields
          .map((_, i) => i)
          .filter((i) => !t.hidden?.has(i))
          .map((i) => t.offset + i),
      );
    }
    const table = this.findTable(qualifier.map((q) => q.value));
    if (!table) {
      const name = qualifier.map((q) => q.value).join('.');
      throw validationError(
        `Unknown identifier '${name}'`,
        qualifier[0]!.span,
        didYouMean(
          name,
          this.tables.map((t) => t.alias),
        ),
      );
    }
    return table.fields.map((_, i) => table.offset + i);
  }
}
