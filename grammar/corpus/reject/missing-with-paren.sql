-- error: Unexpected string ''connector''
-- at: 3:33
CREATE TABLE t (id BIGINT) WITH 'connector' = 'datagen';
