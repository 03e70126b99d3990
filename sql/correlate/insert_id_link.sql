-- One pair of the request-id join (?1 event, ?2 request), in event order.
INSERT INTO link (event_id, request_row, method) VALUES (?1, ?2, 'request_id');
