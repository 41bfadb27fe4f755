import { describe, expect, it } from 'vitest';
import {
  decimalAdditionType,
  decimalAvgType,
  decimalDivisionType,
  decimalModuloType,
  decimalMultiplicationType,
  decimalSumType,
  leastRestrictive,
  supportsExplicitCast,
  supportsImplicitCast,
} from '../../src/expr/type-rules.ts';
import { formatType, T, typeEquals, withNullability } from '../../src/expr/types.ts';

describe('formatType (Flink summary strings)', () => {
  it.each([
    [T.int(false), 'INT NOT NULL'],
    [T.int(), 'INT'],
    [T.string(), 'STRING'],
    [T.string(false), 'STRING NOT NULL'],
    [T.varchar(10), 'VARCHAR(10)'],
    [T.char(3), 'CHAR(3)'],
    [T.bytes(), 'BYTES'],
    [T.varbinary(4), 'VARBINARY(4)'],
    [T.binary(2), 'BINARY(2)'],
    [T.decimal(10, 2), 'DECIMAL(10, 2)'],
    [T.double(false), 'DOUBLE NOT NULL'],
    [T.date(), 'DATE'],
    [T.time(0), 'TIME(0)'],
    [T.timestamp(3), 'TIMESTAMP(3)'],
    [T.timestamp(3, true, 'rowtime'), 'TIMESTAMP(3) *ROWTIME*'],
    [T.timestamp(3, false, 'rowtime'), 'TIMESTAMP(3) NOT NULL *ROWTIME*'],
    [T.timestampLtz(3, false, 'proctime'), 'TIMESTAMP_LTZ(3) NOT NULL *PROCTIME*'],
    [T.timestampLtz(6), 'TIMESTAMP_LTZ(6)'],
    [
      T.row([
        ['a', T.int()],
        ['b', T.string()],
      ]),
      'ROW<`a` INT, `b` STRING>',
    ],
    [
      T.row([{ name: 'x`y', type: T.int(false), description: "it's" }], false),
      "ROW<`x``y` INT NOT NULL 'it''s'> NOT NULL",
    ],
    [T.array(T.int()), 'ARRAY<INT>'],
    [T.array(T.int(false), false), 'ARRAY<INT NOT NULL> NOT NULL'],
    [T.map(T.string(), T.int()), 'MAP<STRING, INT>'],
    [T.multiset(T.string()), 'MULTISET<STRING>'],
    [T.intervalDayTime('DAY_TO_SECOND', 2, 3), 'INTERVAL DAY(2) TO SECOND(3)'],
    [T.intervalDayTime('SECOND', 2, 3), 'INTERVAL SECOND(3)'],
    [T.intervalDayTime('HOUR_TO_MINUTE'), 'INTERVAL HOUR TO MINUTE'],
    [T.intervalYearMonth('YEAR_TO_MONTH', 4), 'INTERVAL YEAR(4) TO MONTH'],
    [T.intervalYearMonth('MONTH'), 'INTERVAL MONTH'],
    [T.null(), 'NULL'],
  ])('%j prints %s', (type, text) => {
    expect(formatType(type)).toBe(text);
  });
});

describe('equality and nullability', () => {
  it('compares structurally with or without nullability', () => {
    expect(typeEquals(T.int(), T.int(false))).toBe(false);
    expect(typeEquals(T.int(), T.int(false), true)).toBe(true);
    expect(typeEquals(T.array(T.int(false)), T.array(T.int()), true)).toBe(true);
    expect(typeEquals(T.decimal(10, 2), T.decimal(10, 3))).toBe(false);
    expect(typeEquals(T.timestamp(3, true, 'rowtime'), T.timestamp(3))).toBe(false);
  });
  it('withNullability keeps NULL nullable and copies others', () => {
    expect(withNullability(T.null(), false).nullable).toBe(true);
    expect(withNullability(T.int(), false)).toEqual(T.int(false));
  });
  it('rejects impossible decimals', () => {
    expect(() => T.decimal(39, 0)).toThrow(/precision must be 1..38/);
  });
});

describe('leastRestrictive', () => {
  const f = (ts: Parameters<typeof leastRestrictive>[0]) => {
    const t = leastRestrictive(ts);
    return t ? formatType(t) : undefined;
  };
  it('widens numerics', () => {
    expect(f([T.int(false), T.bigint(false)])).toBe('BIGINT NOT NULL');
    expect(f([T.tinyint(false), T.smallint()])).toBe('SMALLINT');
    expect(f([T.int(false), T.double(false)])).toBe('DOUBLE NOT NULL');
    expect(f([T.int(false), T.float(false)])).toBe('FLOAT NOT NULL');
    expect(f([T.float(false), T.decimal(5, 2, false)])).toBe('DOUBLE NOT NULL');
    expect(f([T.int(false), T.decimal(5, 2, false)])).toBe('DECIMAL(12, 2) NOT NULL');
    expect(f([T.decimal(10, 4, false), T.decimal(20, 1, false)])).toBe('DECIMAL(23, 4) NOT NULL');
    expect(f([T.decimal(38, 0, false), T.decimal(38, 10, false)])).toBe('DECIMAL(38, 6) NOT NULL');
  });
  it('merges strings, nulls, temporals and constructed types', () => {
    // Flink converts ragged CHAR unions to VARCHAR (FlinkTypeSystem)
    expect(f([T.char(2, false), T.char(5, false)])).toBe('VARCHAR(5) NOT NULL');
    expect(f([T.char(3, false), T.char(3)])).toBe('CHAR(3)');
    expect(f([T.char(2, false), T.varchar(1, false)])).toBe('VARCHAR(2) NOT NULL');
    expect(f([T.null(), T.int(false)])).toBe('INT');
    expect(f([T.null(), T.null()])).toBe('NULL');
    expect(f([T.timestamp(3, false, 'rowtime'), T.timestamp(6, false)])).toBe('TIMESTAMP(6) NOT NULL');
    expect(f([T.date(false), T.timestamp(3, false)])).toBe('TIMESTAMP(3) NOT NULL');
    expect(f([T.array(T.int()), T.array(T.bigint())])).toBe('ARRAY<BIGINT>');
    expect(f([T.int(), T.string()])).toBeUndefined();
    expect(f([T.boolean(), T.int()])).toBeUndefined();
  });
});

describe('casts per LogicalTypeCasts', () => {
  it('implicit casts widen only', () => {
    expect(supportsImplicitCast(T.int(), T.bigint())).toBe(true);
    expect(supportsImplicitCast(T.bigint(), T.int())).toBe(false);
    expect(supportsImplicitCast(T.decimal(10, 2), T.double())).toBe(true);
    expect(supportsImplicitCast(T.double(), T.decimal(10, 2))).toBe(true);
    expect(supportsImplicitCast(T.char(3), T.string())).toBe(true);
    expect(supportsImplicitCast(T.string(), T.char(3))).toBe(false);
    expect(supportsImplicitCast(T.int(), T.string())).toBe(false);
    expect(supportsImplicitCast(T.int(), T.int(false))).toBe(false);
    expect(supportsImplicitCast(T.null(), T.array(T.int()))).toBe(true);
    expect(supportsImplicitCast(T.date(), T.timestamp(3))).toBe(false);
    expect(supportsImplicitCast(T.timestamp(3), T.date())).toBe(true);
    expect(supportsImplicitCast(T.array(T.int()), T.array(T.bigint()))).toBe(true);
  });
  it('explicit casts follow the cast table', () => {
    expect(supportsExplicitCast(T.string(), T.int())).toBe(true);
    expect(supportsExplicitCast(T.int(), T.string())).toBe(true);
    expect(supportsExplicitCast(T.string(), T.boolean())).toBe(true);
    expect(supportsExplicitCast(T.int(), T.boolean())).toBe(true);
    expect(supportsExplicitCast(T.double(), T.boolean())).toBe(false);
    expect(supportsExplicitCast(T.boolean(), T.decimal(5, 0))).toBe(true);
    expect(supportsExplicitCast(T.string(), T.bytes())).toBe(true);
    expect(supportsExplicitCast(T.bytes(), T.string())).toBe(true);
    expect(supportsExplicitCast(T.int(), T.timestamp(3))).toBe(false);
    expect(supportsExplicitCast(T.timestamp(3), T.timestampLtz(3))).toBe(true);
    expect(supportsExplicitCast(T.date(), T.time(0))).toBe(false);
    expect(supportsExplicitCast(T.array(T.int()), T.string())).toBe(true);
    expect(supportsExplicitCast(T.array(T.int()), T.map(T.int(), T.int()))).toBe(false);
    expect(supportsExplicitCast(T.array(T.string()), T.array(T.int()))).toBe(true);
    expect(supportsExplicitCast(T.intervalDayTime('SECOND'), T.bigint())).toBe(true);
    expect(supportsExplicitCast(T.intervalDayTime('DAY_TO_SECOND'), T.bigint())).toBe(false);
    expect(supportsExplicitCast(T.int(), T.int(false))).toBe(true);
  });
});

describe('decimal result types (LogicalTypeMerging)', () => {
  const ps = (t: { precision: number; scale: number }) => `${t.precision},${t.scale}`;
  const d = (precision: number, scale: number) => ({ precision, scale });
  it('computes + - * / % types', () => {
    expect(ps(decimalAdditionType(d(10, 2), d(5, 3)))).toBe('12,3');
    expect(ps(decimalAdditionType(d(38, 2), d(38, 2)))).toBe('38,2');
    expect(ps(decimalMultiplicationType(d(10, 2), d(5, 3)))).toBe('16,5');
    expect(ps(decimalMultiplicationType(d(20, 10), d(20, 10)))).toBe('38,17');
    expect(ps(decimalDivisionType(d(10, 2), d(5, 3)))).toBe('19,8');
    expect(ps(decimalDivisionType(d(10, 2), d(10, 0)))).toBe('21,13');
    expect(ps(decimalDivisionType(d(38, 10), d(38, 10)))).toBe('38,6');
    expect(ps(decimalModuloType(d(10, 2), d(5, 3)))).toBe('5,3');
  });
  it('computes SUM and AVG types', () => {
    expect(ps(decimalSumType(d(10, 2)))).toBe('38,2');
    expect(ps(decimalAvgType(d(10, 2)))).toBe('38,6');
    expect(ps(decimalAvgType(d(20, 8)))).toBe('38,8');
  });
});
