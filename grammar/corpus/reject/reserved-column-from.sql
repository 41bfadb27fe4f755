-- error: Unexpected keyword 'FROM'
-- at: 5:3
CREATE TABLE t (
  id BIGINT,
  from STRING
);
