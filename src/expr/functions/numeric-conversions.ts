/** Converting numeric argument values to the representation an operation computes in. */
import { decimalViewOf, type LogicalType } from '../types.ts';
import { decimalToDouble, rescale } from '../values/decimal.ts';

export type Conv = (v: unknown) => unknown;

/** To a JavaScript number (DOUBLE arithmetic). */
export function toNumber(t: LogicalType): Conv {
  if (t.kind === 'BIGINT') return (v) => Number(v as bigint);
  if (t.kind === 'DECIMAL') {
    const s = t.scale;
    return (v) => decimalToDouble(v as bigint, s);
  }
  return (v) => v;
}
export function toNumberCode(t: LogicalType, code: string): string {
  if (t.kind === 'BIGINT') return `Number(${code})`;
  return code;
}

/** To a bigint (BIGINT arithmetic). */
export function toBigint(t: LogicalType): Conv {
  if (t.kind === 'BIGINT') return (v) => v;
  return (v) => BigInt(v as number);
}
export function toBigintCode(t: LogicalType, code: string): string {
  return t.kind === 'BIGINT' ? code : `BigInt(${code})`;
}

/** To an unscaled bigint at `scale` (exact DECIMAL arithmetic); integers have scale 0. */
export function toUnscaled(t: LogicalType, scale: number): Conv {
  const from = decimalViewOf(t)?.scale ?? 0;
  if (t.kind === 'DECIMAL') return from === scale ? (v) => v : (v) => rescale(v as bigint, from, scale);
  if (t.kind === 'BIGINT') return (v) => rescale(v as bigint, 0, scale);
  return (v) => rescale(BigInt(v as number), 0, scale);
}

export const scaleOf = (t: LogicalType): number => decimalViewOf(t)?.scale ?? 0;
