-- Windowing TVFs TUMBLE / HOP / CUMULATE / SESSION with positional and named arguments,
-- window aggregation, window join, and window TVFs over subqueries.

SELECT * FROM TABLE(
   TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES));

SELECT * FROM TABLE(
   TUMBLE(
     DATA => TABLE bids,
     TIMECOL => DESCRIPTOR(bidtime),
     SIZE => INTERVAL '10' MINUTES));

SELECT * FROM TABLE(
   TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES, INTERVAL '1' MINUTES));

SELECT * FROM TABLE(
   TUMBLE(
     DATA => TABLE bids,
     TIMECOL => DESCRIPTOR(bidtime),
     SIZE => INTERVAL '10' MINUTES,
     OFFSET => INTERVAL '1' MINUTES));

SELECT * FROM TABLE(
    HOP(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '5' MINUTES, INTERVAL '10' MINUTES));

SELECT * FROM TABLE(
    HOP(
      DATA => TABLE bids,
      TIMECOL => DESCRIPTOR(bidtime),
      SLIDE => INTERVAL '5' MINUTES,
      SIZE => INTERVAL '10' MINUTES));

SELECT * FROM TABLE(
    HOP(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '5' SECOND, INTERVAL '10' SECOND, INTERVAL '1' SECOND));

SELECT * FROM TABLE(
    CUMULATE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '2' MINUTES, INTERVAL '10' MINUTES));

SELECT * FROM TABLE(
    CUMULATE(
      DATA => TABLE bids,
      TIMECOL => DESCRIPTOR(bidtime),
      STEP => INTERVAL '2' MINUTES,
      SIZE => INTERVAL '10' MINUTES));

SELECT * FROM TABLE(
    SESSION(TABLE bids PARTITION BY item, DESCRIPTOR(bidtime), INTERVAL '5' MINUTES));

SELECT * FROM TABLE(
    SESSION(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '5' MINUTES));

SELECT * FROM TABLE(
    SESSION(
      DATA => TABLE bids PARTITION BY (item, supplier_id),
      TIMECOL => DESCRIPTOR(bidtime),
      GAP => INTERVAL '5' MINUTES));

SELECT window_start, window_end, SUM(price) AS total_price
FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES))
GROUP BY window_start, window_end;

SELECT window_start, window_end, window_time, item, SUM(price) AS total_price, COUNT(*) AS bid_cnt
FROM TABLE(HOP(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '5' MINUTES, INTERVAL '10' MINUTES))
GROUP BY window_start, window_end, window_time, item;

SELECT window_start, window_end, SUM(price)
FROM TABLE(CUMULATE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '2' MINUTES, INTERVAL '10' MINUTES))
GROUP BY window_start, window_end;

SELECT window_start, window_end, item, SUM(price) AS total_price
FROM TABLE(SESSION(TABLE bids PARTITION BY item, DESCRIPTOR(bidtime), INTERVAL '5' MINUTES))
GROUP BY item, window_start, window_end;

SELECT window_start, window_end, supplier_id, SUM(price) AS price
FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES))
GROUP BY window_start, window_end, GROUPING SETS ((supplier_id), ());

SELECT window_start, window_end, item, supplier_id, SUM(price) AS price
FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES))
GROUP BY window_start, window_end, ROLLUP (item, supplier_id);

SELECT window_start, window_end, SUM(price)
FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES))
GROUP BY window_start, window_end, CUBE (supplier_id, item);

SELECT name, window_start, window_end, COUNT(*), SUM(a_int), COUNT(DISTINCT `comment`)
FROM TABLE(TUMBLE(TABLE window_source_t, DESCRIPTOR(rowtime), INTERVAL '5' SECOND))
GROUP BY name, window_start, window_end;

SELECT window_start AS ws, window_end AS we, COUNT(*)
FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10' SECOND, INTERVAL '-6' SECOND))
GROUP BY window_start, window_end;

SELECT SUM(price)
FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(proc_time), INTERVAL '10' SECOND))
GROUP BY window_start, window_end;

SELECT window_start, window_end, COUNT(*)
FROM TABLE(
  TUMBLE(
    TABLE recent_clicks,
    DESCRIPTOR(click_ts),
    INTERVAL '1' MINUTE))
GROUP BY window_start, window_end;

SELECT L.num AS l_num, L.id AS l_id, R.num AS r_num, R.id AS r_id, L.window_start, L.window_end
FROM (
    SELECT * FROM TABLE(TUMBLE(TABLE left_table, DESCRIPTOR(row_time), INTERVAL '5' MINUTES))
) L
FULL JOIN (
    SELECT * FROM TABLE(TUMBLE(TABLE right_table, DESCRIPTOR(row_time), INTERVAL '5' MINUTES))
) R
ON L.num = R.num AND L.window_start = R.window_start AND L.window_end = R.window_end;

SELECT *
FROM (
    SELECT * FROM TABLE(TUMBLE(TABLE left_table, DESCRIPTOR(row_time), INTERVAL '5' MINUTES))
) L WHERE L.num IN (
  SELECT num FROM (
    SELECT * FROM TABLE(TUMBLE(TABLE right_table, DESCRIPTOR(row_time), INTERVAL '5' MINUTES))
  ) R WHERE L.window_start = R.window_start AND L.window_end = R.window_end);

SELECT *
FROM (
    SELECT * FROM TABLE(TUMBLE(TABLE left_table, DESCRIPTOR(row_time), INTERVAL '5' MINUTES))
) L WHERE NOT EXISTS (
  SELECT * FROM (
    SELECT * FROM TABLE(TUMBLE(TABLE right_table, DESCRIPTOR(row_time), INTERVAL '5' MINUTES))
  ) R WHERE L.num = R.num AND L.window_start = R.window_start AND L.window_end = R.window_end);

SELECT L.window_start, L.window_end, L.name, L.id AS l_id, R.id AS r_id
FROM (
    SELECT * FROM TABLE(HOP(TABLE source_one_t, DESCRIPTOR(row_time), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
) L
LEFT JOIN (
    SELECT * FROM TABLE(HOP(TABLE source_two_t, DESCRIPTOR(row_time), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
) R
ON L.name = R.name AND L.window_start = R.window_start AND L.window_end = R.window_end;

SELECT bid_time, supplier_id
FROM TABLE(HOP(
  DATA => TABLE bid_t,
  TIMECOL => DESCRIPTOR(`bid_time`),
  SLIDE => INTERVAL '5' SECOND,
  SIZE => INTERVAL '10' SECOND));

SELECT window_start, window_end, COUNT(*)
FROM TABLE(TUMBLE(TABLE kafka_events, DESCRIPTOR(`$rowtime`), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end;
