-- error: Unexpected symbol ';'
-- at: 3:36
ALTER TABLE orders RENAME orders_v2;
