/** Java integer semantics on JavaScript numbers and bigints: wrap-around, truncating division, casts. */
import { divisionByZero } from '../errors.ts';
import type { TypeKind } from '../types.ts';

export const wrapTinyint = (x: number): number => (x << 24) >> 24;
export const wrapSmallint = (x: number): number => (x << 16) >> 16;
export const wrapInt = (x: number): number => x | 0;
export const wrapBigint = (x: bigint): bigint => BigInt.asIntN(64, x);

export const LONG_MIN = -(2n ** 63n);
export const LONG_MAX = 2n ** 63n - 1n;

/** Wraps an integer number to the width of an integer type (not BIGINT). */
export function wrapToKind(kind: TypeKind, x: number): number {
  switch (kind) {
    case 'TINYINT':
      return wrapTinyint(x);
    case 'SMALLINT':
      return wrapSmallint(x);
    default:
      return x | 0;
  }
}

/** Java `(int) a / b` with ArithmeticException on zero. */
export function intDivide(a: number, b: number): number {
  if (b === 0) throw divisionByZero();
  return (a / b) | 0;
}
export function intRemainder(a: number, b: number): number {
  if (b === 0) throw divisionByZero();
  return (a % b) | 0;
}
export function longDivide(a: bigint, b: bigint): bigint {
  if (b === 0n) throw divisionByZero();
  return BigInt.asIntN(64, a / b);
}
export function longRemainder(a: bigint, b: bigint): bigint {
  if (b === 0n) throw divisionByZero();
  return a % b;
}

/** Java `(long) d`: NaN is 0, out-of-range values saturate. */
export function doubleToLong(d: number): bigint {
  if (Number.isNaN(d)) return 0n;
  if (d >= 2 ** 63) return LONG_MAX;
  if (d <= -(2 ** 63)) return LONG_MIN;
  return BigInt(Math.trunc(d));
}
/** Java `(int) d`: NaN is 0, out-of-range values saturate. */
export function doubleToInt(d: number): number {
  if (Number.isNaN(d)) return 0;
  if (d >= 2147483647) return 2147483647;
  if (d <= -2147483648) return -2147483648;
  return Math.trunc(d);
}
/** Java `(byte) d` / `(short) d`: narrows through int first. */
export function doubleToIntegerKind(kind: TypeKind, d: number): number {
  return wrapToKind(kind, doubleToInt(d));
}
/** Java `(int) someLong` and friends. */
export function longToIntegerKind(kind: TypeKind, v: bigint): number {
  return wrapToKind(kind, Number(BigInt.asIntN(32, v)));
}
