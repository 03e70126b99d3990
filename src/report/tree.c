/* tree.c - the report model as a tree in an arena, and tolerant lookups in it. */
#include "report/tree.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "util/timeconv.h"

/* The tree is built from yajl's callbacks into an arena of large chunks,
 * not by yajl_tree_parse: that one mallocs every node, key and string and
 * grows every array by doubling, about 4 times the text's size (a million
 * requests' 31 MB model took 115 MB). Here a node is its 40 bytes, a
 * string its bytes, an array exactly its length: about 1.5 times. The
 * nodes are yajl's own struct, so the lookups below and the writers read
 * them as before; tree_free() returns the chunks. */
#define TREE_CHUNK (1024 * 1024)
#define TREE_DEPTH 128                  /* the model nests a dozen deep */

struct tree_chunk {
	struct tree_chunk *next;
	size_t used, cap;
	_Alignas(8) unsigned char data[];
};

struct tree_frame {
	yajl_val node;                  /* the container being filled */
	const char **keys;              /* owned scratch: its keys (objects) */
	yajl_val *values;               /* owned scratch: its values */
	size_t n, cap;
};

#define TREE_KEYS 4096                 /* distinct keys kept once; a power of two */

struct tree_build {
	struct tree_chunk *chunks;      /* the newest first */
	const char *keys[TREE_KEYS];    /* in the arena: each distinct key once */
	int nkeys;
	yajl_val root;
	const char *key;                /* the key waiting for its value */
	struct tree_frame frame[TREE_DEPTH];
	int depth, failed;
};

static void *tree_alloc(struct tree_build *b, size_t n)
{
	struct tree_chunk *c = b->chunks;

	n = (n + 7) & ~(size_t)7;
	if (!c || c->cap - c->used < n) {
		size_t cap = n > TREE_CHUNK ? n : TREE_CHUNK;

		if (!(c = malloc(sizeof(*c) + cap)))
			return b->failed = 1, NULL;
		c->used = 0;
		c->cap = cap;
		c->next = b->chunks;
		b->chunks = c;
	}
	c->used += n;
	return c->data + c->used - n;
}

static char *tree_strdup(struct tree_build *b, const unsigned char *s, size_t n)
{
	char *t = tree_alloc(b, n + 1);

	if (t) {
		memcpy(t, s, n);
		t[n] = '\0';
	}
	return t;
}

/* Hands V to the container on top (with the pending key), or makes it the root. */
static int tree_put(struct tree_build *b, yajl_val v)
{
	struct tree_frame *f;

	if (!v)
		return 0;
	if (b->depth == 0) {
		b->root = v;
		return 1;
	}
	f = &b->frame[b->depth - 1];
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		/* both grow: the frame is reused by arrays and objects alike */
		yajl_val *values = realloc(f->values, cap * sizeof(*values));
		const char **keys = values ? realloc(f->keys, cap * sizeof(*keys)) : NULL;

		if (values)
			f->values = values;
		if (keys)
			f->keys = keys;
		if (!values || !keys)
			return b->failed = 1, 0;
		f->cap = cap;
	}
	if (YAJL_IS_OBJECT(f->node))
		f->keys[f->n] = b->key;
	f->values[f->n++] = v;
	return 1;
}

static yajl_val tree_node(struct tree_build *b, yajl_type t)
{
	yajl_val v = tree_alloc(b, sizeof(*v));

	if (v) {
		memset(v, 0, sizeof(*v));
		v->type = t;
	}
	return v;
}

static int on_null(void *ctx)
{
	return tree_put(ctx, tree_node(ctx, yajl_t_null));
}

static int on_boolean(void *ctx, int t)
{
	return tree_put(ctx, tree_node(ctx, t ? yajl_t_true : yajl_t_false));
}

/* As yajl_tree does: the text kept, an integer when it is one that fits,
 * a double when strtod reads all of it. */
static int on_number(void *ctx, const char *s, size_t n)
{
	struct tree_build *b = ctx;
	yajl_val v = tree_node(b, yajl_t_number);
	char *end;

	if (!v || !(v->u.number.r = tree_strdup(b, (const unsigned char *)s, n)))
		return 0;
	errno = 0;
	v->u.number.i = strtoll(v->u.number.r, &end, 10);
	if (errno == 0 && *end == '\0' && n > 0)
		v->u.number.flags |= YAJL_NUMBER_INT_VALID;
	errno = 0;
	v->u.number.d = strtod(v->u.number.r, &end);
	if (errno == 0 && *end == '\0')
		v->u.number.flags |= YAJL_NUMBER_DOUBLE_VALID;
	return tree_put(b, v);
}

static int on_string(void *ctx, const unsigned char *s, size_t n)
{
	struct tree_build *b = ctx;
	yajl_val v = tree_node(b, yajl_t_string);

	if (!v || !(v->u.string = tree_strdup(b, s, n)))
		return 0;
	return tree_put(b, v);
}

/* A key is kept once however many objects have it (the model's 46 k
 * timeouts share a dozen): FNV-1a into an open table, full: a copy each. */
static int on_key(void *ctx, const unsigned char *s, size_t n)
{
	struct tree_build *b = ctx;
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	size_t i;

	for (size_t k = 0; k < n; k++)
		h = (h ^ s[k]) * UINT64_C(0x100000001b3);
	for (i = h & (TREE_KEYS - 1); b->keys[i]; i = (i + 1) & (TREE_KEYS - 1))
		if (strncmp(b->keys[i], (const char *)s, n) == 0 && b->keys[i][n] == '\0') {
			b->key = b->keys[i];
			return 1;
		}
	if (!(b->key = tree_strdup(b, s, n)))
		return 0;
	if (b->nkeys < TREE_KEYS / 2) {
		b->keys[i] = b->key;
		b->nkeys++;
	}
	return 1;
}

static int on_open(struct tree_build *b, yajl_type t)
{
	yajl_val v = tree_node(b, t);

	if (!v || b->depth == TREE_DEPTH || !tree_put(b, v))
		return b->failed = 1, 0;
	b->frame[b->depth].node = v;
	b->frame[b->depth++].n = 0;
	return 1;
}

static int on_start_map(void *ctx)
{
	return on_open(ctx, yajl_t_object);
}

static int on_start_array(void *ctx)
{
	return on_open(ctx, yajl_t_array);
}

/* The container on top gets exact arrays of its members. */
static int on_close(void *ctx)
{
	struct tree_build *b = ctx;
	struct tree_frame *f = &b->frame[--b->depth];
	yajl_val *values = f->n ? tree_alloc(b, f->n * sizeof(*values)) : NULL;

	if (f->n && !values)
		return 0;
	if (f->n)
		memcpy(values, f->values, f->n * sizeof(*values));
	if (YAJL_IS_OBJECT(f->node)) {
		const char **keys = f->n ? tree_alloc(b, f->n * sizeof(*keys)) : NULL;

		if (f->n && !keys)
			return 0;
		if (f->n)
			memcpy(keys, f->keys, f->n * sizeof(*keys));
		f->node->u.object.keys = keys;
		f->node->u.object.values = values;
		f->node->u.object.len = f->n;
	} else {
		f->node->u.array.values = values;
		f->node->u.array.len = f->n;
	}
	return 1;
}

static void tree_chunks_free(struct tree_chunk *c)
{
	while (c) {
		struct tree_chunk *next = c->next;

		free(c);
		c = next;
	}
}

/* The root node's chunk list: the root is the first thing allocated. */
struct tree_root {
	struct yajl_val_s node;         /* first: the yajl_val handed out */
	struct tree_chunk *head;        /* the arena's chunks */
};

int tree_parse(const char *model, size_t len, yajl_val *out, struct diag *err)
{
	static const yajl_callbacks calls = {
		.yajl_null = on_null, .yajl_boolean = on_boolean, .yajl_number = on_number,
		.yajl_string = on_string, .yajl_start_map = on_start_map, .yajl_map_key = on_key,
		.yajl_end_map = on_close, .yajl_start_array = on_start_array,
		.yajl_end_array = on_close,
	};
	struct tree_build b = { 0 };
	struct tree_root *r;
	yajl_handle h;
	yajl_status st = yajl_status_error;
	unsigned char *why = NULL;

	*out = NULL;
	if (memchr(model, '\0', len))
		return diag_set(err, "report model is not JSON: a NUL byte inside it");
	if ((h = yajl_alloc(&calls, NULL, &b))) {
		st = yajl_parse(h, (const unsigned char *)model, len);
		if (st == yajl_status_ok)
			st = yajl_complete_parse(h);
		if (st != yajl_status_ok && !b.failed)
			why = yajl_get_error(h, 0, (const unsigned char *)model, len);
	}
	for (int i = 0; i < TREE_DEPTH; i++) {
		free(b.frame[i].keys);
		free(b.frame[i].values);
	}
	if (st != yajl_status_ok || !b.root || !(r = malloc(sizeof(*r)))) {
		if (why)
			diag_set(err, "report model is not JSON: %s", (const char *)why);
		else if (b.depth == TREE_DEPTH)
			diag_set(err, "report model nested deeper than %d", TREE_DEPTH);
		else
			diag_oom(err);
		if (h && why)
			yajl_free_error(h, why);
		if (h)
			yajl_free(h);
		tree_chunks_free(b.chunks);
		return -1;
	}
	yajl_free(h);
	if (!YAJL_IS_OBJECT(b.root)) {
		free(r);
		tree_chunks_free(b.chunks);
		return diag_set(err, "report model is not a JSON object");
	}
	/* the root is copied into a block that also holds the chunk list: the
	 * one pointer the writers keep frees it all */
	r->node = *b.root;
	r->head = b.chunks;
	*out = &r->node;
	return 0;
}

void tree_free(yajl_val root)
{
	struct tree_root *r = (struct tree_root *)root;

	if (!r)
		return;
	tree_chunks_free(r->head);
	free(r);
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
