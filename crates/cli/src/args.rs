//! Command-line flags, and their validation into typed values.
//!
//! Raw flags are strings; `Validated` holds what the commands use. Every
//! error names the flag that fixes it.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use pullaway_chat::{Date, LocalTime};
use pullaway_coach::NowSource;
use pullaway_coach::{Options, Thresholds};

#[derive(Parser, Debug)]
#[command(
    name = "pullaway",
    version,
    about = "Is the person you are seeing pulling away? Reads your chat export on this machine and tells you, with evidence.",
    after_help = "Nothing leaves your machine. pullaway is a decision aid, not therapy."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// When to use colour: auto (on a terminal, unless NO_COLOR is set or TERM=dumb), always, never.
    #[arg(
        long,
        value_enum,
        global = true,
        default_value = "auto",
        value_name = "WHEN"
    )]
    pub color: ColorChoice,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to write completions for.
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Analyse a chat export: are they pulling away, do you follow the rules, what to do next.
    Report(ReportArgs),
    /// List what an export holds: each chat, its people and message counts.
    Chats(ChatsArgs),
    /// Run the report on a bundled example chat (no file needed).
    Demo(DemoArgs),
    /// Print every message as pullaway read it, one JSON object a line (to check an import).
    Messages(MessagesArgs),
    /// The next step in one line (the report's answer); exit 0 when you may write, 1 when not.
    Turn(TurnArgs),
    /// Check a message before you send it (2:1 rule, double text, length, too much too soon).
    Draft(DraftArgs),
    /// Short scripts for an honest talk about what you want.
    Talk(TalkArgs),
    /// A local web page (127.0.0.1 only) to drop an export on and read the report.
    Serve(ServeArgs),
    /// Print shell completions (bash, zsh, fish, powershell, elvish) to standard output.
    Completions(CompletionsArgs),
    /// Print the manual page (roff) to standard output.
    Man,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The port to listen on (default: a free one).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
}

#[derive(Args, Debug)]
pub struct TurnArgs {
    /// The export: a .txt or .zip file, or - for stdin.
    pub file: PathBuf,
    #[command(flatten)]
    pub analysis: Analysis,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: PlainFormat,
}

#[derive(Args, Debug)]
pub struct DraftArgs {
    /// The export: a .txt or .zip file, or - for stdin.
    pub file: PathBuf,
    /// The message you are about to send.
    pub text: String,
    #[command(flatten)]
    pub analysis: Analysis,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: PlainFormat,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Want {
    Casual,
    Serious,
}

#[derive(Args, Debug)]
pub struct TalkArgs {
    /// What you want: something casual or something serious.
    #[arg(long, value_enum)]
    pub want: Want,
    /// You have already been intimate (the scripts differ).
    #[arg(long)]
    pub after: bool,
    /// You were friends first and it became more (scripts for that case).
    #[arg(long, conflicts_with = "after")]
    pub friends: bool,
}

#[derive(Args, Debug)]
pub struct MessagesArgs {
    /// The export, or - for stdin.
    pub file: PathBuf,
    /// Time zone for exports that store UTC times (default: this machine's).
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// Pick one chat of an export that holds several.
    #[arg(long, value_name = "ID|NAME")]
    pub chat: Option<String>,
}

/// Text or JSON: for the commands that have no HTML page.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlainFormat {
    Text,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    /// A self-contained HTML page with charts (report and demo only).
    Html,
}

#[derive(Args, Debug, Clone, Default)]
pub struct Analysis {
    /// Your name as it appears in the chat.
    #[arg(long, value_name = "NAME")]
    pub me: Option<String>,
    /// The other person's name as it appears in the chat.
    #[arg(long, value_name = "NAME")]
    pub them: Option<String>,
    /// A pause this long starts a new conversation: 6h (default), 90m, 12h, or hours; shorter than the 24h late-reply window.
    #[arg(long, value_name = "DURATION")]
    pub gap: Option<String>,
    /// The current time, for reproducible results: 2024-03-20T21:00 (default: when the export was made, else this machine's clock).
    #[arg(long, value_name = "DATETIME")]
    pub now: Option<String>,
    /// The key date (e.g. your first night together): 2024-03-01.
    #[arg(long, value_name = "DATE")]
    pub event: Option<String>,
    /// Pick one chat of an export that holds several (its id or name, see `pullaway chats`).
    #[arg(long, value_name = "ID|NAME")]
    pub chat: Option<String>,
    /// When you started dating, for "too much too soon" (default: the first message).
    #[arg(long, value_name = "DATE")]
    pub dating_since: Option<String>,
    /// The day you had the talk about what happened between you (it is no longer advised after it).
    #[arg(long, value_name = "DATE")]
    pub talked: Option<String>,
    /// Days of space before "probably not interested" (default 7).
    #[arg(long, value_name = "DAYS", allow_negative_numbers = true)]
    pub space_days: Option<f64>,
    /// A JSON file of thresholds (keys as in the README), e.g. {"mirror_ok": 1.2} (default: $PULLAWAY_CONFIG, else ~/.config/pullaway/config.json when it exists).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Seed of the bootstrap intervals (results are reproducible for a seed).
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub seed: u64,
    /// Time zone for exports that store UTC times (Telegram, Messenger, iMessage, SMS, Discord),
    /// e.g. Europe/Berlin (default: this machine's).
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// The export(s): .txt, .zip, .json, .xml or chat.db files, or - for stdin. Several exports of
    /// the same two people (e.g. WhatsApp and Telegram) are merged into one timeline.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub analysis: Analysis,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Write the report to this file instead of the terminal.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The whole text report: every signal, rule and piece of evidence (the default is one screen).
    #[arg(long)]
    pub full: bool,
}

#[derive(Args, Debug)]
pub struct ChatsArgs {
    /// One or more exports (or - for stdin).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Time zone for exports that store UTC times (default: this machine's).
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: PlainFormat,
}

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// The whole text report: every signal, rule and piece of evidence (the default is one screen).
    #[arg(long)]
    pub full: bool,
    /// Write the report to this file instead of the terminal.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The current time for the demo (default: 2024-03-18T20:00, two days after its last message).
    #[arg(long, value_name = "DATETIME")]
    pub now: Option<String>,
}

/// Parses `6h`, `90m`, `1d`, `30s` or a plain number of hours into seconds.
pub fn parse_duration(flag: &str, s: &str) -> Result<i64> {
    let s = s.trim();
    let (num, unit) = match s.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
        Some((i, _)) => (&s[..i], &s[i..]),
        None => (s, "h"),
    };
    let value: f64 = num
        .trim()
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite() && *v > 0.0)
        .with_context(|| {
            format!("{flag}: expected a positive duration like 6h, 90m or 1d, got {s:?}")
        })?;
    let secs = match unit {
        "s" => value,
        "m" | "min" => value * 60.0,
        "h" => value * 3600.0,
        "d" => value * 86_400.0,
        _ => bail!("{flag}: unknown unit {unit:?} in {s:?}; use s, m, h or d"),
    };
    Ok(secs.round() as i64)
}

pub fn parse_now(flag: &str, s: &str) -> Result<LocalTime> {
    LocalTime::parse(s).with_context(|| {
        format!("{flag}: expected a date and time like 2024-03-20T21:00, got {s:?}")
    })
}

pub fn parse_date(flag: &str, s: &str) -> Result<Date> {
    Date::parse(s.trim())
        .with_context(|| format!("{flag}: expected a date like 2024-03-01, got {s:?}"))
}

/// Import options from `--tz`.
pub fn import_options(tz: Option<&str>) -> Result<pullaway_import::ImportOptions> {
    let tz = pullaway_import::tz::zone(tz).map_err(|e| anyhow::anyhow!("--tz: {e}"))?;
    Ok(pullaway_import::ImportOptions { tz })
}

/// The machine's current wall-clock time in its own time zone.
pub fn system_now() -> LocalTime {
    wall_clock(jiff::Zoned::now())
}

/// A file's modification time on this machine's wall clock.
pub fn file_time(path: &std::path::Path) -> Option<LocalTime> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    let ts = jiff::Timestamp::try_from(modified).ok()?;
    Some(wall_clock(ts.to_zoned(jiff::tz::TimeZone::system())))
}

fn wall_clock(z: jiff::Zoned) -> LocalTime {
    let dt = z.datetime();
    let date = Date::new(i32::from(dt.year()), dt.month() as u8, dt.day() as u8)
        .expect("jiff gives valid dates");
    LocalTime::new(date, dt.hour() as u8, dt.minute() as u8, dt.second() as u8)
        .expect("jiff gives valid times")
}

/// The thresholds file: `--config`, else `$PULLAWAY_CONFIG`, else
/// `$XDG_CONFIG_HOME/pullaway/config.json` (or `~/.config/…`) when it
/// exists; with where it came from, for errors.
fn config_file(flag: Option<&std::path::Path>) -> Option<(PathBuf, &'static str)> {
    if let Some(p) = flag {
        return Some((p.to_path_buf(), "--config"));
    }
    if let Some(p) = std::env::var_os("PULLAWAY_CONFIG").filter(|p| !p.is_empty()) {
        return Some((PathBuf::from(p), "PULLAWAY_CONFIG"));
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    let p = base.join("pullaway").join("config.json");
    p.is_file().then_some((p, "the config file"))
}

impl Analysis {
    /// Turns the raw flags into analysis options.
    pub fn options(&self, default_now: LocalTime) -> Result<Options> {
        let (now, source) = match &self.now {
            Some(s) => (parse_now("--now", s)?, NowSource::Given),
            None => (default_now, NowSource::Clock),
        };
        let mut opts = Options::new(now);
        opts.now_source = source;
        opts.me = self.me.clone();
        opts.them = self.them.clone();
        opts.seed = self.seed;
        if let Some((path, from)) = config_file(self.config.as_deref()) {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("{from}: cannot read {}", path.display()))?;
            opts.thresholds = Thresholds::from_json(&text)
                .map_err(|e| anyhow::anyhow!("{from}: {}: {e}", path.display()))?;
        }
        if let Some(g) = &self.gap {
            opts.thresholds.gap_hours = parse_duration("--gap", g)? as f64 / 3600.0;
            if opts.thresholds.gap_hours >= opts.thresholds.late_reply_hours {
                bail!(
                    "--gap: must be shorter than the {}h late-reply window, got {g}",
                    opts.thresholds.late_reply_hours
                );
            }
        }
        if let Some(d) = self.space_days {
            if !(d.is_finite() && d > 0.0) {
                bail!("--space-days: expected a positive number of days, got {d}");
            }
            opts.thresholds.space_days = d;
        }
        opts.thresholds
            .validate()
            .map_err(|e| anyhow::anyhow!("thresholds: {e}"))?;
        opts.event = self
            .event
            .as_deref()
            .map(|e| parse_date("--event", e))
            .transpose()?;
        opts.dating_since = self
            .dating_since
            .as_deref()
            .map(|e| parse_date("--dating-since", e))
            .transpose()?;
        opts.talked = self
            .talked
            .as_deref()
            .map(|e| parse_date("--talked", e))
            .transpose()?;
        Ok(opts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("--gap", "6h").unwrap(), 21_600);
        assert_eq!(parse_duration("--gap", "90m").unwrap(), 5_400);
        assert_eq!(parse_duration("--gap", "1d").unwrap(), 86_400);
        assert_eq!(parse_duration("--gap", "4").unwrap(), 14_400);
        let e = parse_duration("--gap", "soon").unwrap_err().to_string();
        assert!(e.starts_with("--gap: expected a positive duration"), "{e}");
        assert!(parse_duration("--gap", "3w").is_err());
        assert!(parse_duration("--gap", "-2h").is_err());
    }
}
