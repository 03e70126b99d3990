-- Whether any event the request id left unlinked has a method and a path:
-- only then does the path + time pass have work.
SELECT EXISTS (SELECT 1 FROM unlinked u JOIN event e ON e.id = u.id
	       WHERE e.method IS NOT NULL AND e.uri IS NOT NULL)
