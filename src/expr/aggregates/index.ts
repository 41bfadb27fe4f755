/** Registers the built-in aggregate functions. */
import './numeric.ts';
import './values.ts';

export {
  type AggregateFunction,
  aggregateNames,
  bindAggregate,
  defineAggregate,
  isAggregateFunction,
} from './aggregate.ts';
