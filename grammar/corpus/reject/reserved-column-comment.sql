-- error: Unexpected keyword 'COMMENT'
-- at: 3:32
CREATE TABLE posts (id BIGINT, comment STRING) WITH ('connector' = 'datagen');
