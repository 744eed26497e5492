//! The public sample exports in `../shared/fixtures` beside the repository
//! (read in place, never copied), for the tests that run over them.
//!
//! A missing folder is a failure under CI (`CI=true`): a test that checks
//! nothing must not pass there. Elsewhere it is a skip that says so on the
//! terminal (written to stderr directly, past the test harness's capture).

use std::io::Write;
use std::path::{Path, PathBuf};

/// `../shared/fixtures/<folder>` relative to the repository, or `None` (with
/// a note on the terminal) when it is absent outside CI.
///
/// # Panics
/// When the folder is absent and `CI` is `true` (or `1`).
pub fn dir(folder: &str) -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures");
    let ci = std::env::var("CI").is_ok_and(|v| matches!(v.trim(), "true" | "1"));
    locate(&root, folder, ci)
}

fn locate(root: &Path, folder: &str, ci: bool) -> Option<PathBuf> {
    let dir = root.join(folder);
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        !ci,
        "the public fixtures are missing at {} (CI=true: a test over them must not pass without them)",
        dir.display()
    );
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED: no public fixtures at {} (set CI=true to make this a failure)",
        dir.display()
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_folder_is_a_skip_outside_ci() {
        assert_eq!(
            locate(Path::new("/nonexistent/fixtures"), "telegram", false),
            None
        );
    }

    #[test]
    #[should_panic(expected = "the public fixtures are missing")]
    fn a_missing_folder_fails_under_ci() {
        locate(Path::new("/nonexistent/fixtures"), "telegram", true);
    }

    #[test]
    fn the_fixtures_are_found_relative_to_the_repository() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures");
        if root.is_dir() {
            assert!(locate(&root, "telegram", true).is_some());
        }
    }
}
