-- Content bytes already ingested of format ?1: what a new file is weighed against.
SELECT coalesce(sum(bytes), 0) FROM source WHERE format = ?1
