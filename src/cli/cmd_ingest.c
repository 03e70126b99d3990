/* cmd_ingest.c - `analyze ingest`: options -> ingest_file() per file,
 * a summary line per file, the exit status. ingest_run() is shared with
 * the one-shot form. */
#include <getopt.h>
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
#include "util/tz.h"

struct run {
	struct store *st;
	const struct ingest_opts *o;
	int files, failed;
	int stop;               /* the exit status of a failure every later file would share */
	int64_t records, rejects;
};

static void report_failure(void *ctx, const char *path, const char *why)
{
	struct run *run = ctx;

	fprintf(stderr, "analyze: '%s': %s\n", path, why);
	run->failed++;
}

static int ingest_one(void *ctx, const char *path)
{
	struct run *run = ctx;
	struct ingest_result res;
	struct diag err = DIAG_INIT;
	const char *name = strcmp(path, "-") == 0 ? "(stdin)" : path;

	run->files++;
	if (ingest_file(run->st, path, run->o, &res, &err) < 0) {
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
	if (res.unchanged)
		fprintf(stderr, "analyze: %s: unchanged since the last ingest, skipped\n", name);
	else
		fprintf(stderr, "analyze: %s: %lld records, %lld rejects, %lld lines already seen%s%s%s\n",
			name, (long long)res.records, (long long)res.rejects,
			(long long)res.seen_lines, res.format ? " (" : "",
			res.format ? res.format : "", res.format ? ")" : "");
	return 0;
}

int ingest_run(const char *db, const struct ingest_opts *opts, char *const *paths, int npaths)
{
	struct ingest_opts o = *opts;
	struct run run = { .o = &o };
	struct diag err = DIAG_INIT;
	double t0;

	o.progress = !o.quiet && isatty(STDERR_FILENO);
	if (store_open(&run.st, db, &err) < 0)
		return exit_fail(NULL, &err);
	if (store_bulk_begin(run.st, db, &err) < 0) {
		store_free(run.st);
		return exit_fail(NULL, &err);
	}
	for (int i = 0; i < npaths && !run.stop; i++)
		walk_paths(paths[i], ingest_one, report_failure, &run);
	t0 = profile_start();
	if (!run.stop && store_build_indexes(run.st, &err) < 0)
		run.stop = exit_fail(NULL, &err);
	profile_end(t0, "ingest: indexes");
	t0 = profile_start();
	store_free(run.st);
	profile_end(t0, "ingest: close (last checkpoint)");
	if (run.stop)
		return run.stop;
	return run.failed ? EXIT_INPUT : EXIT_OK;
}

int cmd_ingest(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "strip-prefix", required_argument, NULL, 's' },
		{ "tz", required_argument, NULL, 'z' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *self = command_find("ingest");
	struct ingest_opts o = { 0 };
	struct diag err = DIAG_INIT;
	const char *db = NULL;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "q", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "auto") == 0) {
				o.format = NULL;
			} else if (!parser_by_name(optarg)) {
				fprintf(stderr, "analyze: --format: unknown format '%s'\n", optarg);
				return EXIT_USAGE;
			} else {
				o.format = optarg;
			}
			break;
		case 's':
			o.parse.strip_prefix = optarg;
			break;
		case 'z':
			o.parse.tz = optarg;
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 'h':
			command_help(self);
			return EXIT_OK;
		default:
			command_usage(self, 1);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "analyze: ingest: no PATH given\n");
		command_usage(self, 1);
		return EXIT_USAGE;
	}
	if (o.parse.tz) {
		struct tz *zone;

		if (tz_load(&zone, o.parse.tz, &err) < 0) {
			fprintf(stderr, "analyze: --tz: %s\n", err.msg);
			return EXIT_USAGE;
		}
		tz_free(zone);
	}
	return ingest_run(options_db_path(db), &o, argv + optind, argc - optind);
}
