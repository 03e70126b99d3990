/* insert.c - one prepared statement per record kind. */
#include "store/store_impl.h"

static int insert_request(struct store *st, int64_t src, const struct record *rec,
			  struct diag *err)
{
	const struct request_rec *r = &rec->u.request;
	const char *const shared[] = { r->method, r->host, r->route, r->proto, r->user_agent };
	int64_t id[5];
	sqlite3_stmt *s;

	if (store_text_ids(st, shared, 5, id, err) < 0 ||
	    !(s = store_stmt(st, "ingest/insert_request", err)))
		return -1;
	sqlite3_bind_int64(s, 1, src);
	sqlite3_bind_int64(s, 2, rec->line);
	store_bind_int(s, 3, r->start_us);
	store_bind_int(s, 4, r->end_us);
	store_bind_int(s, 5, r->duration_us);
	store_bind_int(s, 6, id[0]);
	store_bind_int(s, 7, id[1]);
	store_bind_text(s, 8, r->uri);
	store_bind_int(s, 9, id[2]);
	store_bind_int(s, 10, id[3]);
	store_bind_int(s, 11, r->status);
	store_bind_int(s, 12, r->size);
	store_bind_int(s, 13, r->bytes_read);
	store_bind_text(s, 14, r->remote_ip);
	store_bind_int(s, 15, r->remote_port);
	store_bind_text(s, 16, r->client_ip);
	store_bind_text(s, 17, r->cf_connecting_ip);
	store_bind_text(s, 18, r->x_forwarded_for);
	store_bind_text(s, 19, r->x_real_ip);
	store_bind_int(s, 20, id[4]);
	store_bind_text(s, 21, r->request_id);
	if (r->request_id)
		sqlite3_bind_int64(s, 22, store_key(r->request_id));
	else
		sqlite3_bind_null(s, 22);
	return store_step_rebound(st, s, err);   /* all 22 bound above */
}

static int insert_proxy_event(struct store *st, int64_t src, const struct record *rec,
			      struct diag *err)
{
	const struct proxy_event_rec *e = &rec->u.proxy_event;
	sqlite3_stmt *s = store_stmt(st, "ingest/insert_proxy_event", err);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, src);
	sqlite3_bind_int64(s, 2, rec->line);
	store_bind_int(s, 3, e->ts_us);
	store_bind_text(s, 4, e->level);
	store_bind_text(s, 5, e->logger);
	store_bind_text(s, 6, e->msg);
	store_bind_text(s, 7, e->fields_json);
	return store_step_done(st, s, err);
}

static int insert_reject(struct store *st, int64_t src, const struct record *rec,
			 struct diag *err)
{
	sqlite3_stmt *s = store_stmt(st, "ingest/insert_reject", err);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, src);
	sqlite3_bind_int64(s, 2, rec->line);
	store_bind_text(s, 3, rec->u.reject.reason);
	store_bind_text(s, 4, rec->u.reject.excerpt);
	return store_step_done(st, s, err);
}

static int insert_warning(struct store *st, int64_t src, const struct record *rec,
			  struct diag *err)
{
	sqlite3_stmt *s = store_stmt(st, "ingest/insert_warning", err);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, src);
	sqlite3_bind_int64(s, 2, rec->line);
	store_bind_text(s, 3, rec->u.warning.reason);
	return store_step_done(st, s, err);
}

int store_insert(struct store *st, int64_t source_id, const struct record *rec,
		 struct diag *err)
{
	switch (rec->kind) {
	case REC_REQUEST:
		return insert_request(st, source_id, rec, err);
	case REC_PROXY_EVENT:
		return insert_proxy_event(st, source_id, rec, err);
	case REC_REJECT:
		return insert_reject(st, source_id, rec, err);
	case REC_WARNING:
		return insert_warning(st, source_id, rec, err);
	case REC_EVENT:
	case REC_PHASE:
		return store_insert_tracing(st, source_id, rec, err);
	case REC_SNAPSHOT:
	case REC_SNAPSHOT_ROW:
	case REC_DB_WRITE:
		return store_insert_psql(st, source_id, rec, err);
	default:
		return diag_db(err, "record kind %d is not stored yet", (int)rec->kind);
	}
}
