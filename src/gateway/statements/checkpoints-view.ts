/**
 * The REST view of a statement's checkpoints (`GET …/statements/{name}/checkpoints`), shaped after
 * Flink's `/jobs/:jobid/checkpoints`: counts, the latest completed, failed, savepoint and restored
 * ones, and the history newest first — each with id, status, trigger time, duration, sizes and the
 * state size per operator.
 */
import type { CheckpointEvent } from '../../state/checkpoint/coordinator.ts';
import type { StoredStatement } from '../resources.ts';
import type { CheckpointCounts, CheckpointHistory, RestoredCheckpoint } from './checkpoints.ts';

export interface CheckpointEntry {
  readonly id: number;
  readonly kind: 'checkpoint' | 'savepoint';
  readonly status: CheckpointEvent['status'];
  readonly triggerTimestamp: string;
  readonly durationMs: number | null;
  readonly syncDurationMs: number | null;
  readonly stateSize: number | null;
  readonly checkpointedSize: number | null;
  readonly path: string | null;
  readonly failure: string | null;
  readonly operators: readonly { operatorId: string; stateSize: number; checkpointedSize: number }[];
}

export interface CheckpointsView {
  readonly kind: 'StatementCheckpoints';
  readonly statement: string;
  readonly counts: CheckpointCounts;
  readonly latest: {
    readonly completed: CheckpointEntry | null;
    readonly failed: CheckpointEntry | null;
    readonly savepoint: CheckpointEntry | null;
    readonly restored: (Omit<RestoredCheckpoint, 'restoreTimestamp'> & { restoreTimestamp: string }) | null;
  };
  readonly history: readonly CheckpointEntry[];
}

function entry(e: CheckpointEvent | undefined): CheckpointEntry | null {
  if (e === undefined) return null;
  return {
    id: e.id,
    kind: e.kind,
    status: e.status,
    triggerTimestamp: new Date(e.triggerTimestamp).toISOString(),
    durationMs: e.durationMs ?? null,
    syncDurationMs: e.syncDurationMs ?? null,
    stateSize: e.stateSize ?? null,
    checkpointedSize: e.checkpointedSize ?? null,
    path: e.path ?? null,
    failure: e.failure ?? null,
    operators: (e.operators ?? []).map((o) => ({ ...o })),
  };
}

export function checkpointsView(s: StoredStatement, history: CheckpointHistory | undefined): CheckpointsView {
  const restored = history?.latestRestore;
  return {
    kind: 'StatementCheckpoints',
    statement: s.metadata.name,
    counts: history?.counts() ?? { completed: 0, failed: 0, inProgress: 0 },
    latest: {
      completed: entry(history?.latest('checkpoint', 'COMPLETED')),
      failed: entry(history?.latest('checkpoint', 'FAILED')),
      savepoint: entry(history?.latest('savepoint', 'COMPLETED')),
      restored:
        restored === undefined
          ? null
          : { ...restored, restoreTimestamp: new Date(restored.restoreTimestamp).toISOString() },
    },
    history: (history?.history() ?? []).map((e) => entry(e)!),
  };
}

const nullable = (type: string): Record<string, unknown> => ({ type, nullable: true });

const entrySchema: Record<string, unknown> = {
  type: 'object',
  required: ['id', 'kind', 'status', 'triggerTimestamp', 'operators'],
  properties: {
    id: { type: 'integer' },
    kind: { type: 'string', enum: ['checkpoint', 'savepoint'] },
    status: { type: 'string', enum: ['IN_PROGRESS', 'COMPLETED', 'FAILED'] },
    triggerTimestamp: { type: 'string', format: 'date-time' },
    durationMs: nullable('integer'),
    syncDurationMs: nullable('integer'),
    stateSize: nullable('integer'),
    checkpointedSize: nullable('integer'),
    path: nullable('string'),
    failure: nullable('string'),
    operators: {
      type: 'array',
      items: {
        type: 'object',
        required: ['operatorId', 'stateSize', 'checkpointedSize'],
        properties: {
          operatorId: { type: 'string' },
          stateSize: { type: 'integer' },
          checkpointedSize: { type: 'integer' },
        },
      },
    },
  },
};

/** JSON schema (OpenAPI 3.0) of the view. */
export const checkpointsViewSchema: Record<string, unknown> = {
  type: 'object',
  required: ['kind', 'statement', 'counts', 'latest', 'history'],
  properties: {
    kind: { type: 'string', enum: ['StatementCheckpoints'] },
    statement: { type: 'string' },
    counts: {
      type: 'object',
      required: ['completed', 'failed', 'inProgress'],
      properties: {
        completed: { type: 'integer' },
        failed: { type: 'integer' },
        inProgress: { type: 'integer' },
      },
    },
    latest: {
      type: 'object',
      properties: {
        completed: { ...entrySchema, nullable: true },
        failed: { ...entrySchema, nullable: true },
        savepoint: { ...entrySchema, nullable: true },
        restored: {
          type: 'object',
          nullable: true,
          properties: {
            id: { type: 'integer' },
            kind: { type: 'string', enum: ['checkpoint', 'savepoint'] },
            path: { type: 'string' },
            restoreTimestamp: { type: 'string', format: 'date-time' },
          },
        },
      },
    },
    history: { type: 'array', items: entrySchema },
  },
};
