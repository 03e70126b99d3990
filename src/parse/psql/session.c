/* session.c - the lines psql and the shell print around result sets:
 * \watch titles, shell-loop timestamps, prompts, footers, \timing, echoed
 * queries, command tags and messages. Each is recognised exactly; what
 * matches nothing here is for the table forms to claim or reject. */
#include <string.h>
#include <strings.h>

#include "parse/psql/psql.h"
#include "util/timeconv.h"

int session_is_blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t')
			return 0;
	return 1;
}

static void trim(const char **p, size_t *n)
{
	while (*n && (**p == ' ' || **p == '\t'))
		(*p)++, (*n)--;
	while (*n && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t'))
		(*n)--;
}

static int starts(const char *p, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && memcmp(p, prefix, k) == 0;
}

/* "2026-11-29T23:04:28.590Z " before a line, as `date -u +%FT%T.%3NZ` in a
 * shell loop writes it, or before a sample with '|' or a tab: the bytes to
 * skip (the separator included), or 0; *sep (if not NULL) is the separator,
 * 0 at the line's end. The T and the zone are required: a psql timestamp
 * cell has neither. */
size_t session_ts_prefix(const char *p, size_t n, int64_t *us, char *sep)
{
	size_t k = 0;

	while (k < n && k < 40 && p[k] != ' ' && p[k] != '|' && p[k] != '\t')
		k++;
	if (k < 20 || k == 40 || p[10] != 'T' || p[4] != '-' || p[7] != '-')
		return 0;
	if (p[k - 1] != 'Z' && p[k - 1] != 'z' && p[k - 3] != '+' && p[k - 3] != '-' &&
	    p[k - 5] != '+' && p[k - 5] != '-' && p[k - 6] != '+' && p[k - 6] != '-')
		return 0;
	if (timeconv_parse_rfc3339(p, k, us) < 0)
		return 0;
	if (sep)
		*sep = k < n ? p[k] : '\0';
	return k < n ? k + 1 : k;
}

/* "filament=# ", "db-> ", "postgres=*# ": PROMPT1/2's %/%R%x%# and a space. */
size_t session_prompt(const char *p, size_t n)
{
	size_t i = 0;

	if (n == 0 || !((p[0] >= 'a' && p[0] <= 'z') || (p[0] >= 'A' && p[0] <= 'Z') || p[0] == '_'))
		return 0;
	while (i < n && i < 64 &&
	       ((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z') ||
		(p[i] >= '0' && p[i] <= '9') || p[i] == '_' || p[i] == '.' || p[i] == '-'))
		i++;
	/* the name may end in '-' only as %R's continuation mark */
	if (i > 1 && p[i - 1] == '-' && i < n && (p[i] == '#' || p[i] == '>'))
		i--;
	if (i >= n || !strchr("=-('\"$*!^", p[i]) || p[i] == '\0')
		return 0;
	i++;
	if (i < n && strchr("*!?", p[i]) && p[i] != '\0')
		i++;
	if (i + 1 > n || (p[i] != '#' && p[i] != '>'))
		return 0;
	i++;
	if (i < n && p[i] != ' ')
		return 0;
	return i < n ? i + 1 : i;
}

/* "(41 rows)", "(1 row)"; psql translates them with its other messages
 * (LC_MESSAGES): de "(1 Zeile)", "(2 Zeilen)", fr "(1 ligne)", "(2 lignes)". */
int session_footer(const char *p, size_t n, int64_t *rows)
{
	static const char *const words[] = { " row)", " rows)", " Zeile)", " Zeilen)", " ligne)",
					     " lignes)" };
	size_t i = 1, k;
	int known = 0;
	int64_t v = 0;

	trim(&p, &n);
	if (n < 7 || p[0] != '(' || p[n - 1] != ')')
		return 0;
	for (; i < n && p[i] >= '0' && p[i] <= '9'; i++) {
		if (v > INT64_MAX / 10 - 10)
			return 0;
		v = v * 10 + (p[i] - '0');
	}
	if (i == 1)
		return 0;
	for (size_t w = 0; w < sizeof(words) / sizeof(words[0]); w++)
		if (n - i == (k = strlen(words[w])) && memcmp(p + i, words[w], k) == 0)
			known = 1;
	if (!known)
		return 0;
	*rows = v;
	return 1;
}

int session_is_ident(const char *p, size_t n)
{
	if (n == 8 && memcmp(p, "?column?", 8) == 0)
		return 1;
	if (n == 0 || n > 63 || !((p[0] >= 'a' && p[0] <= 'z') || p[0] == '_'))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') || p[i] == '_' ||
		      p[i] == '$'))
			return 0;
	return 1;
}

/* The first word of p, upper-cased into w (at most cap - 1 letters). */
static size_t first_word(const char *p, size_t n, char *w, size_t cap)
{
	size_t i = 0;

	while (i < n && i + 1 < cap && ((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= 'a' && p[i] <= 'z'))) {
		w[i] = p[i] >= 'a' ? (char)(p[i] - 'a' + 'A') : p[i];
		i++;
	}
	w[i] = '\0';
	return i;
}

static int in_list(const char *w, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(w, *list) == 0)
			return 1;
	return 0;
}

static const char *const sql_words[] = {
	"SELECT", "WITH", "INSERT", "UPDATE", "DELETE", "EXPLAIN", "TABLE", "VALUES", "BEGIN",
	"COMMIT", "ROLLBACK", "END", "START", "SET", "SHOW", "RESET", "CREATE", "ALTER", "DROP",
	"TRUNCATE", "LOCK", "ANALYZE", "VACUUM", "GRANT", "REVOKE", "DO", "CALL", "MERGE",
	"PREPARE", "EXECUTE", "DEALLOCATE", "DISCARD", "LISTEN", "NOTIFY", "CHECKPOINT",
	"REFRESH", "REINDEX", "CLUSTER", "COMMENT", "SAVEPOINT", "RELEASE", "FETCH", "MOVE",
	"DECLARE", "CLOSE", "ABORT", "COPY", NULL,
};

/* An echoed statement: a line that starts with an SQL command word. */
int session_query_start(const char *p, size_t n)
{
	char w[16];
	size_t k = first_word(p, n, w, sizeof(w));

	if (k == 0 || !in_list(w, sql_words))
		return 0;
	return k == n || p[k] == ' ' || p[k] == ';' || p[k] == '(' || p[k] == '\t';
}

/* The statement ends here: a ';' or a backslash command that sends it. */
int session_query_end(const char *p, size_t n)
{
	trim(&p, &n);
	if (n && p[n - 1] == ';')
		return 1;
	for (size_t i = 0; i + 2 < n; i++)
		if (p[i] == '\\' && (i == 0 || p[i - 1] == ' ' || p[i - 1] == ';') &&
		    (p[i + 1] == 'g' || starts(p + i, n - i, "\\watch") ||
		     starts(p + i, n - i, "\\crosstabview")))
			return 1;
	return 0;
}

/* "INSERT 0 2", "UPDATE 3", "BEGIN", "CREATE TABLE": a command's tag. */
static int command_tag(const char *p, size_t n)
{
	static const char *const plain[] = {
		"BEGIN", "COMMIT", "ROLLBACK", "START", "SAVEPOINT", "RELEASE", "SET", "RESET",
		"LOCK", "ANALYZE", "VACUUM", "TRUNCATE", "CREATE", "ALTER", "DROP", "GRANT",
		"REVOKE", "DO", "CALL", "DISCARD", "LISTEN", "UNLISTEN", "NOTIFY", "CHECKPOINT",
		"PREPARE", "DEALLOCATE", "COMMENT", "REFRESH", "REINDEX", "CLUSTER", "DECLARE",
		"CLOSE", "COPY", "INSERT", "UPDATE", "DELETE", "SELECT", "MERGE", "MOVE", "FETCH",
		"EXPLAIN", "SHOW", NULL,
	};
	char w[16];
	size_t k = first_word(p, n, w, sizeof(w));

	if (k == 0 || !in_list(w, plain) || n > 48)
		return 0;
	/* the rest: upper-case words and numbers only */
	for (size_t i = 0; i < n; i++)
		if (!((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= '0' && p[i] <= '9') || p[i] == ' '))
			return 0;
	return 1;
}

/* `\pset null X` answers "Null display is "X"." in psql's language. */
static const struct {
	const char *open, *close;
} null_display[] = {
	{ "Null display is \"", "\"." },
	{ "Null-Anzeige ist \xc2\xbb", "\xc2\xab." },             /* de: »X« */
	{ "L'affichage de null est \xc2\xab ", " \xc2\xbb." },     /* fr: « X » */
};

/* Sets *marker (when not NULL) from a "Null display is" line: 1, or 0 when
 * p is none. */
static int set_marker(struct buf *marker, const char *p, size_t n)
{
	for (size_t i = 0; i < sizeof(null_display) / sizeof(null_display[0]); i++) {
		size_t a = strlen(null_display[i].open), b = strlen(null_display[i].close);

		if (n < a + b || !starts(p, n, null_display[i].open) ||
		    memcmp(p + n - b, null_display[i].close, b) != 0)
			continue;
		if (marker) {
			buf_reset(marker);
			(void)buf_add(marker, p + a, n - a - b);
		}
		return 1;
	}
	return 0;
}

/* Lines that are psql talking, not data: skipped. 1 when p is one, 2 when
 * it is a command tag; "Null display is" sets *marker (when not NULL).
 * psql translates its messages (LC_MESSAGES): the German and French forms
 * are rows here too. */
int session_known(struct buf *marker, const char *p, size_t n)
{
	static const char *const exact[] = {
		"Timing is on.", "Timing is off.", "Expanded display is on.",
		"Expanded display is off.", "Expanded display is used automatically.",
		"Pager usage is off.", "Pager is used for long output.", "Pager is always used.",
		"Type \"help\" for help.",
		"Zeitmessung ist an.", "Zeitmessung ist aus.", "Erweiterte Anzeige ist an.",
		"Erweiterte Anzeige ist aus.", "Erweiterte Anzeige wird automatisch verwendet.",
		"Chronom\xc3\xa9trage activ\xc3\xa9.", "Chronom\xc3\xa9trage d\xc3\xa9sactiv\xc3\xa9.",
		"Affichage \xc3\xa9tendu activ\xc3\xa9.",
		"Affichage \xc3\xa9tendu d\xc3\xa9sactiv\xc3\xa9.",
		"L'affichage \xc3\xa9tendu est utilis\xc3\xa9 automatiquement.", NULL,
	};
	static const char *const prefixes[] = {
		"psql (", "SSL connection (", "You are now connected to database ",
		"Output format is ", "Border style is ", "Field separator is ",
		"Record separator is ", "Tuples only is ", "Title is ", "Default footer is ",
		"Target width is ", "Line style is ", "Unicode ", "Footer is ",
		"WARNING:  ", "ERROR:  ", "FATAL:  ", "NOTICE:  ", "DETAIL:  ", "HINT:  ",
		"CONTEXT:  ", "INFO:  ", "LINE ", "QUERY:  ", "STATEMENT:  ", "psql:",
		"Did not find any relation",
		/* de */
		"Ausgabeformat ist ", "Rahmenstil ist ", "Linienstil ist ", "Feldtrennzeichen ist ",
		"Nur Datenzeilen ist ", "Titel ist ", "Standardfu\xc3\x9fzeile ist ",
		"Pager-Verwendung ist ", "Sie sind jetzt verbunden mit der Datenbank ",
		"Geben Sie \xc2\xbbhelp\xc2\xab ",
		"FEHLER:  ", "WARNUNG:  ", "HINWEIS:  ", "TIPP:  ", "ZEILE ",
		/* fr */
		"Le format de sortie est ", "Le style de bordure est ", "Le style de ligne est ",
		"Le s\xc3\xa9parateur de champs est ", "L'affichage des tuples seuls est ",
		"Le titre est \xc2\xab ", "Le titre n'est pas d\303\251fini.",
		"Le bas de page pa", /* "par d\xc3\xa9faut", and psql 15's typo "pas" */
		"L'utilisation du paginateur ",
		"Vous \xc3\xaates maintenant connect\xc3\xa9 ", "Saisissez \xc2\xab help \xc2\xbb ",
		"ERREUR:  ", "ATTENTION :  ", "LIGNE ", NULL,
	};

	static const char *const timing[] = { "Time: ", "Zeit: ", "Temps : ", "Dur\303\251e : " };

	trim(&p, &n);
	if (n == 0)
		return 0;
	if (set_marker(marker, p, n))
		return 1;
	for (int i = 0; exact[i]; i++)
		if (n == strlen(exact[i]) && memcmp(p, exact[i], n) == 0)
			return 1;
	for (int i = 0; prefixes[i]; i++)
		if (starts(p, n, prefixes[i]))
			return 1;
	for (size_t i = 0; i < sizeof(timing) / sizeof(timing[0]); i++)
		if (starts(p, n, timing[i]) && n > strlen(timing[i]) + 3 &&
		    (memcmp(p + n - 3, " ms", 3) == 0 || p[n - 1] == ')'))
			return 1;       /* \timing: "Time: 0.5 ms", de "Zeit: 0,5 ms" */
	if (p[0] == '\\' || starts(p, n, "--"))
		return 1;       /* an echoed backslash command, a comment, \restrict */
	return command_tag(p, n) ? 2 : 0;
}
