//! Opening inputs (files, `-` for stdin, `http://` URLs) and detecting their format from the
//! first bytes: gzip is decompressed and sniffed again (gzipped text or a pprof profile); a
//! byte stream that walks as protobuf `Profile` fields is a raw pprof profile; anything else
//! is text (tracebacks and debug=1 are told apart line by line, so a mixed file works too).
//! Text may hold several dumps: each becomes its own [`Snapshot`].

use crate::snapshot::{Similarity, Snapshot};
use crate::{fetch, proto, text};
use std::io::{self, Read};
use std::time::Duration;

const HEAD: usize = 4096;

/// Parses everything `r` yields into one snapshot per dump found (at least one).
pub fn read_snapshots<R: Read>(r: R, similarity: Similarity) -> Vec<Snapshot> {
    read_inner(r, similarity, 0)
}

/// Parses everything `r` yields; when the input holds several dumps, the first one (use
/// [`read_snapshots`] for all of them).
pub fn parse_reader<R: Read>(r: R, similarity: Similarity) -> Snapshot {
    read_snapshots(r, similarity).swap_remove(0)
}

fn read_head<R: Read>(r: &mut R) -> (Vec<u8>, Option<io::Error>) {
    let mut head = vec![0u8; HEAD];
    let mut n = 0;
    while n < head.len() {
        match r.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                head.truncate(n);
                return (head, Some(e));
            }
        }
    }
    head.truncate(n);
    (head, None)
}

fn read_inner<R: Read>(mut r: R, similarity: Similarity, depth: u32) -> Vec<Snapshot> {
    let (head, err) = read_head(&mut r);
    let complete = head.len() < HEAD;
    let mut snaps = if head.starts_with(&[0x1f, 0x8b]) && depth == 0 {
        // gzip: a pprof profile or gzipped text; look at what it holds.
        let src: Box<dyn Read + '_> = Box::new(io::Cursor::new(head).chain(r));
        let dec: Box<dyn Read + '_> = Box::new(flate2::read::MultiGzDecoder::new(src));
        let mut v = read_inner(dec, similarity, depth + 1);
        for s in &mut v {
            s.compressed = true;
        }
        v
    } else if proto::plausible_profile(&head, complete) {
        let mut snap = Snapshot::new(similarity);
        proto::parse(r, head.clone(), &mut snap);
        vec![snap]
    } else {
        let kind = describe(&head);
        let mut v = text::parse_all(r, head, similarity);
        for s in &mut v {
            if s.total == 0 && s.formats.is_empty() {
                s.not_a_dump = Some(kind);
            }
        }
        v
    };
    if let Some(e) = err {
        snaps[0].warn(0, format!("read error: {e}"));
    }
    snaps
}

/// What bytes that hold no goroutine dump look like, for the error message.
pub fn describe(head: &[u8]) -> &'static str {
    let t = head.trim_ascii_start();
    if t.is_empty() {
        return if head.is_empty() { "empty" } else { "blank" };
    }
    let binary = head.iter().take(512).filter(|&&b| b < 0x09 || (0x0e..0x20).contains(&b) || b == 0x7f).count();
    if binary > 0 || std::str::from_utf8(&head[..head.len().min(512)]).is_err_and(|e| e.error_len().is_some()) {
        return "binary data";
    }
    let lower: Vec<u8> = t.iter().take(256).map(u8::to_ascii_lowercase).collect();
    if lower.starts_with(b"<!doctype html")
        || lower.starts_with(b"<html")
        || memchr::memmem::find(&lower, b"<head").is_some()
    {
        return "HTML";
    }
    if lower.starts_with(b"<") {
        return "XML or HTML";
    }
    if lower.starts_with(b"{") || lower.starts_with(b"[") {
        return "JSON";
    }
    "text without goroutine headers"
}

/// Why `snaps` (everything read from `name`) is not a goroutine dump, as the message users
/// see; `None` when it is one.
pub fn not_a_dump(name: &str, snaps: &[Snapshot]) -> Option<String> {
    if snaps.iter().any(|s| s.not_a_dump.is_none()) {
        return None;
    }
    let kind = snaps.first().and_then(|s| s.not_a_dump).unwrap_or("empty");
    let shown = if name == "-" { "stdin" } else { name };
    Some(format!(
        "no goroutine dump found in {shown}: looks like {kind}; give debug=2 or SIGQUIT output, a debug=1 or pprof goroutine profile"
    ))
}

/// Where an input comes from, as the user named it.
pub fn open(name: &str, timeout: Duration) -> io::Result<Box<dyn Read + Send>> {
    if name == "-" {
        return Ok(Box::new(io::stdin()));
    }
    if fetch::is_url(name) {
        return fetch::get(name, timeout);
    }
    let meta = std::fs::metadata(name)?;
    if meta.is_dir() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "is a directory; give a dump file, - or a URL"));
    }
    Ok(Box::new(std::fs::File::open(name)?))
}

/// Opens and parses `name`: every dump it holds.
pub fn load_all(name: &str, similarity: Similarity, timeout: Duration) -> io::Result<Vec<Snapshot>> {
    let r = open(name, timeout)?;
    Ok(read_snapshots(io::BufReader::with_capacity(1 << 16, r), similarity))
}

/// Opens and parses `name` (its first dump).
pub fn load(name: &str, similarity: Similarity, timeout: Duration) -> io::Result<Snapshot> {
    Ok(load_all(name, similarity, timeout)?.swap_remove(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing_and_descriptions() {
        let s = parse_reader(&b"\x00\x01\x02 random \xff bytes"[..], Similarity::Exact);
        assert_eq!(s.total, 0);
        assert_eq!(s.not_a_dump, Some("binary data"));
        assert_eq!(describe(b""), "empty");
        assert_eq!(describe(b"<!DOCTYPE html><html>"), "HTML");
        assert_eq!(describe(b"hello\nworld\n"), "text without goroutine headers");
        let s = parse_reader(&b"goroutine profile: total 0\n"[..], Similarity::Exact);
        assert_eq!(s.not_a_dump, None, "an empty profile is still a profile");
    }
}
