-- error: Unexpected keyword 'NEXT'
-- at: 6:20
SELECT * FROM ticker MATCH_RECOGNIZE (
  ORDER BY rowtime
  MEASURES A.price AS p
  AFTER MATCH SKIP NEXT ROW
  PATTERN (A)
  DEFINE A AS A.price > 10
);
