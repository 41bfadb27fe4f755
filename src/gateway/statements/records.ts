/** Stored statements: reads, status changes and exceptions, each written through to SQLite. */
import type { Logger } from 'pino';
import {
  notFound,
  type StatementException,
  type StatementStatus,
  type StoredStatement,
  touched,
} from '../resources.ts';
import type { StatementTable } from '../store/repositories.ts';

const MAX_EXCEPTIONS = 10;

export class StatementRecords {
  constructor(
    readonly table: StatementTable<StoredStatement>,
    private readonly logger: Logger,
  ) {}

  find(env: string, name: string): StoredStatement | undefined {
    return this.table.get(env, name);
  }

  /** The statement, or a 404. */
  get(env: string, name: string): StoredStatement {
    const s = this.table.get(env, name);
    if (s === undefined) throw notFound('Statement', `${env}/${name}`);
    return s;
  }

  save(env: string, s: StoredStatement): StoredStatement {
    this.table.put(env, s);
    return s;
  }

  setStatus(
    env: string,
    name: string,
    patch: Partial<StatementStatus>,
    extra?: Partial<StoredStatement['internal']>,
  ): StoredStatement | undefined {
    const s = this.table.get(env, name);
    if (s === undefined) return undefined;
    const next: StoredStatement = {
      ...s,
      metadata: touched(s.metadata),
      status: { ...s.status, ...patch },
      internal: { ...s.internal, ...extra },
    };
    if (patch.phase !== undefined && patch.phase !== s.status.phase)
      this.logger.info({ statement: `${env}/${name}`, phase: patch.phase }, 'statement phase');
    return this.save(env, next);
  }

  addException(env: string, name: string, e: StatementException): void {
    const s = this.table.get(env, name);
    if (s === undefined) return;
    this.setStatus(env, name, {}, { exceptions: [e, ...s.internal.exceptions].slice(0, MAX_EXCEPTIONS) });
  }
}
