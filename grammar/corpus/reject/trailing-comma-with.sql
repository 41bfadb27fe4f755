-- error: Unexpected symbol ')'
-- at: 5:1
CREATE TABLE t (id BIGINT) WITH (
  'connector' = 'datagen',
);
