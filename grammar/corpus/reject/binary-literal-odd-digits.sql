-- error: even number of hex
-- at: 3:8
SELECT X'ABC';
