-- error: Unexpected identifier 'CRATE'
-- at: 4:1
-- hint: did you mean CREATE?
CRATE TABLE t (a INT);
