-- Query 4: average price for a category. The winning (highest) bid of each auction, made while the
-- auction was open, averaged per category: a join followed by two levels of updating aggregation.
-- Requires ddl.sql.

CREATE TABLE nexmark_q4 (
  id  BIGINT,
  final  BIGINT
) WITH (
  'connector' = 'blackhole'
);

INSERT INTO nexmark_q4
SELECT
    Q.category,
    AVG(Q.final)
FROM (
    SELECT MAX(B.price) AS final, A.category
    FROM auction A, bid B
    WHERE A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires
    GROUP BY A.id, A.category
) Q
GROUP BY Q.category;
