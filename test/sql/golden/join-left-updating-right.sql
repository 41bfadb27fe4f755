-- operator: regular LEFT join over an updating (GROUP BY) right input with a non-equi condition
-- order: ordered
-- The right input (visit counts, with -U/+U on every visit) is read to its end before the left input
-- (the runner reads a two-input operator's right input first), so the join's right state must hold
-- only the latest count per page: the retracted rows (home 1, home 2) must not match any more.
-- `v.n >= o.min_visits`: home has 3 visits (matches), cart 1 (fails: null-padded), faq none.
-- file: visits.json
--| {"page": "home"}
--| {"page": "cart"}
--| {"page": "home"}
--| {"page": "home"}
-- file: offers.json
--| {"offer": "o1", "page": "home", "min_visits": 2}
--| {"offer": "o2", "page": "cart", "min_visits": 2}
--| {"offer": "o3", "page": "faq", "min_visits": 0}
CREATE TABLE visits (page STRING)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/visits.json', 'format' = 'json');
CREATE TABLE offers (offer STRING, page STRING, min_visits BIGINT)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/offers.json', 'format' = 'json');
SELECT o.offer, o.page, v.n
FROM offers o
LEFT JOIN (SELECT page, COUNT(*) AS n FROM visits GROUP BY page) v
ON o.page = v.page AND v.n >= o.min_visits;
-- expected:
-- +I[o1, home, 3]
-- +I[o2, cart, null]
-- +I[o3, faq, null]
