import { describe, expect, it } from 'vitest';
import { type Row, RowKind } from '../../src/runtime/batch.ts';
import { ChangelogNormalizeOperator } from '../../src/runtime/operators/changelog-normalize.ts';
import { SemiAntiJoinOperator } from '../../src/runtime/operators/semi-anti-join.ts';
import { type JoinType, StreamJoinOperator } from '../../src/runtime/operators/stream-join.ts';
import { type CaseRow, loadCases, OperatorHarness, sortedStrings, source } from './operator-harness.ts';

const cases = loadCases('JoinTestPrograms.json');
const semantic = loadCases('JoinSemanticTestPrograms.json');
const caseIt = (id: string, fn: () => void) => (cases.has(id) ? it(id, fn) : it.skip(id, fn));

const values = (rows: CaseRow[]): Row[] => rows.map((r) => r.values);
/** EMPLOYEE(deptno, salary, name) × DEPARTMENT(department_num, b2, b3, department_name). */
function employeeJoin(
  id: string,
  joinType: JoinType,
  project: (r: Row) => Row,
  condition?: (l: Row, r: Row) => boolean,
) {
  const c = cases.get(id)!;
  const join = new StreamJoinOperator({
    joinType,
    leftKeyIndexes: [0],
    rightKeyIndexes: [0],
    leftArity: 3,
    rightArity: 4,
    ...(condition !== undefined ? { condition } : {}),
  });
  const h = new OperatorHarness(join);
  const emp = values(source(c, 'EMPLOYEE'));
  const dept = values(source(c, 'DEPARTMENT'));
  // interleave the two inputs row by row, as two parallel sources would
  for (let i = 0; i < Math.max(emp.length, dept.length); i++) {
    if (emp[i] !== undefined) h.push(0, emp[i]!);
    if (dept[i] !== undefined) h.push(1, dept[i]!);
  }
  return {
    c,
    out: h.rows.map((x) => `${['+I', '-U', '+U', '-D'][x.kind]}[${project(x.row).map(String).join(', ')}]`),
    h,
  };
}

function materialize(changelog: readonly string[]): string[] {
  const live: string[] = [];
  for (const e of changelog) {
    if (e.startsWith('+')) live.push(`+I${e.slice(2)}`);
    else live.splice(live.indexOf(`+I${e.slice(2)}`), 1);
  }
  return sortedStrings(live);
}

describe('StreamJoinOperator against JoinTestPrograms', () => {
  const nameDept = (r: Row): Row => [r[2], r[6]];
  caseIt('LEFT_JOIN', () => {
    const { c, out } = employeeJoin('LEFT_JOIN', 'left', nameDept);
    expect(materialize(out)).toEqual(sortedStrings(c.sinks[0]!.expectedMaterialized!));
    expect(out).toContain('-D[Charlie, null]');
  });
  caseIt('RIGHT_JOIN', () => {
    const { c, out } = employeeJoin('RIGHT_JOIN', 'right', nameDept);
    expect(materialize(out)).toEqual(sortedStrings(c.sinks[0]!.expectedMaterialized!));
  });
  caseIt('FULL_OUTER', () => {
    const { c, out } = employeeJoin('FULL_OUTER', 'full', nameDept);
    expect(materialize(out)).toEqual(sortedStrings(c.sinks[0]!.expectedMaterialized!));
  });
  caseIt('INNER_JOIN_WITH_NON_EQUI_JOIN', () => {
    const { c, out } = employeeJoin(
      'INNER_JOIN_WITH_NON_EQUI_JOIN',
      'inner',
      nameDept,
      (l, r) => (l[1] as number) > (r[1] as number),
    );
    expect(sortedStrings(out)).toEqual(sortedStrings(c.sinks[0]!.expected!));
  });
  caseIt('INNER_JOIN_WITH_DUPLICATE_KEY', () => {
    // deptno = department_num AND deptno = b3: keys (deptno, deptno) = (department_num, b3)
    const c = cases.get('INNER_JOIN_WITH_DUPLICATE_KEY')!;
    const h = new OperatorHarness(
      new StreamJoinOperator({
        joinType: 'inner',
        leftKeyIndexes: [0, 0],
        rightKeyIndexes: [0, 2],
        leftArity: 3,
        rightArity: 4,
      }),
      (v) => String(v),
    );
    h.pushAll(0, source(c, 'EMPLOYEE') as never).pushAll(1, source(c, 'DEPARTMENT') as never);
    expect(sortedStrings(h.rows.map((x) => `+I[${x.row[0]}, ${x.row[3]}]`))).toEqual(
      sortedStrings(c.sinks[0]!.expected!),
    );
  });

  for (const [id, filterNulls] of [
    ['NON_WINDOW_INNER_JOIN', true],
    ['NON_WINDOW_INNER_JOIN_WITH_NULL', false],
  ] as const) {
    caseIt(id, () => {
      const c = cases.get(id)!;
      const nullify = (r: Row): Row => [r[0] === 3 ? null : r[0], r[1], r[2]];
      const h = new OperatorHarness(
        new StreamJoinOperator({
          joinType: 'inner',
          leftKeyIndexes: [0],
          rightKeyIndexes: [0],
          filterNulls: [filterNulls],
          condition: (l, r) => (l[1] as number) > (r[1] as number),
          leftArity: 3,
          rightArity: 3,
        }),
      );
      for (const r of source(c, 'T1')) h.push(0, nullify(r.values));
      for (const r of source(c, 'T2')) h.push(1, nullify(r.values));
      const out = h.rows.map((x) => `+I[${x.row[3]}, ${x.row[5]}, ${x.row[2]}]`);
      expect(sortedStrings(out)).toEqual(sortedStrings(c.sinks[0]!.expected!));
    });
  }

  caseIt('CROSS_JOIN', () => {
    const c = cases.get('CROSS_JOIN')!;
    const h = new OperatorHarness(
      new StreamJoinOperator({
        joinType: 'inner',
        leftKeyIndexes: [],
        rightKeyIndexes: [],
        leftArity: 3,
        rightArity: 4,
      }),
    );
    h.pushAll(1, source(c, 'DEPARTMENT') as never).pushAll(0, source(c, 'EMPLOYEE') as never);
    expect(sortedStrings(h.rows.map((x) => `+I[${x.row[2]}, ${x.row[6]}]`))).toEqual(
      sortedStrings(c.sinks[0]!.expected!),
    );
  });

  caseIt('LEFT_JOIN_UPSERT_INPUT_NON_EQUI', () => {
    const c = cases.get('LEFT_JOIN_UPSERT_INPUT_NON_EQUI')!;
    // lines is an upsert source: ChangelogNormalize(order_id, line_id) in front of the join
    const normalize = new OperatorHarness(new ChangelogNormalizeOperator({ keyIndexes: [0, 1] }));
    normalize.pushAll(0, source(c, 'lines') as never);
    const h = new OperatorHarness(
      new StreamJoinOperator({
        joinType: 'left',
        leftKeyIndexes: [0],
        rightKeyIndexes: [0],
        condition: (o, l) => l[2] !== o[1],
        leftArity: 2,
        rightArity: 3,
        leftStateLayout: { kind: 'join-key-contains-unique-key' },
        rightStateLayout: { kind: 'unique-key', uniqueKeyIndexes: [0, 1] },
      }),
    );
    h.pushAll(0, source(c, 'orders') as never);
    for (const r of normalize.rows) h.push(1, r.row, r.kind);
    expect(h.changelog).toEqual([
      '+I[1, cancelled, null, null, null]',
      '-D[1, cancelled, null, null, null]',
      '+I[1, cancelled, 1, l1, new]',
      // the inner side's -U is forwarded as -U, as Flink's StreamingJoinOperator does
      '-U[1, cancelled, 1, l1, new]',
      '+I[1, cancelled, null, null, null]',
      '-D[1, cancelled, null, null, null]',
      '+I[1, cancelled, 1, l1, paid]',
    ]);
    expect(h.materialized().map((s) => s.replace('cancelled, ', ''))).toEqual(
      c.sinks[0]!.expectedMaterialized,
    );
  });
});

describe('SemiAntiJoinOperator against JoinTestPrograms', () => {
  caseIt('SEMI_JOIN', () => {
    const c = cases.get('SEMI_JOIN')!;
    const h = new OperatorHarness(
      new SemiAntiJoinOperator({ anti: false, leftKeyIndexes: [0], rightKeyIndexes: [0] }),
    );
    const emp = source(c, 'EMPLOYEE');
    const dept = source(c, 'DEPARTMENT');
    for (let i = 0; i < emp.length; i++) {
      h.push(0, emp[i]!.values);
      if (dept[i] !== undefined) h.push(1, dept[i]!.values);
    }
    expect(sortedStrings(h.rows.map((x) => `+I[${x.row[2]}]`))).toEqual(sortedStrings(c.sinks[0]!.expected!));
  });
  caseIt('ANTI_JOIN', () => {
    // NOT IN: no equi-key, null-aware condition deptno = num OR deptno IS NULL OR num IS NULL
    const c = cases.get('ANTI_JOIN')!;
    const h = new OperatorHarness(
      new SemiAntiJoinOperator({
        anti: true,
        leftKeyIndexes: [],
        rightKeyIndexes: [],
        condition: (l, r) => l[0] === null || r[0] === null || l[0] === r[0],
      }),
    );
    const emp = source(c, 'EMPLOYEE');
    const dept = source(c, 'DEPARTMENT');
    for (let i = 0; i < emp.length; i++) {
      h.push(0, emp[i]!.values);
      if (dept[i] !== undefined) h.push(1, dept[i]!.values);
    }
    const out = h.rows.map((x) => `${['+I', '-U', '+U', '-D'][x.kind]}[${x.row[2]}]`);
    expect(materialize(out)).toEqual(sortedStrings(c.sinks[0]!.expectedMaterialized!));
    // Adam (null deptno) is emitted first, then retracted by the first department row
    expect(out.slice(0, 2)).toEqual(['+I[Adam]', '-D[Adam]']);
  });
  it('ANTI_JOIN_ON_NESTED (JoinSemanticTestPrograms)', () => {
    const c = semantic.get('ANTI_JOIN_ON_NESTED');
    if (c === undefined) return;
    // key: t2.ext.nested.nested1.nested2 (left) = t1.ext.nested (right), as computed columns
    const h = new OperatorHarness(
      new SemiAntiJoinOperator({ anti: true, leftKeyIndexes: [1], rightKeyIndexes: [1] }),
    );
    for (const r of source(c, 'source_t2')) {
      const ext = r.values[0] as unknown[][][];
      h.push(0, [r.values[0], ext[0]![0]![0]]);
    }
    for (const r of source(c, 'source_t1')) h.push(1, [r.values[0], (r.values[0] as unknown[])[0]]);
    expect(materialize(h.rows.map((x) => `${['+I', '-U', '+U', '-D'][x.kind]}[${x.row[1]}]`))).toEqual(
      c.sinks[0]!.expectedMaterialized,
    );
  });
});

describe('StreamJoinOperator edge cases', () => {
  const leftJoin = (extra: object = {}) =>
    new OperatorHarness(
      new StreamJoinOperator({
        joinType: 'left',
        leftKeyIndexes: [0],
        rightKeyIndexes: [0],
        leftArity: 2,
        rightArity: 2,
        ...extra,
      }),
    );

  it('outer side: +I[a, null], first match -D/+I, last match retraction +I[a, null] again', () => {
    const h = leftJoin();
    h.push(0, [1, 'a']).push(1, [1, 'x']).push(1, [1, 'y']);
    h.push(1, [1, 'x'], RowKind.DELETE).push(1, [1, 'y'], RowKind.UPDATE_BEFORE);
    expect(h.changelog).toEqual([
      '+I[1, a, null, null]',
      '-D[1, a, null, null]',
      '+I[1, a, 1, x]',
      '+I[1, a, 1, y]',
      '-D[1, a, 1, x]',
      '-U[1, a, 1, y]',
      '+I[1, a, null, null]',
    ]);
    // retracting the outer row itself
    h.push(0, [1, 'a'], RowKind.UPDATE_BEFORE);
    expect(h.changelog.at(-1)).toBe('-D[1, a, null, null]');
  });

  it('inner join keeps the input kinds (+U / -U)', () => {
    const h = new OperatorHarness(
      new StreamJoinOperator({
        joinType: 'inner',
        leftKeyIndexes: [0],
        rightKeyIndexes: [0],
        leftArity: 2,
        rightArity: 2,
      }),
    );
    h.push(1, [1, 'r'])
      .push(0, [1, 'a'])
      .push(0, [1, 'a'], RowKind.UPDATE_BEFORE)
      .push(0, [1, 'b'], RowKind.UPDATE_AFTER);
    expect(h.changelog).toEqual(['+I[1, a, 1, r]', '-U[1, a, 1, r]', '+U[1, b, 1, r]']);
  });

  it('null keys never match, but outer rows with null keys are padded', () => {
    const h = new OperatorHarness(
      new StreamJoinOperator({
        joinType: 'full',
        leftKeyIndexes: [0],
        rightKeyIndexes: [0],
        leftArity: 1,
        rightArity: 1,
      }),
    );
    h.push(0, [null]).push(1, [null]);
    expect(h.changelog).toEqual(['+I[null, null]', '+I[null, null]']);
  });

  it('duplicate outer rows are each padded and each un-padded on the first match', () => {
    const h = leftJoin();
    h.push(0, [1, 'a']).push(0, [1, 'a']).push(1, [1, 'x']);
    expect(h.changelog).toEqual([
      '+I[1, a, null, null]',
      '+I[1, a, null, null]',
      '-D[1, a, null, null]',
      '+I[1, a, 1, x]',
      '-D[1, a, null, null]',
      '+I[1, a, 1, x]',
    ]);
  });

  it('state TTL: rows expire after their last write (controllable clock)', () => {
    const h = leftJoin({ leftStateTtlMs: 1000, rightStateTtlMs: 1000 });
    h.push(1, [1, 'x']);
    h.now = 999;
    h.push(0, [1, 'a']);
    h.now = 1000; // the right row written at 0 has expired
    h.push(0, [1, 'b']);
    expect(h.changelog).toEqual(['+I[1, a, 1, x]', '+I[1, b, null, null]']);
  });
});

describe('insert-only join sides (append-only state)', () => {
  /** Random insert-only rows [key, value] on both inputs, interleaved, through one join operator. */
  function run(
    make: (insertOnly: boolean) => StreamJoinOperator | SemiAntiJoinOperator,
    insertOnly: boolean,
  ) {
    const h = new OperatorHarness(make(insertOnly));
    let seed = 11;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    // few keys and values: many equal rows per key, past the multiset's list-to-index switch
    for (let i = 0; i < 600; i++) h.push(random(2), [random(4), `v${random(6)}`]);
    return sortedStrings(h.changelog);
  }

  for (const joinType of ['inner', 'left', 'right', 'full'] as const) {
    it(`${joinType} join: the same changelog as the multiset state`, () => {
      const make = (insertOnly: boolean) =>
        new StreamJoinOperator({
          joinType,
          leftKeyIndexes: [0],
          rightKeyIndexes: [0],
          leftArity: 2,
          rightArity: 2,
          condition: (l, r) => l[1] !== r[1],
          leftInsertOnly: insertOnly,
          rightInsertOnly: insertOnly,
        });
      const expected = run(make, false);
      expect(expected.length).toBeGreaterThan(1000);
      expect(run(make, true)).toEqual(expected);
    });
  }

  for (const anti of [false, true]) {
    it(`${anti ? 'anti' : 'semi'} join with an insert-only right side: the same changelog`, () => {
      const make = (insertOnly: boolean) =>
        new SemiAntiJoinOperator({
          anti,
          leftKeyIndexes: [0],
          rightKeyIndexes: [0],
          rightInsertOnly: insertOnly,
        });
      expect(run(make, true)).toEqual(run(make, false));
    });
  }
});
