import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createConnectorRegistry } from '../../src/connectors/index.ts';
import { sourceFieldReads } from '../../src/planner/physical/nested-field-usage.ts';
import type { PhysicalNode, TableSourceScanNode } from '../../src/planner/physical/nodes.ts';
import { physicalInputs } from '../../src/planner/physical/nodes.ts';
import { planStatement } from '../../src/planner/physical/planner.ts';
import { Session } from './helpers.ts';

const DDL = readFileSync(join(import.meta.dirname, '../../sql-examples/nexmark/ddl.sql'), 'utf8');
const SINKS = `
CREATE TABLE out5 (a BIGINT, b BIGINT, c BIGINT, d TIMESTAMP(3), e VARCHAR) WITH ('connector' = 'blackhole');
CREATE TABLE out2 (a BIGINT, b BIGINT) WITH ('connector' = 'blackhole');
CREATE TABLE out_row (b ROW<auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, dateTime TIMESTAMP(3), extra VARCHAR>)
  WITH ('connector' = 'blackhole');
`;

function scans(node: PhysicalNode, into: TableSourceScanNode[] = []): TableSourceScanNode[] {
  if (node.kind === 'TableSourceScan') into.push(node);
  for (const input of physicalInputs(node)) scans(input, into);
  return into;
}

/** Per produced column name, the ROW fields the plan reads of it (undefined: whole or not a ROW). */
async function readsOf(insert: string): Promise<Record<string, readonly number[] | undefined>[]> {
  const s = new Session();
  await s.script(DDL + SINKS);
  const connectors = createConnectorRegistry({});
  const plan = planStatement(s.bind(insert), { connectors, config: new Map() });
  const reads = sourceFieldReads(plan.roots);
  return plan.roots.flatMap((root) =>
    scans(root).map((scan) => {
      const perColumn = reads.get(scan);
      expect(perColumn).toBeDefined();
      return Object.fromEntries(scan.schema.map((f, i) => [f.name, perColumn![i]]));
    }),
  );
}

describe('nested field usage of source ROW columns', () => {
  it('q0 reads only dateTime of person and auction and five fields of bid', async () => {
    const [reads] = await readsOf('INSERT INTO out5 SELECT auction, bidder, price, dateTime, extra FROM bid');
    expect(reads).toEqual({ event_type: undefined, person: [6], auction: [5], bid: [0, 1, 2, 5, 6] });
  });

  it('a filter on a bid field and a smaller projection read just those fields', async () => {
    const [reads] = await readsOf(
      'INSERT INTO out2 SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0',
    );
    expect(reads).toEqual({ event_type: undefined, person: [6], auction: [5], bid: [0, 2, 5] });
  });

  it('a ROW read whole is reported as read whole', async () => {
    const [reads] = await readsOf('INSERT INTO out_row SELECT bid FROM nexmark WHERE event_type = 2');
    expect(reads?.bid).toBeUndefined();
    expect(reads?.person).toEqual([6]);
  });

  it('fields read below an aggregate are found through its input Calc', async () => {
    const [reads] = await readsOf(
      'INSERT INTO out2 SELECT bid.auction, COUNT(*) FROM nexmark WHERE event_type = 2 GROUP BY bid.auction',
    );
    expect(reads?.bid).toEqual([0, 5]);
    expect(reads?.auction).toEqual([5]);
  });
});
