-- error: Unexpected identifier 'SELEC'
-- at: 4:1
-- hint: did you mean SELECT?
SELEC order_id FROM orders;
