//! The rules of SPEC as checks, one file each. A check reads the [`Context`]
//! and returns its own result: a status, the numbers behind it, a sentence in
//! plain words, and the messages that triggered it.

#![warn(missing_docs)]

pub mod clinginess;
pub mod lead;
pub mod mirroring;
pub mod space;
pub mod talk;
pub mod too_soon;
pub mod two_to_one;

use serde::Serialize;

pub use crate::context::Evidence;

/// A check's grade.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Nothing to change.
    Ok,
    /// Worth a look.
    Warn,
    /// Clearly against the rule.
    Alert,
}

impl Status {
    /// The JSON name (`ok`, `warn`, `alert`).
    pub fn name(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warn => "warn",
            Status::Alert => "alert",
        }
    }
}

/// All checks of one report, in SPEC's order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rules {
    /// Rule 1: the 2:1 rule over 30 days.
    pub two_to_one: two_to_one::TwoToOne,
    /// Rule 2: mirroring.
    pub mirroring: mirroring::Mirroring,
    /// Rule 3: clinginess.
    pub clinginess: clinginess::Clinginess,
    /// Rule 4: too much too soon.
    pub too_soon: too_soon::TooSoon,
    /// Rule 5: who takes the lead.
    pub lead: lead::Lead,
    /// Rule 6: space and interest.
    pub space: space::Space,
    /// Rule 7: the talk.
    pub talk: talk::Talk,
}

/// A rule's badge: a grade for the checks of your texting, a state for
/// space and the talk ("giving space, day 4 of 7"), or nothing to judge.
#[derive(Clone, Debug, PartialEq)]
pub enum Badge {
    /// A grade.
    Status(Status),
    /// Too little to judge.
    NotJudged,
    /// A state in words.
    State(String),
}

/// One row of a rule's table (mirroring's dimensions).
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The dimension.
    pub name: String,
    /// Yours.
    pub me: f64,
    /// Theirs.
    pub them: f64,
    /// Yours ÷ theirs.
    pub ratio: Option<f64>,
    /// Its grade.
    pub status: Status,
    /// Whether it was graded at all (enough data, and a lean beyond chance).
    pub judged: bool,
}

/// A rule as every renderer shows it. The one list of rules: text and HTML
/// loop over [`Rules::cards`], so a new rule is added here once.
#[derive(Clone, Debug, PartialEq)]
pub struct Card<'a> {
    /// A stable key (`two_to_one`, ...).
    pub key: &'static str,
    /// The title shown.
    pub title: &'static str,
    /// The badge shown.
    pub badge: Badge,
    /// The finding in plain words.
    pub summary: &'a str,
    /// A table, when the rule has one.
    pub table: Vec<Row>,
    /// The messages behind it, and a heading for them.
    pub evidence_title: &'static str,
    /// The messages behind it.
    pub evidence: Vec<Evidence>,
}

impl Rules {
    /// Every rule, in SPEC's order; `space_state` is the space rule's words
    /// for its state (it knows the day of N from the next step).
    pub fn cards(&self, space_state: String) -> Vec<Card<'_>> {
        let graded = |s: Status, judged: bool| {
            if judged {
                Badge::Status(s)
            } else {
                Badge::NotJudged
            }
        };
        let flags = self
            .too_soon
            .flags
            .iter()
            .map(|f| Evidence {
                at: f.at.clone(),
                who: "me",
                text: f.text.clone(),
                why: Some(format!("{}: \"{}\"", f.category, f.phrase)),
                app: None,
            })
            .collect();
        let rows = self
            .mirroring
            .dimensions
            .iter()
            .filter(|d| d.me > 0.0 || d.them > 0.0)
            .map(|d| Row {
                name: d.name.replace('_', " "),
                me: d.me,
                them: d.them,
                ratio: d.ratio,
                status: d.status,
                judged: d.direction != mirroring::Direction::NotJudged,
            })
            .collect();
        vec![
            Card {
                key: "two_to_one",
                title: "2:1 rule",
                badge: graded(self.two_to_one.status, self.two_to_one.judged),
                summary: &self.two_to_one.summary,
                table: Vec::new(),
                evidence_title: "2:1 rule: openings before they had opened twice",
                evidence: self.two_to_one.evidence.clone(),
            },
            Card {
                key: "mirroring",
                title: "Mirroring",
                badge: graded(self.mirroring.status, self.mirroring.judged),
                summary: &self.mirroring.summary,
                table: rows,
                evidence_title: "Mirroring",
                evidence: Vec::new(),
            },
            Card {
                key: "clinginess",
                title: "Clinginess",
                badge: graded(self.clinginess.status, self.clinginess.judged),
                summary: &self.clinginess.summary,
                table: Vec::new(),
                evidence_title: "Clinginess",
                evidence: self.clinginess.evidence.clone(),
            },
            Card {
                key: "too_soon",
                title: "Too much too soon",
                badge: Badge::Status(self.too_soon.status),
                summary: &self.too_soon.summary,
                table: Vec::new(),
                evidence_title: "Too much too soon",
                evidence: flags,
            },
            Card {
                key: "lead",
                title: "Taking the lead",
                badge: Badge::Status(self.lead.status),
                summary: &self.lead.summary,
                table: Vec::new(),
                evidence_title: "Plans proposed",
                evidence: self.lead.evidence.clone(),
            },
            Card {
                key: "space",
                title: "Space",
                badge: Badge::State(space_state),
                summary: &self.space.summary,
                table: Vec::new(),
                evidence_title: "Space",
                evidence: self.space.evidence.clone(),
            },
            Card {
                key: "talk",
                title: "The talk",
                badge: Badge::State(self.talk.verdict.label().to_owned()),
                summary: &self.talk.summary,
                table: Vec::new(),
                evidence_title: "The talk",
                evidence: self.talk.evidence.clone(),
            },
        ]
    }
}

/// "1 message", "3 messages".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
