-- error: Unexpected symbol ';'
-- at: 3:10
DESCRIBE ;
