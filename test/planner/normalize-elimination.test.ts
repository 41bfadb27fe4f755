import { describe, it } from 'vitest';
import { expectSql, type TableSpec } from './sql-cases.ts';

const upsertSource = (byKey: boolean, columns = ['id INT', 'name STRING', '`value` INT']): TableSpec => ({
  name: 'src',
  columns,
  primaryKey: ['id'],
  options: { 'changelog-mode': 'I,UA,D', 'source.produces-delete-by-key': String(byKey) },
  rows: [
    ['+I', [1, 'Alice', 10]],
    ['+I', [2, 'Bob', 20]],
    ['-D', byKey ? [1, null, null] : [1, 'Alice', 10]],
    ['+U', [2, 'Bob', 30]],
  ],
});

const upsertSink = (byKey: boolean): TableSpec => ({
  name: 'sink',
  columns: ['id INT', 'name STRING', '`value` INT'],
  primaryKey: ['id'],
  options: { 'changelog-mode': 'I,UA,D', 'sink.supports-delete-by-key': String(byKey) },
});

describe('dropping ChangelogNormalize (FLIP-510)', () => {
  it('passes key-only deletes through when the sink deletes by key', async () => {
    await expectSql({
      sources: [upsertSource(true)],
      sink: upsertSink(true),
      sql: 'INSERT INTO sink SELECT id, name, `value` FROM src',
      changelog: ['+I[1, Alice, 10]', '+I[2, Bob, 20]', '-D[1, null, null]', '+U[2, Bob, 30]'],
    });
  });

  it('keeps it when the sink needs full deletes: the delete gets the stored row', async () => {
    await expectSql({
      sources: [upsertSource(true)],
      sink: upsertSink(false),
      sql: 'INSERT INTO sink SELECT id, name, `value` FROM src',
      changelog: ['+I[1, Alice, 10]', '+I[2, Bob, 20]', '-D[1, Alice, 10]', '+U[2, Bob, 30]'],
    });
  });

  it('keeps it under a filter, which needs the old row of an update', async () => {
    await expectSql({
      sources: [upsertSource(true)],
      sink: upsertSink(true),
      sql: 'INSERT INTO sink SELECT id, name, `value` FROM src WHERE `value` < 25',
      // +U[2, Bob, 30] leaves the filter: the normalizer turns it into a delete of the old row
      changelog: ['+I[1, Alice, 10]', '+I[2, Bob, 20]', '-D[1, Alice, 10]', '-D[2, Bob, 20]'],
    });
  });

  it("computes NOT NULL columns of a key-only delete as Flink's defaults ('' and -1)", async () => {
    await expectSql({
      sources: [upsertSource(true, ['id INT', 'name STRING NOT NULL', '`value` INT NOT NULL'])],
      sink: upsertSink(true),
      sql: 'INSERT INTO sink SELECT id, name, `value` + 2 FROM src',
      changelog: ['+I[1, Alice, 12]', '+I[2, Bob, 22]', '-D[1, , -1]', '+U[2, Bob, 32]'],
    });
  });

  it('drops it under an inner join on the key: the join replaces rows by key', async () => {
    const left: TableSpec = {
      name: 'l',
      columns: ['id INT', 'v INT'],
      primaryKey: ['id'],
      options: { 'changelog-mode': 'I,UA,D', 'source.produces-delete-by-key': 'true' },
      rows: [
        ['+I', [1, 10]],
        ['+I', [2, 20]],
        ['-D', [1, null]],
        ['+U', [2, 21]],
      ],
    };
    const right: TableSpec = {
      name: 'r',
      columns: ['id INT', 'name STRING'],
      primaryKey: ['id'],
      options: { 'changelog-mode': 'I,UA,D', 'source.produces-delete-by-key': 'true' },
      rows: [
        ['+I', [1, 'a']],
        ['+I', [2, 'b']],
      ],
    };
    await expectSql({
      sources: [left, right],
      sink: upsertSink(true),
      sql: 'INSERT INTO sink SELECT l.id, r.name, l.v FROM l JOIN r ON l.id = r.id',
      // the left delete carries only the key; the join adds the right row it matched
      changelog: ['+I[1, a, 10]', '+I[2, b, 20]', '-D[1, a, null]', '+U[2, b, 21]'],
    });
  });
});
