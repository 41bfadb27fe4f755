/** Test helpers: a session (CatalogManager + binder) that runs SQL scripts against memory catalogs. */
import { CatalogManager } from '../../src/catalog/catalog-manager.ts';
import { type BoundStatement, bindStatement, explainLogical } from '../../src/planner/index.ts';
import type { LogicalPlan } from '../../src/planner/logical/nodes.ts';
import { SqlError } from '../../src/sql/errors.ts';
import { parseScript, parseStatement } from '../../src/sql/index.ts';

export class Session {
  readonly catalogs = new CatalogManager();
  readonly config = new Map<string, string>();

  bind(sql: string): BoundStatement {
    return bindStatement(parseStatement(sql), { catalogs: this.catalogs, config: this.config });
  }

  /** Binds and applies catalog actions (CREATE TABLE, USE ...); returns the bound statement. */
  async run(sql: string): Promise<BoundStatement> {
    const bound = this.bind(sql);
    await this.apply(bound);
    return bound;
  }

  async apply(bound: BoundStatement): Promise<void> {
    if (bound.kind === 'CatalogAction') await this.catalogs.apply(bound.action);
    if (bound.kind === 'CreateTableAs') await this.catalogs.apply(bound.action);
    if (bound.kind === 'Set' && bound.key !== undefined) this.config.set(bound.key, bound.value ?? '');
  }

  async script(sql: string): Promise<void> {
    const { statements, errors } = parseScript(sql);
    if (errors.length > 0) throw errors[0];
    for (const s of statements)
      await this.apply(bindStatement(s, { catalogs: this.catalogs, config: this.config }));
  }

  plan(sql: string): LogicalPlan {
    const b = this.bind(sql);
    if (b.kind === 'Query') return b.plan;
    if (b.kind === 'Insert') return b.sink;
    if (b.kind === 'CreateTableAs') return b.sink;
    throw new Error(`not a query: ${b.kind}`);
  }

  explain(sql: string): string {
    return explainLogical(this.plan(sql));
  }

  /** The SqlError binding `sql` throws (fails the test when it binds). */
  error(sql: string): SqlError {
    try {
      this.bind(sql);
    } catch (e) {
      if (e instanceof SqlError) return e;
      throw e;
    }
    throw new Error(`expected a validation error for: ${sql}`);
  }
}

export const ORDERS_DDL = `
CREATE TABLE orders (
  order_id    BIGINT,
  customer_id BIGINT,
  product     STRING,
  amount      DECIMAL(10, 2),
  currency    STRING,
  order_time  TIMESTAMP(3),
  proc AS PROCTIME(),
  WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
) WITH ('connector' = 'datagen');
CREATE TABLE customers (
  id   BIGINT,
  name STRING,
  city STRING,
  PRIMARY KEY (id) NOT ENFORCED
) WITH ('connector' = 'datagen');
CREATE TABLE plain (a INT, b STRING, c DOUBLE, ts TIMESTAMP(3), tags ARRAY<STRING>, r ROW<x INT, y STRING>)
  WITH ('connector' = 'datagen');
`;

export async function ordersSession(): Promise<Session> {
  const s = new Session();
  await s.script(ORDERS_DDL);
  return s;
}
