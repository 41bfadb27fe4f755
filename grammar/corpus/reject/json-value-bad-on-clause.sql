-- error: Unexpected identifier 'MISSING'
-- at: 3:44
SELECT JSON_VALUE('{}', '$.a' DEFAULT 0 ON MISSING) FROM (VALUES (1));
