-- error: Duplicate column name 'id'
-- at: 6:3
CREATE TABLE t (
  id BIGINT,
  name STRING,
  id STRING
) WITH ('connector' = 'datagen');
