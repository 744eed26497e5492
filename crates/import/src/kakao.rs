//! KakaoTalk exports ("대화 내보내기" / "Export Chat").
//!
//! KakaoTalk writes three layouts, each in Korean or English:
//!
//! - **PC (Windows) text**: a title line (`NAME 님과 카카오톡 대화`,
//!   `KakaoTalk Chats with NAME`), `저장한 날짜 : …` / `Date Saved : …`, day
//!   separators `--------------- 2024년 3월 1일 금요일 ---------------` (or
//!   `--------------- Friday, March 1, 2024 ---------------`), then
//!   `[NAME] [오후 9:05] text` / `[NAME] [9:05 PM] text`.
//! - **Mobile text** (Android, iOS): the same title lines, then one message a
//!   line with its date: `2024년 3월 1일 오후 9:05, NAME : text` (Android),
//!   `2024. 3. 1. 오후 9:05, NAME : text` or `2024. 3. 1. 21:05, NAME : text`
//!   (iOS), `March 1, 2024, 9:05 PM, NAME : text` or `Mar 1, 2024 at 9:05 PM,
//!   NAME : text` (English); day lines (`2024년 3월 1일 금요일`, `Friday, March
//!   1, 2024`) between days, and in some versions lines with only the time
//!   (`오후 9:05, NAME : text`) under them. A dated line without ` : ` is a
//!   system line (joins, leaves, invitations).
//! - **Mac CSV**: `Date,User,Message`, one quoted record a message
//!   (`2024-03-01 21:05:00,"NAME","text"`).
//!
//! Lines that start no message continue the one before (multi-line
//! messages). Placeholders (`사진`, `이모티콘`, `Photo`, `삭제된 메시지입니다.`,
//! `보이스톡 …`) become media, deleted messages and calls. Who the other person
//! is comes from the title line, or for a CSV from its file name
//! (`KakaoTalk_Chat_NAME_2024-03-01-21-05-00.csv`).

use pullaway_chat::{CallKind, Chat, Date, Kind, LocalTime, MediaKind};

use crate::limits::MAX_LINE_BYTES;
use crate::text::{hour_24, leading_number as number, month_from_name, quote, trim_marks};
use crate::ImportError;

const FORMAT: &str = "kakaotalk";
const SNIFF_BYTES: usize = 64 * 1024;

/// The CSV header of a Mac export, in the languages seen.
const CSV_HEADERS: &[[&str; 3]] = &[["date", "user", "message"], ["날짜", "사용자", "메시지"]];

/// Whether the bytes look like a KakaoTalk export: a CSV with the `Date,User,
/// Message` header; a text whose first lines carry KakaoTalk's title or
/// saved-date line; or a text whose first lines are KakaoTalk message lines.
pub fn looks_like(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let (text, _) = crate::text::decode("", head);
    let mut lines = text
        .lines()
        .map(|l| trim_marks(l.trim_end_matches('\r')))
        .filter(|l| !l.is_empty());
    let Some(first) = lines.next() else {
        return false;
    };
    if csv_header(first).is_some() {
        return true;
    }
    if title(first).is_some() || lines.clone().take(2).any(saved_line) {
        return true;
    }
    // No title: two message lines among the first 30 (a copied part of an
    // export); their shapes are KakaoTalk's own, not WhatsApp's or LINE's.
    let mut hits = 0;
    for l in std::iter::once(first).chain(lines).take(30) {
        if pc_line(l).is_some() || dated_line(l).is_some_and(|(_, rest)| rest.contains(" : ")) {
            hits += 1;
        }
    }
    hits >= 2
}

/// Reads a KakaoTalk export (text or CSV) into one chat.
pub fn parse(
    display: &str,
    file_name: &str,
    bytes: &[u8],
    _tz: &jiff::tz::TimeZone,
) -> Result<Vec<Chat>, ImportError> {
    let (text, warning) = crate::text::decode(display, bytes);
    let first = text
        .lines()
        .map(|l| trim_marks(l.trim_end_matches('\r')))
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let mut chat = if csv_header(first).is_some() {
        parse_csv(display, file_name, &text)?
    } else {
        parse_text(display, file_name, &text)?
    };
    chat.warnings.extend(warning);
    chat.sort();
    Ok(vec![chat])
}

// ---------------------------------------------------------------------------
// Dates and times, as KakaoTalk writes them.

/// A clock time at the start of `s`: `오후 9:05`, `9:05 PM`, `21:05`,
/// `21:05:33`, `9:05PM`, `9:05 p.m.`. Returns (hour, minute, second, rest).
fn clock(s: &str) -> Option<(u8, u8, u8, &str)> {
    // `오전`/`오후` (Korean) before the time, or `AM`/`PM` after it: whether
    // it is after noon, `None` on a 24-hour clock.
    let (mut pm, s) = if let Some(r) = s.strip_prefix("오전") {
        (Some(false), r.trim_start())
    } else if let Some(r) = s.strip_prefix("오후") {
        (Some(true), r.trim_start())
    } else {
        (None, s)
    };
    let (h, r) = number(s)?;
    let r = r.strip_prefix(':')?;
    let (m, mut r) = number(r)?;
    let mut sec = 0;
    if let Some(after) = r.strip_prefix(':') {
        let (x, after) = number(after)?;
        sec = x;
        r = after;
    }
    if pm.is_none() {
        let t = r.trim_start();
        for (word, is_pm) in [
            ("AM", false),
            ("PM", true),
            ("am", false),
            ("pm", true),
            ("a.m.", false),
            ("p.m.", true),
        ] {
            if let Some(after) = t.strip_prefix(word) {
                pm = Some(is_pm);
                r = after;
                break;
            }
        }
    }
    let h = hour_24(h, pm)?;
    if m > 59 || sec > 59 {
        return None;
    }
    Some((h as u8, m as u8, sec as u8, r))
}

/// A date at the start of `s`, in one of KakaoTalk's layouts:
/// `2024년 3월 1일`, `2024. 3. 1.`, `2024-03-01`, `2024/03/01`,
/// `March 1, 2024`, `Mar 1, 2024`, `1 March 2024`. Returns (date, rest).
fn date(s: &str) -> Option<(Date, &str)> {
    if let Some((y, r)) = number(s) {
        if (1970..=2200).contains(&y) {
            // 2024년 3월 1일
            if let Some(r) = r.strip_prefix('년') {
                let (m, r) = number(r.trim_start())?;
                let r = r.strip_prefix('월')?;
                let (d, r) = number(r.trim_start())?;
                let r = r.strip_prefix('일')?;
                return Some((Date::new(y as i32, m as u8, d as u8)?, r));
            }
            // 2024. 3. 1.  /  2024-03-01  /  2024/03/01
            for sep in ['.', '-', '/'] {
                if let Some(r) = r.strip_prefix(sep) {
                    let (m, r) = number(r.trim_start())?;
                    let r = r.strip_prefix(sep)?;
                    let (d, r) = number(r.trim_start())?;
                    let r = if sep == '.' {
                        r.strip_prefix('.').unwrap_or(r)
                    } else {
                        r
                    };
                    return Some((Date::new(y as i32, m as u8, d as u8)?, r));
                }
            }
            return None;
        }
        // 1 March 2024
        let (word, r) = r.trim_start().split_once(' ')?;
        let month = month_from_name(word.trim_end_matches(','))?;
        let (year, r) = number(r.trim_start())?;
        return Some((Date::new(year as i32, month, y as u8)?, r));
    }
    // March 1, 2024
    let (word, r) = s.split_once(' ')?;
    let month = month_from_name(word)?;
    let (d, r) = number(r.trim_start())?;
    let r = r.strip_prefix(',').unwrap_or(r);
    let (year, r) = number(r.trim_start())?;
    Some((Date::new(year as i32, month, d as u8)?, r))
}

/// A date and a time at the start of `s` (`2024년 3월 1일 오후 9:05`,
/// `2024. 3. 1. 21:05`, `March 1, 2024, 9:05 PM`, `Mar 1, 2024 at 9:05 PM`,
/// `2024-03-01 21:05:00`). Returns (time, rest).
fn date_time(s: &str) -> Option<(LocalTime, &str)> {
    let (d, r) = date(s)?;
    let r = r.strip_prefix(',').unwrap_or(r).trim_start();
    let r = r.strip_prefix("at ").unwrap_or(r).trim_start();
    let (h, m, sec, r) = clock(r)?;
    Some((LocalTime::new(d, h, m, sec)?, r))
}

/// Weekday names a day line may carry.
const WEEKDAYS: &[&str] = &[
    "월요일",
    "화요일",
    "수요일",
    "목요일",
    "금요일",
    "토요일",
    "일요일",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A day line: `2024년 3월 1일 금요일`, `2024. 3. 1. 금요일`, `Friday, March
/// 1, 2024`, or a bare date between the dashes of the PC export. A bare date
/// without dashes or weekday is text (a date inside a message).
fn day_line(line: &str) -> Option<Date> {
    let t = line.trim_matches(|c: char| c == '-' || crate::text::is_space(c));
    let dashed = line.starts_with("---") && line.trim_end().ends_with("---");
    for w in WEEKDAYS {
        if let Some(r) = t.strip_prefix(w) {
            let r = r.strip_prefix(',')?.trim_start();
            let (d, rest) = date(r)?;
            return rest.trim().is_empty().then_some(d);
        }
    }
    let (d, rest) = date(t)?;
    let rest = rest.trim();
    ((rest.is_empty() && dashed) || WEEKDAYS.contains(&rest)).then_some(d)
}

/// `[NAME] [오후 9:05] text` (PC): (name, hour, minute, text).
fn pc_line(line: &str) -> Option<(&str, u8, u8, &str)> {
    let r = line.strip_prefix('[')?;
    let (name, r) = r.split_once("] [")?;
    let (time, text) = r.split_once(']')?;
    let (h, m, _, rest) = clock(time.trim())?;
    if !rest.trim().is_empty() || name.is_empty() {
        return None;
    }
    Some((name, h, m, text.strip_prefix(' ').unwrap_or(text)))
}

/// `DATE TIME, rest` (mobile): (time, rest).
fn dated_line(line: &str) -> Option<(LocalTime, &str)> {
    let (t, rest) = date_time(line)?;
    let rest = rest.strip_prefix(',').or_else(|| rest.strip_prefix(':'))?;
    Some((t, rest.trim_start()))
}

/// `TIME, rest` under a day line (some mobile versions): (h, m, rest).
fn timed_line(line: &str) -> Option<(u8, u8, &str)> {
    let (h, m, _, rest) = clock(line)?;
    let rest = rest.strip_prefix(',')?;
    Some((h, m, rest.trim_start()))
}

// ---------------------------------------------------------------------------
// Titles and markers.

/// The other person (or the group) a title line names.
fn title(line: &str) -> Option<&str> {
    let name = line
        .strip_suffix("님과 카카오톡 대화")
        .or_else(|| line.strip_suffix(" 님과 카카오톡 대화"))
        .or_else(|| line.strip_prefix("KakaoTalk Chats with "))
        .or_else(|| line.strip_suffix(" with KakaoTalk Chats"))?;
    let name = name.trim();
    (!name.is_empty()).then_some(name)
}

/// `저장한 날짜 : …` / `Date Saved : …`.
fn saved_line(line: &str) -> bool {
    ["저장한 날짜", "Date Saved", "Saved Date"].iter().any(|p| {
        line.strip_prefix(p)
            .is_some_and(|r| r.trim_start().starts_with(':'))
    })
}

/// The export time a saved-date line gives.
fn saved_time(line: &str) -> Option<LocalTime> {
    let (_, r) = line.split_once(':')?;
    date_time(r.trim()).map(|(t, _)| t)
}

/// System lines of the PC layout, which carry no name or time: joins,
/// leaves, invitations, removals.
fn pc_system(line: &str) -> bool {
    const ENDS: &[&str] = &[
        "님이 들어왔습니다.",
        "님이 나갔습니다.",
        "님을 초대했습니다.",
        "님을 초대하였습니다.",
        "님을 내보냈습니다.",
        "joined this chatroom.",
        "left this chatroom.",
        "to this chatroom.",
        "has entered.",
        "has left.",
    ];
    ENDS.iter().any(|e| line.ends_with(e))
}

/// What kind of message a text is: KakaoTalk's placeholders for media,
/// deleted messages and calls, in Korean and English.
fn kind_of(text: &str) -> Kind {
    let t = text.trim();
    let media = Kind::Media;
    let photo = t == "사진"
        || t == "Photo"
        || t == "Photos"
        || (t.starts_with("사진 ") && t.ends_with('장'))
        || (t.ends_with(" photos")
            && t.split(' ')
                .next()
                .is_some_and(|n| n.parse::<u32>().is_ok()));
    if photo {
        return media(MediaKind::Photo);
    }
    match t {
        "동영상" | "Video" | "Videos" => return media(MediaKind::Video),
        "이모티콘" | "(이모티콘)" | "Emoticon" | "Emoticons" | "(Emoticon)" => {
            return media(MediaKind::Sticker)
        }
        "음성메시지" | "Voice Message" | "Voice message" => return media(MediaKind::Audio),
        "삭제된 메시지입니다." | "This message has been deleted." | "Deleted message." => {
            return Kind::Deleted
        }
        _ => {}
    }
    if ["파일: ", "File: "].iter().any(|p| t.starts_with(p)) {
        return media(MediaKind::Document);
    }
    if ["연락처: ", "Contact: "].iter().any(|p| t.starts_with(p)) {
        return media(MediaKind::Contact);
    }
    if ["지도: ", "Location: "].iter().any(|p| t.starts_with(p)) {
        return media(MediaKind::Location);
    }
    const CALLS: &[&str] = &[
        "보이스톡",
        "페이스톡",
        "부재중 보이스톡",
        "부재중 페이스톡",
        "Voice Call",
        "Voice Talk",
        "Face Talk",
        "FaceTalk",
        "Missed Voice",
        "Missed Face",
        "Canceled Voice",
        "Canceled Face",
    ];
    let call = CALLS.iter().any(|p| t.starts_with(p));
    if call && t.chars().count() <= 30 {
        let missed = [
            "취소",
            "부재중",
            "응답없음",
            "Missed",
            "Canceled",
            "Cancelled",
            "No Answer",
        ]
        .iter()
        .any(|w| t.contains(w));
        return Kind::Call(if missed {
            CallKind::Missed
        } else {
            CallKind::Answered
        });
    }
    Kind::Text
}

/// The contact a file name gives: `KakaoTalk_Chat_NAME_2024-03-01-21-05-00.csv`
/// (Mac), `KakaoTalk_20240301_2105_33_123_NAME.txt` (PC).
fn contact_from_file_name(file_name: &str) -> Option<String> {
    let stem = crate::text::file_stem(file_name);
    let datey = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'-');
    if let Some(r) = stem.strip_prefix("KakaoTalk_Chat_") {
        let name = match r.rsplit_once('_') {
            Some((name, date)) if datey(date) => name,
            _ => r,
        };
        return Some(name.trim().to_owned()).filter(|n| !n.is_empty());
    }
    let r = stem.strip_prefix("KakaoTalk_")?;
    let parts: Vec<&str> = r.splitn(5, '_').collect();
    match parts[..] {
        [a, b, c, d, name] if [a, b, c, d].iter().all(|p| datey(p)) => {
            Some(name.trim().to_owned()).filter(|n| !n.is_empty())
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// The text layouts.

/// A message being built; its text grows with continuation lines.
struct Open {
    line: u32,
    time: LocalTime,
    sender: Option<String>,
    text: String,
    system: bool,
    /// Blank lines seen since the last line of the message (kept only when
    /// another continuation line follows).
    blanks: usize,
}

fn push(chat: &mut Chat, open: Open, display: &str) -> Result<(), ImportError> {
    let text = open.text.trim_end();
    let kind = if open.system || open.sender.is_none() {
        Kind::System
    } else {
        kind_of(text)
    };
    let sender = open.sender.as_deref().map(|n| chat.person(n));
    if !chat.push(open.line, open.time, sender, kind, text) {
        return Err(ImportError::text_full(display, Some(u64::from(open.line))));
    }
    Ok(())
}

fn parse_text(display: &str, file_name: &str, text: &str) -> Result<Chat, ImportError> {
    let mut chat = Chat::new(file_name, file_name, FORMAT);
    let mut contact = contact_from_file_name(file_name);
    let mut titled = false;
    let mut day: Option<Date> = None;
    let mut open: Option<Open> = None;
    let mut layouts = [0usize; 3]; // PC, dated mobile, timed mobile
    let mut skipped_leading = 0usize;
    let mut undated: Vec<u64> = Vec::new();
    let mut seen_content = false;
    for (i, raw) in text.split('\n').enumerate() {
        let n = i as u64 + 1;
        if raw.len() > MAX_LINE_BYTES {
            return Err(ImportError::line_too_long(display, n, raw.len()));
        }
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let line = trim_marks(raw);
        let line_no = u32::try_from(n).unwrap_or(u32::MAX);
        if line.is_empty() {
            if let Some(o) = open.as_mut() {
                o.blanks += 1;
            }
            continue;
        }
        if !seen_content {
            seen_content = true;
            if let Some(name) = title(line) {
                contact = Some(name.to_owned());
                titled = true;
                continue;
            }
        }
        if open.is_none() && chat.messages().is_empty() && saved_line(line) {
            chat.exported_at = saved_time(line);
            continue;
        }
        if let Some(d) = day_line(line) {
            if let Some(o) = open.take() {
                push(&mut chat, o, display)?;
            }
            day = Some(d);
            continue;
        }
        // The dashes some versions write above and below a day line.
        if line.len() >= 10 && line.bytes().all(|b| b == b'-') {
            continue;
        }
        let start = if let Some((name, h, m, body)) = pc_line(line) {
            layouts[0] += 1;
            match day.and_then(|d| LocalTime::new(d, h, m, 0)) {
                Some(time) => Some((time, Some(name), body, false)),
                None => {
                    undated.push(n);
                    None
                }
            }
        } else if let Some((time, rest)) = dated_line(line) {
            layouts[1] += 1;
            match rest.split_once(" : ") {
                Some((name, body)) if !name.trim().is_empty() => {
                    Some((time, Some(name.trim()), body, false))
                }
                _ => Some((time, None, rest, true)),
            }
        } else if let Some((h, m, rest)) = timed_line(line) {
            match (
                day.and_then(|d| LocalTime::new(d, h, m, 0)),
                rest.split_once(" : "),
            ) {
                (Some(time), Some((name, body))) if !name.trim().is_empty() => {
                    layouts[2] += 1;
                    Some((time, Some(name.trim()), body, false))
                }
                (Some(time), None) => {
                    layouts[2] += 1;
                    Some((time, None, rest, true))
                }
                _ => None,
            }
        } else {
            None
        };
        if let Some((time, sender, body, system)) = start {
            if let Some(o) = open.take() {
                push(&mut chat, o, display)?;
            }
            open = Some(Open {
                line: line_no,
                time,
                sender: sender.map(str::to_owned),
                text: body.to_owned(),
                system,
                blanks: 0,
            });
            continue;
        }
        // A join or leave line of the PC layout: a system line at the time
        // of the message before.
        if layouts[0] > 0 && pc_system(line) {
            let time = open
                .as_ref()
                .map(|o| o.time)
                .or_else(|| chat.messages().last().map(|m| m.time))
                .or_else(|| day.map(Date::start));
            if let Some(time) = time {
                if let Some(o) = open.take() {
                    push(&mut chat, o, display)?;
                }
                open = Some(Open {
                    line: line_no,
                    time,
                    sender: None,
                    text: line.to_owned(),
                    system: true,
                    blanks: 0,
                });
                continue;
            }
        }
        match open.as_mut() {
            Some(o) => {
                for _ in 0..o.blanks {
                    o.text.push('\n');
                }
                o.blanks = 0;
                o.text.push('\n');
                o.text.push_str(raw);
            }
            None => skipped_leading += 1,
        }
    }
    if let Some(o) = open.take() {
        push(&mut chat, o, display)?;
    }
    crate::text::day_line_notes(
        &mut chat,
        display,
        &undated,
        skipped_leading,
        "date line",
        "no line reads like a KakaoTalk message (`[Name] [오후 9:05] text`, `2024년 3월 1일 오후 9:05, Name : text` or `2024. 3. 1. 21:05, Name : text`)",
        |first| format!(
            "its messages (from line {first}) come before any date line (`--------------- 2024년 3월 1일 금요일 ---------------`)"
        ),
    )?;
    let layout = match layouts.iter().enumerate().max_by_key(|(_, &c)| c) {
        Some((0, _)) => "pc",
        Some((1, _)) => "mobile",
        _ => "mobile, times under day lines",
    };
    chat.detail = format!(
        "kakaotalk {layout} text{}",
        if titled { "" } else { ", no title line" }
    );
    if let Some(c) = contact {
        chat.name = c.clone();
        chat.contact = Some(c);
    }
    Ok(chat)
}

// ---------------------------------------------------------------------------
// The Mac CSV.

/// The columns of a `Date,User,Message` header: (date, user, message, count).
fn csv_header(line: &str) -> Option<(usize, usize, usize, usize)> {
    let names: Vec<String> = line
        .split(',')
        .map(|c| c.trim().trim_matches('"').to_lowercase())
        .collect();
    CSV_HEADERS.iter().find_map(|h| {
        let at = |n: &str| names.iter().position(|c| c == n);
        Some((at(h[0])?, at(h[1])?, at(h[2])?, names.len()))
    })
}

fn parse_csv(display: &str, file_name: &str, text: &str) -> Result<Chat, ImportError> {
    let err = |e: crate::csv::CsvError| e.at(display);
    let mut records = crate::csv::Records::new(text);
    let Some((_, header)) = records.next_record().map_err(err)? else {
        return Err(ImportError::invalid(display, None, "the file is empty"));
    };
    let (date_col, user_col, text_col, count) = csv_header(&header.join(",")).ok_or_else(|| {
        ImportError::invalid(display, Some(1), "expected the header `Date,User,Message`")
    })?;
    let mut chat = Chat::new(file_name, file_name, FORMAT);
    while let Some((line, fields)) = records.next_record().map_err(err)? {
        let at = |msg: String| ImportError::invalid(display, Some(line), msg);
        if fields.len() != count {
            return Err(at(format!(
                "expected {count} fields like the header (Date,User,Message), got {}",
                fields.len()
            )));
        }
        let raw = fields[date_col].trim();
        let time = date_time(raw)
            .filter(|(_, rest)| rest.trim().is_empty())
            .map(|(t, _)| t)
            .ok_or_else(|| {
                at(format!(
                    "Date: expected a time like 2024-03-01 21:05:00, got {}",
                    quote(raw)
                ))
            })?;
        let user = fields[user_col].trim();
        let body = &fields[text_col];
        let line32 = u32::try_from(line).unwrap_or(u32::MAX);
        let (sender, kind) = if user.is_empty() {
            (None, Kind::System)
        } else {
            (Some(chat.person(user)), kind_of(body))
        };
        if !chat.push(line32, time, sender, kind, body) {
            return Err(ImportError::text_full(display, Some(line)));
        }
    }
    if chat.messages().is_empty() {
        return Err(ImportError::invalid(
            display,
            None,
            "the file holds no messages (only the header `Date,User,Message`)",
        ));
    }
    chat.detail = "kakaotalk mac csv".into();
    if let Some(c) = contact_from_file_name(file_name) {
        chat.name = c.clone();
        chat.contact = Some(c);
    }
    Ok(chat)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> String {
        date_time(s).map_or("-".into(), |(t, rest)| format!("{t}|{rest}"))
    }

    #[test]
    fn dates_and_times_in_every_layout() {
        assert_eq!(
            t("2024년 3월 1일 오후 9:05, A : x"),
            "2024-03-01T21:05:00|, A : x"
        );
        assert_eq!(t("2024년 3월 1일 오전 12:30"), "2024-03-01T00:30:00|");
        assert_eq!(
            t("2024. 3. 1. 오후 9:05, A : x"),
            "2024-03-01T21:05:00|, A : x"
        );
        assert_eq!(t("2024. 3. 1. 21:05, A : x"), "2024-03-01T21:05:00|, A : x");
        assert_eq!(t("2024-03-01 21:05:33"), "2024-03-01T21:05:33|");
        assert_eq!(
            t("March 1, 2024, 9:05 PM, A : x"),
            "2024-03-01T21:05:00|, A : x"
        );
        assert_eq!(
            t("Mar 1, 2024 at 9:05 PM, A : x"),
            "2024-03-01T21:05:00|, A : x"
        );
        assert_eq!(
            t("1 March 2024 at 21:05, A : x"),
            "2024-03-01T21:05:00|, A : x"
        );
        assert_eq!(t("2024년 2월 30일 오후 9:05"), "-");
        assert_eq!(t("2024. 3. 1. 오후 13:05"), "-");
        assert_eq!(t("2024. 3. 1. 25:05"), "-");
        assert_eq!(t("hello, there"), "-");
        assert_eq!(
            day_line("--------------- 2024년 3월 1일 금요일 ---------------"),
            Date::new(2024, 3, 1)
        );
        assert_eq!(
            day_line("--------------- Friday, March 1, 2024 ---------------"),
            Date::new(2024, 3, 1)
        );
        assert_eq!(day_line("2024. 3. 1. 금요일"), Date::new(2024, 3, 1));
        assert_eq!(day_line("Friday, March 1, 2024"), Date::new(2024, 3, 1));
        assert_eq!(day_line("2024년 3월 1일 오후 9:05, A : x"), None);
        assert_eq!(day_line("see you on March 1, 2024"), None);
        assert_eq!(
            pc_line("[민지] [오후 9:05] 안녕"),
            Some(("민지", 21, 5, "안녕"))
        );
        assert_eq!(
            pc_line("[Min] [9:05 PM] hi [there]"),
            Some(("Min", 21, 5, "hi [there]"))
        );
        assert_eq!(pc_line("[18/03/2024, 14:56:01] Jordan: hi"), None);
    }

    #[test]
    fn placeholders() {
        assert_eq!(kind_of("사진"), Kind::Media(MediaKind::Photo));
        assert_eq!(kind_of("사진 3장"), Kind::Media(MediaKind::Photo));
        assert_eq!(kind_of("3 photos"), Kind::Media(MediaKind::Photo));
        assert_eq!(kind_of("이모티콘"), Kind::Media(MediaKind::Sticker));
        assert_eq!(kind_of("음성메시지"), Kind::Media(MediaKind::Audio));
        assert_eq!(
            kind_of("파일: 계약서.pdf"),
            Kind::Media(MediaKind::Document)
        );
        assert_eq!(kind_of("삭제된 메시지입니다."), Kind::Deleted);
        assert_eq!(kind_of("보이스톡 12:04"), Kind::Call(CallKind::Answered));
        assert_eq!(kind_of("보이스톡 취소"), Kind::Call(CallKind::Missed));
        assert_eq!(kind_of("부재중 보이스톡"), Kind::Call(CallKind::Missed));
        assert_eq!(kind_of("Missed Voice Call"), Kind::Call(CallKind::Missed));
        assert_eq!(kind_of("사진 보내줘"), Kind::Text);
        assert_eq!(
            kind_of("보이스톡 하자 내일 저녁에 시간 되면 연락 줘 제발 꼭이야 알겠지"),
            Kind::Text
        );
    }

    #[test]
    fn file_names() {
        assert_eq!(
            contact_from_file_name("KakaoTalk_Chat_민지_2024-03-01-21-05-00.csv").as_deref(),
            Some("민지")
        );
        assert_eq!(
            contact_from_file_name("KakaoTalk_20240301_2105_33_123_Min Park.txt").as_deref(),
            Some("Min Park")
        );
        assert_eq!(contact_from_file_name("Talk_2024.3.1 21:05-1.txt"), None);
    }
}
