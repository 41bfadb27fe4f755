import { describe, expect, it } from 'vitest';
import type { CatalogTable, CatalogView } from '../../src/catalog/catalog.ts';
import {
  isSensitiveOption,
  maskSensitiveOptions,
  showCreateCatalog,
  showCreateTable,
  showCreateView,
} from '../../src/catalog/show-create.ts';
import { T } from '../../src/expr/types.ts';
import { parseExpression, parseStatement } from '../../src/sql/index.ts';

function queryOf(sql: string): CatalogView['query'] {
  const stmt = parseStatement(sql);
  if (stmt.kind !== 'QueryStatement') throw new Error(`not a query: ${sql}`);
  return stmt.query;
}

const path = { catalog: 'cat', database: 'db', name: 'orders' };

describe('SHOW CREATE', () => {
  it('masks the values of sensitive keys the way Flink does, and only those', () => {
    for (const key of [
      'password',
      'properties.sasl.jaas.config',
      'value.avro-registry.basic-auth.user-info',
      'properties.ssl.key.password',
      'client-secret',
      'api-key',
      'oauth.token',
      'http-headers',
    ]) {
      expect(isSensitiveOption(key), key).toBe(true);
    }
    for (const key of [
      'connector',
      'topic',
      'properties.bootstrap.servers',
      'value.format',
      'scan.startup.mode',
    ]) {
      expect(isSensitiveOption(key), key).toBe(false);
    }
    expect(maskSensitiveOptions({ topic: 't', 'Properties.SASL.JAAS.Config': 'x y z' })).toEqual({
      topic: 't',
      'Properties.SASL.JAAS.Config': '******',
    });
  });

  it('prints a table with every clause: columns of each kind, watermark, key, comment, distribution, options', () => {
    const table: CatalogTable = {
      kind: 'table',
      columns: [
        { kind: 'physical', name: 'id', type: T.bigint(false), comment: "the order's id" },
        { kind: 'physical', name: 'ts', type: T.timestamp(3) },
        {
          kind: 'computed',
          name: 'day',
          type: T.date(),
          expr: parseExpression('CAST(ts AS DATE)'),
          exprText: 'CAST(`ts` AS DATE)',
        },
        { kind: 'metadata', name: 'part', type: T.int(false), key: 'partition', virtual: true },
      ],
      watermark: { rowtimeColumn: 'ts', expr: parseExpression('ts'), exprText: "`ts` - INTERVAL '5' SECOND" },
      primaryKey: { name: 'PK_id', columns: ['id'] },
      partitionKeys: [],
      distribution: { algorithm: 'HASH', columns: ['id'], buckets: 4 },
      options: {
        topic: 'orders',
        connector: 'kafka',
        'properties.sasl.jaas.config': 'user="u" password="p"',
      },
      comment: 'all orders',
    };
    expect(showCreateTable(path, table)).toBe(
      [
        'CREATE TABLE `cat`.`db`.`orders` (',
        "  `id` BIGINT NOT NULL COMMENT 'the order''s id',",
        '  `ts` TIMESTAMP(3),',
        '  `day` AS CAST(`ts` AS DATE),',
        "  `part` INT NOT NULL METADATA FROM 'partition' VIRTUAL,",
        "  WATERMARK FOR `ts` AS `ts` - INTERVAL '5' SECOND,",
        '  CONSTRAINT `PK_id` PRIMARY KEY (`id`) NOT ENFORCED',
        ") COMMENT 'all orders'",
        'DISTRIBUTED BY HASH(`id`) INTO 4 BUCKETS',
        'WITH (',
        "  'connector' = 'kafka',",
        "  'properties.sasl.jaas.config' = '******',",
        "  'topic' = 'orders'",
        ')',
        '',
      ].join('\n'),
    );
  });

  it('prints temporary views and catalogs', () => {
    const view: CatalogView = {
      kind: 'view',
      query: queryOf('SELECT 1 AS n'),
      queryText: 'SELECT 1 AS `n`',
      columns: [{ name: 'n', type: T.int(false) }],
    };
    expect(showCreateView(path, view, true)).toBe(
      'CREATE TEMPORARY VIEW `cat`.`db`.`orders` (`n`)\nAS SELECT 1 AS `n`\n',
    );
    expect(showCreateCatalog('env', { type: 'kafka', 'schema.registry.basic-auth.user-info': 'u:p' })).toBe(
      "CREATE CATALOG `env`\nWITH (\n  'schema.registry.basic-auth.user-info' = '******',\n  'type' = 'kafka'\n)\n",
    );
  });
});
