-- error: Unexpected keyword 'TIMESTAMP'
-- at: 3:33
CREATE TABLE events (id BIGINT, timestamp TIMESTAMP(3)) WITH ('connector' = 'datagen');
