/**
 * Built-in functions with their own syntax: CAST / TRY_CAST, EXTRACT, FLOOR|CEIL(x TO unit), POSITION,
 * SUBSTRING ... FROM ... FOR, TRIM, OVERLAY, TIMESTAMPADD / TIMESTAMPDIFF and the JSON functions.
 */
import type { IToken, ParserMethod } from 'chevrotain';
import type {
  DataType,
  Expr,
  JsonBehavior,
  JsonKeyValue,
  OrderItem,
  QualifiedName,
  TimeUnit,
} from '../ast.ts';
import * as T from '../tokens.ts';
import { alt, gated, separated, tokenSpan } from './base.ts';
import { ExpressionParser } from './expressions.ts';

const K = T.K;

type Behavior = JsonBehavior['behavior'];

export abstract class SpecialFunctionParser extends ExpressionParser {
  public abstract orderItem: ParserMethod<[], OrderItem>;

  protected nameOf(tok: IToken): QualifiedName {
    const span = tokenSpan(tok);
    return {
      kind: 'QualifiedName',
      parts: [{ kind: 'Identifier', value: tok.image, quoted: false, span }],
      span,
    };
  }

  protected plainCall(tok: IToken, args: Expr[]): Expr {
    return {
      kind: 'FunctionCall',
      name: this.nameOf(tok),
      args,
      distinct: false,
      star: false,
      noParens: false,
      span: this.spanFrom(tok),
    };
  }

  public castExpression = this.RULE('castExpression', (): Expr => {
    const start = this.OR([alt(() => this.CONSUME(K.CAST)), alt(() => this.CONSUME(K.TRY_CAST))]);
    this.CONSUME(T.LParen);
    const operand = this.SUBRULE(this.expression);
    this.CONSUME(K.AS);
    const type = this.SUBRULE(this.dataType);
    this.CONSUME(T.RParen);
    return this.ACTION(
      (): Expr => ({
        kind: 'CastExpr',
        operand,
        type,
        safe: start.tokenType === K.TRY_CAST,
        span: this.spanFrom(start),
      }),
    );
  });

  public extractExpression = this.RULE('extractExpression', (): Expr => {
    const start = this.CONSUME(K.EXTRACT);
    this.CONSUME(T.LParen);
    const unit = this.SUBRULE(this.timeUnit);
    this.CONSUME(K.FROM);
    const operand = this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
    return this.ACTION((): Expr => ({ kind: 'ExtractExpr', unit, operand, span: this.spanFrom(start) }));
  });

  /** `FLOOR(ts TO HOUR)`; without TO it is an ordinary call. */
  public floorCeilExpression = this.RULE('floorCeilExpression', (): Expr => {
    const start = this.OR([
      alt(() => this.CONSUME(K.FLOOR)),
      alt(() => this.CONSUME(K.CEIL)),
      alt(() => this.CONSUME(K.CEILING)),
    ]);
    this.CONSUME(T.LParen);
    const operand = this.SUBRULE(this.expression);
    let unit: TimeUnit | undefined;
    this.OPTION(() => {
      this.CONSUME(K.TO);
      unit = this.SUBRULE(this.timeUnit);
    });
    this.CONSUME(T.RParen);
    return this.ACTION((): Expr => {
      if (unit === undefined) return this.plainCall(start, [operand]);
      const fn = start.tokenType === K.FLOOR ? 'FLOOR' : 'CEIL';
      return { kind: 'FloorCeilExpr', fn, operand, unit, span: this.spanFrom(start) };
    });
  });

  public positionExpression = this.RULE('positionExpression', (): Expr => {
    const start = this.CONSUME(K.POSITION);
    this.CONSUME(T.LParen);
    const needle = this.SUBRULE(this.concatExpression);
    this.CONSUME(K.IN);
    const haystack = this.SUBRULE(this.expression);
    let from: Expr | undefined;
    this.OPTION(() => {
      this.CONSUME(K.FROM);
      from = this.SUBRULE2(this.expression);
    });
    this.CONSUME(T.RParen);
    return this.ACTION(
      (): Expr => ({
        kind: 'PositionExpr',
        needle,
        haystack,
        ...(from === undefined ? {} : { from }),
        span: this.spanFrom(start),
      }),
    );
  });

  public substringExpression = this.RULE('substringExpression', (): Expr => {
    const start = this.CONSUME(K.SUBSTRING);
    this.CONSUME(T.LParen);
    const operand = this.SUBRULE(this.expression);
    const result = this.OR([
      alt(() => {
        this.CONSUME(K.FROM);
        const from = this.SUBRULE2(this.expression);
        let length: Expr | undefined;
        this.OPTION(() => {
          this.CONSUME(K.FOR);
          length = this.SUBRULE3(this.expression);
        });
        this.CONSUME(T.RParen);
        return this.ACTION(
          (): Expr => ({
            kind: 'SubstringExpr',
            operand,
            from,
            ...(length === undefined ? {} : { for: length }),
            span: this.spanFrom(start),
          }),
        );
      }),
      alt(() => {
        const args: Expr[] = [operand];
        this.MANY(() => {
          this.CONSUME(T.Comma);
          args.push(this.SUBRULE4(this.expression));
        });
        this.CONSUME2(T.RParen);
        return this.ACTION(() => this.plainCall(start, args));
      }),
    ]);
    return result;
  });

  public trimExpression = this.RULE('trimExpression', (): Expr => {
    const start = this.CONSUME(K.TRIM);
    this.CONSUME(T.LParen);
    let side: 'BOTH' | 'LEADING' | 'TRAILING' = 'BOTH';
    let characters: Expr | undefined;
    let operand: Expr | undefined;
    this.OPTION(() => {
      const tok = this.OR([
        alt(() => this.CONSUME(K.BOTH)),
        alt(() => this.CONSUME(K.LEADING)),
        alt(() => this.CONSUME(K.TRAILING)),
      ]);
      side = this.ACTION(() => tok.image.toUpperCase() as 'BOTH' | 'LEADING' | 'TRAILING');
    });
    this.OR2([
      alt(() => {
        this.CONSUME(K.FROM);
        operand = this.SUBRULE(this.expression);
      }),
      alt(() => {
        const first = this.SUBRULE2(this.expression);
        operand = first;
        this.OPTION2(() => {
          this.CONSUME2(K.FROM);
          characters = first;
          operand = this.SUBRULE3(this.expression);
        });
      }),
    ]);
    this.CONSUME(T.RParen);
    return this.ACTION(
      (): Expr => ({
        kind: 'TrimExpr',
        side,
        ...(characters === undefined ? {} : { characters }),
        operand: operand!,
        span: this.spanFrom(start),
      }),
    );
  });

  public overlayExpression = this.RULE('overlayExpression', (): Expr => {
    const start = this.CONSUME(K.OVERLAY);
    this.CONSUME(T.LParen);
    const operand = this.SUBRULE(this.expression);
    this.CONSUME(K.PLACING);
    const placing = this.SUBRULE2(this.expression);
    this.CONSUME(K.FROM);
    const from = this.SUBRULE3(this.expression);
    let length: Expr | undefined;
    this.OPTION(() => {
      this.CONSUME(K.FOR);
      length = this.SUBRULE4(this.expression);
    });
    this.CONSUME(T.RParen);
    return this.ACTION(
      (): Expr => ({
        kind: 'OverlayExpr',
        operand,
        placing,
        from,
        ...(length === undefined ? {} : { for: length }),
        span: this.spanFrom(start),
      }),
    );
  });

  /** `TIMESTAMPADD(unit, n, ts)` / `TIMESTAMPDIFF(unit, a, b)`: the unit is a TimeUnitArg. */
  public timestampArithmetic = this.RULE('timestampArithmetic', (): Expr => {
    const start = this.OR([
      alt(() => this.CONSUME(K.TIMESTAMPADD)),
      alt(() => this.CONSUME(K.TIMESTAMPDIFF)),
    ]);
    this.CONSUME(T.LParen);
    const unitStart = this.LA(1);
    const unit = this.SUBRULE(this.timeUnit);
    this.CONSUME(T.Comma);
    const a = this.SUBRULE(this.expression);
    this.CONSUME2(T.Comma);
    const b = this.SUBRULE2(this.expression);
    this.CONSUME(T.RParen);
    return this.ACTION(() =>
      this.plainCall(start, [{ kind: 'TimeUnitArg', unit, span: tokenSpan(unitStart) }, a, b]),
    );
  });

  private jsonBehavior = this.RULE('jsonBehavior', (): JsonBehavior => {
    const start = this.LA(1);
    let defaultValue: Expr | undefined;
    const behavior = this.OR([
      alt(() => {
        this.CONSUME(K.NULL);
        return 'NULL' as Behavior;
      }),
      alt(() => {
        this.CONSUME(K.ERROR);
        return 'ERROR' as Behavior;
      }),
      alt(() => {
        this.CONSUME(K.TRUE);
        return 'TRUE' as Behavior;
      }),
      alt(() => {
        this.CONSUME(K.FALSE);
        return 'FALSE' as Behavior;
      }),
      alt(() => {
        this.CONSUME(K.UNKNOWN);
        return 'UNKNOWN' as Behavior;
      }),
      alt(() => {
        this.CONSUME(K.DEFAULT);
        defaultValue = this.SUBRULE(this.expression);
        return 'DEFAULT' as Behavior;
      }),
      alt(() => {
        this.CONSUME(K.EMPTY);
        return this.OR2([
          alt(() => {
            this.CONSUME(K.ARRAY);
            return 'EMPTY ARRAY' as Behavior;
          }),
          alt(() => {
            this.CONSUME(K.OBJECT);
            return 'EMPTY OBJECT' as Behavior;
          }),
        ]);
      }),
    ]);
    return this.ACTION(() => ({
      kind: 'JsonBehavior',
      behavior,
      ...(defaultValue === undefined ? {} : { default: defaultValue }),
      span: this.spanFrom(start),
    }));
  });

  /** Trailing `<behavior> ON EMPTY` / `<behavior> ON ERROR` clauses. */
  private jsonBehaviors = this.RULE(
    'jsonBehaviors',
    (): { onEmpty?: JsonBehavior; onError?: JsonBehavior } => {
      const out: { onEmpty?: JsonBehavior; onError?: JsonBehavior } = {};
      this.MANY(() => {
        const behavior = this.SUBRULE(this.jsonBehavior);
        this.CONSUME(K.ON);
        this.OR([
          alt(() => {
            this.CONSUME(K.EMPTY);
            return (out.onEmpty = behavior);
          }),
          alt(() => {
            this.CONSUME(K.ERROR);
            return (out.onError = behavior);
          }),
        ]);
      });
      return out;
    },
  );

  private jsonReturning = this.RULE('jsonReturning', (): DataType => {
    this.CONSUME(K.RETURNING);
    // baseType, not dataType: a following `NULL ON EMPTY` is a behaviour, not nullability.
    return this.SUBRULE(this.baseType);
  });

  public jsonValueExpression = this.RULE('jsonValueExpression', (): Expr => {
    const start = this.OR([
      alt(() => this.CONSUME(K.JSON_VALUE)),
      alt(() => this.CONSUME(K.JSON_QUERY)),
      alt(() => this.CONSUME(K.JSON_EXISTS)),
    ]);
    this.CONSUME(T.LParen);
    const operand = this.SUBRULE(this.expression);
    this.CONSUME(T.Comma);
    const path = this.SUBRULE2(this.expression);
    let returning: DataType | undefined;
    let wrapper: 'WITHOUT' | 'WITH CONDITIONAL' | 'WITH UNCONDITIONAL' = 'WITHOUT';
    this.OPTION(() => {
      returning = this.SUBRULE(this.jsonReturning);
    });
    this.OPTION2(() => {
      wrapper = this.SUBRULE(this.jsonWrapper);
    });
    const behaviors = this.SUBRULE(this.jsonBehaviors);
    this.CONSUME(T.RParen);
    return this.ACTION((): Expr => {
      const span = this.spanFrom(start);
      const ret = returning === undefined ? {} : { returning };
      const onEmpty = behaviors.onEmpty === undefined ? {} : { onEmpty: behaviors.onEmpty };
      const onError = behaviors.onError === undefined ? {} : { onError: behaviors.onError };
      if (start.tokenType === K.JSON_EXISTS)
        return { kind: 'JsonExistsExpr', operand, path, ...onError, span };
      if (start.tokenType === K.JSON_QUERY) {
        return { kind: 'JsonQueryExpr', operand, path, ...ret, wrapper, ...onEmpty, ...onError, span };
      }
      return { kind: 'JsonValueExpr', operand, path, ...ret, ...onEmpty, ...onError, span };
    });
  });

  private jsonWrapper = this.RULE(
    'jsonWrapper',
    (): 'WITHOUT' | 'WITH CONDITIONAL' | 'WITH UNCONDITIONAL' => {
      const mode = this.OR([
        alt(() => {
          this.CONSUME(K.WITHOUT);
          return 'WITHOUT' as const;
        }),
        alt(() => {
          this.CONSUME(K.WITH);
          let conditional = false;
          this.OPTION(() => {
            this.OR2([
              alt(() => {
                this.CONSUME(K.CONDITIONAL);
                return (conditional = true);
              }),
              alt(() => this.CONSUME(K.UNCONDITIONAL)),
            ]);
          });
          return conditional ? ('WITH CONDITIONAL' as const) : ('WITH UNCONDITIONAL' as const);
        }),
      ]);
      this.OPTION2(() => this.CONSUME(K.ARRAY));
      this.CONSUME(K.WRAPPER);
      return mode;
    },
  );

  private jsonOnNull = this.RULE('jsonOnNull', (): 'NULL' | 'ABSENT' => {
    const mode = this.OR([
      alt(() => {
        this.CONSUME(K.NULL);
        return 'NULL' as const;
      }),
      alt(() => {
        this.CONSUME(K.ABSENT);
        return 'ABSENT' as const;
      }),
    ]);
    this.CONSUME(K.ON);
    this.CONSUME2(K.NULL);
    return mode;
  });

  private jsonKeyValue = this.RULE('jsonKeyValue', (): JsonKeyValue => {
    const start = this.LA(1);
    this.OPTION(
      gated(
        () => this.LA(2).tokenType !== K.VALUE,
        () => this.CONSUME(K.KEY),
      ),
    );
    const key = this.SUBRULE(this.concatExpression);
    this.OR([alt(() => this.CONSUME(K.VALUE)), alt(() => this.CONSUME(T.Colon))]);
    const value = this.SUBRULE(this.expression);
    return this.ACTION(() => ({ kind: 'JsonKeyValue', key, value, span: this.spanFrom(start) }));
  });

  public jsonObjectExpression = this.RULE('jsonObjectExpression', (): Expr => {
    const start = this.OR([
      alt(() => this.CONSUME(K.JSON_OBJECT)),
      alt(() => this.CONSUME(K.JSON_OBJECTAGG)),
    ]);
    this.CONSUME(T.LParen);
    const entries: JsonKeyValue[] = [];
    let onNull: 'NULL' | 'ABSENT' = 'NULL';
    this.MANY_SEP(separated(T.Comma, () => entries.push(this.SUBRULE(this.jsonKeyValue))));
    this.OPTION(() => {
      onNull = this.SUBRULE(this.jsonOnNull);
    });
    this.CONSUME(T.RParen);
    return this.ACTION(
      (): Expr => ({
        kind: 'JsonObjectExpr',
        aggregate: start.tokenType === K.JSON_OBJECTAGG,
        entries,
        onNull,
        span: this.spanFrom(start),
      }),
    );
  });

  public jsonArrayExpression = this.RULE('jsonArrayExpression', (): Expr => {
    const start = this.OR([alt(() => this.CONSUME(K.JSON_ARRAY)), alt(() => this.CONSUME(K.JSON_ARRAYAGG))]);
    this.CONSUME(T.LParen);
    const items: Expr[] = [];
    const orderBy: OrderItem[] = [];
    let onNull: 'NULL' | 'ABSENT' = 'ABSENT';
    this.MANY_SEP(separated(T.Comma, () => items.push(this.SUBRULE(this.expression))));
    this.OPTION(() => {
      this.CONSUME(K.ORDER);
      this.CONSUME(K.BY);
      this.AT_LEAST_ONE_SEP(separated(T.Comma, () => orderBy.push(this.SUBRULE(this.orderItem))));
    });
    this.OPTION2(() => {
      onNull = this.SUBRULE(this.jsonOnNull);
    });
    this.CONSUME(T.RParen);
    return this.ACTION(
      (): Expr => ({
        kind: 'JsonArrayExpr',
        aggregate: start.tokenType === K.JSON_ARRAYAGG,
        items,
        orderBy,
        onNull,
        span: this.spanFrom(start),
      }),
    );
  });
}
