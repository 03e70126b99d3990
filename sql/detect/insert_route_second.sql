INSERT INTO route_second (route, method, sec, n, slowest, failed) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
