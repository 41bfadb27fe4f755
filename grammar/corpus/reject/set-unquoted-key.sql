-- error: Unexpected keyword 'TABLE'
-- at: 3:5
SET table.exec.state.ttl = '1 h';
