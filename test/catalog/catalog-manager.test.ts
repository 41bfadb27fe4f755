import { describe, expect, it } from 'vitest';
import type { Catalog, CatalogTable } from '../../src/catalog/catalog.ts';
import { CatalogManager } from '../../src/catalog/catalog-manager.ts';
import { MemoryCatalog } from '../../src/catalog/memory-catalog.ts';
import { T } from '../../src/expr/types.ts';

const table = (name = 'a'): CatalogTable => ({
  kind: 'table',
  columns: [{ kind: 'physical', name, type: T.int() }],
  partitionKeys: [],
  options: { connector: 'datagen' },
});

/** An in-memory catalog seen only through its async face, like a remote catalog. */
function remote(name: string): { catalog: Catalog; calls: string[] } {
  const inner = new MemoryCatalog(name);
  const calls: string[] = [];
  const logged = <R>(call: string, result: R): R => {
    calls.push(call);
    return result;
  };
  const catalog: Catalog = {
    name,
    options: { type: 'remote' },
    defaultDatabase: inner.defaultDatabase,
    listDatabases: () => logged('listDatabases', inner.listDatabases()),
    getDatabase: (n) => inner.getDatabase(n),
    createDatabase: (n, d, i) => inner.createDatabase(n, d, i),
    alterDatabase: (n, d) => inner.alterDatabase(n, d),
    dropDatabase: (n, i, c) => inner.dropDatabase(n, i, c),
    listTables: (d) => logged(`listTables ${d}`, inner.listTables(d)),
    listViews: (d) => inner.listViews(d),
    getTable: (d, n) => logged(`getTable ${d}.${n}`, inner.getTable(d, n)),
    createTable: (d, n, t, i) => inner.createTable(d, n, t, i),
    createView: (d, n, v, i) => inner.createView(d, n, v, i),
    alterTable: (d, n, t) => inner.alterTable(d, n, t),
    renameTable: (d, n, m) => inner.renameTable(d, n, m),
    dropTable: (d, n, i) => inner.dropTable(d, n, i),
    listFunctions: (d) => inner.listFunctions(d),
    getFunction: (d, n) => inner.getFunction(d, n),
    createFunction: (d, n, f, i) => inner.createFunction(d, n, f, i),
    dropFunction: (d, n, i) => inner.dropFunction(d, n, i),
  };
  return { catalog, calls };
}

describe('MemoryCatalog', () => {
  it('starts with default_database and stores tables per database', async () => {
    const c = new MemoryCatalog('default_catalog');
    expect(await c.listDatabases()).toEqual(['default_database']);
    await c.createTable('default_database', 't', table(), false);
    expect(c.sync.table('default_database', 't')).toEqual(table());
    await expect(c.createTable('default_database', 't', table(), false)).rejects.toThrow(
      'Table (or view) default_database.t already exists in Catalog default_catalog.',
    );
    await c.createTable('default_database', 't', table('b'), true);
    expect(c.sync.table('default_database', 't')).toEqual(table());
    await expect(c.createTable('nope', 't', table(), false)).rejects.toThrow('Database nope does not exist');
  });

  it('refuses to drop a non-empty database without CASCADE', async () => {
    const c = new MemoryCatalog('c');
    await c.createDatabase('db', { options: {} }, false);
    await c.createTable('db', 't', table(), false);
    await expect(c.dropDatabase('db', false, false)).rejects.toThrow('is not empty');
    await c.dropDatabase('db', false, true);
    expect(await c.listDatabases()).toEqual(['default_database']);
  });

  it('renames and drops tables', async () => {
    const c = new MemoryCatalog('c');
    await c.createTable('default_database', 't', table(), false);
    await c.renameTable('default_database', 't', 'u');
    expect(await c.listTables('default_database')).toEqual(['u']);
    await c.dropTable('default_database', 'u', false);
    await expect(c.dropTable('default_database', 'u', false)).rejects.toThrow('does not exist');
    await c.dropTable('default_database', 'u', true);
  });
});

describe('CatalogManager', () => {
  it('resolves 1-, 2- and 3-part names against the current catalog and database', async () => {
    const m = new CatalogManager();
    expect(m.currentCatalog).toBe('default_catalog');
    expect(m.currentDatabase).toBe('default_database');
    await m.apply({
      kind: 'CreateTable',
      path: m.qualify(['t']),
      table: table(),
      temporary: false,
      ignoreIfExists: false,
      orReplace: false,
    });
    expect(m.lookupTable(['t'])?.path).toEqual({
      catalog: 'default_catalog',
      database: 'default_database',
      name: 't',
    });
    expect(m.lookupTable(['default_database', 't'])).toBeDefined();
    expect(m.lookupTable(['default_catalog', 'default_database', 't'])).toBeDefined();
    expect(m.lookupTable(['other', 't'])).toBeUndefined();
  });

  it('keeps temporary tables in the session, shadowing permanent ones', async () => {
    const m = new CatalogManager();
    const path = m.qualify(['t']);
    await m.apply({
      kind: 'CreateTable',
      path,
      table: table('perm'),
      temporary: false,
      ignoreIfExists: false,
      orReplace: false,
    });
    await m.apply({
      kind: 'CreateTable',
      path,
      table: table('temp'),
      temporary: true,
      ignoreIfExists: false,
      orReplace: false,
    });
    const found = m.lookupTable(['t']);
    expect(found?.temporary).toBe(true);
    expect(found?.table.kind === 'table' && found.table.columns[0]!.name).toBe('temp');
    await m.apply({
      kind: 'DropTable',
      objectType: 'TABLE',
      path,
      temporary: true,
      ignoreIfNotExists: false,
    });
    expect(m.lookupTable(['t'])?.temporary).toBe(false);
    expect(m.tableNamesIn('default_catalog', 'default_database')).toEqual(['t']);
  });

  it('creates catalogs through the factory registry and switches with USE', async () => {
    const m = new CatalogManager();
    await m.apply({ kind: 'CreateCatalog', name: 'mem', options: { type: 'memory' }, ignoreIfExists: false });
    await expect(
      m.apply({ kind: 'CreateCatalog', name: 'k', options: { type: 'kafka' }, ignoreIfExists: false }),
    ).rejects.toThrow("Could not find any factory for identifier 'kafka'");
    await m.apply({
      kind: 'CreateDatabase',
      catalog: 'mem',
      database: 'db1',
      meta: { options: {} },
      ignoreIfExists: false,
    });
    await m.apply({ kind: 'UseCatalog', name: 'mem' });
    expect(m.currentDatabase).toBe('default_database');
    await m.apply({ kind: 'UseDatabase', catalog: 'mem', database: 'db1' });
    expect(m.qualify(['x'])).toEqual({ catalog: 'mem', database: 'db1', name: 'x' });
    await expect(m.apply({ kind: 'UseDatabase', catalog: 'mem', database: 'nope' })).rejects.toThrow(
      'Database nope does not exist in Catalog mem.',
    );
    await expect(m.apply({ kind: 'DropCatalog', name: 'mem', ignoreIfNotExists: false })).rejects.toThrow(
      'currently in use',
    );
  });

  it('prefetches objects of async catalogs so lookups are synchronous', async () => {
    const { catalog, calls } = remote('remote');
    await catalog.createTable('default_database', 'orders', table(), false);
    const m = new CatalogManager();
    m.registerCatalog(catalog);
    expect(m.lookupTable(['remote', 'default_database', 'orders'])).toBeUndefined();
    await m.prefetch([
      ['remote', 'default_database', 'orders'],
      ['remote', 'default_database', 'orderz'],
    ]);
    expect(m.lookupTable(['remote', 'default_database', 'orders'])?.table).toEqual(table());
    expect(m.lookupTable(['remote', 'default_database', 'orderz'])).toBeUndefined();
    expect(m.tableNamesIn('remote', 'default_database')).toEqual(['orders']);
    expect(calls).toContain('getTable default_database.orders');
    // a second prefetch of the same name is served from the cache of the listing
    const before = calls.filter((c) => c.startsWith('listTables')).length;
    await m.prefetch([['remote', 'default_database', 'orders']]);
    expect(calls.filter((c) => c.startsWith('listTables')).length).toBe(before);
  });
});
