/**
 * FROM-clause table references: names with hints, FOR SYSTEM_TIME AS OF and aliases; subqueries;
 * [LATERAL] TABLE(f(...)) including window TVFs; UNNEST; every join form; MATCH_RECOGNIZE.
 */
import type { IToken } from 'chevrotain';
import type {
  AfterMatchSkip,
  Expr,
  FunctionCall,
  Hint,
  Identifier,
  JoinOn,
  JoinType,
  JoinUsing,
  MeasureDef,
  OrderItem,
  PatternDefinition,
  PatternTerm,
  SubsetDef,
  SystemTimeClause,
  TableAlias,
  TableFunctionRef,
  TableRef,
} from '../ast.ts';
import * as T from '../tokens.ts';
import { alt, gated, gatedAlt, separated } from './base.ts';
import { QueryParser } from './queries.ts';

const K = T.K;

const QUERY_START = new Set([K.SELECT, K.WITH, K.VALUES]);

export abstract class TableParser extends QueryParser {
  public tableReference = this.RULE('tableReference', (): TableRef => {
    let left = this.SUBRULE(this.tablePrimary);
    this.MANY(() => {
      left = this.SUBRULE(this.joinTail, { ARGS: [left] });
    });
    return left;
  });

  private joinTail = this.RULE('joinTail', (left: TableRef): TableRef => {
    let joinType: JoinType = 'INNER';
    let natural = false;
    let outer = false;
    let comma = false;
    let condition: JoinOn | JoinUsing | undefined;
    this.OR([
      alt(() => {
        this.CONSUME(T.Comma);
        comma = true;
        joinType = 'CROSS';
      }),
      alt(() => {
        this.CONSUME(K.CROSS);
        this.CONSUME(K.JOIN);
        joinType = 'CROSS';
      }),
      alt(() => {
        this.OPTION(() => {
          this.CONSUME(K.NATURAL);
          natural = true;
        });
        this.OPTION2(() => {
          this.OR2([
            alt(() => this.CONSUME(K.INNER)),
            alt(() => {
              const tok = this.OR3([
                alt(() => this.CONSUME(K.LEFT)),
                alt(() => this.CONSUME(K.RIGHT)),
                alt(() => this.CONSUME(K.FULL)),
              ]);
              joinType = this.ACTION(() => tok.image.toUpperCase() as JoinType);
              this.OPTION3(() => {
                this.CONSUME(K.OUTER);
                outer = true;
              });
            }),
          ]);
        });
        this.CONSUME2(K.JOIN);
      }),
    ]);
    const right = this.SUBRULE(this.tablePrimary);
    this.OPTION4(
      gated(
        () => !comma && joinType !== 'CROSS',
        () => {
          condition = this.OR4([
            alt(() => {
              const start = this.CONSUME(K.ON);
              const cond = this.SUBRULE(this.expression);
              return this.ACTION(
                (): JoinOn => ({ kind: 'JoinOn', condition: cond, span: this.spanFrom(start) }),
              );
            }),
            alt(() => {
              const start = this.CONSUME(K.USING);
              const columns = this.SUBRULE(this.identifierList);
              return this.ACTION(
                (): JoinUsing => ({ kind: 'JoinUsing', columns, span: this.spanFrom(start) }),
              );
            }),
          ]);
        },
      ),
    );
    return this.ACTION(() => ({
      kind: 'JoinRef',
      joinType,
      natural,
      comma,
      outer,
      left,
      right,
      ...(condition === undefined ? {} : { condition }),
      span: this.spanBetween(left.span, condition?.span ?? right.span),
    }));
  });

  public tablePrimary = this.RULE('tablePrimary', (): TableRef => {
    const start = this.LA(1);
    let ref = this.OR([
      alt(() => this.SUBRULE(this.tableFunctionReference)),
      alt(() => this.SUBRULE(this.lateralCallReference)),
      alt(() => this.SUBRULE(this.unnestReference)),
      alt(() => {
        this.CONSUME(K.LATERAL);
        this.CONSUME(T.LParen);
        const query = this.SUBRULE(this.query);
        this.CONSUME(T.RParen);
        const alias = this.SUBRULE(this.optionalAlias);
        return this.ACTION(
          (): TableRef => ({
            kind: 'SubqueryRef',
            query,
            lateral: true,
            ...alias,
            span: this.spanFrom(start),
          }),
        );
      }),
      gatedAlt(
        () => QUERY_START.has(this.LA(2).tokenType),
        () => {
          this.CONSUME2(T.LParen);
          const query = this.SUBRULE2(this.query);
          this.CONSUME2(T.RParen);
          const alias = this.SUBRULE2(this.optionalAlias);
          return this.ACTION(
            (): TableRef => ({
              kind: 'SubqueryRef',
              query,
              lateral: false,
              ...alias,
              span: this.spanFrom(start),
            }),
          );
        },
      ),
      alt(() => {
        this.CONSUME3(T.LParen);
        const inner = this.SUBRULE(this.tableReference);
        this.CONSUME3(T.RParen);
        return inner;
      }),
      // `FROM TO_CHANGELOG(input => TABLE t)`: a process table function called without TABLE(...)
      gatedAlt(
        () => this.LA(2).tokenType === T.LParen,
        () => this.SUBRULE(this.bareTableFunctionCall),
      ),
      alt(() => this.SUBRULE(this.namedTable)),
    ]);
    this.OPTION(() => {
      ref = this.SUBRULE(this.matchRecognize, { ARGS: [ref, start] });
    });
    return ref;
  });

  private namedTable = this.RULE('namedTable', (): TableRef => {
    const start = this.LA(1);
    const name = this.SUBRULE(this.qualifiedName);
    let hints: Hint[] = [];
    let systemTime: SystemTimeClause | undefined;
    this.OPTION(() => {
      hints = this.SUBRULE(this.hintList);
    });
    this.OPTION2(() => {
      const forTok = this.CONSUME(K.FOR);
      this.CONSUME(K.SYSTEM_TIME);
      this.CONSUME(K.AS);
      this.CONSUME(K.OF);
      const asOf = this.SUBRULE(this.additiveExpression);
      systemTime = this.ACTION(() => ({ kind: 'SystemTimeClause', asOf, span: this.spanFrom(forTok) }));
    });
    const alias = this.SUBRULE(this.optionalAlias);
    return this.ACTION(
      (): TableRef => ({
        kind: 'TableName',
        name,
        hints,
        ...(systemTime === undefined ? {} : { systemTime }),
        ...alias,
        span: this.spanFrom(start),
      }),
    );
  });

  /** `f(arg, name => arg, ...) [alias]` in FROM (Flink 2.x process table functions). */
  private bareTableFunctionCall = this.RULE('bareTableFunctionCall', (): TableFunctionRef => {
    const nameTok = this.CONSUME(T.FunctionName);
    this.CONSUME(T.LParen);
    const args: Expr[] = [];
    this.MANY_SEP(separated(T.Comma, () => args.push(this.SUBRULE(this.functionArgument))));
    this.CONSUME(T.RParen);
    const alias = this.SUBRULE(this.optionalAlias);
    return this.ACTION((): TableFunctionRef => {
      const call: FunctionCall = {
        kind: 'FunctionCall',
        name: this.nameFromTokens([nameTok]),
        args,
        distinct: false,
        star: false,
        noParens: false,
        span: this.spanFrom(nameTok),
      };
      return { kind: 'TableFunctionRef', call, lateral: false, ...alias, span: this.spanFrom(nameTok) };
    });
  });

  /** `[LATERAL] TABLE(f(...)) [alias]`. */
  private tableFunctionReference = this.RULE('tableFunctionReference', (): TableRef => {
    const start = this.LA(1);
    let lateral = false;
    this.OPTION(() => {
      this.CONSUME(K.LATERAL);
      lateral = true;
    });
    this.CONSUME(K.TABLE);
    this.CONSUME(T.LParen);
    const callStart = this.LA(1);
    const call = this.SUBRULE(this.primary);
    this.CONSUME(T.RParen);
    const alias = this.SUBRULE(this.optionalAlias);
    return this.ACTION(() => this.tableFunctionRef(start, callStart, call, lateral, alias));
  });

  /** `LATERAL f(...) [alias]` without TABLE (Flink 2.x: `LATERAL SNAPSHOT(input => TABLE b, ...)`). */
  private lateralCallReference = this.RULE('lateralCallReference', (): TableRef => {
    const start = this.CONSUME(K.LATERAL);
    const ref = this.SUBRULE2(this.bareTableFunctionCall);
    return this.ACTION((): TableFunctionRef => ({ ...ref, lateral: true, span: this.spanFrom(start) }));
  });

  private tableFunctionRef(
    start: IToken,
    callStart: IToken,
    call: Expr,
    lateral: boolean,
    alias: { alias?: TableAlias },
  ): TableRef {
    if (call.kind !== 'FunctionCall' || call.noParens) {
      this.fail(
        callStart,
        "TABLE(...) takes a table function call, e.g. TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTE))",
      );
    }
    return {
      kind: 'TableFunctionRef',
      call: call as FunctionCall,
      lateral,
      ...alias,
      span: this.spanFrom(start),
    };
  }

  private unnestReference = this.RULE('unnestReference', (): TableRef => {
    const start = this.CONSUME(K.UNNEST);
    this.CONSUME(T.LParen);
    const items = this.SUBRULE(this.expressionList);
    this.CONSUME(T.RParen);
    let withOrdinality = false;
    this.OPTION(() => {
      this.CONSUME(K.WITH);
      this.CONSUME(K.ORDINALITY);
      withOrdinality = true;
    });
    const alias = this.SUBRULE(this.optionalAlias);
    return this.ACTION(
      (): TableRef => ({ kind: 'UnnestRef', items, withOrdinality, ...alias, span: this.spanFrom(start) }),
    );
  });

  /** `[AS] name [(col, ...)]`, returned as a spreadable `{ alias }`. */
  private optionalAlias = this.RULE('optionalAlias', (): { alias?: TableAlias } => {
    let alias: TableAlias | undefined;
    this.OPTION(() => {
      const start = this.LA(1);
      this.OPTION2(() => this.CONSUME(K.AS));
      const name = this.SUBRULE(this.identifier);
      let columns: Identifier[] = [];
      this.OPTION3(() => {
        columns = this.SUBRULE(this.identifierList);
      });
      alias = this.ACTION(() => ({ kind: 'TableAlias', name, columns, span: this.spanFrom(start) }));
    });
    return alias === undefined ? {} : { alias };
  });

  private matchRecognize = this.RULE('matchRecognize', (input: TableRef, start: IToken): TableRef => {
    this.CONSUME(K.MATCH_RECOGNIZE);
    this.CONSUME(T.LParen);
    let partitionBy: Expr[] = [];
    let orderBy: OrderItem[] = [];
    const measures: MeasureDef[] = [];
    let rowsPerMatch: 'ONE' | 'ALL' = 'ONE';
    let afterMatchSkip: AfterMatchSkip | undefined;
    let within: Expr | undefined;
    const subsets: SubsetDef[] = [];
    const define: PatternDefinition[] = [];
    this.OPTION(() => {
      this.CONSUME(K.PARTITION);
      this.CONSUME(K.BY);
      partitionBy = this.SUBRULE(this.expressionList);
    });
    this.OPTION2(() => {
      orderBy = this.SUBRULE(this.orderByClause);
    });
    this.OPTION3(() => {
      this.CONSUME(K.MEASURES);
      this.AT_LEAST_ONE_SEP(separated(T.Comma, () => measures.push(this.SUBRULE(this.measureDefinition))));
    });
    this.OPTION4(() => {
      rowsPerMatch = this.OR([
        alt(() => {
          this.CONSUME(K.ONE);
          this.CONSUME(K.ROW);
          return 'ONE' as const;
        }),
        alt(() => {
          this.CONSUME(K.ALL);
          this.CONSUME(K.ROWS);
          return 'ALL' as const;
        }),
      ]);
      this.CONSUME(K.PER);
      this.CONSUME(K.MATCH);
    });
    this.OPTION5(() => {
      afterMatchSkip = this.SUBRULE(this.afterMatchSkip);
    });
    this.CONSUME(K.PATTERN);
    this.CONSUME2(T.LParen);
    const pattern = this.SUBRULE(this.patternAlternation);
    this.CONSUME2(T.RParen);
    this.OPTION6(() => {
      this.CONSUME(K.WITHIN);
      within = this.SUBRULE(this.primary);
    });
    this.OPTION7(() => {
      this.CONSUME(K.SUBSET);
      this.AT_LEAST_ONE_SEP2(separated(T.Comma, () => subsets.push(this.SUBRULE(this.subsetDefinition))));
    });
    this.CONSUME(K.DEFINE);
    this.AT_LEAST_ONE_SEP3(separated(T.Comma, () => define.push(this.SUBRULE(this.patternDefinition))));
    this.CONSUME3(T.RParen);
    const alias = this.SUBRULE(this.optionalAlias);
    return this.ACTION(
      (): TableRef => ({
        kind: 'MatchRecognizeRef',
        input,
        partitionBy,
        orderBy,
        measures,
        rowsPerMatch,
        ...(afterMatchSkip === undefined ? {} : { afterMatchSkip }),
        pattern,
        ...(within === undefined ? {} : { within }),
        subsets,
        define,
        ...alias,
        span: this.spanFrom(start),
      }),
    );
  });

  private measureDefinition = this.RULE('measureDefinition', (): MeasureDef => {
    const start = this.LA(1);
    const expr = this.SUBRULE(this.expression);
    this.CONSUME(K.AS);
    const alias = this.SUBRULE(this.identifier);
    return this.ACTION(() => ({ kind: 'MeasureDef', expr, alias, span: this.spanFrom(start) }));
  });

  private afterMatchSkip = this.RULE('afterMatchSkip', (): AfterMatchSkip => {
    const start = this.CONSUME(K.AFTER);
    this.CONSUME2(K.MATCH);
    this.CONSUME(K.SKIP);
    let variable: Identifier | undefined;
    const to = this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        alt(() => {
          this.CONSUME(K.PAST);
          this.CONSUME(K.LAST);
          this.CONSUME(K.ROW);
          return 'PAST LAST ROW' as const;
        }),
        alt(() => {
          this.CONSUME(K.TO);
          return this.OR2({
            IGNORE_AMBIGUITIES: true,
            DEF: [
              alt(() => {
                this.CONSUME(K.NEXT);
                this.CONSUME2(K.ROW);
                return 'NEXT ROW' as const;
              }),
              alt(() => {
                this.CONSUME(K.FIRST);
                variable = this.SUBRULE(this.identifier);
                return 'FIRST' as const;
              }),
              alt(() => {
                this.CONSUME2(K.LAST);
                variable = this.SUBRULE2(this.identifier);
                return 'LAST' as const;
              }),
              alt(() => {
                variable = this.SUBRULE3(this.identifier);
                return 'VARIABLE' as const;
              }),
            ],
          });
        }),
      ],
    });
    return this.ACTION(() => ({
      kind: 'AfterMatchSkip',
      to,
      ...(variable === undefined ? {} : { variable }),
      span: this.spanFrom(start),
    }));
  });

  private subsetDefinition = this.RULE('subsetDefinition', (): SubsetDef => {
    const start = this.LA(1);
    const name = this.SUBRULE(this.identifier);
    this.CONSUME(T.Equals);
    const variables = this.SUBRULE(this.identifierList);
    return this.ACTION(() => ({ kind: 'SubsetDef', name, variables, span: this.spanFrom(start) }));
  });

  private patternDefinition = this.RULE('patternDefinition', (): PatternDefinition => {
    const start = this.LA(1);
    const variable = this.SUBRULE(this.identifier);
    this.CONSUME(K.AS);
    const condition = this.SUBRULE(this.expression);
    return this.ACTION(() => ({
      kind: 'PatternDefinition',
      variable,
      condition,
      span: this.spanFrom(start),
    }));
  });

  private patternAlternation = this.RULE('patternAlternation', (): PatternTerm => {
    const start = this.LA(1);
    const items: PatternTerm[] = [];
    this.AT_LEAST_ONE_SEP(separated(T.Pipe, () => items.push(this.SUBRULE(this.patternConcat))));
    return this.ACTION(() =>
      items.length === 1 ? items[0]! : { kind: 'PatternAlternation', items, span: this.spanFrom(start) },
    );
  });

  private patternConcat = this.RULE('patternConcat', (): PatternTerm => {
    const start = this.LA(1);
    const items: PatternTerm[] = [];
    this.AT_LEAST_ONE(() => items.push(this.SUBRULE(this.patternQuantified)));
    return this.ACTION(() =>
      items.length === 1 ? items[0]! : { kind: 'PatternConcat', items, span: this.spanFrom(start) },
    );
  });

  private patternQuantified = this.RULE('patternQuantified', (): PatternTerm => {
    const start = this.LA(1);
    const operand = this.OR([
      alt(() => {
        const name = this.SUBRULE(this.identifier);
        return this.ACTION((): PatternTerm => ({ kind: 'PatternVariable', name, span: name.span }));
      }),
      alt(() => {
        this.CONSUME(T.LParen);
        const pattern = this.SUBRULE(this.patternAlternation);
        this.CONSUME(T.RParen);
        return this.ACTION(
          (): PatternTerm => ({ kind: 'PatternGroup', pattern, span: this.spanFrom(start) }),
        );
      }),
    ]);
    let result = operand;
    this.OPTION(() => {
      let min = 0;
      let max: number | undefined;
      const syntax = this.OR2([
        alt(() => {
          this.CONSUME(T.Star);
          return '*' as const;
        }),
        alt(() => {
          this.CONSUME(T.Plus);
          min = 1;
          return '+' as const;
        }),
        alt(() => {
          this.CONSUME(T.Question);
          max = 1;
          return '?' as const;
        }),
        alt(() => {
          this.CONSUME(T.LBrace);
          this.OPTION2(() => {
            min = this.SUBRULE(this.integerValue);
          });
          const bounded = this.OPTION3(() => this.CONSUME(T.Comma)) === undefined;
          if (bounded) max = min;
          this.OPTION4(() => {
            max = this.SUBRULE2(this.integerValue);
          });
          this.CONSUME(T.RBrace);
          return 'braces' as const;
        }),
      ]);
      let reluctant = false;
      this.OPTION5(() => {
        this.CONSUME2(T.Question);
        reluctant = true;
      });
      result = this.ACTION(() => ({
        kind: 'PatternQuantified',
        operand,
        min,
        ...(max === undefined ? {} : { max }),
        reluctant,
        syntax,
        span: this.spanFrom(start),
      }));
    });
    return result;
  });
}
