-- error: Unexpected symbol ')'
-- at: 3:38
CREATE TABLE t (r ROW<a INT, b STRING);
