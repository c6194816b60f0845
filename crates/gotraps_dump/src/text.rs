//! Streaming parser for every text form: full tracebacks (debug=2, `runtime.Stack(buf, true)`,
//! SIGQUIT and `GOTRACEBACK` crash output, `go test -timeout` panics, log lines interleaved)
//! and the aggregated debug=1 profile. One pass, one reused record, no allocation per line.

use crate::debug1;
use crate::intern::FrameId;
use crate::lines::Lines;
use crate::snapshot::{Format, Record, Snapshot};
use std::io::Read;

/// Marker function names for frames the runtime did not print.
pub const ELIDED: &str = "...frames elided...";
pub const OTHER_THREAD: &str = "(running on other thread; stack unavailable)";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Pending {
    None,
    Frame,
    CreatedBy,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Outside,
    /// Inside a traceback goroutine.
    Goroutine,
    /// Inside `[originating from goroutine N]:` ancestor sections: skipped.
    Ancestors,
    /// Inside a debug=1 record.
    Record1,
}

struct Parser<'s> {
    snap: &'s mut Snapshot,
    rec: Record,
    state: State,
    pending: Pending,
    pending_func: Vec<u8>,
    labels_buf: Vec<u8>,
    /// debug=1: PCs listed on the `@` line.
    pcs: usize,
    noise_warned: bool,
    start_line: u64,
}

/// Parses text from `r` (whose first bytes `prefix` were already read) into `snap`.
pub fn parse<R: Read>(r: R, prefix: Vec<u8>, snap: &mut Snapshot) {
    let mut lines = Lines::with_prefix(r, prefix);
    let mut p = Parser {
        snap,
        rec: Record::default(),
        state: State::Outside,
        pending: Pending::None,
        pending_func: Vec::with_capacity(256),
        labels_buf: Vec::new(),
        pcs: 0,
        noise_warned: false,
        start_line: 0,
    };
    p.rec.clear();
    while let Some((line, n, truncated)) = lines.next_numbered() {
        if truncated {
            p.snap.warn(n, "line longer than 16 MiB truncated");
        }
        p.line(line, n);
    }
    let n = lines.line_no;
    if p.state != State::Outside && p.state != State::Ancestors {
        if p.state == State::Goroutine && (p.pending != Pending::None || p.rec.frames.is_empty()) {
            p.snap.warn(
                n,
                format!(
                    "input ends inside goroutine {} (started line {}): truncated dump?",
                    p.rec.goid.unwrap_or(0),
                    p.start_line
                ),
            );
        }
        p.finish(n);
    }
    if let Some(e) = lines.error.take() {
        p.snap.warn(n, format!("read error: {e}"));
    }
    p.snap.bytes += lines.bytes;
}

impl Parser<'_> {
    fn line(&mut self, line: &[u8], n: u64) {
        if line.is_empty() {
            if self.state != State::Outside {
                self.finish(n);
            }
            return;
        }
        match line[0] {
            b'\t' => return self.location(&line[1..], n),
            b'g' if line.starts_with(b"goroutine ") => {
                if let Some(()) = self.header(line, n) {
                    return;
                }
                if let Some((name, total)) = debug1::header(line) {
                    self.finish_any(n);
                    self.snap.declared_total = Some(self.snap.declared_total.unwrap_or(0) + total);
                    self.snap.profile = Some(String::from_utf8_lossy(name).into_owned());
                    self.snap.saw(Format::Debug1);
                    return;
                }
            }
            b'#' if self.state == State::Record1 => {
                if let Some((func, file, l)) = debug1::frame(line) {
                    if self.rec.frames.is_empty() {
                        // first shown frame: were runtime frames hidden above it? (+1: goexit)
                        self.rec.hidden_runtime = self.pcs > 1;
                    }
                    let id = self.snap.tables.frame(func, file, l);
                    self.rec.frames.push(id);
                    return;
                }
                if debug1::labels(line, &mut self.labels_buf) {
                    self.rec.labels = Some(self.snap.tables.strings.intern(&self.labels_buf));
                    return;
                }
            }
            b'0'..=b'9' => {
                if let Some((count, pcs)) = debug1::record_start(line) {
                    self.finish_any(n);
                    self.rec.clear();
                    self.rec.count = count;
                    self.pcs = pcs;
                    self.state = State::Record1;
                    self.start_line = n;
                    self.snap.saw(Format::Debug1);
                    return;
                }
            }
            b'[' if line.starts_with(b"[originating from goroutine") => {
                if self.state == State::Goroutine {
                    self.flush_pending(n);
                    self.state = State::Ancestors;
                }
                return;
            }
            _ => {}
        }
        match self.state {
            State::Outside => self.outside(line),
            State::Ancestors | State::Record1 => {}
            State::Goroutine => self.function(line, n),
        }
    }

    fn finish_any(&mut self, n: u64) {
        if self.state != State::Outside {
            if self.state == State::Goroutine && self.pending != Pending::None {
                self.snap.warn(n, format!("goroutine {} interrupted by a new record", self.rec.goid.unwrap_or(0)));
            }
            self.finish(n);
        }
    }

    fn outside(&mut self, line: &[u8]) {
        if self.snap.crash.is_none() {
            const BANNERS: [&[u8]; 5] =
                [b"panic: ", b"fatal error: ", b"SIGQUIT: quit", b"SIGABRT: abort", b"SIGTRAP: "];
            if BANNERS.iter().any(|b| line.starts_with(b)) {
                let cut = &line[..line.len().min(300)];
                self.snap.crash = Some(String::from_utf8_lossy(cut).into_owned());
            }
        }
    }

    /// `goroutine 7 [gp=.. m=..] [chan send, 3 minutes, locked to thread]:`
    fn header(&mut self, line: &[u8], n: u64) -> Option<()> {
        let rest = &line[10..];
        let sp = rest.iter().position(|&b| !b.is_ascii_digit())?;
        let goid = debug1::parse_u64(&rest[..sp])?;
        let open = memchr::memchr(b'[', rest)?;
        let close = memchr::memrchr(b']', rest)?;
        if close < open || !rest[close..].starts_with(b"]:") {
            return None;
        }
        self.finish_any(n);
        self.rec.clear();
        self.rec.goid = Some(goid);
        self.state = State::Goroutine;
        self.start_line = n;
        self.noise_warned = false;
        self.snap.saw(Format::Text);
        let inner = &rest[open + 1..close];
        for (i, item) in inner.split(|&b| b == b',').enumerate() {
            let item = trim(item);
            if i == 0 {
                let item = item.strip_suffix(b" (scan)").unwrap_or(item);
                self.rec.state = Some(self.snap.tables.strings.intern(item));
            } else if let Some(m) = item.strip_suffix(b" minutes") {
                self.rec.minutes = debug1::parse_u64(m).map(|m| m.min(u32::MAX as u64) as u32);
            } else if item == b"locked to thread" {
                self.rec.locked = true;
            }
        }
        Some(())
    }

    /// A line inside a goroutine that is not a location: function call, created-by, markers.
    fn function(&mut self, line: &[u8], n: u64) {
        // Arguments are short: a scalar scan from the end beats a SIMD search here.
        let open = if line.last() == Some(&b')') { line.iter().rposition(|&b| b == b'(') } else { None };
        let is_call = open.is_some_and(|o| o > 0 && memchr::memchr(b' ', &line[..o]).is_none());
        let is_marker = line.starts_with(b"created by ")
            || (line.starts_with(b"...") && line.ends_with(b"...") && memchr::memmem::find(line, b"elided").is_some())
            || line.starts_with(b"goroutine running on other thread");
        if !is_call && !is_marker {
            if !self.noise_warned {
                self.noise_warned = true;
                let g = self.rec.goid.unwrap_or(0);
                self.snap
                    .warn(n, format!("ignored a line that is not part of goroutine {g}'s stack: {}", preview(line)));
            }
            return;
        }
        self.flush_pending(n);
        if let Some(rest) = line.strip_prefix(b"created by ") {
            let digits = rest.iter().rev().take_while(|b| b.is_ascii_digit()).count();
            let head = &rest[..rest.len() - digits];
            let (func, parent) = match head.strip_suffix(b" in goroutine ") {
                Some(f) if digits > 0 => (f, debug1::parse_u64(&rest[rest.len() - digits..])),
                _ => (rest, None),
            };
            self.pending_func.clear();
            self.pending_func.extend_from_slice(func);
            self.pending = Pending::CreatedBy;
            self.rec.parent = parent;
            return;
        }
        if line.starts_with(b"...") && line.ends_with(b"...") && memchr::memmem::find(line, b"elided").is_some() {
            let id = self.snap.tables.frame(ELIDED.as_bytes(), b"", 0);
            self.rec.frames.push(id);
            return;
        }
        if line.starts_with(b"goroutine running on other thread") {
            let id = self.snap.tables.frame(OTHER_THREAD.as_bytes(), b"", 0);
            self.rec.frames.push(id);
            return;
        }
        let open = open.unwrap_or(0);
        self.pending_func.clear();
        self.pending_func.extend_from_slice(&line[..open]);
        self.pending = Pending::Frame;
    }

    /// `\t/path/file.go:123 +0x1d[ fp=.. sp=.. pc=..]`
    fn location(&mut self, loc: &[u8], n: u64) {
        if self.state != State::Goroutine {
            return;
        }
        if self.pending == Pending::None {
            self.snap.warn(n, "source location without a function line: ignored");
            return;
        }
        // `file:line` ends at the last ':' followed by digits; ` +0x..`, ` fp=.. sp=.. pc=..` follow.
        let (file, l, core) = match loc.iter().rposition(|&b| b == b':') {
            Some(c) => {
                let digits = loc[c + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
                match debug1::parse_u64(&loc[c + 1..c + 1 + digits]) {
                    Some(n) => (&loc[..c], n.min(u32::MAX as u64) as u32, &loc[..c + 1 + digits]),
                    None => (loc, 0, loc),
                }
            }
            None => (loc, 0, loc),
        };
        let id: FrameId = self.snap.tables.frame_cached(&self.pending_func, core, file, l);
        match self.pending {
            Pending::Frame => self.rec.frames.push(id),
            Pending::CreatedBy => self.rec.created_by = Some(id),
            Pending::None => {}
        }
        self.pending = Pending::None;
    }

    /// A function line with no location line after it: keep it with line 0.
    fn flush_pending(&mut self, n: u64) {
        if self.pending == Pending::None {
            return;
        }
        self.snap.warn(n, format!("function {} has no source location line", preview(&self.pending_func)));
        let id = self.snap.tables.frame(&self.pending_func, b"", 0);
        match self.pending {
            Pending::Frame => self.rec.frames.push(id),
            Pending::CreatedBy => self.rec.created_by = Some(id),
            Pending::None => {}
        }
        self.pending = Pending::None;
    }

    fn finish(&mut self, n: u64) {
        if self.state == State::Goroutine {
            self.flush_pending(n);
        }
        if self.state == State::Goroutine || self.state == State::Ancestors || self.state == State::Record1 {
            self.snap.add(&self.rec);
        }
        self.state = State::Outside;
        self.pending = Pending::None;
        self.rec.clear();
    }
}

fn trim(s: &[u8]) -> &[u8] {
    let a = s.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(s.len());
    let b = s.iter().rposition(|b| !b.is_ascii_whitespace()).map_or(a, |i| i + 1);
    &s[a..b]
}

fn preview(line: &[u8]) -> String {
    let cut = &line[..line.len().min(80)];
    let mut s = String::from_utf8_lossy(cut).into_owned();
    if line.len() > 80 {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::Similarity;

    fn parse_str(s: &str) -> Snapshot {
        let mut snap = Snapshot::new(Similarity::Exact);
        parse(s.as_bytes(), Vec::new(), &mut snap);
        snap
    }

    #[test]
    fn header_variants() {
        let s = parse_str(
            "goroutine 1 gp=0x1 m=nil [chan receive, 12 minutes, locked to thread]:\nmain.main()\n\t/a/m.go:5 +0x1 fp=0x1 sp=0x2 pc=0x3\n\n\
             goroutine 9 [chan send (durable), synctest bubble 1]:\nmain.f(...)\n\t/a/m.go:9\ncreated by main.main in goroutine 1\n\t/a/m.go:4 +0x2\n",
        );
        assert_eq!(s.total, 2);
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
        let b = &s.buckets[0];
        assert_eq!(s.state_str(b), Some("chan receive"));
        assert_eq!(b.minutes, Some((12, 12)));
        assert_eq!(b.locked, 1);
        let b = &s.buckets[1];
        assert_eq!(s.state_str(b), Some("chan send (durable)"));
        assert_eq!(s.tables.site(b.created_by.unwrap()), "/a/m.go:4");
        assert_eq!(b.parents, [1]);
        assert_eq!(s.tables.func(b.frames[0]), "main.f");
    }

    #[test]
    fn noise_truncation_and_crlf() {
        let s = parse_str("log line\r\ngoroutine 3 [select]:\r\nmain.(*T).run(0x1)\r\nINFO interleaved\r\n\t/a/t.go:7 +0x1\r\nmain.main()\r\n");
        assert_eq!(s.total, 1);
        let lines: Vec<u64> = s.warnings.iter().map(|w| w.line).collect();
        assert!(lines.contains(&4), "{:?}", s.warnings);
        assert!(lines.contains(&6), "{:?}", s.warnings);
        let b = &s.buckets[0];
        assert_eq!(s.tables.func(b.frames[0]), "main.(*T).run");
        assert_eq!(s.tables.site(b.frames[0]), "/a/t.go:7");
    }
}
