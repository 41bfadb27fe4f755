/**
 * The REST resources, shaped like Confluent Manager for Apache Flink's (`apiVersion`, `kind`,
 * `metadata`, `spec`, `status`), and the gateway's error type.
 */
import { maskSecretProperties, maskSecrets } from './auth/redact.ts';
import type { StatementTraits, WireColumn } from './engine/types.ts';
import type { JsonValue } from './engine/wire.ts';

export const API_VERSION = 'tributary.dev/v1';

export interface Metadata {
  readonly name: string;
  readonly uid: string;
  readonly creationTimestamp: string;
  readonly updateTimestamp: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface EnvironmentResource {
  readonly apiVersion: string;
  readonly kind: 'Environment';
  readonly metadata: Metadata;
  readonly spec: { readonly statementDefaults: { readonly properties: Readonly<Record<string, string>> } };
}

export interface ComputePoolResource {
  readonly apiVersion: string;
  readonly kind: 'ComputePool';
  readonly metadata: Metadata;
  readonly spec: { readonly type: 'SHARED'; readonly maxCfu: number };
  readonly status?: { readonly phase: 'PROVISIONED'; readonly currentCfu: number; readonly workers: number };
}

export const STATEMENT_PHASES = [
  'PENDING',
  'RUNNING',
  'COMPLETED',
  'DEGRADED',
  'STOPPING',
  'STOPPED',
  'FAILING',
  'FAILED',
  'DELETING',
] as const;
export type StatementPhase = (typeof STATEMENT_PHASES)[number];

export interface StatementSpec {
  readonly statement: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly computePoolName: string;
  readonly parallelism: number;
  readonly stopped: boolean;
  /** A savepoint (or retained checkpoint) directory the statement starts from (on creation only). */
  readonly startFromSavepoint?: string;
}

/** A savepoint taken of a statement (stop with savepoint); resuming the statement restores it. */
export interface SavepointRecord {
  readonly path: string;
  readonly checkpointId: number;
  readonly timestamp: string;
}

export interface StatementStatus {
  readonly phase: StatementPhase;
  readonly detail: string;
  readonly traits?: StatementTraits;
  readonly restarts: number;
  /** When the statement last started running (uptime is measured from here). */
  readonly startTime?: string;
  /** The latest savepoint of the statement. */
  readonly latestSavepoint?: SavepointRecord;
}

export interface StatementException {
  readonly name: string;
  readonly message: string;
  readonly timestamp: string;
  readonly sqlError?: Readonly<Record<string, unknown>>;
}

export interface StatementResource {
  readonly apiVersion: string;
  readonly kind: 'Statement';
  readonly metadata: Metadata;
  readonly spec: StatementSpec;
  readonly status: StatementStatus;
}

/** What is stored per statement besides the resource itself. */
export interface StoredStatement extends StatementResource {
  readonly internal: {
    readonly owner?: string;
    readonly exceptions: readonly StatementException[];
    /**
     * The savepoint or checkpoint the current run started from (none: the sources' start-up
     * offsets); a restart uses it until the run has a newer checkpoint.
     */
    readonly restorePoint?: { readonly path: string; readonly checkpointId: number };
    /** Result rows of a statement that completed while being prepared (DDL, SHOW, ...). */
    readonly result?: {
      readonly columns: readonly WireColumn[];
      readonly data: readonly { op: number; row: JsonValue[] }[];
    };
  };
}

/**
 * A statement as the API shows it: without the server's bookkeeping, and with the credentials its
 * SQL or properties quote (`'properties.sasl.jaas.config' = '…'`) masked — any key that may read
 * statements would otherwise read them. PUT accepts the masked text back as unchanged.
 */
export function publicStatement(s: StoredStatement): StatementResource {
  const { internal: _internal, ...resource } = s;
  return {
    ...resource,
    spec: {
      ...resource.spec,
      statement: maskSecrets(s.spec.statement),
      properties: maskSecretProperties(s.spec.properties),
    },
  };
}

export function newMetadata(name: string, labels?: Readonly<Record<string, string>>): Metadata {
  const now = new Date().toISOString();
  return {
    name,
    uid: crypto.randomUUID(),
    creationTimestamp: now,
    updateTimestamp: now,
    ...(labels ? { labels } : {}),
  };
}

export const touched = (m: Metadata): Metadata => ({ ...m, updateTimestamp: new Date().toISOString() });

/** An error answered with a JSON body `{ error, code, message, ...details }`. */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'GatewayError';
  }

  toJSON(): Record<string, unknown> {
    return { error: this.name, code: this.code, message: this.message, ...this.details };
  }
}

export const notFound = (what: string, name: string): GatewayError =>
  new GatewayError(404, 'NOT_FOUND', `${what} '${name}' does not exist`);
export const conflict = (message: string): GatewayError => new GatewayError(409, 'CONFLICT', message);
export const badRequest = (message: string): GatewayError => new GatewayError(400, 'BAD_REQUEST', message);
