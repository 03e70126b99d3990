-- Contents ever ingested: none means a report has nothing to say.
SELECT count(*) FROM source
