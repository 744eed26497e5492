//! Word and phrase lexicons (`lexicons/coach/<lang>.tsv`) and their matcher.
//!
//! Each entry is a category and a phrase of whole words, matched on folded
//! text (see `fold.rs`): case- and accent-insensitive, `*` at the end of a
//! word matches any ending, flag `start` anchors a phrase at the first word,
//! flag `strong` marks an entry as a strong signal. The files are data; this
//! file only reads and matches them.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::fold::{fold, words};

/// The bundled lexicons, by language code.
pub const BUNDLED: &[(&str, &str)] = &[
    ("en", include_str!("../../../lexicons/coach/en.tsv")),
    ("es", include_str!("../../../lexicons/coach/es.tsv")),
    ("de", include_str!("../../../lexicons/coach/de.tsv")),
    ("fr", include_str!("../../../lexicons/coach/fr.tsv")),
    ("pt", include_str!("../../../lexicons/coach/pt.tsv")),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    Labels,
    Future,
    Obligations,
    Plans,
    Questions,
    Time,
}

impl Category {
    pub fn name(self) -> &'static str {
        match self {
            Category::Labels => "labels",
            Category::Future => "future",
            Category::Obligations => "obligations",
            Category::Plans => "plans",
            Category::Questions => "questions",
            Category::Time => "time",
        }
    }

    fn parse(s: &str) -> Option<Category> {
        Some(match s {
            "labels" => Category::Labels,
            "future" => Category::Future,
            "obligations" => Category::Obligations,
            "plans" => Category::Plans,
            "questions" => Category::Questions,
            "time" => Category::Time,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug)]
struct Entry {
    category: Category,
    /// Folded words; a word ending in `*` matches by prefix.
    words: Vec<String>,
    start: bool,
    strong: bool,
}

/// One match: the category, whether it is strong, and the phrase as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub category: Category,
    pub strong: bool,
    pub phrase: String,
}

#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    /// Entries by their first word (exact first words).
    by_first: HashMap<String, Vec<Entry>>,
    /// Entries whose first word is a prefix pattern.
    wild_first: Vec<Entry>,
}

fn word_matches(pattern: &str, word: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => word.starts_with(prefix),
        None => pattern == word,
    }
}

impl Lexicon {
    /// Parses lexicon files; `name` is used in error messages.
    pub fn add_tsv(&mut self, name: &str, tsv: &str) -> Result<(), String> {
        for (n, line) in tsv.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 2 || cols.len() > 3 {
                return Err(format!(
                    "{name}:{}: expected `category<TAB>phrase[<TAB>flags]`",
                    n + 1
                ));
            }
            let Some(category) = Category::parse(cols[0].trim()) else {
                // Categories other code does not use (e.g. notes for humans) are skipped.
                continue;
            };
            let flags = cols.get(2).copied().unwrap_or("");
            let folded = fold(cols[1]);
            let ws: Vec<String> = folded
                .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '*'))
                .map(|w| w.trim_matches('\''))
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect();
            if ws.is_empty() {
                return Err(format!("{name}:{}: empty phrase", n + 1));
            }
            let entry = Entry {
                category,
                words: ws,
                start: flags.split([',', ' ']).any(|f| f == "start"),
                strong: flags.split([',', ' ']).any(|f| f == "strong"),
            };
            if entry.words[0].ends_with('*') {
                self.wild_first.push(entry);
            } else {
                self.by_first
                    .entry(entry.words[0].clone())
                    .or_default()
                    .push(entry);
            }
        }
        Ok(())
    }

    /// The bundled lexicons of the given languages (`all` for every one).
    pub fn bundled(langs: &[&str]) -> Result<Lexicon, String> {
        let mut lex = Lexicon::default();
        for (code, tsv) in BUNDLED {
            if langs.contains(code) || langs.contains(&"all") {
                lex.add_tsv(&format!("lexicons/coach/{code}.tsv"), tsv)?;
            }
        }
        Ok(lex)
    }

    /// All bundled languages, loaded once.
    pub fn all() -> &'static Lexicon {
        static L: OnceLock<Lexicon> = OnceLock::new();
        L.get_or_init(|| Lexicon::bundled(&["all"]).expect("bundled lexicons are valid"))
    }

    /// Every entry that matches the text, at most one hit per entry.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let folded = fold(text);
        let ws = words(&folded);
        let mut hits: Vec<Hit> = Vec::new();
        let mut push = |e: &Entry| {
            let phrase = e.words.join(" ");
            if !hits
                .iter()
                .any(|h| h.category == e.category && h.phrase == phrase)
            {
                hits.push(Hit {
                    category: e.category,
                    strong: e.strong,
                    phrase,
                });
            }
        };
        for i in 0..ws.len() {
            let candidates = self
                .by_first
                .get(ws[i])
                .into_iter()
                .flatten()
                .chain(self.wild_first.iter());
            for e in candidates {
                if e.start && i != 0 {
                    continue;
                }
                if i + e.words.len() <= ws.len()
                    && e.words
                        .iter()
                        .zip(&ws[i..])
                        .all(|(p, w)| word_matches(p, w))
                {
                    push(e);
                }
            }
        }
        hits
    }

    /// Whether any entry of `category` matches.
    pub fn has(&self, text: &str, category: Category) -> bool {
        self.find(text).iter().any(|h| h.category == category)
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
    fn bundled_lexicons_load() {
        assert!(Lexicon::bundled(&["all"]).is_ok());
    }

    /// `lexicons/coach/tests/<lang>.tsv`: sentences that must and must not
    /// match each category of that language's lexicon.
    #[test]
    fn every_language_passes_its_test_sentences() {
        let tests = [
            ("en", include_str!("../../../lexicons/coach/tests/en.tsv")),
            ("es", include_str!("../../../lexicons/coach/tests/es.tsv")),
            ("de", include_str!("../../../lexicons/coach/tests/de.tsv")),
            ("fr", include_str!("../../../lexicons/coach/tests/fr.tsv")),
            ("pt", include_str!("../../../lexicons/coach/tests/pt.tsv")),
        ];
        let mut failures = Vec::new();
        let mut checked = 0;
        for (lang, tsv) in tests {
            let lex = Lexicon::bundled(&[lang]).unwrap();
            for (n, line) in tsv.lines().enumerate() {
                if line.trim().is_empty() || line.starts_with('#') {
                    continue;
                }
                let cols: Vec<&str> = line.split('\t').collect();
                let [expect, category, sentence] = cols[..] else {
                    panic!("tests/{lang}.tsv:{}: 3 columns", n + 1)
                };
                let category = Category::parse(category)
                    .unwrap_or_else(|| panic!("tests/{lang}.tsv:{}: category", n + 1));
                let got = lex.has(sentence, category);
                if got != (expect == "match") {
                    failures.push(format!(
                        "tests/{lang}.tsv:{}: expected {expect} for {sentence:?}",
                        n + 1
                    ));
                }
                checked += 1;
            }
        }
        assert!(checked > 300, "{checked}");
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
