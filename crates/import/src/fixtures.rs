//! The public sample exports in `../shared/fixtures` beside the repository
//! (read in place, never copied), for the tests that run over them.
//!
//! A missing folder is a failure under CI (`CI=true`): a test that checks
//! nothing must not pass there. Elsewhere it is a skip that says so on the
//! terminal (written to stderr directly, past the test harness's capture).

use std::io::Write;
use std::path::PathBuf;

/// `../shared/fixtures/<folder>` relative to the repository, or `None` (with
/// a note on the terminal) when it is absent outside CI.
///
/// # Panics
/// When the folder is absent and `CI` is set to `true` (or `1`).
pub fn dir(folder: &str) -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures");
    let dir = root.join(folder);
    if dir.is_dir() {
        return Some(dir);
    }
    let ci = std::env::var("CI").is_ok_and(|v| matches!(v.trim(), "true" | "1"));
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
