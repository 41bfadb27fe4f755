import { describe, expect, it } from 'vitest';
import { parseRowKind } from '../../src/runtime/batch.ts';
import { CalcOperator } from '../../src/runtime/operators/calc.ts';
import { GroupAggregateOperator } from '../../src/runtime/operators/group-aggregate.ts';
import { ChangelogCollector } from '../../src/runtime/operators/sink-collector.ts';
import { ValuesSource } from '../../src/runtime/operators/values-source.ts';
import {
  avgIntegral,
  conformanceCases,
  count,
  countStar,
  formatterFor,
  minWithRetract,
  runPipeline,
  sum,
} from './helpers.ts';

const cases = conformanceCases('GroupAggregateTestPrograms.json');
const caseById = (id: string) => cases.find((c) => c.id === `GroupAggregateTestPrograms.${id}`)!;

describe('GroupAggregateOperator against GroupAggregateTestPrograms', () => {
  it('GROUP_BY_SIMPLE: COUNT(*), AVG(a) FILTER (WHERE a > 1), MIN(c) GROUP BY b into an upsert sink', () => {
    const c = caseById('GROUP_BY_SIMPLE');
    // source [a INT, b BIGINT, c VARCHAR]; calc adds the filter column a > 1
    const rows = c.sources[0]!.rows.map((r) => [r.values[0], BigInt(r.values[1] as number), r.values[2]]);
    const calc = new CalcOperator({ projection: (r) => [r[0], r[1], r[2], (r[0] as number) > 1] });
    const agg = new GroupAggregateOperator({
      keyIndexes: [1],
      calls: [
        { fn: countStar, argIndexes: [] },
        { fn: avgIntegral, argIndexes: [0], filterIndex: 3 },
        { fn: minWithRetract, argIndexes: [2] },
      ],
      generateUpdateBefore: false,
    });
    const collector = new ChangelogCollector({
      formatField: formatterFor(['plain', 'plain', 'double']),
      upsertKeyIndexes: [0],
    });
    runPipeline(new ValuesSource({ rows }), [calc, agg], collector);
    expect(collector.changelog).toEqual(c.sinks[0]!.expected);
  });

  it('GROUP_BY_DISTINCT: COUNT/SUM DISTINCT with FILTER, AVG', () => {
    const c = caseById('GROUP_BY_DISTINCT');
    // source [a INT, b BIGINT, c INT, d VARCHAR, e BIGINT]; calc adds b > 10
    const rows = c.sources[0]!.rows.map((r) => {
      const v = r.values as [number, number, number, string, number];
      return [v[0], BigInt(v[1]), v[2], v[3], BigInt(v[4])];
    });
    const calc = new CalcOperator({ projection: (r) => [...r, (r[1] as bigint) > 10n] });
    const agg = new GroupAggregateOperator({
      keyIndexes: [4],
      calls: [
        { fn: count, argIndexes: [0], distinct: true, filterIndex: 5 },
        { fn: count, argIndexes: [0], distinct: true },
        { fn: sum, argIndexes: [0], distinct: true },
        { fn: sum, argIndexes: [1], distinct: true },
        { fn: avgIntegral, argIndexes: [1] },
        { fn: count, argIndexes: [3], distinct: true },
      ],
      generateUpdateBefore: false,
    });
    const collector = new ChangelogCollector({
      formatField: formatterFor(['plain', 'plain', 'plain', 'plain', 'plain', 'double']),
      upsertKeyIndexes: [0],
    });
    runPipeline(new ValuesSource({ rows }), [calc, agg], collector);
    expect(collector.changelog).toEqual(c.sinks[0]!.expected);
  });
});

describe('GroupAggregateOperator retraction rules', () => {
  const run = (rows: unknown[][], kinds: string[], generateUpdateBefore = true, stateTtlMs = 0) => {
    const agg = new GroupAggregateOperator({
      keyIndexes: [0],
      calls: [
        { fn: count, argIndexes: [1] },
        { fn: sum, argIndexes: [1] },
        { fn: minWithRetract, argIndexes: [2] },
      ],
      generateUpdateBefore,
      stateTtlMs,
    });
    const collector = new ChangelogCollector({ formatField: formatterFor([]) });
    runPipeline(new ValuesSource({ rows, kinds: kinds.map(parseRowKind) }), [agg], collector);
    return collector;
  };

  it('emits +I, then -U/+U, handles input retractions and deletes the group at count 0', () => {
    const out = run(
      [
        ['k', 1, 'x'],
        ['k', 2, 'a'],
        ['k', 2, 'a'],
        ['k', 1, 'x'],
      ],
      ['+I', '+I', '-D', '-D'],
    );
    expect(out.changelog).toEqual([
      '+I[k, 1, 1, x]',
      '-U[k, 1, 1, x]',
      '+U[k, 2, 3, a]',
      '-U[k, 2, 3, a]',
      '+U[k, 1, 1, x]',
      '-D[k, 1, 1, x]',
    ]);
    expect(out.materialized()).toEqual([]);
  });

  it('ignores a retraction for a key without state, and re-creates a deleted key with +I', () => {
    const out = run(
      [
        ['k', 5, 'z'],
        ['k', 1, 'x'],
        ['k', 1, 'x'],
        ['k', 7, 'y'],
      ],
      ['-D', '+I', '-U', '+U'],
    );
    expect(out.changelog).toEqual(['+I[k, 1, 1, x]', '-D[k, 1, 1, x]', '+I[k, 1, 7, y]']);
  });

  it('suppresses an update that does not change the result, unless a state TTL is set', () => {
    const rows = [
      ['k', null, 'b'],
      ['k', null, 'c'],
    ];
    // COUNT(x) of nulls stays 0, SUM stays null, MIN stays 'b': the second row changes nothing.
    expect(run(rows, ['+I', '+I']).changelog).toEqual(['+I[k, 0, null, b]']);
    expect(run(rows, ['+I', '+I'], true, 60_000).changelog).toEqual([
      '+I[k, 0, null, b]',
      '-U[k, 0, null, b]',
      '+U[k, 0, null, b]',
    ]);
  });

  it('omits -U when generateUpdateBefore is false (upsert consumer)', () => {
    const out = run(
      [
        ['k', 1, 'x'],
        ['k', 2, 'y'],
      ],
      ['+I', '+I'],
      false,
    );
    expect(out.changelog).toEqual(['+I[k, 1, 1, x]', '+U[k, 2, 3, x]']);
  });

  it('global aggregation (no key) emits nothing for empty input', () => {
    const agg = new GroupAggregateOperator({ keyIndexes: [], calls: [{ fn: countStar, argIndexes: [] }] });
    const collector = new ChangelogCollector({ formatField: formatterFor([]) });
    runPipeline(new ValuesSource({ rows: [] }), [agg], collector);
    expect(collector.changelog).toEqual([]);
    expect(collector.ended).toBe(true);
  });
});
