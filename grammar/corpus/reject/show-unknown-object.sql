-- error: Unexpected identifier 'TABLEZ'
-- at: 4:6
-- hint: did you mean TABLES?
SHOW TABLEZ;
