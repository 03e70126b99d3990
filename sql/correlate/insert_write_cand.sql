-- One kept candidate (write_candidates.c): row, request, the identifier
-- they share, and what the assignment needs of both.
INSERT INTO write_cand (dw_id, r_id, shared, table_name, written_us, resolution_us, start_us,
	end_us, route)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9);
