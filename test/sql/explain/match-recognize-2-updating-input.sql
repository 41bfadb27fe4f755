-- MATCH_RECOGNIZE needs an insert-only input: a changelog source below it is rejected at planning time
CREATE TABLE Ticker (symbol STRING, price BIGINT, tax BIGINT, rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime) WITH ('connector' = 'values', 'changelog-mode' = 'I,UB,UA,D');
EXPLAIN SELECT * FROM Ticker
MATCH_RECOGNIZE (
  PARTITION BY symbol ORDER BY rowtime
  MEASURES A.price AS p
  PATTERN (A B)
  DEFINE B AS B.price > A.price
);
