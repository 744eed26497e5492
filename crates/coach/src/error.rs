//! Errors the analysis can return: all about telling the two people apart.

/// "Robin (9 messages), Sam (7 messages)": the busiest first.
fn list(participants: &[(String, usize)]) -> String {
    let mut sorted: Vec<&(String, usize)> = participants.iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    sorted
        .into_iter()
        .map(|(n, c)| format!("{n} ({c} message{})", if *c == 1 { "" } else { "s" }))
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CoachError {
    #[error(
        "no participant is called {name:?}; the participants are: {}",
        list(participants)
    )]
    UnknownPerson {
        name: String,
        participants: Vec<(String, usize)>,
    },
    #[error("{name:?} matches several participants: {}; give the full name", matches.join(", "))]
    AmbiguousPerson { name: String, matches: Vec<String> },
    #[error(
        "this is a group chat; pick the two people with --me NAME --them NAME. The participants are: {}",
        list(participants)
    )]
    Group { participants: Vec<(String, usize)> },
    #[error("cannot tell which of the two is you; say it with --me NAME (or --them NAME). The participants are: {}", list(participants))]
    WhoIsWho { participants: Vec<(String, usize)> },
    #[error("--me and --them name the same person ({0})")]
    SamePerson(String),
    #[error("the chat has {} participant(s) with messages; pullaway needs two: {}", participants.len(), list(participants))]
    TooFew { participants: Vec<(String, usize)> },
}
