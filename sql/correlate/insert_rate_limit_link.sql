INSERT OR REPLACE INTO link (event_id, request_row, method) VALUES (?1, ?2, 'rate_limit_order')
