-- Every input, in the order it was first ingested.
SELECT path, format, records, rejects, lines FROM source ORDER BY id
