/* cmd_ingest.c - `analyze ingest`: options -> ingest_file() per file,
 * a summary line per file, the exit status. ingest_run() is shared with
 * the one-shot form. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/options.h"
#include "cli/runs.h"
#include "ingest/ingest.h"
#include "reader/walk.h"
#include "util/profile.h"

struct run {
	const char *db;
	const struct ingest_opts *o;
	char *const *paths;
	int npaths;
	struct store *st;
	int files, failed;
	int stop;               /* the exit status of a failure every later file would share */
	int64_t records, rejects;
	double close_t0;        /* with_store() closes: the last checkpoint */
};

static void report_failure(void *ctx, const char *path, const char *why)
{
	struct run *run = ctx;

	fprintf(stderr, "analyze: '%s': %s\n", path, why);
	run->failed++;
}

/* Passed over on purpose (a FIFO in a folder, a loop): named, the run goes on. */
static void report_skip(void *ctx, const char *path, const char *why)
{
	struct run *run = ctx;

	if (!run->o->quiet)
		fprintf(stderr, "analyze: '%s': %s\n", path, why);
}

static int ingest_one(void *ctx, const char *path, int in_dir)
{
	struct run *run = ctx;
	struct ingest_result res;
	struct diag err = DIAG_INIT;
	const char *name = strcmp(path, "-") == 0 ? "(stdin)" : path;

	run->files++;
	if (ingest_file(run->st, path, run->o, &res, &err) < 0) {
		if (res.unrecognised && in_dir && !run->o->format) {
			/* a README or checksum list beside the logs; named on the
			 * command line, it would be a failure */
			report_skip(run, name, "not a log analyze recognises, skipped");
			return 0;
		}
		report_failure(run, name, err.msg);
		if (exit_for(&err) != EXIT_INPUT) {
			/* the database or the process failed, not this file */
			run->stop = exit_for(&err);
			return -1;
		}
		return 0;
	}
	run->records += res.records;
	run->rejects += res.rejects;
	if (run->o->quiet)
		return 0;
	if (res.unchanged) {
		fprintf(stderr, "analyze: %s: unchanged since the last ingest, skipped\n", name);
		return 0;
	}
	fprintf(stderr, "analyze: %s: %lld records, %lld rejects, %lld lines already seen%s%s%s",
		name, (long long)res.records, (long long)res.rejects, (long long)res.seen_lines,
		res.format ? " (" : "", res.format ? res.format : "", res.format ? ")" : "");
	if (res.padding_bytes)
		fprintf(stderr, "; %lld bytes of NUL padding skipped", (long long)res.padding_bytes);
	if (res.held_bytes)
		fprintf(stderr, "; its last line (%lld bytes, no newline yet) is read when complete",
			(long long)res.held_bytes);
	if (res.shrank)
		fprintf(stderr, "; truncated while read (a rotated copy adds the rest)");
	if (res.warnings)
		fprintf(stderr, "; %lld warning%s (above)", (long long)res.warnings,
			res.warnings == 1 ? "" : "s");
	fputc('\n', stderr);
	return 0;
}

static int ingest_all(struct store *st, void *ctx, struct diag *err)
{
	struct run *run = ctx;
	const struct walk_calls calls = { ingest_one, report_failure, report_skip, run };
	struct walk w;
	double t0;
	int rc = -1;

	run->st = st;
	if (store_bulk_begin(st, run->db, err) < 0)
		return -1;
	walk_init(&w, &calls);
	for (int i = 0; i < run->npaths && !run->stop; i++)
		walk_path(&w, run->paths[i]);
	walk_release(&w);
	t0 = profile_start();
	if (run->stop)
		rc = run->stop;         /* named by ingest_one() */
	else if (store_build_indexes(st, err) == 0)
		rc = run->failed ? EXIT_INPUT : EXIT_OK;
	profile_end(t0, "ingest: indexes");
	run->close_t0 = profile_start();
	return rc;
}

int ingest_run(const char *db, const struct ingest_opts *opts, char *const *paths, int npaths)
{
	struct ingest_opts o = *opts;
	struct run run = { .db = db, .o = &o, .paths = paths, .npaths = npaths, .close_t0 = -1 };
	int rc;

	o.progress = !o.quiet && isatty(STDERR_FILENO);
	o.db = db;
	rc = with_store(db, STORE_CREATE, NULL, ingest_all, &run);
	profile_end(run.close_t0, "ingest: close (last checkpoint)");
	return rc;
}

static int set_format(struct cli_args *a, const char *arg)
{
	if (strcmp(arg, "auto") == 0) {
		a->io.format = NULL;
	} else if (!parser_by_name(arg)) {
		fprintf(stderr, "analyze: --format: unknown format '%s'\n", arg);
		return -1;
	} else {
		a->io.format = arg;
	}
	return 0;
}

const struct cli_option opt_input_format = {
	"format", 0, "F", "auto (detect per file), caddy, tracing or psql", set_format, 0, NULL,
};

/* Caddy's float durations do not say their unit (seconds by default,
 * milliseconds with duration_format ms): said here, or inferred per file. */
static int set_duration_unit(struct cli_args *a, const char *arg)
{
	if (strcmp(arg, "s") != 0 && strcmp(arg, "ms") != 0 && strcmp(arg, "ns") != 0) {
		fprintf(stderr, "analyze: --duration-unit: '%s' is not s, ms or ns\n", arg);
		return -1;
	}
	a->io.parse.duration_unit = arg;
	return 0;
}

const struct cli_option opt_duration_unit = {
	"duration-unit", 0, "U", "unit of Caddy's float durations: s or ms (default: "
	"inferred per file)", set_duration_unit, 0, NULL,
};

const struct cli_option *const ingest_options[] = {
	&opt_db, &opt_input_format, &opt_strip_prefix, &opt_tz, &opt_duration_unit, &opt_quiet,
	&opt_help, NULL,
};

int cmd_ingest(int argc, char **argv)
{
	struct cli_args a = CLI_ARGS_DEFAULT;
	int rc;

	if (parse_options(command_find("ingest"), argc, argv, &a, &rc) < 0)
		return rc;
	return ingest_run(options_db_path(a.db), &a.io, a.rest, a.nrest);
}
