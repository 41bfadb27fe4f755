-- error: Unexpected identifier 'id'
-- at: 3:16
CREATE TABLE t id BIGINT, name STRING) WITH ('connector' = 'datagen');
