//! Terminal styling. Colour only when the caller says so (a TTY without
//! NO_COLOR); otherwise plain text, so pipes and snapshots stay clean.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn wrap(self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }

    pub fn bold(self, s: &str) -> String {
        self.wrap("1", s)
    }

    pub fn dim(self, s: &str) -> String {
        self.wrap("2", s)
    }

    /// A status tag, coloured by severity: `[ok]`, `[warn]`, `[alert]`, `[--]`.
    pub fn status(self, status: &str) -> String {
        let tag = format!("[{status}]");
        let padded = format!("{tag:<7}");
        match status {
            "alert" => self.wrap("1;31", &padded),
            "warn" => self.wrap("33", &padded),
            "ok" => self.wrap("32", &padded),
            _ => self.dim(&padded),
        }
    }
}
