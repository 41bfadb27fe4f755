/** Registers every built-in scalar function; import this module before binding calls. */
import './arithmetic.ts';
import './comparison.ts';
import './conditional.ts';
import './collections.ts';
import './strings.ts';
import './regex.ts';
import './math.ts';
import './temporal.ts';
import './json.ts';

export {
  bindCall,
  defineFunction,
  type EvalContext,
  type ExprContext,
  evalContext,
  functionNames,
  lookupFunction,
  type ScalarFunction,
  type ScalarImpl,
} from './registry.ts';
