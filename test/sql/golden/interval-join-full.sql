-- operator: interval join, FULL OUTER on event time with the >= / < bound form
-- order: any
-- A click joins an impression of the same ad when 0 <= click - impression < 5 s
-- (c.ts >= i.ts AND c.ts < i.ts + 5 s). Unmatched rows of both sides are padded with nulls once the
-- watermark passes their interval: impression b (its click comes 5 s later: outside, the upper bound
-- is exclusive), the click of b, impression d (no click), and the click of e (no impression).
-- file: impressions.json
--| {"ad": "a", "ts": "2024-01-01 10:00:00"}
--| {"ad": "b", "ts": "2024-01-01 10:00:02"}
--| {"ad": "d", "ts": "2024-01-01 10:00:03"}
-- file: clicks.json
--| {"ad": "a", "ts": "2024-01-01 10:00:01"}
--| {"ad": "b", "ts": "2024-01-01 10:00:07"}
--| {"ad": "e", "ts": "2024-01-01 10:00:08"}
CREATE TABLE impressions (ad STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/impressions.json', 'format' = 'json');
CREATE TABLE clicks (ad STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/clicks.json', 'format' = 'json');
SELECT i.ad AS shown, i.ts AS shown_at, c.ad AS clicked, c.ts AS clicked_at
FROM impressions i FULL OUTER JOIN clicks c
ON i.ad = c.ad AND c.ts >= i.ts AND c.ts < i.ts + INTERVAL '5' SECOND;
-- expected:
-- +I[a, 2024-01-01 10:00:00.000, a, 2024-01-01 10:00:01.000]
-- +I[b, 2024-01-01 10:00:02.000, null, null]
-- +I[d, 2024-01-01 10:00:03.000, null, null]
-- +I[null, null, b, 2024-01-01 10:00:07.000]
-- +I[null, null, e, 2024-01-01 10:00:08.000]
