//! Classifies a message body with the marker lexicon
//! (`lexicons/whatsapp/markers.tsv`): media placeholders, deleted and edited
//! markers, calls and system notices, in every language the lexicon lists.
//!
//! The lexicon is data: adding a language means adding lines there, not code.
//! Matching is ASCII-case-insensitive, and cheap filters (lengths, first and
//! last bytes, a gate byte for `contains`) keep ordinary messages from being
//! compared with hundreds of patterns.

use std::collections::HashMap;
use std::sync::OnceLock;

use pullaway_chat::{CallKind, Kind, MediaKind};

use crate::text::{is_invisible, trim_marks};

const LEXICON: &str = include_str!("../../../../lexicons/whatsapp/markers.tsv");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Kind(Kind),
    Edited,
}

struct Pattern {
    lower: Vec<u8>,
    class: Class,
}

pub struct Markers {
    exact: HashMap<Vec<u8>, Class>,
    exact_max: usize,
    prefix: Vec<Pattern>,
    prefix_first: [bool; 256],
    suffix: Vec<Pattern>,
    suffix_last: [bool; 256],
    /// `contains` patterns that have a gate byte, and those that do not.
    gated: Vec<(u8, Pattern)>,
    ungated: Vec<Pattern>,
}

/// The outcome for one body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Classified {
    pub kind: Kind,
    pub edited: bool,
    /// Length of the body once an "edited" marker is cut off.
    pub len: usize,
}

fn parse_kind(s: &str, text: &str) -> Option<Class> {
    let lower = text.to_ascii_lowercase();
    let media = |k| Some(Class::Kind(Kind::Media(k)));
    Some(match s {
        "edited" => Class::Edited,
        "deleted" => Class::Kind(Kind::Deleted),
        "system" => Class::Kind(Kind::System),
        "call" => {
            let missed = ["missed", "verpasst", "perdida", "manqué", "persa", "perdida", "gemist", "nepřijat", "пропущ"];
            if missed.iter().any(|m| lower.contains(m)) {
                Class::Kind(Kind::Call(CallKind::Missed))
            } else {
                Class::Kind(Kind::Call(CallKind::Answered))
            }
        }
        "media" => return media(media_kind_of(&lower)),
        other => {
            let sub = other.strip_prefix("media:")?;
            return media(match sub {
                "photo" => MediaKind::Photo,
                "video" => MediaKind::Video,
                "audio" => MediaKind::Audio,
                "sticker" => MediaKind::Sticker,
                "gif" => MediaKind::Gif,
                "document" => MediaKind::Document,
                "contact" => MediaKind::Contact,
                "location" => MediaKind::Location,
                _ => MediaKind::Unknown,
            });
        }
    })
}

/// Guesses the media kind from a marker or an attached file name.
pub fn media_kind_of(lower: &str) -> MediaKind {
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    if has(&["ptt-", "aud-", "audio", "opus", "voice", "sprach", "голос", "аудио", "audio omis"]) {
        MediaKind::Audio
    } else if has(&["stk-", "sticker", "webp"]) {
        MediaKind::Sticker
    } else if has(&["gif"]) {
        MediaKind::Gif
    } else if has(&["vid-", "video", "vídeo", "vidéo", ".mp4", "видео"]) {
        MediaKind::Video
    } else if has(&["img-", "photo", "image", "bild", "imagen", "immagine", "imagem", ".jpg", "obrázek", "изображ", "foto"]) {
        MediaKind::Photo
    } else if has(&[".vcf", "contact", "kontakt"]) {
        MediaKind::Contact
    } else if has(&["location", "maps.google", "standort", "ubicación"]) {
        MediaKind::Location
    } else if has(&["doc-", "document", "dokument", ".pdf", ".docx"]) {
        MediaKind::Document
    } else {
        MediaKind::Unknown
    }
}

fn lower_bytes(s: &str) -> Vec<u8> {
    s.bytes().map(|b| b.to_ascii_lowercase()).collect()
}

const GATES: &[u8] = b"(<:\"";

impl Markers {
    pub fn from_tsv(tsv: &str) -> Result<Markers, String> {
        let mut m = Markers {
            exact: HashMap::new(),
            exact_max: 0,
            prefix: Vec::new(),
            prefix_first: [false; 256],
            suffix: Vec::new(),
            suffix_last: [false; 256],
            gated: Vec::new(),
            ungated: Vec::new(),
        };
        for (n, line) in tsv.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let [kind, how, text] = cols[..] else {
                return Err(format!("markers.tsv:{}: expected 3 tab-separated columns, got {}", n + 1, cols.len()));
            };
            let class = parse_kind(kind, text).ok_or_else(|| format!("markers.tsv:{}: unknown kind {kind:?}", n + 1))?;
            let pat = Pattern { lower: lower_bytes(text), class };
            match how {
                "exact" => {
                    m.exact_max = m.exact_max.max(pat.lower.len());
                    m.exact.insert(pat.lower, class);
                }
                "prefix" => {
                    let b = *pat.lower.first().ok_or("empty prefix")?;
                    m.prefix_first[b as usize] = true;
                    m.prefix.push(pat);
                }
                "suffix" => {
                    let b = *pat.lower.last().ok_or("empty suffix")?;
                    m.suffix_last[b as usize] = true;
                    m.suffix.push(pat);
                }
                "contains" => match pat.lower.iter().find(|b| GATES.contains(b)) {
                    Some(&g) => m.gated.push((g, pat)),
                    None => m.ungated.push(pat),
                },
                other => return Err(format!("markers.tsv:{}: unknown match {other:?}", n + 1)),
            }
        }
        Ok(m)
    }

    /// The built-in lexicon.
    pub fn builtin() -> &'static Markers {
        static M: OnceLock<Markers> = OnceLock::new();
        M.get_or_init(|| Markers::from_tsv(LEXICON).expect("the bundled markers.tsv is valid"))
    }

    fn find(&self, lower: &[u8], system_only: bool) -> Option<Class> {
        let keep = |c: Class| !system_only || c == Class::Kind(Kind::System);
        if lower.len() <= self.exact_max {
            if let Some(&c) = self.exact.get(lower) {
                if keep(c) {
                    return Some(c);
                }
            }
        }
        let (&first, &last) = (lower.first()?, lower.last()?);
        if self.prefix_first[first as usize] {
            if let Some(p) = self.prefix.iter().find(|p| lower.starts_with(&p.lower) && keep(p.class)) {
                return Some(p.class);
            }
        }
        if self.suffix_last[last as usize] {
            if let Some(p) = self.suffix.iter().find(|p| lower.ends_with(&p.lower) && keep(p.class)) {
                return Some(p.class);
            }
        }
        let contains = |p: &Pattern| memchr::memmem::find(lower, &p.lower).is_some() && keep(p.class);
        for (gate, p) in &self.gated {
            if memchr::memchr(*gate, lower).is_some() && contains(p) {
                return Some(p.class);
            }
        }
        self.ungated.iter().find(|p| contains(p)).map(|p| p.class)
    }

    /// Classifies the first line of a body. `marked` says the body began with
    /// an invisible mark, as iOS writes markers and attributed system notices.
    pub fn classify(&self, first_line: &str, marked: bool) -> Classified {
        let mut len = first_line.len();
        let mut edited = false;
        let mut line = first_line;
        // The edited marker ends the message: `text <This message was edited>`.
        for _ in 0..2 {
            let clean = clean(line);
            let lower = lower_bytes(&clean);
            match self.find(&lower, false) {
                Some(Class::Edited) => {
                    edited = true;
                    let cut = self.edited_cut(line);
                    len = cut;
                    line = &first_line[..cut];
                    if trim_marks(line).is_empty() {
                        return Classified { kind: Kind::Text, edited, len };
                    }
                }
                Some(Class::Kind(kind)) => return Classified { kind: refine(kind, &lower), edited, len },
                None => break,
            }
        }
        let kind = if marked { unknown_marked(line) } else { Kind::Text };
        Classified { kind, edited, len }
    }

    /// Whether a whole line reads as a system notice (for lines whose
    /// apparent sender occurs only once).
    pub fn is_system(&self, line: &str) -> bool {
        self.find(&lower_bytes(&clean(line)), true).is_some()
    }

    /// Byte length of `line` without its trailing edited marker.
    fn edited_cut(&self, line: &str) -> usize {
        let lower = lower_bytes(line);
        for p in self.suffix.iter().filter(|p| p.class == Class::Edited) {
            let trimmed = trim_end_marks(&lower);
            if trimmed.ends_with(&p.lower) {
                let start = trimmed.len() - p.lower.len();
                return trim_end_marks(&line.as_bytes()[..start]).len();
            }
        }
        line.len()
    }
}

fn trim_end_marks(b: &[u8]) -> &[u8] {
    let s = std::str::from_utf8(b).unwrap_or("");
    s.trim_end_matches(|c: char| c.is_whitespace() || is_invisible(c)).as_bytes()
}

/// The body without invisible marks anywhere and without surrounding spaces.
fn clean(line: &str) -> std::borrow::Cow<'_, str> {
    let t = trim_marks(line);
    if t.bytes().any(|b| b >= 0x80) && t.chars().any(is_invisible) {
        t.chars().filter(|&c| !is_invisible(c)).collect::<String>().into()
    } else {
        t.into()
    }
}

/// Generic media markers (`<Media omitted>`, `x.jpg (file attached)`) say more
/// through the file name they carry.
fn refine(kind: Kind, lower: &[u8]) -> Kind {
    match kind {
        Kind::Media(MediaKind::Unknown) => Kind::Media(media_kind_of(&String::from_utf8_lossy(lower))),
        k => k,
    }
}

/// An iOS body that starts with an invisible mark but is in no lexicon: a long
/// sentence is a system notice in a language we do not list yet; a short one
/// is a media placeholder.
fn unknown_marked(line: &str) -> Kind {
    let t = trim_marks(line);
    if t.split_whitespace().count() > 6 || t.ends_with('.') {
        Kind::System
    } else {
        Kind::Media(MediaKind::Unknown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(line: &str, marked: bool) -> Kind {
        Markers::builtin().classify(line, marked).kind
    }

    #[test]
    fn lexicon_loads() {
        let m = Markers::builtin();
        assert!(m.exact.len() > 20);
    }

    #[test]
    fn media_deleted_system_and_text() {
        assert_eq!(kind("<Media omitted>", false), Kind::Media(MediaKind::Unknown));
        assert_eq!(kind("PTT-20220323-WA0000.opus (file attached)", false), Kind::Media(MediaKind::Audio));
        assert_eq!(kind("\u{200E}image omitted", true), Kind::Media(MediaKind::Photo));
        assert_eq!(kind("\u{200E}<attached: 00000038-AUDIO-2022-03-27-21-44-47.opus>", true), Kind::Media(MediaKind::Audio));
        assert_eq!(kind("This message was deleted", false), Kind::Deleted);
        assert_eq!(kind("Bild weggelassen", true), Kind::Media(MediaKind::Photo));
        assert_eq!(
            kind("\u{200E}Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.", true),
            Kind::System
        );
        assert_eq!(kind("I deleted this message by accident", false), Kind::Text);
        assert_eq!(kind("image omitted? what image", false), Kind::Text);
        assert_eq!(kind("null", false), Kind::Text);
    }

    #[test]
    fn edited_marker_is_cut() {
        let c = Markers::builtin().classify("see you at 8 <This message was edited>", false);
        assert_eq!(c.kind, Kind::Text);
        assert!(c.edited);
        assert_eq!(&"see you at 8 <This message was edited>"[..c.len], "see you at 8");
    }
}
