/* tree.c - tolerant lookups in the report model. */
#include "report/tree.h"

#include <stdlib.h>
#include <string.h>

#include "util/timeconv.h"

/* The model is parsed where it lies: a copy of a million requests' model
 * would cost its size again at the report's peak. yajl_tree_parse reads up
 * to the NUL, so text the writer was handed past `len` is never read. */
int tree_parse(const char *model, size_t len, yajl_val *out, struct diag *err)
{
	char why[256] = "";

	if (memchr(model, '\0', len))
		return diag_set(err, "report model is not JSON: a NUL byte inside it");
	*out = yajl_tree_parse(model, why, sizeof(why));
	if (!*out)
		return diag_set(err, "report model is not JSON: %s", why[0] ? why : "parse error");
	if (!YAJL_IS_OBJECT(*out)) {
		yajl_tree_free(*out);
		*out = NULL;
		return diag_set(err, "report model is not a JSON object");
	}
	return 0;
}

yajl_val tree_get(yajl_val obj, const char *key)
{
	if (!obj || !YAJL_IS_OBJECT(obj))
		return NULL;
	for (size_t i = 0; i < obj->u.object.len; i++)
		if (strcmp(obj->u.object.keys[i], key) == 0)
			return obj->u.object.values[i];
	return NULL;
}

const char *tree_str(yajl_val obj, const char *key)
{
	yajl_val v = tree_get(obj, key);

	return v && YAJL_IS_STRING(v) ? v->u.string : NULL;
}

int64_t tree_int(yajl_val obj, const char *key, int64_t dflt)
{
	yajl_val v = tree_get(obj, key);

	if (v && YAJL_IS_INTEGER(v))
		return YAJL_GET_INTEGER(v);
	if (v && YAJL_IS_DOUBLE(v))
		return (int64_t)YAJL_GET_DOUBLE(v);
	return dflt;
}

double tree_num(yajl_val obj, const char *key, double dflt)
{
	yajl_val v = tree_get(obj, key);

	return v && YAJL_IS_NUMBER(v) ? YAJL_GET_DOUBLE(v) : dflt;
}

int tree_has(yajl_val obj, const char *key)
{
	yajl_val v = tree_get(obj, key);

	return v && !YAJL_IS_NULL(v);
}

size_t tree_len(yajl_val arr)
{
	return arr && YAJL_IS_ARRAY(arr) ? arr->u.array.len : 0;
}

yajl_val tree_at(yajl_val arr, size_t i)
{
	return i < tree_len(arr) ? arr->u.array.values[i] : NULL;
}

yajl_val tree_arr(yajl_val obj, const char *key, size_t *n)
{
	yajl_val v = tree_get(obj, key);

	if (!v || !YAJL_IS_ARRAY(v)) {
		*n = 0;
		return NULL;
	}
	*n = v->u.array.len;
	return v;
}

static int tree_time_text(const char *s, int64_t *us)
{
	return s ? timeconv_parse_rfc3339(s, strlen(s), us) : -1;
}

int tree_time(yajl_val obj, const char *key, int64_t *us)
{
	return tree_time_text(tree_str(obj, key), us);
}

const char *tree_short_end(const char *start, const char *end)
{
	int64_t a, b;

	if (!start || !end || tree_time_text(start, &a) < 0 || tree_time_text(end, &b) < 0 ||
	    strlen(start) < 11 || strlen(end) < 11 || memcmp(start, end, 11) != 0)
		return end;
	return end + 11;
}

size_t tree_largest_at(yajl_val list, const char *key)
{
	size_t best = 0;

	for (size_t i = 1; i < tree_len(list); i++)
		if (tree_int(tree_at(list, i), key, 0) > tree_int(tree_at(list, best), key, 0))
			best = i;
	return best;
}

yajl_val tree_largest(yajl_val list, const char *key)
{
	return tree_at(list, tree_largest_at(list, key));
}
