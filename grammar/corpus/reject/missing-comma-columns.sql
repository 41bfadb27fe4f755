-- error: Unexpected identifier 'name'
-- at: 5:3
CREATE TABLE t (
  id BIGINT
  name STRING
) WITH ('connector' = 'datagen');
