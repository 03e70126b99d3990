INSERT INTO request (source_id, line, start_us, end_us, duration_us, method_id, host_id,
	uri, route_id, proto_id, status, size, bytes_read, remote_ip, remote_port, client_ip,
	cf_connecting_ip, x_forwarded_for, x_real_ip, user_agent_id, request_id,
	request_key)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
	?18, ?19, ?20, ?21, ?22)
