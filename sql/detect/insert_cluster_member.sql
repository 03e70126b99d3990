-- the clustered timeouts: request ?2 (its request_id; rows without one are
-- found by route and time) belongs to cluster ?1
INSERT OR REPLACE INTO cluster_member (request_row, cluster_no)
SELECT w.id, ?1 FROM window_request w
WHERE w.route IS ?2 AND w.end_us BETWEEN ?3 AND ?4 AND w.status IN (408, 504)
  AND (w.status = 504 OR w.duration_us >= ?5)
