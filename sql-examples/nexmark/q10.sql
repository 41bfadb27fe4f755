-- Query 10: log to file system. Every bid with its day and hour:minute partition keys (DATE_FORMAT).
-- The reference writes partitioned CSV files; here the rows go to a blackhole table so the query
-- measures the projection alone (point it at a 'filesystem' table to write the files). Requires ddl.sql.

CREATE TABLE nexmark_q10 (
  auction  BIGINT,
  bidder  BIGINT,
  price  BIGINT,
  dateTime  TIMESTAMP(3),
  extra  VARCHAR,
  dt  STRING,
  hm  STRING
) WITH (
  'connector' = 'blackhole'
);

INSERT INTO nexmark_q10
SELECT auction, bidder, price, dateTime, extra, DATE_FORMAT(dateTime, 'yyyy-MM-dd'), DATE_FORMAT(dateTime, 'HH:mm')
FROM bid;
