//! Opening inputs (files, `-` for stdin, `http://` URLs) and detecting their format from the
//! first bytes: gzip magic → pprof protobuf; binary protobuf → pprof; anything else → text
//! (tracebacks and debug=1 are told apart line by line, so a mixed file works too).

use crate::snapshot::{Similarity, Snapshot};
use crate::{fetch, proto, text};
use std::io::{self, Read};
use std::time::Duration;

/// Parses everything `r` yields.
pub fn parse_reader<R: Read>(mut r: R, similarity: Similarity) -> Snapshot {
    let mut snap = Snapshot::new(similarity);
    let mut head = vec![0u8; 4096];
    let mut n = 0;
    while n < head.len() {
        match r.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                snap.warn(0, format!("read error: {e}"));
                break;
            }
        }
    }
    head.truncate(n);
    if looks_like_protobuf(&head) {
        proto::parse(r, head, &mut snap);
    } else {
        text::parse(r, head, &mut snap);
    }
    snap
}

fn looks_like_protobuf(head: &[u8]) -> bool {
    if head.starts_with(&[0x1f, 0x8b]) {
        return true;
    }
    // An uncompressed Profile starts with field 1 or 2 (length-delimited) and is binary.
    matches!(head.first(), Some(0x0a) | Some(0x12))
        && head.len() > 1
        && head[1] != b'\n'
        && head.iter().take(256).filter(|&&b| b < 0x09 || (0x0e..0x20).contains(&b)).count() > 2
}

/// Where an input comes from, as the user named it.
pub fn open(name: &str, timeout: Duration) -> io::Result<Box<dyn Read + Send>> {
    if name == "-" {
        return Ok(Box::new(io::stdin()));
    }
    if name.starts_with("http://") {
        return fetch::get(name, timeout);
    }
    if name.starts_with("https://") {
        return Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "https:// is not supported; use http:// to a local port-forward",
        ));
    }
    Ok(Box::new(std::fs::File::open(name)?))
}

/// Opens and parses `name`.
pub fn load(name: &str, similarity: Similarity, timeout: Duration) -> io::Result<Snapshot> {
    let r = open(name, timeout)?;
    Ok(parse_reader(io::BufReader::with_capacity(1 << 16, r), similarity))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        assert!(looks_like_protobuf(&[0x1f, 0x8b, 8, 0]));
        assert!(!looks_like_protobuf(b"\ngoroutine 1 [running]:\n"));
        assert!(!looks_like_protobuf(b"goroutine profile: total 3\n"));
        let s = parse_reader(&b"\x00\x01\x02 random \xff bytes"[..], Similarity::Exact);
        assert_eq!(s.total, 0);
    }
}
