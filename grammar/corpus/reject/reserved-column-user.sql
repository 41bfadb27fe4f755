-- error: Unexpected keyword 'USER'
-- at: 3:22
CREATE TABLE logins (user STRING, ts TIMESTAMP(3)) WITH ('connector' = 'datagen');
