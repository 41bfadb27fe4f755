-- error: Unterminated string literal
-- at: 4:17
CREATE TABLE t (id BIGINT) WITH (
  'connector' = 'datagen
);
