//! The rules of SPEC as checks, one file each. A check reads the [`Context`]
//! and returns its own result: a status, the numbers behind it, a sentence in
//! plain words, and the messages that triggered it.

pub mod clinginess;
pub mod lead;
pub mod mirroring;
pub mod space;
pub mod talk;
pub mod too_soon;
pub mod two_to_one;

use serde::Serialize;

pub use crate::context::Evidence;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Warn,
    Alert,
}

impl Status {
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
    pub two_to_one: two_to_one::TwoToOne,
    pub mirroring: mirroring::Mirroring,
    pub clinginess: clinginess::Clinginess,
    pub too_soon: too_soon::TooSoon,
    pub lead: lead::Lead,
    pub space: space::Space,
    pub talk: talk::Talk,
}

/// "1 message", "3 messages".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
