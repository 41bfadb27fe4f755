-- operator: regular FULL OUTER join with both inputs updating: both sides null-padded, padding retracted
-- order: ordered
-- Left: visit counts per page (GROUP BY: +I, then -U/+U per visit). Right: a changelog of page owners
-- (FROM_CHANGELOG). The right input is read to its end first (the runner reads a two-input operator's
-- right input before its left input), so its changes first produce right rows padded with nulls on the
-- left: an update of an unmatched outer row is -D/+I (an outer side never emits -U/+U). Then each left
-- change: a first match retracts the padding (-D[null.., r]) and joins (+I); a retraction of the left row
-- deletes the joined row (-D, the left side is outer too) and re-pads the right row (+I[null.., r]);
-- a left row without a match is padded on the right.
-- file: visits.json
--| {"page": "home"}
--| {"page": "home"}
--| {"page": "faq"}
-- file: owners.json
--| {"op": "INSERT", "page": "home", "owner": "ann"}
--| {"op": "INSERT", "page": "cart", "owner": "bob"}
--| {"op": "UPDATE_BEFORE", "page": "home", "owner": "ann"}
--| {"op": "UPDATE_AFTER", "page": "home", "owner": "amy"}
--| {"op": "DELETE", "page": "cart", "owner": "bob"}
--| {"op": "INSERT", "page": "news", "owner": "cid"}
CREATE TABLE visits (page STRING)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/visits.json', 'format' = 'json');
CREATE TABLE owner_log (op STRING, page STRING, owner STRING)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/owners.json', 'format' = 'json');
CREATE VIEW owners AS SELECT * FROM FROM_CHANGELOG(input => TABLE owner_log);
SELECT v.page, v.n, w.page AS owned_page, w.owner
FROM (SELECT page, COUNT(*) AS n FROM visits GROUP BY page) v
FULL OUTER JOIN owners w ON v.page = w.page;
-- expected:
-- +I[null, null, home, ann]
-- +I[null, null, cart, bob]
-- -D[null, null, home, ann]
-- +I[null, null, home, amy]
-- -D[null, null, cart, bob]
-- +I[null, null, news, cid]
-- -D[null, null, home, amy]
-- +I[home, 1, home, amy]
-- -D[home, 1, home, amy]
-- +I[null, null, home, amy]
-- -D[null, null, home, amy]
-- +I[home, 2, home, amy]
-- +I[faq, 1, null, null]
