-- Mini-batch (the Nexmark reference's settings): MiniBatchAssigner(ProcTime) right above the source's
-- WatermarkAssigner, both levels of the split COUNT(DISTINCT) ... FILTER run as mini-batch aggregates
SET 'table.exec.mini-batch.enabled' = 'true';
SET 'table.exec.mini-batch.allow-latency' = '2s';
SET 'table.exec.mini-batch.size' = '50000';
SET 'table.optimizer.distinct-agg.split.enabled' = 'true';
CREATE TABLE bids (auction BIGINT, bidder BIGINT, price BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '4' SECOND) WITH ('connector' = 'values');
CREATE TABLE s (auction BIGINT, total BIGINT, bidders BIGINT, rank1_bidders BIGINT) WITH ('connector' = 'values');
EXPLAIN CHANGELOG_MODE INSERT INTO s SELECT auction, COUNT(*), COUNT(DISTINCT bidder), COUNT(DISTINCT bidder) FILTER (WHERE price < 10000) FROM bids GROUP BY auction;
