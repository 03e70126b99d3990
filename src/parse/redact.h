/* redact.h - credentials never reach the database: header values and query
 * parameters that carry them are replaced at ingest, for every family. */
#ifndef ANALYZE_REDACT_H
#define ANALYZE_REDACT_H

#include <stddef.h>

#include "util/buf.h"

#define REDACTED "REDACTED"

/* The one list of secret names (redact.c) is matched case folded and
 * percent-decoded: tok%65n is token. */

/* Authorization, Cookie, Set-Cookie, Proxy-Authorization, ... (any case). */
int redact_is_secret_header(const char *name, size_t len);
/* A field named like a secret: token, password, secret, api_key, cookie,
 * authorization, ... anywhere in its first 127 bytes (ASCII case folded),
 * or a secret header name. The one list for JSON copies and tracing fields. */
int redact_is_secret_name(const char *name, size_t len);
/* A query, fragment or matrix parameter named like token, password,
 * secret, key, jwt, session, auth, ... */
int redact_is_secret_param(const char *name, size_t len);
/* Appends s[0..n) with credential shapes replaced wherever they are: a JWT
 * (eyJ...), the token after "Bearer "/"Basic ", the value of name=value,
 * "name":"value" or name: value when the name is a secret parameter's. For
 * texts no structure is known of: reject excerpts, messages, URL parts. */
int redact_text(struct buf *out, const char *s, size_t n);
/* Appends query q[0..len) with secret parameter values replaced. */
int redact_query(struct buf *out, const char *q, size_t len);
/* Appends uri with its secrets redacted: query and fragment parameters,
 * ;matrix parameters, and credential shapes anywhere (a JWT as a path
 * segment). */
int redact_uri(struct buf *out, const char *uri, size_t len);
/* Appends a JSON copy of the object text[0..len) in which the values of
 * secret headers and "uri" queries are redacted. -1 when it is not JSON. */
int redact_json(struct buf *out, const char *text, size_t len);

#endif
