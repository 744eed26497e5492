//! End-to-end tests of the `pullaway` binary: real commands, fixed `--now`,
//! snapshots of the text and JSON output, and error messages with exit codes.

use assert_cmd::Command;

fn pullaway() -> Command {
    let mut cmd = Command::cargo_bin("pullaway").expect("binary");
    cmd.env("NO_COLOR", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn stdout(args: &[&str]) -> String {
    let out = pullaway().args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn failure(args: &[&str]) -> (i32, String) {
    let out = pullaway().args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

const SAM: &str = "tests/fixtures/WhatsApp Chat with Sam.txt";

#[test]
fn demo_text() {
    insta::assert_snapshot!(stdout(&["demo"]));
    insta::assert_snapshot!("demo_full_text", stdout(&["demo", "--full"]));
}

#[test]
fn demo_json() {
    let json = stdout(&["demo", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(v["schema"], "pullaway.report/2");
    assert_eq!(v["as_of"]["source"], "given");
    assert_eq!(v["next_step"]["action"], v["turn"]["verdict"]);
    assert_eq!(v["event"]["source"], "given");
    insta::assert_snapshot!(json);
}

#[test]
fn report_text_and_json_on_a_small_chat() {
    let args = [SAM, "--now", "2024-03-09T12:00", "--event", "2024-03-03"];
    insta::assert_snapshot!("sam_text", stdout(&[&["report"], &args[..]].concat()));
    let json = stdout(&[&["report"], &args[..], &["--format", "json"]].concat());
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    // Sam's answers of 05/03 08:30 and 06/03 16:40 came 14 h and 20 h after
    // Robin's questions, and Robin's "me too" (04/03) and "no worries" (05/03)
    // answer Sam's statements 19 h and 12 h later: late replies, not
    // conversations anyone opened.
    assert_eq!(v["conversations"]["late_replies"], 4);
    assert_eq!(v["conversations"]["opened"]["them"], 2);
    assert_eq!(v["chat"]["me"], "Robin");
    assert_eq!(v["chat"]["them"], "Sam");
    assert_eq!(v["chat"]["messages"]["me"], 9);
    assert_eq!(v["chat"]["messages"]["them"], 7);
    insta::assert_snapshot!("sam_json", json);
}

#[test]
fn the_gap_flag_changes_conversations() {
    let count = |gap: &str| {
        let json = stdout(&[
            "report",
            SAM,
            "--now",
            "2024-03-09T12:00",
            "--gap",
            gap,
            "--format",
            "json",
        ]);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        v["conversations"]["total"].as_u64().unwrap()
    };
    // A shorter gap never merges conversations; a longer one does (a pause
    // of 10 min to 24 h before an answer or a reaction is a late reply either way).
    assert!(count("10m") >= count("6h"));
    assert!(count("6h") > count("20h"));
}

#[test]
fn now_cuts_the_chat() {
    let json = stdout(&[
        "report",
        SAM,
        "--now",
        "2024-03-02T00:00",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["chat"]["last"], "2024-03-01T19:53:00");
}

#[test]
fn chats_json_contract() {
    insta::assert_snapshot!(stdout(&[
        "chats",
        "--format",
        "json",
        SAM,
        "tests/fixtures/group.txt"
    ]));
}

#[test]
fn stdin_is_read_with_a_dash() {
    let text = std::fs::read(format!("{}/{SAM}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let out = pullaway()
        .args(["chats", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("16 messages, 1 system line,"));
}

#[test]
fn errors_name_the_problem_and_exit_2() {
    let (code, err) = failure(&["report", "tests/fixtures/nope.txt"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: tests/fixtures/nope.txt: cannot read:"),
        "{err}"
    );

    let (code, err) = failure(&[
        "report",
        "tests/fixtures/group.txt",
        "--now",
        "2024-03-09T12:00",
    ]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: tests/fixtures/group.txt: this is a group chat; pick the two people with --me NAME --them NAME. The participants are: Kai (1 message), Robin (1 message), Sam (1 message)\n"
    );

    let (code, err) = failure(&["report", SAM, "--now", "yesterday"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: --now: expected a date and time like 2024-03-20T21:00, got \"yesterday\"\n"
    );

    let (_, err) = failure(&["report", SAM, "--event", "03/03/2024"]);
    assert_eq!(
        err,
        "error: --event: expected a date like 2024-03-01, got \"03/03/2024\"\n"
    );

    let (_, err) = failure(&["report", SAM, "--me", "Alex"]);
    assert_eq!(err, "error: tests/fixtures/WhatsApp Chat with Sam.txt: --me: no participant is called \"Alex\"; the participants are: Robin (9 messages), Sam (7 messages)\n");
    let (_, err) = failure(&["report", SAM, "--them", "Bob"]);
    assert!(
        err.contains(": --them: no participant is called \"Bob\""),
        "{err}"
    );

    // A negative number reaches our own check, not clap's tip about flags.
    let (_, err) = failure(&["report", SAM, "--space-days", "-3"]);
    assert_eq!(
        err,
        "error: --space-days: expected a positive number of days, got -3\n"
    );

    // A config error says where, once.
    let dir = std::env::temp_dir().join(format!("pullaway-cfg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cfg = dir.join("config.json");
    std::fs::write(&cfg, r#"{"space_days": "x"}"#).unwrap();
    let (_, err) = failure(&["report", SAM, "--config", cfg.to_str().unwrap()]);
    assert_eq!(err.matches("line 1").count(), 1, "{err}");
    std::fs::remove_dir_all(&dir).unwrap();

    let (_, err) = failure(&["report", "Cargo.toml"]);
    assert!(
        err.starts_with(
            "error: Cargo.toml: not a chat export pullaway can read (line 1 reads \"[package]\""
        ),
        "{err}"
    );
}

#[test]
fn a_group_pair_can_be_picked() {
    let json = stdout(&[
        "report",
        "tests/fixtures/group.txt",
        "--me",
        "Robin",
        "--them",
        "Kai",
        "--now",
        "2024-03-09T12:00",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["chat"]["messages"]["me"], 1);
    assert_eq!(v["chat"]["messages"]["them"], 1);
}

#[test]
fn the_bundled_demo_export_is_what_the_generator_writes() {
    use pullaway_synth::{generate, write_whatsapp, Scenario, WhatsAppStyle};
    let committed = std::fs::read_to_string(format!(
        "{}/demo/WhatsApp Chat with Jordan.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let generated = write_whatsapp(&generate(&Scenario::demo()), WhatsAppStyle::AndroidDmy);
    assert!(committed == generated, "regenerate it: cargo run -p pullaway-synth -- --demo > 'crates/cli/demo/WhatsApp Chat with Jordan.txt'");
}

/// Writes a generated scenario as an Android export in the test temp dir.
fn scenario_file(name: &str, s: &pullaway_synth::Scenario) -> String {
    use pullaway_synth::{generate, write_whatsapp, WhatsAppStyle};
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("WhatsApp Chat with {}.txt", s.them));
    std::fs::write(
        &path,
        write_whatsapp(&generate(s), WhatsAppStyle::AndroidDmy),
    )
    .unwrap();
    path.display().to_string()
}

#[test]
fn scenario_steady_chat_text() {
    let s = pullaway_synth::Scenario {
        seed: 11,
        ..pullaway_synth::Scenario::default()
    };
    let file = scenario_file("steady", &s);
    let out = stdout(&[
        "report",
        &file,
        "--now",
        "2024-03-02T12:00",
        "--event",
        "2024-02-01",
        "--full",
    ]);
    assert!(out.contains("IS JORDAN PULLING AWAY? steady"), "{out}");
    insta::assert_snapshot!(out.replace(&file, "FILE"));
}

#[test]
fn scenario_gone_quiet_json() {
    let mut s = pullaway_synth::Scenario {
        seed: 12,
        days: 50,
        event_day: Some(30),
        ..pullaway_synth::Scenario::default()
    };
    s.them_after.opens_per_day = 0.0;
    s.them_after.reply_prob = 0.05;
    s.me_after.opens_per_day = 1.5;
    s.double_text_prob = 0.6;
    let file = scenario_file("quiet", &s);
    // Ten days after the chat ends, without a key date: pullaway finds the change itself.
    let json = stdout(&[
        "report",
        &file,
        "--now",
        "2024-03-02T12:00",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["event"]["source"], "detected");
    assert_eq!(v["trend"]["verdict"], "pulling_away");
    insta::assert_snapshot!(json);
}

#[test]
fn turn_exit_codes_and_draft() {
    let out = pullaway()
        .args(["turn", SAM, "--now", "2024-03-09T12:00"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "wait: Your last message (2024-03-08 20:00) is still unanswered.\n"
    );
    let out = pullaway()
        .args(["turn", SAM, "--now", "2024-03-06T17:00"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("reply: Sam wrote 20 min ago"));
    let out = pullaway()
        .args([
            "draft",
            SAM,
            "--now",
            "2024-03-09T12:00",
            "so what are we exactly?",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("double text")
            && text.contains("too much too soon")
            && text.contains("label question"),
        "{text}"
    );
    let out = pullaway()
        .args(["talk", "--want", "casual"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("decision aid, not therapy"));
}

#[test]
fn html_report_is_self_contained() {
    let html = stdout(&["demo", "--format", "html"]);
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("Content-Security-Policy") && html.contains("default-src 'none'"));
    assert!(!html.to_lowercase().contains("<script"), "no scripts");
    // No external URL in any src=, href= or CSS url(): there is none of them at all.
    for needle in [
        "src=", "href=", "url(", "@import", "http://", "https://", "//cdn",
    ] {
        assert!(!html.contains(needle), "found {needle}");
    }
    let charts = pullaway_render::html::CHARTS.iter().map(|c| c.id);
    for id in charts.chain(["next-step", "verdict"]) {
        assert!(html.contains(&format!("id=\"{id}")), "missing {id}");
    }
    // Every chart has a title and a text description (the two wide charts
    // also come in a phone layout: 4 charts, 6 drawings).
    assert_eq!(html.matches("<title id=").count(), 6);
    assert_eq!(html.matches("<desc id=").count(), 6);
    assert_eq!(html.matches("class=\"narrow\"").count(), 2);
    insta::assert_snapshot!(html);
}

#[test]
fn html_goes_to_a_file_with_dash_o() {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("report.html");
    let out = pullaway()
        .args([
            "report",
            SAM,
            "--now",
            "2024-03-09T12:00",
            "--format",
            "html",
            "-o",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("You (Robin) and Sam"));
    // Commands without a page don't offer html at all.
    let (code, err) = failure(&["turn", SAM, "--format", "html"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("invalid value 'html'") && err.contains("[possible values: text, json]"),
        "{err}"
    );
}

/// Starts `pullaway serve` on a free port; returns the child and its port.
fn serve() -> (std::process::Child, u16) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("pullaway"))
        .args(["serve", "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .split("127.0.0.1:")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    (child, port)
}

/// Sends raw bytes and returns the whole response.
fn http(port: u16, request: &[u8]) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(request).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn serve_answers_on_loopback_and_refuses_foreign_hosts_and_huge_uploads() {
    let (mut child, port) = serve();
    let page = http(
        port,
        format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").as_bytes(),
    );
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(
        page.contains("Drop your chat export here")
            && page.contains("Content-Security-Policy: default-src 'none'")
    );
    // The form carries this run's token; uploads must send it back.
    let token = page
        .split("name=\"token\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_owned();
    assert_eq!(token.len(), 32);
    // DNS rebinding: a page on another name that resolves to 127.0.0.1.
    let foreign = http(port, b"GET / HTTP/1.1\r\nHost: attacker.example\r\n\r\n");
    assert!(foreign.starts_with("HTTP/1.1 403"), "{foreign}");
    let no_host = http(port, b"GET / HTTP/1.1\r\n\r\n");
    assert!(no_host.starts_with("HTTP/1.1 403"), "{no_host}");
    let two_hosts = http(
        port,
        format!("GET / HTTP/1.1\r\nHost: evil.example\r\nHost: 127.0.0.1:{port}\r\n\r\n")
            .as_bytes(),
    );
    assert!(two_hosts.starts_with("HTTP/1.1 403"), "{two_hosts}");
    let cross_site = http(port, format!("POST /report HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: https://evil.example\r\nContent-Length: 0\r\n\r\n").as_bytes());
    assert!(cross_site.starts_with("HTTP/1.1 403"), "{cross_site}");
    // A declared body over the limit is refused before it is read.
    let huge = http(port, format!("POST /report HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 999999999\r\n\r\n").as_bytes());
    assert!(huge.starts_with("HTTP/1.1 413"), "{huge}");
    // A real upload gives the report.
    let file = std::fs::read(format!("{}/{SAM}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let field = |token: &str| {
        format!("--b\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n{token}\r\n")
    };
    let mut body = field(&token).into_bytes();
    body.extend_from_slice(b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"WhatsApp Chat with Sam.txt\"\r\n\r\n");
    body.extend_from_slice(&file);
    body.extend_from_slice(b"\r\n--b--\r\n");
    let mut req = format!("POST /report HTTP/1.1\r\nHost: localhost:{port}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: {}\r\n\r\n", body.len()).into_bytes();
    req.extend_from_slice(&body);
    let report = http(port, &req);
    assert!(
        report.starts_with("HTTP/1.1 200"),
        "{}",
        &report[..200.min(report.len())]
    );
    assert!(report.contains("You (Robin) and Sam") && report.contains("id=\"chart-daily\""));
    // An unsupported file is explained on the page.
    let post = |token: &str, extra: &str| {
        let bad = format!("{}--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n\r\nshopping list\r\n--b--\r\n", field(token));
        let mut req = format!("POST /report HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{extra}Content-Type: multipart/form-data; boundary=b\r\nContent-Length: {}\r\n\r\n", bad.len()).into_bytes();
        req.extend_from_slice(bad.as_bytes());
        http(port, &req)
    };
    let page = post(&token, "");
    assert!(
        page.starts_with("HTTP/1.1 422") && page.contains("pullaway could not read notes.txt"),
        "{page}"
    );
    // An export of several chats is never read as its first chat.
    let two = r#"{"chats": {"list": [
      {"name": "Sam", "type": "personal_chat", "id": 1, "messages": [
        {"id": 1, "type": "message", "date": "2024-03-01T21:05:00", "from": "Sam", "from_id": "user1", "text": "hi"},
        {"id": 2, "type": "message", "date": "2024-03-01T21:06:00", "from": "Robin", "from_id": "user9", "text": "hey"}]},
      {"name": "Kai", "type": "personal_chat", "id": 2, "messages": [
        {"id": 3, "type": "message", "date": "2024-03-01T21:05:00", "from": "Kai", "from_id": "user2", "text": "yo"},
        {"id": 4, "type": "message", "date": "2024-03-01T21:06:00", "from": "Robin", "from_id": "user9", "text": "hey"}]}
    ]}}"#;
    let body = format!("{}--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"result.json\"\r\n\r\n{two}\r\n--b--\r\n", field(&token));
    let mut req = format!("POST /report HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: {}\r\n\r\n", body.len()).into_bytes();
    req.extend_from_slice(body.as_bytes());
    let several = http(port, &req);
    assert!(
        several.starts_with("HTTP/1.1 422") && several.contains("holds 2 chats"),
        "{}",
        &several[..300.min(several.len())]
    );
    // A form from any other page lacks the token; `Origin: null` (a sandboxed
    // frame, a data: URL) is another page too.
    let forged = post("0123456789abcdef0123456789abcdef", "");
    assert!(
        forged.contains("not from the page pullaway is serving"),
        "{forged}"
    );
    let null_origin = post(&token, "Origin: null\r\n");
    assert!(null_origin.starts_with("HTTP/1.1 403"), "{null_origin}");
    // Chunked uploads are refused in words.
    let chunked = http(port, format!("POST /report HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n").as_bytes());
    assert!(
        chunked.starts_with("HTTP/1.1 411") && chunked.contains("chunks"),
        "{chunked}"
    );
    // A head line that never ends is cut at 16 KiB, not buffered for ever.
    let endless = {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        let _ = s.write_all(b"GET / HTTP/1.1\r\nX-Long: ");
        let _ = s.write_all(&vec![b'a'; 64 * 1024]);
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    };
    assert!(endless.starts_with("HTTP/1.1 431"), "{endless}");
    // Many idle connections don't stop the page: the pool and its queue
    // answer (or say busy) and the next real request is served.
    let idle: Vec<std::net::TcpStream> = (0..50)
        .filter_map(|_| std::net::TcpStream::connect(("127.0.0.1", port)).ok())
        .collect();
    let busy_or_ok = http(
        port,
        format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").as_bytes(),
    );
    assert!(
        busy_or_ok.starts_with("HTTP/1.1 200") || busy_or_ok.starts_with("HTTP/1.1 503"),
        "{busy_or_ok}"
    );
    drop(idle);
    child.kill().unwrap();
    let _ = child.wait();
}

#[test]
fn one_timeline_across_apps() {
    // The Telegram export repeats Robin's WhatsApp message of 20:00: it counts once.
    let json = stdout(&[
        "report",
        SAM,
        "tests/fixtures/telegram-sam.json",
        "--them",
        "Sam",
        "--now",
        "2024-03-09T12:00",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["chat"]["format"], "multiple");
    assert_eq!(v["chat"]["messages"]["me"], 10);
    assert_eq!(v["chat"]["messages"]["them"], 8);
    assert_eq!(v["chat"]["sources"].as_array().unwrap().len(), 2);
    assert!(v["notes"].as_array().unwrap().iter().any(|n| n
        .as_str()
        .unwrap()
        .starts_with("1 message(s) appeared in more than one export")));
    let text = stdout(&[
        "report",
        SAM,
        "tests/fixtures/telegram-sam.json",
        "--them",
        "Sam",
        "--now",
        "2024-03-09T12:00",
    ]);
    assert!(
        text.contains(
            "One timeline from 2 exports: whatsapp: WhatsApp Chat with Sam.txt, telegram: 4242"
        ),
        "{text}"
    );
}

#[test]
fn report_turn_and_draft_give_one_answer() {
    // At every moment, `turn` names the report's action (exit 0 exactly when
    // you may write) and `draft` objects to a new opener exactly when the
    // report says not to write.
    for now in [
        "2024-03-02T09:30",
        "2024-03-04T12:00",
        "2024-03-06T17:00",
        "2024-03-09T12:00",
        "2024-03-14T12:00",
        "2024-03-25T12:00",
    ] {
        // The same chat, moment and key date for all three commands.
        let args = |cmd: &'static str| {
            [
                cmd,
                SAM,
                "--now",
                now,
                "--event",
                "2024-03-03",
                "--format",
                "json",
            ]
        };
        let json = stdout(&args("report"));
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let action = v["next_step"]["action"].as_str().unwrap().to_owned();
        assert_eq!(v["turn"]["verdict"], action.as_str(), "{now}");
        let may_write = ["reply", "your_move", "talk"].contains(&action.as_str());
        let turn = pullaway().args(args("turn")).output().unwrap();
        assert_eq!(
            turn.status.code(),
            Some(if may_write { 0 } else { 1 }),
            "{now} {action}"
        );
        let t: serde_json::Value = serde_json::from_slice(&turn.stdout).unwrap();
        assert_eq!(t["verdict"], action.as_str(), "{now}");
        let draft = pullaway()
            .args(args("draft"))
            .arg("hey :) how is your week going?")
            .output()
            .unwrap();
        let d: serde_json::Value = serde_json::from_slice(&draft.stdout).unwrap();
        assert_eq!(d["next_step"]["action"], action.as_str(), "{now}");
        assert_eq!(d["ok"].as_bool().unwrap(), may_write, "{now} {action}: {d}");
    }
}

#[test]
fn now_comes_from_the_export_file_else_the_clock_with_a_note() {
    // A fresh copy's modification time is not older than its last message: "file".
    let dir = std::env::temp_dir().join(format!("pullaway-now-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let copy = dir.join("WhatsApp Chat with Sam.txt");
    std::fs::copy(SAM, &copy).unwrap();
    let json = stdout(&["report", copy.to_str().unwrap(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["as_of"]["source"], "file");
    std::fs::remove_dir_all(&dir).unwrap();
    // Through stdin there is no file time: the clock, and a note that the
    // days after the export are not silence.
    let out = pullaway()
        .args(["report", "-", "--them", "Sam", "--format", "json"])
        .write_stdin(std::fs::read(SAM).unwrap())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["as_of"]["source"], "clock");
    let notes = v["notes"].to_string();
    assert!(
        notes.contains("days after an export are not silence"),
        "{notes}"
    );
}

#[test]
fn a_whatsapp_file_read_in_place_is_the_chat_read_into_memory() {
    let s = pullaway_synth::Scenario {
        seed: 11,
        ..pullaway_synth::Scenario::default()
    };
    let path = scenario_file("in-place", &s);
    let plain = std::fs::read_to_string(&path).unwrap();
    // The same chat with a byte-order mark, `\r\n` line ends and
    // messages of several lines (their texts are copied, not left in the
    // file), and a last line without its line end.
    let mut marked = String::from("\u{FEFF}");
    for (i, line) in plain.lines().enumerate() {
        marked.push_str(line);
        marked.push_str("\r\n");
        if i % 5 == 3 {
            marked.push_str("a second line ✓\r\nand a third\r\n");
        }
    }
    marked.push_str(&format!("01/06/2024, 10:00 - {}: the end", s.them));
    let marked_path = path.replace("in-place", "in-place-marked");
    std::fs::create_dir_all(std::path::Path::new(&marked_path).parent().unwrap()).unwrap();
    std::fs::write(&marked_path, &marked).unwrap();
    for (path, text, args) in [&path, &marked_path].into_iter().flat_map(|p| {
        let text = std::fs::read(p).unwrap();
        [
            vec!["report", "--format", "json", "--now", "2024-06-01"],
            vec!["messages"],
            vec!["turn", "--format", "json", "--now", "2024-06-01"],
        ]
        .map(|args| (p.clone(), text.clone(), args))
    }) {
        let path = path.as_str();
        let run = |env: &str, input: &str, stdin: Option<&[u8]>| {
            let mut cmd = pullaway();
            cmd.env("PULLAWAY_IN_PLACE_MB", env).args(&args).arg(input);
            if let Some(bytes) = stdin {
                cmd.write_stdin(bytes.to_vec());
            }
            let out = cmd.output().unwrap();
            (out.status.code(), String::from_utf8(out.stdout).unwrap())
        };
        let in_place = run("0", path, None);
        let in_memory = run("1000", path, None);
        assert!(in_place.1.len() > 100, "{args:?}: {in_place:?}");
        assert_eq!(in_place, in_memory, "{args:?} {path}");
        if path == marked_path && args[0] == "messages" {
            assert!(in_place.1.contains("a second line ✓\\nand a third"));
        }
        let piped = run("0", "-", Some(&text));
        if args[0] == "messages" {
            assert_eq!(in_place, piped, "{args:?}");
        }
    }
}

#[test]
fn an_input_over_the_budget_is_refused_with_the_limit_and_how_to_raise_it() {
    let dir = std::env::temp_dir().join(format!("pullaway-budget-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let big = dir.join("WhatsApp Chat with Sam.txt");
    let line = "01/03/2024, 19:02 - Sam: a message long enough to fill a megabyte soon\n";
    std::fs::write(&big, line.repeat(30_000)).unwrap();
    let out = pullaway()
        .env("PULLAWAY_MAX_INPUT_MB", "1")
        .args(["chats", big.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("input budget of 1 MiB") && err.contains("PULLAWAY_MAX_INPUT_MB"),
        "{err}"
    );
    // Within the budget it reads.
    let out = pullaway()
        .env("PULLAWAY_MAX_INPUT_MB", "8")
        .args(["chats", big.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn no_escape_sequence_from_an_export_reaches_the_terminal() {
    let chat = "01/03/2024, 19:02 - Sam\u{1b}[2J: hi\n01/03/2024, 19:03 - Robin: hey\n";
    let out = pullaway()
        .args(["chats", "-"])
        .write_stdin(chat)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!text.contains('\u{1b}') && text.contains("[2J"), "{text}");
    // An error quoting the user's own input is cleaned too.
    let out = pullaway()
        .args(["report", "-", "--chat", "x\u{1b}]0;pwned\u{7}"])
        .write_stdin(chat)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
}

#[test]
fn colour_completions_man_and_a_default_config_file() {
    // --color always colours even into a pipe; never and TERM=dumb don't.
    let out = pullaway()
        .args(["demo", "--color", "always"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("\u{1b}["));
    let out = pullaway()
        .args(["demo", "--color", "never"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\u{1b}'));
    let out = pullaway()
        .env("TERM", "dumb")
        .args(["demo"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\u{1b}'));
    // Completions for every shell, and a man page.
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let c = stdout(&["completions", shell]);
        assert!(c.contains("pullaway") && c.contains("report"), "{shell}");
    }
    let man = stdout(&["man"]);
    assert!(
        man.starts_with(".ie") || man.contains(".TH pullaway"),
        "{}",
        &man[..80]
    );
    // PULLAWAY_CONFIG is read like --config.
    let dir = std::env::temp_dir().join(format!("pullaway-xdg-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("pullaway")).unwrap();
    std::fs::write(dir.join("pullaway/config.json"), r#"{"space_days": 10}"#).unwrap();
    let json = |envs: &[(&str, &std::path::Path)]| {
        let mut cmd = pullaway();
        cmd.env_remove("PULLAWAY_CONFIG")
            .env("HOME", "/nonexistent");
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let out = cmd
            .args([
                "report",
                SAM,
                "--now",
                "2024-03-17T12:00",
                "--event",
                "2024-03-03",
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let with_xdg = json(&[("XDG_CONFIG_HOME", &dir)]);
    let with_env = json(&[("PULLAWAY_CONFIG", &dir.join("pullaway/config.json"))]);
    let without = json(&[]);
    for v in [&with_xdg, &with_env] {
        assert_eq!(v["next_step"]["of"], 10, "{}", v["next_step"]);
    }
    assert_ne!(without["next_step"]["of"], 10);
    std::fs::remove_dir_all(&dir).unwrap();
}
