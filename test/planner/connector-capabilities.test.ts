/**
 * The delete-by-key capabilities of the kafka and jdbc connectors, and what the planner does with them
 * (normalize-elimination.ts): an upsert Kafka source delivers a tombstone as a -D holding only the key,
 * and the jdbc upsert sink deletes by primary key, so the ChangelogNormalize between them goes.
 */
import { describe, expect, it } from 'vitest';
import { createConnectorRegistry } from '../../src/connectors/index.ts';
import type { ConnectorTable } from '../../src/planner/physical/connectors.ts';
import type { PhysicalNode } from '../../src/planner/physical/nodes.ts';
import { physicalInputs } from '../../src/planner/physical/nodes.ts';
import { planStatement } from '../../src/planner/physical/planner.ts';
import { Session } from './helpers.ts';

const kafka = (topic: string, extra = ", 'key.format' = 'json'"): string =>
  `'connector' = 'kafka', 'topic' = '${topic}', 'properties.bootstrap.servers' = '127.0.0.1:9092',
   'value.format' = 'json'${extra}`;

const DDL = `
  CREATE TABLE prices (id INT NOT NULL, price INT, PRIMARY KEY (id) NOT ENFORCED) WITH (${kafka('prices')});
  CREATE TABLE price_log (id INT, price INT) WITH (${kafka('price_log', ", 'changelog.mode' = 'append'")});
  CREATE TABLE prices_copy (id INT NOT NULL, price INT, PRIMARY KEY (id) NOT ENFORCED)
    WITH (${kafka('prices_copy')});
  CREATE TABLE db_prices (id INT NOT NULL, price INT, PRIMARY KEY (id) NOT ENFORCED)
    WITH ('connector' = 'jdbc', 'url' = 'jdbc:sqlite:/tmp/prices.db', 'table-name' = 'prices');
  CREATE TABLE db_log (id INT, price INT)
    WITH ('connector' = 'jdbc', 'url' = 'jdbc:sqlite:/tmp/prices.db', 'table-name' = 'price_log');
`;

async function session(): Promise<Session> {
  const s = new Session();
  await s.script(DDL);
  return s;
}

const connectors = createConnectorRegistry({ allowedPaths: ['/tmp'] });

function connectorTable(s: Session, name: string): ConnectorTable {
  const found = s.catalogs.lookupTable([name]);
  if (found === undefined || found.table.kind !== 'table') throw new Error(`no table ${name}`);
  return { path: found.path, table: found.table, options: found.table.options };
}

const kinds = (node: PhysicalNode): string[] => {
  const input = physicalInputs(node)[0];
  return input === undefined ? [node.kind] : [node.kind, ...kinds(input)];
};

async function planKinds(sql: string): Promise<string[]> {
  const s = await session();
  const plan = planStatement(s.bind(sql), { connectors, config: new Map() });
  return kinds(plan.roots[0]!);
}

describe('delete-by-key capabilities', () => {
  it('kafka: an upsert source delivers deletes by key, an append source none', async () => {
    const s = await session();
    expect(connectors.sourceDeletesByKey(connectorTable(s, 'prices'))).toBe(true);
    expect(connectors.sourceDeletesByKey(connectorTable(s, 'price_log'))).toBe(false);
  });

  it('jdbc: the upsert sink deletes by primary key; an append sink has no deletes to take', async () => {
    const s = await session();
    expect(connectors.sinkAcceptsDeletesByKey(connectorTable(s, 'db_prices'))).toBe(true);
    expect(connectors.sinkAcceptsDeletesByKey(connectorTable(s, 'db_log'))).toBe(false);
  });

  it('drops the ChangelogNormalize from an upsert Kafka topic into a jdbc upsert table', async () => {
    expect(await planKinds('INSERT INTO db_prices SELECT id, price FROM prices')).toEqual([
      'Sink',
      'TableSourceScan',
    ]);
  });

  it('keeps it where a sink needs whole rows in its deletes', async () => {
    // the Kafka upsert sink is not declared to take key-only deletes
    expect(await planKinds('INSERT INTO prices_copy SELECT id, price FROM prices')).toEqual([
      'Sink',
      'ChangelogNormalize',
      'TableSourceScan',
    ]);
  });
});
