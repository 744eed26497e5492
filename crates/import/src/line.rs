//! LINE text exports ("Send chat history" / "トーク履歴を送信").
//!
//! ```text
//! [LINE] Chat history with Aiko          (title; in a group: "Chat history in GROUP")
//! Saved on: 2024/03/02 09:30            (when the export was made)
//!
//! 2024/03/01(Fri)                        (a day line)
//! 21:05<TAB>Aiko<TAB>are you home?       (time, name and text, tab-separated)
//! 21:06<TAB>Ren<TAB>"two                 (a multi-line text, in double quotes)
//! lines"
//! 21:07<TAB><TAB>Aiko joined the group.  (no name: a system line)
//! ```
//!
//! The title, saved-on and day lines are written in the app's language:
//! English (`Chat history with NAME`, `Saved on:`, `2024/03/01(Fri)` or
//! `Fri, 03/01/2024`), Japanese (`NAMEとのトーク履歴`, `保存日時：`,
//! `2024/03/01(金)`), Chinese (`与NAME的聊天记录` / `與NAME的聊天記錄`,
//! `保存日期：`, `2024/03/01（週五）`, `2024/3/1周五`) and Thai
//! (`ประวัติการสนทนากับ NAME`, `บันทึกวันที่:`, Buddhist years such as 2567).
//! Times are 24-hour (`21:05`) or 12-hour (`9:05 PM`, `下午9:05`, `午後9:05`).
//! The desktop app's `2024.03.01 Friday` day lines are read too.
//!
//! Placeholders (`[Photo]`, `[スタンプ]`, `[照片]`, …) become media, `☎`
//! lines calls, unsent messages deleted ones. The other person of a 1:1 chat
//! is the one the title names.

use pullaway_chat::{CallKind, Chat, Date, Kind, LocalTime, MediaKind};

use crate::limits::MAX_LINE_BYTES;
use crate::text::{hour_24, leading_number as number, trim_marks};
use crate::ImportError;

const FORMAT: &str = "line";
const SNIFF_BYTES: usize = 64 * 1024;

/// Whether the bytes look like a LINE text export: the `[LINE]` title (or
/// `Chat history with`), or, without one, day lines followed by
/// tab-separated message lines.
pub fn looks_like(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let (text, _) = crate::text::decode("", head);
    let mut lines = text
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !trim_marks(l).is_empty());
    let Some(first) = lines.next() else {
        return false;
    };
    if title(trim_marks(first)).is_some() || trim_marks(first).starts_with("[LINE]") {
        return true;
    }
    let mut days = 0;
    let mut messages = 0;
    for l in std::iter::once(first).chain(lines).take(40) {
        if day_line(trim_marks(l)).is_some() {
            days += 1;
        } else if message_line(l).is_some_and(|m| m.name.is_some()) {
            messages += 1;
        }
    }
    days >= 1 && messages >= 2
}

/// Reads a LINE text export into one chat.
pub fn parse(
    display: &str,
    file_name: &str,
    bytes: &[u8],
    _tz: &jiff::tz::TimeZone,
) -> Result<Vec<Chat>, ImportError> {
    let (text, warning) = crate::text::decode(display, bytes);
    let mut chat = parse_text(display, file_name, &text)?;
    chat.warnings.extend(warning);
    chat.sort();
    Ok(vec![chat])
}

// ---------------------------------------------------------------------------
// Lines.

/// The chat a title line names, and whether it is a group.
fn title(line: &str) -> Option<(&str, bool)> {
    let t = line.strip_prefix("[LINE]").unwrap_or(line).trim_start();
    let found = if let Some(n) = t.strip_prefix("Chat history with ") {
        (n, false)
    } else if let Some(n) = t.strip_prefix("Chat history in ") {
        (n, true)
    } else if let Some(n) = t
        .strip_prefix("ประวัติการสนทนากับ")
        .or_else(|| t.strip_prefix("ประวัติแชทกับ"))
    {
        (n, false)
    } else if let Some(n) = t
        .strip_prefix("ประวัติการสนทนาใน")
        .or_else(|| t.strip_prefix("ประวัติแชทใน"))
    {
        (n, true)
    } else if !line.starts_with("[LINE]") {
        return None;
    } else if let Some(n) = t.strip_suffix("とのトーク履歴") {
        (n, false)
    } else if let Some(n) = t.strip_suffix("のトーク履歴") {
        (n, true)
    } else if let Some(n) = t
        .strip_prefix('与')
        .and_then(|r| r.strip_suffix("的聊天记录"))
        .or_else(|| {
            t.strip_prefix('與')
                .and_then(|r| r.strip_suffix("的聊天記錄"))
        })
    {
        (n, false)
    } else if let Some(n) = t
        .strip_suffix("的聊天记录")
        .or_else(|| t.strip_suffix("的聊天記錄"))
    {
        (n, true)
    } else if let Some(n) = t.strip_suffix("님과의 대화") {
        (n, false)
    } else {
        return None;
    };
    let name = found.0.trim();
    (!name.is_empty()).then_some((name, found.1))
}

/// A year as written: Thai exports count Buddhist years (2567 = 2024).
fn year(y: u32) -> i32 {
    if y >= 2400 {
        y as i32 - 543
    } else {
        y as i32
    }
}

/// English weekday names and abbreviations (`Friday`, `Fri`).
fn is_weekday(word: &str) -> bool {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    w.len() >= 3 && DAYS.iter().any(|d| d.starts_with(&w))
}

/// A day line: `2024/03/01(Fri)`, `2024/3/1（金）`, `2024/3/1周五`,
/// `2024.03.01 Friday`, `Fri, 03/01/2024`, `2567/03/01(ศ.)`.
fn day_line(line: &str) -> Option<Date> {
    if line.contains('\t') || line.len() > 60 {
        return None;
    }
    // `Fri, 03/01/2024` (month first).
    if let Some((word, r)) = line.split_once(", ") {
        if is_weekday(word) {
            let (m, r) = number(r.trim_start())?;
            let (d, r) = number(r.strip_prefix('/')?)?;
            let (y, r) = number(r.strip_prefix('/')?)?;
            return r
                .trim()
                .is_empty()
                .then(|| Date::new(year(y), m as u8, d as u8))?;
        }
    }
    let (y, r) = number(line)?;
    if y < 1970 {
        return None;
    }
    let sep = r.chars().next()?;
    if sep != '/' && sep != '.' {
        return None;
    }
    let (m, r) = number(&r[1..])?;
    let (d, r) = number(r.strip_prefix(sep)?)?;
    let rest = r.trim();
    // What may follow: nothing, a weekday in brackets, or a weekday word.
    let ok = rest.is_empty()
        || rest.starts_with(['(', '（'])
        || rest.starts_with(['周', '週', '星'])
        || is_weekday(rest)
        || (sep == '.' && !rest.starts_with(|c: char| c.is_ascii_digit() || c == ':'));
    if !ok {
        return None;
    }
    Date::new(year(y), m as u8, d as u8)
}

/// A clock time: `21:05`, `9:05 PM`, `9:05PM`, `下午9:05`, `午後9:05`,
/// `오후 9:05`, `21:05 น.`.
fn clock(s: &str) -> Option<(u8, u8)> {
    let s = s.trim();
    let mut pm = None;
    let mut t = s;
    for (p, is_pm) in [
        ("上午", false),
        ("下午", true),
        ("午前", false),
        ("午後", true),
        ("오전", false),
        ("오후", true),
    ] {
        if let Some(r) = t.strip_prefix(p) {
            pm = Some(is_pm);
            t = r.trim_start();
            break;
        }
    }
    let (h, r) = number(t)?;
    let (m, r) = number(r.strip_prefix(':')?)?;
    let r = r.trim();
    let r = r.strip_suffix("น.").map_or(r, str::trim);
    if pm.is_none() {
        pm = match r.to_ascii_lowercase().as_str() {
            "" => None,
            "am" | "a.m." => Some(false),
            "pm" | "p.m." => Some(true),
            _ => return None,
        };
    } else if !r.is_empty() {
        return None;
    }
    let h = hour_24(h, pm)?;
    (m < 60).then_some((h as u8, m as u8))
}

/// A message line split: time, name (`None` for a system line), text.
struct Line<'a> {
    hour: u8,
    minute: u8,
    name: Option<&'a str>,
    text: &'a str,
}

/// `TIME<TAB>NAME<TAB>TEXT`, or `TIME<TAB><TAB>TEXT` / `TIME<TAB>TEXT` for a
/// system line.
fn message_line(line: &str) -> Option<Line<'_>> {
    let mut parts = line.splitn(3, '\t');
    let (hour, minute) = clock(trim_marks(parts.next()?))?;
    let second = parts.next()?;
    match parts.next() {
        Some(text) => {
            let name = trim_marks(second);
            Some(Line {
                hour,
                minute,
                name: (!name.is_empty()).then_some(name),
                text,
            })
        }
        None => Some(Line {
            hour,
            minute,
            name: None,
            text: second,
        }),
    }
}

/// The saved-on line's label, in the languages LINE writes it.
const SAVED: &[&str] = &[
    "Saved on",
    "保存日時",
    "保存日期",
    "儲存日期",
    "บันทึกวันที่",
    "บันทึกเมื่อ",
    "저장한 날짜",
];

/// Whether a line is the saved-on line (`Saved on: 2024/03/02 09:30`).
fn saved_line(line: &str) -> bool {
    SAVED.iter().any(|p| {
        line.strip_prefix(p)
            .is_some_and(|r| r.trim_start().starts_with([':', '：']))
    })
}

/// The export time a saved-on line gives: `2024/03/02 09:30`, or `3/2/2024,
/// 9:30 AM` (month first).
fn saved_time(line: &str) -> Option<LocalTime> {
    let at = line.find([':', '：'])?;
    let rest = line[at..].trim_start_matches([':', '：']).trim();
    let (date_part, time_part) = rest.split_once(' ')?;
    let date_part = date_part.trim_end_matches(',');
    let d = day_line(date_part).or_else(|| {
        let (m, r) = number(date_part)?;
        let (d, r) = number(r.strip_prefix('/')?)?;
        let (y, r) = number(r.strip_prefix('/')?)?;
        r.is_empty().then(|| Date::new(year(y), m as u8, d as u8))?
    })?;
    let (h, m) = clock(time_part)?;
    LocalTime::new(d, h, m, 0)
}

/// What kind of message a text is: LINE's placeholders, in English,
/// Japanese, Chinese, Thai and Korean; `☎` lines are calls.
fn kind_of(text: &str) -> Kind {
    let t = trim_marks(text);
    const MEDIA: &[(&str, MediaKind)] = &[
        ("[Photo]", MediaKind::Photo),
        ("[写真]", MediaKind::Photo),
        ("[画像]", MediaKind::Photo),
        ("[照片]", MediaKind::Photo),
        ("[图片]", MediaKind::Photo),
        ("[圖片]", MediaKind::Photo),
        ("[รูป]", MediaKind::Photo),
        ("[รูปภาพ]", MediaKind::Photo),
        ("[ภาพ]", MediaKind::Photo),
        ("[사진]", MediaKind::Photo),
        ("[Album]", MediaKind::Photo),
        ("[アルバム]", MediaKind::Photo),
        ("[Video]", MediaKind::Video),
        ("[動画]", MediaKind::Video),
        ("[视频]", MediaKind::Video),
        ("[影片]", MediaKind::Video),
        ("[วิดีโอ]", MediaKind::Video),
        ("[동영상]", MediaKind::Video),
        ("[Sticker]", MediaKind::Sticker),
        ("[スタンプ]", MediaKind::Sticker),
        ("[贴图]", MediaKind::Sticker),
        ("[貼圖]", MediaKind::Sticker),
        ("[สติกเกอร์]", MediaKind::Sticker),
        ("[스티커]", MediaKind::Sticker),
        ("[GIF]", MediaKind::Gif),
        ("[Voice message]", MediaKind::Audio),
        ("[Audio]", MediaKind::Audio),
        ("[ボイスメッセージ]", MediaKind::Audio),
        ("[语音信息]", MediaKind::Audio),
        ("[語音訊息]", MediaKind::Audio),
        ("[ข้อความเสียง]", MediaKind::Audio),
        ("[음성 메시지]", MediaKind::Audio),
        ("[File]", MediaKind::Document),
        ("[ファイル]", MediaKind::Document),
        ("[文件]", MediaKind::Document),
        ("[檔案]", MediaKind::Document),
        ("[ไฟล์]", MediaKind::Document),
        ("[파일]", MediaKind::Document),
        ("[Location]", MediaKind::Location),
        ("[位置情報]", MediaKind::Location),
        ("[位置]", MediaKind::Location),
        ("[ตำแหน่ง]", MediaKind::Location),
        ("[ตำแหน่งที่ตั้ง]", MediaKind::Location),
        ("[위치 정보]", MediaKind::Location),
        ("[Contact]", MediaKind::Contact),
        ("[連絡先]", MediaKind::Contact),
        ("[联系人]", MediaKind::Contact),
        ("[聯絡資訊]", MediaKind::Contact),
        ("[ผู้ติดต่อ]", MediaKind::Contact),
        ("[연락처]", MediaKind::Contact),
    ];
    for (marker, kind) in MEDIA {
        if let Some(rest) = t.strip_prefix(marker) {
            if rest.is_empty() || rest.starts_with(' ') {
                return Kind::Media(*kind);
            }
        }
    }
    const UNSENT: &[&str] = &[
        "Message unsent.",
        "unsent a message.",
        "メッセージの送信を取り消しました",
        "送信を取り消しました",
        "已收回訊息",
        "撤回了一条消息",
        "收回了訊息",
        "ยกเลิกข้อความ",
        "메시지 전송을 취소했습니다",
    ];
    if UNSENT.iter().any(|u| t.ends_with(u)) {
        return Kind::Deleted;
    }
    if let Some(call) = t.strip_prefix('☎') {
        const MISSED: &[&str] = &[
            "Missed",
            "Canceled",
            "Cancelled",
            "No answer",
            "不在着信",
            "キャンセル",
            "応答なし",
            "未接",
            "取消",
            "無人接聽",
            "无人接听",
            "ไม่ได้รับ",
            "ยกเลิก",
            "부재중",
            "취소",
        ];
        let missed = MISSED.iter().any(|w| call.contains(w));
        return Kind::Call(if missed {
            CallKind::Missed
        } else {
            CallKind::Answered
        });
    }
    Kind::Text
}

/// The chat a file name gives: `[LINE] Chat with Aiko.txt`, `[LINE] Aiko.txt`.
fn name_from_file(file_name: &str) -> Option<String> {
    let stem = crate::text::file_stem(file_name);
    let r = stem.strip_prefix("[LINE]")?.trim();
    let r = r
        .strip_prefix("Chat history with ")
        .or_else(|| r.strip_prefix("Chat with "))
        .unwrap_or(r)
        .trim();
    (!r.is_empty()).then(|| r.to_owned())
}

// ---------------------------------------------------------------------------
// The file.

/// A message being built: continuation lines extend it.
struct Open {
    line: u32,
    time: LocalTime,
    name: Option<String>,
    text: String,
    /// Inside a `"…"` multi-line text whose closing quote is not seen yet.
    quoted: bool,
    /// Blank lines since the message's last line (kept only when more of
    /// the message follows).
    blanks: usize,
}

fn push(chat: &mut Chat, open: Open, display: &str) -> Result<(), ImportError> {
    let text = open.text.trim_end();
    let kind = match open.name {
        Some(_) => kind_of(text),
        None => Kind::System,
    };
    let sender = open.name.as_deref().map(|n| chat.person(n));
    if !chat.push(open.line, open.time, sender, kind, text) {
        return Err(ImportError::text_full(display, Some(u64::from(open.line))));
    }
    Ok(())
}

fn parse_text(display: &str, file_name: &str, text: &str) -> Result<Chat, ImportError> {
    let mut chat = Chat::new(file_name, file_name, FORMAT);
    let mut titled: Option<(String, bool)> = None;
    let mut day: Option<Date> = None;
    let mut open: Option<Open> = None;
    let mut seen_content = false;
    let mut skipped_leading = 0usize;
    let mut undated: Vec<u64> = Vec::new();
    let mut unclosed: Vec<u32> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let n = i as u64 + 1;
        if raw.len() > MAX_LINE_BYTES {
            return Err(ImportError::line_too_long(display, n, raw.len()));
        }
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let line = trim_marks(raw);
        if !seen_content && !line.is_empty() {
            seen_content = true;
            if let Some((name, group)) = title(line) {
                titled = Some((name.to_owned(), group));
                continue;
            }
        }
        if day.is_none() && open.is_none() && saved_line(line) {
            chat.exported_at = saved_time(line);
            continue;
        }
        if let Some(d) = day_line(line) {
            if let Some(o) = open.take() {
                if o.quoted {
                    unclosed.push(o.line);
                }
                push(&mut chat, o, display)?;
            }
            day = Some(d);
            continue;
        }
        if let Some(m) = message_line(raw) {
            let Some(time) = day.and_then(|d| LocalTime::new(d, m.hour, m.minute, 0)) else {
                undated.push(n);
                continue;
            };
            if let Some(o) = open.take() {
                if o.quoted {
                    unclosed.push(o.line);
                }
                push(&mut chat, o, display)?;
            }
            let body = m.text;
            // `"…` opens a multi-line text that a line ending in `"` closes.
            let (body, quoted) = match body.strip_prefix('"') {
                Some(rest) if !rest.ends_with('"') || rest.is_empty() => (rest, true),
                _ => (body, false),
            };
            open = Some(Open {
                line: u32::try_from(n).unwrap_or(u32::MAX),
                time,
                name: m.name.map(str::to_owned),
                text: body.to_owned(),
                quoted,
                blanks: 0,
            });
            continue;
        }
        match open.as_mut() {
            Some(o) if line.is_empty() => o.blanks += 1,
            Some(o) => {
                for _ in 0..o.blanks {
                    o.text.push('\n');
                }
                o.blanks = 0;
                let mut piece = raw;
                if o.quoted {
                    if let Some(stripped) = piece.strip_suffix('"') {
                        piece = stripped;
                        o.quoted = false;
                    }
                }
                o.text.push('\n');
                o.text.push_str(piece);
            }
            None if !line.is_empty() => skipped_leading += 1,
            None => {}
        }
    }
    if let Some(o) = open.take() {
        if o.quoted {
            unclosed.push(o.line);
        }
        push(&mut chat, o, display)?;
    }
    crate::text::day_line_notes(
        &mut chat,
        display,
        &undated,
        skipped_leading,
        "day line",
        "no line reads like a LINE message (`21:05<TAB>Name<TAB>text` under a day line such as `2024/03/01(Fri)`)",
        |first| format!(
            "its messages (from line {first}) come before any day line such as `2024/03/01(Fri)`"
        ),
    )?;
    if !unclosed.is_empty() {
        chat.warnings.push(format!(
            "{display}: {} quoted message(s) have no closing quote; each ends where the next message starts (the first at line {})",
            unclosed.len(),
            unclosed[0]
        ));
    }
    chat.detail = match &titled {
        Some((_, true)) => "line text export (group)".to_owned(),
        Some(_) => "line text export".to_owned(),
        None => "line text export, no title line".to_owned(),
    };
    let name = titled
        .as_ref()
        .map(|(n, _)| n.clone())
        .or_else(|| name_from_file(file_name));
    if let Some(n) = name {
        chat.name = n.clone();
        if !titled.as_ref().is_some_and(|(_, group)| *group) {
            chat.contact = Some(n);
        }
    }
    Ok(chat)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_in_every_language() {
        assert_eq!(
            title("[LINE] Chat history with Aiko"),
            Some(("Aiko", false))
        );
        assert_eq!(
            title("[LINE] Chat history in Climbing"),
            Some(("Climbing", true))
        );
        assert_eq!(title("[LINE] 愛子とのトーク履歴"), Some(("愛子", false)));
        assert_eq!(title("[LINE] 山岳部のトーク履歴"), Some(("山岳部", true)));
        assert_eq!(title("[LINE] 与小美的聊天记录"), Some(("小美", false)));
        assert_eq!(title("[LINE] 與小美的聊天記錄"), Some(("小美", false)));
        assert_eq!(title("[LINE] 登山社的聊天記錄"), Some(("登山社", true)));
        assert_eq!(title("[LINE] ประวัติการสนทนากับ มาลี"), Some(("มาลี", false)));
        assert_eq!(title("Chat history with Aiko"), Some(("Aiko", false)));
        assert_eq!(title("Aikoとのトーク履歴"), None);
        assert_eq!(title("hello"), None);
    }

    #[test]
    fn day_lines_and_clocks() {
        let d = |y, m, day| Date::new(y, m, day);
        assert_eq!(day_line("2024/03/01(Fri)"), d(2024, 3, 1));
        assert_eq!(day_line("2024/3/1（金）"), d(2024, 3, 1));
        assert_eq!(day_line("2024/3/1周五"), d(2024, 3, 1));
        assert_eq!(day_line("2024/03/01（週五）"), d(2024, 3, 1));
        assert_eq!(day_line("2024.03.01 Friday"), d(2024, 3, 1));
        assert_eq!(day_line("Fri, 03/01/2024"), d(2024, 3, 1));
        assert_eq!(day_line("2567/03/01(ศ.)"), d(2024, 3, 1));
        assert_eq!(day_line("2024/02/30(Fri)"), None);
        assert_eq!(day_line("2024/03/01 21:05"), None);
        assert_eq!(day_line("21:05\tAiko\t2024/03/01(Fri)"), None);
        assert_eq!(clock("21:05"), Some((21, 5)));
        assert_eq!(clock("9:05 PM"), Some((21, 5)));
        assert_eq!(clock("12:10am"), Some((0, 10)));
        assert_eq!(clock("下午9:05"), Some((21, 5)));
        assert_eq!(clock("午前12:30"), Some((0, 30)));
        assert_eq!(clock("오후 9:05"), Some((21, 5)));
        assert_eq!(clock("21:05 น."), Some((21, 5)));
        assert_eq!(clock("25:00"), None);
        assert_eq!(clock("13:00 PM"), None);
        assert_eq!(clock("9:05 tomorrow"), None);
    }

    #[test]
    fn placeholders_calls_and_unsent() {
        assert_eq!(kind_of("[Photo]"), Kind::Media(MediaKind::Photo));
        assert_eq!(kind_of("[スタンプ]"), Kind::Media(MediaKind::Sticker));
        assert_eq!(kind_of("[貼圖]"), Kind::Media(MediaKind::Sticker));
        assert_eq!(kind_of("[ภาพ]"), Kind::Media(MediaKind::Photo));
        assert_eq!(kind_of("[File] plan.pdf"), Kind::Media(MediaKind::Document));
        assert_eq!(kind_of("[Photo]graphy is fun"), Kind::Text);
        assert_eq!(kind_of("☎ Call time 12:31"), Kind::Call(CallKind::Answered));
        assert_eq!(kind_of("☎ 通話時間 0:42"), Kind::Call(CallKind::Answered));
        assert_eq!(kind_of("☎ Missed call"), Kind::Call(CallKind::Missed));
        assert_eq!(kind_of("☎ 不在着信"), Kind::Call(CallKind::Missed));
        assert_eq!(kind_of("☎ 未接來電"), Kind::Call(CallKind::Missed));
        assert_eq!(kind_of("Aiko unsent a message."), Kind::Deleted);
        assert_eq!(kind_of("メッセージの送信を取り消しました"), Kind::Deleted);
    }
}
