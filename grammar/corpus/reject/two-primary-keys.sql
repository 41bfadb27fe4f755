-- error: Duplicate primary key definition
-- at: 6:3
CREATE TABLE t (
  id BIGINT PRIMARY KEY NOT ENFORCED,
  name STRING,
  PRIMARY KEY (name) NOT ENFORCED
) WITH ('connector' = 'datagen');
