/* cmd_report.c - `analyze report`: options -> the report model -> the
 * chosen writer -> a file or stdout; --fail-on picks the exit status. */
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/options.h"
#include "cli/runs.h"
#include "record/record.h"
#include "report/writer.h"
#include "util/atomic_file.h"
#include "util/timeconv.h"

/* -o FILE: never the database or its -wal/-shm (same device and inode, or
 * the name SQLite would give them); checked before any work is done. */
static int refuse_database(const char *out, const char *db)
{
	static const char *const sides[] = { "", "-wal", "-shm", "-journal" };
	char side[4096];

	for (size_t i = 0; i < sizeof(sides) / sizeof(sides[0]); i++) {
		snprintf(side, sizeof(side), "%s%s", db, sides[i]);
		if (strcmp(out, side) == 0 || same_file(out, side)) {
			fprintf(stderr, "analyze: -o: '%s' is the database%s%s, not a report file\n",
				out, i ? "'s " : "", i ? sides[i] + 1 : "");
			return -1;
		}
	}
	return 0;
}

/* A file is written whole beside its target, then renamed over it: a full
 * disk keeps the last good report, a symlink is replaced, not followed. */
static int write_output(const char *path, const struct report_writer *wr, const struct buf *b)
{
	struct diag err = DIAG_INIT;
	struct atomic_file af;

	if (strcmp(path, "-") == 0) {
		if (wr->write(buf_str(b), b->len, stdout, &err) < 0 || fflush(stdout) != 0)
			goto fail;
		return 0;
	}
	if (atomic_file_open(&af, path, &err) < 0)
		goto fail;
	errno = 0;
	if (wr->write(buf_str(b), b->len, af.f, &err) < 0) {
		if (errno) {    /* the writer's stdio failed: say why */
			char what[sizeof(err.msg)];

			snprintf(what, sizeof(what), "%s", err.msg[0] ? err.msg : "write failed");
			diag_set(&err, "%s: %s", what, strerror(errno));
		}
		atomic_file_abort(&af);
		goto fail;
	}
	if (atomic_file_commit(&af, &err) < 0)
		goto fail;
	return 0;
fail:
	fprintf(stderr, "analyze: '%s': %s\n", path, err.msg[0] ? err.msg : "write failed");
	return -1;
}

const char *report_format_of(const char *path)
{
	static const struct {
		const char *ext, *format;
	} exts[] = { { "html", "html" }, { "htm", "html" }, { "json", "json" }, { "txt", "text" },
		     { "csv", "csv" } };
	const char *dot = strrchr(path, '.');

	if (!dot || strchr(dot, '/'))
		return NULL;
	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (strcasecmp(dot + 1, exts[i].ext) == 0)
			return exts[i].format;
	return NULL;
}

/* The model, read in one go while the database is open. */
struct model_job {
	const struct model_opts *mo;
	struct buf *b;
	struct model_summary *sum;
	int64_t sources;
};

static int build_model(struct store *st, void *ctx, struct diag *err)
{
	struct model_job *j = ctx;

	if (store_count_sources(st, &j->sources, err) < 0)
		return -1;
	return model_build(st, j->mo, j->b, j->sum, err) < 0 ? -1 : EXIT_OK;
}

int report_run(const char *db, const struct model_opts *mo, const char *format,
	       const char *out, unsigned fail_mask)
{
	struct model_summary sum = { 0 };
	struct diag err = DIAG_INIT;
	const struct report_writer *wr;
	struct buf b;
	struct model_job j = { mo, &b, &sum, 0 };
	int rc;

	if (strcmp(out, "-") != 0 && refuse_database(out, db) < 0)
		return EXIT_USAGE;
	if (!format) {
		format = strcmp(out, "-") == 0 ? "json" : report_format_of(out);
		if (!format || !(wr = report_writer_find(format))) {
			diag_set_class(&err, DIAG_USAGE, "cannot tell the format from '%s' (use "
				       ".html, .json, .txt or .csv, or --format)", out);
			return exit_fail("-o", &err);
		}
	} else if (!(wr = report_writer_find(format))) {
		diag_set_class(&err, DIAG_USAGE, "unknown format '%s' (json, html, text, csv)", format);
		return exit_fail("--format", &err);
	}
#ifdef __GLIBC__
	/* The model grows by doubling to tens of MB. glibc raises its mmap
	 * threshold as big blocks are freed, so the model came off the heap,
	 * and each doubling copied it and kept the old half: fixed, every
	 * block of a MB or more is mapped, grown by mremap and handed back
	 * whole (1 M requests: 97 -> 71 MB). */
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
	buf_init(&b, (size_t)1 << 30);
	rc = with_store(db, STORE_EXISTING, "report", build_model, &j);
	if (rc == EXIT_OK)
		rc = write_output(out, wr, &b) < 0 ? EXIT_INPUT : options_fail_status(fail_mask, &sum);
	if (rc == EXIT_OK && j.sources == 0) {
		/* an empty database is a nightly run gone wrong, not a quiet night */
		fprintf(stderr, "analyze: database '%s' has no sources: nothing was ingested\n", db);
		if (fail_mask)
			rc = EXIT_INPUT;
	}
	buf_release(&b);
	return rc;
}

static int set_window(struct cli_args *a, const char *arg)
{
	return options_duration("--window", arg, &a->mo.cluster_gap_us);
}

static int set_budget(struct cli_args *a, const char *arg)
{
	return options_duration("--timeout-budget", arg, &a->mo.timeout_budget_us);
}

static const struct cli_option opt_format = {
	"format", 0, "F", "html, json, text or csv (default: from -o's extension, else json)", NULL,
	offsetof(struct cli_args, format), NULL,
};
static const struct cli_option opt_output = {
	"output", 'o', "FILE", "where to write (default - for stdout)", NULL,
	offsetof(struct cli_args, out), NULL,
};
const struct cli_option opt_window = {
	"window", 0, "D", "a quiet gap longer than this splits a 408 cluster (60s)", set_window, 0,
	NULL,
};
const struct cli_option opt_budget = {
	"timeout-budget", 0, "D", "the server's timeout (default: inferred from the 408s)",
	set_budget, 0, NULL,
};

const struct cli_option *const report_options[] = {
	&opt_db, &opt_since, &opt_until, &opt_tz, &opt_format, &opt_output, &opt_strip_prefix,
	&opt_window, &opt_budget, &opt_baseline, &opt_baseline_since, &opt_baseline_until,
	&opt_fail_on, &opt_help, NULL,
};

int cmd_report(int argc, char **argv)
{
	struct cli_args a = CLI_ARGS_DEFAULT;
	int rc;

	if (parse_options(command_find("report"), argc, argv, &a, &rc) < 0)
		return rc;
	if (options_window(&a) < 0 || options_baseline(&a) < 0)
		return EXIT_USAGE;
	a.mo.progress = isatty(STDERR_FILENO);
	return report_run(options_db_path(a.db), &a.mo, a.format, a.out, a.fail_mask);
}
