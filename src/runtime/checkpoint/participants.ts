/**
 * A job's operators as checkpoints see them: each with a stable operator id, its keyed state backend,
 * and the hooks the checkpoint coordinator calls. Restoring hands each operator its state back.
 *
 * Operator ids are `<operator name>-<n>`, n counting the operators of that name in task order, then
 * chain order (a task's source first). The planner builds tasks and chains in a fixed order from the
 * plan, so the ids stay the same when the plan keeps its shape: a changed filter constant, projection
 * or sink option leaves every id as it was, while adding or removing an operator of a name renumbers
 * the later operators of that name only.
 */

import type { CheckpointedJob, CheckpointParticipant } from '../../state/checkpoint/coordinator.ts';
import type { LoadedOperatorState, RestoreTarget } from '../../state/checkpoint/restore.ts';
import type { OperatorCheckpointInput } from '../../state/checkpoint/writer.ts';
import type { IncrementalKeyedSnapshot, KeyedStateBackend, KeyedStateSnapshot } from '../../state/state.ts';
import type { Job } from '../job.ts';
import type { Operator, OperatorSnapshot } from '../operator.ts';
import type { SourceOperator, Task } from '../task.ts';

export interface JobOperator {
  readonly operatorId: string;
  readonly task: Task;
  readonly operator: Operator | SourceOperator;
  readonly backend: KeyedStateBackend;
  readonly isSource: boolean;
  /** What its state is written for (set by the engine from the plan); undefined when unchecked. */
  signature: string | undefined;
}

/** The job's operators with their stable ids; the job must be open (backends exist then). */
export function jobOperators(job: Job): JobOperator[] {
  const counts = new Map<string, number>();
  const idFor = (name: string): string => {
    const n = (counts.get(name) ?? 0) + 1;
    counts.set(name, n);
    return `${name}-${n}`;
  };
  const out: JobOperator[] = [];
  for (const task of job.tasks) {
    const backends = job.backendsOf(task);
    if (task.source !== undefined && backends.source !== undefined) {
      out.push({
        operatorId: idFor(task.source.name),
        task,
        operator: task.source,
        backend: backends.source,
        isSource: true,
        signature: undefined,
      });
    }
    task.operators.forEach((operator, i) => {
      out.push({
        operatorId: idFor(operator.name),
        task,
        operator,
        backend: backends.operators[i]!,
        isSource: false,
        signature: undefined,
      });
    });
  }
  return out;
}

/**
 * Runs `take` while `backend.snapshot()` calls `instead` and answers an empty placeholder. An
 * operator's snapshotState() takes its keyed state with backend.snapshot(); for an incremental
 * checkpoint the incremental snapshot is taken at that very moment instead (an operator may put
 * state into its backend just before, and take it out again just after), and only the operator's
 * own state (e.g. a source position) is wanted from snapshotState().
 */
function withKeyedSnapshotDeferred(
  backend: KeyedStateBackend,
  instead: () => void,
  take: () => OperatorSnapshot,
): OperatorSnapshot {
  const placeholder: KeyedStateSnapshot = {
    backend: 'deferred',
    maxParallelism: backend.maxParallelism,
    states: {},
    timers: {},
  };
  const own = Object.getOwnPropertyDescriptor(backend, 'snapshot');
  backend.snapshot = () => {
    instead();
    return placeholder;
  };
  try {
    return take();
  } finally {
    if (own === undefined) Reflect.deleteProperty(backend, 'snapshot');
    else Object.defineProperty(backend, 'snapshot', own);
  }
}

function participant(op: JobOperator): CheckpointParticipant {
  const operator = op.operator;
  const hooks: Pick<Operator, 'prepareCheckpoint' | 'notifyCheckpointComplete' | 'notifyCheckpointAborted'> =
    op.isSource ? {} : (operator as Operator);
  return {
    operatorId: op.operatorId,
    isSource: op.isSource,
    ...(hooks.prepareCheckpoint ? { prepareCheckpoint: (id: number) => hooks.prepareCheckpoint!(id) } : {}),
    ...(hooks.notifyCheckpointComplete
      ? { notifyCheckpointComplete: (id: number) => hooks.notifyCheckpointComplete!(id) }
      : {}),
    ...(hooks.notifyCheckpointAborted
      ? { notifyCheckpointAborted: (id: number) => hooks.notifyCheckpointAborted!(id) }
      : {}),
    capture(checkpointId, incrementalBase): OperatorCheckpointInput {
      const signature = op.signature === undefined ? {} : { signature: op.signature };
      const backend = op.backend;
      if (incrementalBase !== undefined && backend.snapshotIncremental !== undefined) {
        let incremental: IncrementalKeyedSnapshot | undefined;
        const takeIncremental = (): void => {
          incremental ??= backend.snapshotIncremental!(checkpointId, incrementalBase(op.operatorId));
        };
        const own = withKeyedSnapshotDeferred(backend, takeIncremental, () =>
          operator.snapshotState(checkpointId),
        );
        takeIncremental(); // an operator that never snapshots its backend
        return {
          operatorId: op.operatorId,
          backend,
          incremental: incremental!,
          operatorState: own.operator,
          ...signature,
        };
      }
      const snapshot = operator.snapshotState(checkpointId);
      return {
        operatorId: op.operatorId,
        keyed: snapshot.keyed,
        operatorState: snapshot.operator,
        ...signature,
      };
    },
  };
}

/** The job as the checkpoint coordinator drives it. */
export function checkpointedJob(job: Job, operators: readonly JobOperator[]): CheckpointedJob {
  // buffering operators (mini-batch) flush into the cut before anything is captured
  return { drain: () => job.drainForSnapshot(), participants: operators.map(participant) };
}

/** What a restore checks per operator: id, key groups and signature. */
export function restoreTargets(operators: readonly JobOperator[]): RestoreTarget[] {
  return operators.map((op) => ({
    operatorId: op.operatorId,
    maxParallelism: op.backend.maxParallelism,
    ...(op.signature === undefined ? {} : { signature: op.signature }),
  }));
}

/**
 * Hands each operator its restored state (after `ready()` and `open()`, before the first batch):
 * `restoreState` with the keyed state and the operator's own state, as taken at `checkpointId`.
 */
export function restoreJobOperators(
  operators: readonly JobOperator[],
  loaded: ReadonlyMap<string, LoadedOperatorState>,
  checkpointId: number,
): void {
  for (const op of operators) {
    const state = loaded.get(op.operatorId);
    if (state === undefined) continue;
    const keyed: KeyedStateSnapshot = state.keyed ?? {
      backend: 'empty',
      maxParallelism: op.backend.maxParallelism,
      states: {},
      timers: {},
    };
    op.operator.restoreState({ checkpointId, keyed, operator: state.operatorState });
    if (state.incrementalBaseline !== undefined)
      op.backend.setIncrementalBaseline?.(state.incrementalBaseline);
  }
}
