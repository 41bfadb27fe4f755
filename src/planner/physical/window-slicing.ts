/**
 * Whether a window aggregate may run by slices (src/runtime/operators/window-aggregate-sliced.ts):
 * event-time HOP windows no smaller than their slide, whose every call merges slice accumulators into exactly what accumulating
 * the rows one by one gives. COUNT always; SUM, SUM0 and AVG over exact numbers (integer addition
 * wraps the same whatever the grouping, decimals are exact; floating-point sums would round
 * differently); MIN and MAX over anything but floating point and maps (the extreme of the extremes;
 * FLOAT/DOUBLE are left out so that -0.0 / 0.0 and NaN stay as the row order picks them).
 * Order-sensitive calls (FIRST_VALUE, LISTAGG, COLLECT ...) and DISTINCT keep the per-window path.
 */
import type { LogicalType } from '../../expr/types.ts';
import type { WindowAggregateNode } from './nodes.ts';

const EXACT_NUMBERS = new Set(['TINYINT', 'SMALLINT', 'INT', 'BIGINT', 'DECIMAL']);
const UNORDERED_EXTREMES = new Set(['FLOAT', 'DOUBLE', 'MAP', 'MULTISET']);

function mergesExactly(fn: string, argTypes: readonly (LogicalType | undefined)[]): boolean {
  const arg = argTypes[0];
  switch (fn) {
    case 'COUNT':
      return true;
    case 'SUM':
    case 'SUM0':
    case '$SUM0':
    case 'AVG':
      return argTypes.length === 1 && arg !== undefined && EXACT_NUMBERS.has(arg.kind);
    case 'MIN':
    case 'MAX':
      return argTypes.length === 1 && arg !== undefined && !UNORDERED_EXTREMES.has(arg.kind);
    default:
      return false;
  }
}

export function slicedHopSupported(node: WindowAggregateNode): boolean {
  // size < slide leaves gaps between windows: rows there belong to no window, which slices don't model
  if (node.window.kind !== 'HOP' || node.proctime || node.window.size < node.window.slide) return false;
  return node.calls.every(
    (c) =>
      !c.distinct &&
      c.constants.length === 0 &&
      mergesExactly(
        c.fn,
        c.args.map((a) => node.input.schema[a]?.type),
      ),
  );
}
