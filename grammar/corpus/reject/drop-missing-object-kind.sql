-- error: Unexpected identifier 'orders'
-- at: 3:6
DROP orders;
