import { afterEach, describe, expect, it } from 'vitest';
import {
  clearValuesConnector,
  createConnectorRegistry,
  registerValuesData,
  valuesSinkMaterialized,
  valuesSinkResults,
} from '../../src/connectors/index.ts';
import { PrintSink, printPrefix } from '../../src/connectors/print/print-sink.ts';
import { type LogicalType, T } from '../../src/expr/types.ts';
import { preciseTimestamp } from '../../src/expr/values/datetime.ts';
import { INSERT_ONLY, RETRACT } from '../../src/planner/physical/changelog-mode.ts';
import type { ConnectorTable } from '../../src/planner/physical/connectors.ts';
import { Job } from '../../src/runtime/job.ts';
import type { Operator } from '../../src/runtime/operator.ts';
import { ValuesSource } from '../../src/runtime/operators/values-source.ts';
import type { SourceOperator } from '../../src/runtime/task.ts';
import { tableOf } from './helpers.ts';

const path = (name: string) => ({ catalog: 'default_catalog', database: 'default_database', name });

function connectorTable(
  name: string,
  columns: Record<string, LogicalType>,
  options: Record<string, string>,
): ConnectorTable {
  return { path: path(name), table: tableOf(columns, options), options };
}

function run(source: SourceOperator, sink: Operator): void {
  const job = new Job();
  job.addSource('source', source, [sink]);
  job.runToCompletion();
  job.close();
}

const fields = (columns: Record<string, LogicalType>) =>
  Object.entries(columns).map(([name, type]) => ({ name, type }));

describe('print connector', () => {
  const columns = {
    id: T.int(),
    name: T.string(),
    price: T.decimal(5, 2),
    ts: T.timestamp(3),
    ltz: T.timestampLtz(6),
    d: T.double(),
    tags: T.array(T.string()),
  };
  const row = [
    1,
    'abc',
    1250n,
    Date.UTC(2024, 0, 2, 3, 4, 5, 600),
    preciseTimestamp(Date.UTC(2024, 0, 2), 500),
    1.0,
    ['x', null],
  ];

  function printed(
    options: Record<string, string>,
    rows: unknown[][],
    kinds?: number[],
  ): { out: string; err: string } {
    let out = '';
    let err = '';
    const registry = createConnectorRegistry({ stdout: (t) => (out += t), stderr: (t) => (err += t) });
    const t = connectorTable('p', columns, { connector: 'print', ...options });
    const sink = registry.createSink(t, {
      fields: fields(columns),
      changelogMode: RETRACT,
      config: new Map(),
    });
    run(new ValuesSource({ rows, ...(kinds ? { kinds } : {}) }), sink);
    return { out, err };
  }

  it("prints Flink's Row.toString with the change kind", () => {
    const { out, err } = printed({}, [row, [2, null, null, null, null, Number.NaN, []]], [0, 3]);
    expect(out).toBe(
      '+I[1, abc, 12.50, 2024-01-02T03:04:05.600, 2024-01-02T00:00:00.000000500Z, 1.0, [x, null]]\n' +
        '-D[2, null, null, null, null, NaN, []]\n',
    );
    expect(err).toBe('');
  });

  it('prefixes the print-identifier and prints updates as -U/+U', () => {
    const { out } = printed({ 'print-identifier': 'sink' }, [row, row, row], [1, 2, 0]);
    expect(
      out
        .split('\n')
        .filter(Boolean)
        .map((l) => l.slice(0, 11)),
    ).toEqual(['sink> -U[1,', 'sink> +U[1,', 'sink> +I[1,']);
  });

  it('writes to stderr with standard-error', () => {
    const { out, err } = printed({ 'standard-error': 'true', 'print-identifier': 'e' }, [
      [7, 'x', 1n, 0, 0, 0.5, ['a']],
    ]);
    expect(out).toBe('');
    expect(err).toBe('e> +I[7, x, 0.01, 1970-01-01T00:00, 1970-01-01T00:00:00Z, 0.5, [a]]\n');
  });

  it('adds the subtask number when parallel, as Flink does', () => {
    expect(printPrefix(undefined, 0, 1)).toBe('');
    expect(printPrefix('id', 0, 1)).toBe('id> ');
    expect(printPrefix('id', 1, 4)).toBe('id:2> ');
    expect(printPrefix(undefined, 2, 4)).toBe('3> ');
  });

  it('rejects unknown options', () => {
    expect(() => printed({ 'print-identifer': 'typo' }, [])).toThrow(
      /Unsupported options[\s\S]*print-identifer[\s\S]*print-identifier/,
    );
  });

  it('writes one chunk per batch', () => {
    const writes: string[] = [];
    const sink = new PrintSink({ identifier: undefined, standardError: false }, [T.int()], (t) =>
      writes.push(t),
    );
    run(new ValuesSource({ rows: [[1], [2], [3]] }), sink);
    expect(writes).toEqual(['+I[1]\n+I[2]\n+I[3]\n']);
  });
});

describe('blackhole connector', () => {
  it('swallows every row', () => {
    const registry = createConnectorRegistry();
    const sink = registry.createSink(connectorTable('b', { a: T.int() }, { connector: 'blackhole' }), {
      fields: fields({ a: T.int() }),
      changelogMode: RETRACT,
      config: new Map(),
    });
    run(new ValuesSource({ rows: [[1], [2]] }), sink);
    expect((sink as unknown as { rows: number }).rows).toBe(2);
    expect(registry.sinkAcceptance(connectorTable('b', { a: T.int() }, { connector: 'blackhole' }))).toBe(
      'all',
    );
  });
});

describe('values connector', () => {
  afterEach(() => clearValuesConnector());
  const columns = { k: T.string(), v: T.bigint() };

  it('emits registered rows with their kinds and collects changelog strings', () => {
    const registry = createConnectorRegistry();
    const id = registerValuesData(
      [
        ['a', 1n],
        ['a', 1n],
        ['a', 2n],
        ['b', 5n],
      ],
      [0, 1, 2, 0],
    );
    const src = connectorTable('src', columns, {
      connector: 'values',
      'data-id': id,
      'changelog-mode': 'I,UB,UA',
    });
    expect(registry.sourceChangelogMode(src).kinds).toEqual(['I', 'UB', 'UA']);
    const source = registry.createSource(src, {
      columns: [1, 0],
      fields: fields({ v: T.bigint(), k: T.string() }),
      exprContext: {},
      config: new Map(),
    });
    const dst = connectorTable('dst', columns, { connector: 'values', 'sink-insert-only': 'false' });
    expect(registry.sinkAcceptance(dst)).toBe('all');
    const sink = registry.createSink(dst, {
      fields: fields({ v: T.bigint(), k: T.string() }),
      changelogMode: RETRACT,
      config: new Map(),
    });
    run(source, sink);
    expect(valuesSinkResults('dst')).toEqual(['+I[1, a]', '-U[1, a]', '+U[2, a]', '+I[5, b]']);
    expect(valuesSinkMaterialized('dst').sort()).toEqual(['+I[2, a]', '+I[5, b]']);
  });

  it('accepts only inserts by default, upserts with a primary key', () => {
    const registry = createConnectorRegistry();
    expect(registry.sinkAcceptance(connectorTable('x', columns, { connector: 'values' }))).toBe(
      'insert-only',
    );
    const keyed = { ...connectorTable('y', columns, { connector: 'values' }) };
    const withKey = { ...keyed, table: { ...keyed.table, primaryKey: { name: 'pk', columns: ['k'] } } };
    expect(registry.sinkAcceptance(withKey)).toBe('upsert');
    expect(registry.sourceChangelogMode(connectorTable('z', columns, { connector: 'values' }))).toEqual(
      INSERT_ONLY,
    );
  });

  it('names an unknown data-id', () => {
    const registry = createConnectorRegistry();
    const src = connectorTable('src', columns, { connector: 'values', 'data-id': '999' });
    expect(() =>
      registry.createSource(src, {
        columns: [0, 1],
        fields: fields(columns),
        exprContext: {},
        config: new Map(),
      }),
    ).toThrow(/'data-id' = '999'/);
  });
});
