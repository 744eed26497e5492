//! `pullaway talk`: the scripts for an honest talk, read from the data file
//! `talk/en.txt` (sections `== casual before ==` and so on).

const EN: &str = include_str!("../talk/en.txt");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Want {
    Casual,
    Serious,
}

/// The advice and scripts for what you want, before or after intimacy.
pub fn script(want: Want, after: bool) -> String {
    section(want, if after { "after" } else { "before" })
}

/// The advice and scripts for friends who became more.
pub fn friends(want: Want) -> String {
    section(want, "friends")
}

/// Every script line (the quoted openings), for checking them with `draft`.
pub fn all_lines() -> Vec<String> {
    EN.lines()
        .filter_map(|l| l.strip_prefix("- "))
        .map(|l| l.trim().trim_matches('"').to_owned())
        .collect()
}

fn section(want: Want, when: &str) -> String {
    let head = format!(
        "== {} {when} ==",
        match want {
            Want::Casual => "casual",
            Want::Serious => "serious",
        },
    );
    let mut out = String::new();
    let mut inside = false;
    for line in EN.lines() {
        if line.starts_with("== ") {
            inside = line.trim() == head;
            continue;
        }
        if inside && !line.starts_with('#') {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_exists_and_has_scripts() {
        for want in [Want::Casual, Want::Serious] {
            for after in [false, true] {
                let s = script(want, after);
                assert!(
                    s.lines().filter(|l| l.starts_with("- ")).count() >= 3,
                    "{want:?} {after}"
                );
            }
        }
        assert!(script(Want::Serious, true).contains("meant something to me"));
        for want in [Want::Casual, Want::Serious] {
            assert!(
                friends(want)
                    .lines()
                    .filter(|l| l.starts_with("- "))
                    .count()
                    >= 3
            );
        }
        // The casual scripts carry the self-check.
        assert!(script(Want::Casual, false).contains("A check for yourself"));
        assert!(script(Want::Casual, true).contains("A check for yourself"));
        assert!(friends(Want::Casual).contains("A check for yourself"));
    }
}
