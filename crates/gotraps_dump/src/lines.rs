//! A streaming line splitter over any `Read`: one reusable buffer, no allocation per line,
//! CRLF tolerated, over-long lines truncated instead of growing without bound.

use std::io::{self, Read};

const INITIAL: usize = 64 << 10;
/// The buffer grows to this size on long inputs (bigger reads, fewer copies).
const STEADY: usize = 1 << 20;
const MAX_LINE: usize = 16 << 20;

pub struct Lines<R> {
    r: R,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    skipping: bool,
    /// 1-based number of the line last returned.
    pub line_no: u64,
    /// Bytes consumed from the reader.
    pub bytes: u64,
    /// Set when the last returned line was cut at `MAX_LINE` bytes.
    pub truncated: bool,
    /// The read error that ended the stream early, if any.
    pub error: Option<io::Error>,
}

impl<R: Read> Lines<R> {
    pub fn new(r: R) -> Self {
        Self::with_prefix(r, Vec::new())
    }

    /// Like `new`, with `prefix` already read from `r` (used after format sniffing).
    pub fn with_prefix(r: R, prefix: Vec<u8>) -> Self {
        let mut buf = prefix;
        let end = buf.len();
        let bytes = end as u64;
        if buf.len() < INITIAL {
            buf.resize(INITIAL, 0);
        }
        Lines { r, buf, start: 0, end, eof: false, skipping: false, line_no: 0, bytes, truncated: false, error: None }
    }

    /// The bytes already read and not yet returned as lines (empty while an over-long line
    /// is being skipped). Lets a caller recognise a whole block it has seen before.
    pub fn buffered(&self) -> &[u8] {
        if self.skipping {
            &[]
        } else {
            &self.buf[self.start..self.end]
        }
    }

    /// Consumes the first `bytes` of [`Lines::buffered`], which must hold exactly `lines`
    /// complete lines (each ending in `\n`), as if they had been returned one by one.
    pub fn consume(&mut self, bytes: usize, lines: u64) {
        assert!(bytes <= self.end - self.start, "consume past the buffered bytes");
        self.start += bytes;
        self.line_no += lines;
    }

    /// The next line without its `\n` or `\r\n`, or `None` at the end of input.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Option<&[u8]> {
        self.next_numbered().map(|(l, _, _)| l)
    }

    /// The next line with its 1-based number and whether it was truncated.
    pub fn next_numbered(&mut self) -> Option<(&[u8], u64, bool)> {
        self.truncated = false;
        let (s, e) = loop {
            if let Some(pos) = memchr::memchr(b'\n', &self.buf[self.start..self.end]) {
                let s = self.start;
                self.start += pos + 1;
                if self.skipping {
                    self.skipping = false;
                    continue;
                }
                break (s, s + pos);
            }
            if self.eof {
                if self.start < self.end && !self.skipping {
                    let s = self.start;
                    self.start = self.end;
                    break (s, self.end);
                }
                return None;
            }
            if self.start > 0 {
                self.buf.copy_within(self.start..self.end, 0);
                self.end -= self.start;
                self.start = 0;
            }
            if self.buf.len() < STEADY && self.bytes > 4 * self.buf.len() as u64 {
                let n = self.buf.len() * 2;
                self.buf.resize(n, 0);
            }
            if self.end == self.buf.len() {
                if self.skipping {
                    self.end = 0;
                } else if self.buf.len() < MAX_LINE {
                    let n = self.buf.len() * 2;
                    self.buf.resize(n, 0);
                } else {
                    // Over-long line: hand out its first MAX_LINE bytes, drop the rest.
                    self.skipping = true;
                    self.truncated = true;
                    self.start = self.end;
                    self.line_no += 1;
                    return Some((&self.buf[..self.end], self.line_no, true));
                }
            }
            match self.r.read(&mut self.buf[self.end..]) {
                Ok(0) => self.eof = true,
                Ok(n) => {
                    self.end += n;
                    self.bytes += n as u64;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.error = Some(e);
                    self.eof = true;
                }
            }
        };
        self.line_no += 1;
        let mut line = &self.buf[s..e];
        if let [rest @ .., b'\r'] = line {
            line = rest;
        }
        Some((line, self.line_no, false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_crlf_and_last_line() {
        let mut l = Lines::new(&b"a\r\nbb\n\nccc"[..]);
        let mut got = Vec::new();
        while let Some(x) = l.next() {
            got.push(String::from_utf8(x.to_vec()).unwrap());
        }
        assert_eq!(got, ["a", "bb", "", "ccc"]);
        assert_eq!(l.line_no, 4);
    }

    #[test]
    fn small_reads_and_prefix() {
        struct OneByte<'a>(&'a [u8]);
        impl Read for OneByte<'_> {
            fn read(&mut self, b: &mut [u8]) -> io::Result<usize> {
                if self.0.is_empty() || b.is_empty() {
                    return Ok(0);
                }
                b[0] = self.0[0];
                self.0 = &self.0[1..];
                Ok(1)
            }
        }
        let mut l = Lines::with_prefix(OneByte(b"llo\nworld\n"), b"he".to_vec());
        assert_eq!(l.next(), Some(&b"hello"[..]));
        assert_eq!(l.next(), Some(&b"world"[..]));
        assert_eq!(l.next(), None);
    }
}
