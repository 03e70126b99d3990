#!/usr/bin/env python3
# make_hostile.py - hostile.json from full.json: XSS probes and terminal
# controls planted in every kind of model string the writers show. Run from
# this folder: ./make_hostile.py  (the schema check needs python3-jsonschema)
import copy
import json

P = {
    's': "<script>document.documentElement.setAttribute('data-xss','script')</script>",
    'img': "<img src=x onerror=\"document.documentElement.setAttribute('data-xss','img')\">",
    'attr': "\"'><svg onload=document.documentElement.setAttribute('data-xss','attr')>",
    'end': "</script><script>document.documentElement.setAttribute('data-xss','end')</script><!--",
    'alert': "<script>alert(1)</script>",
}
full = json.load(open('full.json'))
h = copy.deepcopy(full)
h['generator'] = "analyze " + P['alert']
h['sources'][0]['path'] = "logs/access" + P['img'] + ".log"
h['sources'][1]['path'] = "logs/" + P['end']
h['sources'][0]['warnings'] = ["field '" + P['attr'] + "' is missing on every access line \u001b[2J"]
h['correlation']['strip_prefix']['value'] = P['attr']
tc = h['findings']['timeout_clusters'][0]
tc['route'] = "/guilds/" + P['s'] + "/messages"
tc['methods'] = ["POST" + P['attr']]
tc['request_ids'][0] = P['end']
tc['healthy_routes'][0]['route'] = "/health" + P['img']
tc['healthy_routes'][0]['methods'] = "GET\u001b[31m" + P['alert']
tc['evidence'][0]['source'] = "access" + P['attr'] + ".log"
lc = h['findings']['limiter_collapses'][0]
lc['limiter'] = "auth.rate_limit" + P['s']
lc['bucket_ip'] = "172.21.0.4\u001b]0;pwned\u0007"
lc['clients'][0] = P['img']
lc['early_rejections'][0]['client_ip'] = P['attr']
lc['route'] = "login \u202etxt.exe"
ps = h['findings']['post_write_stalls'][0]
ps['stalled_phase'] = "message: " + P['s'] + " \u2028 " + P['end']
ps['write']['table'] = P['img']
ps['write']['key'] = "k\\ey " + P['alert']
ps['request_id'] = "id\u0000nul"
ch = h['checks'][2]
ch['title'] = "Limiter keying " + P['img']
ch['summary'] = "User-Agent " + P['s'] + " \u001b[2J cleared"
h['timeline']['restarts'] = ["2026-11-29T23:21:05.000Z", P['s']]
h['timeline']['buckets'][0]['t'] = P['img']
ov = h['overview']['routes'][0]
ov['route'] = "/guilds/" + P['img'] + "/messages"
ov['method'] = "POST" + P['attr']
ov['clients'][0]['value'] = P['attr']
ov['user_agents'][0]['value'] = "Mozilla/5.0 " + P['s'] + " \u202e\u001b[31m"
h['overview']['all']['user_agents'][0]['value'] = P['end']
h['overview']['all']['clients'][0]['value'] = "203.0.113.10" + P['img']
core = lambda r: {k: r[k] for k in ("requests", "status", "errors", "error_share", "timed", "latency_ms")}
h['overview'] = dict(list(h['overview'].items())[:3] + [('baseline', {
    "since": "2026-11-29T22:00:00.000Z", "until": P['img'], "routes_total": 3, "changed": 1,
    "all": core(h['overview']['all'])})] + list(h['overview'].items())[3:])
ov = h['overview']['routes'][0]
ov['baseline'] = core(ov)
ov['change'] = {"p95_ratio": 3.5, "error_share_delta": 0.1, "marks": ["failing", P['img']], "rank": 1}
ov['clients'].append({"value": "=HYPERLINK(\"http://evil/\",\"x\")", "requests": 1})
ov['user_agents'].append({"value": "@SUM(1+1)\r\n-2,\"q\"", "requests": 1})
src = tc['evidence'][0]
h['evidence_text'] = {"per_item": 3, "max_bytes": 400, "lines": [{
    "source": src['source'], "line": src['line'],
    "text": "{\"uri\":\"/x" + P['s'] + "\",\"ua\":\"" + P['end'] + "\u202e\u001b[2J\"}", "bytes": 9000,
    "command": "sed -n '%dp' '%s'" % (src['line'], src['source'].replace("'", "'\\''"))}],
    "unavailable": [{"source": "inputs/server/server.log", "reason": "file gone"}]}
json.dump(h, open('hostile.json', 'w'), indent=1, ensure_ascii=False)
try:
    import jsonschema
    schema = json.load(open('../../../schemas/report.schema.json'))
    for doc in (full, h):
        d = dict(doc)
        if 'timeline' not in schema['properties']:     # until the schema has it
            d.pop('timeline')
        jsonschema.validate(d, schema)
except ImportError:
    pass
