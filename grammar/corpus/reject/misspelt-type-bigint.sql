-- error: Unknown type 'BIGINTEGER'
-- at: 4:20
-- hint: did you mean BIGINT?
CREATE TABLE t (id BIGINTEGER, name STRING);
