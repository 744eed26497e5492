//! `pullaway serve`: a local web page to drop an export on and read the
//! report. It binds 127.0.0.1 only, answers only requests addressed to that
//! address (a foreign Host header is refused: DNS rebinding), limits the
//! upload size, analyses the upload in memory and writes nothing to disk.

mod http;
mod page;

use std::io::{BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use anyhow::{Context, Result};
use pullaway_coach::CoachError;

use crate::args::{parse_date, system_now, Analysis};

/// Uploads larger than this are refused (413).
pub const MAX_UPLOAD: usize = 256 << 20;

/// Connections handled at once; more wait in a short queue, beyond it 503.
const WORKERS: usize = 8;
const QUEUE: usize = 32;
/// Uploads analysed at once (each may hold its file and its chat in memory).
const ANALYSES: usize = 2;
/// How long a client may take to send its request head, and between reads.
const HEAD_DEADLINE: Duration = Duration::from_secs(20);
const READ_TIMEOUT: Duration = Duration::from_secs(10);

pub struct Server {
    listener: TcpListener,
    port: u16,
    /// A per-run random value: the nonce of the page's one inline script,
    /// and the token its form carries (a form posted from any other page
    /// lacks it).
    nonce: String,
    analyses: std::sync::Mutex<usize>,
}

/// 128 random bits as hex, from the standard library's randomly seeded
/// hasher (no extra dependency; a per-run secret, not a key).
fn random_hex() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut out = String::new();
    for k in 0..2u64 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(k);
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}

impl Server {
    /// Binds 127.0.0.1 on `port` (0: a free port chosen by the system).
    pub fn bind(port: u16) -> Result<Server> {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .with_context(|| format!("--port: cannot listen on 127.0.0.1:{port}"))?;
        let port = listener.local_addr()?.port();
        Ok(Server {
            listener,
            port,
            nonce: random_hex(),
            analyses: std::sync::Mutex::new(0),
        })
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Serves until the process is stopped: a fixed pool of workers takes
    /// connections from a short queue; when the queue is full the client
    /// hears 503 at once, and an accept error (out of file descriptors)
    /// backs off instead of spinning.
    pub fn run(self) -> Result<()> {
        let server = std::sync::Arc::new(self);
        let (tx, rx) = std::sync::mpsc::sync_channel::<TcpStream>(QUEUE);
        let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
        for _ in 0..WORKERS {
            let (server, rx) = (std::sync::Arc::clone(&server), std::sync::Arc::clone(&rx));
            std::thread::Builder::new()
                .name("pullaway-serve".into())
                .spawn(move || loop {
                    let next = rx.lock().map(|r| r.recv());
                    let Ok(Ok(stream)) = next else { return };
                    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
                    let _ = stream.set_write_timeout(Some(Duration::from_secs(30)));
                    let _ = server.handle(&stream);
                })
                .context("cannot start the server's workers")?;
        }
        for stream in server.listener.incoming() {
            match stream {
                Ok(stream) => {
                    if let Err(std::sync::mpsc::TrySendError::Full(stream)) = tx.try_send(stream) {
                        let _ = stream.set_write_timeout(Some(Duration::from_secs(2)));
                        let _ = respond(
                            &stream,
                            503,
                            "text/plain; charset=utf-8",
                            "pullaway is busy; try again in a moment",
                            None,
                        );
                    }
                }
                Err(_) => std::thread::sleep(Duration::from_millis(50)),
            }
        }
        Ok(())
    }

    /// Takes one of the analysis slots, if one is free.
    fn try_analysis(&self) -> Option<AnalysisSlot<'_>> {
        let mut n = self.analyses.lock().ok()?;
        if *n >= ANALYSES {
            return None;
        }
        *n += 1;
        Some(AnalysisSlot(&self.analyses))
    }

    fn allowed_host(&self, host: Option<&String>) -> bool {
        let Some(host) = host else { return false };
        host == &format!("127.0.0.1:{}", self.port) || host == &format!("localhost:{}", self.port)
    }

    fn handle(&self, stream: &TcpStream) -> std::io::Result<()> {
        let mut reader = BufReader::new(stream);
        let deadline = std::time::Instant::now() + HEAD_DEADLINE;
        let req = match http::read_head(&mut reader, deadline) {
            Ok(r) => r,
            Err(http::HeadError::Closed) => return Ok(()),
            Err(http::HeadError::TooLarge) => {
                return respond(stream, 431, "text/plain", "request head too large", None)
            }
            Err(http::HeadError::Malformed) => {
                return respond(stream, 400, "text/plain", "bad request", None)
            }
        };
        // Exactly one Host, naming this server (DNS rebinding); and a form
        // posted from another site's page is refused (its Origin differs).
        // `Origin: null` (a sandboxed frame, a data: URL) is another page.
        let origin_ok = req.headers.get("origin").is_none_or(|o| {
            o == &format!("http://127.0.0.1:{}", self.port)
                || o == &format!("http://localhost:{}", self.port)
        });
        if req.hosts != 1 || !self.allowed_host(req.headers.get("host")) || !origin_ok {
            let msg = format!("This server answers only to {}", self.url());
            return respond(stream, 403, "text/plain; charset=utf-8", &msg, None);
        }
        let csp = page::csp(&self.nonce);
        match (req.method.as_str(), req.path.as_str()) {
            ("GET", "/") => respond(
                stream,
                200,
                "text/html; charset=utf-8",
                &page::upload(&self.nonce),
                Some(&csp),
            ),
            ("POST", "/report") => {
                if req
                    .headers
                    .get("transfer-encoding")
                    .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"))
                {
                    let msg = "Uploads sent in chunks are not supported: send the file with its length (the page's form does).";
                    return respond(stream, 411, "text/plain; charset=utf-8", msg, None);
                }
                let Some(_slot) = self.try_analysis() else {
                    return respond(
                        stream,
                        503,
                        "text/plain; charset=utf-8",
                        "pullaway is reading other files right now; try again in a moment",
                        None,
                    );
                };
                let len: usize = req
                    .headers
                    .get("content-length")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                if len > MAX_UPLOAD {
                    let msg = format!("That file is larger than {} MiB. Export the chat without media and try again.", MAX_UPLOAD >> 20);
                    return respond(
                        stream,
                        413,
                        "text/html; charset=utf-8",
                        &page::error(&self.nonce, &msg, &[]),
                        Some(&csp),
                    );
                }
                // A minute, plus a second for each MiB (a slow home line still fits).
                let deadline =
                    std::time::Instant::now() + Duration::from_secs(60 + (len >> 20) as u64);
                let body = http::read_body(&mut reader, len, deadline)?;
                let ctype = req.headers.get("content-type").cloned().unwrap_or_default();
                match analyse(&ctype, body, &self.nonce) {
                    Ok(html) => respond(
                        stream,
                        200,
                        "text/html; charset=utf-8",
                        &html,
                        Some(pullaway_render::html::CSP),
                    ),
                    Err((msg, people)) => respond(
                        stream,
                        422,
                        "text/html; charset=utf-8",
                        &page::error(&self.nonce, &msg, &people),
                        Some(&csp),
                    ),
                }
            }
            ("GET", "/favicon.ico") => respond(stream, 204, "text/plain", "", None),
            _ => respond(stream, 404, "text/plain", "not found", None),
        }
    }
}

/// A running analysis; its slot is freed when it ends.
struct AnalysisSlot<'a>(&'a std::sync::Mutex<usize>);

impl Drop for AnalysisSlot<'_> {
    fn drop(&mut self) {
        if let Ok(mut n) = self.0.lock() {
            *n -= 1;
        }
    }
}

/// Analyses an upload; on failure, a message in plain words and, when the
/// chat did not say who is who, its participants.
fn analyse(
    content_type: &str,
    body: Vec<u8>,
    token: &str,
) -> Result<String, (String, Vec<String>)> {
    let parts = http::multipart(content_type, &body).ok_or((
        "The upload did not arrive as a form; please use the page's form.".to_owned(),
        Vec::new(),
    ))?;
    // The page's form carries this run's token; a form on any other page
    // (another site, an old tab of an earlier run) does not.
    let sent = parts
        .iter()
        .find(|p| p.name == "token")
        .map(|p| p.data.as_slice());
    if sent != Some(token.as_bytes()) {
        return Err((
            "This form is not from the page pullaway is serving now; reload the page and choose the file again.".to_owned(),
            Vec::new(),
        ));
    }
    let field = |name: &str| {
        parts
            .iter()
            .find(|p| p.name == name && p.filename.is_none())
            .map(|p| String::from_utf8_lossy(&p.data).trim().to_owned())
            .filter(|s| !s.is_empty())
    };
    let file = parts
        .iter()
        .find(|p| p.name == "file")
        .ok_or(("No file was chosen.".to_owned(), Vec::new()))?;
    let name = file.filename.clone().unwrap_or_else(|| "upload.txt".into());
    let chats = pullaway_import::import_bytes(&name, file.data.clone()).map_err(|e| {
        (
            format!(
                "pullaway could not read {name}: {}",
                plain(&e.to_string(), &name)
            ),
            Vec::new(),
        )
    })?;
    // The same choice as the command line: one chat, or the one named after
    // "They are"; an export of several chats is never read as its first.
    if chats.is_empty() {
        return Err(("The file holds no chat.".to_owned(), Vec::new()));
    }
    let names: Vec<String> = chats.iter().map(|c| c.name.clone()).collect();
    let mut chat = crate::commands::choose_chat(
        chats,
        None,
        field("them").as_deref(),
        std::path::Path::new(&name),
    )
    .map_err(|_| {
        (
            format!(
                "{name} holds {} chats. Type the other person's name under \"Their name\" to pick one: {}.",
                names.len(),
                names.join(", ")
            ),
            Vec::new(),
        )
    })?;
    let analysis = Analysis {
        me: field("me"),
        them: field("them"),
        ..Analysis::default()
    };
    let mut opts = analysis
        .options(system_now())
        .map_err(|e| (format!("{e:#}"), Vec::new()))?;
    if let Some(e) = field("event") {
        opts.event = Some(parse_date("key date", &e).map_err(|e| (format!("{e:#}"), Vec::new()))?);
    }
    // An upload carries no file time: "now" is the clock, with a note when
    // the chat ends days before it.
    crate::commands::settle_now(&mut chat, &mut opts, &[]);
    let report = pullaway_coach::analyze(&chat, &opts).map_err(|e| {
        let people = match &e {
            CoachError::Group { participants }
            | CoachError::WhoIsWho { participants }
            | CoachError::TooFew { participants } => {
                participants.iter().map(|(n, _)| n.clone()).collect()
            }
            CoachError::UnknownPerson { participants, .. } => {
                participants.iter().map(|(n, _)| n.clone()).collect()
            }
            _ => Vec::new(),
        };
        let msg = match &e {
            CoachError::Group { .. } => {
                "This is a group chat. Pick the two people to look at.".to_owned()
            }
            CoachError::WhoIsWho { .. } => {
                "pullaway could not tell which of the two is you. Pick who is who.".to_owned()
            }
            other => other.to_string(),
        };
        (msg, people)
    })?;
    Ok(pullaway_render::report_html(&report))
}

/// The importer's message without the file name it starts with.
fn plain(message: &str, name: &str) -> String {
    message
        .strip_prefix(&format!("{name}: "))
        .unwrap_or(message)
        .to_owned()
}

fn respond(
    stream: &TcpStream,
    code: u16,
    ctype: &str,
    body: &str,
    csp: Option<&str>,
) -> std::io::Result<()> {
    let reason = match code {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        413 => "Payload Too Large",
        411 => "Length Required",
        422 => "Unprocessable Content",
        503 => "Service Unavailable",
        _ => "Request Header Fields Too Large",
    };
    let mut out = stream;
    let csp = csp
        .map(|c| format!("Content-Security-Policy: {c}\r\n"))
        .unwrap_or_default();
    write!(
        out,
        "HTTP/1.1 {code} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nReferrer-Policy: same-origin\r\n{csp}Connection: close\r\n\r\n{body}",
        body.len()
    )?;
    out.flush()
}

/// `pullaway serve`.
pub fn serve(port: u16) -> Result<std::process::ExitCode> {
    let server = Server::bind(port)?;
    println!(
        "pullaway is serving {} (only on this computer). Press Ctrl-C to stop.",
        server.url()
    );
    std::io::stdout().flush()?;
    server.run()?;
    Ok(std::process::ExitCode::SUCCESS)
}
