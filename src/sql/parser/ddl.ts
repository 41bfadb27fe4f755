/** DDL: CREATE / DROP / ALTER of tables, views, databases, catalogs and functions; USE. */
import type { IToken } from 'chevrotain';
import type {
  ColumnDef,
  DistributionDef,
  Identifier,
  LikeClause,
  LikeOption,
  PrimaryKeyDef,
  Property,
  Query,
  Statement,
  WatermarkDef,
} from '../ast.ts';
import * as T from '../tokens.ts';
import { alt, separated } from './base.ts';
import { type TableElement, TableElementParser } from './table-elements.ts';

const K = T.K;

export abstract class DdlParser extends TableElementParser {
  /** `CREATE [OR REPLACE] [TEMPORARY [SYSTEM]] TABLE | VIEW | FUNCTION | CATALOG | DATABASE ...`. */
  public createStatement = this.RULE('createStatement', (): Statement => {
    const start = this.CONSUME(K.CREATE);
    let orReplace = false;
    let temporary = false;
    let system = false;
    this.OPTION(() => {
      this.CONSUME(K.OR);
      this.CONSUME(K.REPLACE);
      orReplace = true;
    });
    this.OPTION2(() => {
      this.CONSUME(K.TEMPORARY);
      temporary = true;
      this.OPTION3(() => {
        this.CONSUME(K.SYSTEM);
        system = true;
      });
    });
    const objectTok = this.LA(1);
    const stmt = this.OR([
      alt(() => this.SUBRULE(this.createTableBody, { ARGS: [start, temporary, orReplace] })),
      alt(() => this.SUBRULE(this.createViewBody, { ARGS: [start, temporary] })),
      alt(() => this.SUBRULE(this.createFunctionBody, { ARGS: [start, temporary, system] })),
      alt(() => this.SUBRULE(this.createCatalogBody, { ARGS: [start] })),
      alt(() => this.SUBRULE(this.createDatabaseBody, { ARGS: [start] })),
    ]);
    this.ACTION(() => {
      const what = objectTok.image.toUpperCase();
      if (orReplace && stmt.kind !== 'CreateTable')
        this.fail(objectTok, `CREATE OR REPLACE is not supported for ${what}`);
      if (system && stmt.kind !== 'CreateFunction')
        this.fail(objectTok, `SYSTEM applies only to TEMPORARY FUNCTION, not ${what}`);
      if (temporary && (stmt.kind === 'CreateCatalog' || stmt.kind === 'CreateDatabase')) {
        this.fail(objectTok, `A ${what.toLowerCase()} cannot be TEMPORARY`);
      }
    });
    return stmt;
  });

  private createTableBody = this.RULE(
    'createTableBody',
    (start: IToken, temporary: boolean, orReplace: boolean): Statement => {
      this.CONSUME(K.TABLE);
      let ifNotExists = false;
      this.OPTION(() => {
        ifNotExists = this.SUBRULE(this.ifNotExists);
      });
      const name = this.SUBRULE(this.qualifiedName);
      const elements: TableElement[] = [];
      let comment: string | undefined;
      let distribution: DistributionDef | undefined;
      let partitionedBy: Identifier[] = [];
      let options: Property[] = [];
      let like: LikeClause | undefined;
      let asQuery: Query | undefined;
      this.OPTION2(() => {
        this.CONSUME(T.LParen);
        this.AT_LEAST_ONE_SEP(separated(T.Comma, () => elements.push(this.SUBRULE(this.tableElement))));
        this.CONSUME(T.RParen);
      });
      this.OPTION3(() => {
        comment = this.SUBRULE(this.commentClause);
      });
      this.OPTION4(() => {
        distribution = this.SUBRULE(this.distribution);
      });
      this.OPTION5(() => {
        this.CONSUME(K.PARTITIONED);
        this.CONSUME(K.BY);
        partitionedBy = this.SUBRULE(this.identifierList);
      });
      this.OPTION6(() => {
        this.CONSUME(K.WITH);
        options = this.SUBRULE(this.propertyList);
      });
      this.OPTION7(() => {
        this.OR([
          alt(() => (like = this.SUBRULE(this.likeClause))),
          alt(() => {
            this.CONSUME(K.AS);
            asQuery = this.SUBRULE(this.query);
          }),
        ]);
      });
      return this.ACTION((): Statement => {
        const columns: ColumnDef[] = [];
        const watermarks: WatermarkDef[] = [];
        let primaryKey: PrimaryKeyDef | undefined;
        for (const el of elements) {
          if (el.kind === 'WatermarkDef') watermarks.push(el);
          else if (el.kind === 'PrimaryKeyDef') primaryKey = el;
          else columns.push(el);
        }
        if (orReplace && asQuery === undefined) {
          this.fail(
            start,
            'CREATE OR REPLACE TABLE needs AS <query>',
            'write CREATE OR REPLACE TABLE t AS SELECT ...',
          );
        }
        return {
          kind: 'CreateTable',
          name,
          temporary,
          orReplace,
          ifNotExists,
          columns,
          watermarks,
          ...(primaryKey === undefined ? {} : { primaryKey }),
          ...(comment === undefined ? {} : { comment }),
          ...(distribution === undefined ? {} : { distribution }),
          partitionedBy,
          options,
          ...(like === undefined ? {} : { like }),
          ...(asQuery === undefined ? {} : { asQuery }),
          span: this.spanFrom(start),
        };
      });
    },
  );

  private likeClause = this.RULE('likeClause', (): LikeClause => {
    const start = this.CONSUME(K.LIKE);
    const source = this.SUBRULE(this.qualifiedName);
    const options: LikeOption[] = [];
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.MANY(() => options.push(this.SUBRULE(this.likeOption)));
      this.CONSUME(T.RParen);
    });
    return this.ACTION(() => ({ kind: 'LikeClause', source, options, span: this.spanFrom(start) }));
  });

  private likeOption = this.RULE('likeOption', (): LikeOption => {
    const start = this.OR([
      alt(() => this.CONSUME(K.INCLUDING)),
      alt(() => this.CONSUME(K.EXCLUDING)),
      alt(() => this.CONSUME(K.OVERWRITING)),
    ]);
    const feature = this.OR2([
      alt(() => this.CONSUME(K.ALL)),
      alt(() => this.CONSUME(K.CONSTRAINTS)),
      alt(() => this.CONSUME(K.DISTRIBUTION)),
      alt(() => this.CONSUME(K.GENERATED)),
      alt(() => this.CONSUME(K.METADATA)),
      alt(() => this.CONSUME(K.OPTIONS)),
      alt(() => this.CONSUME(K.PARTITIONS)),
      alt(() => this.CONSUME(K.WATERMARKS)),
    ]);
    return this.ACTION(() => ({
      kind: 'LikeOption',
      strategy: start.image.toUpperCase() as LikeOption['strategy'],
      feature: feature.image.toUpperCase() as LikeOption['feature'],
      span: this.spanFrom(start),
    }));
  });

  private createViewBody = this.RULE('createViewBody', (start: IToken, temporary: boolean): Statement => {
    this.CONSUME(K.VIEW);
    let ifNotExists = false;
    let columns: Identifier[] = [];
    let comment: string | undefined;
    this.OPTION(() => {
      ifNotExists = this.SUBRULE(this.ifNotExists);
    });
    const name = this.SUBRULE(this.qualifiedName);
    this.OPTION2(() => {
      columns = this.SUBRULE(this.identifierList);
    });
    this.OPTION3(() => {
      comment = this.SUBRULE(this.commentClause);
    });
    this.CONSUME(K.AS);
    const query = this.SUBRULE(this.query);
    return this.ACTION(
      (): Statement => ({
        kind: 'CreateView',
        name,
        temporary,
        ifNotExists,
        columns,
        ...(comment === undefined ? {} : { comment }),
        query,
        span: this.spanFrom(start),
      }),
    );
  });

  private createFunctionBody = this.RULE(
    'createFunctionBody',
    (start: IToken, temporary: boolean, system: boolean): Statement => {
      this.CONSUME(K.FUNCTION);
      let ifNotExists = false;
      let language: 'JAVA' | 'SCALA' | 'PYTHON' | undefined;
      const jars: string[] = [];
      this.OPTION(() => {
        ifNotExists = this.SUBRULE(this.ifNotExists);
      });
      const name = this.SUBRULE(this.qualifiedName);
      this.CONSUME(K.AS);
      const className = this.SUBRULE(this.stringValue);
      this.OPTION2(() => {
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
      this.OPTION3(() => {
        this.CONSUME(K.USING);
        this.AT_LEAST_ONE_SEP(
          separated(T.Comma, () => {
            this.CONSUME(K.JAR);
            jars.push(this.SUBRULE2(this.stringValue));
          }),
        );
      });
      return this.ACTION(
        (): Statement => ({
          kind: 'CreateFunction',
          name,
          temporary,
          system,
          ifNotExists,
          className,
          ...(language === undefined ? {} : { language }),
          jars,
          span: this.spanFrom(start),
        }),
      );
    },
  );

  private createCatalogBody = this.RULE('createCatalogBody', (start: IToken): Statement => {
    this.CONSUME(K.CATALOG);
    let ifNotExists = false;
    let comment: string | undefined;
    this.OPTION(() => {
      ifNotExists = this.SUBRULE(this.ifNotExists);
    });
    const name = this.SUBRULE(this.identifier);
    this.OPTION2(() => {
      comment = this.SUBRULE(this.commentClause);
    });
    this.CONSUME(K.WITH);
    const options = this.SUBRULE(this.propertyList);
    return this.ACTION(
      (): Statement => ({
        kind: 'CreateCatalog',
        name,
        ifNotExists,
        ...(comment === undefined ? {} : { comment }),
        options,
        span: this.spanFrom(start),
      }),
    );
  });

  private createDatabaseBody = this.RULE('createDatabaseBody', (start: IToken): Statement => {
    this.CONSUME(K.DATABASE);
    let ifNotExists = false;
    let comment: string | undefined;
    let options: Property[] = [];
    this.OPTION(() => {
      ifNotExists = this.SUBRULE(this.ifNotExists);
    });
    const name = this.SUBRULE(this.qualifiedName);
    this.OPTION2(() => {
      comment = this.SUBRULE(this.commentClause);
    });
    this.OPTION3(() => {
      this.CONSUME(K.WITH);
      options = this.SUBRULE(this.propertyList);
    });
    return this.ACTION(
      (): Statement => ({
        kind: 'CreateDatabase',
        name,
        ifNotExists,
        ...(comment === undefined ? {} : { comment }),
        options,
        span: this.spanFrom(start),
      }),
    );
  });

  public dropStatement = this.RULE('dropStatement', (): Statement => {
    const start = this.CONSUME(K.DROP);
    let temporary = false;
    let system = false;
    let ifExists = false;
    let cascade: 'CASCADE' | 'RESTRICT' | undefined;
    this.OPTION(() => {
      this.CONSUME(K.TEMPORARY);
      temporary = true;
      this.OPTION2(() => {
        this.CONSUME(K.SYSTEM);
        system = true;
      });
    });
    const objectType = this.OR([
      alt(() => {
        this.CONSUME(K.TABLE);
        return 'TABLE' as const;
      }),
      alt(() => {
        this.CONSUME(K.VIEW);
        return 'VIEW' as const;
      }),
      alt(() => {
        this.CONSUME(K.DATABASE);
        return 'DATABASE' as const;
      }),
      alt(() => {
        this.CONSUME(K.CATALOG);
        return 'CATALOG' as const;
      }),
      alt(() => {
        this.CONSUME(K.FUNCTION);
        return 'FUNCTION' as const;
      }),
    ]);
    this.OPTION3(() => {
      ifExists = this.SUBRULE(this.ifExists);
    });
    const name = this.SUBRULE(this.qualifiedName);
    this.OPTION4(() => {
      cascade = this.OR2([
        alt(() => {
          this.CONSUME(K.CASCADE);
          return 'CASCADE' as const;
        }),
        alt(() => {
          this.CONSUME(K.RESTRICT);
          return 'RESTRICT' as const;
        }),
      ]);
    });
    return this.ACTION(
      (): Statement => ({
        kind: 'DropObject',
        objectType,
        name,
        temporary,
        system,
        ifExists,
        ...(cascade === undefined ? {} : { cascade }),
        span: this.spanFrom(start),
      }),
    );
  });
}
