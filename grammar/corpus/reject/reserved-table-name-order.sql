-- error: Unexpected keyword 'ORDER'
-- at: 3:14
CREATE TABLE order (id BIGINT) WITH ('connector' = 'datagen');
