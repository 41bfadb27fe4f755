-- Legacy group window aggregation: GROUP BY TUMBLE / HOP / SESSION with the auxiliary
-- _START / _END / _ROWTIME / _PROCTIME functions.

SELECT user_id,
       TUMBLE_START(click_ts, INTERVAL '1' HOUR) AS wstart,
       TUMBLE_END(click_ts, INTERVAL '1' HOUR) AS wend,
       COUNT(url) AS cnt
FROM clicks
GROUP BY TUMBLE(click_ts, INTERVAL '1' HOUR), user_id;

SELECT user_id,
       TUMBLE_ROWTIME(click_ts, INTERVAL '1' HOUR) AS rowtime_attr,
       COUNT(*)
FROM clicks
GROUP BY user_id, TUMBLE(click_ts, INTERVAL '1' HOUR);

SELECT user_id, TUMBLE_PROCTIME(proc_time, INTERVAL '10' SECOND) AS ptime, COUNT(*)
FROM clicks
GROUP BY user_id, TUMBLE(proc_time, INTERVAL '10' SECOND);

SELECT user_id,
       HOP_START(click_ts, INTERVAL '5' MINUTE, INTERVAL '15' MINUTE) AS wstart,
       HOP_END(click_ts, INTERVAL '5' MINUTE, INTERVAL '15' MINUTE) AS wend,
       COUNT(*) AS cnt
FROM clicks
GROUP BY HOP(click_ts, INTERVAL '5' MINUTE, INTERVAL '15' MINUTE), user_id;

SELECT HOP_ROWTIME(click_ts, INTERVAL '5' MINUTE, INTERVAL '15' MINUTE), COUNT(*)
FROM clicks
GROUP BY HOP(click_ts, INTERVAL '5' MINUTE, INTERVAL '15' MINUTE);

SELECT HOP_PROCTIME(proc_time, INTERVAL '5' SECOND, INTERVAL '10' SECOND), COUNT(*)
FROM clicks
GROUP BY HOP(proc_time, INTERVAL '5' SECOND, INTERVAL '10' SECOND);

SELECT user_id,
       SESSION_START(click_ts, INTERVAL '30' MINUTE) AS session_start,
       SESSION_END(click_ts, INTERVAL '30' MINUTE) AS session_end,
       COUNT(*) AS clicks_in_session
FROM clicks
GROUP BY SESSION(click_ts, INTERVAL '30' MINUTE), user_id;

SELECT SESSION_ROWTIME(click_ts, INTERVAL '30' MINUTE) AS last_click, COUNT(*)
FROM clicks
GROUP BY SESSION(click_ts, INTERVAL '30' MINUTE);

SELECT SESSION_PROCTIME(proc_time, INTERVAL '30' MINUTE) AS ptime, COUNT(*)
FROM clicks
GROUP BY SESSION(proc_time, INTERVAL '30' MINUTE);

SELECT name, TUMBLE_START(rowtime, INTERVAL '5' SECOND) AS window_start, TUMBLE_END(rowtime, INTERVAL '5' SECOND) AS window_end, COUNT(*), SUM(a_int), COUNT(DISTINCT `comment`)
FROM source_t
GROUP BY name, TUMBLE(rowtime, INTERVAL '5' SECOND);

SELECT name, COUNT(*) FROM source_t GROUP BY name, HOP(rowtime, INTERVAL '5' SECOND, INTERVAL '10' SECOND);

SELECT name, COUNT(*) FROM source_t GROUP BY name, SESSION(proctime, INTERVAL '3' SECOND);

SELECT TUMBLE_START(click_ts, INTERVAL '1' DAY), COUNT(DISTINCT user_id)
FROM clicks
GROUP BY TUMBLE(click_ts, INTERVAL '1' DAY)
HAVING COUNT(DISTINCT user_id) > 100;
