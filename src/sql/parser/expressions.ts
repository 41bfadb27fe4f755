/**
 * Expressions, by Calcite/Flink precedence from loosest to tightest:
 * OR < AND < NOT < comparison / IS / BETWEEN / LIKE / IN < || < + - < * / % < unary < postfix.
 */
import { EOF, type IToken, type ParserMethod, type TokenType } from 'chevrotain';
import type { BinaryOperator, Expr, Identifier, Query } from '../ast.ts';
import * as T from '../tokens.ts';
import { alt, gatedAlt, identifierFromToken, separated } from './base.ts';
import { TypeParser } from './types.ts';

const K = T.K;

const QUERY_START = new Set([K.SELECT, K.WITH, K.VALUES]);

/** Tokens that are a whole primary by themselves (unless a continuation follows). */
const LONE_OPERAND_START = new Set<TokenType>([
  T.PlainIdentifier,
  T.QuotedIdentifier,
  T.IntegerLiteral,
  T.DecimalLiteral,
  T.StringLiteral,
]);

/**
 * Tokens that cannot continue an expression after a lone name or literal: no rule of the
 * precedence chain (operators, suffixes, `.field`, `[i]`, calls, adjacent string literals) starts
 * with one of them. A positive list: anything not here takes the full chain.
 */
const EXPRESSION_END = new Set<TokenType>([
  EOF,
  T.Comma,
  T.RParen,
  T.RBracket,
  T.Semicolon,
  T.PlainIdentifier,
  T.QuotedIdentifier,
  K.AS,
  K.FROM,
  K.WHERE,
  K.GROUP,
  K.HAVING,
  K.ORDER,
  K.LIMIT,
  K.THEN,
  K.WHEN,
  K.ELSE,
  K.END,
  K.ASC,
  K.DESC,
  K.ON,
  K.UNION,
]);

/** The same for an operand of a comparison or BETWEEN (`concatExpression`): the predicate's own words end it too. */
const OPERAND_END = new Set<TokenType>([
  ...EXPRESSION_END,
  K.AND,
  K.OR,
  K.NOT,
  K.IS,
  K.IN,
  K.BETWEEN,
  K.LIKE,
  K.SIMILAR,
  K.ESCAPE,
  T.Equals,
  T.NotEquals,
  T.LessThan,
  T.LessOrEqual,
  T.GreaterThan,
  T.GreaterOrEqual,
]);

type ComparisonOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

const COMPARISON: ReadonlyMap<string, ComparisonOp> = new Map([
  ['=', '='],
  ['<>', '<>'],
  ['!=', '<>'],
  ['<', '<'],
  ['<=', '<='],
  ['>', '>'],
  ['>=', '>='],
]);

export abstract class ExpressionParser extends TypeParser {
  /** Defined by the query layer; subqueries appear inside expressions. */
  public abstract query: ParserMethod<[], Query>;
  /** Defined by the function layer: everything that starts like a primary expression. */
  public abstract primary: ParserMethod<[], Expr>;

  /**
   * Whether the next token is a name or literal standing alone: the token after it (`end` lists
   * tokens that cannot continue an operand at this level) ends the expression. The precedence chain
   * below would return that primary unchanged after descending nine rules, so callers take it
   * directly; most expressions in real statements are such lone operands.
   */
  protected isLoneOperand(end: ReadonlySet<TokenType>): boolean {
    return LONE_OPERAND_START.has(this.LA(1).tokenType) && end.has(this.LA(2).tokenType);
  }

  protected binary(op: BinaryOperator, left: Expr, right: Expr): Expr {
    return { kind: 'BinaryExpr', op, left, right, span: this.spanBetween(left.span, right.span) };
  }

  public expression = this.RULE('expression', (): Expr => {
    if (!this.RECORDING_PHASE && this.isLoneOperand(EXPRESSION_END)) return this.SUBRULE(this.primary);
    let left = this.SUBRULE(this.andExpression);
    this.MANY(() => {
      this.CONSUME(K.OR);
      const right = this.SUBRULE2(this.andExpression);
      left = this.ACTION(() => this.binary('OR', left, right));
    });
    return left;
  });

  public andExpression = this.RULE('andExpression', (): Expr => {
    let left = this.SUBRULE(this.notExpression);
    this.MANY(() => {
      this.CONSUME(K.AND);
      const right = this.SUBRULE2(this.notExpression);
      left = this.ACTION(() => this.binary('AND', left, right));
    });
    return left;
  });

  public notExpression = this.RULE('notExpression', (): Expr => {
    return this.OR([
      alt(() => {
        const start = this.CONSUME(K.NOT);
        const operand = this.SUBRULE(this.notExpression);
        return this.ACTION(
          () => ({ kind: 'UnaryExpr', op: 'NOT', operand, span: this.spanFrom(start) }) as Expr,
        );
      }),
      alt(() => this.SUBRULE(this.predicate)),
    ]);
  });

  /** A concatenation followed by any number of comparison / IS / BETWEEN / LIKE / IN suffixes. */
  public predicate = this.RULE('predicate', (): Expr => {
    const start = this.LA(1);
    let left = this.SUBRULE(this.concatExpression);
    this.MANY(() => {
      left = this.OR([
        alt(() => this.SUBRULE(this.comparisonSuffix, { ARGS: [left, start] })),
        alt(() => this.SUBRULE(this.isSuffix, { ARGS: [left, start] })),
        alt(() => this.SUBRULE(this.negatableSuffix, { ARGS: [left, start] })),
      ]);
    });
    return left;
  });

  private comparisonSuffix = this.RULE('comparisonSuffix', (left: Expr, start: IToken): Expr => {
    const opTok = this.OR([
      alt(() => this.CONSUME(T.Equals)),
      alt(() => this.CONSUME(T.NotEquals)),
      alt(() => this.CONSUME(T.LessThan)),
      alt(() => this.CONSUME(T.LessOrEqual)),
      alt(() => this.CONSUME(T.GreaterThan)),
      alt(() => this.CONSUME(T.GreaterOrEqual)),
    ]);
    return this.OR2({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        gatedAlt(
          () => this.LA(2).tokenType === T.LParen && QUERY_START.has(this.LA(3).tokenType),
          () => {
            const q = this.OR3([
              alt(() => this.CONSUME(K.ANY)),
              alt(() => this.CONSUME(K.SOME)),
              alt(() => this.CONSUME(K.ALL)),
            ]);
            this.CONSUME(T.LParen);
            const query = this.SUBRULE(this.query);
            this.CONSUME(T.RParen);
            return this.ACTION(
              (): Expr => ({
                kind: 'QuantifiedComparisonExpr',
                op: COMPARISON.get(opTok.image)!,
                quantifier: q.image.toUpperCase() as 'ANY' | 'SOME' | 'ALL',
                operand: left,
                query,
                span: this.spanFrom(start),
              }),
            );
          },
        ),
        alt(() => {
          const right = this.SUBRULE(this.concatExpression);
          return this.ACTION(() => this.binary(COMPARISON.get(opTok.image)!, left, right));
        }),
      ],
    });
  });

  private isSuffix = this.RULE('isSuffix', (left: Expr, start: IToken): Expr => {
    this.CONSUME(K.IS);
    let negated = false;
    this.OPTION(() => {
      this.CONSUME(K.NOT);
      negated = true;
    });
    return this.OR([
      alt(() => {
        const tok = this.OR2([
          alt(() => this.CONSUME(K.NULL)),
          alt(() => this.CONSUME(K.TRUE)),
          alt(() => this.CONSUME(K.FALSE)),
          alt(() => this.CONSUME(K.UNKNOWN)),
        ]);
        return this.ACTION(
          (): Expr => ({
            kind: 'IsExpr',
            operand: left,
            test: tok.image.toUpperCase() as 'NULL' | 'TRUE' | 'FALSE' | 'UNKNOWN',
            negated,
            span: this.spanFrom(start),
          }),
        );
      }),
      alt(() => {
        this.CONSUME(K.JSON);
        let jsonType: 'VALUE' | 'SCALAR' | 'ARRAY' | 'OBJECT' | undefined;
        this.OPTION2(() => {
          const tok = this.OR3([
            alt(() => this.CONSUME(K.VALUE)),
            alt(() => this.CONSUME(K.SCALAR)),
            alt(() => this.CONSUME(K.ARRAY)),
            alt(() => this.CONSUME(K.OBJECT)),
          ]);
          jsonType = this.ACTION(() => tok.image.toUpperCase() as 'VALUE' | 'SCALAR' | 'ARRAY' | 'OBJECT');
        });
        return this.ACTION(
          (): Expr => ({
            kind: 'IsJsonExpr',
            operand: left,
            ...(jsonType === undefined ? {} : { jsonType }),
            negated,
            span: this.spanFrom(start),
          }),
        );
      }),
      alt(() => {
        this.CONSUME(K.DISTINCT);
        this.CONSUME(K.FROM);
        const right = this.SUBRULE(this.concatExpression);
        return this.ACTION(
          (): Expr => ({ kind: 'IsDistinctFromExpr', left, right, negated, span: this.spanFrom(start) }),
        );
      }),
    ]);
  });

  /** `[NOT] BETWEEN`, `[NOT] LIKE`, `[NOT] SIMILAR TO`, `[NOT] IN`. */
  private negatableSuffix = this.RULE('negatableSuffix', (left: Expr, start: IToken): Expr => {
    let negated = false;
    this.OPTION(() => {
      this.CONSUME(K.NOT);
      negated = true;
    });
    return this.OR([
      alt(() => {
        this.CONSUME(K.BETWEEN);
        let symmetric = false;
        this.OPTION2(() => {
          this.OR2([
            alt(() => this.CONSUME(K.ASYMMETRIC)),
            alt(() => {
              this.CONSUME(K.SYMMETRIC);
              return (symmetric = true);
            }),
          ]);
        });
        const low = this.SUBRULE(this.concatExpression);
        this.CONSUME(K.AND);
        const high = this.SUBRULE2(this.concatExpression);
        return this.ACTION(
          (): Expr => ({
            kind: 'BetweenExpr',
            operand: left,
            low,
            high,
            negated,
            symmetric,
            span: this.spanFrom(start),
          }),
        );
      }),
      alt(() => {
        const operator = this.OR3([
          alt(() => {
            this.CONSUME(K.LIKE);
            return 'LIKE' as const;
          }),
          alt(() => {
            this.CONSUME(K.SIMILAR);
            this.CONSUME(K.TO);
            return 'SIMILAR TO' as const;
          }),
        ]);
        const pattern = this.SUBRULE3(this.concatExpression);
        let escapeExpr: Expr | undefined;
        this.OPTION3(() => {
          this.CONSUME(K.ESCAPE);
          escapeExpr = this.SUBRULE4(this.concatExpression);
        });
        return this.ACTION(
          (): Expr => ({
            kind: 'LikeExpr',
            operator,
            operand: left,
            pattern,
            ...(escapeExpr === undefined ? {} : { escape: escapeExpr }),
            negated,
            span: this.spanFrom(start),
          }),
        );
      }),
      alt(() => {
        this.CONSUME(K.IN);
        this.CONSUME(T.LParen);
        const result = this.OR4({
          IGNORE_AMBIGUITIES: true,
          DEF: [
            gatedAlt(
              () => QUERY_START.has(this.LA(1).tokenType),
              () => {
                const query = this.SUBRULE(this.query);
                this.CONSUME(T.RParen);
                return this.ACTION(
                  (): Expr => ({
                    kind: 'InSubqueryExpr',
                    operand: left,
                    query,
                    negated,
                    span: this.spanFrom(start),
                  }),
                );
              },
            ),
            alt(() => {
              const items = this.SUBRULE(this.expressionList);
              this.CONSUME2(T.RParen);
              return this.ACTION(
                (): Expr => ({
                  kind: 'InListExpr',
                  operand: left,
                  items,
                  negated,
                  span: this.spanFrom(start),
                }),
              );
            }),
          ],
        });
        return result;
      }),
    ]);
  });

  public expressionList = this.RULE('expressionList', (): Expr[] => {
    const items: Expr[] = [];
    this.AT_LEAST_ONE_SEP(separated(T.Comma, () => items.push(this.SUBRULE(this.expression))));
    return items;
  });

  public concatExpression = this.RULE('concatExpression', (): Expr => {
    if (!this.RECORDING_PHASE && this.isLoneOperand(OPERAND_END)) return this.SUBRULE(this.primary);
    let left = this.SUBRULE(this.additiveExpression);
    this.MANY(() => {
      this.CONSUME(T.Concat);
      const right = this.SUBRULE2(this.additiveExpression);
      left = this.ACTION(() => this.binary('||', left, right));
    });
    return left;
  });

  public additiveExpression = this.RULE('additiveExpression', (): Expr => {
    let left = this.SUBRULE(this.multiplicativeExpression);
    this.MANY(() => {
      const op = this.OR([alt(() => this.CONSUME(T.Plus)), alt(() => this.CONSUME(T.Minus))]);
      const right = this.SUBRULE2(this.multiplicativeExpression);
      left = this.ACTION(() => this.binary(op.image as '+' | '-', left, right));
    });
    return left;
  });

  public multiplicativeExpression = this.RULE('multiplicativeExpression', (): Expr => {
    let left = this.SUBRULE(this.unaryExpression);
    this.MANY(() => {
      const op = this.OR([
        alt(() => this.CONSUME(T.Star)),
        alt(() => this.CONSUME(T.Slash)),
        alt(() => this.CONSUME(T.Percent)),
      ]);
      const right = this.SUBRULE2(this.unaryExpression);
      left = this.ACTION(() => this.binary(op.image as '*' | '/' | '%', left, right));
    });
    return left;
  });

  public unaryExpression = this.RULE('unaryExpression', (): Expr => {
    return this.OR([
      alt(() => {
        const op = this.OR2([alt(() => this.CONSUME(T.Minus)), alt(() => this.CONSUME(T.Plus))]);
        const operand = this.SUBRULE(this.unaryExpression);
        return this.ACTION(
          (): Expr => ({ kind: 'UnaryExpr', op: op.image as '-' | '+', operand, span: this.spanFrom(op) }),
        );
      }),
      alt(() => this.SUBRULE(this.postfixExpression)),
    ]);
  });

  /** `x[i]`, `x.field` after a primary; a dotted name stays one ColumnRef. */
  public postfixExpression = this.RULE('postfixExpression', (): Expr => {
    const start = this.LA(1);
    let operand = this.SUBRULE(this.primary);
    this.MANY(() => {
      this.OR([
        alt(() => {
          this.CONSUME(T.LBracket);
          const index = this.SUBRULE(this.expression);
          this.CONSUME(T.RBracket);
          operand = this.ACTION(() => ({ kind: 'ItemAccess', operand, index, span: this.spanFrom(start) }));
        }),
        alt(() => {
          const parenthesized = this.LA(0).tokenType === T.RParen;
          this.CONSUME(T.Dot);
          const field = this.SUBRULE(this.identifier);
          operand = this.ACTION((): Expr => {
            // `(r).f` is field access on an expression; `r.f` stays one dotted name.
            if (operand.kind === 'ColumnRef' && !parenthesized) {
              return { kind: 'ColumnRef', parts: [...operand.parts, field], span: this.spanFrom(start) };
            }
            return { kind: 'FieldAccess', operand, field, span: this.spanFrom(start) };
          });
        }),
      ]);
    });
    return operand;
  });

  /** A plain name as a one-part ColumnRef (further parts come from postfix `.field`). */
  protected columnRefFromToken(tok: IToken): Expr {
    const id: Identifier = identifierFromToken(tok);
    return { kind: 'ColumnRef', parts: [id], span: id.span };
  }
}
