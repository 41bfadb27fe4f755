/** Function names the binder treats specially: aggregates, ranking functions, legacy group windows. */

/** Aggregate functions (usable in GROUP BY queries and with OVER). */
export const AGGREGATE_FUNCTIONS: ReadonlySet<string> = new Set([
  'COUNT',
  'SUM',
  'SUM0',
  'AVG',
  'MIN',
  'MAX',
  'STDDEV',
  'STDDEV_POP',
  'STDDEV_SAMP',
  'VARIANCE',
  'VAR_POP',
  'VAR_SAMP',
  'COLLECT',
  'LISTAGG',
  'FIRST_VALUE',
  'LAST_VALUE',
  'ARRAY_AGG',
  'BOOL_AND',
  'BOOL_OR',
  'APPROX_COUNT_DISTINCT',
  'SINGLE_VALUE',
  'GROUPING',
  'GROUPING_ID',
  'ROW_NUMBER',
  'RANK',
  'DENSE_RANK',
  'PERCENT_RANK',
  'CUME_DIST',
  'NTILE',
  'LEAD',
  'LAG',
]);

/** Functions that exist only with OVER. */
export const OVER_ONLY_FUNCTIONS: ReadonlySet<string> = new Set([
  'ROW_NUMBER',
  'RANK',
  'DENSE_RANK',
  'PERCENT_RANK',
  'CUME_DIST',
  'NTILE',
  'LEAD',
  'LAG',
]);

/** Ranking functions: OVER with ORDER BY but no frame, ordering on any column. */
export const RANKING_FUNCTIONS: ReadonlySet<string> = new Set([
  'ROW_NUMBER',
  'RANK',
  'DENSE_RANK',
  'PERCENT_RANK',
  'CUME_DIST',
  'NTILE',
  'LEAD',
  'LAG',
]);

/** `GROUP BY TUMBLE(ts, INTERVAL ...)` and friends. */
export const LEGACY_WINDOW_FUNCTIONS: ReadonlySet<string> = new Set(['TUMBLE', 'HOP', 'SESSION']);

/** Auxiliary functions → their group function. */
export const LEGACY_WINDOW_AUXILIARY: ReadonlyMap<string, string> = new Map([
  ['TUMBLE_START', 'TUMBLE'],
  ['TUMBLE_END', 'TUMBLE'],
  ['TUMBLE_ROWTIME', 'TUMBLE'],
  ['TUMBLE_PROCTIME', 'TUMBLE'],
  ['HOP_START', 'HOP'],
  ['HOP_END', 'HOP'],
  ['HOP_ROWTIME', 'HOP'],
  ['HOP_PROCTIME', 'HOP'],
  ['SESSION_START', 'SESSION'],
  ['SESSION_END', 'SESSION'],
  ['SESSION_ROWTIME', 'SESSION'],
  ['SESSION_PROCTIME', 'SESSION'],
]);

/** Window table functions in FROM. */
export const WINDOW_TVFS: ReadonlySet<string> = new Set(['TUMBLE', 'HOP', 'CUMULATE', 'SESSION']);
