-- Query 13: bounded side-input join. Enriches every bid with the value for `auction mod 10000` from a
-- static 10,000-row CSV table (side_input.csv, rows "i,i"), a processing-time lookup join.
-- The reference declares the side input with the legacy 'connector.type' options; this uses the
-- current 'filesystem' connector, with the path relative to the repository root. Requires ddl.sql.

CREATE TABLE side_input (
  key  BIGINT,
  `value`  VARCHAR
) WITH (
  'connector' = 'filesystem',
  'path' = 'sql-examples/nexmark/side_input.csv',
  'format' = 'csv'
);

CREATE TABLE nexmark_q13 (
  auction  BIGINT,
  bidder  BIGINT,
  price  BIGINT,
  dateTime  TIMESTAMP(3),
  `value`  VARCHAR
) WITH (
  'connector' = 'blackhole'
);

INSERT INTO nexmark_q13
SELECT
    B.auction,
    B.bidder,
    B.price,
    B.dateTime,
    S.`value`
FROM (SELECT *, PROCTIME() AS p_time FROM bid) B
JOIN side_input FOR SYSTEM_TIME AS OF B.p_time AS S
ON mod(B.auction, 10000) = S.key;
