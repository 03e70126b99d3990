/* shapes.c - what a result set is, told by its column names (pg_stat_activity,
 * pg_locks, counts), and which of its rows are database writes: a write-time
 * column, a key, and a ULID key's millisecond clock. */
#include <string.h>
#include <strings.h>

#include "parse/psql/psql.h"
#include "util/timeconv.h"

static int has(const struct psql_state *s, const char *name)
{
	for (int j = 0; j < s->r.ncols; j++)
		if (strcmp(result_name(s, j), name) == 0)
			return 1;
	return 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n > k && strcmp(s + n - k, suffix) == 0;
}

const char *shapes_recognise(const struct psql_state *s)
{
	static const char *const activity[] = {
		"wait_event_type", "wait_event", "backend_start", "xact_start", "query_start",
		"state_change", "backend_type", "backend_xid",
	};

	/* a dump names its table; a query's FROM is a guess kept off the shape */
	if (s->r.table.len && (!strcmp(s->r.form, "copy") || !strcmp(s->r.form, "insert")))
		return s->r.table.data;
	if (!s->r.named)
		return s->r.shape_hint;
	if (has(s, "locktype") || (has(s, "mode") && has(s, "granted")))
		return "pg_locks";
	for (size_t i = 0; i < sizeof(activity) / sizeof(activity[0]); i++)
		if (has(s, activity[i]))
			return "pg_stat_activity";
	if (has(s, "state") && (has(s, "pid") || has(s, "count")))
		return "pg_stat_activity";
	if (has(s, "count"))
		return "count";
	return NULL;
}

static int is_key_name(const char *n)
{
	return strcmp(n, "id") == 0 || ends_with(n, "_id") || strcmp(n, "uuid") == 0 ||
	       strcmp(n, "ulid") == 0;
}

/* 0: the creation time, 1: the last update, 2: any other write time. */
static int time_tier(const char *n)
{
	static const char *const created[] = {
		"created_at", "created_at_unix", "inserted_at", "inserted_at_unix",
		"created", "created_unix", "created_at_ms",
	};

	for (size_t i = 0; i < sizeof(created) / sizeof(created[0]); i++)
		if (strcmp(n, created[i]) == 0)
			return 0;
	if (strcmp(n, "updated_at") == 0 || strcmp(n, "updated_at_unix") == 0)
		return 1;
	if (ends_with(n, "_at") || ends_with(n, "_unix") || ends_with(n, "_at_ms"))
		return 2;
	return -1;
}

/* "... FROM public.messages ..." or "INSERT INTO messages": the table, no schema. */
static void table_from_query(struct psql_state *s)
{
	static const char *const words[] = { " from ", "insert into ", "update " };
	const char *q = s->query.data, *hit = NULL, *p, *e;

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]) && !hit; i++) {
		size_t k = strlen(words[i]);

		for (p = q; *p && !hit; p++)
			if (strncasecmp(p, words[i], k) == 0 && (i == 0 || p == q))
				hit = p + k;
	}
	if (!hit)
		return;
	while (*hit == ' ')
		hit++;
	for (e = hit; (*e >= 'a' && *e <= 'z') || (*e >= '0' && *e <= '9') || *e == '_' ||
		      *e == '.' || (*e >= 'A' && *e <= 'Z');
	     e++)
		if (*e == '.')
			hit = e + 1;
	if (e > hit && e - hit <= PSQL_NAME_MAX &&
	    strncasecmp(hit, "pg_", 3) != 0 && (*e == '\0' || *e == ' ' || *e == ';' || *e == '\n'))
		(void)buf_add(&s->r.table, hit, (size_t)(e - hit));
}

void shapes_pick_columns(struct psql_state *s)
{
	int tier = 3;

	s->r.time_col = s->r.key_col = -1;
	if (!s->r.named)
		return;
	for (int j = 0; j < s->r.ncols; j++) {
		const char *n = result_name(s, j);
		int t = time_tier(n);

		if (s->r.key_col < 0 && is_key_name(n))
			s->r.key_col = j;
		if (t >= 0 && t < tier) {
			tier = t;
			s->r.time_col = j;
		}
	}
	if (s->r.time_col >= 0 && !s->r.table.len && s->query.len &&
	    strcmp(s->r.form, "copy") != 0 && strcmp(s->r.form, "insert") != 0)
		table_from_query(s);
}

int shapes_ulid_ms(const char *p, size_t n, int64_t *ms)
{
	static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	int64_t v = 0;

	if (n != 26 || p[0] < '0' || p[0] > '7')
		return -1;
	for (size_t i = 0; i < 26; i++) {
		char c = p[i] >= 'a' && p[i] <= 'z' ? (char)(p[i] - 'a' + 'A') : p[i];
		const char *at = c ? strchr(alphabet, c) : NULL;

		if (!at)
			return -1;
		if (i < 10)
			v = v * 32 + (at - alphabet);
	}
	*ms = v;
	return 0;
}

/* "+00", "+05:30", "-03:30:15" after a psql timestamp: seconds east. */
static int zone_offset(const char *p, size_t n, int64_t *off)
{
	int64_t v = 0, part;
	size_t i = 1;

	if (n < 3 || (p[0] != '+' && p[0] != '-'))
		return -1;
	for (int k = 0; k < 3 && i < n; k++) {
		if (k > 0 && p[i++] != ':')
			return -1;
		if (i + 2 > n || p[i] < '0' || p[i] > '9' || p[i + 1] < '0' || p[i + 1] > '9')
			return -1;
		part = (p[i] - '0') * 10 + (p[i + 1] - '0');
		if ((k == 0 && part > 15) || (k > 0 && part > 59))
			return -1;
		v += part * (k == 0 ? 3600 : k == 1 ? 60 : 1);
		i += 2;
	}
	if (i != n)
		return -1;
	*off = p[0] == '-' ? -v : v;
	return 0;
}

int shapes_parse_timestamp(const struct psql_state *s, const char *p, size_t n, int64_t *us,
			   int64_t *res_us)
{
	size_t i, base;
	int64_t t, off;

	if (n == 0)
		return -1;
	if (strspn(p, "0123456789.") >= n) {
		size_t dot = strcspn(p, ".");

		/* an epoch number: seconds, ms, µs or ns by magnitude */
		if (timeconv_parse_epoch_number(p, n, &t) < 0)
			return -1;
		*us = t;
		if (dot < n)
			*res_us = 1;
		else
			*res_us = n >= 18 ? 1 : n >= 15 ? 1 : n >= 12 ? 1000 : US_PER_SEC;
		return 0;
	}
	/* "2026-11-29 23:07:33.987287+00": date, time, fraction, zone */
	if (n < 19)
		return -1;
	for (i = 19; i < n && (p[i] == '.' || (p[i] >= '0' && p[i] <= '9')); i++)
		;
	base = i;
	if (timeconv_parse_rfc3339(p, base, &t) < 0)
		return -1;
	*res_us = 1;
	if (base == n) {
		/* no zone: a timestamp without time zone, in --tz */
		int64_t secs = t / US_PER_SEC - (t % US_PER_SEC < 0);

		*us = s->tz ? tz_local_to_utc(s->tz, secs) * US_PER_SEC + (t - secs * US_PER_SEC) : t;
		return 0;
	}
	if (n - base == 1 && (p[base] == 'Z' || p[base] == 'z')) {
		*us = t;
		return 0;
	}
	if (zone_offset(p + base, n - base, &off) < 0)
		return -1;
	*us = t - off * US_PER_SEC;
	return 0;
}

static int ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '$';
}

/* The name PostgreSQL gives a select-list item: its alias, a column's own
 * name, a function's, a cast's type, else "?column?"; lower-cased as
 * unquoted identifiers are. NULL for "*", whose columns cannot be told. */
static const char *item_name(const char *p, size_t n, size_t *len)
{
	size_t e = n, b;

	while (n && *p == ' ')
		p++, n--, e--;
	while (e && (p[e - 1] == ' ' || p[e - 1] == '\n'))
		e--;
	if (e == 0 || (p[e - 1] == '*' && (e == 1 || p[e - 2] == '.')))
		return NULL;
	if (p[e - 1] == '"') {          /* AS "Name" */
		for (b = e - 1; b && p[b - 1] != '"'; b--)
			;
		if (b) {
			*len = e - 1 - b;
			return p + b;
		}
	}
	for (b = e; b && ident_char(p[b - 1]); b--)
		;
	if (b < e && (b == 0 || p[b - 1] == '.' || p[b - 1] == ' ')) {
		/* the last word: an alias after AS, or after an expression */
		size_t a = b;

		while (a && p[a - 1] == ' ')
			a--;
		if (b == 0 || p[b - 1] == '.' || a == 0 || ident_char(p[a - 1]) || p[a - 1] == ')' ||
		    p[a - 1] == '\'' || p[a - 1] == '"') {
			*len = e - b;
			return p + b;
		}
	}
	for (size_t i = 0; i + 1 < e; i++)     /* x::type: the type */
		if (p[i] == ':' && p[i + 1] == ':') {
			const char *t = p + i + 2;
			size_t k = 0;

			while (t + k < p + e && ident_char(t[k]))
				k++;
			if (k && t + k == p + e) {
				*len = k;
				return t;
			}
		}
	for (b = 0; b < e && ident_char(p[b]); b++)
		;
	if (b && b < e && p[b] == '(') {       /* count(*): count */
		*len = b;
		return p;
	}
	*len = 8;
	return "?column?";
}

int shapes_names_from_query(struct psql_state *s, int ncols)
{
	const char *q = s->query.data, *item;
	int depth = 0, quote = 0;
	size_t len;

	if (!s->query.len || strncasecmp(q, "SELECT ", 7) != 0)
		return -1;
	q += 7;
	if (strncasecmp(q, "DISTINCT ", 9) == 0)
		q += 9;
	for (item = q;; q++) {
		int end = *q == '\0' || *q == ';' || (!depth && !quote && *q == '\\') ||
			  (!depth && !quote && strncasecmp(q, " FROM ", 6) == 0) ||
			  (!depth && !quote && strncasecmp(q, "\nFROM ", 6) == 0);

		if (quote) {
			quote = *q == quote ? 0 : quote;
			if (*q)
				continue;
		}
		if (*q == '\'' || *q == '"')
			quote = *q;
		depth += *q == '(' ? 1 : *q == ')' ? -1 : 0;
		if (end || (!depth && *q == ',')) {
			const char *name = item_name(item, (size_t)(q - item), &len);
			char low[PSQL_NAME_MAX];

			if (!name || len > PSQL_NAME_MAX || s->r.ncols >= ncols)
				goto none;
			for (size_t i = 0; i < len; i++)
				low[i] = name[i] >= 'A' && name[i] <= 'Z' && name[-1] != '"' ?
						 (char)(name[i] - 'A' + 'a') : name[i];
			if (result_add_name(s, low, len) < 0)
				goto none;
			item = q + 1;
		}
		if (end)
			break;
	}
	if (s->r.ncols == ncols)
		return 0;
none:
	s->r.ncols = 0;
	s->r.named = 0;
	buf_reset(&s->r.names);
	return -1;
}

/* Columns that are a clock reading by their name (what psql names
 * `SELECT now()`, `SELECT clock_timestamp()`, ...; or the usual alias). */
static const char *const stamp_names[] = {
	"sampled_at", "now", "clock_timestamp", "statement_timestamp", "transaction_timestamp",
	"current_timestamp", "localtimestamp",
};

/* The first column named as a clock reading, or -1. */
static int clock_col(const struct psql_state *s)
{
	for (int j = 0; s->r.named && j < s->r.ncols; j++)
		for (size_t i = 0; i < sizeof(stamp_names) / sizeof(stamp_names[0]); i++)
			if (strcmp(result_name(s, j), stamp_names[i]) == 0)
				return j;
	return -1;
}

/* A result that is only a clock reading, told before its rows are read: its
 * one column's name, or the form's look at its first row. (A result with a
 * clock column among others is dated by the last reading like any other.) */
int shapes_is_clock(const struct psql_state *s)
{
	return s->r.is_clock || (s->r.ncols == 1 && clock_col(s) == 0);
}

/* A one-row result that is a clock reading: its column named as one
 * (`SELECT now() AS sampled_at, count(*) …` too), or one column whose value
 * is a timestamptz (a date, a time, an offset). */
int shapes_stamp(const struct psql_state *s, int64_t *us)
{
	const struct psql_result *r = &s->r;
	int col = clock_col(s);
	const char *p;
	size_t n;
	int64_t res;

	if (col < 0 && r->ncols == 1)
		col = 0;
	if (col < 0 || r->rows != 1 || r->bad_rows || r->isnull[col] || !r->cell[col].data ||
	    !strcmp(r->form, "explain") || !strcmp(r->form, "sample") ||
	    !strcmp(r->form, "copy") || !strcmp(r->form, "insert"))
		return 0;
	p = r->cell[col].data;
	n = r->cell[col].len;
	if (!r->is_clock && clock_col(s) < 0) {
		/* "2026-12-03 18:46:59.716758+00": the offset makes it a timestamptz */
		size_t z = n;

		while (z > 19 && p[z - 1] != '+' && p[z - 1] != '-')
			z--;
		if (n < 22 || p[10] != ' ' || z <= 19 || strspn(p, "0123456789-") < 10)
			return 0;
	}
	return shapes_parse_timestamp(s, p, n, us, &res) == 0;
}

int shapes_db_write(struct psql_state *s, const struct sink *out, struct diag *err)
{
	struct psql_result *r = &s->r;
	struct record rec = { .kind = REC_DB_WRITE, .line = r->row_at.no, .off = r->row_at.off };
	struct db_write_rec *w = &rec.u.db_write;
	const struct buf *tc, *kc = NULL;
	int64_t us, res, ms;

	if (r->time_col < 0 || r->isnull[r->time_col])
		return 0;
	tc = &r->cell[r->time_col];
	if (shapes_parse_timestamp(s, tc->data ? tc->data : "", tc->len, &us, &res) < 0)
		return 0;       /* not a time after all: the row is kept, just not a write */
	if (r->key_col >= 0 && !r->isnull[r->key_col])
		kc = &r->cell[r->key_col];
	/* a ULID key's ms clock refines a coarser column it agrees with */
	if (kc && res > 1000 && shapes_ulid_ms(kc->data, kc->len, &ms) == 0 &&
	    ms / 1000 == (us >= 0 ? us / US_PER_SEC : (us - US_PER_SEC + 1) / US_PER_SEC)) {
		us = ms * 1000;
		res = 1000;
	}
	buf_reset(&s->json2);
	if (buf_addc(&s->json2, '{') < 0)
		return 0;
	for (int j = 0; j < r->ncols; j++) {
		const char *name = result_name(s, j);

		if ((j && buf_addc(&s->json2, ',') < 0) ||
		    json_string(&s->json2, name, strlen(name)) < 0 || buf_addc(&s->json2, ':') < 0 ||
		    (r->isnull[j] ? buf_adds(&s->json2, "null") < 0 :
				    json_string(&s->json2, r->cell[j].data ? r->cell[j].data : "",
						r->cell[j].len) < 0))
			return 0;
	}
	if (buf_addc(&s->json2, '}') < 0)
		return 0;
	w->table_name = r->table.len ? r->table.data : NULL;
	w->key = kc ? (kc->data ? kc->data : "") : NULL;
	w->written_us = us;
	w->resolution_us = res;
	w->row_json = s->json2.data;
	return out->emit(out->ctx, &rec, err);
}
