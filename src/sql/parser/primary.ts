/**
 * Primary expressions: literals, names, function calls (with DISTINCT, FILTER, WITHIN GROUP, null
 * treatment and OVER), CASE, constructors, parenthesised expressions and subqueries; plus the window
 * specifications and ORDER BY items they use.
 */
import type { IOrAlt, IToken, TokenType } from 'chevrotain';
import type {
  Expr,
  FunctionCall,
  Identifier,
  OrderItem,
  QualifiedName,
  WhenClause,
  WindowSpec,
} from '../ast.ts';
import * as T from '../tokens.ts';
import { alt, gatedAlt, identifierFromToken, separated, tokenSpan } from './base.ts';
import { WindowParser } from './windows.ts';

const K = T.K;

/** Functions callable without parentheses. */
const NILADIC = new Set(['CURRENT_TIMESTAMP', 'CURRENT_DATE', 'CURRENT_TIME', 'LOCALTIME', 'LOCALTIMESTAMP']);

/**
 * Reserved context variables Calcite parses as plain identifiers that Flink's operator table has no
 * function for: the validator then resolves them as columns (`SELECT user FROM t`).
 */
const CONTEXT_VARIABLE_COLUMNS = new Set(['USER']);

const QUERY_START = new Set([K.SELECT, K.WITH, K.VALUES]);

/** Tokens that can only start a `literal` among the alternatives of `primary`. */
const LITERAL_FIRST = new Set<TokenType>([
  T.IntegerLiteral,
  T.DecimalLiteral,
  T.StringLiteral,
  T.UnicodeStringLiteral,
  T.BinaryStringLiteral,
]);

/** Decodes the body of `U&'...'`: `\XXXX` and `\+XXXXXX` escapes, `\\` for the escape character. */
export function decodeUnicodeString(body: string, escapeChar: string): string | undefined {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== escapeChar) {
      out += c;
      continue;
    }
    if (body[i + 1] === escapeChar) {
      out += escapeChar;
      i++;
      continue;
    }
    const long = body[i + 1] === '+';
    const hex = long ? body.slice(i + 2, i + 8) : body.slice(i + 1, i + 5);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== (long ? 6 : 4)) return undefined;
    out += String.fromCodePoint(Number.parseInt(hex, 16));
    i += long ? 7 : 4;
  }
  return out;
}

export abstract class PrimaryParser extends WindowParser {
  /** The alternatives of `primary` and `literal` capture no per-call state, so they are built once. */
  private primaryAlternatives: IOrAlt<Expr>[] | undefined;
  private literalAlternatives: IOrAlt<Expr>[] | undefined;

  public primary = this.RULE('primary', (): Expr => {
    if (!this.RECORDING_PHASE) {
      // Most primaries are names and literals: skip the 18-way lookahead for them.
      const type = this.LA(1).tokenType;
      if (type === T.PlainIdentifier || type === T.QuotedIdentifier) return this.SUBRULE(this.nameOrCall);
      if (LITERAL_FIRST.has(type)) return this.SUBRULE(this.literal);
    }
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: (this.primaryAlternatives ??= [
        alt(() => this.SUBRULE(this.literal)),
        alt(() => {
          const tok = this.CONSUME(T.Question);
          return this.ACTION(
            (): Expr => ({ kind: 'Parameter', index: this.parameterCount++, span: tokenSpan(tok) }),
          );
        }),
        alt(() => this.SUBRULE(this.caseExpression)),
        alt(() => this.SUBRULE(this.castExpression)),
        alt(() => this.SUBRULE(this.extractExpression)),
        alt(() => this.SUBRULE(this.floorCeilExpression)),
        alt(() => this.SUBRULE(this.positionExpression)),
        alt(() => this.SUBRULE(this.substringExpression)),
        alt(() => this.SUBRULE(this.trimExpression)),
        alt(() => this.SUBRULE(this.overlayExpression)),
        alt(() => this.SUBRULE(this.timestampArithmetic)),
        alt(() => this.SUBRULE(this.jsonValueExpression)),
        alt(() => this.SUBRULE(this.jsonObjectExpression)),
        alt(() => this.SUBRULE(this.jsonArrayExpression)),
        alt(() => this.SUBRULE(this.constructorExpression)),
        alt(() => {
          const start = this.CONSUME(K.EXISTS);
          this.CONSUME(T.LParen);
          const query = this.SUBRULE(this.query);
          this.CONSUME(T.RParen);
          return this.ACTION((): Expr => ({ kind: 'ExistsExpr', query, span: this.spanFrom(start) }));
        }),
        alt(() => this.SUBRULE(this.parenthesizedExpression)),
        alt(() => this.SUBRULE(this.nameOrCall)),
      ]),
    });
  });

  public literal = this.RULE('literal', (): Expr => {
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: (this.literalAlternatives ??= [
        alt(() => {
          const tok = this.CONSUME(T.NumericLiteral);
          return this.ACTION(
            (): Expr => ({
              kind: 'NumericLiteral',
              text: tok.image,
              approximate: /[eE]/.test(tok.image),
              span: tokenSpan(tok),
            }),
          );
        }),
        alt(() => {
          const start = this.LA(1);
          const value = this.SUBRULE(this.stringValue);
          return this.ACTION((): Expr => ({ kind: 'StringLiteral', value, span: this.spanFrom(start) }));
        }),
        alt(() => {
          const tok = this.CONSUME(T.UnicodeStringLiteral);
          const start = tok;
          let escapeChar = '\\';
          this.OPTION(() => {
            this.CONSUME(K.UESCAPE);
            const esc = this.CONSUME(T.StringLiteral);
            escapeChar = this.ACTION(() => String(esc.payload));
          });
          return this.ACTION((): Expr => {
            if (escapeChar.length !== 1) this.fail(tok, 'UESCAPE takes exactly one character');
            const value = decodeUnicodeString(String(tok.payload), escapeChar);
            if (value === undefined) {
              this.fail(
                tok,
                'Invalid Unicode escape in U& string literal',
                'write \\XXXX or \\+XXXXXX (hex digits)',
              );
            }
            return { kind: 'StringLiteral', value, span: this.spanFrom(start) };
          });
        }),
        alt(() => {
          const tok = this.CONSUME(T.BinaryStringLiteral);
          return this.ACTION((): Expr => {
            const hex = String(tok.payload).replace(/\s+/g, '');
            if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0) {
              this.fail(tok, "Invalid binary literal: X'...' needs an even number of hex digits");
            }
            return { kind: 'BinaryLiteral', hex: hex.toUpperCase(), span: tokenSpan(tok) };
          });
        }),
        alt(() => {
          const tok = this.CONSUME(K.TRUE);
          return this.ACTION((): Expr => ({ kind: 'BooleanLiteral', value: true, span: tokenSpan(tok) }));
        }),
        alt(() => {
          const tok = this.CONSUME(K.FALSE);
          return this.ACTION((): Expr => ({ kind: 'BooleanLiteral', value: false, span: tokenSpan(tok) }));
        }),
        alt(() => {
          const tok = this.CONSUME(K.NULL);
          return this.ACTION((): Expr => ({ kind: 'NullLiteral', span: tokenSpan(tok) }));
        }),
        alt(() => this.SUBRULE(this.dateTimeLiteral)),
        alt(() => this.SUBRULE(this.intervalLiteral)),
      ]),
    });
  });

  private dateTimeLiteral = this.RULE('dateTimeLiteral', (): Expr => {
    const tok = this.OR([
      alt(() => this.CONSUME(K.DATE)),
      alt(() => this.CONSUME(K.TIME)),
      alt(() => this.CONSUME(K.TIMESTAMP)),
      alt(() => this.CONSUME(K.TIMESTAMP_LTZ)),
    ]);
    const value = this.SUBRULE(this.stringValue);
    return this.ACTION(
      (): Expr => ({
        kind: 'DateTimeLiteral',
        type: tok.image.toUpperCase() as 'DATE' | 'TIME' | 'TIMESTAMP' | 'TIMESTAMP_LTZ',
        value,
        span: this.spanFrom(tok),
      }),
    );
  });

  /** `INTERVAL '10' SECOND`, `INTERVAL -'2' DAY`, `INTERVAL '1:30' MINUTE TO SECOND`, `INTERVAL 5 DAYS`. */
  private intervalLiteral = this.RULE('intervalLiteral', (): Expr => {
    const start = this.CONSUME(K.INTERVAL);
    let negative = false;
    this.OPTION(() => {
      this.OR([
        alt(() => {
          this.CONSUME(T.Minus);
          return (negative = true);
        }),
        alt(() => this.CONSUME(T.Plus)),
      ]);
    });
    const value = this.OR2([
      alt(() => this.SUBRULE(this.stringValue)),
      alt(() => {
        const tok = this.CONSUME(T.NumericLiteral);
        return this.ACTION(() => tok.image);
      }),
    ]);
    const qualifier = this.SUBRULE(this.intervalQualifier);
    return this.ACTION(
      (): Expr => ({ kind: 'IntervalLiteral', negative, value, qualifier, span: this.spanFrom(start) }),
    );
  });

  private caseExpression = this.RULE('caseExpression', (): Expr => {
    const start = this.CONSUME(K.CASE);
    let operand: Expr | undefined;
    let elseExpr: Expr | undefined;
    const whens: WhenClause[] = [];
    this.OPTION(() => {
      operand = this.SUBRULE(this.expression);
    });
    this.AT_LEAST_ONE(() => {
      const whenTok = this.CONSUME(K.WHEN);
      const when = this.SUBRULE2(this.expression);
      this.CONSUME(K.THEN);
      const then = this.SUBRULE3(this.expression);
      this.ACTION(() => whens.push({ kind: 'WhenClause', when, then, span: this.spanFrom(whenTok) }));
    });
    this.OPTION2(() => {
      this.CONSUME(K.ELSE);
      elseExpr = this.SUBRULE4(this.expression);
    });
    this.CONSUME(K.END);
    return this.ACTION(
      (): Expr => ({
        kind: 'CaseExpr',
        ...(operand === undefined ? {} : { operand }),
        whens,
        ...(elseExpr === undefined ? {} : { else: elseExpr }),
        span: this.spanFrom(start),
      }),
    );
  });

  /** ROW(a, b), ARRAY[a, b], MAP[k, v]. */
  private constructorExpression = this.RULE('constructorExpression', (): Expr => {
    const start = this.LA(1);
    const items: Expr[] = [];
    return this.OR([
      alt(() => {
        this.CONSUME(K.ROW);
        this.CONSUME(T.LParen);
        this.MANY_SEP(separated(T.Comma, () => items.push(this.SUBRULE(this.expression))));
        this.CONSUME(T.RParen);
        return this.ACTION(
          (): Expr => ({ kind: 'RowConstructor', items, explicit: true, span: this.spanFrom(start) }),
        );
      }),
      alt(() => {
        this.CONSUME(K.ARRAY);
        this.CONSUME(T.LBracket);
        this.MANY_SEP2(separated(T.Comma, () => items.push(this.SUBRULE2(this.expression))));
        this.CONSUME(T.RBracket);
        return this.ACTION((): Expr => ({ kind: 'ArrayConstructor', items, span: this.spanFrom(start) }));
      }),
      alt(() => {
        this.CONSUME(K.MAP);
        this.CONSUME2(T.LBracket);
        this.MANY_SEP3(separated(T.Comma, () => items.push(this.SUBRULE3(this.expression))));
        this.CONSUME2(T.RBracket);
        return this.ACTION((): Expr => ({ kind: 'MapConstructor', items, span: this.spanFrom(start) }));
      }),
    ]);
  });

  /** `(query)`, `(expr)` or `(a, b)` (an implicit ROW). */
  private parenthesizedExpression = this.RULE('parenthesizedExpression', (): Expr => {
    const start = this.CONSUME(T.LParen);
    return this.OR([
      gatedAlt(
        () => QUERY_START.has(this.LA(1).tokenType),
        () => {
          const query = this.SUBRULE(this.query);
          this.CONSUME(T.RParen);
          return this.ACTION((): Expr => ({ kind: 'ScalarSubquery', query, span: this.spanFrom(start) }));
        },
      ),
      alt(() => {
        const items = this.SUBRULE(this.expressionList);
        this.CONSUME2(T.RParen);
        return this.ACTION((): Expr => {
          if (items.length === 1) return items[0]!;
          return { kind: 'RowConstructor', items, explicit: false, span: this.spanFrom(start) };
        });
      }),
    ]);
  });

  /** A column reference, a niladic function, or a function call with its suffixes. */
  private nameOrCall = this.RULE('nameOrCall', (): Expr => {
    const first = this.CONSUME(T.FunctionName);
    const parts: IToken[] = [first];
    this.MANY(() => {
      this.CONSUME(T.Dot);
      parts.push(this.CONSUME(T.Identifier));
    });
    let call: FunctionCall | undefined;
    this.OPTION(() => {
      call = this.SUBRULE(this.functionCallTail, { ARGS: [parts] });
    });
    return this.ACTION((): Expr => {
      if (call !== undefined) return call;
      const word = String(first.payload ?? '');
      if (parts.length === 1 && first.tokenType !== T.QuotedIdentifier && NILADIC.has(word)) {
        return {
          kind: 'FunctionCall',
          name: this.nameFromTokens(parts),
          args: [],
          distinct: false,
          star: false,
          noParens: true,
          span: tokenSpan(first),
        };
      }
      const contextVariable = parts.length === 1 && CONTEXT_VARIABLE_COLUMNS.has(word.toUpperCase());
      if (T.isReservedWord(word) && first.tokenType !== T.QuotedIdentifier && !contextVariable) {
        this.fail(
          first,
          `Unexpected keyword '${first.image}'`,
          `\`${first.image}\` is a reserved keyword; quote it with backticks`,
        );
      }
      const ids = parts.map(identifierFromToken);
      return { kind: 'ColumnRef', parts: ids, span: this.spanFrom(first) };
    });
  });

  protected nameFromTokens(parts: IToken[]): QualifiedName {
    const ids = parts.map(identifierFromToken);
    return {
      kind: 'QualifiedName',
      parts: ids,
      span: this.spanBetween(ids[0]!.span, ids[ids.length - 1]!.span),
    };
  }

  /** `( [DISTINCT|ALL] args | * ) [WITHIN GROUP (...)] [FILTER (WHERE ...)] [RESPECT|IGNORE NULLS] [OVER ...]`. */
  private functionCallTail = this.RULE('functionCallTail', (parts: IToken[]): FunctionCall => {
    this.CONSUME(T.LParen);
    let distinct = false;
    let star = false;
    const args: Expr[] = [];
    this.OPTION(() => {
      this.OR([
        alt(() => {
          this.CONSUME(K.DISTINCT);
          return (distinct = true);
        }),
        alt(() => this.CONSUME(K.ALL)),
      ]);
    });
    this.OPTION2(() => {
      this.OR2([
        alt(() => {
          this.CONSUME(T.Star);
          return (star = true);
        }),
        alt(() =>
          this.AT_LEAST_ONE_SEP(separated(T.Comma, () => args.push(this.SUBRULE(this.functionArgument)))),
        ),
      ]);
    });
    this.CONSUME(T.RParen);
    let withinGroup: OrderItem[] | undefined;
    let filter: Expr | undefined;
    let nullTreatment: 'RESPECT NULLS' | 'IGNORE NULLS' | undefined;
    let over: WindowSpec | Identifier | undefined;
    this.OPTION3(() => {
      this.CONSUME(K.WITHIN);
      this.CONSUME(K.GROUP);
      this.CONSUME2(T.LParen);
      withinGroup = this.SUBRULE(this.orderByClause);
      this.CONSUME2(T.RParen);
    });
    this.OPTION4(() => {
      this.CONSUME(K.FILTER);
      this.CONSUME3(T.LParen);
      this.CONSUME(K.WHERE);
      filter = this.SUBRULE(this.expression);
      this.CONSUME3(T.RParen);
    });
    this.OPTION5(() => {
      nullTreatment = this.OR3([
        alt(() => {
          this.CONSUME(K.RESPECT);
          this.CONSUME(K.NULLS);
          return 'RESPECT NULLS' as const;
        }),
        alt(() => {
          this.CONSUME(K.IGNORE);
          this.CONSUME2(K.NULLS);
          return 'IGNORE NULLS' as const;
        }),
      ]);
    });
    this.OPTION6(() => {
      this.CONSUME(K.OVER);
      over = this.OR4([alt(() => this.SUBRULE(this.windowSpec)), alt(() => this.SUBRULE(this.identifier))]);
    });
    return this.ACTION(() => ({
      kind: 'FunctionCall',
      name: this.nameFromTokens(parts),
      args,
      distinct,
      star,
      ...(filter === undefined ? {} : { filter }),
      ...(withinGroup === undefined ? {} : { withinGroup }),
      ...(nullTreatment === undefined ? {} : { nullTreatment }),
      ...(over === undefined ? {} : { over }),
      noParens: false,
      span: this.spanFrom(parts[0]!),
    }));
  });

  /** A call argument: an expression, `name => value`, `TABLE t [PARTITION BY ..] [ORDER BY ..]`, `DESCRIPTOR(..)`. */
  public functionArgument = this.RULE('functionArgument', (): Expr => {
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        gatedAlt(
          () => this.LA(2).tokenType === T.Arrow,
          () => {
            const nameTok = this.CONSUME(T.AnyWord);
            const name = this.ACTION(() => identifierFromToken(nameTok));
            this.CONSUME(T.Arrow);
            const value = this.SUBRULE(this.argumentValue);
            return this.ACTION(
              (): Expr => ({
                kind: 'NamedArgument',
                name,
                value,
                span: this.spanBetween(name.span, value.span),
              }),
            );
          },
        ),
        alt(() => this.SUBRULE2(this.argumentValue)),
      ],
    });
  });

  private argumentValue = this.RULE('argumentValue', (): Expr => {
    const start = this.LA(1);
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        alt(() => {
          this.CONSUME(K.TABLE);
          const name = this.SUBRULE(this.qualifiedName);
          let partitionBy: Expr[] = [];
          let orderBy: OrderItem[] = [];
          this.OPTION(() => {
            this.CONSUME(K.PARTITION);
            this.CONSUME(K.BY);
            // `PARTITION BY (a, b)` lists keys in parentheses; a bare list would swallow later arguments.
            const keys = this.SUBRULE(this.expression);
            partitionBy = this.ACTION(() =>
              keys.kind === 'RowConstructor' && !keys.explicit ? [...keys.items] : [keys],
            );
          });
          this.OPTION2(() => {
            this.CONSUME(K.ORDER);
            this.CONSUME2(K.BY);
            orderBy = this.SUBRULE(this.orderByList);
          });
          return this.ACTION(
            (): Expr => ({ kind: 'TableArgument', name, partitionBy, orderBy, span: this.spanFrom(start) }),
          );
        }),
        alt(() => {
          this.CONSUME(K.DESCRIPTOR);
          const columns = this.SUBRULE(this.identifierList);
          return this.ACTION((): Expr => ({ kind: 'DescriptorExpr', columns, span: this.spanFrom(start) }));
        }),
        alt(() => this.SUBRULE2(this.expression)),
      ],
    });
  });
}
