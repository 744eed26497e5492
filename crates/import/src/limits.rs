//! Size limits that keep a hostile or broken input from exhausting memory.

/// The largest single input file or stdin stream we read (just under 4 GiB:
/// offsets into it are 32-bit).
pub const MAX_INPUT_BYTES: u64 = u32::MAX as u64;
/// The largest uncompressed zip entry we read (2 GiB).
pub const MAX_ZIP_ENTRY_BYTES: u64 = 2 << 30;
/// Largest allowed uncompressed/compressed ratio for a zip entry. Chat text
/// compresses 3-10x; a ratio beyond this is a zip bomb, not a chat.
pub const MAX_ZIP_RATIO: u64 = 200;
/// The most entries a zip may list before we stop looking at it.
pub const MAX_ZIP_ENTRIES: usize = 100_000;
/// The longest line of a text export (1 MiB). A WhatsApp message is capped
/// far below this by the app.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// The input budget: how many bytes one input may take in memory once read
/// and unzipped (default 1 GiB — a WhatsApp export of a million messages is
/// about 90 MB). Set `PULLAWAY_MAX_INPUT_MB` to raise or lower it.
pub fn input_budget() -> u64 {
    static BUDGET: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *BUDGET.get_or_init(|| {
        std::env::var("PULLAWAY_MAX_INPUT_MB")
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .filter(|&mb| mb > 0)
            .map_or(DEFAULT_BUDGET_MB << 20, |mb| {
                (mb << 20).min(MAX_INPUT_BYTES)
            })
    })
}

/// From what size a WhatsApp export file is read in place: a part at a
/// time, its texts left in the file and read again when the analysis asks
/// (default 16 MiB; memory then stays below the file's size). Set
/// `PULLAWAY_IN_PLACE_MB` to change it (0: every WhatsApp file).
pub fn in_place_from() -> u64 {
    static FROM: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *FROM.get_or_init(|| {
        std::env::var("PULLAWAY_IN_PLACE_MB")
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map_or(DEFAULT_IN_PLACE_MB << 20, |mb| mb << 20)
    })
}

/// The default of [`in_place_from`], in MiB.
pub const DEFAULT_IN_PLACE_MB: u64 = 16;

/// The default of [`input_budget`], in MiB.
pub const DEFAULT_BUDGET_MB: u64 = 1024;

/// "the input budget of 1024 MiB (set PULLAWAY_MAX_INPUT_MB to change it)".
pub fn budget_words() -> String {
    format!(
        "the input budget of {} MiB (set PULLAWAY_MAX_INPUT_MB to change it)",
        input_budget() >> 20
    )
}
