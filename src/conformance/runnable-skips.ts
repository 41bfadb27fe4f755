/**
 * Cases the data marks `skip` that this runner runs anyway, each with why its expected output is
 * fully determined here. The data skips every processing-time case, but some only depend on the
 * order rows arrive in (which the runner reproduces), and those whose state TTL expires "between
 * savepoint and restore" are run with the restore's clock jump (flink-order.ts).
 */

const ARRIVAL_ORDER =
  'processing time only orders rows by arrival; the runner feeds them in order, so the result is determined';
const RESTORE_GAP =
  'the runner restores after a processing-time jump longer than the TTL, as Flink restores an old savepoint';

export const RUNNABLE_DESPITE_SKIP: ReadonlyMap<string, string> = new Map([
  ['RankTestPrograms.RANK_N_TEST', `ROW_NUMBER() OVER (ORDER BY proctime): ${ARRIVAL_ORDER}`],
  ['DeduplicationTestPrograms.DEDUPLICATE_PROCTIME', `keep-first on proctime: ${ARRIVAL_ORDER}`],
  ['TemporalSortTestPrograms.TEMPORAL_SORT_PROCTIME', `ORDER BY proctime: ${ARRIVAL_ORDER}`],
  ['MatchRecognizeTestPrograms.MATCH_SIMPLE', `MATCH_RECOGNIZE ORDER BY proctime: ${ARRIVAL_ORDER}`],
  ['MatchRecognizeTestPrograms.MATCH_COMPLEX', `MATCH_RECOGNIZE ORDER BY proctime: ${ARRIVAL_ORDER}`],
  ['MatchRecognizeTestPrograms.MATCH_SKIP_TO_FIRST', `MATCH_RECOGNIZE ORDER BY proctime: ${ARRIVAL_ORDER}`],
  ['MatchRecognizeTestPrograms.MATCH_SKIP_TO_LAST', `MATCH_RECOGNIZE ORDER BY proctime: ${ARRIVAL_ORDER}`],
  [
    'MatchRecognizeTestPrograms.MATCH_SKIP_TO_NEXT_ROW',
    `MATCH_RECOGNIZE ORDER BY proctime: ${ARRIVAL_ORDER}`,
  ],
  [
    'MatchRecognizeTestPrograms.MATCH_SKIP_PAST_LAST_ROW',
    `MATCH_RECOGNIZE ORDER BY proctime: ${ARRIVAL_ORDER}`,
  ],
  [
    'CalcTestPrograms.CALC_CURRENT_TIMESTAMP',
    'EXTRACT(YEAR FROM CURRENT_TIMESTAMP) / a: the expected values hold for any year 2000-2099',
  ],
  ['DeduplicateKeepFirstRestoreTestPrograms.TTL_EXPIRED_RESTORE', `state_ttl => 10 s: ${RESTORE_GAP}`],
  [
    'DeduplicateKeepFirstRestoreTestPrograms.GLOBAL_TTL_EXPIRED_RESTORE',
    `table.exec.state.ttl 10 s: ${RESTORE_GAP}`,
  ],
]);

/** Why `id` is skipped, or undefined when the runner runs it. */
export function skipReason(id: string, dataSkip: string | null): string | undefined {
  if (dataSkip === null || RUNNABLE_DESPITE_SKIP.has(id)) return undefined;
  return dataSkip;
}
