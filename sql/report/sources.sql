-- Every input, in the order it was first ingested.
SELECT path, format, records, rejects, lines, id FROM source ORDER BY id
