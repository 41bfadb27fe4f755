-- A live leaderboard: the top 3 players per game by total points, over an updating input. The totals come
-- from a GROUP BY (each score updates a player's total with -U/+U); ROW_NUMBER() ... <= 3 is planned as
-- a Top-N (Rank) operator. With the rank column in the output, every rank whose player changes is
-- rewritten (-D of the old row at that rank, +I of the new one), and a player pushed to rank 4 is
-- deleted. When alice scores again, the retraction of her old total first lets dave (rank 4) move up,
-- then her new total takes rank 1 and shifts everyone down; dave reaching 55 points pushes carol out.
CREATE TABLE scores (
  game STRING,
  player STRING,
  points INT,
  ts TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'sql-examples/data/game-scores.json',
  'format' = 'json'
);

SELECT game, ranking, player, total_points
FROM (
  SELECT
    game,
    player,
    total_points,
    ROW_NUMBER() OVER (PARTITION BY game ORDER BY total_points DESC) AS ranking
  FROM (SELECT game, player, SUM(points) AS total_points FROM scores GROUP BY game, player)
)
WHERE ranking <= 3;
