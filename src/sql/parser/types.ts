/** Data types as written in DDL and CAST, and the interval qualifiers shared with INTERVAL literals. */
import type { IToken } from 'chevrotain';
import type { DataType, IntervalQualifier, RowTypeField, SimpleTypeName, TimeUnit } from '../ast.ts';
import * as T from '../tokens.ts';
import { alt, editDistance, ParserBase, separated, syntaxError, tokenSpan } from './base.ts';

const K = T.K;

const PLURAL_UNITS: Record<string, TimeUnit> = {
  YEARS: 'YEAR',
  MONTHS: 'MONTH',
  DAYS: 'DAY',
  HOURS: 'HOUR',
  MINUTES: 'MINUTE',
  SECONDS: 'SECOND',
};

const BUILT_IN_TYPES = [
  'BOOLEAN',
  'TINYINT',
  'SMALLINT',
  'INT',
  'INTEGER',
  'BIGINT',
  'FLOAT',
  'DOUBLE',
  'DECIMAL',
  'NUMERIC',
  'CHAR',
  'VARCHAR',
  'STRING',
  'BINARY',
  'VARBINARY',
  'BYTES',
  'DATE',
  'TIME',
  'TIMESTAMP',
  'TIMESTAMP_LTZ',
  'INTERVAL',
  'ARRAY',
  'MAP',
  'MULTISET',
  'ROW',
  'RAW',
];

function closestTypeName(written: string): string | undefined {
  const upper = written.toUpperCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of BUILT_IN_TYPES) {
    const d = editDistance(upper, name);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

/** Valid `from TO to` interval ranges. */
const INTERVAL_RANGES: Partial<Record<TimeUnit, readonly TimeUnit[]>> = {
  YEAR: ['MONTH'],
  DAY: ['HOUR', 'MINUTE', 'SECOND'],
  HOUR: ['MINUTE', 'SECOND'],
  MINUTE: ['SECOND'],
};

/** The canonical TimeUnit of a time-unit keyword token (plural spellings become singular). */
export function timeUnitOf(tok: IToken): TimeUnit {
  const word = String(tok.payload ?? tok.image).toUpperCase();
  return PLURAL_UNITS[word] ?? (word as TimeUnit);
}

/** A type before NOT NULL is applied; every DataType variant has `nullable`. */
type TypeBody = DataType;

export abstract class TypeParser extends ParserBase {
  public timeUnit = this.RULE('timeUnit', (): TimeUnit => {
    const tok = this.CONSUME(T.TimeUnitWord);
    return this.ACTION(() => timeUnitOf(tok));
  });

  /** `DAY(3) TO SECOND(6)`, `MINUTE`, `YEAR TO MONTH`. */
  public intervalQualifier = this.RULE('intervalQualifier', (): IntervalQualifier => {
    const start = this.LA(1);
    const from = this.SUBRULE(this.timeUnit);
    let fromPrecision: number | undefined;
    let to: TimeUnit | undefined;
    let toPrecision: number | undefined;
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      fromPrecision = this.SUBRULE(this.integerValue);
      // `SECOND(2, 3)`: leading and fractional-second precision.
      this.OPTION4(() => {
        this.CONSUME(T.Comma);
        toPrecision = this.SUBRULE3(this.integerValue);
      });
      this.CONSUME(T.RParen);
    });
    this.OPTION2(() => {
      this.CONSUME(K.TO);
      const toTok = this.LA(1);
      to = this.SUBRULE2(this.timeUnit);
      this.ACTION(() => {
        const allowed = INTERVAL_RANGES[from];
        if (to !== undefined && !allowed?.includes(to)) {
          const expected = allowed === undefined ? [] : allowed;
          const what = `Unexpected keyword '${toTok.image.toUpperCase()}'`;
          throw syntaxError(
            expected.length > 0
              ? `${what}; expected ${expected.join(', ')}`
              : `${what}; ${from} cannot start an interval range`,
            tokenSpan(toTok),
            undefined,
            [...expected],
          );
        }
      });
      this.OPTION3(() => {
        this.CONSUME2(T.LParen);
        toPrecision = this.SUBRULE2(this.integerValue);
        this.CONSUME2(T.RParen);
      });
    });
    return this.ACTION(() => ({
      kind: 'IntervalQualifier',
      from,
      ...(fromPrecision === undefined ? {} : { fromPrecision }),
      ...(to === undefined ? {} : { to }),
      ...(toPrecision === undefined ? {} : { toPrecision }),
      span: this.spanFrom(start),
    }));
  });

  public dataType = this.RULE('dataType', (): DataType => {
    const start = this.LA(1);
    let type = this.SUBRULE(this.baseType);
    let nullable = true;
    // `INT ARRAY`, `STRING MULTISET NOT NULL`: the suffix collection syntax.
    this.MANY(() => {
      this.OPTION(() => {
        this.CONSUME(K.NOT);
        this.CONSUME(K.NULL);
        nullable = false;
      });
      this.OR([
        alt(() => {
          this.CONSUME(K.ARRAY);
          type = this.ACTION(() => ({
            kind: 'ArrayType',
            element: { ...type, nullable },
            nullable: true,
            span: this.spanFrom(start),
          }));
        }),
        alt(() => {
          this.CONSUME(K.MULTISET);
          type = this.ACTION(() => ({
            kind: 'MultisetType',
            element: { ...type, nullable },
            nullable: true,
            span: this.spanFrom(start),
          }));
        }),
      ]);
      nullable = true;
    });
    this.OPTION2(() => {
      this.OR2([
        alt(() => {
          this.CONSUME2(K.NOT);
          this.CONSUME2(K.NULL);
          nullable = false;
        }),
        alt(() => this.CONSUME3(K.NULL)),
      ]);
    });
    return this.ACTION(() => ({ ...type, nullable, span: this.spanFrom(start) }));
  });

  private optionalLength = this.RULE('optionalLength', (): number | undefined => {
    let n: number | undefined;
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      n = this.SUBRULE(this.integerValue);
      this.CONSUME(T.RParen);
    });
    return n;
  });

  // Methods rather than local arrow functions: tsx's keepNames would wrap a local arrow in
  // `__name(...)` on every call of the rule.
  private simpleType(start: IToken, name: SimpleTypeName): TypeBody {
    return this.ACTION(() => ({ kind: 'SimpleType', name, nullable: true, span: this.spanFrom(start) }));
  }

  private sizedType(
    start: IToken,
    name: 'CHAR' | 'VARCHAR' | 'BINARY' | 'VARBINARY',
    length: number | undefined,
  ): TypeBody {
    return this.ACTION(() => ({
      kind: 'SizedType',
      name,
      ...(length === undefined ? {} : { length }),
      nullable: true,
      span: this.spanFrom(start),
    }));
  }

  public baseType = this.RULE('baseType', (): TypeBody => {
    const start = this.LA(1);
    return this.OR([
      alt(() => {
        this.CONSUME(K.BOOLEAN);
        return this.simpleType(start, 'BOOLEAN');
      }),
      alt(() => {
        this.CONSUME(K.TINYINT);
        return this.simpleType(start, 'TINYINT');
      }),
      alt(() => {
        this.CONSUME(K.SMALLINT);
        return this.simpleType(start, 'SMALLINT');
      }),
      alt(() => {
        this.CONSUME(K.INT);
        return this.simpleType(start, 'INT');
      }),
      alt(() => {
        this.CONSUME(K.INTEGER);
        return this.simpleType(start, 'INT');
      }),
      alt(() => {
        this.CONSUME(K.BIGINT);
        return this.simpleType(start, 'BIGINT');
      }),
      alt(() => {
        this.CONSUME(K.FLOAT);
        return this.simpleType(start, 'FLOAT');
      }),
      alt(() => {
        this.CONSUME(K.DOUBLE);
        this.OPTION(() => this.CONSUME(K.PRECISION));
        return this.simpleType(start, 'DOUBLE');
      }),
      alt(() => {
        this.CONSUME(K.DATE);
        return this.simpleType(start, 'DATE');
      }),
      alt(() => {
        this.CONSUME(K.STRING);
        return this.simpleType(start, 'STRING');
      }),
      alt(() => {
        this.CONSUME(K.BYTES);
        return this.simpleType(start, 'BYTES');
      }),
      alt(() => {
        this.CONSUME(K.NULL);
        return this.simpleType(start, 'NULL');
      }),
      alt(() => {
        this.CONSUME(K.CHARACTER);
        let varying = false;
        this.OPTION2(() => {
          this.CONSUME(K.VARYING);
          varying = true;
        });
        const n = this.SUBRULE(this.optionalLength);
        return this.sizedType(start, varying ? 'VARCHAR' : 'CHAR', n);
      }),
      alt(() => {
        this.CONSUME(K.CHAR);
        let varying = false;
        this.OPTION3(() => {
          this.CONSUME2(K.VARYING);
          varying = true;
        });
        const n = this.SUBRULE2(this.optionalLength);
        return this.sizedType(start, varying ? 'VARCHAR' : 'CHAR', n);
      }),
      alt(() => {
        this.CONSUME(K.VARCHAR);
        return this.sizedType(start, 'VARCHAR', this.SUBRULE3(this.optionalLength));
      }),
      alt(() => {
        this.CONSUME(K.BINARY);
        let varying = false;
        this.OPTION4(() => {
          this.CONSUME3(K.VARYING);
          varying = true;
        });
        return this.sizedType(start, varying ? 'VARBINARY' : 'BINARY', this.SUBRULE4(this.optionalLength));
      }),
      alt(() => {
        this.CONSUME(K.VARBINARY);
        return this.sizedType(start, 'VARBINARY', this.SUBRULE5(this.optionalLength));
      }),
      alt(() => this.SUBRULE(this.decimalType)),
      alt(() => this.SUBRULE(this.timeType)),
      alt(() => this.SUBRULE(this.timestampType)),
      alt(() => {
        this.CONSUME(K.INTERVAL);
        const qualifier = this.SUBRULE(this.intervalQualifier);
        return this.ACTION(() => ({
          kind: 'IntervalType',
          qualifier,
          nullable: true,
          span: this.spanFrom(start),
        }));
      }),
      alt(() => this.SUBRULE(this.collectionType)),
      alt(() => {
        this.CONSUME(K.RAW);
        this.CONSUME3(T.LParen);
        const className = this.SUBRULE(this.stringValue);
        let snapshot: string | undefined;
        this.OPTION5(() => {
          this.CONSUME(T.Comma);
          snapshot = this.SUBRULE2(this.stringValue);
        });
        this.CONSUME3(T.RParen);
        return this.ACTION(
          (): TypeBody => ({
            kind: 'RawType',
            className,
            ...(snapshot === undefined ? {} : { snapshot }),
            nullable: true,
            span: this.spanFrom(start),
          }),
        );
      }),
      alt(() => this.SUBRULE(this.rowType)),
      alt(() => {
        const name = this.SUBRULE(this.qualifiedName);
        this.ACTION(() => {
          // A user type never takes arguments: `VARCHR(10)` is a misspelt built-in type.
          if (this.LA(1).tokenType === T.LParen) {
            const written = name.parts.map((p) => p.value).join('.');
            const guess = closestTypeName(written);
            throw syntaxError(
              `Unknown type '${written}'`,
              name.span,
              guess === undefined ? undefined : `did you mean ${guess}?`,
            );
          }
        });
        return this.ACTION((): TypeBody => {
          const only = name.parts.length === 1 ? name.parts[0] : undefined;
          if (only !== undefined && !only.quoted && only.value.toUpperCase() === 'VARIANT') {
            return { kind: 'SimpleType', name: 'VARIANT', nullable: true, span: name.span };
          }
          return { kind: 'NamedType', name, nullable: true, span: name.span };
        });
      }),
    ]);
  });

  private decimalType = this.RULE('decimalType', (): TypeBody => {
    const start = this.LA(1);
    this.OR([
      alt(() => this.CONSUME(K.DECIMAL)),
      alt(() => this.CONSUME(K.DEC)),
      alt(() => this.CONSUME(K.NUMERIC)),
    ]);
    let precision: number | undefined;
    let scale: number | undefined;
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      precision = this.SUBRULE(this.integerValue);
      this.OPTION2(() => {
        this.CONSUME(T.Comma);
        scale = this.SUBRULE2(this.integerValue);
      });
      this.CONSUME(T.RParen);
    });
    return this.ACTION(() => ({
      kind: 'DecimalType',
      ...(precision === undefined ? {} : { precision }),
      ...(scale === undefined ? {} : { scale }),
      nullable: true,
      span: this.spanFrom(start),
    }));
  });

  private timeType = this.RULE('timeType', (): TypeBody => {
    const start = this.LA(1);
    this.CONSUME(K.TIME);
    const precision = this.SUBRULE(this.optionalLength);
    this.OPTION(() => {
      this.CONSUME(K.WITHOUT);
      this.CONSUME2(K.TIME);
      this.CONSUME(K.ZONE);
    });
    return this.ACTION(() => ({
      kind: 'TimeType',
      ...(precision === undefined ? {} : { precision }),
      nullable: true,
      span: this.spanFrom(start),
    }));
  });

  private timestampType = this.RULE('timestampType', (): TypeBody => {
    const start = this.LA(1);
    let ltz = false;
    let precision: number | undefined;
    this.OR([
      alt(() => {
        this.CONSUME(K.TIMESTAMP);
        precision = this.SUBRULE(this.optionalLength);
        this.OPTION(() => {
          this.OR2([
            alt(() => {
              this.CONSUME(K.WITHOUT);
              this.CONSUME(K.TIME);
              this.CONSUME(K.ZONE);
            }),
            alt(() => {
              this.CONSUME(K.WITH);
              this.CONSUME(K.LOCAL);
              this.CONSUME2(K.TIME);
              this.CONSUME2(K.ZONE);
              ltz = true;
            }),
          ]);
        });
      }),
      alt(() => {
        this.CONSUME(K.TIMESTAMP_LTZ);
        precision = this.SUBRULE2(this.optionalLength);
        ltz = true;
      }),
    ]);
    return this.ACTION(() => ({
      kind: 'TimestampType',
      ...(precision === undefined ? {} : { precision }),
      withLocalTimeZone: ltz,
      nullable: true,
      span: this.spanFrom(start),
    }));
  });

  /** ARRAY<T>, MULTISET<T>, MAP<K, V>. */
  private collectionType = this.RULE('collectionType', (): TypeBody => {
    const start = this.LA(1);
    return this.OR([
      alt(() => {
        this.CONSUME(K.ARRAY);
        this.CONSUME(T.LessThan);
        const element = this.SUBRULE(this.dataType);
        this.CONSUME(T.GreaterThan);
        return this.ACTION(() => ({
          kind: 'ArrayType',
          element,
          nullable: true,
          span: this.spanFrom(start),
        }));
      }),
      alt(() => {
        this.CONSUME(K.MULTISET);
        this.CONSUME2(T.LessThan);
        const element = this.SUBRULE2(this.dataType);
        this.CONSUME2(T.GreaterThan);
        return this.ACTION(() => ({
          kind: 'MultisetType',
          element,
          nullable: true,
          span: this.spanFrom(start),
        }));
      }),
      alt(() => {
        this.CONSUME(K.MAP);
        this.CONSUME3(T.LessThan);
        const key = this.SUBRULE3(this.dataType);
        this.CONSUME(T.Comma);
        const value = this.SUBRULE4(this.dataType);
        this.CONSUME3(T.GreaterThan);
        return this.ACTION(() => ({
          kind: 'MapType',
          key,
          value,
          nullable: true,
          span: this.spanFrom(start),
        }));
      }),
    ]);
  });

  /** ROW<a INT, b STRING> or ROW(a INT, b STRING). */
  private rowType = this.RULE('rowType', (): TypeBody => {
    const start = this.LA(1);
    this.CONSUME(K.ROW);
    const fields: RowTypeField[] = [];
    const syntax = this.OR([
      alt(() => {
        this.CONSUME(T.LessThan);
        this.MANY_SEP(separated(T.Comma, () => fields.push(this.SUBRULE(this.rowTypeField))));
        this.CONSUME(T.GreaterThan);
        return 'angle' as const;
      }),
      alt(() => {
        this.CONSUME(T.LParen);
        this.MANY_SEP2(separated(T.Comma, () => fields.push(this.SUBRULE2(this.rowTypeField))));
        this.CONSUME(T.RParen);
        return 'paren' as const;
      }),
    ]);
    return this.ACTION(() => ({
      kind: 'RowType',
      fields,
      syntax,
      nullable: true,
      span: this.spanFrom(start),
    }));
  });

  private rowTypeField = this.RULE('rowTypeField', (): RowTypeField => {
    const start = this.LA(1);
    const name = this.SUBRULE(this.identifier);
    const type = this.SUBRULE(this.dataType);
    let comment: string | undefined;
    this.OPTION(() => {
      comment = this.SUBRULE(this.stringValue);
    });
    return this.ACTION(() => ({
      kind: 'RowTypeField',
      name,
      type,
      ...(comment === undefined ? {} : { comment }),
      span: this.spanFrom(start),
    }));
  });
}
