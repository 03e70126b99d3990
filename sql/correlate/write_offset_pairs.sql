-- Rows with one candidate request that has no other candidate row of the
-- table: each bounds the offset of the rows' clock (ULID or created_at)
-- against the proxy's to [written - end, written + resolution - start].
WITH one_request AS (
	SELECT dw_id FROM write_cand GROUP BY dw_id HAVING count(*) = 1
), one_row AS (
	SELECT r_id, table_name FROM write_cand GROUP BY r_id, table_name HAVING count(*) = 1
)
SELECT c.written_us - c.end_us, c.written_us + c.resolution_us - c.start_us
FROM write_cand c
JOIN one_request USING (dw_id)
JOIN one_row o ON o.r_id = c.r_id AND o.table_name IS c.table_name
