-- error: Unexpected identifier 'TABEL'
-- at: 4:8
-- hint: did you mean TABLE?
CREATE TABEL t (a INT);
