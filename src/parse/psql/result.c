/* result.c - a result set's records: the snapshot when it begins, a row
 * record per row (cells as a JSON array), and a closing record with the
 * totals known only at its end. Forms fill cells; this file decides NULLs. */
#include <string.h>

#include "parse/psql/psql.h"

/* Markers people give \pset null; a cell equal to one is NULL. */
static const char *const markers[] = {
	"(null)", "NULL", "<null>", "[null]", "(NULL)", "<NULL>", "[NULL]", "\xc2\xa4",
	"\xe2\x88\x85", "\xe2\x90\x80",
};

void result_reset(struct psql_state *s, const char *form)
{
	struct psql_result *r = &s->r;

	r->form = form;
	r->end_record = NULL;
	r->ncols = 0;
	r->named = 0;
	buf_reset(&r->names);
	buf_reset(&r->table);
	r->empty_is_null = 0;
	r->use_marker = 1;
	r->time_col = r->key_col = -1;
	r->shape_hint = NULL;
	r->is_clock = 0;
	r->rows = r->bad_rows = 0;
	r->planning_ms = r->execution_ms = -1;
	r->have = 0;
	r->in_row = 0;
}

int result_add_name(struct psql_state *s, const char *p, size_t n)
{
	struct psql_result *r = &s->r;

	if (r->ncols >= PSQL_COLS_MAX || n > PSQL_NAME_MAX)
		return -1;
	r->name_at[r->ncols] = r->names.len;
	if (buf_add(&r->names, p, n) < 0 || buf_addc(&r->names, '\0') < 0)
		return -1;
	r->ncols++;
	r->named = 1;
	return 0;
}

static int json_names(struct psql_state *s, struct buf *b)
{
	if (buf_addc(b, '[') < 0)
		return -1;
	for (int j = 0; j < s->r.ncols; j++) {
		const char *name = result_name(s, j);

		if ((j && buf_addc(b, ',') < 0) || json_string(b, name, strlen(name)) < 0)
			return -1;
	}
	return buf_addc(b, ']');
}

int result_begin(struct psql_state *s, const struct line *at, const struct sink *out,
		 struct diag *err)
{
	struct record rec = { .kind = REC_SNAPSHOT, .line = at->no, .off = at->off };
	struct snapshot_rec *sn = &rec.u.snapshot;

	buf_reset(&s->json);
	if (s->r.named && json_names(s, &s->json) < 0)
		return diag_oom(err);  /* names are capped far below */
	shapes_pick_columns(s);
	/* its own time (a \watch title, a shell prefix), else the file's last
	 * clock reading; a title without a readable time dates nothing */
	sn->capture_us = s->pending_us;
	if (sn->capture_us == RECORD_NONE && !s->title.len && !shapes_is_clock(s))
		sn->capture_us = s->stamp_us;
	sn->form = s->r.form;
	sn->title = s->title.len ? s->title.data : NULL;
	sn->query = s->query.len ? s->query.data : NULL;
	sn->shape = shapes_recognise(s);
	sn->columns_json = s->r.named ? s->json.data : NULL;
	sn->row_count = 0;
	s->open = 1;
	if (out->emit(out->ctx, &rec, err) < 0)
		return -1;
	/* what the session said belongs to this result, not the next */
	s->pending_us = RECORD_NONE;
	buf_reset(&s->title);
	buf_reset(&s->query);
	s->after_ts_line = 0;
	return 0;
}

void row_begin(struct psql_state *s, const struct line *at)
{
	struct psql_result *r = &s->r;

	for (int j = 0; j < r->ncols; j++) {
		buf_reset(&r->cell[j]);
		r->isnull[j] = 0;
		r->cont[j] = 0;
	}
	r->have = 0;
	r->row_bytes = 0;
	r->in_row = 1;
	r->row_at = *at;
	r->row_at.text = NULL;  /* the text is gone by the time a row ends */
}

int cell_add(struct psql_state *s, int col, const char *p, size_t n)
{
	struct psql_result *r = &s->r;

	if (col < 0 || col >= r->ncols || n > PSQL_ROW_MAX - r->row_bytes)
		return -1;
	r->row_bytes += n;
	if (col >= r->have)
		r->have = col + 1;
	return buf_add(&r->cell[col], p, n);
}

static int is_marker(const struct psql_state *s, const struct buf *c)
{
	if (s->marker.len)
		return c->len == s->marker.len && memcmp(c->data, s->marker.data, c->len) == 0;
	for (size_t i = 0; i < sizeof(markers) / sizeof(markers[0]); i++)
		if (c->len == strlen(markers[i]) && memcmp(c->data, markers[i], c->len) == 0)
			return 1;
	return 0;
}

/* NULL or not, by the form's rule; see docs/inputs/psql.md. A marker seen
 * once holds for the rest of the file, as \pset does for the session. */
static void decide_nulls(struct psql_state *s)
{
	struct psql_result *r = &s->r;

	if (r->use_marker)
		for (int j = 0; j < r->ncols; j++)
			if (!r->isnull[j] && r->cell[j].len && is_marker(s, &r->cell[j])) {
				r->isnull[j] = 1;
				if (!s->marker.len)
					s->marker_seen = 1;
			}
	if (r->empty_is_null && !s->marker_seen && !s->marker.len)
		for (int j = 0; j < r->ncols; j++)
			if (r->cell[j].len == 0)
				r->isnull[j] = 1;
}

int row_emit(struct psql_state *s, const struct sink *out, struct diag *err)
{
	struct psql_result *r = &s->r;
	struct record rec = { .kind = REC_SNAPSHOT_ROW, .line = r->row_at.no,
			      .off = r->row_at.off };

	r->in_row = 0;
	decide_nulls(s);
	buf_reset(&s->json);
	if (buf_addc(&s->json, '[') < 0)
		goto too_long;
	for (int j = 0; j < r->ncols; j++) {
		if (j && buf_addc(&s->json, ',') < 0)
			goto too_long;
		if (r->isnull[j] ? buf_adds(&s->json, "null") < 0 :
				   json_string(&s->json, r->cell[j].data ? r->cell[j].data : "",
					       r->cell[j].len) < 0)
			goto too_long;
	}
	if (buf_addc(&s->json, ']') < 0)
		goto too_long;
	if (!strcmp(r->form, "explain") && r->ncols == 1 && !r->isnull[0])
		explain_row(s, r->cell[0].data ? r->cell[0].data : "", r->cell[0].len);
	r->rows++;
	rec.u.snapshot_row.row_no = r->rows;
	rec.u.snapshot_row.cells_json = s->json.data;
	rec.u.snapshot_row.footer_rows = RECORD_NONE;
	if (out->emit(out->ctx, &rec, err) < 0)
		return -1;
	return shapes_db_write(s, out, err);
too_long:
	return row_reject(s, &r->row_at, "row too long", out, err);
}

int line_reject(struct psql_state *s, const struct line *l, const char *why,
		const struct sink *out, struct diag *err)
{
	struct line at = *l;

	(void)s;
	if (!at.text) {                 /* a row's first line, long gone */
		at.text = "";
		at.len = 0;
	}
	return parser_reject(out, &at, why, err);
}

int row_reject(struct psql_state *s, const struct line *l, const char *why,
	       const struct sink *out, struct diag *err)
{
	s->r.in_row = 0;
	s->r.bad_rows++;
	return line_reject(s, l, why, out, err);
}

static int emit_end(struct psql_state *s, int64_t footer_rows, const struct sink *out,
		    struct diag *err)
{
	struct record rec = { .kind = REC_SNAPSHOT_ROW, .line = s->r.row_at.no,
			      .off = s->r.row_at.off };
	struct snapshot_row_rec *e = &rec.u.snapshot_row;

	if (!s->open)
		return 0;
	s->open = 0;
	e->is_end = 1;
	e->row_no = s->r.rows;
	e->footer_rows = footer_rows;
	e->planning_ms = s->r.planning_ms;
	e->execution_ms = s->r.execution_ms;
	return out->emit(out->ctx, &rec, err);
}

int result_close(struct psql_state *s, int64_t footer_rows, const struct sink *out,
		 struct diag *err)
{
	int64_t stamp;

	/* the form's own record in progress (expanded's), then a row cut short */
	if (s->r.end_record && s->r.end_record(s, out, err) < 0)
		return -1;
	if (s->r.in_row && row_reject(s, &s->r.row_at, "row cut short", out, err) < 0)
		return -1;
	s->csv_quoted = 0;
	if (s->open && shapes_stamp(s, &stamp))
		s->stamp_us = stamp;
	return emit_end(s, footer_rows, out, err);
}
