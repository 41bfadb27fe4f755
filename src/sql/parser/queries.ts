/**
 * Queries: WITH, set operations (INTERSECT binds tighter than UNION / EXCEPT), SELECT with its
 * clauses, VALUES, ORDER BY / LIMIT / OFFSET / FETCH, and hints.
 */
import type { ParserMethod } from 'chevrotain';
import type {
  CommonTableExpr,
  Expr,
  GroupingElement,
  Hint,
  Identifier,
  NamedWindow,
  OrderItem,
  Property,
  Query,
  QueryBody,
  SelectItem,
  TableRef,
} from '../ast.ts';
import * as T from '../tokens.ts';
import { alt, gatedAlt, identifierFromToken, separated, tokenSpan } from './base.ts';
import { PrimaryParser } from './primary.ts';

const K = T.K;

export abstract class QueryParser extends PrimaryParser {
  public abstract tableReference: ParserMethod<[], TableRef>;

  public query = this.RULE('query', (): Query => {
    const start = this.LA(1);
    let ctes: CommonTableExpr[] = [];
    let orderBy: OrderItem[] = [];
    let limit: Expr | undefined;
    let offset: Expr | undefined;
    let fetchSyntax = false;
    this.OPTION(() => {
      ctes = this.SUBRULE(this.withClause);
    });
    const body = this.SUBRULE(this.queryExpression);
    this.OPTION2(() => {
      orderBy = this.SUBRULE(this.orderByClause);
    });
    this.OPTION3(() => {
      this.CONSUME(K.LIMIT);
      limit = this.OR([
        alt(() => this.SUBRULE(this.rowCount)),
        alt(() => {
          this.CONSUME(K.ALL);
          return undefined;
        }),
      ]);
    });
    this.OPTION4(() => {
      this.CONSUME(K.OFFSET);
      offset = this.SUBRULE2(this.rowCount);
      this.OPTION5(() => this.OR2([alt(() => this.CONSUME(K.ROW)), alt(() => this.CONSUME(K.ROWS))]));
    });
    this.OPTION6(() => {
      this.CONSUME(K.FETCH);
      this.OR3([alt(() => this.CONSUME(K.FIRST)), alt(() => this.CONSUME(K.NEXT))]);
      limit = this.SUBRULE3(this.rowCount);
      this.OR4([alt(() => this.CONSUME2(K.ROW)), alt(() => this.CONSUME2(K.ROWS))]);
      this.CONSUME(K.ONLY);
      fetchSyntax = true;
    });
    return this.ACTION(() => ({
      kind: 'Query',
      with: ctes,
      body,
      orderBy,
      ...(limit === undefined ? {} : { limit }),
      ...(offset === undefined ? {} : { offset }),
      fetchSyntax,
      span: this.spanFrom(start),
    }));
  });

  /** LIMIT / OFFSET / FETCH counts: an integer or a `?` parameter. */
  private rowCount = this.RULE('rowCount', (): Expr => {
    return this.OR([
      alt(() => {
        const tok = this.CONSUME(T.IntegerLiteral);
        return this.ACTION(
          (): Expr => ({
            kind: 'NumericLiteral',
            text: tok.image,
            approximate: false,
            span: tokenSpan(tok),
          }),
        );
      }),
      alt(() => {
        const tok = this.CONSUME(T.Question);
        return this.ACTION(
          (): Expr => ({ kind: 'Parameter', index: this.parameterCount++, span: tokenSpan(tok) }),
        );
      }),
    ]);
  });

  private withClause = this.RULE('withClause', (): CommonTableExpr[] => {
    const ctes: CommonTableExpr[] = [];
    this.CONSUME(K.WITH);
    this.AT_LEAST_ONE_SEP(separated(T.Comma, () => ctes.push(this.SUBRULE(this.commonTableExpression))));
    return ctes;
  });

  private commonTableExpression = this.RULE('commonTableExpression', (): CommonTableExpr => {
    const start = this.LA(1);
    const name = this.SUBRULE(this.identifier);
    let columns: Identifier[] = [];
    this.OPTION(() => {
      columns = this.SUBRULE(this.identifierList);
    });
    this.CONSUME(K.AS);
    this.CONSUME(T.LParen);
    const query = this.SUBRULE(this.query);
    this.CONSUME(T.RParen);
    return this.ACTION(() => ({ kind: 'CommonTableExpr', name, columns, query, span: this.spanFrom(start) }));
  });

  /** UNION / EXCEPT over INTERSECT terms, left-associative. */
  public queryExpression = this.RULE('queryExpression', (): QueryBody => {
    let left = this.SUBRULE(this.intersectTerm);
    this.MANY(() => {
      const op = this.OR([alt(() => this.CONSUME(K.UNION)), alt(() => this.CONSUME(K.EXCEPT))]);
      const all = this.SUBRULE(this.setQuantifier);
      const right = this.SUBRULE2(this.intersectTerm);
      left = this.ACTION(() => ({
        kind: 'SetOperation',
        op: op.tokenType === K.UNION ? 'UNION' : 'EXCEPT',
        all,
        left,
        right,
        span: this.spanBetween(left.span, right.span),
      }));
    });
    return left;
  });

  private intersectTerm = this.RULE('intersectTerm', (): QueryBody => {
    let left = this.SUBRULE(this.queryPrimary);
    this.MANY(() => {
      this.CONSUME(K.INTERSECT);
      const all = this.SUBRULE(this.setQuantifier);
      const right = this.SUBRULE2(this.queryPrimary);
      left = this.ACTION(() => ({
        kind: 'SetOperation',
        op: 'INTERSECT',
        all,
        left,
        right,
        span: this.spanBetween(left.span, right.span),
      }));
    });
    return left;
  });

  /** `[ALL | DISTINCT]` after a set operator: true for ALL. */
  private setQuantifier = this.RULE('setQuantifier', (): boolean => {
    let all = false;
    this.OPTION(() => {
      this.OR([
        alt(() => {
          this.CONSUME(K.ALL);
          return (all = true);
        }),
        alt(() => this.CONSUME(K.DISTINCT)),
      ]);
    });
    return all;
  });

  private queryPrimary = this.RULE('queryPrimary', (): QueryBody => {
    return this.OR([
      alt(() => this.SUBRULE(this.selectQuery)),
      alt(() => this.SUBRULE(this.valuesQuery)),
      alt(() => {
        const start = this.CONSUME(T.LParen);
        const query = this.SUBRULE(this.query);
        this.CONSUME(T.RParen);
        return this.ACTION((): QueryBody => ({ ...query, span: this.spanFrom(start) }));
      }),
    ]);
  });

  public valuesQuery = this.RULE('valuesQuery', (): QueryBody => {
    const start = this.CONSUME(K.VALUES);
    const rows = this.SUBRULE(this.expressionList);
    return this.ACTION(() => ({ kind: 'ValuesQuery', rows, span: this.spanFrom(start) }));
  });

  public selectQuery = this.RULE('selectQuery', (): QueryBody => {
    const start = this.CONSUME(K.SELECT);
    let hints: Hint[] = [];
    let quantifier: 'ALL' | 'DISTINCT' | undefined;
    const items: SelectItem[] = [];
    let from: TableRef | undefined;
    let where: Expr | undefined;
    let groupBy: GroupingElement[] = [];
    let having: Expr | undefined;
    const windows: NamedWindow[] = [];
    this.OPTION(() => {
      hints = this.SUBRULE(this.hintList);
    });
    this.OPTION2(() => {
      quantifier = this.OR([
        alt(() => {
          this.CONSUME(K.ALL);
          return 'ALL' as const;
        }),
        alt(() => {
          this.CONSUME(K.DISTINCT);
          return 'DISTINCT' as const;
        }),
      ]);
    });
    this.AT_LEAST_ONE_SEP(separated(T.Comma, () => items.push(this.SUBRULE(this.selectItem))));
    this.OPTION3(() => {
      this.CONSUME(K.FROM);
      from = this.SUBRULE(this.tableReference);
    });
    this.OPTION4(() => {
      this.CONSUME(K.WHERE);
      where = this.SUBRULE(this.expression);
    });
    this.OPTION5(() => {
      this.CONSUME(K.GROUP);
      this.CONSUME(K.BY);
      groupBy = this.SUBRULE(this.groupingElementList);
    });
    this.OPTION6(() => {
      this.CONSUME(K.HAVING);
      having = this.SUBRULE2(this.expression);
    });
    this.OPTION7(() => {
      this.CONSUME(K.WINDOW);
      this.AT_LEAST_ONE_SEP2(separated(T.Comma, () => windows.push(this.SUBRULE(this.namedWindow))));
    });
    return this.ACTION(() => ({
      kind: 'SelectQuery',
      hints,
      ...(quantifier === undefined ? {} : { quantifier }),
      items,
      ...(from === undefined ? {} : { from }),
      ...(where === undefined ? {} : { where }),
      groupBy,
      ...(having === undefined ? {} : { having }),
      windows,
      span: this.spanFrom(start),
    }));
  });

  /** Whether the next tokens are `name.name. ... .*`. */
  private atQualifiedStar(): boolean {
    let i = 1;
    for (;;) {
      const tok = this.LA(i);
      if (
        !(
          tok.tokenType === T.QuotedIdentifier ||
          tok.tokenType === T.PlainIdentifier ||
          T.NON_RESERVED_WORDS.has(String(tok.payload))
        )
      )
        return false;
      if (this.LA(i + 1).tokenType !== T.Dot) return false;
      if (this.LA(i + 2).tokenType === T.Star) return true;
      i += 2;
    }
  }

  public selectItem = this.RULE('selectItem', (): SelectItem => {
    const start = this.LA(1);
    return this.OR([
      alt(() => {
        this.CONSUME(T.Star);
        return this.ACTION(
          (): SelectItem => ({ kind: 'SelectStar', qualifier: [], span: this.spanFrom(start) }),
        );
      }),
      gatedAlt(
        () => this.atQualifiedStar(),
        () => {
          const qualifier: Identifier[] = [];
          this.AT_LEAST_ONE(() => {
            qualifier.push(this.SUBRULE(this.identifier));
            this.CONSUME(T.Dot);
          });
          this.CONSUME2(T.Star);
          return this.ACTION(
            (): SelectItem => ({ kind: 'SelectStar', qualifier, span: this.spanFrom(start) }),
          );
        },
      ),
      alt(() => {
        const expr = this.SUBRULE(this.expression);
        let alias: Identifier | undefined;
        this.OPTION(() => {
          this.OPTION2(() => this.CONSUME(K.AS));
          alias = this.SUBRULE2(this.identifier);
        });
        return this.ACTION(
          (): SelectItem => ({
            kind: 'SelectExpr',
            expr,
            ...(alias === undefined ? {} : { alias }),
            span: this.spanFrom(start),
          }),
        );
      }),
    ]);
  });

  private groupingElementList = this.RULE('groupingElementList', (): GroupingElement[] => {
    const items: GroupingElement[] = [];
    this.AT_LEAST_ONE_SEP(separated(T.Comma, () => items.push(this.SUBRULE(this.groupingElement))));
    return items;
  });

  public groupingElement = this.RULE('groupingElement', (): GroupingElement => {
    const start = this.LA(1);
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        alt(() => {
          this.CONSUME(K.GROUPING);
          this.CONSUME(K.SETS);
          this.CONSUME(T.LParen);
          const sets = this.SUBRULE(this.groupingElementList);
          this.CONSUME(T.RParen);
          return this.ACTION(
            (): GroupingElement => ({ kind: 'GroupingSets', sets, span: this.spanFrom(start) }),
          );
        }),
        alt(() => {
          const tok = this.OR2([alt(() => this.CONSUME(K.ROLLUP)), alt(() => this.CONSUME(K.CUBE))]);
          this.CONSUME2(T.LParen);
          const items = this.SUBRULE2(this.groupingElementList);
          this.CONSUME2(T.RParen);
          return this.ACTION((): GroupingElement => {
            const plain = items.map((item) => {
              if (item.kind === 'GroupingSets' || item.kind === 'Rollup' || item.kind === 'Cube') {
                this.fail(tok, `${tok.image.toUpperCase()} takes expressions or parenthesised lists`);
              }
              return item;
            });
            return {
              kind: tok.tokenType === K.ROLLUP ? 'Rollup' : 'Cube',
              items: plain,
              span: this.spanFrom(start),
            };
          });
        }),
        alt(() => {
          this.CONSUME3(T.LParen);
          this.CONSUME3(T.RParen);
          return this.ACTION(
            (): GroupingElement => ({ kind: 'GroupingList', items: [], span: this.spanFrom(start) }),
          );
        }),
        alt(() => {
          const expr = this.SUBRULE(this.expression);
          return this.ACTION((): GroupingElement => {
            if (expr.kind === 'RowConstructor' && !expr.explicit) {
              return { kind: 'GroupingList', items: expr.items, span: expr.span };
            }
            return expr;
          });
        }),
      ],
    });
  });

  private namedWindow = this.RULE('namedWindow', (): NamedWindow => {
    const start = this.LA(1);
    const name = this.SUBRULE(this.identifier);
    this.CONSUME(K.AS);
    const spec = this.SUBRULE(this.windowSpec);
    return this.ACTION(() => ({ kind: 'NamedWindow', name, spec, span: this.spanFrom(start) }));
  });

  /** `/*+ NAME(args), NAME('k' = 'v') *\/`. */
  public hintList = this.RULE('hintList', (): Hint[] => {
    const hints: Hint[] = [];
    this.CONSUME(T.HintStart);
    this.AT_LEAST_ONE_SEP(separated(T.Comma, () => hints.push(this.SUBRULE(this.hint))));
    this.CONSUME(T.HintEnd);
    return hints;
  });

  private hint = this.RULE('hint', (): Hint => {
    const start = this.LA(1);
    const name = this.SUBRULE(this.identifier);
    const options: Property[] = [];
    const args: Identifier[] = [];
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.OR([
        alt(() => this.AT_LEAST_ONE_SEP(separated(T.Comma, () => options.push(this.SUBRULE(this.property))))),
        alt(() =>
          this.AT_LEAST_ONE_SEP2(separated(T.Comma, () => args.push(this.SUBRULE(this.hintArgument)))),
        ),
      ]);
      this.CONSUME(T.RParen);
    });
    return this.ACTION(() => ({ kind: 'Hint', name, options, args, span: this.spanFrom(start) }));
  });

  /** A hint argument: a name, or a name written as a string (`'t'`). */
  private hintArgument = this.RULE('hintArgument', (): Identifier => {
    return this.OR([
      alt(() => this.SUBRULE(this.identifier)),
      alt(() => {
        const tok = this.CONSUME(T.StringLiteral);
        return this.ACTION(() => ({
          ...identifierFromToken(tok),
          value: String(tok.payload),
          quoted: true,
        }));
      }),
    ]);
  });
}
