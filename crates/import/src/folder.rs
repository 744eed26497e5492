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

fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if depth > MAX_DEPTH || out.len() >= MAX_FILES {
        return Ok(());
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
        if p.is_dir() {
            walk(&p, depth + 1, out)?;
        } else if out.len() < MAX_FILES {
            out.push(p);
        }
    }
    Ok(())
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
    let mut files = Vec::new();
    walk(dir, 0, &mut files).map_err(|source| ImportError::Io {
        file: display.clone(),
        source,
    })?;
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
        match read_path(&f).and_then(|input| import_with(input, opts)) {
            Ok(found) => chats.extend(found),
            Err(ImportError::Unsupported { .. }) => skipped.push(f.display().to_string()),
            Err(e) => return Err(e),
        }
    }
    if chats.is_empty() {
        return Err(ImportError::Unsupported {
            file: display,
            why: format!(
                "the folder holds no chat export ({} file(s) looked at)",
                skipped.len()
            ),
        });
    }
    if !skipped.is_empty() {
        chats[0].warnings.push(format!(
            "{display}: {} file(s) in the folder are not chat exports and were skipped",
            skipped.len()
        ));
    }
    Ok(chats)
}
