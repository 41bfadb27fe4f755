-- Query 0: pass-through. Copies every bid unchanged; measures the cost of the source, the views and the
-- sink alone (bids are the most numerous events). Requires ddl.sql.

CREATE TABLE nexmark_q0 (
  auction  BIGINT,
  bidder  BIGINT,
  price  BIGINT,
  dateTime  TIMESTAMP(3),
  extra  VARCHAR
) WITH (
  'connector' = 'blackhole'
);

INSERT INTO nexmark_q0
SELECT auction, bidder, price, dateTime, extra FROM bid;
