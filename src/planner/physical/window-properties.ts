/**
 * Traces a column of a logical plan back to a window TVF's window_start / window_end / window_time
 * (through projections of plain columns, filters and window aggregates that group by the window),
 * as Flink's window property metadata does. Window joins, window Top-N and window deduplication are
 * only planned when their partition / join columns are such window properties.
 */
import type { LogicalPlan, WindowSpec } from '../logical/nodes.ts';

export interface WindowProperty {
  readonly role: 'start' | 'end' | 'time';
  readonly window: WindowSpec;
  /** The window's time column is processing time. */
  readonly proctime: boolean;
}

const ROLES = ['start', 'end', 'time'] as const;

export function windowPropertyOf(plan: LogicalPlan, index: number): WindowProperty | undefined {
  switch (plan.kind) {
    case 'WindowTableFunction': {
      const width = plan.input.schema.length;
      const role = ROLES[index - width];
      if (role === undefined || plan.window.kind === 'SESSION') return undefined;
      const t = plan.input.schema[plan.timeIndex]?.type;
      const proctime = t !== undefined && 'timeAttribute' in t && t.timeAttribute === 'proctime';
      return { role, window: plan.window, proctime };
    }
    case 'Project': {
      const e = plan.exprs[index];
      return e?.kind === 'input' ? windowPropertyOf(plan.input, e.index) : undefined;
    }
    case 'Filter':
    case 'WatermarkAssigner':
      return windowPropertyOf(plan.input, index);
    case 'Aggregate': {
      if (plan.window || plan.groupingSets || plan.input.kind !== 'WindowTableFunction') return undefined;
      const width = plan.input.input.schema.length;
      if (!plan.groupKeys.includes(width) || !plan.groupKeys.includes(width + 1)) return undefined;
      const key = plan.groupKeys[index];
      return key === undefined || key < width ? undefined : windowPropertyOf(plan.input, key);
    }
    default:
      return undefined;
  }
}

export const sameWindow = (a: WindowSpec, b: WindowSpec): boolean => JSON.stringify(a) === JSON.stringify(b);
