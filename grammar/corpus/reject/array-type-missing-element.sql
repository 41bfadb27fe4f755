-- error: Unexpected symbol '>'
-- at: 3:28
CREATE TABLE t (tags ARRAY<>);
