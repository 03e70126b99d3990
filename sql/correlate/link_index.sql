-- Built after the link passes: one sort beats a million random inserts.
CREATE INDEX temp.link_by_request ON link(request_row);
