-- error: Unexpected symbol ';'
-- at: 3:19
ALTER TABLE orders;
