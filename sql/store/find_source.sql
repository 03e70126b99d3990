-- Contents that start with the same first line; the caller checks the tail.
SELECT id, format, bytes, lines, tail_hash, tail_len, records, rejects
FROM source WHERE head_hash = ?1 ORDER BY bytes DESC
