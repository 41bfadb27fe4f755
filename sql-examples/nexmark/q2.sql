-- Query 2: selection. Bids on every 123rd auction (auction id divisible by 123) with their price, a
-- stateless filter. (The original CQL query listed five fixed auction ids.) Requires ddl.sql.

CREATE TABLE nexmark_q2 (
  auction  BIGINT,
  price  BIGINT
) WITH (
  'connector' = 'blackhole'
);

INSERT INTO nexmark_q2
SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0;
