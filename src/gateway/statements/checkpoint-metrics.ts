/**
 * Flink's checkpoint metrics per statement, under Flink's Prometheus names (job scope):
 * `flink_jobmanager_job_lastCheckpointDuration` (ms), `..._lastCheckpointSize` (bytes written by the
 * last completed checkpoint), `..._lastCheckpointFullSize` (its whole state), and the counters
 * `..._numberOfCompletedCheckpoints`, `..._numberOfFailedCheckpoints`,
 * `..._numberOfInProgressCheckpoints`, `..._totalNumberOfCheckpoints`.
 */
import { Gauge, type Registry } from 'prom-client';
import type { CheckpointHistory } from './checkpoints.ts';

export interface CheckpointMetricSource {
  readonly environment: string;
  readonly name: string;
  readonly checkpoints: CheckpointHistory;
}

const JOB = 'flink_jobmanager_job_';

export function registerCheckpointMetrics(
  registry: Registry,
  live: () => readonly CheckpointMetricSource[],
): void {
  const gauge = (name: string, help: string, value: (h: CheckpointHistory) => number): void => {
    new Gauge({
      name: `${JOB}${name}`,
      help,
      labelNames: ['environment', 'statement'],
      registers: [registry],
      collect() {
        this.reset();
        for (const l of live())
          this.set({ environment: l.environment, statement: l.name }, value(l.checkpoints));
      },
    });
  };
  const last = (h: CheckpointHistory) => h.latest('checkpoint', 'COMPLETED');
  gauge(
    'lastCheckpointDuration',
    'Milliseconds the last completed checkpoint took',
    (h) => last(h)?.durationMs ?? 0,
  );
  gauge(
    'lastCheckpointSize',
    'Bytes the last completed checkpoint wrote (its delta when incremental)',
    (h) => last(h)?.checkpointedSize ?? 0,
  );
  gauge(
    'lastCheckpointFullSize',
    'Bytes of the whole state of the last completed checkpoint',
    (h) => last(h)?.stateSize ?? 0,
  );
  gauge('numberOfCompletedCheckpoints', 'Completed checkpoints', (h) => h.counts().completed);
  gauge(
    'numberOfFailedCheckpoints',
    'Failed checkpoints (including timed-out ones)',
    (h) => h.counts().failed,
  );
  gauge('numberOfInProgressCheckpoints', 'Checkpoints in progress', (h) => h.counts().inProgress);
  gauge('totalNumberOfCheckpoints', 'Checkpoints triggered', (h) => {
    const c = h.counts();
    return c.completed + c.failed + c.inProgress;
  });
}
