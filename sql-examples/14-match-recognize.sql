-- MATCH_RECOGNIZE: V-shaped price movements per symbol, found in event-time order. A match is a start
-- row, one or more strictly falling prices (DOWN+, greedy) and the first price above the bottom (UP).
-- In DOWN's own condition the row being tested already counts as DOWN, so LAST(DOWN.price, 1) is the
-- previous falling price; in UP's condition LAST(DOWN.price) is the bottom.
-- ACME falls 17 → 13 → 11 and recovers at 12, then falls 16 → 15 → 14 and recovers at 18; XYZ falls
-- 30 → 28 and recovers at 29, then falls to 27 with no recovery yet (no match: rows wait for more).
-- AFTER MATCH SKIP TO LAST UP starts the next search at the recovery row, so overlapping attempts (the
-- one starting at ACME's 13) are dropped. Matches are emitted when the watermark passes their rows.
CREATE TABLE ticks (
  symbol STRING,
  price INT,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '30' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'sql-examples/data/stock-ticks.json',
  'format' = 'json'
);

SELECT *
FROM ticks
MATCH_RECOGNIZE (
  PARTITION BY symbol
  ORDER BY ts
  MEASURES
    START_ROW.ts AS start_ts,
    START_ROW.price AS start_price,
    LAST(DOWN.price) AS bottom_price,
    UP.price AS recovered_price,
    UP.ts AS recovered_ts
  ONE ROW PER MATCH
  AFTER MATCH SKIP TO LAST UP
  PATTERN (START_ROW DOWN+ UP)
  DEFINE
    DOWN AS (LAST(DOWN.price, 1) IS NULL AND DOWN.price < START_ROW.price)
      OR DOWN.price < LAST(DOWN.price, 1),
    UP AS UP.price > LAST(DOWN.price)
);
