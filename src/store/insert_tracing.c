/* insert_tracing.c - server events and their phases. A phase row belongs
 * to the event inserted just before it: parsers emit an event's phases
 * right after the event. */
#include "store/store_impl.h"

#include <stddef.h>

static int insert_event(struct store *st, int64_t src, const struct record *rec,
			struct diag *err)
{
	const struct event_rec *e = &rec->u.event;
	sqlite3_stmt *s = store_stmt(st, "ingest/insert_event", err);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, src);
	sqlite3_bind_int64(s, 2, rec->line);
	store_bind_int(s, 3, e->ts_us);
	store_bind_int(s, 4, e->wrapper_ts_us);
	store_bind_text(s, 5, e->level);
	store_bind_text(s, 6, e->target);
	store_bind_text(s, 7, e->name);
	store_bind_text(s, 8, e->message);
	store_bind_text(s, 9, e->fields_json ? e->fields_json : "{}");
	store_bind_text(s, 10, e->span_name);
	/* the innermost span is the span list's last: stored once (event_v) */
	store_bind_text(s, 11, e->spans_json ? NULL : e->span_json);
	store_bind_text(s, 12, e->spans_json);
	store_bind_text(s, 13, e->request_id);
	if (e->request_id)
		sqlite3_bind_int64(s, 21, store_key(e->request_id));
	store_bind_text(s, 14, e->method);
	store_bind_text(s, 15, e->uri);
	sqlite3_bind_int(s, 16, e->is_start != 0);
	store_bind_text(s, 17, e->thread_name);
	store_bind_text(s, 18, e->thread_id);
	store_bind_text(s, 19, e->file);
	store_bind_int(s, 20, e->file_line);
	if (store_step_done(st, s, err) < 0)
		return -1;
	st->last_event_id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

static int insert_phase(struct store *st, int64_t src, const struct record *rec,
			struct diag *err)
{
	const struct phase_rec *p = &rec->u.phase;
	sqlite3_stmt *s;

	if (st->last_event_id <= 0)
		return diag_set(err, "phase at line %lld has no event before it",
				(long long)rec->line);
	s = store_stmt(st, "ingest/insert_phase", err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, st->last_event_id);
	sqlite3_bind_int64(s, 2, src);
	sqlite3_bind_int64(s, 3, rec->line);
	store_bind_text(s, 4, p->event_name);
	store_bind_text(s, 5, p->phase);
	sqlite3_bind_double(s, 6, p->ms);
	return store_step_done(st, s, err);
}

int store_insert_tracing(struct store *st, int64_t source_id, const struct record *rec,
			 struct diag *err)
{
	if (rec->kind == REC_EVENT)
		return insert_event(st, source_id, rec, err);
	if (rec->kind == REC_PHASE)
		return insert_phase(st, source_id, rec, err);
	return diag_set(err, "record kind %d is not a tracing record", (int)rec->kind);
}
