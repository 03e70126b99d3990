//! Emits a fixed, deterministic sequence of filament_server-like events through
//! the real `tracing` macros and a real `tracing_subscriber::fmt` formatter, so
//! the analyze tracing parser can be tested against genuine output.
//!
//! Usage: tracing-fixtures MODE > file
//! MODE is one of the names listed in `usage()`. Only the timestamps (wall
//! clock) and nothing else differ between runs.

use std::fmt;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use http::{Method, Uri, Version};
use tracing::{debug, error, info, info_span, warn, Level};

// ---------------------------------------------------------------------------
// small helpers

/// What `Duration::as_millis()` returns: a u128. tracing-subscriber has no
/// native u128 path in its JSON visitor, so these end up as JSON strings.
fn ms(millis: u64) -> u128 {
    Duration::from_millis(millis).as_millis()
}

/// tower-http's `Latency` Display (LatencyUnit::Millis): "123 ms".
struct Latency(u64);
impl fmt::Display for Latency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ms", ms(self.0))
    }
}

type Job = Box<dyn FnOnce() + Send + 'static>;

/// A named thread that runs jobs one at a time; `run` waits for completion so
/// the event order is fully deterministic while thread names/ids are real.
struct Worker {
    tx: Option<mpsc::Sender<Job>>,
    done: mpsc::Receiver<()>,
    handle: Option<thread::JoinHandle<()>>,
}

impl Worker {
    fn new(name: &str) -> Worker {
        let (tx, rx) = mpsc::channel::<Job>();
        let (dtx, drx) = mpsc::channel::<()>();
        let handle = thread::Builder::new()
            .name(name.to_string())
            .spawn(move || {
                for job in rx {
                    job();
                    dtx.send(()).expect("done channel");
                }
            })
            .expect("spawn worker");
        Worker { tx: Some(tx), done: drx, handle: Some(handle) }
    }

    fn run<F: FnOnce() + Send + 'static>(&self, f: F) {
        self.tx.as_ref().unwrap().send(Box::new(f)).expect("job channel");
        self.done.recv().expect("job finished");
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        drop(self.tx.take());
        if let Some(h) = self.handle.take() {
            h.join().expect("join worker");
        }
    }
}

/// One HTTP request the way axum + tower-http TraceLayer (with the app's
/// MakeSpan) logs it: a `request` span, optionally carrying the request id,
/// the DEBUG on_request / on_response events, and ERROR on_failure for 5xx.
fn request<F: FnOnce()>(
    method: Method,
    uri: &str,
    version: Version,
    request_id: Option<&str>,
    status: u16,
    latency_ms: u64,
    handler: F,
) {
    let uri: Uri = uri.parse().expect("uri");
    let span = match request_id {
        Some(id) => info_span!(target: "filament_server::server", "request", method = %method, uri = %uri, version = ?version, request_id = %id),
        None => info_span!(target: "filament_server::server", "request", method = %method, uri = %uri, version = ?version),
    };
    let _enter = span.enter();
    debug!(target: "tower_http::trace::on_request", "started processing request");
    handler();
    let latency = Latency(latency_ms);
    debug!(target: "tower_http::trace::on_response", latency = %latency, status = status, "finished processing request");
    if status >= 500 {
        let reason = http::StatusCode::from_u16(status).unwrap();
        error!(
            target: "tower_http::trace::on_failure",
            classification = %format!("Status code: {}", reason),
            latency = %latency,
            "response failed"
        );
    }
}

fn auth_timing(verify: u64, lookup: u64) {
    debug!(
        target: "filament_server::server::auth",
        event = "debug.auth.authenticate_with_token.timing",
        verify_ms = ms(verify),
        username_lookup_ms = ms(lookup),
        total_ms = ms(verify + lookup),
    );
}

fn broadcast_timing(key: &str, event_type: &str, listeners: usize, delivered: usize, dispatch: u64, close_slow: u64) {
    debug!(
        target: "filament_server::gateway",
        event = "debug.gateway.broadcast_channel_event.timing",
        key = %key,
        event_type = %event_type,
        listener_count_before = listeners,
        delivered = delivered,
        dispatch_ms = ms(dispatch),
        close_slow_connections_ms = ms(close_slow),
        total_ms = ms(dispatch + close_slow),
    );
}

fn search_timing(wait_for_apply: bool, send: u64, ack_wait: u64) {
    debug!(
        target: "filament_server::search",
        event = "debug.search.enqueue_search_command.timing",
        wait_for_apply = wait_for_apply,
        send_ms = ms(send),
        ack_wait_ms = ms(ack_wait),
        total_ms = ms(send + ack_wait),
    );
}

/// Like the app's `#[instrument]`ed search call: arguments become span fields
/// (the &str argument is recorded with Debug, i.e. with quotes).
#[tracing::instrument(target = "filament_server::search", level = "debug", skip(payload_len))]
fn enqueue_search_command(channel_id: &str, wait_for_apply: bool, payload_len: usize, send: u64, ack_wait: u64) {
    let _ = payload_len;
    search_timing(wait_for_apply, send, ack_wait);
}

fn db_write(table: &'static str, id: &'static str, created_at_unix: i64) {
    debug!(
        target: "filament_server::db",
        event = "db.write",
        table = table,
        id = id,
        created_at_unix = created_at_unix,
        rows = 1u64,
        "row committed"
    );
}

/// A 20 000-character gateway frame (ASCII, contains double quotes), large
/// enough that Docker's json-file driver must split the log line (16 KiB).
fn big_frame() -> String {
    let head = r#"{"op":0,"t":"MESSAGE_CREATE","s":4711,"d":{"channel_id":"01HZX9C3M4R8T2V6B1N5Q7W0YA","content":""#;
    let tail = r#""}}"#;
    let filler = "lorem ipsum dolor sit amet ";
    let mut s = String::from(head);
    let body = 20_000 - head.len() - tail.len();
    while s.len() < head.len() + body {
        s.push_str(filler);
    }
    s.truncate(head.len() + body);
    s.push_str(tail);
    assert_eq!(s.len(), 20_000);
    s
}

// ---------------------------------------------------------------------------
// fixed identifiers

const GUILD: &str = "01HZX8V2K7Q4M9T3B6N1C5D8EF";
const ALICE: &str = "01HZX7A1B2C3D4E5F6G7H8J9KM";
const BOB: &str = "01HZX7B9N8M7K6J5H4G3F2E1DC";
const CAROL: &str = "01HZX7C5V4T3S2R1Q0P9N8M7KJ";
const PEER_IP: &str = "172.21.0.4";
const BASE_UNIX: i64 = 1_717_243_200; // 2024-06-01T12:00:00Z, in created_at_unix fields

// ---------------------------------------------------------------------------
// the scenario

fn startup() {
    info!(
        target: "filament_server::db",
        event = "db.init",
        max_connections = 16u32,
        migrations_applied = 23i64,
        database = "filament",
        "database pool ready"
    );
    info!(
        target: "filament_server::search",
        event = "search.index.open",
        docs = 48_213u64,
        heap_mb = 64.5f64,
        "search index opened"
    );
    info!(target: "filament_server", addr = %"0.0.0.0:8080", "listening");
}

fn scenario(w1: &Worker, w2: &Worker, bg: &Worker) {
    w1.run(|| request(Method::GET, "/health", Version::HTTP_11, None, 200, 0, || {}));

    // --- auth --------------------------------------------------------------
    w2.run(|| {
        request(Method::POST, "/auth/login", Version::HTTP_11, Some("5b0c6e2a-3f41-4c8e-9a7d-2e61f0b4c913"), 200, 87, || {
            info!(target: "filament_server::server::auth", event = "auth.login", outcome = "success", user_id = ALICE, username = "alice");
        })
    });
    w1.run(|| {
        request(Method::POST, "/auth/login", Version::HTTP_11, Some("9d3e7f10-6a2b-4b5c-8e1d-0f7a3c9b2e45"), 401, 92, || {
            info!(target: "filament_server::server::auth", event = "auth.login", outcome = "invalid_credentials", username = "bob");
        })
    });
    w2.run(|| {
        request(Method::POST, "/auth/login", Version::HTTP_11, None, 429, 1, || {
            warn!(target: "filament_server::server::auth", event = "auth.rate_limit", route = "login", client_ip = PEER_IP, client_ip_source = "peer", retry_after_ms = 41_000u64);
        })
    });
    w1.run(|| {
        request(Method::POST, "/auth/login", Version::HTTP_11, None, 429, 0, || {
            warn!(target: "filament_server::server::auth", event = "auth.rate_limit", route = "login", client_ip = PEER_IP, client_ip_source = "peer", retry_after_ms = 40_000u64);
        })
    });
    w2.run(|| {
        request(Method::POST, "/auth/register", Version::HTTP_11, Some("c4a1e8f2-7b3d-4f60-a9e5-1d2c3b4a5f67"), 201, 143, || {
            info!(target: "filament_server::server::auth", event = "auth.register", outcome = "success", user_id = CAROL, username = "héllo ✓ 日本");
        })
    });
    w1.run(|| {
        request(Method::POST, "/auth/register", Version::HTTP_11, Some("e7f8a9b0-c1d2-4e3f-8a4b-5c6d7e8f9a01"), 409, 12, || {
            info!(target: "filament_server::server::auth", event = "auth.register", outcome = "username_taken", username = "alice");
        })
    });
    w2.run(|| {
        request(Method::POST, "/auth/refresh", Version::HTTP_11, Some("0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d"), 200, 9, || {
            info!(target: "filament_server::server::auth", event = "auth.refresh", outcome = "success", user_id = ALICE);
        })
    });
    w1.run(|| {
        request(Method::POST, "/auth/refresh", Version::HTTP_11, None, 401, 3, || {
            info!(target: "filament_server::server::auth", event = "auth.refresh", outcome = "invalid_token");
        })
    });

    // --- guilds --------------------------------------------------------------
    w2.run(|| {
        request(Method::GET, "/guilds", Version::HTTP_11, Some("1f2e3d4c-5b6a-4789-8a0b-c1d2e3f4a5b6"), 200, 21, || {
            auth_timing(2, 5);
        })
    });
    w1.run(|| {
        request(Method::POST, "/guilds", Version::HTTP_11, Some("2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d"), 201, 64, || {
            auth_timing(1, 4);
            let handler = info_span!(target: "filament_server::guild", "handler", name = %"create_guild");
            let _h = handler.enter();
            db_write("guilds", GUILD, BASE_UNIX + 61);
            info!(
                target: "filament_server::guild",
                event = "guild.create",
                guild_id = GUILD,
                name = "<script>alert(1)</script>",
                owner_id = ALICE,
                public = true,
                created_at_unix = BASE_UNIX + 61,
            );
        })
    });
    w2.run(|| {
        request(Method::POST, "/guilds/01HZX8V2K7Q4M9T3B6N1C5D8EF/join", Version::HTTP_11, Some("3b4c5d6e-7f80-4192-a3b4-c5d6e7f8091a"), 200, 38, || {
            auth_timing(1, 3);
            db_write("audit_logs", "01HZXA0Q1W2E3R4T5Y6U7I8O9P", BASE_UNIX + 75);
            broadcast_timing("guild:01HZX8V2K7Q4M9T3B6N1C5D8EF", "guild_member_add", 14, 14, 6, 0);
            debug!(
                target: "filament_server::guild",
                event = "debug.guild.join_public_guild.timing",
                auth_ms = ms(4),
                limiter_ms = ms(0),
                resolve_ms = ms(3),
                audit_ms = ms(11),
                broadcast_ms = ms(6),
                total_ms = ms(24),
            );
        })
    });
    w1.run(|| {
        request(Method::POST, "/guilds/01HZX8V2K7Q4M9T3B6N1C5D8EF/join", Version::HTTP_11, None, 429, 2, || {
            auth_timing(1, 2);
            warn!(target: "filament_server::directory", event = "directory.join.rate_limit", limiter = "ip", client_ip = PEER_IP, client_ip_source = "peer");
        })
    });
    w2.run(|| {
        request(Method::POST, "/guilds/01HZX8V2K7Q4M9T3B6N1C5D8EF/join", Version::HTTP_11, Some("4c5d6e7f-8091-42a3-b4c5-d6e7f8091a2b"), 429, 3, || {
            auth_timing(1, 2);
            warn!(target: "filament_server::directory", event = "directory.join.rate_limit", limiter = "user", user_id = BOB);
        })
    });
    w1.run(|| request(Method::GET, "/health", Version::HTTP_11, None, 200, 0, || {}));

    // --- messages: one slow-but-finished, two stalls after the write ---------
    w2.run(|| {
        request(Method::POST, "/channels/01HZX9C3M4R8T2V6B1N5Q7W0YA/messages", Version::HTTP_11, Some("5d6e7f80-91a2-43b4-c5d6-e7f8091a2b3c"), 201, 4702, || {
            auth_timing(2, 6);
            let handler = info_span!(target: "filament_server::server::messages", "handler", name = %"create_message");
            let _h = handler.enter();
            db_write("messages", "01HZXB1A2S3D4F5G6H7J8K9L0Z", BASE_UNIX + 130);
            enqueue_search_command("01HZX9C3M4R8T2V6B1N5Q7W0YA", true, 412, 0, 4631);
            broadcast_timing("channel:01HZX9C3M4R8T2V6B1N5Q7W0YA", "message_create", 212, 209, 41, 17);
        })
    });
    bg.run(|| {
        let span = info_span!(target: "filament_server::search", "search_indexer", shard = 0u64);
        let _s = span.enter();
        info!(target: "filament_server::search", event = "search.index.batch", docs = 64u64, commit_ms = ms(4388), queue_depth = 311i64, "committed batch");
    });
    w1.run(|| {
        request(Method::POST, "/channels/01HZX9C3M4R8T2V6B1N5Q7W0YA/messages", Version::HTTP_11, Some("6e7f8091-a2b3-44c5-d6e7-f8091a2b3c4d"), 408, 10_061, || {
            auth_timing(1, 5);
            let handler = info_span!(target: "filament_server::server::messages", "handler", name = %"create_message");
            let _h = handler.enter();
            db_write("messages", "01HZXB2Q3W4E5R6T7Y8U9I0O1P", BASE_UNIX + 133);
            // stalled here waiting for the search ack: no timing event
        })
    });
    bg.run(|| {
        warn!(target: "filament_server::gateway", event = "gateway.message_fanout.full_queue", connection_id = 9_137u64, user_id = BOB, queue_len = 256u64, capacity = 256u64);
        warn!(target: "filament_server::gateway", event = "gateway.message_fanout.full_queue", connection_id = 9_142u64, user_id = CAROL, queue_len = 256u64, capacity = 256u64);
        info!(target: "filament_server::gateway", event = "gateway.presence_fanout.closed", connection_id = 9_137u64, reason = "slow consumer");
    });
    w2.run(|| {
        request(Method::POST, "/channels/01HZX9C3M4R8T2V6B1N5Q7W0YA/messages", Version::HTTP_11, None, 408, 10_058, || {
            auth_timing(2, 4);
            let handler = info_span!(target: "filament_server::server::messages", "handler", name = %"create_message");
            let _h = handler.enter();
            db_write("messages", "01HZXB3Z4X5C6V7B8N9M0L1K2J", BASE_UNIX + 134);
        })
    });
    w1.run(|| request(Method::GET, "/health", Version::HTTP_11, None, 200, 1, || {}));
    w1.run(|| {
        request(Method::GET, "/channels/01HZX9C3M4R8T2V6B1N5Q7W0YA/messages?limit=50&before=01HZXB1A2S3D4F5G6H7J8K9L0Z", Version::HTTP_11, None, 200, 17, || {
            auth_timing(1, 3);
        })
    });

    // --- voice / media -------------------------------------------------------
    w2.run(|| {
        request(Method::POST, "/voice/token", Version::HTTP_11, Some("7f8091a2-b3c4-45d6-e7f8-091a2b3c4d5e"), 429, 4, || {
            auth_timing(1, 2);
            warn!(target: "filament_server::media", event = "media.token.rate_limit", user_id = ALICE, client_ip = PEER_IP, client_ip_source = "peer");
        })
    });
    w1.run(|| {
        request(Method::POST, "/voice/token", Version::HTTP_11, Some("8091a2b3-c4d5-46e7-f809-1a2b3c4d5e6f"), 408, 10_060, || {
            auth_timing(3, 7);
        })
    });
    w2.run(|| {
        request(Method::POST, "/voice/leave", Version::HTTP_11, Some("91a2b3c4-d5e6-47f8-8091-a2b3c4d5e6f7"), 408, 10_062, || {
            auth_timing(2, 5);
            broadcast_timing("guild:01HZX8V2K7Q4M9T3B6N1C5D8EF", "voice_state_update", 57, 0, 0, 0);
        })
    });
    w1.run(|| {
        request(Method::POST, "/media/publish", Version::HTTP_11, Some("a2b3c4d5-e6f7-4809-91a2-b3c4d5e6f708"), 429, 2, || {
            auth_timing(1, 1);
            warn!(target: "filament_server::media", event = "media.publish.rate_limit", limiter = "user", user_id = CAROL);
        })
    });
    w2.run(|| request(Method::GET, "/health", Version::HTTP_11, None, 200, 0, || {}));

    // --- gateway websocket with an oversized (> 16 KiB) frame -----------------
    w1.run(|| {
        request(Method::GET, "/gateway?v=1&encoding=json", Version::HTTP_11, Some("b3c4d5e6-f708-491a-a2b3-c4d5e6f70819"), 101, 2, || {
            auth_timing(1, 2);
            let frame = big_frame();
            warn!(
                target: "filament_server::gateway",
                event = "gateway.frame.oversized",
                size = frame.len() as u64,
                limit = 16_384u64,
                blob = %frame,
                "dropping oversized gateway frame"
            );
        })
    });

    // --- tricky content --------------------------------------------------------
    w2.run(|| {
        request(Method::POST, "/channels/01HZX9C3M4R8T2V6B1N5Q7W0YA/messages", Version::HTTP_11, Some("c4d5e6f7-0819-4a2b-b3c4-d5e6f708192a"), 400, 5, || {
            auth_timing(1, 3);
            let handler = info_span!(target: "filament_server::server::messages", "handler", name = %"create_message");
            let _h = handler.enter();
            let content = "he said \"hi\"\nsecond line";
            warn!(target: "filament_server::server::messages", event = "message.validate", content = ?content, reason = "embedded newline");
            warn!(target: "filament_server::server::messages", "he said \"hi\"\nsecond line");
        })
    });
    w1.run(|| {
        request(Method::GET, "/search?q=h%C3%A9llo%20%E2%9C%93%20%E6%97%A5%E6%9C%AC", Version::HTTP_2, Some("d5e6f708-192a-4b3c-84d5-e6f708192a3b"), 200, 212, || {
            auth_timing(1, 2);
            search_timing(false, 1, 0);
            info!(target: "filament_server::search", event = "search.query", query = "héllo ✓ 日本", hits = 3u64, min_score = 0.35f64, "héllo ✓ 日本");
        })
    });
    w2.run(|| {
        request(Method::POST, "/channels/01HZX9C3M4R8T2V6B1N5Q7W0YA/messages", Version::HTTP_11, Some("e6f70819-2a3b-4c4d-95e6-f708192a3b4c"), 500, 31, || {
            auth_timing(1, 4);
            let handler = info_span!(target: "filament_server::server::messages", "handler", name = %"create_message");
            let _h = handler.enter();
            error!(
                target: "filament_server::db",
                event = "db.query.error",
                error = %"error returned from database: could not serialize access due to concurrent update",
                sqlstate = "40001",
                attempt = 3i64,
                "insert failed"
            );
        })
    });

    // --- more auth, HTTP/2 ------------------------------------------------------
    w1.run(|| {
        request(Method::POST, "/auth/refresh", Version::HTTP_2, Some("f708192a-3b4c-4d5e-a6f7-08192a3b4c5d"), 401, 4, || {
            info!(target: "filament_server::server::auth", event = "auth.refresh", outcome = "expired", user_id = BOB);
        })
    });
    w2.run(|| {
        request(Method::POST, "/auth/login", Version::HTTP_2, Some("08192a3b-4c5d-4e6f-b708-192a3b4c5d6e"), 200, 95, || {
            info!(target: "filament_server::server::auth", event = "auth.login", outcome = "success", user_id = BOB, username = "bob");
        })
    });
    bg.run(|| {
        let span = info_span!(target: "filament_server::search", "search_indexer", shard = 0u64);
        let _s = span.enter();
        info!(target: "filament_server::search", event = "search.index.batch", docs = 3u64, commit_ms = ms(12), queue_depth = 0i64, "committed batch");
        warn!(target: "filament_server::gateway", event = "gateway.presence_fanout.full_queue", connection_id = 9_150u64, user_id = ALICE, queue_len = 64u64, capacity = 64u64);
        info!(target: "filament_server::gateway", event = "gateway.message_fanout.closed", connection_id = 9_142u64, reason = "client went away");
    });
    w1.run(|| {
        request(Method::POST, "/auth/logout", Version::HTTP_11, Some("192a3b4c-5d6e-4f70-8819-2a3b4c5d6e7f"), 204, 6, || {
            auth_timing(1, 2);
            info!(target: "filament_server::server::auth", event = "auth.logout", outcome = "success", user_id = ALICE);
        })
    });
    w2.run(|| {
        request(Method::POST, "/auth/logout", Version::HTTP_11, None, 401, 1, || {
            info!(target: "filament_server::server::auth", event = "auth.logout", outcome = "missing_token");
        })
    });
    w1.run(|| request(Method::GET, "/health", Version::HTTP_11, None, 200, 0, || {}));
}

fn usage() -> ! {
    eprintln!(
        "usage: tracing-fixtures MODE\n  MODE: json-nested json-flat json-nospan json-utctime json-offset\n        text-full text-full-ansi text-compact text-compact-ansi pretty\n        pretty-ansi"
    );
    std::process::exit(2);
}

fn main() {
    use time::format_description::well_known::Rfc3339;
    use tracing_subscriber::fmt::time::{OffsetTime, UtcTime};

    let mode = std::env::args().nth(1).unwrap_or_else(|| usage());
    let base = || tracing_subscriber::fmt().with_max_level(Level::DEBUG);
    match mode.as_str() {
        // production config
        "json-nested" => base().json().with_current_span(true).with_span_list(true).init(),
        "json-flat" => base().json().flatten_event(true).with_current_span(true).with_span_list(false).init(),
        "json-nospan" => base()
            .json()
            .with_current_span(false)
            .with_span_list(false)
            .with_thread_names(true)
            .with_thread_ids(true)
            .with_file(true)
            .with_line_number(true)
            .init(),
        "json-utctime" => base()
            .json()
            .with_current_span(true)
            .with_span_list(true)
            .with_timer(UtcTime::rfc_3339())
            .init(),
        "json-offset" => base()
            .json()
            .with_current_span(true)
            .with_span_list(true)
            .with_timer(OffsetTime::new(time::UtcOffset::from_hms(2, 0, 0).unwrap(), Rfc3339))
            .init(),
        "text-full" => base().with_ansi(false).init(),
        "text-full-ansi" => base().with_ansi(true).init(),
        "text-compact" => base().compact().with_ansi(false).init(),
        "text-compact-ansi" => base().compact().with_ansi(true).init(),
        "pretty" => base().pretty().with_ansi(false).init(),
        "pretty-ansi" => base().pretty().with_ansi(true).init(),
        _ => usage(),
    }

    startup();
    let w1 = Worker::new("tokio-runtime-worker");
    let w2 = Worker::new("tokio-runtime-worker");
    let bg = Worker::new("search-indexer");
    scenario(&w1, &w2, &bg);
}
