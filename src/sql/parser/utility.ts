/**
 * Utility statements: USE, SHOW, DESCRIBE, SET, RESET, STOP JOB, LOAD / UNLOAD MODULE, ADD / REMOVE
 * JAR and TRUNCATE TABLE.
 */
import type {
  Identifier,
  LikePattern,
  PartitionSpecEntry,
  Property,
  QualifiedName,
  Show,
  Statement,
} from '../ast.ts';
import * as T from '../tokens.ts';
import { AlterParser } from './alter.ts';
import { alt, gated, gatedAlt, separated } from './base.ts';

const K = T.K;

export abstract class UtilityParser extends AlterParser {
  protected partitionEntry = this.RULE('partitionEntry', (): PartitionSpecEntry => {
    const start = this.LA(1);
    const column = this.SUBRULE(this.identifier);
    this.CONSUME(T.Equals);
    const value = this.SUBRULE(this.literal);
    return this.ACTION(() => ({ kind: 'PartitionSpecEntry', column, value, span: this.spanFrom(start) }));
  });

  protected useStatement = this.RULE('useStatement', (): Statement => {
    const start = this.CONSUME(K.USE);
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        alt(() => {
          this.CONSUME(K.MODULES);
          const names: Identifier[] = [];
          this.AT_LEAST_ONE_SEP(separated(T.Comma, () => names.push(this.SUBRULE2(this.identifier))));
          return this.ACTION((): Statement => ({ kind: 'UseModules', names, span: this.spanFrom(start) }));
        }),
        gatedAlt(
          () =>
            this.LA(2).tokenType !== T.Dot &&
            this.LA(2).tokenType !== T.Semicolon &&
            this.LA(2).tokenType.name !== 'EOF',
          () => {
            this.CONSUME(K.CATALOG);
            const name = this.SUBRULE(this.identifier);
            return this.ACTION((): Statement => ({ kind: 'UseCatalog', name, span: this.spanFrom(start) }));
          },
        ),
        alt(() => {
          const name = this.SUBRULE(this.qualifiedName);
          return this.ACTION((): Statement => ({ kind: 'UseDatabase', name, span: this.spanFrom(start) }));
        }),
      ],
    });
  });

  protected showStatement = this.RULE('showStatement', (): Statement => {
    const start = this.CONSUME(K.SHOW);
    let from: QualifiedName | undefined;
    let like: LikePattern | undefined;
    const partition: PartitionSpecEntry[] = [];
    const finish = (what: Show['what']): Statement =>
      this.ACTION(() => ({
        kind: 'Show',
        what,
        ...(from === undefined ? {} : { from }),
        ...(like === undefined ? {} : { like }),
        ...(partition.length === 0 ? {} : { partition }),
        span: this.spanFrom(start),
      }));
    return this.OR2([
      alt(() => {
        this.CONSUME(K.CATALOGS);
        like = this.SUBRULE(this.showLike);
        return finish('CATALOGS');
      }),
      alt(() => {
        this.CONSUME(K.DATABASES);
        this.SUBRULE5(this.showFrom, { ARGS: [(n: QualifiedName) => (from = n)] });
        like = this.SUBRULE2(this.showLike);
        return finish('DATABASES');
      }),
      alt(() => {
        this.CONSUME(K.TABLES);
        this.SUBRULE(this.showFrom, { ARGS: [(n: QualifiedName) => (from = n)] });
        like = this.SUBRULE3(this.showLike);
        return finish('TABLES');
      }),
      alt(() => {
        this.CONSUME(K.VIEWS);
        this.SUBRULE2(this.showFrom, { ARGS: [(n: QualifiedName) => (from = n)] });
        like = this.SUBRULE4(this.showLike);
        return finish('VIEWS');
      }),
      alt(() => {
        this.CONSUME(K.FUNCTIONS);
        this.SUBRULE3(this.showFrom, { ARGS: [(n: QualifiedName) => (from = n)] });
        like = this.SUBRULE5(this.showLike);
        return finish('FUNCTIONS');
      }),
      alt(() => {
        this.CONSUME(K.USER);
        this.CONSUME2(K.FUNCTIONS);
        this.SUBRULE4(this.showFrom, { ARGS: [(n: QualifiedName) => (from = n)] });
        like = this.SUBRULE6(this.showLike);
        return finish('USER FUNCTIONS');
      }),
      alt(() => {
        this.CONSUME(K.JOBS);
        return finish('JOBS');
      }),
      alt(() => {
        this.CONSUME(K.JARS);
        return finish('JARS');
      }),
      alt(() => {
        this.CONSUME(K.MODULES);
        return finish('MODULES');
      }),
      alt(() => {
        this.CONSUME(K.FULL);
        this.CONSUME2(K.MODULES);
        return finish('FULL MODULES');
      }),
      alt(() => {
        this.CONSUME(K.CURRENT);
        return this.OR3([
          alt(() => {
            this.CONSUME(K.CATALOG);
            return finish('CURRENT CATALOG');
          }),
          alt(() => {
            this.CONSUME(K.DATABASE);
            return finish('CURRENT DATABASE');
          }),
        ]);
      }),
      alt(() => {
        this.CONSUME(K.COLUMNS);
        this.OR4([alt(() => this.CONSUME2(K.FROM)), alt(() => this.CONSUME2(K.IN))]);
        from = this.SUBRULE(this.qualifiedName);
        like = this.SUBRULE7(this.showLike);
        return finish('COLUMNS');
      }),
      alt(() => {
        this.CONSUME(K.PARTITIONS);
        from = this.SUBRULE2(this.qualifiedName);
        this.OPTION(() => {
          this.CONSUME(K.PARTITION);
          this.CONSUME(T.LParen);
          this.AT_LEAST_ONE_SEP(separated(T.Comma, () => partition.push(this.SUBRULE(this.partitionEntry))));
          this.CONSUME(T.RParen);
        });
        return finish('PARTITIONS');
      }),
      alt(() => {
        this.CONSUME(K.CREATE);
        const objectType = this.OR5([
          alt(() => {
            this.CONSUME(K.TABLE);
            return 'TABLE' as const;
          }),
          alt(() => {
            this.CONSUME(K.VIEW);
            return 'VIEW' as const;
          }),
          alt(() => {
            this.CONSUME2(K.CATALOG);
            return 'CATALOG' as const;
          }),
        ]);
        const name = this.SUBRULE3(this.qualifiedName);
        return this.ACTION(
          (): Statement => ({ kind: 'ShowCreate', objectType, name, span: this.spanFrom(start) }),
        );
      }),
    ]);
  });

  /** `[FROM | IN] name` after SHOW TABLES / VIEWS / FUNCTIONS. */
  protected showFrom = this.RULE('showFrom', (set: (name: QualifiedName) => void): void => {
    this.OPTION(() => {
      this.OR([alt(() => this.CONSUME(K.FROM)), alt(() => this.CONSUME(K.IN))]);
      const name = this.SUBRULE(this.qualifiedName);
      this.ACTION(() => set(name));
    });
  });

  /** `[NOT] LIKE | ILIKE 'pattern'`, optional. */
  protected showLike = this.RULE('showLike', (): LikePattern | undefined => {
    let result: LikePattern | undefined;
    this.OPTION(() => {
      const start = this.LA(1);
      let negated = false;
      this.OPTION2(() => {
        this.CONSUME(K.NOT);
        negated = true;
      });
      const op = this.OR([alt(() => this.CONSUME(K.LIKE)), alt(() => this.CONSUME(K.ILIKE))]);
      const pattern = this.SUBRULE(this.stringValue);
      result = this.ACTION(() => ({
        kind: 'LikePattern',
        pattern,
        negated,
        caseInsensitive: op.tokenType === K.ILIKE,
        span: this.spanFrom(start),
      }));
    });
    return result;
  });

  protected describeStatement = this.RULE('describeStatement', (): Statement => {
    const start = this.OR([alt(() => this.CONSUME(K.DESCRIBE)), alt(() => this.CONSUME(K.DESC))]);
    let extended = false;
    let catalog = false;
    this.OPTION2(
      gated(
        () =>
          this.LA(2).tokenType !== T.Dot &&
          this.LA(2).tokenType !== T.Semicolon &&
          this.LA(2).tokenType.name !== 'EOF',
        () => {
          this.CONSUME(K.CATALOG);
          catalog = true;
        },
      ),
    );
    this.OPTION(() => {
      this.CONSUME(K.EXTENDED);
      extended = true;
    });
    const name = this.SUBRULE(this.qualifiedName);
    return this.ACTION(
      (): Statement => ({
        kind: 'Describe',
        name,
        extended,
        ...(catalog ? { catalog } : {}),
        span: this.spanFrom(start),
      }),
    );
  });

  protected setStatement = this.RULE('setStatement', (): Statement => {
    const start = this.CONSUME(K.SET);
    let property: Property | undefined;
    this.OPTION(() => {
      property = this.SUBRULE(this.property);
    });
    return this.ACTION(
      (): Statement => ({
        kind: 'SetStatement',
        ...(property === undefined ? {} : { property }),
        span: this.spanFrom(start),
      }),
    );
  });

  protected resetStatement = this.RULE('resetStatement', (): Statement => {
    const start = this.CONSUME(K.RESET);
    let key: string | undefined;
    this.OPTION(() => {
      key = this.SUBRULE(this.stringValue);
    });
    return this.ACTION(
      (): Statement => ({
        kind: 'ResetStatement',
        ...(key === undefined ? {} : { key }),
        span: this.spanFrom(start),
      }),
    );
  });

  protected stopJobStatement = this.RULE('stopJobStatement', (): Statement => {
    const start = this.CONSUME(K.STOP);
    this.CONSUME(K.JOB);
    const jobId = this.SUBRULE(this.stringValue);
    let withSavepoint = false;
    let withDrain = false;
    this.MANY(() => {
      this.CONSUME(K.WITH);
      this.OR([
        alt(() => {
          this.CONSUME(K.SAVEPOINT);
          return (withSavepoint = true);
        }),
        alt(() => {
          this.CONSUME(K.DRAIN);
          return (withDrain = true);
        }),
      ]);
    });
    return this.ACTION(
      (): Statement => ({ kind: 'StopJob', jobId, withSavepoint, withDrain, span: this.spanFrom(start) }),
    );
  });

  protected moduleStatement = this.RULE('moduleStatement', (): Statement => {
    const start = this.LA(1);
    return this.OR([
      alt(() => {
        this.CONSUME(K.LOAD);
        this.CONSUME(K.MODULE);
        const name = this.SUBRULE(this.identifier);
        let options: Property[] = [];
        this.OPTION(() => {
          this.CONSUME(K.WITH);
          options = this.SUBRULE(this.propertyList);
        });
        return this.ACTION(
          (): Statement => ({ kind: 'LoadModule', name, options, span: this.spanFrom(start) }),
        );
      }),
      alt(() => {
        this.CONSUME(K.UNLOAD);
        this.CONSUME2(K.MODULE);
        const name = this.SUBRULE2(this.identifier);
        return this.ACTION((): Statement => ({ kind: 'UnloadModule', name, span: this.spanFrom(start) }));
      }),
    ]);
  });

  /** `ADD JAR 'path'` / `REMOVE JAR 'path'`. */
  protected jarStatement = this.RULE('jarStatement', (): Statement => {
    const start = this.OR([alt(() => this.CONSUME(K.ADD)), alt(() => this.CONSUME(K.REMOVE))]);
    this.CONSUME(K.JAR);
    const path = this.SUBRULE(this.stringValue);
    return this.ACTION(
      (): Statement => ({
        kind: 'JarStatement',
        action: start.tokenType === K.ADD ? 'ADD' : 'REMOVE',
        path,
        span: this.spanFrom(start),
      }),
    );
  });

  protected truncateStatement = this.RULE('truncateStatement', (): Statement => {
    const start = this.CONSUME(K.TRUNCATE);
    this.CONSUME(K.TABLE);
    const name = this.SUBRULE(this.qualifiedName);
    return this.ACTION((): Statement => ({ kind: 'TruncateTable', name, span: this.spanFrom(start) }));
  });
}
