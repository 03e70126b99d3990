/* csv.c - the csv writer: the overview, every finding kind and the check
 * board as one long table, `section,item,field,value`, for a spreadsheet's
 * pivot or another engine's import. A row per scalar: section is
 * "overview", a finding kind's name or "checks"; item the row's place (1,
 * 2, ...; "all" for the whole window's overview, "baseline" for its
 * baseline's); field the value's path
 * inside its item, dotted ("status.408", "latency_ms.p95",
 * "clients.1.value"; lists count from 1). RFC 4180: CRLF line ends, a field
 * with a comma, quote, CR or LF in double quotes, its quotes doubled. Log
 * text is hostile here too: a string cell that a spreadsheet would take for
 * a formula (= + - @, tab, CR first) is written with a leading '. Numbers
 * are written as the model has them. Rows go straight to the file (no copy
 * of the table in memory); a failed write shows in ferror() at the end. */
#include <stdio.h>
#include <string.h>

#include "report/tree.h"
#include "report/writer.h"

#define CSV_PATH_MAX 256        /* bytes of a field's dotted path */

static void cell(FILE *b, const char *s, int guard)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL;

	if (quote)
		putc('"', b);
	if (guard && strchr("=+-@\t\r", s[0]) && s[0])
		putc('\'', b);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', b);
		putc(*s, b);
	}
	if (quote)
		putc('"', b);
}

static void row(FILE *b, const char *section, const char *item, const char *field,
		yajl_val v)
{
	cell(b, section, 1);
	putc(',', b);
	cell(b, item, 1);
	putc(',', b);
	cell(b, field, 1);
	putc(',', b);
	if (YAJL_IS_STRING(v))
		cell(b, v->u.string, 1);
	else if (YAJL_IS_NUMBER(v))
		fputs(v->u.number.r, b);
	else if (YAJL_IS_TRUE(v) || YAJL_IS_FALSE(v))
		fputs(YAJL_IS_TRUE(v) ? "true" : "false", b);
	/* null: an empty cell */
	fputs("\r\n", b);
}

/* Every scalar under v, its path from path[0..len). */
static void walk(FILE *b, const char *section, const char *item, char *path, size_t len,
		 yajl_val v)
{
	if (YAJL_IS_OBJECT(v) || YAJL_IS_ARRAY(v)) {
		size_t n = YAJL_IS_OBJECT(v) ? v->u.object.len : v->u.array.len;

		for (size_t i = 0; i < n; i++) {
			int k = YAJL_IS_OBJECT(v)
					? snprintf(path + len, CSV_PATH_MAX - len, "%s%s", len ? "." : "",
						   v->u.object.keys[i])
					: snprintf(path + len, CSV_PATH_MAX - len, "%s%zu", len ? "." : "", i + 1);

			if (k < 0 || (size_t)k >= CSV_PATH_MAX - len)
				continue;       /* a path this deep is no spreadsheet's */
			walk(b, section, item, path, len + (size_t)k,
			     YAJL_IS_OBJECT(v) ? v->u.object.values[i] : v->u.array.values[i]);
		}
		path[len] = '\0';
		return;
	}
	row(b, section, item, path, v);
}

static void list(FILE *b, const char *section, yajl_val arr)
{
	char path[CSV_PATH_MAX] = "", item[32];

	for (size_t i = 0; i < tree_len(arr); i++) {
		snprintf(item, sizeof(item), "%zu", i + 1);
		walk(b, section, item, path, 0, tree_at(arr, i));
	}
}

static int write_csv(const char *model, size_t len, FILE *out, struct diag *err)
{
	yajl_val m, f, ov;
	char path[CSV_PATH_MAX] = "";

	if (tree_parse(model, len, &m, err) < 0)
		return -1;
	fputs("section,item,field,value\r\n", out);
	ov = tree_get(m, "overview");
	if (tree_get(ov, "all"))
		walk(out, "overview", "all", path, 0, tree_get(ov, "all"));
	if (tree_get(ov, "baseline"))
		walk(out, "overview", "baseline", path, 0, tree_get(ov, "baseline"));
	list(out, "overview", tree_get(ov, "routes"));
	f = tree_get(m, "findings");
	for (size_t k = 0; f && YAJL_IS_OBJECT(f) && k < f->u.object.len; k++)
		list(out, f->u.object.keys[k], f->u.object.values[k]);
	list(out, "checks", tree_get(m, "checks"));
	tree_free(m);
	return ferror(out) ? diag_set(err, "write failed") : 0;
}

const struct report_writer csv_writer = { "csv", write_csv };
