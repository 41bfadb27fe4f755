/** Binding against a catalog without a synchronous face, after prefetching what a statement names. */
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/catalog.ts';
import { CatalogManager } from '../../src/catalog/catalog-manager.ts';
import { MemoryCatalog } from '../../src/catalog/memory-catalog.ts';
import { bindStatement, referencedTables } from '../../src/planner/index.ts';
import { parseStatement } from '../../src/sql/index.ts';

/** The memory catalog's async methods only, as a remote catalog would offer. */
function asyncOnly(inner: MemoryCatalog): Catalog {
  const { sync: _sync, ...rest } = Object.fromEntries(
    Object.getOwnPropertyNames(MemoryCatalog.prototype).map((k) => [
      k,
      (inner as unknown as Record<string, unknown>)[k],
    ]),
  );
  const methods = rest as Record<string, unknown>;
  const bound: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(methods)) if (typeof v === 'function') bound[k] = v.bind(inner);
  return {
    ...(bound as unknown as Catalog),
    name: inner.name,
    options: inner.options,
    defaultDatabase: inner.defaultDatabase,
  };
}

describe('prefetch', () => {
  it('collects referenced tables and binds after prefetching them, views transitively', async () => {
    const setup = new CatalogManager(new MemoryCatalog('remote'));
    for (const sql of [
      "CREATE TABLE orders (id BIGINT, amount INT) WITH ('connector' = 'datagen')",
      'CREATE VIEW big AS SELECT id FROM orders WHERE amount > 10',
    ]) {
      const b = bindStatement(parseStatement(sql), { catalogs: setup });
      if (b.kind === 'CatalogAction') await setup.apply(b.action);
    }
    const remote = asyncOnly(setup.getCatalog('remote') as MemoryCatalog);
    expect(remote.sync).toBeUndefined();
    const session = new CatalogManager(remote);
    const stmt = parseStatement('SELECT b.id FROM big b JOIN orders o ON b.id = o.id');
    expect(referencedTables(stmt)).toEqual([['big'], ['orders']]);
    expect(() => bindStatement(stmt, { catalogs: session })).toThrow("Object 'big' not found");
    await session.prefetch(referencedTables(stmt), (view) => referencedTables(view.query));
    const bound = bindStatement(stmt, { catalogs: session });
    expect(bound.kind === 'Query' && bound.plan.schema.map((f) => f.name)).toEqual(['id']);
  });
});
