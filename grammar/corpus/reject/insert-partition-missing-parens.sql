-- error: Unexpected identifier 'dt'
-- at: 3:34
INSERT INTO page_views PARTITION dt = '2024-05-01' SELECT 1, 2, 'x';
