//! A folder given as input: the exports in it, found by content. Messenger
//! and Instagram downloads keep each thread in its own folder, split into
//! `message_1.json`, `message_2.json`, ...: those parts are read together as
//! one chat. Files that are not chat exports (photos, HTML pages) are skipped
//! and counted.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use pullaway_chat::Chat;

use crate::detect::{import_with, ImportOptions};
use crate::error::ImportError;
use crate::source::read_path;

/// How deep and how wide a folder is searched.
const MAX_DEPTH: usize = 8;
const MAX_FILES: usize = 20_000;

/// What the walk found: candidate files, and what it skipped without
/// reading (media by name, FIFOs, devices, links seen before).
#[derive(Default)]
struct Found {
    files: Vec<PathBuf>,
    skipped: usize,
    /// Folders already walked (by their canonical path): links that lead
    /// back into them are followed once, never in a loop.
    seen: std::collections::HashSet<PathBuf>,
}

/// Extensions of files that are never chat exports (photos, videos, audio,
/// documents): skipped by name, never opened.
const MEDIA: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "webp", "heic", "heif", "bmp", "tif", "tiff", "mp4", "mov", "m4v",
    "avi", "mkv", "webm", "3gp", "mp3", "m4a", "aac", "ogg", "opus", "wav", "flac", "amr", "pdf",
    "doc", "docx", "xls", "xlsx", "ppt", "pptx", "vcf", "html", "htm", "css", "js", "ico", "svg",
    "woff", "woff2", "ttf",
];

fn is_media(p: &Path) -> bool {
    p.extension()
        .is_some_and(|e| MEDIA.contains(&e.to_string_lossy().to_ascii_lowercase().as_str()))
}

fn walk(dir: &Path, depth: usize, out: &mut Found) -> std::io::Result<()> {
    if depth > MAX_DEPTH || out.files.len() >= MAX_FILES {
        return Ok(());
    }
    if let Ok(real) = std::fs::canonicalize(dir) {
        if !out.seen.insert(real) {
            return Ok(());
        }
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        // metadata follows links; a dangling link has none and is skipped.
        let Ok(meta) = std::fs::metadata(&p) else {
            out.skipped += 1;
            continue;
        };
        if meta.is_dir() {
            walk(&p, depth + 1, out)?;
        } else if !meta.is_file() || is_media(&p) {
            // FIFOs, sockets and devices would block or never end; media are
            // never exports. Neither is opened.
            out.skipped += 1;
        } else if out.files.len() < MAX_FILES {
            out.files.push(p);
        }
    }
    Ok(())
}

/// Whether a file's first bytes could start a chat export of some format
/// (text, JSON, XML, a zip, a SQLite database), so binary files are skipped
/// without being read whole.
fn looks_like_an_export(p: &Path) -> bool {
    use std::io::Read;
    let Ok(f) = std::fs::File::open(p) else {
        return false;
    };
    let mut head = Vec::with_capacity(4096);
    if f.take(4096).read_to_end(&mut head).is_err() {
        return false;
    }
    if crate::source::is_zip(&head) || head.starts_with(b"SQLite format 3\0") {
        return true;
    }
    // UTF-16 with a BOM, else text: no NUL bytes in the first 4 KiB.
    head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) || !head.contains(&0)
}

fn is_message_part(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.strip_prefix("message_")
        .and_then(|r| r.strip_suffix(".json"))
        .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
}

pub fn import_dir(dir: &Path, opts: &ImportOptions) -> Result<Vec<Chat>, ImportError> {
    let display = dir.display().to_string();
    let mut found = Found::default();
    walk(dir, 0, &mut found).map_err(|error| ImportError::Io {
        file: display.clone(),
        error,
    })?;
    let mut not_read = found.skipped;
    let files = found.files;
    let mut threads: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    let mut others = Vec::new();
    for f in files {
        match (is_message_part(&f), f.parent()) {
            (true, Some(parent)) => threads.entry(parent.to_path_buf()).or_default().push(f),
            _ => others.push(f),
        }
    }
    let mut chats = Vec::new();
    let mut skipped = Vec::new();
    for (folder, parts) in threads {
        let mut data = Vec::new();
        for p in &parts {
            let input = read_path(p)?;
            data.push((
                p.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                input.bytes,
            ));
        }
        if data.iter().all(|(_, b)| crate::messenger::looks_like(b)) {
            chats.extend(crate::messenger::parse_parts(
                &folder.display().to_string(),
                &data,
                &opts.tz,
            )?);
        } else {
            skipped.push(folder.display().to_string());
        }
    }
    for f in others {
        if !looks_like_an_export(&f) {
            not_read += 1;
            continue;
        }
        match read_path(&f).and_then(|input| import_with(input, opts)) {
            Ok(found) => chats.extend(found),
            Err(ImportError::Unsupported { .. }) => skipped.push(f.display().to_string()),
            Err(e) => return Err(e),
        }
    }
    let files_word = |n: usize| {
        if n == 1 {
            "1 file".to_owned()
        } else {
            format!("{n} files")
        }
    };
    if chats.is_empty() {
        return Err(ImportError::Unsupported {
            file: display,
            why: format!(
                "the folder holds no chat export: {} read and not recognised, {} skipped unread — media, links that lead nowhere, pipes or devices",
                files_word(skipped.len()),
                files_word(not_read)
            ),
        });
    }
    if !skipped.is_empty() || not_read > 0 {
        let n = skipped.len() + not_read;
        chats[0].warnings.push(format!(
            "{display}: {} in the folder {} and {} skipped ({not_read} without being read: media by name, binary files, links that lead nowhere, pipes or devices)",
            files_word(n),
            if n == 1 { "is not a chat export" } else { "are not chat exports" },
            if n == 1 { "was" } else { "were" },
        ));
    }
    // The same export reached twice (through a link) is listed once.
    let mut ids = std::collections::HashSet::new();
    chats.retain(|c| ids.insert((c.format, c.id.clone(), c.message_count())));
    Ok(chats)
}
