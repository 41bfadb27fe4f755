/** ALTER TABLE / VIEW / DATABASE / FUNCTION / CATALOG. */

import type { IToken } from 'chevrotain';
import type {
  AlterTableAction,
  ColumnPosition,
  Identifier,
  PartitionSpec,
  PartitionSpecEntry,
  Property,
  QualifiedName,
  Query,
  SchemaChangeItem,
  Statement,
} from '../ast.ts';
import * as T from '../tokens.ts';
import { alt, gatedAlt, separated, tokenSpan } from './base.ts';
import { DdlParser } from './ddl.ts';

const K = T.K;

export abstract class AlterParser extends DdlParser {
  public alterStatement = this.RULE('alterStatement', (): Statement => {
    const start = this.CONSUME(K.ALTER);
    return this.OR([
      alt(() => {
        this.CONSUME(K.TABLE);
        let ifExists = false;
        this.OPTION(() => {
          ifExists = this.SUBRULE(this.ifExists);
        });
        const name = this.SUBRULE(this.qualifiedName);
        const action = this.SUBRULE(this.alterTableAction);
        return this.ACTION(
          (): Statement => ({ kind: 'AlterTable', name, ifExists, action, span: this.spanFrom(start) }),
        );
      }),
      alt(() => {
        this.CONSUME(K.VIEW);
        const name = this.SUBRULE2(this.qualifiedName);
        let renameTo: QualifiedName | undefined;
        let query: Query | undefined;
        this.OR2([
          alt(() => {
            this.CONSUME(K.RENAME);
            this.CONSUME(K.TO);
            renameTo = this.SUBRULE3(this.qualifiedName);
          }),
          alt(() => {
            this.CONSUME(K.AS);
            return (query = this.SUBRULE(this.query));
          }),
        ]);
        return this.ACTION(
          (): Statement => ({
            kind: 'AlterView',
            name,
            ...(renameTo === undefined ? {} : { renameTo }),
            ...(query === undefined ? {} : { query }),
            span: this.spanFrom(start),
          }),
        );
      }),
      alt(() => {
        this.CONSUME(K.DATABASE);
        const name = this.SUBRULE4(this.qualifiedName);
        this.CONSUME(K.SET);
        const options = this.SUBRULE(this.propertyList);
        return this.ACTION(
          (): Statement => ({ kind: 'AlterDatabase', name, options, span: this.spanFrom(start) }),
        );
      }),
      alt(() => this.SUBRULE(this.alterFunctionBody, { ARGS: [start] })),
      alt(() => this.SUBRULE(this.alterCatalogBody, { ARGS: [start] })),
    ]);
  });

  protected alterTableAction = this.RULE('alterTableAction', (): AlterTableAction => {
    const start = this.LA(1);
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        gatedAlt(
          () => this.LA(2).tokenType === K.PARTITION || this.LA(2).tokenType === K.IF,
          () => this.SUBRULE(this.alterPartitionsAction),
        ),
        alt(() => {
          this.CONSUME(K.RENAME);
          return this.OR2([
            alt(() => {
              this.CONSUME(K.TO);
              const newName = this.SUBRULE(this.qualifiedName);
              return this.ACTION(
                (): AlterTableAction => ({
                  kind: 'AlterRenameTable',
                  newName,
                  span: this.spanFrom(start),
                }),
              );
            }),
            alt(() => {
              const from = this.SUBRULE(this.identifier);
              this.CONSUME2(K.TO);
              const to = this.SUBRULE2(this.identifier);
              return this.ACTION(
                (): AlterTableAction => ({
                  kind: 'AlterRenameColumn',
                  from,
                  to,
                  span: this.spanFrom(start),
                }),
              );
            }),
          ]);
        }),
        alt(() => {
          this.CONSUME(K.SET);
          const options = this.SUBRULE(this.propertyList);
          return this.ACTION(
            (): AlterTableAction => ({ kind: 'AlterSetOptions', options, span: this.spanFrom(start) }),
          );
        }),
        alt(() => {
          this.CONSUME(K.RESET);
          const keys: string[] = [];
          this.CONSUME(T.LParen);
          this.MANY_SEP(separated(T.Comma, () => keys.push(this.SUBRULE(this.stringValue))));
          this.CONSUME(T.RParen);
          return this.ACTION(
            (): AlterTableAction => ({ kind: 'AlterResetOptions', keys, span: this.spanFrom(start) }),
          );
        }),
        alt(() => this.SUBRULE(this.alterSchemaAction)),
        alt(() => this.SUBRULE(this.alterDropAction)),
      ],
    });
  });

  protected alterSchemaAction = this.RULE('alterSchemaAction', (): AlterTableAction => {
    const start = this.LA(1);
    const mode = this.OR([
      alt(() => {
        this.CONSUME(K.ADD);
        return 'ADD' as const;
      }),
      alt(() => {
        this.CONSUME(K.MODIFY);
        return 'MODIFY' as const;
      }),
    ]);
    const items: SchemaChangeItem[] = [];
    let parenthesized = false;
    this.OR2([
      alt(() => {
        this.CONSUME(T.LParen);
        parenthesized = true;
        this.AT_LEAST_ONE_SEP(separated(T.Comma, () => items.push(this.SUBRULE(this.schemaChangeItem))));
        this.CONSUME(T.RParen);
      }),
      alt(() => items.push(this.SUBRULE2(this.schemaChangeItem))),
    ]);
    return this.ACTION(() => ({
      kind: 'AlterSchemaAction',
      mode,
      items,
      parenthesized,
      span: this.spanFrom(start),
    }));
  });

  protected schemaChangeItem = this.RULE('schemaChangeItem', (): SchemaChangeItem => {
    const start = this.LA(1);
    return this.OR([
      alt(() => this.SUBRULE(this.watermarkDefinition)),
      alt(() => this.SUBRULE(this.primaryKeyConstraint)),
      alt(() => this.SUBRULE(this.distribution)),
      alt(() => {
        const column = this.SUBRULE(this.columnDefinition);
        let position: ColumnPosition | undefined;
        this.OPTION(() => {
          const posTok = this.LA(1);
          position = this.OR2([
            alt(() => {
              this.CONSUME(K.FIRST);
              return this.ACTION(
                (): ColumnPosition => ({
                  kind: 'ColumnPosition',
                  position: 'FIRST',
                  span: tokenSpan(posTok),
                }),
              );
            }),
            alt(() => {
              this.CONSUME(K.AFTER);
              const after = this.SUBRULE(this.identifier);
              return this.ACTION(
                (): ColumnPosition => ({
                  kind: 'ColumnPosition',
                  position: 'AFTER',
                  after,
                  span: this.spanFrom(posTok),
                }),
              );
            }),
          ]);
        });
        return this.ACTION(
          (): SchemaChangeItem => ({
            kind: 'SchemaColumnChange',
            column,
            ...(position === undefined ? {} : { position }),
            span: this.spanFrom(start),
          }),
        );
      }),
    ]);
  });

  protected alterDropAction = this.RULE('alterDropAction', (): AlterTableAction => {
    const start = this.CONSUME(K.DROP);
    let names: Identifier[] = [];
    const what = this.OR([
      alt(() => {
        this.CONSUME(K.PRIMARY);
        this.CONSUME(K.KEY);
        return 'PRIMARY KEY' as const;
      }),
      alt(() => {
        this.CONSUME(K.WATERMARK);
        return 'WATERMARK' as const;
      }),
      alt(() => {
        this.CONSUME(K.DISTRIBUTION);
        return 'DISTRIBUTION' as const;
      }),
      alt(() => {
        this.CONSUME(K.CONSTRAINT);
        names = [this.SUBRULE(this.identifier)];
        return 'CONSTRAINT' as const;
      }),
      alt(() => {
        names = this.SUBRULE(this.identifierList);
        return 'COLUMNS' as const;
      }),
      alt(() => {
        names = [this.SUBRULE2(this.identifier)];
        return 'COLUMNS' as const;
      }),
    ]);
    return this.ACTION(() => ({ kind: 'AlterDropAction', what, names, span: this.spanFrom(start) }));
  });

  /** `ADD [IF NOT EXISTS] PARTITION (...) [WITH (...)] ...` / `DROP [IF EXISTS] PARTITION (...), ...`. */
  protected alterPartitionsAction = this.RULE('alterPartitionsAction', (): AlterTableAction => {
    const start = this.LA(1);
    let ifCondition = false;
    const partitions: PartitionSpec[] = [];
    const mode = this.OR([
      alt(() => {
        this.CONSUME(K.ADD);
        this.OPTION(() => (ifCondition = this.SUBRULE(this.ifNotExists)));
        this.AT_LEAST_ONE(() => partitions.push(this.SUBRULE(this.partitionSpec)));
        return 'ADD' as const;
      }),
      alt(() => {
        this.CONSUME(K.DROP);
        this.OPTION2(() => (ifCondition = this.SUBRULE(this.ifExists)));
        this.AT_LEAST_ONE_SEP(separated(T.Comma, () => partitions.push(this.SUBRULE2(this.partitionSpec))));
        return 'DROP' as const;
      }),
    ]);
    return this.ACTION(() => ({
      kind: 'AlterPartitionsAction',
      mode,
      ifCondition,
      partitions,
      span: this.spanFrom(start),
    }));
  });

  protected partitionSpec = this.RULE('partitionSpec', (): PartitionSpec => {
    const start = this.CONSUME(K.PARTITION);
    const entries: PartitionSpecEntry[] = [];
    let options: Property[] = [];
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP(
      separated(T.Comma, () => {
        const entryStart = this.LA(1);
        const column = this.SUBRULE(this.identifier);
        this.CONSUME(T.Equals);
        const value = this.SUBRULE(this.literal);
        this.ACTION(() =>
          entries.push({ kind: 'PartitionSpecEntry', column, value, span: this.spanFrom(entryStart) }),
        );
      }),
    );
    this.CONSUME(T.RParen);
    this.OPTION(() => {
      this.CONSUME(K.WITH);
      options = this.SUBRULE(this.propertyList);
    });
    return this.ACTION(() => ({ kind: 'PartitionSpec', entries, options, span: this.spanFrom(start) }));
  });

  /** `[TEMPORARY [SYSTEM]] FUNCTION [IF EXISTS] f AS 'class' [LANGUAGE JAVA|SCALA|PYTHON]` after ALTER. */
  protected alterFunctionBody = this.RULE('alterFunctionBody', (start: IToken): Statement => {
    let temporary = false;
    let system = false;
    let ifExists = false;
    let language: 'JAVA' | 'SCALA' | 'PYTHON' | undefined;
    this.OPTION(() => {
      this.CONSUME(K.TEMPORARY);
      temporary = true;
      this.OPTION2(() => {
        this.CONSUME(K.SYSTEM);
        system = true;
      });
    });
    this.CONSUME(K.FUNCTION);
    this.OPTION3(() => {
      ifExists = this.SUBRULE(this.ifExists);
    });
    const name = this.SUBRULE(this.qualifiedName);
    this.CONSUME(K.AS);
    const className = this.SUBRULE(this.stringValue);
    this.OPTION4(() => {
      this.CONSUME(K.LANGUAGE);
      language = this.OR([
        alt(() => {
          this.CONSUME(K.JAVA);
          return 'JAVA' as const;
        }),
        alt(() => {
          this.CONSUME(K.SCALA);
          return 'SCALA' as const;
        }),
        alt(() => {
          this.CONSUME(K.PYTHON);
          return 'PYTHON' as const;
        }),
      ]);
    });
    return this.ACTION(
      (): Statement => ({
        kind: 'AlterFunction',
        name,
        temporary,
        system,
        ifExists,
        className,
        ...(language === undefined ? {} : { language }),
        span: this.spanFrom(start),
      }),
    );
  });

  /** `CATALOG c SET (...) | RESET (...) | COMMENT '...'` after ALTER. */
  protected alterCatalogBody = this.RULE('alterCatalogBody', (start: IToken): Statement => {
    this.CONSUME(K.CATALOG);
    const name = this.SUBRULE(this.identifier);
    const change = this.OR([
      alt(() => {
        this.CONSUME(K.SET);
        return { set: this.SUBRULE(this.propertyList) };
      }),
      alt(() => {
        this.CONSUME(K.RESET);
        const keys: string[] = [];
        this.CONSUME(T.LParen);
        this.MANY_SEP(separated(T.Comma, () => keys.push(this.SUBRULE(this.stringValue))));
        this.CONSUME(T.RParen);
        return { reset: keys };
      }),
      alt(() => ({ comment: this.SUBRULE(this.commentClause) })),
    ]);
    return this.ACTION(
      (): Statement => ({ kind: 'AlterCatalog', name, ...change, span: this.spanFrom(start) }),
    );
  });
}
