//! An export file that stays on disk: a large WhatsApp export is read a part
//! at a time, and the chat keeps the file as the store of its messages'
//! texts ([`pullaway_chat::TextFile`]) instead of a copy of it in memory.
//! Every read first checks that the file is still the one that was opened
//! (same size, same modification time), so a file that changes under us
//! gives a clear error, never texts from the wrong places.

use std::fs::File;
use std::io;
use std::ops::Range;
use std::os::unix::fs::FileExt;
use std::time::SystemTime;

/// An export file read in place.
#[derive(Debug)]
pub struct ExportFile {
    file: File,
    /// Bytes before the text (a UTF-8 byte-order mark).
    skip: u64,
    /// The text's length: the file's, less `skip`.
    len: usize,
    /// The file's size and modification time when it was opened.
    stamp: (u64, Option<SystemTime>),
}

impl ExportFile {
    /// Takes an open file whose text starts after `skip` bytes.
    pub fn new(file: File, skip: u64) -> io::Result<ExportFile> {
        let meta = file.metadata()?;
        let size = meta.len();
        let len = usize::try_from(size.saturating_sub(skip))
            .map_err(|_| io::Error::other("the file is too large to address"))?;
        Ok(ExportFile {
            file,
            skip,
            len,
            stamp: (size, meta.modified().ok()),
        })
    }

    /// The text's length in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Appends the bytes `range` of the text to `into`, fewer only at the
    /// end of the text; fails if the file changed since it was opened.
    pub fn read_append(&self, range: Range<usize>, into: &mut Vec<u8>) -> io::Result<()> {
        // Before and after the read: a file rewritten meanwhile is noticed.
        self.unchanged()?;
        let range = range.start.min(self.len)..range.end.min(self.len);
        let at = into.len();
        into.resize(at + range.len(), 0);
        self.file
            .read_exact_at(&mut into[at..], self.skip + range.start as u64)
            .map_err(|e| match e.kind() {
                io::ErrorKind::UnexpectedEof => io::Error::other(
                    "the file became shorter while pullaway was reading it; run again once it is complete",
                ),
                _ => e,
            })?;
        self.unchanged()
    }

    /// Whether the file still has the size and modification time it had
    /// when it was opened.
    fn unchanged(&self) -> io::Result<()> {
        let meta = self.file.metadata()?;
        if (meta.len(), meta.modified().ok()) != self.stamp {
            return Err(io::Error::other(
                "the file changed while pullaway was reading it; run again once it is complete",
            ));
        }
        Ok(())
    }
}

impl pullaway_chat::TextFile for ExportFile {
    fn read(&self, range: Range<usize>, into: &mut Vec<u8>) -> Result<(), String> {
        into.clear();
        self.read_append(range, into).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_after_the_mark_and_notices_a_change() {
        let dir = std::env::temp_dir().join(format!("pullaway-export-file-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("chat.txt");
        std::fs::write(&path, b"\xEF\xBB\xBFhello world").unwrap();
        let file = ExportFile::new(File::open(&path).unwrap(), 3).unwrap();
        assert_eq!(file.len(), 11);
        let mut buf = b"> ".to_vec();
        file.read_append(6..20, &mut buf).unwrap();
        assert_eq!(buf, b"> world");
        std::fs::write(&path, b"\xEF\xBB\xBFhello").unwrap();
        let err = file.read_append(0..5, &mut buf).unwrap_err();
        assert!(err.to_string().contains("changed"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_chat_whose_file_changes_reads_no_text_and_says_why() {
        let dir =
            std::env::temp_dir().join(format!("pullaway-export-change-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("WhatsApp Chat with Sam.txt");
        let mut text = String::new();
        for i in 0..50 {
            text.push_str(&format!(
                "01/03/2024, 10:{i:02} - Sam: message number {i}\n"
            ));
        }
        std::fs::write(&path, &text).unwrap();
        let file = ExportFile::new(File::open(&path).unwrap(), 0).unwrap();
        let chat = crate::whatsapp::parse_file("chat.txt", "WhatsApp Chat with Sam.txt", file)
            .unwrap()
            .expect("read in place");
        assert_eq!(chat.text(&chat.messages()[7]), "message number 7");
        assert!(chat.text_failure().is_none());
        // Another export saved over it (a different size: a rewrite of the
        // same size within the clock's tick would keep the stamp).
        std::fs::write(&path, text.replace("number", "NUMBER!")).unwrap();
        let mut texts = chat.texts();
        let seen: Vec<String> = chat
            .messages()
            .iter()
            .map(|m| texts.get(m).to_owned())
            .collect();
        assert!(seen.iter().all(|t| !t.contains("NUMBER")), "{seen:?}");
        let why = chat.text_failure().expect("the change is noticed");
        assert!(why.contains("changed"), "{why}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
