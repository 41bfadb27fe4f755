-- error: Unexpected identifier 'A'
-- at: 6:11
SELECT * FROM ticker MATCH_RECOGNIZE (
  ORDER BY rowtime
  MEASURES A.price AS p
  PATTERN A B+
  DEFINE A AS A.price > 10
);
