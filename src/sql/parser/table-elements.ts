/**
 * The elements of CREATE TABLE's column list (columns, computed and metadata columns, WATERMARK,
 * PRIMARY KEY ... NOT ENFORCED) and the DISTRIBUTED BY clause.
 */
import type { IToken } from 'chevrotain';
import type { ColumnDef, DistributionDef, Identifier, PrimaryKeyDef, WatermarkDef } from '../ast.ts';
import * as T from '../tokens.ts';
import { alt, gatedAlt } from './base.ts';
import { TableParser } from './tables.ts';

const K = T.K;

export type TableElement = ColumnDef | WatermarkDef | PrimaryKeyDef;

export abstract class TableElementParser extends TableParser {
  /** A column, WATERMARK or PRIMARY KEY inside CREATE TABLE's parentheses. */
  public tableElement = this.RULE('tableElement', (): TableElement => {
    return this.OR([
      alt(() => this.SUBRULE(this.watermarkDefinition)),
      alt(() => this.SUBRULE(this.primaryKeyConstraint)),
      alt(() => this.SUBRULE(this.columnDefinition)),
    ]);
  });

  public watermarkDefinition = this.RULE('watermarkDefinition', (): WatermarkDef => {
    const start = this.CONSUME(K.WATERMARK);
    this.CONSUME(K.FOR);
    const column = this.SUBRULE(this.identifier);
    this.CONSUME(K.AS);
    const expr = this.SUBRULE(this.expression);
    return this.ACTION(() => ({ kind: 'WatermarkDef', column, expr, span: this.spanFrom(start) }));
  });

  /** `NOT ENFORCED`, which Flink requires after every PRIMARY KEY. */
  private notEnforced = this.RULE('notEnforced', (primaryTok: IToken): void => {
    const next = this.LA(1);
    this.OR([
      alt(() => {
        this.CONSUME(K.NOT);
        this.CONSUME(K.ENFORCED);
      }),
      gatedAlt(
        () => next.tokenType !== K.NOT,
        () =>
          this.ACTION(() =>
            this.fail(
              primaryTok,
              'Flink does not enforce primary keys: write PRIMARY KEY (...) NOT ENFORCED',
              'add NOT ENFORCED after the key columns',
            ),
          ),
      ),
    ]);
  });

  public primaryKeyConstraint = this.RULE('primaryKeyConstraint', (): PrimaryKeyDef => {
    const start = this.LA(1);
    let constraintName: Identifier | undefined;
    this.OPTION(() => {
      this.CONSUME(K.CONSTRAINT);
      constraintName = this.SUBRULE(this.identifier);
    });
    const primaryTok = this.CONSUME(K.PRIMARY);
    this.CONSUME(K.KEY);
    const columns = this.SUBRULE(this.identifierList);
    this.SUBRULE(this.notEnforced, { ARGS: [primaryTok] });
    return this.ACTION(() => ({
      kind: 'PrimaryKeyDef',
      ...(constraintName === undefined ? {} : { constraintName }),
      columns,
      span: this.spanFrom(start),
    }));
  });

  public columnDefinition = this.RULE('columnDefinition', (): ColumnDef => {
    const start = this.LA(1);
    const name = this.SUBRULE(this.identifier);
    let comment: string | undefined;
    const withComment = () => (comment === undefined ? {} : { comment });
    return this.OR([
      alt(() => {
        this.CONSUME(K.AS);
        const expr = this.SUBRULE(this.expression);
        this.OPTION(() => {
          comment = this.SUBRULE(this.commentClause);
        });
        return this.ACTION(
          (): ColumnDef => ({
            kind: 'ComputedColumn',
            name,
            expr,
            ...withComment(),
            span: this.spanFrom(start),
          }),
        );
      }),
      alt(() => {
        const type = this.SUBRULE(this.dataType);
        return this.OR2([
          alt(() => {
            this.CONSUME(K.METADATA);
            let from: string | undefined;
            let virtual = false;
            this.OPTION2(() => {
              this.CONSUME(K.FROM);
              from = this.SUBRULE(this.stringValue);
            });
            this.OPTION3(() => {
              this.CONSUME(K.VIRTUAL);
              virtual = true;
            });
            this.OPTION4(() => {
              comment = this.SUBRULE2(this.commentClause);
            });
            return this.ACTION(
              (): ColumnDef => ({
                kind: 'MetadataColumn',
                name,
                type,
                ...(from === undefined ? {} : { from }),
                virtual,
                ...withComment(),
                span: this.spanFrom(start),
              }),
            );
          }),
          alt(() => {
            let primaryKey = false;
            this.OPTION5(() => {
              this.OPTION6(() => {
                this.CONSUME(K.CONSTRAINT);
                this.SUBRULE2(this.identifier);
              });
              const primaryTok = this.CONSUME(K.PRIMARY);
              this.CONSUME(K.KEY);
              this.SUBRULE(this.notEnforced, { ARGS: [primaryTok] });
              primaryKey = true;
            });
            this.OPTION7(() => {
              comment = this.SUBRULE3(this.commentClause);
            });
            return this.ACTION(
              (): ColumnDef => ({
                kind: 'PhysicalColumn',
                name,
                type,
                ...withComment(),
                primaryKey,
                span: this.spanFrom(start),
              }),
            );
          }),
        ]);
      }),
    ]);
  });

  /** `DISTRIBUTED BY [HASH|RANGE](cols) [INTO n BUCKETS]`, `DISTRIBUTED INTO n BUCKETS` (DISTRIBUTION in ALTER). */
  public distribution = this.RULE('distribution', (): DistributionDef => {
    const start = this.OR([alt(() => this.CONSUME(K.DISTRIBUTED)), alt(() => this.CONSUME(K.DISTRIBUTION))]);
    let algorithm: 'HASH' | 'RANGE' | undefined;
    let columns: Identifier[] = [];
    let buckets: number | undefined;
    this.OR2([
      alt(() => {
        this.CONSUME(K.BY);
        this.OPTION(() => {
          algorithm = this.OR3([
            alt(() => {
              this.CONSUME(K.HASH);
              return 'HASH' as const;
            }),
            alt(() => {
              this.CONSUME(K.RANGE);
              return 'RANGE' as const;
            }),
          ]);
        });
        columns = this.SUBRULE(this.identifierList);
        this.OPTION2(() => {
          buckets = this.SUBRULE(this.bucketCount);
        });
      }),
      alt(() => (buckets = this.SUBRULE2(this.bucketCount))),
    ]);
    return this.ACTION(() => ({
      kind: 'DistributionDef',
      ...(algorithm === undefined ? {} : { algorithm }),
      columns,
      ...(buckets === undefined ? {} : { buckets }),
      span: this.spanFrom(start),
    }));
  });

  private bucketCount = this.RULE('bucketCount', (): number => {
    this.CONSUME(K.INTO);
    const n = this.SUBRULE(this.integerValue);
    this.CONSUME(K.BUCKETS);
    return n;
  });
}
