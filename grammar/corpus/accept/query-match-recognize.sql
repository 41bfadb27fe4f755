-- MATCH_RECOGNIZE: PARTITION BY, ORDER BY, MEASURES, ONE ROW PER MATCH, AFTER MATCH SKIP variants,
-- PATTERN quantifiers (greedy and reluctant), alternation, grouping, WITHIN, DEFINE with PREV / LAST / FIRST.

SELECT *
FROM ticker
    MATCH_RECOGNIZE (
        PARTITION BY symbol
        ORDER BY rowtime
        MEASURES
            START_ROW.rowtime AS start_tstamp,
            LAST(PRICE_DOWN.rowtime) AS bottom_tstamp,
            LAST(PRICE_UP.rowtime) AS end_tstamp
        ONE ROW PER MATCH
        AFTER MATCH SKIP TO LAST PRICE_UP
        PATTERN (START_ROW PRICE_DOWN+ PRICE_UP)
        DEFINE
            PRICE_DOWN AS
                (LAST(PRICE_DOWN.price, 1) IS NULL AND PRICE_DOWN.price < START_ROW.price) OR
                    PRICE_DOWN.price < LAST(PRICE_DOWN.price, 1),
            PRICE_UP AS
                PRICE_UP.price > LAST(PRICE_DOWN.price, 1)
    ) MR;

SELECT *
FROM ticker
    MATCH_RECOGNIZE (
        PARTITION BY symbol
        ORDER BY rowtime
        MEASURES
            FIRST(A.rowtime) AS start_tstamp,
            LAST(A.rowtime) AS end_tstamp,
            AVG(A.price) AS avg_price
        ONE ROW PER MATCH
        AFTER MATCH SKIP PAST LAST ROW
        PATTERN (A+ B)
        DEFINE
            A AS AVG(A.price) < 15
    ) MR;

SELECT *
FROM ticker
    MATCH_RECOGNIZE(
        PARTITION BY symbol
        ORDER BY rowtime
        MEASURES
            C.price AS last_price
        ONE ROW PER MATCH
        AFTER MATCH SKIP PAST LAST ROW
        PATTERN (A B*? C)
        DEFINE
            A AS A.price > 10,
            B AS B.price < 15,
            C AS C.price > 12
    );

SELECT *
FROM ticker
    MATCH_RECOGNIZE(
        PARTITION BY symbol
        ORDER BY rowtime
        MEASURES
            C.rowtime AS drop_time,
            A.price - C.price AS drop_diff
        ONE ROW PER MATCH
        AFTER MATCH SKIP PAST LAST ROW
        PATTERN (A B* C) WITHIN INTERVAL '1' HOUR
        DEFINE
            B AS B.price > A.price - 10,
            C AS C.price < A.price - 10
    );

SELECT *
FROM ticker
    MATCH_RECOGNIZE(
        PARTITION BY symbol
        ORDER BY rowtime
        MEASURES
            SUM(A.price) AS sum_price,
            FIRST(rowtime) AS start_time,
            LAST(rowtime) AS end_time
        ONE ROW PER MATCH
        AFTER MATCH SKIP TO NEXT ROW
        PATTERN (A+ C)
        DEFINE
            A AS SUM(A.price) < 30
    );

SELECT *
FROM ticker
    MATCH_RECOGNIZE(
        PARTITION BY symbol
        ORDER BY rowtime
        MEASURES SUM(A.price) AS sum_price
        AFTER MATCH SKIP TO FIRST A
        PATTERN (A+ C)
        DEFINE A AS SUM(A.price) < 30
    );

SELECT * FROM ticker MATCH_RECOGNIZE (
  PARTITION BY symbol
  ORDER BY proctime
  MEASURES
    FIRST(DOWN.price) AS first_price,
    LAST(DOWN.price) AS last_price,
    FIRST(DOWN.price, 5) AS null_price
  ONE ROW PER MATCH
  AFTER MATCH SKIP PAST LAST ROW
  PATTERN (DOWN{2,} UP)
  DEFINE
    DOWN AS price < LAST(DOWN.price, 1) OR LAST(DOWN.price, 1) IS NULL,
    UP AS price > LAST(DOWN.price)
) AS T;

SELECT T.aid, T.bid, T.cid
FROM my_table MATCH_RECOGNIZE (
  ORDER BY proctime
  MEASURES
    `A"`.id AS aid,
    l.id AS bid,
    C.id AS cid
  PATTERN (`A"` l C)
  DEFINE
    `A"` AS name = 'a',
    l AS name = 'b',
    C AS name = 'c'
) AS T;

SELECT *
FROM ticker
  MATCH_RECOGNIZE (
    PARTITION BY symbol
    ORDER BY rowtime
    MEASURES
      FIRST(A.rowtime) AS start_ts,
      LAST(B.rowtime) AS end_ts,
      MATCH_ROWTIME() AS match_ts,
      COUNT(B.price) AS dips
    ONE ROW PER MATCH
    AFTER MATCH SKIP PAST LAST ROW
    PATTERN (A B{1,3} C?)
    DEFINE
      B AS B.price < PREV(B.price),
      C AS C.price > PREV(C.price, 1)
  );

SELECT *
FROM clicks
  MATCH_RECOGNIZE (
    PARTITION BY user_id
    ORDER BY proc_time
    MEASURES
      MATCH_PROCTIME() AS matched_at,
      FIRST(V.url) AS first_url,
      LAST(P.url) AS purchase_url
    ONE ROW PER MATCH
    AFTER MATCH SKIP PAST LAST ROW
    PATTERN (V{3} X{,2} P??)
    DEFINE
      V AS V.url LIKE '/product/%',
      X AS X.url NOT LIKE '/checkout%',
      P AS P.url = '/checkout/done'
  );

-- grouping and alternation parse; Flink's planner rejects them at validation (documented limitation)
SELECT *
FROM sensor_readings
  MATCH_RECOGNIZE (
    PARTITION BY sensor_id
    ORDER BY reading_ts
    MEASURES
      FIRST(HOT.reading_ts) AS hot_start,
      LAST(HOT.reading_ts) AS hot_end,
      MAX(HOT.temperature) AS peak
    ONE ROW PER MATCH
    AFTER MATCH SKIP PAST LAST ROW
    PATTERN (NORMAL+? (HOT | VERY_HOT){2,5} COOL+?)
    DEFINE
      NORMAL AS NORMAL.temperature < 70,
      HOT AS HOT.temperature BETWEEN 70 AND 90,
      VERY_HOT AS VERY_HOT.temperature > 90,
      COOL AS COOL.temperature < 60
  ) AS alarms;

-- quantified pattern group: parses; rejected later by Flink's planner
SELECT *
FROM ticker
  MATCH_RECOGNIZE (
    PARTITION BY symbol
    ORDER BY rowtime
    MEASURES
      A.price AS a_price,
      LAST(B.price) AS b_price
    PATTERN ((A B+)+ C*)
    DEFINE
      A AS A.price > 100,
      B AS B.price <= A.price,
      C AS C.price > 200
  );

SELECT *
FROM ticker
  MATCH_RECOGNIZE (
    PARTITION BY symbol
    ORDER BY rowtime
    MEASURES A.price AS p
    ONE ROW PER MATCH
    PATTERN (A{3})
    DEFINE A AS A.tax > 1
  );
