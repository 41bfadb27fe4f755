/** Argument-type predicates shared by function signatures. */
import type { BoundExpr } from '../bound.ts';
import {
  isBinaryKind,
  isCharacterKind,
  isExactNumericKind,
  isIntegerKind,
  isNumericKind,
  isTimestampKind,
  type TypeKind,
} from '../types.ts';

const k = (a: BoundExpr | undefined): TypeKind | undefined => a?.type.kind;
export const isStringArg = (a: BoundExpr | undefined): boolean =>
  !!a && (isCharacterKind(k(a)!) || k(a) === 'NULL');
export const isBinaryArg = (a: BoundExpr | undefined): boolean =>
  !!a && (isBinaryKind(k(a)!) || k(a) === 'NULL');
export const isNumericArg = (a: BoundExpr | undefined): boolean =>
  !!a && (isNumericKind(k(a)!) || k(a) === 'NULL');
export const isExactArg = (a: BoundExpr | undefined): boolean =>
  !!a && (isExactNumericKind(k(a)!) || k(a) === 'NULL');
export const isIntegerArg = (a: BoundExpr | undefined): boolean =>
  !!a && (isIntegerKind(k(a)!) || k(a) === 'NULL');
export const isTimestampArg = (a: BoundExpr | undefined): boolean =>
  !!a && (isTimestampKind(k(a)!) || k(a) === 'NULL');
export const isDatetimeArg = (a: BoundExpr | undefined): boolean =>
  !!a && (isTimestampKind(k(a)!) || k(a) === 'DATE' || k(a) === 'TIME' || k(a) === 'NULL');
export const allStrings = (args: readonly BoundExpr[], n: number): boolean =>
  args.length === n && args.every(isStringArg);

/** An integer-valued argument as a JavaScript number (INT or BIGINT representation). */
export const asInt = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));
