-- error: Unicode escape
-- at: 3:8
SELECT U&'\00G1';
