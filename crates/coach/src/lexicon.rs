//! Word and phrase lexicons (`lexicons/coach/<lang>.tsv`) and their matcher.
//!
//! Each entry is a category and a phrase of whole words, matched on folded
//! text (see `fold.rs`): case- and accent-insensitive, `*` at the end of a
//! word matches any ending, flag `start` anchors a phrase at the first word,
//! flag `end` at the last word (of the message or of a sentence ended by
//! `?`, `!` or a line break), flag `strong` marks an entry as a strong
//! signal. The files are data; this file only reads, checks and matches them.
//! The format and the matching rules are in `lexicons/coach/README.md`.

use std::collections::HashMap;

/// A small, fast hasher for the word maps (FxHash's multiply-rotate): the
/// lexicon is looked up for every word of many messages, and SipHash's
/// protection against chosen keys buys nothing for our own word lists.
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(b))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<V> = HashMap<String, V, std::hash::BuildHasherDefault<FxHasher>>;
use std::sync::OnceLock;

use crate::fold::{fold, words};

/// A shipped language: its code, its lexicon and its test sentences.
pub struct Language {
    pub code: &'static str,
    pub lexicon: &'static str,
    pub tests: &'static str,
}

/// The one list of shipped languages: adding a language is one line here
/// (and its two files); loading and the tests read this list.
macro_rules! language {
    ($code:literal) => {
        Language {
            code: $code,
            lexicon: include_str!(concat!("../../../lexicons/coach/", $code, ".tsv")),
            tests: include_str!(concat!("../../../lexicons/coach/tests/", $code, ".tsv")),
        }
    };
}

pub const LANGUAGES: &[Language] = &[
    language!("en"),
    language!("es"),
    language!("de"),
    language!("fr"),
    language!("pt"),
];

/// A wildcard word (`delete*`) must keep at least this many characters before
/// the `*`; the matcher indexes wildcard entries by them.
const MIN_PREFIX: usize = 4;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    Labels,
    Future,
    Obligations,
    Plans,
    Questions,
    Time,
    Reaction,
    Greeting,
    Away,
    Until,
    Reproach,
    Reassurance,
    Talked,
    Calls,
    Closing,
    Intent,
    Acceptance,
    Checkin,
}

impl Category {
    /// Every category, in file order.
    pub const ALL: [Category; 18] = [
        Category::Labels,
        Category::Future,
        Category::Obligations,
        Category::Plans,
        Category::Questions,
        Category::Time,
        Category::Reaction,
        Category::Greeting,
        Category::Away,
        Category::Until,
        Category::Reproach,
        Category::Reassurance,
        Category::Talked,
        Category::Calls,
        Category::Closing,
        Category::Intent,
        Category::Acceptance,
        Category::Checkin,
    ];

    /// The name used in the lexicon files (and in JSON).
    pub fn name(self) -> &'static str {
        match self {
            Category::Labels => "labels",
            Category::Future => "future",
            Category::Obligations => "obligations",
            Category::Plans => "plans",
            Category::Questions => "questions",
            Category::Time => "time",
            Category::Reaction => "reaction",
            Category::Greeting => "greeting",
            Category::Away => "away",
            Category::Until => "until",
            Category::Reproach => "reproach",
            Category::Reassurance => "reassurance",
            Category::Talked => "talked",
            Category::Calls => "calls",
            Category::Closing => "closing",
            Category::Intent => "intent",
            Category::Acceptance => "acceptance",
            Category::Checkin => "checkin",
        }
    }

    /// The category of a name used in the lexicon files.
    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.name() == s)
    }
}

#[derive(Clone, Debug)]
struct Entry {
    category: Category,
    /// Folded words; a word ending in `*` matches by prefix.
    words: Vec<String>,
    start: bool,
    end: bool,
    strong: bool,
    /// The line in its file (1-based), for messages.
    line: usize,
}

/// One match: the category, whether it is strong, the phrase as folded, and
/// where it matched: `at` and `len` count words of
/// [`words`]`(&`[`fold`]`(text))`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub category: Category,
    pub strong: bool,
    pub phrase: String,
    /// Index of the first matched word.
    pub at: usize,
    /// Number of matched words.
    pub len: usize,
}

#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    /// Entries by their first word (exact first words).
    by_first: FxMap<Vec<Entry>>,
    /// Entries whose first word is a prefix pattern, by the first
    /// `MIN_PREFIX` characters of that prefix.
    wild_first: FxMap<Vec<Entry>>,
}

fn word_matches(pattern: &str, word: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => word.starts_with(prefix),
        None => pattern == word,
    }
}

/// The first `MIN_PREFIX` characters of a word, if it has that many.
fn key(word: &str) -> Option<&str> {
    word.char_indices()
        .nth(MIN_PREFIX)
        .map(|(i, _)| &word[..i])
        .or_else(|| (word.chars().count() == MIN_PREFIX).then_some(word))
}

impl Entry {
    /// Whether the entry matches the words from `i` on; `ends[k]` tells
    /// whether word `k` ends the message or a sentence (see [`sentence_ends`]).
    fn matches_at(&self, ws: &[&str], ends: &[bool], i: usize) -> bool {
        let n = self.words.len();
        (!self.start || i == 0)
            && i + n <= ws.len()
            && (!self.end || ends[i + n - 1])
            && self
                .words
                .iter()
                .zip(&ws[i..])
                .all(|(p, w)| word_matches(p, w))
    }

    fn phrase(&self) -> String {
        self.words.join(" ")
    }

    /// Whether every text this entry matches is also matched by `other`, with
    /// at least the same strength: then this entry adds nothing.
    fn covered_by(&self, other: &Entry) -> bool {
        if self.strong && !other.strong {
            return false;
        }
        let (a, b) = (&self.words, &other.words);
        if b.len() > a.len() {
            return false;
        }
        (0..=a.len() - b.len()).any(|k| {
            (!other.start || (k == 0 && self.start))
                && (!other.end || (k + b.len() == a.len() && self.end))
                && b.iter().zip(&a[k..]).all(|(p, q)| pattern_covers(p, q))
        })
    }
}

/// Whether a character between two words starts a new sentence, for the
/// `end` flag: a question or exclamation mark (also the Spanish opening
/// ones), a line break, or an emoji ("same 🥰 night!"). Not `.` or `,`
/// ("estamos bien, gracias" is no question).
fn is_sentence_break(c: char) -> bool {
    matches!(c,
        '?' | '!' | '¿' | '¡' | '\n'
        // Emoji and pictographs.
        | '\u{1F000}'..='\u{1FAFF}'
        | '\u{2600}'..='\u{27BF}'
        | '\u{2B00}'..='\u{2BFF}')
}

/// For each word of `folded` (as returned by [`words`]): whether it is the
/// last word of the message or the last before a sentence break.
fn sentence_ends(folded: &str, ws: &[&str]) -> Vec<bool> {
    let offset = |w: &str| w.as_ptr() as usize - folded.as_ptr() as usize;
    (0..ws.len())
        .map(|k| match ws.get(k + 1) {
            None => true,
            Some(next) => {
                folded[offset(ws[k]) + ws[k].len()..offset(next)].contains(is_sentence_break)
            }
        })
        .collect()
}

/// Whether phrase word `p` matches every word that phrase word `q` matches.
fn pattern_covers(p: &str, q: &str) -> bool {
    match (p.strip_suffix('*'), q.strip_suffix('*')) {
        (Some(pp), Some(qp)) => qp.starts_with(pp),
        (Some(pp), None) => q.starts_with(pp),
        (None, Some(_)) => false,
        (None, None) => p == q,
    }
}

/// Parses one line of a lexicon file: `Ok(None)` for blank and comment lines.
fn parse_line(line: &str, n: usize) -> Result<Option<Entry>, String> {
    let line = line.trim_end_matches('\r');
    if line.trim().is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    let cols: Vec<&str> = line.split('\t').collect();
    if cols.len() < 2 || cols.len() > 3 {
        return Err("expected `category<TAB>phrase[<TAB>flags]`".into());
    }
    let category =
        Category::parse(cols[0]).ok_or_else(|| format!("unknown category `{}`", cols[0]))?;
    let (mut start, mut end, mut strong) = (false, false, false);
    if let Some(flags) = cols.get(2) {
        for flag in flags.split(',').map(str::trim) {
            match flag {
                "start" => start = true,
                "end" => end = true,
                "strong" => strong = true,
                _ => return Err(format!("unknown flag `{flag}` (start, end, strong)")),
            }
        }
    }
    let phrase = cols[1];
    if phrase.is_empty() {
        return Err("empty phrase".into());
    }
    if phrase.trim() != phrase || phrase.contains("  ") {
        return Err(format!(
            "`{phrase}`: words must be separated by single spaces"
        ));
    }
    if phrase.to_lowercase() != phrase {
        return Err(format!("`{phrase}`: phrases are lowercase"));
    }
    let mut ws = Vec::new();
    for token in phrase.split(' ') {
        let (body, wild) = match token.strip_suffix('*') {
            Some(body) => (body, true),
            None => (token, false),
        };
        if body.contains('*') {
            return Err(format!("`{token}`: `*` only at the end of a word"));
        }
        let folded = fold(body);
        if words(&folded) != [folded.as_str()] {
            return Err(format!(
                "`{token}` is not one word (letters, digits and inner apostrophes only)"
            ));
        }
        if wild && folded.chars().count() < MIN_PREFIX {
            return Err(format!(
                "`{token}`: at least {MIN_PREFIX} characters before `*`"
            ));
        }
        ws.push(if wild { format!("{folded}*") } else { folded });
    }
    Ok(Some(Entry {
        category,
        words: ws,
        start,
        end,
        strong,
        line: n,
    }))
}

/// Every problem of a lexicon file: malformed lines (as [`Lexicon::add_tsv`]
/// reports them), and entries that duplicate, or are made redundant by,
/// another entry of the same category. Empty when the file is valid.
pub fn check(name: &str, tsv: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    for (n, line) in tsv.lines().enumerate() {
        match parse_line(line, n + 1) {
            Ok(Some(e)) => entries.push(e),
            Ok(None) => {}
            Err(e) => problems.push(format!("{name}:{}: {e}", n + 1)),
        }
    }
    let mut by_cat: HashMap<Category, Vec<&Entry>> = HashMap::new();
    for e in &entries {
        by_cat.entry(e.category).or_default().push(e);
    }
    let mut cats: Vec<_> = by_cat.into_iter().collect();
    cats.sort_by_key(|(c, _)| *c);
    for (cat, list) in cats {
        for (i, a) in list.iter().enumerate() {
            for (j, b) in list.iter().enumerate() {
                if i == j {
                    continue;
                }
                if a.words == b.words {
                    if i > j {
                        problems.push(format!(
                            "{name}:{}: `{}` ({}) duplicates line {}",
                            a.line,
                            a.phrase(),
                            cat.name(),
                            b.line
                        ));
                    }
                } else if a.covered_by(b) {
                    problems.push(format!(
                        "{name}:{}: `{}` ({}) is made redundant by `{}` (line {})",
                        a.line,
                        a.phrase(),
                        cat.name(),
                        b.phrase(),
                        b.line
                    ));
                }
            }
        }
    }
    problems
}

/// A malformed line of a lexicon file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct LexiconError {
    /// The file, as named to [`Lexicon::add_tsv`].
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

impl Lexicon {
    /// Parses a lexicon file; `name` is used in error messages. Fails on the
    /// first malformed line (see [`check`] for every problem of a file).
    pub fn add_tsv(&mut self, name: &str, tsv: &str) -> Result<(), LexiconError> {
        for (n, line) in tsv.lines().enumerate() {
            let Some(entry) = parse_line(line, n + 1).map_err(|e| LexiconError {
                file: name.to_owned(),
                line: n + 1,
                message: e.to_string(),
            })?
            else {
                continue;
            };
            let first = &entry.words[0];
            if let Some(prefix) = first.strip_suffix('*') {
                let k = key(prefix).expect("checked length").to_owned();
                self.wild_first.entry(k).or_default().push(entry);
            } else {
                self.by_first.entry(first.clone()).or_default().push(entry);
            }
        }
        Ok(())
    }

    /// The bundled lexicons of the given languages (`all` for every one).
    pub fn bundled(langs: &[&str]) -> Result<Lexicon, LexiconError> {
        let mut lex = Lexicon::default();
        for l in LANGUAGES {
            if langs.contains(&l.code) || langs.contains(&"all") {
                lex.add_tsv(&format!("lexicons/coach/{}.tsv", l.code), l.lexicon)?;
            }
        }
        Ok(lex)
    }

    /// All bundled languages, loaded once.
    pub fn all() -> &'static Lexicon {
        static L: OnceLock<Lexicon> = OnceLock::new();
        L.get_or_init(|| Lexicon::bundled(&["all"]).expect("bundled lexicons are valid"))
    }

    /// The entries whose phrase starts with `word`: exactly, or by its
    /// wildcard key.
    fn starting_with<'a>(&'a self, word: &str) -> impl Iterator<Item = &'a Entry> + 'a {
        let exact = self.by_first.get(word).into_iter().flatten();
        let wild = key(word)
            .and_then(|k| self.wild_first.get(k))
            .into_iter()
            .flatten();
        exact.chain(wild)
    }

    /// Every entry that matches the text, in the order of the words where
    /// they match; one hit per category and phrase (the first place it
    /// matches; strong if any language's entry for it is strong).
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let folded = fold(text);
        let ws = words(&folded);
        let ends = sentence_ends(&folded, &ws);
        let mut hits: Vec<Hit> = Vec::new();
        for i in 0..ws.len() {
            for e in self.starting_with(ws[i]) {
                if !e.matches_at(&ws, &ends, i) {
                    continue;
                }
                let phrase = e.phrase();
                match hits
                    .iter_mut()
                    .find(|h| h.category == e.category && h.phrase == phrase)
                {
                    Some(h) => h.strong |= e.strong,
                    None => hits.push(Hit {
                        category: e.category,
                        strong: e.strong,
                        phrase,
                        at: i,
                        len: e.words.len(),
                    }),
                }
            }
        }
        hits
    }

    /// The first hit of `category` in the text (by position), if any.
    pub fn find_in(&self, text: &str, category: Category) -> Option<Hit> {
        self.find(text).into_iter().find(|h| h.category == category)
    }

    /// Whether any entry of `category` matches (stops at the first).
    pub fn has(&self, text: &str, category: Category) -> bool {
        let folded = fold(text);
        let ws = words(&folded);
        let ends = sentence_ends(&folded, &ws);
        (0..ws.len()).any(|i| {
            self.starting_with(ws[i])
                .any(|e| e.category == category && e.matches_at(&ws, &ends, i))
        })
    }

    /// Which of `categories` have an entry that matches: bit `k` for
    /// `categories[k]`. One pass that tries only those categories' entries
    /// (telling an answer from a new start asks this of thousands of
    /// messages).
    pub fn matching(&self, text: &str, categories: &[Category]) -> u32 {
        let folded = fold(text);
        let ws = words(&folded);
        let ends = sentence_ends(&folded, &ws);
        let mut found = 0u32;
        for i in 0..ws.len() {
            for e in self.starting_with(ws[i]) {
                if let Some(k) = categories.iter().position(|&c| c == e.category) {
                    if found & (1 << k) == 0 && e.matches_at(&ws, &ends, i) {
                        found |= 1 << k;
                    }
                }
            }
        }
        found
    }

    /// Whether any entry of any of `categories` matches.
    pub fn has_any(&self, text: &str, categories: &[Category]) -> bool {
        self.find(text)
            .iter()
            .any(|h| categories.contains(&h.category))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(tsv: &str) -> Lexicon {
        let mut l = Lexicon::default();
        l.add_tsv("test.tsv", tsv).unwrap();
        l
    }

    #[test]
    fn whole_words_phrases_wildcards_and_anchors() {
        let l = lex(
            "labels\twhat are we\tstrong\nfuture\tmarr*\nquestions\tare you\tstart\nplans\tlet's\n",
        );
        assert_eq!(l.find("so... WHAT are we?")[0].phrase, "what are we");
        assert!(l.find("so... WHAT are we?")[0].strong);
        assert!(l.has("we should get married", Category::Future));
        assert!(!l.has("my marmalade", Category::Future));
        assert!(l.has("are you coming", Category::Questions));
        assert!(!l.has("so are you coming", Category::Questions));
        assert!(l.has("Let’s go", Category::Plans));
        assert!(!l.has("whatarewe", Category::Labels));
    }

    #[test]
    fn end_anchor_and_whole_message() {
        let l =
            lex("labels\twhat are we\tend\nreaction\tsame\tstart,end\nreaction\thaha*\tstart\n");
        assert!(l.has("ok but what are we??", Category::Labels));
        assert!(!l.has("what are we doing tonight", Category::Labels));
        assert!(l.has("Same!!! 😂", Category::Reaction));
        assert!(!l.has("same time tomorrow?", Category::Reaction));
        assert!(!l.has("ugh same", Category::Reaction));
        assert!(l.has("HAHAHA stop", Category::Reaction));
        assert!(!l.has("hah", Category::Reaction));
        assert!(!l.has("so haha", Category::Reaction));
        // A sentence break (`?`, `!`, `¿`, `¡`, a new line, an emoji) also ends a phrase.
        assert!(l.has("same!! see you there", Category::Reaction));
        assert!(l.has("same\nsee you there", Category::Reaction));
        assert!(!l.has("same. see you there", Category::Reaction));
        assert!(!l.has("same, see you there", Category::Reaction));
        assert!(l.has("same 🥰 night!", Category::Reaction));
        assert!(l.has("what are we?? I need to know", Category::Labels));
        assert!(l.has("what are we ¿sabes?", Category::Labels));
        assert!(!l.has("what are we doing? I need to know", Category::Labels));
    }

    #[test]
    fn positions_first_hit_and_any() {
        let l = lex("away\tdeadline\nuntil\tuntil\nuntil\tback on\ntime\tfriday\n");
        let hits = l.find("Deadline, so busy until Friday (back on Monday)");
        let at: Vec<_> = hits
            .iter()
            .map(|h| (h.phrase.as_str(), h.at, h.len))
            .collect();
        assert_eq!(
            at,
            [
                ("deadline", 0, 1),
                ("until", 3, 1),
                ("friday", 4, 1),
                ("back on", 5, 2)
            ]
        );
        assert_eq!(
            l.find_in("back on monday, until then", Category::Until)
                .unwrap()
                .phrase,
            "back on"
        );
        assert_eq!(l.find_in("nothing here", Category::Until), None);
        assert!(l.has_any("free friday", &[Category::Away, Category::Time]));
        assert!(!l.has_any("free friday", &[Category::Away, Category::Until]));
    }

    #[test]
    fn categories_round_trip() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.name()), Some(c));
        }
        assert_eq!(Category::parse("nope"), None);
    }

    #[test]
    fn malformed_and_redundant_entries_are_reported() {
        let bad = "\
labels\tone\ttwo\tthree
nonsense\tphrase
labels\tWhat are we
labels\twhat  are we
labels\test-ce
labels\tkid*
labels\tde*lete
labels\tx\tsoon
future\tmarry me\tstrong
future\tmarry me
future\tmarry me soon
future\tmarr*\tstrong
plans\tcome over\tstart
plans\tcome over tonight
reaction\tsame\tend
reaction\tsame here
reaction\tsame
";
        let problems = check("bad.tsv", bad);
        let lines: Vec<&str> = problems
            .iter()
            .map(|p| p.split(": ").next().unwrap())
            .collect();
        assert_eq!(
            lines,
            [
                "bad.tsv:1",
                "bad.tsv:2",
                "bad.tsv:3",
                "bad.tsv:4",
                "bad.tsv:5",
                "bad.tsv:6",
                "bad.tsv:7",
                "bad.tsv:8",
                // marry me (strong) is covered by marr* (strong); marry me by
                // both; marry me soon too.
                "bad.tsv:9",
                "bad.tsv:10",
                "bad.tsv:10",
                "bad.tsv:11",
                "bad.tsv:11",
                "bad.tsv:11",
                // reaction: `same here` is covered by `same`; `same` is listed twice.
                "bad.tsv:16",
                "bad.tsv:17",
            ],
            "{problems:#?}"
        );
        assert!(Lexicon::default()
            .add_tsv("bad.tsv", "labels\tkid*\n")
            .is_err());
        assert!(Lexicon::default()
            .add_tsv("bad.tsv", "labelz\tkids\n")
            .is_err());
    }

    #[test]
    fn bundled_lexicons_are_valid() {
        let mut problems = Vec::new();
        for l in LANGUAGES {
            problems.extend(check(&format!("lexicons/coach/{}.tsv", l.code), l.lexicon));
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        assert!(Lexicon::bundled(&["all"]).is_ok());
    }

    /// Every language has entries and test sentences for every category:
    /// at least 6 test lines, of which at least 2 must match and 2 must not.
    #[test]
    fn every_category_is_covered_in_every_language() {
        let mut missing = Vec::new();
        for &Language {
            code,
            lexicon: tsv,
            tests,
        } in LANGUAGES
        {
            for c in Category::ALL {
                let entries = tsv
                    .lines()
                    .filter(|l| l.split('\t').next() == Some(c.name()))
                    .count();
                let lines = |expect: &str| {
                    tests
                        .lines()
                        .filter(|l| {
                            let mut cols = l.split('\t');
                            cols.next() == Some(expect) && cols.next() == Some(c.name())
                        })
                        .count()
                };
                let (yes, no) = (lines("match"), lines("nomatch"));
                if entries == 0 || yes + no < 6 || yes < 2 || no < 2 {
                    missing.push(format!(
                        "{code} {}: {entries} entries, {yes} match and {no} nomatch tests",
                        c.name()
                    ));
                }
            }
        }
        assert!(missing.is_empty(), "{}", missing.join("\n"));
    }

    /// `lexicons/coach/tests/<lang>.tsv`: sentences that must and must not
    /// match each category of that language's lexicon.
    #[test]
    fn every_language_passes_its_test_sentences() {
        let mut failures = Vec::new();
        let mut checked = 0;
        for &Language {
            code: lang,
            tests: tsv,
            ..
        } in LANGUAGES
        {
            let lex = Lexicon::bundled(&[lang]).unwrap();
            for (n, line) in tsv.lines().enumerate() {
                if line.trim().is_empty() || line.starts_with('#') {
                    continue;
                }
                let cols: Vec<&str> = line.split('\t').collect();
                let [expect, category, sentence] = cols[..] else {
                    panic!("tests/{lang}.tsv:{}: 3 columns", n + 1)
                };
                assert!(
                    expect == "match" || expect == "nomatch",
                    "tests/{lang}.tsv:{}: match or nomatch",
                    n + 1
                );
                let category = Category::parse(category)
                    .unwrap_or_else(|| panic!("tests/{lang}.tsv:{}: category", n + 1));
                let got = lex.has(sentence, category);
                if got != (expect == "match") {
                    failures.push(format!(
                        "tests/{lang}.tsv:{}: expected {expect} {} for {sentence:?}",
                        n + 1,
                        category.name()
                    ));
                } else if expect == "nomatch" {
                    // The report matches every message against all languages at
                    // once: no other language may match a near-miss either.
                    if let Some(h) = Lexicon::all().find_in(sentence, category) {
                        failures.push(format!(
                            "tests/{lang}.tsv:{}: {sentence:?} matches {} `{}` of another language",
                            n + 1,
                            category.name(),
                            h.phrase
                        ));
                    }
                }
                checked += 1;
            }
        }
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
        assert!(checked > 1200, "{checked}");
    }

    #[test]
    fn matching_is_what_find_finds() {
        let l = Lexicon::all();
        let cats = [
            Category::Greeting,
            Category::Reaction,
            Category::Acceptance,
            Category::Plans,
        ];
        for text in [
            "haha nice",
            "thanks!",
            "good morning! haha",
            "yes, saturday works",
            "hola, qué tal",
            "let's get dinner",
            "",
            "ok 😂",
        ] {
            let hits = l.find(text);
            let want = cats
                .iter()
                .enumerate()
                .filter(|(_, c)| hits.iter().any(|h| h.category == **c))
                .fold(0, |m, (k, _)| m | 1 << k);
            assert_eq!(l.matching(text, &cats), want, "{text}");
        }
    }
}
