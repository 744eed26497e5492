//! Classifies a message body with the marker lexicon
//! (`lexicons/whatsapp/markers.tsv`): media placeholders, deleted and edited
//! markers, calls and system notices, in every language the lexicon lists.
//!
//! The lexicon is data: adding a language means adding lines there, not code.
//! Matching is ASCII-case-insensitive, and cheap filters (lengths, first and
//! last bytes, a gate byte for `contains`) keep ordinary messages from being
//! compared with hundreds of patterns.

use std::sync::OnceLock;

use pullaway_chat::{CallKind, Kind, MediaKind};

use crate::text::{is_invisible, trim_marks, FxHashMap as HashMap};

const LEXICON: &str = include_str!("../../../../lexicons/whatsapp/markers.tsv");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Kind(Kind),
    Edited,
    /// A system notice in words no person types: a system line even under a
    /// name and without a leading mark (old iOS exports).
    Notice,
}

struct Pattern {
    lower: Vec<u8>,
    class: Class,
    /// The class of a body that is the pattern itself, its media kind
    /// refined from the pattern's words (`<Media omitted>` alone).
    whole: Class,
}

/// A `contains` pattern with its searcher built once.
struct Needle {
    finder: memchr::memmem::Finder<'static>,
    class: Class,
}

/// Which patterns a lookup may use.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// A body that starts with an invisible mark: anything, system notices included.
    Marked,
    /// An ordinary body: system `contains` fragments are too loose to apply.
    Plain,
}

pub struct Markers {
    /// Exact markers, their media kind already refined from their words.
    exact: HashMap<Vec<u8>, Class>,
    exact_max: usize,
    /// `len << 32 | head4` of every exact marker: a one-lookup pre-filter.
    exact_keys: HashMap<u64, ()>,
    /// Bit filters of the exact keys, the prefixes' heads and the suffixes'
    /// tails: most bodies miss all three without a map lookup.
    exact_bits: Bits,
    prefix_bits: Bits,
    suffix_bits: Bits,
    /// Which gate bytes the `contains` patterns use, and whether one uses
    /// none (then every body may match).
    gates_used: [bool; 3],
    ungated: bool,
    /// Prefix patterns by their first four (lowercased) bytes.
    prefix: HashMap<u32, Vec<Pattern>>,
    /// Suffix patterns by their last four (lowercased) bytes.
    suffix: HashMap<u32, Vec<Pattern>>,
    /// `contains` patterns of media/deleted/call kinds, each with a gate
    /// byte that must occur in the body for the pattern to be tried (0: none).
    contains: Vec<(u8, Needle)>,
    /// `contains` patterns of system notices.
    contains_system: Vec<Needle>,
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
        "notice" => Class::Notice,
        "call" => {
            let missed = [
                "missed",
                "silenced",
                "no answer",
                "verpasst",
                "perdida",
                "manqué",
                "persa",
                "perdida",
                "gemist",
                "nepřijat",
                "пропущ",
            ];
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
    media_kind_of_bytes(lower.as_bytes())
}

/// [`media_kind_of`] on lowercase bytes. Markers are short, so a plain
/// window comparison beats setting up a substring search per keyword
/// (this ran for every media line of a file).
fn media_kind_of_bytes(lower: &[u8]) -> MediaKind {
    let has = |words: &[&str]| {
        words.iter().any(|w| {
            let w = w.as_bytes();
            lower.len() >= w.len() && lower.windows(w.len()).any(|x| x == w)
        })
    };
    if has(&[
        "ptt-",
        "aud-",
        "audio",
        "opus",
        "voice",
        "sprach",
        "голос",
        "аудио",
        "audio omis",
    ]) {
        MediaKind::Audio
    } else if has(&["stk-", "sticker", "webp"]) {
        MediaKind::Sticker
    } else if has(&["gif"]) {
        MediaKind::Gif
    } else if has(&["vid-", "video", "vídeo", "vidéo", ".mp4", "видео"]) {
        MediaKind::Video
    } else if has(&[
        "img-",
        "photo",
        "image",
        "bild",
        "imagen",
        "immagine",
        "imagem",
        ".jpg",
        "obrázek",
        "изображ",
        "foto",
    ]) {
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

/// The first four bytes, ASCII-lowercased (zero-padded when shorter).
fn head4(b: &[u8]) -> u32 {
    let mut k = [0u8; 4];
    for (d, s) in k.iter_mut().zip(b) {
        *d = s.to_ascii_lowercase();
    }
    u32::from_le_bytes(k)
}

/// The last four bytes, ASCII-lowercased.
fn tail4(b: &[u8]) -> u32 {
    head4(&b[b.len().saturating_sub(4)..])
}

fn exact_key(b: &[u8]) -> u64 {
    ((b.len() as u64) << 32) | u64::from(head4(b))
}

const GATES: &[u8] = b"(<:";

/// A 4096-bit filter of 64-bit keys: `maybe` is true for every key set
/// (and for a few others).
struct Bits([u64; 64]);

impl Bits {
    fn slot(key: u64) -> (usize, u64) {
        let h = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52) as usize;
        (h >> 6, 1 << (h & 63))
    }

    fn set(&mut self, key: u64) {
        let (i, bit) = Bits::slot(key);
        self.0[i] |= bit;
    }

    fn maybe(&self, key: u64) -> bool {
        let (i, bit) = Bits::slot(key);
        self.0[i] & bit != 0
    }
}

/// The gate bytes that occur in `b` (0 for absent ones), found in one pass.
fn gates_present(b: &[u8]) -> [u8; 3] {
    let mut out = [0u8; 3];
    for i in memchr::memchr3_iter(b'(', b'<', b':', b) {
        let c = b[i];
        out[GATES.iter().position(|&g| g == c).expect("a gate byte")] = c;
    }
    out
}

impl Markers {
    pub fn from_tsv(tsv: &str) -> Result<Markers, String> {
        let mut m = Markers {
            exact: HashMap::default(),
            exact_max: 0,
            exact_keys: HashMap::default(),
            exact_bits: Bits([0; 64]),
            prefix_bits: Bits([0; 64]),
            suffix_bits: Bits([0; 64]),
            gates_used: [false; 3],
            ungated: false,
            prefix: HashMap::default(),
            suffix: HashMap::default(),
            contains: Vec::new(),
            contains_system: Vec::new(),
        };
        for (n, line) in tsv.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let [kind, how, text] = cols[..] else {
                return Err(format!(
                    "markers.tsv:{}: expected 3 tab-separated columns, got {}",
                    n + 1,
                    cols.len()
                ));
            };
            let class = parse_kind(kind, text)
                .ok_or_else(|| format!("markers.tsv:{}: unknown kind {kind:?}", n + 1))?;
            let lower = lower_bytes(text);
            let whole = match class {
                Class::Kind(kind) => Class::Kind(refine(kind, &lower)),
                other => other,
            };
            let pat = Pattern {
                lower,
                class,
                whole,
            };
            match how {
                "exact" => {
                    m.exact_max = m.exact_max.max(pat.lower.len());
                    m.exact_keys.insert(exact_key(&pat.lower), ());
                    m.exact_bits.set(exact_key(&pat.lower));
                    let class = match class {
                        Class::Kind(kind) => Class::Kind(refine(kind, &pat.lower)),
                        other => other,
                    };
                    m.exact.insert(pat.lower, class);
                }
                "prefix" => {
                    if pat.lower.len() < 4 {
                        return Err(format!(
                            "markers.tsv:{}: a prefix needs four bytes or more",
                            n + 1
                        ));
                    }
                    m.prefix_bits.set(u64::from(head4(&pat.lower)));
                    m.prefix.entry(head4(&pat.lower)).or_default().push(pat);
                }
                "suffix" => {
                    if pat.lower.len() < 4 {
                        return Err(format!(
                            "markers.tsv:{}: a suffix needs four bytes or more",
                            n + 1
                        ));
                    }
                    m.suffix_bits.set(u64::from(tail4(&pat.lower)));
                    m.suffix.entry(tail4(&pat.lower)).or_default().push(pat);
                }
                "contains" if class == Class::Notice => {
                    return Err(format!(
                        "markers.tsv:{}: a notice is matched as exact, prefix or suffix (contains fragments are `system`)",
                        n + 1
                    ));
                }
                "contains" => {
                    let gate = pat
                        .lower
                        .iter()
                        .copied()
                        .find(|b| GATES.contains(b))
                        .unwrap_or(0);
                    let needle = Needle {
                        finder: memchr::memmem::Finder::new(&pat.lower).into_owned(),
                        class,
                    };
                    if class == Class::Kind(Kind::System) {
                        m.contains_system.push(needle);
                    } else {
                        match GATES.iter().position(|&g| g == gate) {
                            Some(i) => m.gates_used[i] = true,
                            None => m.ungated = true,
                        }
                        m.contains.push((gate, needle));
                    }
                }
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

    /// Whether a plain body could match anything: a cheap test on its length
    /// and its first and last bytes, so most messages skip the lexicon.
    fn may_match(&self, line: &str) -> bool {
        let b = line.as_bytes();
        let exact = |k| self.exact_bits.maybe(k) && self.exact_keys.contains_key(&k);
        let prefix = |k: u32| self.prefix_bits.maybe(k.into()) && self.prefix.contains_key(&k);
        let suffix = |k: u32| self.suffix_bits.maybe(k.into()) && self.suffix.contains_key(&k);
        (b.len() <= self.exact_max && exact(exact_key(b)))
            || (b.len() >= 4 && (prefix(head4(b)) || suffix(tail4(b))))
            || self.ungated
            || {
                // A `contains` pattern applies when its gate byte occurs.
                let [a, l, c] = self.gates_used;
                let gate = |used: bool, g: u8| if used { g } else { 0 };
                (a || l || c)
                    && memchr::memchr3(gate(a, b'('), gate(l, b'<'), gate(c, b':'), b).is_some()
            }
    }

    /// The class of a lowercased body, and whether its media kind is final
    /// (an exact marker's is refined once, when the lexicon loads).
    fn find(&self, lower: &[u8], scope: Scope) -> Option<(Class, bool)> {
        let keep = |c: Class| match scope {
            // A message with a sender and no leading mark is never a notice.
            Scope::Plain => c != Class::Kind(Kind::System),
            Scope::Marked => true,
        };
        if lower.len() <= self.exact_max {
            if let Some(&c) = self.exact.get(lower) {
                if keep(c) {
                    return Some((c, true));
                }
            }
        }
        if lower.len() >= 4 {
            // A body that is the whole pattern has its kind refined already.
            let hit = |pats: Option<&Vec<Pattern>>, test: &dyn Fn(&Pattern) -> bool| {
                pats.and_then(|ps| ps.iter().find(|p| test(p) && keep(p.class)))
                    .map(|p| match p.lower.len() == lower.len() {
                        true => (p.whole, true),
                        false => (p.class, false),
                    })
            };
            if let Some(c) = hit(self.prefix.get(&head4(lower)), &|p| {
                lower.starts_with(&p.lower)
            }) {
                return Some(c);
            }
            if let Some(c) = hit(self.suffix.get(&tail4(lower)), &|p| {
                lower.ends_with(&p.lower)
            }) {
                return Some(c);
            }
        }
        {
            let present = gates_present(lower);
            for (gate, n) in &self.contains {
                if (*gate == 0 || present.contains(gate)) && n.finder.find(lower).is_some() {
                    return Some((n.class, false));
                }
            }
        }
        if scope == Scope::Plain {
            return None;
        }
        self.contains_system
            .iter()
            .find(|n| n.finder.find(lower).is_some())
            .map(|n| (n.class, false))
    }

    /// Classifies the first line of a body. `marked` says the body began with
    /// an invisible mark, as iOS writes markers and attributed system notices.
    pub fn classify(&self, first_line: &str, marked: bool) -> Classified {
        let mut len = first_line.len();
        let mut edited = false;
        let mut line = first_line;
        if !marked && !self.may_match(trim_marks(line)) {
            return Classified {
                kind: Kind::Text,
                edited,
                len,
            };
        }
        let scope = if marked { Scope::Marked } else { Scope::Plain };
        // The edited marker ends the message: `text <This message was edited>`.
        let mut stack = [0u8; 192];
        let mut heap;
        for _ in 0..2 {
            let clean = clean(line);
            let lower: &[u8] = if clean.len() <= stack.len() {
                for (d, s) in stack.iter_mut().zip(clean.bytes()) {
                    *d = s.to_ascii_lowercase();
                }
                &stack[..clean.len()]
            } else {
                heap = lower_bytes(&clean);
                &heap
            };
            match self.find(lower, scope) {
                Some((Class::Edited, _)) => {
                    edited = true;
                    let cut = self.edited_cut(line);
                    len = cut;
                    line = &first_line[..cut];
                    if trim_marks(line).is_empty() {
                        return Classified {
                            kind: Kind::Text,
                            edited,
                            len,
                        };
                    }
                }
                Some((Class::Kind(kind), refined)) => {
                    return Classified {
                        kind: if refined { kind } else { refine(kind, lower) },
                        edited,
                        len,
                    }
                }
                Some((Class::Notice, _)) => {
                    return Classified {
                        kind: Kind::System,
                        edited,
                        len,
                    }
                }
                None => break,
            }
        }
        // A leading mark on an unknown body is most likely right-to-left
        // text typed by a person: a message, not a notice, unless it reads
        // like WhatsApp's notices (a notice of a newer app version or of a
        // language the lexicon lacks).
        let kind = if marked && !edited && reads_like_notice(line) {
            Kind::System
        } else {
            Kind::Text
        };
        Classified { kind, edited, len }
    }

    /// Byte length of `line` without its trailing edited marker.
    /// For a multi-line message: the length of `text` without an "edited"
    /// marker at its very end, if it has one.
    pub fn strip_edited(&self, text: &str) -> Option<usize> {
        let tail_start = text.len().saturating_sub(80);
        let tail_start = (tail_start..text.len())
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(text.len());
        let cut = self.edited_cut(&text[tail_start..]);
        (tail_start + cut < text.len()
            && self
                .find(&lower_bytes(&clean(&text[tail_start..])), Scope::Plain)
                .is_some_and(|(c, _)| c == Class::Edited))
        .then_some(tail_start + cut)
    }

    fn edited_cut(&self, line: &str) -> usize {
        let lower = lower_bytes(line);
        for p in self
            .suffix
            .values()
            .flatten()
            .filter(|p| p.class == Class::Edited)
        {
            let trimmed = trim_end_marks(&lower);
            if trimmed.ends_with(&p.lower) {
                let start = trimmed.len() - p.lower.len();
                return trim_end_marks(&line.as_bytes()[..start]).len();
            }
        }
        line.len()
    }
}

/// Whether a marked body reads like one of WhatsApp's notices: two sentences
/// or more (the statement, then "tap to …"), six words or more (or 20
/// characters in scripts written without spaces), ending in a full stop.
/// People's messages rarely start with an invisible mark; the few that do
/// (right-to-left text) are rarely two full sentences.
fn reads_like_notice(line: &str) -> bool {
    let t = clean(line);
    let t = t.trim();
    let ends = t.ends_with(['.', '。', '।']);
    let sentences = t
        .match_indices(['.', '。', '।'])
        .filter(|(i, m)| {
            let after = &t[i + m.len()..];
            !after.trim().is_empty()
                && after.starts_with(|c: char| c.is_whitespace() || !c.is_ascii())
        })
        .count()
        + 1;
    let words = t.split_whitespace().count();
    let long = words >= 6 || (words < 3 && t.chars().count() >= 20);
    ends && sentences >= 2 && long && !t.contains("://")
}

fn trim_end_marks(b: &[u8]) -> &[u8] {
    let s = std::str::from_utf8(b).unwrap_or("");
    s.trim_end_matches(|c: char| c.is_whitespace() || is_invisible(c))
        .as_bytes()
}

/// The body without invisible marks anywhere and without surrounding spaces.
fn clean(line: &str) -> std::borrow::Cow<'_, str> {
    let t = trim_marks(line);
    if t.bytes().any(|b| b >= 0x80) && t.chars().any(is_invisible) {
        t.chars()
            .filter(|&c| !is_invisible(c))
            .collect::<String>()
            .into()
    } else {
        t.into()
    }
}

/// Generic media markers (`<Media omitted>`, `x.jpg (file attached)`) say more
/// through the file name they carry.
fn refine(kind: Kind, lower: &[u8]) -> Kind {
    match kind {
        Kind::Media(MediaKind::Unknown) => Kind::Media(media_kind_of_bytes(lower)),
        k => k,
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
        assert_eq!(
            kind("<Media omitted>", false),
            Kind::Media(MediaKind::Unknown)
        );
        assert_eq!(
            kind("PTT-20220323-WA0000.opus (file attached)", false),
            Kind::Media(MediaKind::Audio)
        );
        assert_eq!(
            kind("\u{200E}image omitted", true),
            Kind::Media(MediaKind::Photo)
        );
        assert_eq!(
            kind(
                "\u{200E}<attached: 00000038-AUDIO-2022-03-27-21-44-47.opus>",
                true
            ),
            Kind::Media(MediaKind::Audio)
        );
        assert_eq!(kind("This message was deleted", false), Kind::Deleted);
        assert_eq!(
            kind("Bild weggelassen", true),
            Kind::Media(MediaKind::Photo)
        );
        assert_eq!(
            kind("\u{200E}Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.", true),
            Kind::System
        );
        assert_eq!(
            kind("I deleted this message by accident", false),
            Kind::Text
        );
        assert_eq!(kind("image omitted? what image", false), Kind::Text);
        assert_eq!(kind("null", false), Kind::Text);
    }

    /// Every case of `lexicons/whatsapp/tests/notices.tsv`: notices in every
    /// language the lexicon covers, and people's own words that must stay
    /// messages.
    #[test]
    fn notice_cases_in_every_language() {
        const CASES: &str = include_str!("../../../../lexicons/whatsapp/tests/notices.tsv");
        let mut failed = Vec::new();
        let mut n = 0;
        for (i, line) in CASES.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let [scope, want, body] = line.splitn(3, '\t').collect::<Vec<_>>()[..] else {
                panic!("notices.tsv:{}: expected 3 columns", i + 1);
            };
            let marked = match scope {
                "marked" => true,
                "plain" => false,
                other => panic!("notices.tsv:{}: unknown scope {other}", i + 1),
            };
            n += 1;
            let got = kind(body, marked).name();
            if got != want {
                failed.push(format!(
                    "notices.tsv:{}: {scope} {body:?}: {got}, want {want}",
                    i + 1
                ));
            }
        }
        assert!(n > 80, "{n} cases");
        assert!(failed.is_empty(), "{}", failed.join("\n"));
    }

    #[test]
    fn a_notice_is_matched_only_as_exact_prefix_or_suffix() {
        assert!(Markers::from_tsv("notice\tcontains\tsome words").is_err());
        assert!(Markers::from_tsv("notice\tsuffix\tTap for more info.").is_ok());
    }

    #[test]
    fn edited_marker_is_cut() {
        let c = Markers::builtin().classify("see you at 8 <This message was edited>", false);
        assert_eq!(c.kind, Kind::Text);
        assert!(c.edited);
        assert_eq!(
            &"see you at 8 <This message was edited>"[..c.len],
            "see you at 8"
        );
    }

    /// The pre-filters (bit filters, gate bytes) never hide a marker, and an
    /// exact marker's media kind refined at load is the one refined per body.
    #[test]
    fn filters_never_hide_a_marker() {
        let m = Markers::builtin();
        let mut n = 0;
        for line in LEXICON.lines() {
            let [kind, how, text] = line.split('\t').collect::<Vec<_>>()[..] else {
                continue;
            };
            for body in [
                text.to_owned(),
                format!("x {text}"),
                format!("{text} x"),
                format!("so: {text} (ok)"),
            ] {
                let lower = lower_bytes(trim_marks(&body));
                if m.find(&lower, Scope::Plain).is_some() {
                    n += 1;
                    assert!(m.may_match(trim_marks(&body)), "{body:?}");
                }
            }
            if matches!(how, "exact" | "prefix" | "suffix") && trim_marks(text) == text {
                let class = parse_kind(kind, text).expect("a kind");
                if let Class::Kind(k) = class {
                    let lower = lower_bytes(text);
                    let got = m.classify(text, true).kind;
                    let want = refine(k, &lower);
                    assert!(
                        got == want
                            || m.find(&lower, Scope::Marked)
                                .is_some_and(|(c, _)| c != class),
                        "{text:?}: {got:?} {want:?}"
                    );
                }
            }
        }
        assert!(n > 300, "{n} bodies matched");
    }
}
