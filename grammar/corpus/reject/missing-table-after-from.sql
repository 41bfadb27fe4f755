-- error: Unexpected keyword 'WHERE'
-- at: 3:15
SELECT * FROM WHERE 1 = 1;
