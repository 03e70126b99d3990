/* tree.h - reading the report model as a yajl tree. Lookups tolerate a
 * missing or mistyped key (NULL, 0 or a default), so a writer renders
 * whatever part of schemas/report.schema.json the model carries. */
#ifndef ANALYZE_TREE_H
#define ANALYZE_TREE_H

#include <stddef.h>
#include <stdint.h>
#include <yajl/yajl_tree.h>

#include "util/diag.h"

/* model: JSON text of len bytes (a buf's text). The tree is yajl's node
 * struct, in memory of its own: free it with tree_free(), never with
 * yajl_tree_free(). */
int tree_parse(const char *model, size_t len, yajl_val *out, struct diag *err);
void tree_free(yajl_val root);

yajl_val tree_get(yajl_val obj, const char *key);       /* NULL: absent */
/* A string member, or NULL when absent, null or not a string. */
const char *tree_str(yajl_val obj, const char *key);
int64_t tree_int(yajl_val obj, const char *key, int64_t dflt);
double tree_num(yajl_val obj, const char *key, double dflt);
int tree_has(yajl_val obj, const char *key);    /* present and not null */
size_t tree_len(yajl_val arr);                  /* 0 when not an array */
yajl_val tree_at(yajl_val arr, size_t i);
/* The array member key, or NULL; *n its length (0 when absent). */
yajl_val tree_arr(yajl_val obj, const char *key, size_t *n);

/* The item of a list with the largest integer `key`, the first on ties;
 * _at: its index (0 for an empty list). */
yajl_val tree_largest(yajl_val list, const char *key);
size_t tree_largest_at(yajl_val list, const char *key);

/* "2026-11-29T23:21:13.084Z" -> µs since the epoch; -1 when it is not one. */
int tree_time(yajl_val obj, const char *key, int64_t *us);

/* How to print the end of start..end: only its time of day ("23:21:25.174Z")
 * when both are RFC 3339 times of the same UTC day, else all of it. */
const char *tree_short_end(const char *start, const char *end);

#endif
