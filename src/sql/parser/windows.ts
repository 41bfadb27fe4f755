/**
 * ORDER BY items and window specifications (`OVER (PARTITION BY .. ORDER BY .. ROWS ..)`), used by
 * function calls, WITHIN GROUP, JSON_ARRAYAGG, the WINDOW clause and MATCH_RECOGNIZE.
 */
import type { Expr, FrameBound, Identifier, OrderItem, WindowFrame, WindowSpec } from '../ast.ts';
import * as T from '../tokens.ts';
import { alt, gated, separated } from './base.ts';
import { SpecialFunctionParser } from './special-functions.ts';

const K = T.K;

const WINDOW_SPEC_FOLLOW = new Set([K.PARTITION, K.ORDER, K.ROWS, K.RANGE, T.RParen]);

export abstract class WindowParser extends SpecialFunctionParser {
  /** `ORDER BY items` (used by WITHIN GROUP). */
  public orderByClause = this.RULE('orderByClause', (): OrderItem[] => {
    this.CONSUME(K.ORDER);
    this.CONSUME(K.BY);
    return this.SUBRULE(this.orderByList);
  });

  public orderByList = this.RULE('orderByList', (): OrderItem[] => {
    const items: OrderItem[] = [];
    this.AT_LEAST_ONE_SEP(separated(T.Comma, () => items.push(this.SUBRULE(this.orderItem))));
    return items;
  });

  public orderItem = this.RULE('orderItem', (): OrderItem => {
    const start = this.LA(1);
    const expr = this.SUBRULE(this.expression);
    let direction: 'ASC' | 'DESC' | undefined;
    let nulls: 'FIRST' | 'LAST' | undefined;
    this.OPTION(() => {
      direction = this.OR([
        alt(() => {
          this.CONSUME(K.ASC);
          return 'ASC' as const;
        }),
        alt(() => {
          this.CONSUME(K.DESC);
          return 'DESC' as const;
        }),
      ]);
    });
    this.OPTION2(() => {
      this.CONSUME(K.NULLS);
      nulls = this.OR2([
        alt(() => {
          this.CONSUME(K.FIRST);
          return 'FIRST' as const;
        }),
        alt(() => {
          this.CONSUME(K.LAST);
          return 'LAST' as const;
        }),
      ]);
    });
    return this.ACTION(() => ({
      kind: 'OrderItem',
      expr,
      ...(direction === undefined ? {} : { direction }),
      ...(nulls === undefined ? {} : { nulls }),
      span: this.spanFrom(start),
    }));
  });

  /** `( [base] [PARTITION BY ..] [ORDER BY ..] [frame] )`. */
  public windowSpec = this.RULE('windowSpec', (): WindowSpec => {
    const start = this.CONSUME(T.LParen);
    let baseWindow: Identifier | undefined;
    let partitionBy: Expr[] = [];
    let orderBy: OrderItem[] = [];
    let frame: WindowFrame | undefined;
    // A base window name only when a window clause or ')' follows: `OVER (PARTITON BY ...)` is a typo.
    this.OPTION(
      gated(
        () => WINDOW_SPEC_FOLLOW.has(this.LA(2).tokenType),
        () => {
          baseWindow = this.SUBRULE(this.identifier);
        },
      ),
    );
    this.OPTION2(() => {
      this.CONSUME(K.PARTITION);
      this.CONSUME(K.BY);
      partitionBy = this.SUBRULE(this.expressionList);
    });
    this.OPTION3(() => {
      orderBy = this.SUBRULE(this.orderByClause);
    });
    this.OPTION4(() => {
      frame = this.SUBRULE(this.windowFrame);
    });
    this.CONSUME(T.RParen);
    return this.ACTION(() => ({
      kind: 'WindowSpec',
      ...(baseWindow === undefined ? {} : { baseWindow }),
      partitionBy,
      orderBy,
      ...(frame === undefined ? {} : { frame }),
      span: this.spanFrom(start),
    }));
  });

  private windowFrame = this.RULE('windowFrame', (): WindowFrame => {
    const start = this.LA(1);
    const unit = this.OR([
      alt(() => {
        this.CONSUME(K.ROWS);
        return 'ROWS' as const;
      }),
      alt(() => {
        this.CONSUME(K.RANGE);
        return 'RANGE' as const;
      }),
    ]);
    let frameStart: FrameBound | undefined;
    let frameEnd: FrameBound | undefined;
    this.OR2([
      alt(() => {
        this.CONSUME(K.BETWEEN);
        frameStart = this.SUBRULE(this.frameBound);
        this.CONSUME(K.AND);
        frameEnd = this.SUBRULE2(this.frameBound);
      }),
      alt(() => (frameStart = this.SUBRULE3(this.frameBound))),
    ]);
    return this.ACTION(() => ({
      kind: 'WindowFrame',
      unit,
      start: frameStart!,
      ...(frameEnd === undefined ? {} : { end: frameEnd }),
      span: this.spanFrom(start),
    }));
  });

  private frameBound = this.RULE('frameBound', (): FrameBound => {
    const start = this.LA(1);
    let offset: Expr | undefined;
    const bound = this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        alt(() => {
          this.CONSUME(K.UNBOUNDED);
          return this.OR2([
            alt(() => {
              this.CONSUME(K.PRECEDING);
              return 'UNBOUNDED PRECEDING' as const;
            }),
            alt(() => {
              this.CONSUME(K.FOLLOWING);
              return 'UNBOUNDED FOLLOWING' as const;
            }),
          ]);
        }),
        alt(() => {
          this.CONSUME(K.CURRENT);
          this.CONSUME(K.ROW);
          return 'CURRENT ROW' as const;
        }),
        alt(() => {
          offset = this.SUBRULE(this.additiveExpression);
          return this.OR3([
            alt(() => {
              this.CONSUME2(K.PRECEDING);
              return 'PRECEDING' as const;
            }),
            alt(() => {
              this.CONSUME2(K.FOLLOWING);
              return 'FOLLOWING' as const;
            }),
          ]);
        }),
      ],
    });
    return this.ACTION(() => ({
      kind: 'FrameBound',
      bound,
      ...(offset === undefined ? {} : { offset }),
      span: this.spanFrom(start),
    }));
  });
}
