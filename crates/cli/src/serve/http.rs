//! A deliberately small HTTP/1.1 reader for the local page: one request per
//! connection, a bounded head, a bounded body, and multipart/form-data.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::net::TcpStream;

/// The largest request head we read.
const MAX_HEAD: usize = 16 * 1024;

pub struct Request {
    pub method: String,
    pub path: String,
    /// Header names in lowercase.
    pub headers: HashMap<String, String>,
    /// How many `Host` headers the request carried (exactly one is valid).
    pub hosts: usize,
}

pub enum HeadError {
    /// The peer closed or sent nothing usable.
    Closed,
    TooLarge,
    Malformed,
}

/// Reads the request line and headers: at most 16 KiB in all (a line
/// without an end can't grow memory) and within `deadline` (one byte every
/// few seconds can't hold a worker for ever).
pub fn read_head(
    reader: &mut BufReader<&TcpStream>,
    deadline: std::time::Instant,
) -> Result<Request, HeadError> {
    let mut head = Vec::new();
    loop {
        let mut line = Vec::new();
        let room = (MAX_HEAD + 1 - head.len()) as u64;
        let n = (&mut *reader)
            .take(room)
            .read_until(b'\n', &mut line)
            .map_err(|_| HeadError::Closed)?;
        if n == 0 {
            return Err(HeadError::Closed);
        }
        head.extend_from_slice(&line);
        if head.len() > MAX_HEAD {
            return Err(HeadError::TooLarge);
        }
        if std::time::Instant::now() > deadline {
            return Err(HeadError::Closed);
        }
        if line == b"\r\n" || line == b"\n" {
            break;
        }
    }
    let text = String::from_utf8(head).map_err(|_| HeadError::Malformed)?;
    let mut lines = text.lines();
    let mut first = lines.next().ok_or(HeadError::Malformed)?.split_whitespace();
    let method = first.next().ok_or(HeadError::Malformed)?.to_owned();
    let path = first.next().ok_or(HeadError::Malformed)?.to_owned();
    let mut headers = HashMap::new();
    let mut hosts = 0;
    for line in lines {
        if let Some((k, v)) = line.split_once(':') {
            let k = k.trim().to_ascii_lowercase();
            hosts += usize::from(k == "host");
            headers.insert(k, v.trim().to_owned());
        }
    }
    Ok(Request {
        method,
        path,
        headers,
        hosts,
    })
}

/// Reads exactly `len` body bytes before `deadline` (a client that drips
/// a byte now and then can't hold a worker and an analysis slot for ever).
pub fn read_body(
    reader: &mut BufReader<&TcpStream>,
    len: usize,
    deadline: std::time::Instant,
) -> std::io::Result<Vec<u8>> {
    let mut body = Vec::new();
    body.try_reserve_exact(len).map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::OutOfMemory,
            "not enough memory for the upload",
        )
    })?;
    body.resize(len, 0);
    let mut got = 0;
    while got < len {
        if std::time::Instant::now() > deadline {
            return Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "upload too slow",
            ));
        }
        let end = (got + (1 << 20)).min(len);
        let n = reader.read(&mut body[got..end])?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        got += n;
    }
    Ok(body)
}

/// One part of a multipart/form-data body.
pub struct Part {
    pub name: String,
    pub filename: Option<String>,
    pub data: Vec<u8>,
}

fn param(disposition: &str, key: &str) -> Option<String> {
    let pat = format!("{key}=\"");
    let start = disposition.find(&pat)? + pat.len();
    let end = disposition[start..].find('"')? + start;
    Some(disposition[start..end].to_owned())
}

/// Splits a multipart/form-data body; `content_type` carries the boundary.
pub fn multipart(content_type: &str, body: &[u8]) -> Option<Vec<Part>> {
    let boundary = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))?
        .trim_matches('"');
    let delim = format!("--{boundary}");
    let finder = memchr_find(body, delim.as_bytes());
    let mut parts = Vec::new();
    for w in finder.windows(2) {
        let (start, end) = (w[0] + delim.len(), w[1]);
        let chunk = body.get(start..end)?;
        let chunk = chunk.strip_prefix(b"\r\n").unwrap_or(chunk);
        let chunk = chunk.strip_suffix(b"\r\n").unwrap_or(chunk);
        let split = chunk.windows(4).position(|x| x == b"\r\n\r\n")?;
        let head = String::from_utf8_lossy(&chunk[..split]);
        let data = chunk[split + 4..].to_vec();
        let disposition = head
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition"))?;
        parts.push(Part {
            name: param(disposition, "name")?,
            filename: param(disposition, "filename"),
            data,
        });
    }
    Some(parts)
}

fn memchr_find(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        match hay[i..].windows(needle.len()).position(|w| w == needle) {
            Some(p) => {
                out.push(i + p);
                i += p + needle.len();
            }
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_fields_and_files() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"me\"\r\n\r\nRobin\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"WhatsApp Chat with Sam.txt\"\r\nContent-Type: text/plain\r\n\r\nline 1\r\nline 2\r\n--XyZ--\r\n";
        let parts = multipart("multipart/form-data; boundary=XyZ", body).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(
            (parts[0].name.as_str(), parts[0].data.as_slice()),
            ("me", &b"Robin"[..])
        );
        assert_eq!(
            parts[1].filename.as_deref(),
            Some("WhatsApp Chat with Sam.txt")
        );
        assert_eq!(parts[1].data, b"line 1\r\nline 2");
        assert!(multipart("multipart/form-data", body).is_none());
    }
}
