//! incident-server: a small stand-in for the filament app server (axum +
//! tower-http in production) used by ../make.sh to produce the bundled
//! end-to-end incident for `analyze`.
//!
//! What is real: the HTTP/1.1 exchange with Caddy, the request ids returned in
//! `X-Request-Id`, the log lines (the real `tracing` macros and the real
//! `tracing_subscriber::fmt().json().with_current_span(true).with_span_list(true)`
//! formatter, production event names and fields, DEBUG timing events as with
//! FILAMENT_DEBUG_REQUEST_TIMINGS), the 10 s request budget, the rate limiters,
//! and the PostgreSQL writes (committed through a small pool of long-lived
//! `psql` sessions, since no Rust postgres client is packaged in Debian 12).
//!
//! What is simulated: the incident itself.  Relative to `--incident-at`
//! (epoch ms) the search indexer only acknowledges commands at fixed commit
//! instants, the gateway's guild fan-out is blocked by a slow consumer for a
//! while, the media server (SFU) stops answering token requests for a while,
//! and the username lookup is slowed down.  The schedule is in the `INCIDENT`
//! constants below; ../driver.py aims its requests at it.
//!
//! Layers, outermost first, as in production:
//!   request span (TraceLayer: on_request / on_response at DEBUG, on_failure
//!   for 5xx) -> request id (set + propagated) -> auth middleware
//!   (debug.auth.authenticate_with_token.timing) -> TimeoutLayer (10 s -> 408,
//!   the handler is dropped: none of its later events appear) -> handler.
//! Because authentication runs outside the timeout, a 408 arrives after
//! auth time + 10 s (about 10.04-10.07 s while lookups are slow).
//!
//! The request span carries `request_id` on every route except `/health` and
//! the `/voice/*` router (its own TraceLayer's MakeSpan omits it), so those
//! have to be joined to Caddy's lines by method + path + time.
//!
//! The third recording (make.sh wedges) adds, by flag: `--guild-members`
//! (the permission check and the join's resolve read a guild_members table
//! with SQL, so a table lock stalls them; `debug.db.permission_check.timing`),
//! `--channel-dispatch-wedge` (the gateway dispatch blocks with no full_queue
//! warning), `--search-ack-stuck` (the search index acknowledges nothing for a
//! while); and `GET /guilds/{g}/export` (8 s, fine).  `--private-log` also
//! gets `phase` lines: where each handler was when the timeout dropped it.
//!
//! Kept compatible with Debian 12's rustc 1.63.

use std::collections::{HashMap, VecDeque};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tracing::{debug, debug_span, error, info, info_span, warn, Level, Span};

// ---------------------------------------------------------------------------
// the incident schedule, in ms relative to --incident-at

/// Auth username lookups are slow (40-60 ms instead of 2-4 ms).
const AUTH_SLOW: (i64, i64) = (0, 80_000);
/// The search index writer commits huge batches: commands that wait for apply
/// are acknowledged only at these instants.
const SEARCH_COMMITS: [i64; 7] = [4_000, 16_000, 28_000, 40_000, 52_000, 64_000, 76_000];
/// Channel fan-out is slow (dispatch 500-1800 ms) ...
const CHANNEL_DISPATCH_SLOW: (i64, i64) = (0, 76_000);
/// ... and one slow consumer blocks the guild fan-out (voice_state_update)
/// until the gateway closes it at the end of this window.
const VOICE_FANOUT_STUCK: (i64, i64) = (22_000, 40_000);
/// The media server does not answer token requests in this window.
const SFU_HANG: (i64, i64) = (44_000, 75_000);

const SLOW_CONNECTION_ID: u64 = 9_137;
const SLOW_CONNECTION_USER: &str = "01KXFZXYRHDFYFH4TB9129ZK26";

// ---------------------------------------------------------------------------
// users known to the stand-in: (username, user id, access token)

const USERS: &[(&str, &str, &str)] = &[
    ("alice", "01KE70EHG0WKMV81288XNXBHGV", "tk_alice_3f9c1d"),
    ("bob", "01KEY9JAGD8PVVTWSB0AFJ0WE0", "tk_bob_8a2e44"),
    ("carol", "01KFNJP3GTYZV8W1R2QXE7GED0", "tk_carol_51b7c0"),
    ("dave", "01KGCVSWH7FRBX9ESS2CRHY8X5", "tk_dave_c06d19"),
    ("erin", "01KH44XNHM20536H6R7S9MNN31", "tk_erin_77f2aa"),
    ("frank", "01KHVE1EJ1ZTMRQCPEZD0FYY84", "tk_frank_e41b03"),
    ("user01", "01KJJQ57JE44FVF1J67PBW0Z7X", "tk_user01_0a01"),
    ("user02", "01KKA090JVERHW81E35PBKDQMJ", "tk_user02_0a02"),
    ("user03", "01KM19CSK872YXJEXNGRJ0SMQ2", "tk_user03_0a03"),
    ("user04", "01KMRJGJKNRV60RZ6MHBFQMKA8", "tk_user04_0a04"),
    ("user05", "01KNFVMBM2YGZ9QBWJ169C1VX1", "tk_user05_0a05"),
    ("user06", "01KP74R4MFDBPVBG0TX8BXG1RC", "tk_user06_0a06"),
    ("user07", "01KPYDVXMWMPHEYJ69GESA102W", "tk_user07_0a07"),
    ("user08", "01KQNPZPN9H3JCNCHN9XPHYR2Z", "tk_user08_0a08"),
    ("user09", "01KRD03FNP6QBS5G88ZF6KGBED", "tk_user09_0a09"),
    ("user10", "01KS4978P38XN3KJDSHFVSE10T", "tk_user10_0a10"),
    ("user11", "01KSVJB1PGN3Q0CSFNQC07SN83", "tk_user11_0a11"),
    ("user12", "01KTJVETPX7JV20751GKAG6WMC", "tk_user12_0a12"),
    ("joiner1", "01KVA4JKQADAVBNJAZA38E16TY", "tk_joiner1_5501"),
    ("joiner2", "01KW1DPCQQSHCGVWV5E7KGQVDA", "tk_joiner2_5502"),
    ("joiner3", "01KWRPT5R4NWPSX5EK75P34DWT", "tk_joiner3_5503"),
    ("scraper", "01KXFZXYRHDFYFH4TB9129ZK26", "tk_scraper_9999"),
];
const PASSWORD: &str = "correct-horse-battery";

// ---------------------------------------------------------------------------
// small helpers

fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).expect("clock").as_millis() as i64
}

fn random_bytes(n: usize) -> Vec<u8> {
    let mut buf = vec![0u8; n];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut buf))
        .expect("/dev/urandom");
    buf
}

/// tower-http's MakeRequestUuid: a random (v4) UUID.
fn uuid_v4() -> String {
    let mut b = random_bytes(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: Vec<String> = b.iter().map(|x| format!("{:02x}", x)).collect();
    format!(
        "{}-{}-{}-{}-{}",
        h[0..4].concat(),
        h[4..6].concat(),
        h[6..8].concat(),
        h[8..10].concat(),
        h[10..16].concat()
    )
}

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// ULID: 48-bit ms timestamp (10 chars) + 80 random bits (16 chars).
fn ulid(ms: i64) -> String {
    let mut s = String::with_capacity(26);
    let ms = ms as u64;
    for i in 0..10 {
        s.push(CROCKFORD[((ms >> (5 * (9 - i))) & 31) as usize] as char);
    }
    let r = random_bytes(10);
    let mut v: u128 = 0;
    for x in r {
        v = (v << 8) | x as u128;
    }
    for i in 0..16 {
        s.push(CROCKFORD[((v >> (5 * (15 - i))) & 31) as usize] as char);
    }
    s
}

fn is_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn sql_str(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn json_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\t' => o.push_str("\\t"),
            c if (c as u32) < 0x20 => o.push_str(&format!("\\u{:04x}", c as u32)),
            c => o.push(c),
        }
    }
    o
}

/// The string value of `"key": "..."` in a flat JSON object (enough for the
/// request bodies the driver sends).
fn json_str(body: &str, key: &str) -> Option<String> {
    let pat = format!("\"{}\"", key);
    let at = body.find(&pat)? + pat.len();
    let rest = body[at..].trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                c => out.push(c),
            },
            c => out.push(c),
        }
    }
    None
}

/// RFC 7231 IMF-fixdate, like hyper's Date header.
fn http_date(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    // civil_from_days (H. Hinnant)
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    const WD: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MON: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
        WD[days.rem_euclid(7) as usize],
        d,
        MON[(m - 1) as usize],
        y,
        sod / 3600,
        sod % 3600 / 60,
        sod % 60
    )
}

fn in_window(r: i64, w: (i64, i64)) -> bool {
    r >= w.0 && r < w.1
}

// ---------------------------------------------------------------------------
// HTTP plumbing

struct Request {
    method: String,
    target: String,
    version: String,
    headers: Vec<(String, String)>,
    body: String,
    peer: SocketAddr,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }
}

struct Response {
    status: u16,
    content_type: Option<&'static str>,
    body: String,
    extra: Vec<(&'static str, String)>,
}

impl Response {
    fn json(status: u16, body: String) -> Response {
        Response { status, content_type: Some("application/json"), body, extra: Vec::new() }
    }
    fn empty(status: u16) -> Response {
        Response { status, content_type: None, body: String::new(), extra: Vec::new() }
    }
    fn error(status: u16, code: &str) -> Response {
        Response::json(status, format!("{{\"error\":\"{}\"}}", code))
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        408 => "Request Timeout",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        _ => "Unknown",
    }
}

fn read_request(r: &mut BufReader<TcpStream>, peer: SocketAddr) -> io::Result<Option<Request>> {
    let mut line = String::new();
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        if !line.trim().is_empty() {
            break;
        }
    }
    let mut parts = line.trim_end().splitn(3, ' ');
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("/").to_string();
    let version = parts.next().unwrap_or("HTTP/1.1").to_string();
    let mut headers = Vec::new();
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some(i) = l.find(':') {
            headers.push((l[..i].trim().to_ascii_lowercase(), l[i + 1..].trim().to_string()));
        }
    }
    let find = |n: &str| headers.iter().find(|(k, _)| k == n).map(|(_, v): &(String, String)| v.clone());
    let mut body = Vec::new();
    if find("transfer-encoding").map_or(false, |v| v.to_ascii_lowercase().contains("chunked")) {
        loop {
            line.clear();
            r.read_line(&mut line)?;
            let n = usize::from_str_radix(line.trim().split(';').next().unwrap_or("0"), 16).unwrap_or(0);
            if n == 0 {
                // trailers until the empty line
                loop {
                    line.clear();
                    if r.read_line(&mut line)? == 0 || line.trim().is_empty() {
                        break;
                    }
                }
                break;
            }
            let mut chunk = vec![0u8; n];
            r.read_exact(&mut chunk)?;
            body.extend_from_slice(&chunk);
            line.clear();
            r.read_line(&mut line)?;
        }
    } else if let Some(n) = find("content-length").and_then(|v| v.parse::<usize>().ok()) {
        body = vec![0u8; n];
        r.read_exact(&mut body)?;
    }
    Ok(Some(Request { method, target, version, headers, body: String::from_utf8_lossy(&body).into_owned(), peer }))
}

fn write_response(w: &mut TcpStream, resp: &Response, request_id: &str) -> io::Result<()> {
    let mut out = format!("HTTP/1.1 {} {}\r\n", resp.status, reason(resp.status));
    if let Some(ct) = resp.content_type {
        out.push_str(&format!("content-type: {}\r\n", ct));
    }
    if !request_id.is_empty() {
        out.push_str(&format!("x-request-id: {}\r\n", request_id));
    }
    for (k, v) in &resp.extra {
        out.push_str(&format!("{}: {}\r\n", k, v));
    }
    if resp.status != 204 {
        out.push_str(&format!("content-length: {}\r\n", resp.body.len()));
    }
    out.push_str(&format!("date: {}\r\n\r\n", http_date(now_ms())));
    out.push_str(&resp.body);
    w.write_all(out.as_bytes())?;
    w.flush()
}

// ---------------------------------------------------------------------------
// application state

struct SearchCmd {
    ack: mpsc::Sender<()>,
}

struct State {
    incident_at: i64,
    pool: Pool,
    timeout: Duration,
    login_limit: usize,
    login_window_ms: i64,
    join_limit: usize,
    join_window_ms: i64,
    limiter: Mutex<HashMap<String, VecDeque<i64>>>,
    search_tx: Mutex<mpsc::Sender<SearchCmd>>,
    seq: AtomicU64,
    /// --login-request-id false: the login route's span carries no request_id
    /// and its response no X-Request-Id (before request-id propagation).
    login_request_id: bool,
    /// --member-users N: extra accounts member01..memberNN (password PASSWORD).
    member_users: usize,
    /// --channel-fanout-stuck FROM:TO (epoch ms): a slow consumer blocks the
    /// message fan-out of --stuck-channels (all channels when empty) until TO.
    channel_fanout_stuck: Option<(i64, i64)>,
    stuck_channels: Vec<String>,
    /// --private-log PATH: the recorder's own truth (which row each request
    /// wrote and when its INSERT returned; which client each rate-limit event
    /// was for), never part of the inputs.
    private: Mutex<Option<std::fs::File>>,
    /// --guild-members G,G: a guild_members table (seeded with every known
    /// user in these guilds) that the message permission check and the
    /// guild join's resolve read with SQL, timed like a real server's
    /// `debug.db.permission_check.timing` (acquire_ms, wait_ms, total_ms).
    guild_members: Vec<String>,
    /// --channel-dispatch-wedge FROM:TO (epoch ms) with --wedge-channels: the
    /// gateway's dispatch of those channels blocks until TO, with no
    /// full_queue warning (a wedged dispatcher, not a full consumer queue).
    dispatch_wedge: Option<(i64, i64)>,
    wedge_channels: Vec<String>,
    /// --search-ack-stuck FROM:TO (epoch ms): the search indexer acknowledges
    /// nothing in [FROM, TO), then everything at TO in one batch.
    search_ack_stuck: Option<(i64, i64)>,
}

impl State {
    fn rel(&self) -> i64 {
        now_ms() - self.incident_at
    }
    fn seq(&self) -> u64 {
        self.seq.fetch_add(1, Ordering::Relaxed)
    }
    /// Sliding-window limiter over accepted requests: Ok, or Err(retry after ms).
    fn limit(&self, key: &str, limit: usize, window_ms: i64) -> Result<(), i64> {
        let now = now_ms();
        let mut m = self.limiter.lock().expect("limiter");
        let q = m.entry(key.to_string()).or_insert_with(VecDeque::new);
        while let Some(&t) = q.front() {
            if t <= now - window_ms {
                q.pop_front();
            } else {
                break;
            }
        }
        if q.len() >= limit {
            Err(q.front().copied().unwrap_or(now) + window_ms - now)
        } else {
            q.push_back(now);
            Ok(())
        }
    }
    fn psql(&self, sql: &str) -> Result<String, String> {
        self.pool.query(sql)
    }
    /// One line of the private log (tab-separated), written under its lock.
    fn private_line(&self, g: &mut Option<std::fs::File>, fields: &[&str]) {
        if let Some(f) = g.as_mut() {
            let _ = writeln!(f, "{}", fields.join("\t"));
        }
    }
    /// A committed (or returned) write: request id, table, row id, the ms the
    /// id was minted, the ms the INSERT returned.
    fn record_write(&self, ctx: &Ctx, table: &str, id: &str, minted_ms: i64) {
        let mut g = self.private.lock().expect("private log");
        let done = now_ms();
        self.private_line(&mut g, &["write", &ctx.request_id, table, id, &minted_ms.to_string(), &done.to_string(),
            if ctx.cancel.load(Ordering::SeqCst) { "after_timeout" } else { "in_time" }]);
    }
    /// The private record of a phase: `phase` request id, name, enter|leave,
    /// ms, in_time|after_timeout.  A phase entered and never left is where
    /// the handler was when the timeout dropped it.
    fn phase(&self, ctx: &Ctx, name: &str, what: &str) {
        let mut g = self.private.lock().expect("private log");
        self.private_line(&mut g, &["phase", &ctx.request_id, name, what, &now_ms().to_string(),
            if ctx.cancel.load(Ordering::SeqCst) { "after_timeout" } else { "in_time" }]);
    }
    fn dispatch_wedged(&self, key: &str) -> Option<i64> {
        let (from, to) = self.dispatch_wedge?;
        let ch = key.strip_prefix("channel:")?;
        let now = now_ms();
        if now >= from && now < to && self.wedge_channels.iter().any(|c| c == ch) {
            Some(to)
        } else {
            None
        }
    }
    fn stuck_channel(&self, key: &str) -> Option<i64> {
        let (from, to) = self.channel_fanout_stuck?;
        let ch = key.strip_prefix("channel:")?;
        let now = now_ms();
        if now >= from && now < to && (self.stuck_channels.is_empty() || self.stuck_channels.iter().any(|c| c == ch)) {
            Some(to)
        } else {
            None
        }
    }
}

// ---------------------------------------------------------------------------
// the "connection pool": long-lived psql sessions (no Rust PostgreSQL client is
// packaged in Debian 12).  Each statement runs in autocommit mode, so a write
// is committed when query() returns.  Idle sessions show up in
// pg_stat_activity as state idle / Client / ClientRead, like a real pool.

struct PgConn {
    _child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

struct Pool {
    conns: Vec<Mutex<PgConn>>,
    next: AtomicUsize,
}

impl Pool {
    fn open(psql: &str, conninfo: &str, size: usize) -> Result<Pool, String> {
        let mut conns = Vec::new();
        for _ in 0..size {
            let mut child = Command::new(psql)
                .args(&["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=0", "-d", conninfo])
                .env("PGAPPNAME", "filament-server")
                .env("PGCONNECT_TIMEOUT", "5")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .map_err(|e| format!("spawn {}: {}", psql, e))?;
            let stdin = child.stdin.take().expect("stdin");
            let stdout = BufReader::new(child.stdout.take().expect("stdout"));
            conns.push(Mutex::new(PgConn { _child: child, stdin, stdout }));
        }
        let pool = Pool { conns, next: AtomicUsize::new(0) };
        for _ in 0..size {
            pool.query("SELECT 1")?;
        }
        Ok(pool)
    }

    fn query(&self, sql: &str) -> Result<String, String> {
        self.query_timed(sql).0
    }

    /// The result, the time spent waiting for a pooled connection, and the
    /// time the statement took (the database's answer, lock waits included).
    fn query_timed(&self, sql: &str) -> (Result<String, String>, Duration, Duration) {
        let t0 = Instant::now();
        let n = self.conns.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        let mut guard = None;
        for i in 0..n {
            if let Ok(g) = self.conns[(start + i) % n].try_lock() {
                guard = Some(g);
                break;
            }
        }
        let mut c = match guard {
            Some(g) => g,
            None => match self.conns[start % n].lock() {
                Ok(g) => g,
                Err(_) => return (Err("pool poisoned".to_string()), t0.elapsed(), Duration::from_millis(0)),
            },
        };
        let acquire = t0.elapsed();
        let t1 = Instant::now();
        let res = Self::run(&mut c, sql);
        (res, acquire, t1.elapsed())
    }

    fn run(c: &mut PgConn, sql: &str) -> Result<String, String> {
        let script = format!(
            "{};\n\\if :ERROR\n\\echo __ERR__ :LAST_ERROR_MESSAGE\n\\else\n\\echo __OK__\n\\endif\n",
            sql
        );
        c.stdin.write_all(script.as_bytes()).map_err(|e| e.to_string())?;
        c.stdin.flush().map_err(|e| e.to_string())?;
        let mut out = String::new();
        loop {
            let mut line = String::new();
            if c.stdout.read_line(&mut line).map_err(|e| e.to_string())? == 0 {
                return Err("connection closed".into());
            }
            if line.starts_with("__OK__") {
                return Ok(out);
            }
            if let Some(msg) = line.strip_prefix("__ERR__") {
                return Err(msg.trim().to_string());
            }
            out.push_str(&line);
        }
    }
}

/// The handler future was dropped by the timeout layer.
struct Dropped;

/// What a handler sees: the state and its cancellation flag.
struct Ctx {
    state: Arc<State>,
    cancel: Arc<AtomicBool>,
    request_id: String,
}

impl Ctx {
    fn check(&self) -> Result<(), Dropped> {
        if self.cancel.load(Ordering::SeqCst) {
            Err(Dropped)
        } else {
            Ok(())
        }
    }
    fn sleep_ms(&self, ms: u64) -> Result<(), Dropped> {
        let end = Instant::now() + Duration::from_millis(ms);
        loop {
            self.check()?;
            let now = Instant::now();
            if now >= end {
                return Ok(());
            }
            thread::sleep((end - now).min(Duration::from_millis(20)));
        }
    }
    fn wait_until_ms(&self, epoch_ms: i64) -> Result<(), Dropped> {
        loop {
            self.check()?;
            let left = epoch_ms - now_ms();
            if left <= 0 {
                return Ok(());
            }
            thread::sleep(Duration::from_millis(left.min(20) as u64));
        }
    }
    fn wait_until_rel(&self, rel_ms: i64) -> Result<(), Dropped> {
        loop {
            self.check()?;
            let left = rel_ms - self.state.rel();
            if left <= 0 {
                return Ok(());
            }
            thread::sleep(Duration::from_millis(left.min(20) as u64));
        }
    }
}

struct AuthUser {
    id: String,
    auth_ms: u128,
}

// ---------------------------------------------------------------------------
// routing

#[derive(Clone, Copy, PartialEq)]
enum Route {
    Health,
    Login,
    ListMessages,
    CreateMessage,
    JoinGuild,
    ExportGuild,
    VoiceToken,
    VoiceLeave,
    NotFound,
}

impl Route {
    fn of(method: &str, path: &str) -> Route {
        let seg: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        match (method, seg.as_slice()) {
            ("GET", ["health"]) => Route::Health,
            ("POST", ["auth", "login"]) => Route::Login,
            ("GET", ["guilds", g, "channels", c, "messages"]) if is_id(g) && is_id(c) => Route::ListMessages,
            ("POST", ["guilds", g, "channels", c, "messages"]) if is_id(g) && is_id(c) => Route::CreateMessage,
            ("POST", ["guilds", g, "join"]) if is_id(g) => Route::JoinGuild,
            ("GET", ["guilds", g, "export"]) if is_id(g) => Route::ExportGuild,
            ("POST", ["voice", "token"]) => Route::VoiceToken,
            ("POST", ["voice", "leave"]) => Route::VoiceLeave,
            _ => Route::NotFound,
        }
    }
    fn needs_auth(self) -> bool {
        !matches!(self, Route::Health | Route::Login | Route::NotFound)
    }
    /// The voice router and the health check have their own TraceLayer whose
    /// MakeSpan does not record the request id.
    fn span_has_request_id(self) -> bool {
        !matches!(self, Route::Health | Route::VoiceToken | Route::VoiceLeave)
    }
}

fn handle(state: &Arc<State>, req: Request) -> (Response, String) {
    let start = Instant::now();
    let request_id = req.header("x-request-id").map(str::to_string).unwrap_or_else(uuid_v4);
    let route = Route::of(&req.method, req.path());
    let method: http::Method = req.method.parse().unwrap_or(http::Method::GET);
    let uri: http::Uri = req.target.parse().unwrap_or_else(|_| http::Uri::from_static("/"));
    let version = if req.version == "HTTP/1.0" { http::Version::HTTP_10 } else { http::Version::HTTP_11 };
    let login_without_id = route == Route::Login && !state.login_request_id;
    let span = if route.span_has_request_id() && !login_without_id {
        info_span!(target: "filament_server::server", "request", method = %method, uri = %uri, version = ?version, request_id = %request_id)
    } else {
        info_span!(target: "filament_server::server", "request", method = %method, uri = %uri, version = ?version)
    };
    span.in_scope(|| debug!(target: "tower_http::trace::on_request", "started processing request"));

    let resp = if route.needs_auth() {
        match span.in_scope(|| authenticate(state, &req)) {
            Ok(user) => with_timeout(state, &span, route, req, Some(user), &request_id),
            Err(resp) => resp,
        }
    } else {
        with_timeout(state, &span, route, req, None, &request_id)
    };

    let latency = format!("{} ms", start.elapsed().as_millis());
    span.in_scope(|| {
        debug!(target: "tower_http::trace::on_response", latency = %latency, status = resp.status, "finished processing request");
        if resp.status >= 500 {
            let classification = format!("Status code: {} {}", resp.status, reason(resp.status));
            error!(target: "tower_http::trace::on_failure", classification = %classification, latency = %latency, "response failed");
        }
    });
    (resp, if login_without_id { String::new() } else { request_id })
}

/// tower-http TimeoutLayer: the handler runs on its own thread; when the
/// budget is exhausted the client gets an empty 408 and the handler is
/// "dropped" (it stops at its next await point, logging nothing more).
fn with_timeout(state: &Arc<State>, span: &Span, route: Route, req: Request, user: Option<AuthUser>, request_id: &str) -> Response {
    let (tx, rx) = mpsc::channel();
    let cancel = Arc::new(AtomicBool::new(false));
    let ctx = Ctx { state: state.clone(), cancel: cancel.clone(), request_id: request_id.to_string() };
    let span = span.clone();
    thread::spawn(move || {
        let _entered = span.enter();
        if let Ok(resp) = dispatch(&ctx, route, &req, user) {
            if ctx.check().is_ok() {
                let _ = tx.send(resp);
            }
        }
    });
    match rx.recv_timeout(state.timeout) {
        Ok(resp) => resp,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            cancel.store(true, Ordering::SeqCst);
            Response::empty(408)
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => Response::error(500, "internal"),
    }
}

fn dispatch(ctx: &Ctx, route: Route, req: &Request, user: Option<AuthUser>) -> Result<Response, Dropped> {
    let seg: Vec<&str> = req.path().trim_start_matches('/').split('/').collect();
    match route {
        Route::Health => Ok(Response { status: 200, content_type: Some("text/plain; charset=utf-8"), body: "ok".into(), extra: Vec::new() }),
        Route::Login => login(ctx, req),
        Route::ListMessages => list_messages(ctx, seg[3]),
        Route::CreateMessage => create_message(ctx, req, seg[1], seg[3], user.expect("auth")),
        Route::JoinGuild => join_guild(ctx, req, seg[1], user.expect("auth")),
        Route::ExportGuild => export_guild(ctx, seg[1]),
        Route::VoiceToken => voice_token(ctx),
        Route::VoiceLeave => voice_leave(ctx, req, user.expect("auth")),
        Route::NotFound => Ok(Response::error(404, "not_found")),
    }
}

// ---------------------------------------------------------------------------
// middleware and handlers

fn authenticate(state: &State, req: &Request) -> Result<AuthUser, Response> {
    let seq = state.seq();
    let t0 = Instant::now();
    let token = req.header("authorization").and_then(|v| v.strip_prefix("Bearer ")).unwrap_or("");
    thread::sleep(Duration::from_micros(700 + (seq % 5) * 150)); // signature check
    let verify = t0.elapsed();
    let t1 = Instant::now();
    let lookup_ms = if in_window(state.rel(), AUTH_SLOW) { 40 + (seq * 7) % 21 } else { 2 + seq % 3 };
    thread::sleep(Duration::from_millis(lookup_ms));
    let user = USERS.iter().find(|(_, _, t)| *t == token).map(|(_, id, _)| id.to_string()).or_else(|| member_id(state, token.strip_prefix("tk_")?));
    let lookup = t1.elapsed();
    debug!(
        target: "filament_server::server::auth",
        event = "debug.auth.authenticate_with_token.timing",
        verify_ms = verify.as_millis(),
        username_lookup_ms = lookup.as_millis(),
        total_ms = (verify + lookup).as_millis(),
    );
    match user {
        Some(id) => Ok(AuthUser { id, auth_ms: t0.elapsed().as_millis() }),
        None => Err(Response::error(401, "invalid_token")),
    }
}

/// --member-users N: member01..memberNN exist, with a fixed user id.
fn member_id(st: &State, username: &str) -> Option<String> {
    let n = username.strip_prefix("member")?.parse::<usize>().ok()?;
    if username.len() == 8 && n >= 1 && n <= st.member_users {
        Some(format!("01KZMEMBER{:016}", n))
    } else {
        None
    }
}

fn login(ctx: &Ctx, req: &Request) -> Result<Response, Dropped> {
    let st = &ctx.state;
    // BUG (the incident): the limiter keys on the TCP peer, i.e. the proxy.
    let client_ip = req.peer.ip().to_string();
    if let Err(retry_ms) = st.limit(&format!("login:{}", client_ip), st.login_limit, st.login_window_ms) {
        let mut g = st.private.lock().expect("private log");
        st.private_line(&mut g, &["rate_limit", "auth.rate_limit", req.header("x-forwarded-for").unwrap_or(""), &now_ms().to_string()]);
        warn!(
            target: "filament_server::server::auth",
            event = "auth.rate_limit",
            route = "login",
            client_ip = %client_ip,
            client_ip_source = "peer",
            retry_after_ms = retry_ms as u64,
        );
        let mut r = Response::error(429, "rate_limited");
        r.extra.push(("retry-after", format!("{}", (retry_ms + 999) / 1000)));
        return Ok(r);
    }
    let username = json_str(&req.body, "username").unwrap_or_default();
    let password = json_str(&req.body, "password").unwrap_or_default();
    ctx.sleep_ms(60 + st.seq() % 30)?; // password hash
    let member = member_id(st, &username).map(|id| (id, format!("tk_{}", username)));
    let known = USERS.iter().find(|(n, _, _)| *n == username).map(|(_, id, t)| (id.to_string(), t.to_string())).or(member);
    match known {
        Some((id, token)) if password == PASSWORD => {
            info!(target: "filament_server::server::auth", event = "auth.login", outcome = "success", user_id = %id, username = %username);
            Ok(Response::json(200, format!("{{\"access_token\":\"{}\",\"user_id\":\"{}\"}}", token, id)))
        }
        _ => {
            info!(target: "filament_server::server::auth", event = "auth.login", outcome = "invalid_credentials", username = %username);
            Ok(Response::error(401, "invalid_credentials"))
        }
    }
}

fn db_error(e: &str) -> Response {
    error!(target: "filament_server::db", event = "db.query.error", error = %e, "query failed");
    Response::error(500, "internal")
}

fn list_messages(ctx: &Ctx, channel: &str) -> Result<Response, Dropped> {
    let sql = format!("SELECT id FROM messages WHERE channel_id = {} ORDER BY id DESC LIMIT 50", sql_str(channel));
    let out = match ctx.state.psql(&sql) {
        Ok(o) => o,
        Err(e) => return Ok(db_error(&e)),
    };
    ctx.check()?;
    let items: Vec<String> = out.lines().filter(|l| !l.is_empty()).map(|l| format!("{{\"id\":\"{}\"}}", l)).collect();
    Ok(Response::json(200, format!("[{}]", items.join(","))))
}

/// gateway::broadcast_channel_event
fn broadcast(ctx: &Ctx, key: &str, event_type: &str, listeners: u64) -> Result<(), Dropped> {
    let st = &ctx.state;
    let seq = st.seq();
    let r = st.rel();
    let t0 = Instant::now();
    let mut delivered = listeners;
    let mut slow = false;
    if let Some(until) = st.dispatch_wedged(key) {
        // a wedged dispatcher: no consumer queue is full, so no warning
        st.phase(ctx, "gateway.dispatch", "enter");
        ctx.wait_until_ms(until)?;
        st.phase(ctx, "gateway.dispatch", "leave");
        slow = true;
    } else if let Some(until) = st.stuck_channel(key) {
        warn!(
            target: "filament_server::gateway",
            event = "gateway.message_fanout.full_queue",
            connection_id = SLOW_CONNECTION_ID,
            user_id = SLOW_CONNECTION_USER,
            queue_len = 256u64,
            capacity = 256u64,
        );
        ctx.wait_until_ms(until)?;
        delivered -= 1;
        slow = true;
    } else if event_type == "voice_state_update" && in_window(r, VOICE_FANOUT_STUCK) {
        warn!(
            target: "filament_server::gateway",
            event = "gateway.presence_fanout.full_queue",
            connection_id = SLOW_CONNECTION_ID,
            user_id = SLOW_CONNECTION_USER,
            queue_len = 64u64,
            capacity = 64u64,
        );
        ctx.wait_until_rel(VOICE_FANOUT_STUCK.1)?;
        delivered -= 1;
        slow = true;
    } else if key.starts_with("channel:") && in_window(r, CHANNEL_DISPATCH_SLOW) {
        let d = 500 + (seq * 397) % 1300;
        if d >= 1200 {
            warn!(
                target: "filament_server::gateway",
                event = "gateway.message_fanout.full_queue",
                connection_id = 9_100 + seq % 40,
                user_id = SLOW_CONNECTION_USER,
                queue_len = 256u64,
                capacity = 256u64,
            );
            delivered -= 2;
        }
        ctx.sleep_ms(d)?;
        slow = true;
    } else {
        ctx.sleep_ms(seq % 3)?;
    }
    let dispatch = t0.elapsed();
    let t1 = Instant::now();
    if slow {
        ctx.sleep_ms(3 + seq % 6)?;
    }
    let close = t1.elapsed();
    debug!(
        target: "filament_server::gateway",
        event = "debug.gateway.broadcast_channel_event.timing",
        key = %key,
        event_type = %event_type,
        listener_count_before = listeners,
        delivered = delivered,
        dispatch_ms = dispatch.as_millis(),
        close_slow_connections_ms = close.as_millis(),
        total_ms = (dispatch + close).as_millis(),
    );
    Ok(())
}

fn create_message(ctx: &Ctx, req: &Request, guild: &str, channel: &str, user: AuthUser) -> Result<Response, Dropped> {
    let st = &ctx.state;
    let content = json_str(&req.body, "content").unwrap_or_default();
    if st.guild_members.is_empty() {
        ctx.sleep_ms(3 + st.seq() % 3)?; // channel permission check
    } else if let Some(resp) = permission_check(ctx, guild, &user)? {
        return Ok(resp);
    }
    let now = now_ms();
    let id = ulid(now);
    let created = now / 1000;
    let sql = format!(
        "INSERT INTO messages (id, guild_id, channel_id, author_id, content, created_at_unix) VALUES ({}, {}, {}, {}, {}, {})",
        sql_str(&id),
        sql_str(guild),
        sql_str(channel),
        sql_str(&user.id),
        sql_str(&content),
        created
    );
    if let Err(e) = st.psql(&sql) {
        return Ok(db_error(&e));
    }
    st.record_write(ctx, "messages", &id, now);
    ctx.check()?;

    // search::enqueue_search_command (#[instrument]ed), waits for the index ack
    {
        let span = debug_span!(target: "filament_server::search", "enqueue_search_command", channel_id = ?channel, wait_for_apply = true);
        let _s = span.enter();
        let t0 = Instant::now();
        let (ack_tx, ack_rx) = mpsc::channel();
        let tx = st.search_tx.lock().expect("search tx").clone();
        let _ = tx.send(SearchCmd { ack: ack_tx });
        let send = t0.elapsed();
        let t1 = Instant::now();
        st.phase(ctx, "search.ack_wait", "enter");
        loop {
            ctx.check()?;
            match ack_rx.recv_timeout(Duration::from_millis(20)) {
                Ok(()) => break,
                Err(mpsc::RecvTimeoutError::Timeout) => continue,
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        let ack = t1.elapsed();
        st.phase(ctx, "search.ack_wait", "leave");
        ctx.check()?;
        debug!(
            target: "filament_server::search",
            event = "debug.search.enqueue_search_command.timing",
            wait_for_apply = true,
            send_ms = send.as_millis(),
            ack_wait_ms = ack.as_millis(),
            total_ms = (send + ack).as_millis(),
        );
    }
    let listeners = 12 + (channel.bytes().last().unwrap_or(0) as u64 % 30);
    broadcast(ctx, &format!("channel:{}", channel), "message_create", listeners)?;
    Ok(Response::json(
        201,
        format!(
            "{{\"id\":\"{}\",\"guild_id\":\"{}\",\"channel_id\":\"{}\",\"author_id\":\"{}\",\"content\":\"{}\",\"created_at_unix\":{}}}",
            id,
            guild,
            channel,
            user.id,
            json_escape(&content),
            created
        ),
    ))
}

fn join_guild(ctx: &Ctx, req: &Request, guild: &str, user: AuthUser) -> Result<Response, Dropped> {
    let st = &ctx.state;
    let t_total = Instant::now();
    // The directory limiter uses the forwarded client address.
    let (client_ip, source) = match req.header("x-forwarded-for").and_then(|v| v.split(',').next()).map(str::trim) {
        Some(ip) if !ip.is_empty() => (ip.to_string(), "forwarded"),
        _ => (req.peer.ip().to_string(), "peer"),
    };
    let t = Instant::now();
    let limited = st.limit(&format!("join:{}", client_ip), st.join_limit, st.join_window_ms);
    let limiter = t.elapsed();
    if limited.is_err() {
        let mut g = st.private.lock().expect("private log");
        st.private_line(&mut g, &["rate_limit", "directory.join.rate_limit", req.header("x-forwarded-for").unwrap_or(""), &now_ms().to_string()]);
        warn!(
            target: "filament_server::directory",
            event = "directory.join.rate_limit",
            limiter = "ip",
            client_ip = %client_ip,
            client_ip_source = source,
        );
        return Ok(Response::error(429, "rate_limited"));
    }
    let t = Instant::now();
    if st.guild_members.is_empty() {
        ctx.sleep_ms(2 + st.seq() % 3)?; // resolve the public guild
    } else {
        // resolve: is the user a member already (reads guild_members)
        let sql = format!(
            "SELECT count(*) FROM guild_members WHERE guild_id = {} AND user_id = {}",
            sql_str(guild),
            sql_str(&user.id)
        );
        st.phase(ctx, "db.resolve_join", "enter");
        let res = st.psql(&sql);
        st.phase(ctx, "db.resolve_join", "leave");
        ctx.check()?;
        if let Err(e) = res {
            return Ok(db_error(&e));
        }
    }
    let resolve = t.elapsed();
    let t = Instant::now();
    let now = now_ms();
    let row_id = ulid(now);
    let sql = format!(
        "INSERT INTO audit_logs (id, guild_id, actor_id, action, target_id, created_at_unix) VALUES ({}, {}, {}, 'member.join', {}, {})",
        sql_str(&row_id),
        sql_str(guild),
        sql_str(&user.id),
        sql_str(&user.id),
        now / 1000
    );
    if let Err(e) = st.psql(&sql) {
        return Ok(db_error(&e));
    }
    st.record_write(ctx, "audit_logs", &row_id, now);
    if !st.guild_members.is_empty() {
        let sql = format!(
            "INSERT INTO guild_members (guild_id, user_id, joined_at_unix) VALUES ({}, {}, {}) ON CONFLICT DO NOTHING",
            sql_str(guild),
            sql_str(&user.id),
            now / 1000
        );
        if let Err(e) = st.psql(&sql) {
            return Ok(db_error(&e));
        }
    }
    let audit = t.elapsed();
    ctx.check()?;
    let t = Instant::now();
    broadcast(ctx, &format!("guild:{}", guild), "guild_member_add", 40 + st.seq() % 20)?;
    let bc = t.elapsed();
    debug!(
        target: "filament_server::guild",
        event = "debug.guild.join_public_guild.timing",
        auth_ms = user.auth_ms,
        limiter_ms = limiter.as_millis(),
        resolve_ms = resolve.as_millis(),
        audit_ms = audit.as_millis(),
        broadcast_ms = bc.as_millis(),
        total_ms = user.auth_ms + t_total.elapsed().as_millis(),
    );
    Ok(Response::json(200, format!("{{\"guild_id\":\"{}\",\"joined\":true}}", guild)))
}

/// The channel permission check against guild_members (--guild-members):
/// None when the user may post, else the response.  Cancelled while the
/// statement waits (e.g. on a table lock), the handler logs nothing.
fn permission_check(ctx: &Ctx, guild: &str, user: &AuthUser) -> Result<Option<Response>, Dropped> {
    let st = &ctx.state;
    let sql = format!(
        "SELECT 1 FROM guild_members WHERE guild_id = {} AND user_id = {}",
        sql_str(guild),
        sql_str(&user.id)
    );
    st.phase(ctx, "db.permission_check", "enter");
    let (res, acquire, wait) = st.pool.query_timed(&sql);
    st.phase(ctx, "db.permission_check", "leave");
    ctx.check()?;
    let out = match res {
        Ok(o) => o,
        Err(e) => return Ok(Some(db_error(&e))),
    };
    debug!(
        target: "filament_server::db",
        event = "debug.db.permission_check.timing",
        acquire_ms = acquire.as_millis(),
        wait_ms = wait.as_millis(),
        total_ms = (acquire + wait).as_millis(),
    );
    if out.trim() == "1" {
        Ok(None)
    } else {
        Ok(Some(Response::error(403, "missing_permissions")))
    }
}

/// GET /guilds/{g}/export: a legitimately slow request (builds an archive
/// for 8 s), well inside the budget.
fn export_guild(ctx: &Ctx, guild: &str) -> Result<Response, Dropped> {
    let t = Instant::now();
    ctx.sleep_ms(8_000)?;
    debug!(
        target: "filament_server::guild",
        event = "debug.guild.export.timing",
        archive_ms = t.elapsed().as_millis(),
        total_ms = t.elapsed().as_millis(),
    );
    Ok(Response::json(200, format!("{{\"guild_id\":\"{}\",\"archive\":\"ready\"}}", guild)))
}

fn voice_token(ctx: &Ctx) -> Result<Response, Dropped> {
    let st = &ctx.state;
    // ask the media server (SFU) to mint a token
    if in_window(st.rel(), SFU_HANG) {
        ctx.wait_until_rel(SFU_HANG.1)?;
    } else {
        ctx.sleep_ms(8 + st.seq() % 8)?;
    }
    let token: String = random_bytes(12).iter().map(|b| format!("{:02x}", b)).collect();
    Ok(Response::json(200, format!("{{\"token\":\"vt_{}\",\"endpoint\":\"wss://media.filament.invalid/rtc\"}}", token)))
}

fn voice_leave(ctx: &Ctx, req: &Request, user: AuthUser) -> Result<Response, Dropped> {
    let st = &ctx.state;
    let guild = json_str(&req.body, "guild_id").unwrap_or_default();
    let channel = json_str(&req.body, "channel_id").unwrap_or_default();
    if !is_id(&guild) || !is_id(&channel) {
        return Ok(Response::error(400, "bad_request"));
    }
    ctx.sleep_ms(3 + st.seq() % 3)?; // voice state lookup
    let now = now_ms();
    let row_id = ulid(now);
    let sql = format!(
        "INSERT INTO audit_logs (id, guild_id, actor_id, action, target_id, created_at_unix) VALUES ({}, {}, {}, 'voice.leave', {}, {})",
        sql_str(&row_id),
        sql_str(&guild),
        sql_str(&user.id),
        sql_str(&channel),
        now / 1000
    );
    if let Err(e) = st.psql(&sql) {
        return Ok(db_error(&e));
    }
    st.record_write(ctx, "audit_logs", &row_id, now);
    ctx.check()?;
    broadcast(ctx, &format!("guild:{}", guild), "voice_state_update", 30 + st.seq() % 25)?;
    Ok(Response::empty(204))
}

// ---------------------------------------------------------------------------
// background tasks

fn search_indexer(state: Arc<State>, rx: mpsc::Receiver<SearchCmd>) {
    let span = info_span!(target: "filament_server::search", "search_indexer", shard = 0u64);
    let _s = span.enter();
    let mut pending: Vec<SearchCmd> = Vec::new();
    let start_rel = state.rel();
    let mut next = SEARCH_COMMITS.iter().filter(|&&c| c <= start_rel).count();
    let mut docs_since = 0u64;
    let mut apply_since = Duration::from_millis(0);
    let mut last_log = Instant::now();
    let mut batch_started = Instant::now();
    let mut stuck_flushed = false;
    loop {
        match rx.recv_timeout(Duration::from_millis(10)) {
            Ok(c) => pending.push(c),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        }
        if let Some((from, to)) = state.search_ack_stuck {
            // --search-ack-stuck: one huge commit holds every ack until TO
            let now = now_ms();
            if now >= from && now < to {
                continue;
            }
            if now >= to && !stuck_flushed {
                stuck_flushed = true;
                let docs = pending.len() as u64;
                for c in pending.drain(..) {
                    let _ = c.ack.send(());
                }
                info!(
                    target: "filament_server::search",
                    event = "search.index.batch",
                    docs = docs + docs_since,
                    commit_ms = (now - from) as u64,
                    queue_depth = 0i64,
                    "committed batch"
                );
                docs_since = 0;
                apply_since = Duration::from_millis(0);
                last_log = Instant::now();
                continue;
            }
        }
        let r = state.rel();
        if r >= 0 && next < SEARCH_COMMITS.len() {
            // the index writer is busy with one long commit at a time
            if r >= SEARCH_COMMITS[next] {
                let docs = pending.len() as u64;
                for c in pending.drain(..) {
                    let _ = c.ack.send(());
                }
                info!(
                    target: "filament_server::search",
                    event = "search.index.batch",
                    docs = docs + docs_since,
                    commit_ms = batch_started.elapsed().as_millis(),
                    queue_depth = 0i64,
                    "committed batch"
                );
                docs_since = 0;
                apply_since = Duration::from_millis(0);
                batch_started = Instant::now();
                last_log = Instant::now();
                next += 1;
            }
            continue;
        }
        for (i, c) in pending.drain(..).enumerate() {
            let t = Instant::now();
            thread::sleep(Duration::from_millis(2 + (i as u64 % 6)));
            apply_since += t.elapsed();
            docs_since += 1;
            let _ = c.ack.send(());
        }
        if docs_since > 0 && last_log.elapsed() >= Duration::from_secs(5) {
            info!(
                target: "filament_server::search",
                event = "search.index.batch",
                docs = docs_since,
                commit_ms = apply_since.as_millis(),
                queue_depth = 0i64,
                "committed batch"
            );
            docs_since = 0;
            apply_since = Duration::from_millis(0);
            last_log = Instant::now();
        }
        batch_started = Instant::now();
    }
}

/// The gateway's slow-consumer sweep closes the connection that blocked the
/// guild fan-out.
fn gateway_sweeper(state: Arc<State>) {
    let left = VOICE_FANOUT_STUCK.1 - state.rel();
    if left <= 0 {
        return;
    }
    thread::sleep(Duration::from_millis(left as u64));
    info!(
        target: "filament_server::gateway",
        event = "gateway.presence_fanout.closed",
        connection_id = SLOW_CONNECTION_ID,
        user_id = SLOW_CONNECTION_USER,
        reason = "slow consumer",
    );
}

// ---------------------------------------------------------------------------

const MIGRATIONS: [(&str, &str); 2] = [
    (
        "messages",
        "CREATE TABLE IF NOT EXISTS messages (id TEXT PRIMARY KEY, guild_id TEXT NOT NULL, channel_id TEXT NOT NULL, \
         author_id TEXT NOT NULL, content TEXT, created_at_unix BIGINT NOT NULL); \
         CREATE INDEX IF NOT EXISTS messages_channel_idx ON messages (channel_id, id)",
    ),
    (
        "audit_logs",
        "CREATE TABLE IF NOT EXISTS audit_logs (id TEXT PRIMARY KEY, guild_id TEXT, actor_id TEXT, action TEXT NOT NULL, \
         target_id TEXT, created_at_unix BIGINT NOT NULL)",
    ),
];

const GUILD_MEMBERS_MIGRATION: (&str, &str) = (
    "guild_members",
    "CREATE TABLE IF NOT EXISTS guild_members (guild_id TEXT NOT NULL, user_id TEXT NOT NULL, \
     joined_at_unix BIGINT NOT NULL, PRIMARY KEY (guild_id, user_id))",
);

fn usage() -> ! {
    eprintln!(
        "usage: incident-server --listen ADDR --psql PATH --conninfo CONNINFO --incident-at EPOCH_MS\n\
         \x20      [--pool-size 4] [--timeout-ms 10000] [--login-limit 5 --login-window-ms 10000] [--join-limit 3 --join-window-ms 10000]\n\
         \x20      [--login-request-id true|false] [--member-users N] [--channel-fanout-stuck FROM_MS:TO_MS [--stuck-channels ID,ID]]\n\
         \x20      [--guild-members ID,ID] [--channel-dispatch-wedge FROM_MS:TO_MS --wedge-channels ID,ID]\n\
         \x20      [--search-ack-stuck FROM_MS:TO_MS]\n\
         \x20      [--private-log PATH]   (without --incident-at the built-in incident model is off)"
    );
    std::process::exit(2);
}

/// FROM_MS:TO_MS
fn window_opt(v: &str) -> (i64, i64) {
    let mut it = v.splitn(2, ':').map(|x| x.parse::<i64>().unwrap_or_else(|_| usage()));
    (it.next().unwrap_or_else(|| usage()), it.next().unwrap_or_else(|| usage()))
}

/// ID,ID,...
fn ids_opt(opts: &HashMap<String, String>, k: &str) -> Vec<String> {
    opts.get(k).map(|v| v.split(',').filter(|c| !c.is_empty()).map(str::to_string).collect()).unwrap_or_default()
}

fn main() {
    let mut opts: HashMap<String, String> = HashMap::new();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        match args[i].strip_prefix("--") {
            Some(k) if i + 1 < args.len() => {
                opts.insert(k.to_string(), args[i + 1].clone());
                i += 2;
            }
            _ => usage(),
        }
    }
    let get = |k: &str| opts.get(k).cloned().unwrap_or_else(|| usage());
    let num = |k: &str, d: i64| opts.get(k).map(|v| v.parse::<i64>().unwrap_or_else(|_| usage())).unwrap_or(d);

    tracing_subscriber::fmt()
        .with_max_level(Level::DEBUG)
        .json()
        .with_current_span(true)
        .with_span_list(true)
        .init();

    let (search_tx, search_rx) = mpsc::channel();
    let pool = Pool::open(&get("psql"), &get("conninfo"), num("pool-size", 4) as usize)
        .unwrap_or_else(|e| panic!("database not reachable: {}", e));
    let state = Arc::new(State {
        incident_at: num("incident-at", i64::MAX / 2),
        pool,
        timeout: Duration::from_millis(num("timeout-ms", 10_000) as u64),
        login_limit: num("login-limit", 5) as usize,
        login_window_ms: num("login-window-ms", 10_000),
        join_limit: num("join-limit", 3) as usize,
        join_window_ms: num("join-window-ms", 10_000),
        limiter: Mutex::new(HashMap::new()),
        search_tx: Mutex::new(search_tx),
        seq: AtomicU64::new(0),
        login_request_id: opts.get("login-request-id").map_or(true, |v| match v.as_str() {
            "true" => true,
            "false" => false,
            _ => usage(),
        }),
        member_users: num("member-users", 0) as usize,
        channel_fanout_stuck: opts.get("channel-fanout-stuck").map(|v| {
            let mut it = v.splitn(2, ':').map(|x| x.parse::<i64>().unwrap_or_else(|_| usage()));
            (it.next().unwrap_or_else(|| usage()), it.next().unwrap_or_else(|| usage()))
        }),
        stuck_channels: opts
            .get("stuck-channels")
            .map(|v| v.split(',').filter(|c| !c.is_empty()).map(str::to_string).collect())
            .unwrap_or_default(),
        guild_members: ids_opt(&opts, "guild-members"),
        dispatch_wedge: opts.get("channel-dispatch-wedge").map(|v| window_opt(v)),
        wedge_channels: ids_opt(&opts, "wedge-channels"),
        search_ack_stuck: opts.get("search-ack-stuck").map(|v| window_opt(v)),
        private: Mutex::new(opts.get("private-log").map(|p| {
            std::fs::OpenOptions::new().create(true).append(true).open(p).unwrap_or_else(|e| panic!("private log {}: {}", p, e))
        })),
    });

    // migrations (guild_members only with --guild-members)
    let mut applied = 0i64;
    let members_migration = [GUILD_MEMBERS_MIGRATION];
    let extra: &[(&str, &str)] = if state.guild_members.is_empty() { &[] } else { &members_migration };
    for (table, sql) in MIGRATIONS.iter().chain(extra.iter()) {
        let exists = state
            .psql(&format!("SELECT to_regclass('public.{}') IS NOT NULL", table))
            .unwrap_or_else(|e| panic!("database not reachable: {}", e));
        if exists.trim() != "t" {
            state.psql(sql).unwrap_or_else(|e| panic!("migration {} failed: {}", table, e));
            applied += 1;
        }
    }
    if !state.guild_members.is_empty() {
        // every known user is a member of the --guild-members guilds
        let mut ids: Vec<String> = USERS.iter().map(|(_, id, _)| id.to_string()).collect();
        ids.extend((1..=state.member_users).map(|n| format!("01KZMEMBER{:016}", n)));
        for g in &state.guild_members {
            let values: Vec<String> = ids.iter().map(|u| format!("({}, {}, 0)", sql_str(g), sql_str(u))).collect();
            state
                .psql(&format!("INSERT INTO guild_members (guild_id, user_id, joined_at_unix) VALUES {} ON CONFLICT DO NOTHING", values.join(", ")))
                .unwrap_or_else(|e| panic!("seeding guild_members failed: {}", e));
        }
    }
    info!(
        target: "filament_server::db",
        event = "db.init",
        max_connections = 16u32,
        migrations_applied = applied,
        database = "filament",
        "database pool ready"
    );
    let docs: u64 = state.psql("SELECT count(*) FROM messages").ok().and_then(|s| s.trim().parse().ok()).unwrap_or(0);
    info!(target: "filament_server::search", event = "search.index.open", docs = docs, "search index opened");

    {
        let st = state.clone();
        thread::Builder::new().name("search-indexer".into()).spawn(move || search_indexer(st, search_rx)).expect("spawn");
        let st = state.clone();
        thread::Builder::new().name("gateway-sweeper".into()).spawn(move || gateway_sweeper(st)).expect("spawn");
    }

    let addr = get("listen");
    let listener = TcpListener::bind(&addr).unwrap_or_else(|e| panic!("bind {}: {}", addr, e));
    info!(target: "filament_server", addr = %addr, "listening");
    for stream in listener.incoming() {
        let stream = match stream {
            Ok(s) => s,
            Err(_) => continue,
        };
        let st = state.clone();
        thread::spawn(move || {
            let peer = match stream.peer_addr() {
                Ok(p) => p,
                Err(_) => return,
            };
            let _ = stream.set_nodelay(true);
            let mut reader = BufReader::new(match stream.try_clone() {
                Ok(s) => s,
                Err(_) => return,
            });
            let mut writer = stream;
            while let Ok(Some(req)) = read_request(&mut reader, peer) {
                let close = req.header("connection").map_or(false, |v| v.eq_ignore_ascii_case("close"));
                let (resp, request_id) = handle(&st, req);
                if write_response(&mut writer, &resp, &request_id).is_err() || close {
                    return;
                }
            }
        });
    }
}
