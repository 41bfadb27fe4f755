-- operator: MATCH_RECOGNIZE with WITHIN (three consecutive failed logins per user within 10 s)
-- order: any
-- A partial match times out when a row comes 10 s or more after its first row (Flink's CEP: timed out
-- at first-row time + 10 s). u1: 00, 05, 10 is too long (10 s); 05, 10, 12 matches. u2: the 'ok' at
-- 02 breaks the first run (rows must be consecutive); 03, 04, 06 matches. u3: 00 then 20, 21: no.
-- file: logins.json
--| {"user_name": "u1", "status": "fail", "ts": "2024-01-01 10:00:00"}
--| {"user_name": "u3", "status": "fail", "ts": "2024-01-01 10:00:00"}
--| {"user_name": "u2", "status": "fail", "ts": "2024-01-01 10:00:01"}
--| {"user_name": "u2", "status": "ok", "ts": "2024-01-01 10:00:02"}
--| {"user_name": "u2", "status": "fail", "ts": "2024-01-01 10:00:03"}
--| {"user_name": "u2", "status": "fail", "ts": "2024-01-01 10:00:04"}
--| {"user_name": "u1", "status": "fail", "ts": "2024-01-01 10:00:05"}
--| {"user_name": "u2", "status": "fail", "ts": "2024-01-01 10:00:06"}
--| {"user_name": "u1", "status": "fail", "ts": "2024-01-01 10:00:10"}
--| {"user_name": "u1", "status": "fail", "ts": "2024-01-01 10:00:12"}
--| {"user_name": "u3", "status": "fail", "ts": "2024-01-01 10:00:20"}
--| {"user_name": "u3", "status": "fail", "ts": "2024-01-01 10:00:21"}
CREATE TABLE logins (user_name STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/logins.json', 'format' = 'json');
SELECT * FROM logins
MATCH_RECOGNIZE (
  PARTITION BY user_name
  ORDER BY ts
  MEASURES F1.ts AS first_fail, F3.ts AS third_fail
  ONE ROW PER MATCH
  AFTER MATCH SKIP PAST LAST ROW
  PATTERN (F1 F2 F3) WITHIN INTERVAL '10' SECOND
  DEFINE F1 AS status = 'fail', F2 AS status = 'fail', F3 AS status = 'fail'
);
-- expected:
-- +I[u1, 2024-01-01 10:00:05.000, 2024-01-01 10:00:12.000]
-- +I[u2, 2024-01-01 10:00:03.000, 2024-01-01 10:00:06.000]
