-- Every source's path and the fingerprint of its first line, for reading
-- evidence lines back from the files (model/evidence_text.c): a file whose
-- first line no longer matches is not the content that was ingested.
SELECT path, head_hash FROM source ORDER BY path, id
