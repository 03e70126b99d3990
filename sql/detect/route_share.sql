-- How many requests of route ?1 ended inside [?2, ?3], and how many timed out.
SELECT count(*), sum(w.status IN (408, 504))
FROM window_request w
WHERE w.route = ?1 AND w.end_us BETWEEN ?2 AND ?3
