-- error: Unexpected identifier 'p'
-- at: 3:32
CREATE TABLE t (amount DECIMAL(p, 2));
