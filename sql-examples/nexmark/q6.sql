-- Query 6: average selling price by seller. For each seller, the average winning-bid price over their
-- current and 10 preceding closed auctions: the winning bid per auction (join + ROW_NUMBER) feeding an
-- OVER window. Flink itself cannot run this (its OVER aggregate does not accept the updating input).
-- Written here with the reference's aliases fixed (the inner query's columns are named without A./B.)
-- and the seller column typed BIGINT (the reference sink declares VARCHAR). Requires ddl.sql.

CREATE TABLE nexmark_q6 (
  seller  BIGINT,
  avg_price  BIGINT
) WITH (
  'connector' = 'blackhole'
);

INSERT INTO nexmark_q6
SELECT
    Q.seller,
    AVG(Q.price) OVER
        (PARTITION BY Q.seller ORDER BY Q.dateTime ROWS BETWEEN 10 PRECEDING AND CURRENT ROW)
FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY id, seller ORDER BY price DESC) AS rownum
    FROM (
        SELECT A.id, A.seller, B.price, B.dateTime
        FROM auction AS A, bid AS B
        WHERE A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires
    )
) AS Q
WHERE Q.rownum <= 1;
