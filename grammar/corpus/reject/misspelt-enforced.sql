-- error: Unexpected identifier 'ENFORCD'
-- at: 6:24
-- hint: did you mean ENFORCED?
CREATE TABLE t (
  id BIGINT,
  PRIMARY KEY (id) NOT ENFORCD
);
