-- error: Unexpected symbol ')'
-- at: 6:1
CREATE TABLE t (
  id BIGINT,
  name STRING,
) WITH ('connector' = 'datagen');
