/* insert_tracing.c - server events and their phases. A phase row belongs
 * to the event inserted just before it: parsers emit an event's phases
 * right after the event. */
#include "store/span_template.h"
#include "store/store_impl.h"

#include <stddef.h>
#include <string.h>

#include "util/uuid.h"

/* The events of a request follow one another, with its id and its span
 * list: what the last event's made of them is this one's when they are
 * the same. 1 when PARTS[0..N) (NULL or text) are what LAST holds, else 0
 * with LAST holding them now (or nothing, past its cap: no memo then). */
static int same_as_last(struct buf *last, const char *const *parts, int n)
{
	size_t at = 0;
	int same = 1;

	for (int k = 0; k < n && same; k++) {
		size_t len = parts[k] ? strlen(parts[k]) + 1 : 0;

		/* each part: '+' and its text with its NUL, or '-' for NULL */
		same = at + 1 + len <= last->len && last->data[at] == (parts[k] ? '+' : '-') &&
		       memcmp(last->data + at + 1, parts[k] ? parts[k] : "", len) == 0;
		at += 1 + len;
	}
	if (same && at == last->len)
		return 1;
	buf_reset(last);
	for (int k = 0; k < n; k++)
		if (buf_addc(last, parts[k] ? '+' : '-') < 0 ||
		    (parts[k] && buf_add(last, parts[k], strlen(parts[k]) + 1) < 0)) {
			buf_reset(last);
			break;
		}
	return 0;
}

/* A request id as its 16 bytes when it is a lower-case UUID (20 bytes
 * less a row; event_v shows it as text), else as text; its fingerprint
 * (store_key) too. */
static void bind_request_id(struct store *st, sqlite3_stmt *s, int i, int key_i, const char *id)
{
	if (!id) {
		sqlite3_bind_null(s, i);
		return;
	}
	if (!same_as_last(&st->last_rid, &id, 1)) {
		st->rid_packed = uuid_pack(id, strlen(id), st->rid_bytes);
		st->rid_key = store_key(id);
	}
	if (st->rid_packed)
		sqlite3_bind_blob(s, i, st->rid_bytes, 16, SQLITE_STATIC);
	else
		store_bind_text(s, i, id);
	sqlite3_bind_int64(s, key_i, st->rid_key);
}

/* The text_value id of SPANS as a template (span_template.c), or of
 * SPANS itself when it holds none of the event's values. */
static int span_text_id(struct store *st, const struct event_rec *e, const char *spans,
			int64_t *id, struct diag *err)
{
	const char *const cut[SPAN_CUTS] = { e->request_id, e->method, e->uri };
	const char *const made_of[1 + SPAN_CUTS] = { spans, e->request_id, e->method, e->uri };
	int made;

	*id = RECORD_NONE;
	if (!spans)
		return 0;
	if (same_as_last(&st->last_spans, made_of, 1 + SPAN_CUTS)) {
		*id = st->last_spans_id;
		return 0;
	}
	if ((made = span_template(spans, cut, &st->span_buf)) < 0)
		return diag_oom(err);
	if (store_text_id(st, made ? buf_str(&st->span_buf) : spans, id, err) < 0) {
		buf_reset(&st->last_spans);
		return -1;
	}
	st->last_spans_id = *id;
	return 0;
}

void store_tracing_forget(struct store *st)
{
	buf_reset(&st->last_spans);     /* its id may be rolled back */
}

static int insert_event(struct store *st, int64_t src, const struct record *rec,
			struct diag *err)
{
	const struct event_rec *e = &rec->u.event;
	const char *const shared[] = { e->level, e->target, e->name, e->span_name,
				       e->thread_name, e->file, e->message };
	/* the innermost span is the span list's last: stored once (event_v) */
	const char *spans = e->spans_json ? e->spans_json : e->span_json;
	const char *fields = e->fields_json ? e->fields_json : "{}";
	int64_t id[7], spans_id;
	sqlite3_stmt *s;
	int cut;

	if (store_text_ids(st, shared, 7, id, err) < 0 ||
	    span_text_id(st, e, spans, &spans_id, err) < 0 ||
	    !(s = store_stmt(st, "ingest/insert_event", err)))
		return -1;
	if ((cut = fields_template(fields, e->name, &st->fields_buf)) < 0)
		return diag_oom(err);
	sqlite3_bind_int64(s, 1, src);
	sqlite3_bind_int64(s, 2, rec->line);
	store_bind_int(s, 3, e->ts_us);
	store_bind_int(s, 4, e->wrapper_ts_us);
	store_bind_int(s, 5, id[0]);
	store_bind_int(s, 6, id[1]);
	store_bind_int(s, 7, id[2]);
	store_bind_int(s, 8, id[6]);
	store_bind_text(s, 9, cut ? buf_str(&st->fields_buf) : fields);
	store_bind_int(s, 10, id[3]);
	store_bind_int(s, 11, e->spans_json ? RECORD_NONE : spans_id);
	store_bind_int(s, 12, e->spans_json ? spans_id : RECORD_NONE);
	bind_request_id(st, s, 13, 21, e->request_id);
	store_bind_text(s, 14, e->method);
	store_bind_text(s, 15, e->uri);
	sqlite3_bind_int(s, 16, e->is_start != 0);
	store_bind_int(s, 17, id[4]);
	store_bind_text(s, 18, e->thread_id);
	store_bind_int(s, 19, id[5]);
	store_bind_int(s, 20, e->file_line);
	if (e->has_latency)
		sqlite3_bind_double(s, 22, e->latency_ms);
	if (store_step_done(st, s, err) < 0)
		return -1;
	st->last_event_id = sqlite3_last_insert_rowid(st->db);
	st->phases_of_last_event = 0;
	return 0;
}

/* Keyed (event, place among its phases); source, line and event name are
 * its event's (phase_v). */
static int insert_phase(struct store *st, const struct record *rec, struct diag *err)
{
	const struct phase_rec *p = &rec->u.phase;
	sqlite3_stmt *s;
	int64_t phase_id;

	if (st->last_event_id <= 0)
		return diag_db(err, "phase at line %lld has no event before it",
			       (long long)rec->line);
	if (store_text_id(st, p->phase, &phase_id, err) < 0)
		return -1;
	if (!(s = store_stmt(st, "ingest/insert_phase", err)))
		return -1;
	sqlite3_bind_int64(s, 1, st->last_event_id);
	sqlite3_bind_int64(s, 2, st->phases_of_last_event++);
	store_bind_int(s, 3, phase_id);
	sqlite3_bind_double(s, 4, p->ms);
	return store_step_done(st, s, err);
}

int store_insert_tracing(struct store *st, int64_t source_id, const struct record *rec,
			 struct diag *err)
{
	if (rec->kind == REC_EVENT)
		return insert_event(st, source_id, rec, err);
	if (rec->kind == REC_PHASE)
		return insert_phase(st, rec, err);
	return diag_db(err, "record kind %d is not a tracing record", (int)rec->kind);
}
