-- error: Unexpected identifier 'connector'
-- at: 3:34
CREATE TABLE t (id BIGINT) WITH (connector = 'datagen');
