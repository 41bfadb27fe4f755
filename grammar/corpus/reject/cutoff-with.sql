-- error: Unexpected end of input
-- at: 3:47
CREATE TABLE t (id BIGINT) WITH ('connector' = 
