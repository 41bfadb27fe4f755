-- error: Unexpected symbol ';'
-- at: 3:58
CREATE TABLE t (id BIGINT) DISTRIBUTED BY HASH(id) INTO 4;
