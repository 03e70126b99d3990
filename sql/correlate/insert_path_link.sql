-- One pair of the path + time join (?1 event, ?2 request), in event order.
INSERT OR IGNORE INTO link (event_id, request_row, method) VALUES (?1, ?2, 'path_time');
