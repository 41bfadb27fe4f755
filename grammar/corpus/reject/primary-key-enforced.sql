-- error: NOT ENFORCED
-- at: 5:3
CREATE TABLE t (
  id BIGINT,
  PRIMARY KEY (id)
) WITH ('connector' = 'datagen');
