-- error: Unexpected symbol ';'
-- at: 3:30
SET 'table.exec.state.ttl' = ;
