-- operator: regular RIGHT join over an updating (GROUP BY) left input with a non-equi condition
-- order: ordered
-- The left side counts visits per page (-U/+U on every new visit); a page only joins while it has
-- fewer than 3 visits (`v.n < o.max_visits`). The right (outer) side is read first (the runner reads a
-- two-input operator's right input before its left input). Each count update retracts the old joined
-- row with the inner side's -U, pads the order with nulls, then the +U either matches (-D[null..],
-- +I[new]) or, once n reaches 3, fails the condition and the padding stays.
-- file: visits.json
--| {"page": "home"}
--| {"page": "home"}
--| {"page": "cart"}
--| {"page": "home"}
-- file: offers.json
--| {"offer": "o1", "page": "home", "max_visits": 3}
--| {"offer": "o2", "page": "cart", "max_visits": 3}
CREATE TABLE visits (page STRING)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/visits.json', 'format' = 'json');
CREATE TABLE offers (offer STRING, page STRING, max_visits BIGINT)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/offers.json', 'format' = 'json');
SELECT v.page, v.n, o.offer
FROM (SELECT page, COUNT(*) AS n FROM visits GROUP BY page) v
RIGHT JOIN offers o ON v.page = o.page AND v.n < o.max_visits;
-- expected:
-- +I[null, null, o1]
-- +I[null, null, o2]
-- -D[null, null, o1]
-- +I[home, 1, o1]
-- -U[home, 1, o1]
-- +I[null, null, o1]
-- -D[null, null, o1]
-- +I[home, 2, o1]
-- -D[null, null, o2]
-- +I[cart, 1, o2]
-- -U[home, 2, o1]
-- +I[null, null, o1]
