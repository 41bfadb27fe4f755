/**
 * Top-level statements: queries, DML (INSERT, statement sets, EXECUTE), utility statements (SHOW,
 * DESCRIBE, SET, RESET, EXPLAIN, STOP JOB, LOAD/UNLOAD MODULE, USE) and the DDL dispatch; plus the
 * entry rules used by the public API.
 */
import type {
  DataType,
  ExplainDetail,
  Expr,
  Identifier,
  Insert,
  PartitionSpecEntry,
  Statement,
} from '../ast.ts';
import * as T from '../tokens.ts';
import { alt, gated, separated } from './base.ts';
import { UtilityParser } from './utility.ts';

const K = T.K;

type TableElement = ReturnType<UtilityParser['tableElement']>;

export class FlinkSqlParser extends UtilityParser {
  /** See ParserBase: `validateGrammar` is for the grammar test. */
  constructor(validateGrammar = false) {
    super(validateGrammar);
    this.performSelfAnalysis();
  }

  /** One statement, an optional `;`, end of input. */
  public singleStatement = this.RULE('singleStatement', (): Statement => {
    const stmt = this.SUBRULE(this.statement);
    this.OPTION(() => this.CONSUME(T.Semicolon));
    return stmt;
  });

  public singleExpression = this.RULE('singleExpression', (): Expr => this.SUBRULE(this.expression));
  public singleDataType = this.RULE('singleDataType', (): DataType => this.SUBRULE(this.dataType));
  public singleTableElement = this.RULE(
    'singleTableElement',
    (): TableElement => this.SUBRULE(this.tableElement),
  );

  public statement = this.RULE('statement', (): Statement => {
    return this.OR([
      alt(() => this.SUBRULE(this.queryStatement)),
      alt(() => this.SUBRULE(this.insertStatement)),
      alt(() => this.SUBRULE(this.createStatement)),
      alt(() => this.SUBRULE(this.dropStatement)),
      alt(() => this.SUBRULE(this.alterStatement)),
      alt(() => this.SUBRULE(this.useStatement)),
      alt(() => this.SUBRULE(this.showStatement)),
      alt(() => this.SUBRULE(this.describeStatement)),
      alt(() => this.SUBRULE(this.setStatement)),
      alt(() => this.SUBRULE(this.resetStatement)),
      alt(() => this.SUBRULE(this.explainStatement)),
      alt(() => this.SUBRULE(this.stopJobStatement)),
      alt(() => this.SUBRULE(this.moduleStatement)),
      alt(() => this.SUBRULE(this.jarStatement)),
      alt(() => this.SUBRULE(this.truncateStatement)),
      alt(() => this.SUBRULE(this.executeStatement)),
      alt(() => this.SUBRULE(this.beginStatementSet)),
    ]);
  });

  private queryStatement = this.RULE('queryStatement', (): Statement => {
    const start = this.LA(1);
    const query = this.SUBRULE(this.query);
    return this.ACTION((): Statement => ({ kind: 'QueryStatement', query, span: this.spanFrom(start) }));
  });

  public insertStatement = this.RULE('insertStatement', (): Insert => {
    const start = this.CONSUME(K.INSERT);
    const overwrite = this.OR([
      alt(() => {
        this.CONSUME(K.INTO);
        return false;
      }),
      alt(() => {
        this.CONSUME(K.OVERWRITE);
        return true;
      }),
    ]);
    const target = this.SUBRULE(this.qualifiedName);
    let hints: ReturnType<UtilityParser['hintList']> = [];
    const partition: PartitionSpecEntry[] = [];
    let columns: Identifier[] = [];
    this.OPTION(() => {
      hints = this.SUBRULE(this.hintList);
    });
    this.OPTION2(() => {
      this.CONSUME(K.PARTITION);
      this.CONSUME(T.LParen);
      this.AT_LEAST_ONE_SEP(separated(T.Comma, () => partition.push(this.SUBRULE(this.partitionEntry))));
      this.CONSUME(T.RParen);
    });
    this.OPTION3(
      gated(
        () => !new Set([K.SELECT, K.WITH, K.VALUES]).has(this.LA(2).tokenType),
        () => {
          columns = this.SUBRULE(this.identifierList);
        },
      ),
    );
    const query = this.SUBRULE(this.query);
    return this.ACTION(() => ({
      kind: 'Insert',
      target,
      hints,
      overwrite,
      partition,
      columns,
      query,
      span: this.spanFrom(start),
    }));
  });

  /** `EXECUTE STATEMENT SET BEGIN ...; END`, `EXECUTE INSERT ...`, `EXECUTE SELECT ...`. */
  private executeStatement = this.RULE('executeStatement', (): Statement => {
    const start = this.CONSUME(K.EXECUTE);
    return this.OR([
      alt(() => {
        this.CONSUME(K.STATEMENT);
        this.CONSUME(K.SET);
        this.CONSUME(K.BEGIN);
        const statements = this.SUBRULE(this.statementSetBody);
        return this.ACTION(
          (): Statement => ({
            kind: 'StatementSet',
            syntax: 'EXECUTE',
            statements,
            span: this.spanFrom(start),
          }),
        );
      }),
      alt(() => {
        const statement = this.SUBRULE(this.insertStatement);
        return this.ACTION(
          (): Statement => ({ kind: 'ExecuteStatement', statement, span: this.spanFrom(start) }),
        );
      }),
      alt(() => {
        const qs = this.SUBRULE(this.queryStatement);
        return this.ACTION((): Statement => {
          if (qs.kind !== 'QueryStatement') throw new Error('unreachable');
          return { kind: 'ExecuteStatement', statement: qs, span: this.spanFrom(start) };
        });
      }),
    ]);
  });

  /** The SQL-client form `BEGIN STATEMENT SET; INSERT ...; END`. */
  private beginStatementSet = this.RULE('beginStatementSet', (): Statement => {
    const start = this.CONSUME(K.BEGIN);
    this.CONSUME(K.STATEMENT);
    this.CONSUME(K.SET);
    this.CONSUME(T.Semicolon);
    const statements = this.SUBRULE(this.statementSetBody);
    return this.ACTION(
      (): Statement => ({ kind: 'StatementSet', syntax: 'BEGIN', statements, span: this.spanFrom(start) }),
    );
  });

  /** `INSERT ...; INSERT ...; END` */
  private statementSetBody = this.RULE('statementSetBody', (): Insert[] => {
    const inserts: Insert[] = [];
    this.AT_LEAST_ONE(() => {
      inserts.push(this.SUBRULE(this.insertStatement));
      this.CONSUME(T.Semicolon);
    });
    this.CONSUME(K.END);
    return inserts;
  });

  private explainStatement = this.RULE('explainStatement', (): Statement => {
    const start = this.CONSUME(K.EXPLAIN);
    let planFor = false;
    const details: ExplainDetail[] = [];
    this.OPTION(() => {
      this.OR([
        alt(() => {
          this.CONSUME(K.PLAN);
          this.CONSUME(K.FOR);
          planFor = true;
        }),
        alt(() => {
          this.CONSUME(K.ANALYZE);
          this.ACTION(() => details.push('ANALYZE'));
        }),
        alt(() =>
          this.AT_LEAST_ONE_SEP(
            separated(T.Comma, () => {
              const tok = this.OR2([
                alt(() => this.CONSUME(K.ESTIMATED_COST)),
                alt(() => this.CONSUME(K.CHANGELOG_MODE)),
                alt(() => this.CONSUME(K.JSON_EXECUTION_PLAN)),
                alt(() => this.CONSUME(K.PLAN_ADVICE)),
              ]);
              this.ACTION(() => details.push(tok.image.toUpperCase() as ExplainDetail));
            }),
          ),
        ),
      ]);
    });
    const statementTok = this.LA(1);
    const statement = this.OR3([
      alt(() => this.SUBRULE(this.queryStatement)),
      alt(() => this.SUBRULE(this.insertStatement)),
      alt(() => this.SUBRULE(this.executeStatement)),
      alt(() => this.SUBRULE(this.beginStatementSet)),
      alt(() => this.SUBRULE(this.createStatement)),
      alt(() => {
        const setStart = this.CONSUME(K.STATEMENT);
        this.CONSUME(K.SET);
        this.CONSUME(K.BEGIN);
        const statements = this.SUBRULE(this.statementSetBody);
        return this.ACTION(
          (): Statement => ({
            kind: 'StatementSet',
            syntax: 'EXECUTE',
            statements,
            span: this.spanFrom(setStart),
          }),
        );
      }),
    ]);
    return this.ACTION((): Statement => {
      const inner = statement.kind === 'ExecuteStatement' ? statement.statement : statement;
      if (
        inner.kind !== 'QueryStatement' &&
        inner.kind !== 'Insert' &&
        inner.kind !== 'StatementSet' &&
        !(inner.kind === 'CreateTable' && inner.asQuery !== undefined)
      ) {
        this.fail(
          statementTok,
          'EXPLAIN takes a query, an INSERT, a statement set or CREATE TABLE ... AS SELECT',
        );
      }
      return { kind: 'Explain', details, planFor, statement: inner, span: this.spanFrom(start) };
    });
  });
}
