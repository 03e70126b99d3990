#!/usr/bin/env python3
"""Client side of the bundled incident (stdlib only).

Sends a fixed request schedule through Caddy (http://127.0.0.1:19080) and
takes the psql captures at fixed points of it.  Every request opens its own
connection and carries the headers Cloudflare would add (Cf-Connecting-Ip with
a documentation address per real client); Caddy strips /api before proxying.

    driver.py main --start EPOCH   the healthy stretch, the login storm, the
                                   incident; offsets in SCHEDULE below are
                                   seconds after EPOCH (the server's
                                   --incident-at is EPOCH + 60 s)
    driver.py down                 a few requests while the app server is down
    driver.py tail                 a short healthy tail after the restart
    driver.py burst --start EPOCH  the second recording (make.sh burst): a login
                                   burst on the shared bucket, a channel fan-out
                                   stall with concurrent writers, a table lock
                                   held by an idle transaction (SCHEDULE_BURST)
    driver.py wedges --start EPOCH the third recording (make.sh wedges): a table
                                   lock on a read path, a gateway-dispatch wedge,
                                   a search-ack wedge, retries after 408s, near
                                   misses, a slow export (schedule_wedges)

Environment: BASE (default http://127.0.0.1:19080), PSQL (path of psql; PGHOST
PGPORT PGUSER PGDATABASE set by make.sh), OUT (inputs directory), CLIENT_LOG
(TSV of what the clients saw, not part of the inputs), HOLDER_LOG (burst: when
the lock holder locked and committed, not part of the inputs).  A retried
request (wedges) is logged twice: the first attempt, then the retry with the
note `retry-of=REQUEST_ID`.
"""
import gzip
import http.client
import json
import os
import shutil
import subprocess
import sys
import threading
import time

BASE = os.environ.get("BASE", "http://127.0.0.1:19080")
HOST, PORT = BASE.split("//", 1)[1].split(":")
PORT = int(PORT)
PSQL = os.environ.get("PSQL", "psql")
OUT = os.environ.get("OUT", "inputs")
CLIENT_LOG = os.environ.get("CLIENT_LOG", "client.tsv")

INCIDENT_AT = 60.0  # seconds after --start; must match make.sh

# guilds / channels (ULIDs minted in 2026-02 and 2026-06)
G1, G2 = "01KH5ZN9BR1VJA2SKAC15Y93FR", "01KT7CJCT55V03FW0FZS31V0ZJ"
C1, C2, C3 = "01KH5ZNAXD1D2PYVE21AVN5SHH", "01KH601HB4H03HN8D1WMZBVDXE", "01KN6FXN6WCK7TGD0BPEF2XMNB"  # in G1
C4, C5 = "01KT7CJDQ5J1QZSMBCNVKB8HSA", "01KT7CNQT0VYR783GRKXNGJKJH"  # in G2
CHANNELS = [(G1, C1), (G1, C2), (G2, C4), (G1, C3), (G2, C5)]

UA = {
    "firefox": "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
    "chrome": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36",
    "desktop": "FilamentDesktop/0.9.3 (Electron 27)",
    "android": "okhttp/4.12.0",
    "iphone": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "mac": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.1; rv:120.0) Gecko/20100101 Firefox/120.0",
    "monitor": "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
    "script": "python-requests/2.31.0",
}

# name -> (Cf-Connecting-Ip, User-Agent, access token)
CLIENTS = {
    "alice": ("203.0.113.10", UA["firefox"], "tk_alice_3f9c1d"),
    "bob": ("198.51.100.23", UA["chrome"], "tk_bob_8a2e44"),
    "carol": ("203.0.113.42", UA["desktop"], "tk_carol_51b7c0"),
    "dave": ("198.51.100.61", UA["android"], "tk_dave_c06d19"),
    "erin": ("203.0.113.77", UA["iphone"], "tk_erin_77f2aa"),
    "frank": ("198.51.100.140", UA["mac"], "tk_frank_e41b03"),
    "monitor": ("198.51.100.250", UA["monitor"], None),
    "joiner1": ("203.0.113.150", UA["desktop"], "tk_joiner1_5501"),
    "joiner2": ("198.51.100.151", UA["android"], "tk_joiner2_5502"),
    "joiner3": ("203.0.113.152", UA["firefox"], "tk_joiner3_5503"),
    "scraper": ("198.51.100.77", UA["script"], "tk_scraper_9999"),
}
_uas = [UA["firefox"], UA["chrome"], UA["desktop"], UA["android"], UA["iphone"], UA["mac"]]
for _i in range(1, 13):  # the login storm: 12 distinct real clients
    _ip = ("203.0.113.%d" if _i % 2 else "198.51.100.%d") % (100 + _i)
    CLIENTS["user%02d" % _i] = (_ip, _uas[_i % 6], "tk_user%02d_0a%02d" % (_i, _i))
for _i in range(1, 61):  # burst: 60 more real clients (server --member-users 60)
    _ip = ("203.0.113.%d" if _i % 2 else "198.51.100.%d") % (160 + _i)
    CLIENTS["member%02d" % _i] = (_ip, _uas[_i % 6], "tk_member%02d" % _i)
USERS = ["alice", "bob", "carol", "dave", "erin", "frank"]
PASSWORD = "correct-horse-battery"

WORDS = ["deploy looks good", "anyone seen the 408s?", "lunch at noon", "pushed the fix",
         "retrying the upload", "brb", "ship it", "can you review #412", "standup in 5",
         "the search is slow again", "thanks!", "merging now", "voice is flaky today"]


# ---------------------------------------------------------------- requests
_log_lock = threading.Lock()
_msg_no = [0]


def send(client, method, path, body=None, note=""):
    ip, ua, token = CLIENTS[client]
    headers = {"User-Agent": ua, "Accept": "application/json", "Cf-Connecting-Ip": ip,
               "Accept-Encoding": "gzip, deflate, br"}
    auth = token and not path.startswith("/api/auth/") and path != "/health"
    if auth:
        headers["Authorization"] = "Bearer " + token
    data = None
    if body is not None:
        data = json.dumps(body, separators=(",", ":")).encode()
        headers["Content-Type"] = "application/json"
    t0 = time.time()
    status, rid = 0, ""
    try:
        conn = http.client.HTTPConnection(HOST, PORT, timeout=40)
        conn.request(method, path, body=data, headers=headers)
        resp = conn.getresponse()
        resp.read()
        status, rid = resp.status, resp.getheader("X-Request-Id", "")
        conn.close()
    except Exception as e:  # recorded, never fatal
        note = (note + " " if note else "") + "error=" + type(e).__name__
    t1 = time.time()
    with _log_lock:
        with open(CLIENT_LOG, "a") as f:
            f.write("%.6f\t%.6f\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n" % (t0, t1, client, ip, method, path, status, rid, note))
    return status, rid


def get_messages(client, ch):
    return ("req", client, "GET", "/api/guilds/%s/channels/%s/messages?limit=50" % ch, None)


def post_message(client, ch, note="", tag=None):
    """tag: a unique marker put into the content (burst), so the row each
    request wrote can be told from the client's side too (note msg=TAG)"""
    _msg_no[0] += 1
    content = WORDS[_msg_no[0] % len(WORDS)]
    if tag:
        content += " [%s]" % tag
        note = (note + " " if note else "") + "msg=" + tag
    body = {"content": content, "nonce": "%d" % (7000 + _msg_no[0])}
    return ("req", client, "POST", "/api/guilds/%s/channels/%s/messages" % ch, body, note)


def post_retrying(client, ch, note, tag, delay):
    """a message POST whose client, answered 408, sends the same body again
    DELAY seconds later (as a client library's retry does)"""
    return ("req_retry",) + post_message(client, ch, note, tag)[1:] + (delay,)


def export(client, guild):
    return ("req", client, "GET", "/api/guilds/%s/export" % guild, None)


def login(client, password=PASSWORD):
    return ("req", client, "POST", "/api/auth/login", {"username": client, "password": password})


def health():
    return ("req", "monitor", "GET", "/health", None)


def voice(client, what, guild, channel, note=""):
    return ("req", client, "POST", "/api/voice/" + what, {"guild_id": guild, "channel_id": channel}, note)


def join(client, guild):
    return ("req", client, "POST", "/api/guilds/%s/join" % guild, {})


# ---------------------------------------------------------------- schedules
def schedule_main():
    s = []
    add = lambda t, a: s.append((round(t, 3), a))
    T0 = INCIDENT_AT
    for i in range(31):  # uptime monitor, every 5 s
        add(0.2 + 5 * i, health())

    # 1. healthy stretch (0-40 s)
    for i in range(20):
        add(1.0 + 2.0 * i, get_messages(USERS[i % 6], CHANNELS[i % 5]))
    for i in range(12):
        add(2.3 + 3.1 * i, post_message(USERS[(i + 2) % 6], CHANNELS[(i + 1) % 5]))
    for t, c in [(0.5, "alice"), (6.5, "bob"), (12.5, "carol"), (20.0, "dave"), (26.5, "erin"), (31.0, "frank")]:
        add(t, login(c))
    add(18.5, login("dave", "correct-horse-battry"))  # typo -> 401
    add(8.0, voice("carol", "token", G1, C3))
    add(9.5, voice("carol", "leave", G1, C3))
    add(24.0, voice("dave", "token", G2, C5))
    add(27.0, voice("dave", "leave", G2, C5))
    add(15.0, join("frank", G2))
    add(39.6, ("rotate",))  # logrotate copytruncate+compress in a quiet moment

    # 2. login storm on the shared limiter bucket + per-client join limiter (40-60 s)
    add(40.5, login("alice"))
    add(41.0, login("bob"))
    for i in range(12):
        add(42.0 + 0.5 * i, login("user%02d" % (i + 1)))
    for i in range(3, 9):  # second attempts
        add(46.0 + 0.6 * (i - 3), login("user%02d" % (i + 1)))
    for t, i in [(51.5, 3), (52.8, 4), (54.0, 5), (55.0, 9)]:  # later attempts
        add(t, login("user%02d" % (i + 1)))
    for k in range(10):
        add(44.2 + 0.9 * k, join("scraper", G1))
    add(45.5, join("joiner1", G1))
    add(49.5, join("joiner2", G2))
    for i in range(7):
        add(40.8 + 3 * i, get_messages(USERS[(i + 3) % 6], CHANNELS[(i + 2) % 5]))
    for i, t in enumerate([41.3, 50.3, 57.3]):
        add(t, post_message(USERS[(i + 4) % 6], CHANNELS[(i + 3) % 5]))
    add(55.0, ("watch", 90))
    add(58.0, ("count", "count_before.txt"))

    # 3. the incident (T0 = 60 s): search acks only at T0 + 4 + 12k s
    for i in range(40):
        add(T0 + 0.5 + 2.0 * i, get_messages(USERS[(i + 1) % 6], CHANNELS[(i + 3) % 5]))
    add(T0 + 1.0, post_message("frank", (G2, C5)))
    for k in range(6):
        a = T0 + 4 + 12 * k
        stall_ch = (G1, C1) if k % 2 == 0 else (G2, C4)
        other = [(G2, C5), (G2, C5)] if k % 2 == 0 else [(G1, C2), (G1, C3)]
        add(a + 0.6, post_message(USERS[k % 6], stall_ch, "expect-408-after-write"))
        add(a + 6.5, post_message(USERS[(k + 2) % 6], other[0], "expect-slow-201"))
        add(a + 9.0, post_message(USERS[(k + 4) % 6], other[1], "expect-slow-201"))
    add(T0 + 10.0, voice("dave", "token", G2, C5))
    add(T0 + 24.0, voice("alice", "leave", G1, C3, "expect-408-after-write"))
    add(T0 + 36.0, voice("bob", "leave", G2, C5, "expect-slow-204"))
    add(T0 + 45.0, voice("erin", "token", G2, C5, "expect-408-no-write"))
    add(T0 + 57.0, voice("frank", "token", G2, C5, "expect-408-no-write"))
    add(T0 + 68.0, voice("alice", "token", G1, C3, "expect-slow-200"))
    add(T0 + 72.0, voice("carol", "leave", G1, C3))
    add(T0 + 30.0, login("carol"))
    add(T0 + 62.0, login("dave"))
    add(T0 + 29.0, ("locks",))
    # after the incident (80-92 s after T0)
    for i in range(6):
        add(T0 + 80.5 + 2.0 * i, get_messages(USERS[i % 6], CHANNELS[i % 5]))
    for i, t in enumerate([82.0, 85.5, 89.0]):
        add(T0 + t, post_message(USERS[(i + 1) % 6], CHANNELS[(i + 2) % 5]))
    return sorted(s, key=lambda x: x[0])


def schedule_down():
    return [(0.3, health()), (0.9, get_messages("alice", (G1, C1))),
            (1.5, post_message("bob", (G1, C2))), (2.1, login("user03"))]


def schedule_tail():
    s = [(0.5, health()), (5.5, health()), (10.5, health()), (15.5, health())]
    for i in range(10):
        s.append((1.0 + 1.5 * i, get_messages(USERS[(i + 2) % 6], CHANNELS[i % 5])))
    for i, t in enumerate([2.0, 6.0, 10.0, 13.0]):
        s.append((t, post_message(USERS[(i + 3) % 6], CHANNELS[(i + 1) % 5])))
    s += [(3.0, login("user03")), (7.0, voice("erin", "token", G2, C5)),
          (8.0, voice("erin", "leave", G2, C5)), (9.0, join("joiner3", G2))]
    return sorted(s, key=lambda x: x[0])


# Offsets of the burst recording (seconds after --start; no --incident-at, the
# server's built-in incident model is off).  make.sh passes the same numbers to
# the server as epoch ms (--channel-fanout-stuck), see burst_server_args().
BURST_STORM = 40.0  # 60 first logins 0.1 s apart + 12 retries 2.55 s later
BURST_FANOUT_STUCK = (60.0, 74.0)  # channel fan-out of C1 and C4 blocked until 74 s
BURST_STUCK_CHANNELS = (C1, C4)
BURST_LOCK = (85.0, 100.0)  # ops-backfill: BEGIN; LOCK TABLE messages IN EXCLUSIVE MODE; ... COMMIT
BURST_END = 108.0


def burst_server_args(start):
    ms = lambda t: "%d" % round((start + t) * 1000)
    return ["--channel-fanout-stuck", "%s:%s" % (ms(BURST_FANOUT_STUCK[0]), ms(BURST_FANOUT_STUCK[1])),
            "--stuck-channels", ",".join(BURST_STUCK_CHANNELS)]


def schedule_burst():
    s = []
    add = lambda t, a: s.append((round(t, 3), a))
    tag_no = [0]

    def tagged(client, ch, t, note=""):
        tag_no[0] += 1
        add(t, post_message(client, ch, note, tag="b%03d" % tag_no[0]))

    for i in range(22):  # uptime monitor
        add(0.2 + 5 * i, health())
    for i in range(53):  # reads stay fast throughout (also during the lock: EXCLUSIVE lets SELECT through)
        add(1.0 + 2.0 * i, get_messages(USERS[i % 6], CHANNELS[(i + 3) % 5]))
    # healthy writes: unambiguous request -> row pairs (the route's usual lag)
    for i in range(9):
        tagged(USERS[(i + 1) % 6], CHANNELS[i % 5], 3.3 + 3.0 * i)

    # 1. login burst on the peer-keyed bucket; login spans carry no request_id
    # and no X-Request-Id comes back (server --login-request-id false).
    # member01-04 logged in twice long before (accepted, 3 s apart), so their
    # rejected burst attempt is their 3rd (member01: 3rd and 4th).
    for k, c in enumerate(["member01", "member02", "member03", "member04"] * 2):
        add(2.0 + 3.0 * k, login(c))
    first = ["member%02d" % i for i in range(5, 61)]
    for pos, c in [(10, "member01"), (20, "member02"), (30, "member03"), (40, "member04")]:
        first.insert(pos, c)
    for i, c in enumerate(first):  # 10 logins/s for 6 s; the first 5 fill the bucket
        add(BURST_STORM + 0.1 * i, login(c))
    for j in range(12):  # retries: a second attempt for most (a 4th for member01)
        add(BURST_STORM + 0.1 * (5 + j) + 2.55, login(first[5 + j]))
    add(BURST_STORM + 35.0, login("alice"))  # long after: accepted again
    # negative case: one scraper on the per-client (forwarded) join limiter
    for k in range(10):
        add(48.0 + 0.9 * k, join("scraper", G2))
    add(50.0, join("joiner1", G2))
    add(58.5, ("count", "count_before.txt"))

    # 2. fan-out stall: C1 and C4 (guilds G1, G2) blocked in [60, 74); writers
    # that reach the fan-out before ~64 s wait > 10 s (408 after their row),
    # later ones finish at 74 s (slow 201), rows interleave across requests.
    offs = [56.0, 57.5, 59.0, 60.10, 60.13, 60.9, 61.7, 62.5, 63.3,
            64.6, 66.0, 67.5, 69.0, 70.5, 72.0, 73.4, 74.6, 75.8, 77.0]
    for ci, (ch, shift) in enumerate([((G1, C1), 0.0), ((G2, C4), 0.35)]):
        for k, t in enumerate(offs):
            t += shift
            note = ("expect-408-after-write" if BURST_FANOUT_STUCK[0] <= t < BURST_FANOUT_STUCK[1] - 10.1 else
                    "expect-slow-201" if BURST_FANOUT_STUCK[0] <= t < BURST_FANOUT_STUCK[1] else "")
            tagged(USERS[(k + ci) % 6], ch, t, note)
    for t in (61.0, 65.0, 69.0):  # another channel of G1 is not blocked
        tagged("carol", (G1, C2), t)

    # 3. lock wait before the write: POST messages to C2 (others post there
    # before and after; guild joins write audit_logs rows under G1 meanwhile).
    # The waiting INSERTs commit when the holder commits at 100 s, after the
    # 408s (the server minted their ULIDs before the wait).
    add(BURST_LOCK[0], ("lock", BURST_LOCK[1] - BURST_LOCK[0]))
    for t in (82.0, 83.5, 84.6, 85.5, 86.2, 86.9, 87.6, 88.3, 91.0, 92.5, 94.0, 96.0, 98.0, 100.6, 101.5, 102.5):
        note = ("expect-408-no-write" if BURST_LOCK[0] <= t < BURST_LOCK[1] - 10.1 else
                "expect-slow-201" if BURST_LOCK[0] <= t < BURST_LOCK[1] else "")
        tagged(USERS[int(t) % 6], (G1, C2), t, note)
    for k in range(5):
        add(86.0 + 2.0 * k, join("member%02d" % (11 + k), G1))
    add(83.0, ("watch_to", "lock_activity_watch.txt", ACTIVITY_SQL, 20, {}))
    add(84.0, ("watch_to", "pg_locks_watch_en_US.txt", LOCKS_WATCH_SQL, 18,
               {"LC_ALL": "en_US.UTF-8", "LANG": "en_US.UTF-8", "LC_TIME": "en_US.UTF-8"}))
    add(86.0, ("watch_to", "activity_sampled.txt", SAMPLED_SQL, 14, {}))
    add(BURST_END, ("count", "count_after.txt"))
    return sorted(s, key=lambda x: x[0])


# Offsets of the third recording (seconds after --start; no --incident-at).
# make.sh passes the wedge windows to the server as epoch ms (wedges_server_args).
# Each scenario's 408s are more than 60 s (analyze's default cluster window)
# from the next one's, with healthy traffic in between.
WEDGES_LOCK = (24.0, 39.0)  # ops-migration: BEGIN; LOCK TABLE guild_members IN ACCESS EXCLUSIVE MODE; ... COMMIT
WEDGES_DISPATCH = (101.0, 113.0)  # the gateway's dispatch of C1 wedged
WEDGES_DISPATCH_CHANNELS = (C1,)
WEDGES_SEARCH = (175.0, 187.0)  # the search index acknowledges nothing
WEDGES_EXPORT = 8.0  # GET /guilds/{id}/export: 8 s, fine, outside any cluster
WEDGES_END = 198.0


def wedges_server_args(start):
    ms = lambda t: "%d" % round((start + t) * 1000)
    return ["--guild-members", "%s,%s" % (G1, G2),
            "--channel-dispatch-wedge", "%s:%s" % (ms(WEDGES_DISPATCH[0]), ms(WEDGES_DISPATCH[1])),
            "--wedge-channels", ",".join(WEDGES_DISPATCH_CHANNELS),
            "--search-ack-stuck", "%s:%s" % (ms(WEDGES_SEARCH[0]), ms(WEDGES_SEARCH[1]))]


def schedule_wedges():
    s = []
    add = lambda t, a: s.append((round(t, 3), a))
    tag_no = [0]

    def tag():
        tag_no[0] += 1
        return "w%03d" % tag_no[0]

    def tagged(client, ch, t, note=""):
        add(t, post_message(client, ch, note, tag=tag()))

    def retrying(client, ch, t, note, delay):
        add(t, post_retrying(client, ch, note, tag(), delay))

    L, W, S = WEDGES_LOCK[0], WEDGES_DISPATCH[0], WEDGES_SEARCH[0]
    busy = [(L - 2, WEDGES_LOCK[1] + 2), (W - 2, WEDGES_DISPATCH[1] + 3), (S - 2, WEDGES_SEARCH[1] + 3)]
    for i in range(40):  # uptime monitor
        add(0.2 + 5 * i, health())
    for i in range(99):  # reads stay fast throughout (they do not touch guild_members)
        add(1.0 + 2.0 * i, get_messages(USERS[i % 6], CHANNELS[(i + 3) % 5]))
    # healthy writes in the quiet periods (unambiguous request -> row pairs)
    k = 0
    for i in range(33):
        t = 3.3 + 6.0 * i
        if t < WEDGES_END - 3 and not any(a <= t <= b for a, b in busy):
            tagged(USERS[(k + 1) % 6], CHANNELS[k % 5], t)
            k += 1
    add(2.0, login("alice"))
    add(70.0, login("bob"))
    add(150.0, login("carol"))
    add(WEDGES_EXPORT, export("carol", G1))  # long but fine: no near miss
    add(5.0, ("count", "count_before.txt"))

    # 1. a lock on a read path: guild_members locked 15 s; the message POST's
    # permission check and the guild join's resolve read it.  Statements
    # started in the first ~5 s wait > 10 s (408, no row), later ones finish
    # at the COMMIT (near misses).  member01 and member03 retry their 408
    # (no row was written: the retry's row is their only one).
    add(L, ("lock_as", WEDGES_LOCK[1] - L, "ops-migration", "LOCK TABLE guild_members IN ACCESS EXCLUSIVE MODE;"))
    retrying("member01", (G1, C1), L + 0.5, "expect-408-no-write", 2.0)
    tagged("member02", (G1, C2), L + 1.5, "expect-408-no-write")
    retrying("member03", (G2, C4), L + 2.5, "expect-408-no-write", 1.5)
    tagged("member04", (G1, C3), L + 3.5, "expect-408-no-write")
    tagged("member05", (G2, C5), L + 4.5, "expect-408-no-write")
    add(L + 1.0, ("req", "joiner1", "POST", "/api/guilds/%s/join" % G1, {}, "expect-408-no-write"))
    add(L + 3.0, ("req", "joiner2", "POST", "/api/guilds/%s/join" % G2, {}, "expect-408-no-write"))
    tagged("member06", (G1, C2), L + 5.5, "expect-slow-201")
    tagged("member07", (G2, C4), L + 7.5, "expect-slow-201")
    tagged("member08", (G1, C1), L + 9.5, "expect-slow-201")
    add(L + 6.5, ("req", "joiner3", "POST", "/api/guilds/%s/join" % G1, {}, "expect-slow-200"))

    # 2. gateway-dispatch wedge on C1: rows commit, the dispatch blocks until
    # W+12 without a full_queue warning; posts reaching it before ~W+2 get
    # 408 after their row, later ones finish with dispatch_ms 9.8 .. 5.5 s.
    # Three of the four 408'd clients re-POST the same content after 1.6-3 s
    # (after the wedge): a second row each.
    retrying("member09", (G1, C1), W + 0.3, "expect-408-after-write", 2.5)
    retrying("member10", (G1, C1), W + 0.8, "expect-408-after-write", 1.6)
    retrying("member11", (G1, C1), W + 1.3, "expect-408-after-write", 3.0)
    tagged("member12", (G1, C1), W + 1.7, "expect-408-after-write")
    for t, c in [(2.2, "alice"), (3.5, "bob"), (5.0, "carol"), (6.5, "dave")]:
        tagged(c, (G1, C1), W + t, "expect-slow-201")
    tagged("erin", (G1, C2), W + 4.0)  # another channel: fast

    # 3. search-ack wedge: the index acknowledges nothing in [S, S+12)
    retrying("member13", (G1, C2), S + 0.3, "expect-408-after-write", 2.5)
    retrying("member14", (G1, C3), S + 0.8, "expect-408-after-write", 1.6)
    retrying("member15", (G2, C5), S + 1.3, "expect-408-after-write", 3.0)
    tagged("member16", (G2, C4), S + 1.7, "expect-408-after-write")
    for t, c, ch in [(2.2, "erin", (G1, C2)), (3.5, "frank", (G1, C3)), (5.0, "alice", (G2, C5)), (6.5, "bob", (G2, C4))]:
        tagged(c, ch, S + t, "expect-slow-201")

    # captures: two \watch of pg_stat_activity (LC_TIME en_US.UTF-8 and C),
    # a pg_locks \watch, a shell sampling loop, a capture script dating each
    # result with SELECT now() AS sampled_at
    add(10.0, ("watch_to", "activity_watch_en_US.txt", ACTIVITY_SQL, 40,
               {"LC_ALL": None, "LANG": "C.UTF-8", "LC_TIME": "en_US.UTF-8"}))
    add(10.5, ("watch_to", "activity_watch_C.txt", ACTIVITY_SQL, 40, {"LC_ALL": None, "LANG": "C.UTF-8", "LC_TIME": "C"}))
    add(11.0, ("watch_to", "pg_locks_watch.txt", LOCKS_WATCH_SQL, 38, {}))
    add(6.0, ("shell_to", "activity_loop.txt", LOOP_SH, int(WEDGES_END - 10)))
    add(7.0, ("shell_to", "activity_sampled.txt", SAMPLED_SH, int(WEDGES_END - 12)))
    add(WEDGES_END, ("count", "count_after.txt"))
    return sorted(s, key=lambda x: x[0])


# ---------------------------------------------------------------- psql captures
def psql_to(path, *args, timeout=None, env=None):
    cmd = [PSQL, "-X"] + list(args)
    if timeout:
        cmd = ["timeout", "-s", "INT", str(timeout)] + cmd
    e = dict(os.environ)
    for k, v in (env or {}).items():  # None: unset (LC_ALL would override LC_TIME)
        if v is None:
            e.pop(k, None)
        else:
            e[k] = v
    with open(path, "w") as f:
        return subprocess.Popen(cmd, stdout=f, stderr=subprocess.PIPE, env=e)


def shell_to(path, script, seconds):
    """an engineer's capture loop (bash), SECONDS long, stdout to PATH"""
    with open(path, "w") as f:
        return subprocess.Popen(["bash", "-c", script, "capture", str(seconds)], stdout=f, stderr=subprocess.PIPE,
                                env=dict(os.environ))


def hold_lock(seconds, app="ops-backfill", lock_sql="LOCK TABLE messages IN EXCLUSIVE MODE;"):
    """an engineer's psql session: BEGIN; LOCK TABLE messages IN EXCLUSIVE
    MODE; (or LOCK_SQL) then idle in the open transaction for SECONDS; COMMIT"""
    p = subprocess.Popen([PSQL, "-X", "-q", "-v", "ON_ERROR_STOP=1"], stdin=subprocess.PIPE,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=dict(os.environ, PGAPPNAME=app))
    p.stdin.write(b"BEGIN;\n" + lock_sql.encode() + b"\n")
    p.stdin.flush()
    t0 = time.time()
    time.sleep(seconds)
    t1 = time.time()
    p.stdin.write(b"COMMIT;\n")
    p.stdin.close()
    rc = p.wait()
    with open(os.environ.get("HOLDER_LOG", "holder.tsv"), "a") as f:
        f.write("%.6f\t%.6f\t%d\n" % (t0, t1, rc))
    err = p.stderr.read().decode().strip()
    if rc or err:
        sys.exit("driver: lock holder failed (rc %d): %s" % (rc, err))


WATCH_SQL = ("SELECT now(), state, wait_event_type, wait_event, count(*) FROM pg_stat_activity "
             "WHERE datname = current_database() GROUP BY 2,3,4 \\watch 1\n")
LOCKS_SQL = ("SELECT l.locktype, l.mode, l.granted, c.relname, a.pid, a.application_name, a.state, "
             "a.wait_event_type, a.wait_event, left(a.query, 60) AS query FROM pg_locks l "
             "LEFT JOIN pg_class c ON c.oid = l.relation LEFT JOIN pg_stat_activity a ON a.pid = l.pid "
             "ORDER BY l.granted, a.pid, l.locktype, c.relname")
ACTIVITY_SQL = ("SELECT pid, application_name, state, wait_event_type, wait_event, pg_blocking_pids(pid) AS blocked_by, "
                "date_trunc('milliseconds', now() - query_start) AS query_age, query FROM pg_stat_activity "
                "WHERE datname = current_database() AND state <> 'idle' AND pid <> pg_backend_pid() ORDER BY pid \\watch 1\n")
LOCKS_WATCH_SQL = ("SELECT l.pid, a.application_name, l.locktype, c.relname, l.mode, l.granted, a.state, a.wait_event_type, "
                   "pg_blocking_pids(l.pid) AS blocked_by, left(a.query, 60) AS query FROM pg_locks l "
                   "JOIN pg_stat_activity a ON a.pid = l.pid LEFT JOIN pg_class c ON c.oid = l.relation "
                   "WHERE l.locktype = 'relation' AND c.relname NOT LIKE 'pg\\_%' AND a.pid <> pg_backend_pid() "
                   "ORDER BY l.granted, l.pid, c.relname \\watch 1\n")
SAMPLED_SQL = ("SELECT now() AS sampled_at \\; SELECT pid, application_name, state, wait_event_type, wait_event, "
               "pg_blocking_pids(pid) AS blocked_by, left(query, 50) AS query FROM pg_stat_activity "
               "WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle' ORDER BY pid \\watch 2\n")
# wedges: a shell sampling loop (one line per second, the time first) and a
# capture script that dates each pg_stat_activity result with now(); $1 is
# how many seconds to run (they stop by themselves: no result is cut off)
LOOP_SH = r'''end=$((SECONDS + $1))
while [ "$SECONDS" -lt "$end" ]; do
	t=$(date -u +%FT%T.%3NZ)
	c=$("$PSQL" -X -At -F '|' -c "SELECT 'active=' || count(*) FILTER (WHERE state = 'active'), 'waiting=' || count(*) FILTER (WHERE wait_event_type = 'Lock'), 'total=' || count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
	echo "$t|$c"
	sleep 1
done
'''
SAMPLED_SH = r'''end=$((SECONDS + $1))
while [ "$SECONDS" -lt "$end" ]; do
	"$PSQL" -X -c "SELECT now() AS sampled_at" -c "SELECT pid, application_name, state, wait_event_type, wait_event, pg_blocking_pids(pid) AS blocked_by, date_trunc('milliseconds', now() - query_start) AS query_age, left(query, 100) AS query FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle' ORDER BY pid"
	sleep 2
done
'''
_procs = []


def action(a):
    kind = a[0]
    if kind == "req":
        _, client, method, path, body = a[:5]
        send(client, method, path, body, a[5] if len(a) > 5 else "")
    elif kind == "req_retry":  # ("req_retry", client, method, path, body, note, delay)
        _, client, method, path, body, note, delay = a
        status, rid = send(client, method, path, body, note)
        if status == 408:
            time.sleep(delay)
            tag = [w for w in note.split() if w.startswith("msg=")]
            send(client, method, path, body, " ".join(["retry-of=" + rid] + tag))
    elif kind == "lock_as":  # ("lock_as", seconds, application_name, LOCK TABLE ...)
        hold_lock(a[1], a[2], a[3])
    elif kind == "shell_to":  # ("shell_to", file, script, seconds)
        _procs.append((a[1], shell_to(os.path.join(OUT, "psql", a[1]), a[2], a[3])))
    elif kind == "rotate":  # logrotate: copytruncate + compress (no delaycompress)
        live = os.path.join(OUT, "caddy", "access.log")
        shutil.copyfile(live, live + ".1")
        with open(live, "r+") as f:
            f.truncate(0)
        with open(live + ".1", "rb") as src, open(live + ".1.gz", "wb") as raw:
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
                shutil.copyfileobj(src, gz)
        os.remove(live + ".1")
    elif kind == "watch":
        sql = os.path.join(os.environ.get("TMPD", "."), "watch.sql")
        with open(sql, "w") as f:
            f.write(WATCH_SQL)
        _procs.append(("watch", psql_to(os.path.join(OUT, "psql", "pg_stat_activity_watch.txt"),
                                        "-f", sql, timeout=a[1])))
    elif kind == "count":
        _procs.append(("count", psql_to(os.path.join(OUT, "psql", a[1]),
                                        "-c", "SELECT now()", "-c", "SELECT count(*) FROM messages")))
    elif kind == "lock":
        hold_lock(a[1])
    elif kind == "watch_to":  # ("watch_to", file, sql, seconds, env)
        sql = os.path.join(os.environ.get("TMPD", "."), a[1] + ".sql")
        with open(sql, "w") as f:
            f.write(a[2])
        _procs.append((a[1], psql_to(os.path.join(OUT, "psql", a[1]), "-f", sql, timeout=a[3], env=a[4])))
    elif kind == "locks":
        _procs.append(("locks", psql_to(os.path.join(OUT, "psql", "pg_locks.txt"), "-c", LOCKS_SQL)))


def run(schedule, start):
    threads = []
    for t, a in schedule:
        delay = start + t - time.time()
        if delay > 0:
            time.sleep(delay)
        th = threading.Thread(target=action, args=(a,))
        th.start()
        threads.append(th)
    for th in threads:
        th.join()
    for name, p in _procs:
        rc = p.wait()
        err = p.stderr.read().decode().strip()
        if rc not in (0, 124) or err:
            sys.exit("driver: psql capture %s failed (rc %d): %s" % (name, rc, err))


def main():
    phase = sys.argv[1] if len(sys.argv) > 1 else ""
    if phase == "main":
        start = float(sys.argv[sys.argv.index("--start") + 1])
        run(schedule_main(), start)
    elif phase == "down":
        run(schedule_down(), time.time())
    elif phase == "tail":
        run(schedule_tail(), time.time())
    elif phase == "burst":
        start = float(sys.argv[sys.argv.index("--start") + 1])
        run(schedule_burst(), start)
    elif phase == "wedges":
        start = float(sys.argv[sys.argv.index("--start") + 1])
        run(schedule_wedges(), start)
    elif phase == "wedges-server-args":
        print(" ".join(wedges_server_args(float(sys.argv[sys.argv.index("--start") + 1]))))
    elif phase == "burst-server-args":
        print(" ".join(burst_server_args(float(sys.argv[sys.argv.index("--start") + 1]))))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
