/** LATERAL subqueries over an UNNEST of an outer column: decorrelated into a Correlate (lateral-unnest.ts). */
import { beforeAll, describe, expect, it } from 'vitest';
import { findNodes } from '../../src/planner/logical/visit.ts';
import { ordersSession, type Session } from './helpers.ts';

let s: Session;
beforeAll(async () => {
  s = await ordersSession();
});

const correlates = (plan: Parameters<typeof findNodes>[0]) => findNodes(plan, 'Correlate');

describe('LATERAL (SELECT ... FROM UNNEST(outer.column) ...)', () => {
  it('runs the UNNEST over the outer table, with the WHERE as the condition: no join', () => {
    const plan = s.plan(
      "SELECT a, x FROM plain AS p, LATERAL (SELECT tag AS x FROM UNNEST(p.tags) AS u(tag) WHERE tag <> 'b')",
    );
    expect(plan.schema.map((f) => f.name)).toEqual(['a', 'x']);
    expect(findNodes(plan, 'Join')).toHaveLength(0);
    const [correlate] = correlates(plan);
    expect(correlate?.input.kind).toBe('Scan');
    expect(correlate?.joinType).toBe('INNER');
    expect(correlate?.callSchema.map((f) => f.name)).toEqual(['tag']);
    // `tag` is the first column after plain's six
    expect(JSON.stringify(correlate?.condition)).toContain('"index":6');
  });

  it('LEFT JOIN ... ON TRUE pads computed columns with NULL, using the ordinality', () => {
    const sql =
      "SELECT p.a, q.c FROM plain AS p LEFT JOIN LATERAL (SELECT 'k' AS c FROM UNNEST(p.tags) AS u(tag)) AS q ON TRUE";
    const plan = s.plan(sql);
    const [correlate] = correlates(plan);
    expect(correlate?.joinType).toBe('LEFT');
    expect(correlate?.call.kind === 'Unnest' && correlate.call.withOrdinality).toBe(true);
    expect(plan.schema[1]?.type.nullable).toBe(true);
    expect(s.explain(sql)).toContain('CASE(IS NULL($7)');
  });

  it('rejects other shapes and outer joins it cannot pad, naming the supported form', () => {
    const aggregate = s.error(
      'SELECT a, n FROM plain AS p, LATERAL (SELECT COUNT(*) AS n FROM UNNEST(p.tags) AS u(t))',
    );
    expect(aggregate.message).toContain('supported only as SELECT ... FROM UNNEST(...) [WHERE ...]');
    expect(aggregate.hint).toContain('CROSS JOIN UNNEST');
    const right = s.error(
      'SELECT a FROM plain AS p RIGHT JOIN LATERAL (SELECT t FROM UNNEST(p.tags) AS u(t)) AS q ON TRUE',
    );
    expect(right.message).toContain('RIGHT JOIN with a lateral table function or UNNEST is not supported');
  });
});
