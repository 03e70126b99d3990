/* options.h - flags that several commands share. */
#ifndef ANALYZE_OPTIONS_H
#define ANALYZE_OPTIONS_H

#define DEFAULT_DB "analyze.db"

/* --db, else $ANALYZE_DB, else ./analyze.db */
const char *options_db_path(const char *flag);

#endif
