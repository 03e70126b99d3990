-- The candidates whose row falls inside the request once the rows' clock
-- offset ?1 is taken off, give or take the slack ?2, table by table, for
-- the assignment.
SELECT dw_id, r_id, shared, table_name, written_us, resolution_us, start_us, end_us, route
FROM write_cand
WHERE written_us + resolution_us - ?1 + ?2 >= start_us AND written_us - ?1 - ?2 <= end_us
ORDER BY table_name, dw_id, r_id
