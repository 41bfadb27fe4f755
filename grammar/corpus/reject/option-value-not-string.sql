-- error: Unexpected number '100'
-- at: 3:79
CREATE TABLE t (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = 100);
