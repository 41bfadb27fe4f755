/** The expression layer's public surface for the planner and the runtime. */
import './functions/index.ts';
import './aggregates/index.ts';

export * from './aggregates/aggregate.ts';
export * from './bound.ts';
export { castFunction } from './cast.ts';
export { compilePredicate, compileProjection, compileScalar, projectionSource } from './compile.ts';
export { ExpressionError, FunctionSignatureError } from './errors.ts';
export {
  bindCall,
  type EvalContext,
  type ExprContext,
  evalContext,
  functionNames,
  lookupFunction,
  type ScalarFunction,
} from './functions/registry.ts';
export { evaluate, interpret } from './interpret.ts';
export * from './type-rules.ts';
export * from './types.ts';
export { comparatorFor, valueKey, valuesEqual } from './values/compare.ts';
export * from './values/datetime.ts';
export * from './values/decimal.ts';
export { formatRow, formatValue, formatValueForDisplay, valueToSqlString } from './values/format.ts';
export { javaDoubleToString, javaFloatToString } from './values/java-numbers.ts';
export { fromLocalMillis, timeZone, toLocalMillis } from './values/timezone.ts';
