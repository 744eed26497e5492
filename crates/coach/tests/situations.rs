//! The situation suite: hand-written chats (`tests/situations/*.case`), each
//! with the moments where the situation is clear and the answer a careful
//! coach would give, written from the articles before looking at pullaway's
//! output (format: `tests/situations/README.md`). Every moment runs the whole
//! analysis on the imported WhatsApp text and checks `next_step.action`, and
//! every `draft` line checks the warnings of `pullaway draft`.

use std::path::{Path, PathBuf};

use pullaway_chat::{Date, LocalTime};
use pullaway_coach::{analyze, analyze_with, draft, Options};

struct Case {
    name: String,
    me: String,
    them: String,
    event: Option<Date>,
    dating_since: Option<Date>,
    talked: Option<Date>,
    chat: String,
    checks: Vec<(usize, String)>,
}

fn strip_comment(line: &str) -> &str {
    // `#` outside quotes starts a comment.
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '#' if !quoted => return line[..i].trim(),
            _ => {}
        }
    }
    line.trim()
}

fn parse(path: &Path) -> Case {
    let text = std::fs::read_to_string(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let mut sections = vec![Vec::new()];
    for (n, line) in text.lines().enumerate() {
        if line.trim() == "---" && sections.len() < 3 {
            sections.push(Vec::new());
        } else {
            sections.last_mut().unwrap().push((n + 1, line));
        }
    }
    assert_eq!(
        sections.len(),
        3,
        "{name}: expected header --- chat --- checks"
    );
    let mut case = Case {
        name: name.clone(),
        me: String::new(),
        them: String::new(),
        event: None,
        dating_since: None,
        talked: None,
        chat: sections[1].iter().map(|(_, l)| format!("{l}\n")).collect(),
        checks: Vec::new(),
    };
    for (n, line) in &sections[0] {
        let line = strip_comment(line);
        if line.is_empty() {
            continue;
        }
        let (k, v) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("{name}:{n}: expected key: value"));
        let v = v.trim();
        let date = || Some(Date::parse(v).unwrap_or_else(|| panic!("{name}:{n}: bad date {v}")));
        match k.trim() {
            "me" => case.me = v.to_owned(),
            "them" => case.them = v.to_owned(),
            "event" => case.event = date(),
            "dating-since" => case.dating_since = date(),
            "talked" => case.talked = date(),
            other => panic!("{name}:{n}: unknown key {other}"),
        }
    }
    for (n, line) in &sections[2] {
        let line = strip_comment(line);
        if !line.is_empty() {
            case.checks.push((*n, line.to_owned()));
        }
    }
    case
}

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/situations");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "case"))
        .collect();
    files.sort();
    files
}

/// Runs one check line; `Err` says what differed.
fn check(case: &Case, chat: &pullaway_chat::Chat, line: &str) -> Result<(), String> {
    let rest = line.strip_prefix("at ").ok_or("expected `at TIME …`")?;
    let (time, rest) = rest.split_once(' ').ok_or("expected `at TIME …`")?;
    let now = LocalTime::parse(time).ok_or(format!("bad time {time}"))?;
    let mut opts = Options::new(now);
    opts.me = Some(case.me.clone());
    opts.them = Some(case.them.clone());
    opts.event = case.event;
    opts.dating_since = case.dating_since;
    opts.talked = case.talked;
    let rest = rest.trim();
    if let Some(expected) = rest.strip_prefix("expect ") {
        let r = analyze(chat, &opts).map_err(|e| e.to_string())?;
        let got = r.next_step.action.name();
        if got == "talk" {
            // pullaway's own talk scripts pass its own draft check when it is time to talk.
            for script in pullaway_coach::scripts::all_lines() {
                let d = analyze_with(chat, &opts, |ctx, r| draft::check(ctx, r, &script))
                    .map_err(|e| e.to_string())?;
                if !d.ok {
                    return Err(format!(
                        "talk script {script:?} fails draft: {:?}",
                        d.warnings
                    ));
                }
            }
        }
        if expected.split_whitespace().any(|a| a == got) {
            return Ok(());
        }
        return Err(format!(
            "expected {expected}, got {got}: {}\n      reasons: {:?}",
            r.next_step.text, r.next_step.reasons
        ));
    }
    if let Some(d) = rest.strip_prefix("draft ") {
        let d = d.trim();
        let end = d[1..].find('"').ok_or("draft text must be quoted")? + 1;
        let text = &d[1..end];
        let verdict = d[end + 1..].trim();
        let got = analyze_with(chat, &opts, |ctx, r| draft::check(ctx, r, text))
            .map_err(|e| e.to_string())?;
        let kinds: Vec<String> = got
            .warnings
            .iter()
            .map(|w| {
                serde_json::to_value(w.kind)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        let action = got.next_step.action.name();
        if verdict == "ok" {
            return if kinds.is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "draft {text:?}: expected ok, got {kinds:?} (action {action})"
                ))
            };
        }
        let wanted = verdict
            .strip_prefix("warn")
            .ok_or("expected ok or warn KIND…")?;
        let missing: Vec<&str> = wanted
            .split_whitespace()
            .filter(|k| !kinds.iter().any(|g| g == k))
            .collect();
        return if missing.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "draft {text:?}: expected {missing:?}, got {kinds:?} (action {action})"
            ))
        };
    }
    Err(format!("unknown check {rest}"))
}

/// The suite must not shrink unnoticed.
const MIN_CASES: usize = 46;

#[test]
fn every_situation_gets_the_answer_a_careful_coach_would_give() {
    let files = cases();
    assert!(
        files.len() >= MIN_CASES,
        "the suite has {} cases",
        files.len()
    );
    let (mut total, mut failures) = (0, Vec::new());
    for path in &files {
        let case = parse(path);
        let file = format!("WhatsApp Chat with {}.txt", case.them);
        let chat = pullaway_import::import_bytes(&file, case.chat.clone().into_bytes())
            .unwrap_or_else(|e| panic!("{}: {e}", case.name))
            .remove(0);
        assert!(chat.message_count() > 0, "{}: no messages read", case.name);
        for (n, line) in &case.checks {
            total += 1;
            if let Err(e) = check(&case, &chat, line) {
                failures.push(format!("{}:{n}: {line}\n      {e}", case.name));
            }
        }
    }
    println!("{} of {total} moments as expected", total - failures.len());
    assert!(
        failures.is_empty(),
        "{} of {total} moments differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
