-- The snapshot's totals, known when its end was read.
UPDATE snapshot SET row_count = ?2, footer_rows = ?3, planning_ms = ?4, execution_ms = ?5
WHERE id = ?1
