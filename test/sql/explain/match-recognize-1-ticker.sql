-- MATCH_RECOGNIZE over event time: partitioned, greedy and reluctant quantifiers, navigation,
-- aggregates, WITHIN and AFTER MATCH SKIP TO LAST; insert-only in and out
CREATE TABLE Ticker (symbol STRING, price BIGINT, tax BIGINT, rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '1' SECOND) WITH ('connector' = 'values');
CREATE TABLE drops (symbol STRING, start_ts TIMESTAMP(3), bottom BIGINT, avg_price BIGINT, end_ts TIMESTAMP(3))
  WITH ('connector' = 'values');
EXPLAIN INSERT INTO drops
SELECT * FROM Ticker MATCH_RECOGNIZE (
  PARTITION BY symbol
  ORDER BY rowtime
  MEASURES
    FIRST(START_ROW.rowtime) AS start_ts,
    LAST(DOWN.price) AS bottom,
    AVG(DOWN.price) AS avg_price,
    MATCH_ROWTIME() AS end_ts
  ONE ROW PER MATCH
  AFTER MATCH SKIP TO LAST UP
  PATTERN (START_ROW DOWN+ MID*? UP) WITHIN INTERVAL '1' HOUR
  DEFINE
    DOWN AS (LAST(DOWN.price, 1) IS NULL AND DOWN.price < START_ROW.price) OR DOWN.price < LAST(DOWN.price, 1),
    UP AS UP.price > LAST(DOWN.price, 1)
) AS T;
