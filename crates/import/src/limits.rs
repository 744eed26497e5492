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
