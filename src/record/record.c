/* record.c - what every record kind holds by pointer, so a record can be
 * copied out of the parser's buffers (the ingest pipeline does). */
#include "record/record.h"

int record_strings(struct record *rec, const char **fields[], int max)
{
	const char **f[24];
	int n = 0;

	switch (rec->kind) {
	case REC_REQUEST: {
		struct request_rec *r = &rec->u.request;
		const char **all[] = { &r->method, &r->host, &r->uri, &r->route, &r->proto,
				       &r->remote_ip,
				       &r->client_ip, &r->cf_connecting_ip, &r->x_forwarded_for,
				       &r->x_real_ip, &r->user_agent, &r->request_id };

		for (unsigned i = 0; i < sizeof(all) / sizeof(all[0]); i++)
			f[n++] = all[i];
		break;
	}
	case REC_PROXY_EVENT:
		f[n++] = &rec->u.proxy_event.level;
		f[n++] = &rec->u.proxy_event.logger;
		f[n++] = &rec->u.proxy_event.msg;
		f[n++] = &rec->u.proxy_event.fields_json;
		break;
	case REC_REJECT:
		f[n++] = &rec->u.reject.reason;
		f[n++] = &rec->u.reject.excerpt;
		break;
	case REC_EVENT: {
		struct event_rec *e = &rec->u.event;
		const char **all[] = { &e->level, &e->target, &e->name, &e->message,
				       &e->fields_json, &e->span_name, &e->span_json,
				       &e->spans_json, &e->request_id, &e->method, &e->uri,
				       &e->thread_name, &e->thread_id, &e->file };

		for (unsigned i = 0; i < sizeof(all) / sizeof(all[0]); i++)
			f[n++] = all[i];
		break;
	}
	case REC_PHASE:
		f[n++] = &rec->u.phase.event_name;
		f[n++] = &rec->u.phase.phase;
		break;
	case REC_SNAPSHOT:
		f[n++] = &rec->u.snapshot.form;
		f[n++] = &rec->u.snapshot.title;
		f[n++] = &rec->u.snapshot.query;
		f[n++] = &rec->u.snapshot.shape;
		f[n++] = &rec->u.snapshot.columns_json;
		break;
	case REC_SNAPSHOT_ROW:
		f[n++] = &rec->u.snapshot_row.cells_json;
		break;
	case REC_DB_WRITE:
		f[n++] = &rec->u.db_write.table_name;
		f[n++] = &rec->u.db_write.key;
		f[n++] = &rec->u.db_write.row_json;
		break;
	case REC_WARNING:
		f[n++] = &rec->u.warning.reason;
		break;
	}
	for (int i = 0; i < n && i < max; i++)
		fields[i] = f[i];
	return n;
}
