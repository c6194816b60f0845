//! Streaming parser for every text form: full tracebacks (debug=2, `runtime.Stack(buf, true)`,
//! SIGQUIT and `GOTRACEBACK` crash output, `go test -timeout` panics, log lines interleaved)
//! and the aggregated debug=1 profile. One pass, one reused record, no allocation per line.
//!
//! Repeated stacks skip line-by-line parsing: right after a goroutine header, the raw text of
//! the goroutine's stack (from the first frame line to the blank line, with the parent
//! goroutine ID of `created by ... in goroutine N` cut out) is hashed and looked up in a
//! [`BlockCache`] of blocks that parsed cleanly before. A hit is verified byte for byte and
//! yields the same frames, creation site and parent as parsing would; a miss is parsed as
//! usual and remembered. Frame arguments are part of the raw text, so stacks whose arguments
//! differ between goroutines miss here and are bucketed by the per-line path (which ignores
//! arguments); the cache switches itself off when it rarely hits.

use crate::debug1;
use crate::intern::FrameId;
use crate::lines::Lines;
use crate::mechanism::NO_ARG;
use crate::snapshot::{Format, Record, Similarity, Snapshot};
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

/// How the dump's lines are wrapped, learnt from the first goroutine header that is not bare.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Framing {
    Plain,
    /// Every line starts with this many whitespace-separated tokens (timestamps, kubectl/CRI
    /// `stderr F`, syslog `host app[pid]:`), then one separator.
    Prefix(u8),
    /// `go test -json` events: the text is in the `Output` fields.
    TestJson,
}

/// Unwraps framed lines into bare dump lines.
#[derive(Default)]
struct Unwrap {
    /// Text of `Output` fields not yet ended by a newline.
    partial: Vec<u8>,
}

#[derive(serde::Deserialize)]
struct TestEvent {
    #[serde(rename = "Output")]
    output: Option<String>,
}

impl Unwrap {
    fn feed(&mut self, framing: Framing, raw: &[u8], emit: &mut dyn FnMut(&[u8])) {
        match framing {
            Framing::Plain => emit(raw),
            Framing::Prefix(k) => {
                let l = strip_tokens(raw, k as usize);
                // rsyslog escapes control characters: a location line's tab arrives as `#011`.
                if let Some(rest) = l.strip_prefix(b"#011") {
                    self.partial.clear();
                    self.partial.push(b'\t');
                    self.partial.extend_from_slice(rest);
                    let l = std::mem::take(&mut self.partial);
                    emit(&l);
                    self.partial = l;
                    self.partial.clear();
                } else {
                    emit(l);
                }
            }
            Framing::TestJson => {
                let event =
                    if raw.first() == Some(&b'{') { serde_json::from_slice::<TestEvent>(raw).ok() } else { None };
                match event {
                    Some(TestEvent { output: Some(out) }) => {
                        self.partial.extend_from_slice(out.as_bytes());
                        let mut start = 0;
                        while let Some(i) = memchr::memchr(b'\n', &self.partial[start..]) {
                            let mut l = &self.partial[start..start + i];
                            if let [rest @ .., b'\r'] = l {
                                l = rest;
                            }
                            emit(l);
                            start += i + 1;
                        }
                        self.partial.drain(..start);
                    }
                    Some(_) => {}
                    None => emit(raw),
                }
            }
        }
    }

    fn flush(&mut self, emit: &mut dyn FnMut(&[u8])) {
        if !self.partial.is_empty() {
            let l = std::mem::take(&mut self.partial);
            emit(&l);
        }
    }
}

/// `line` without its first `k` whitespace-separated tokens and the one separator after them.
fn strip_tokens(line: &[u8], k: usize) -> &[u8] {
    let sep = |b: u8| b == b' ' || b == b'\t';
    let mut i = 0;
    for _ in 0..k {
        while i < line.len() && sep(line[i]) {
            i += 1;
        }
        while i < line.len() && !sep(line[i]) {
            i += 1;
        }
    }
    if i < line.len() {
        i += 1;
    }
    &line[i..]
}

/// The framing of a line that holds a goroutine header (or `go test -json` event) anywhere
/// but at its start.
fn detect_framing(line: &[u8]) -> Option<Framing> {
    if line.first() == Some(&b'{')
        && memchr::memmem::find(line, b"\"Action\"").is_some()
        && memchr::memmem::find(line, b"\"Output\"").is_some()
    {
        return Some(Framing::TestJson);
    }
    let k = memchr::memmem::find(line, b"goroutine ")?;
    let rest = &line[k..];
    let header =
        (rest.len() > 10 && rest[10].is_ascii_digit() && rest.ends_with(b"]:")) || debug1::header(rest).is_some();
    let prefix = &line[..k];
    if k == 0 || !header || !matches!(prefix.last(), Some(b' ' | b'\t')) {
        return None;
    }
    let tokens = prefix.split(|&b| b == b' ' || b == b'\t').filter(|t| !t.is_empty()).count();
    (tokens > 0 && tokens < 16).then_some(Framing::Prefix(tokens as u8))
}

struct Parser<'s> {
    snap: &'s mut Snapshot,
    similarity: Similarity,
    /// Earlier dumps of a multi-dump input.
    done: Vec<Snapshot>,
    /// Goroutine IDs seen in the current dump (bitset): a repeated ID starts a new dump.
    seen: Vec<u64>,
    /// Set by a line that reveals the input's framing; the main loop re-reads that line.
    reframe: Option<Framing>,
    framing: Framing,
    /// Bytes read when the current dump started.
    dump_start_bytes: u64,
    bytes_now: u64,
    rec: Record,
    state: State,
    pending: Pending,
    pending_func: Vec<u8>,
    pending_arg: u64,
    labels_buf: Vec<u8>,
    /// debug=1: PCs listed on the `@` line.
    pcs: usize,
    noise_warned: bool,
    start_line: u64,
    blocks: BlockCache,
}

/// Raw goroutine stack blocks already parsed cleanly (no warnings, ended by a blank line),
/// keyed by the hash of their text; bounded in bytes; see the module docs.
#[derive(Default)]
struct BlockCache {
    map: rustc_hash::FxHashMap<u64, u32>,
    entries: Vec<Block>,
    bytes: usize,
    lookups: u64,
    hits: u64,
    off: bool,
    /// The block of the goroutine being parsed line by line, to remember if it parses cleanly.
    pending: Option<PendingBlock>,
}

struct Block {
    /// Raw text without the parent ID digits, which were at `cut` (`NO_CUT`: none cut).
    text: Box<[u8]>,
    cut: u32,
    lines: u32,
    frames: Box<[FrameId]>,
    args: Box<[u64]>,
    created_by: Option<FrameId>,
    /// The parent when it is part of `text` (no cut).
    parent: Option<u64>,
}

struct PendingBlock {
    key: u64,
    text: Vec<u8>,
    cut: u32,
    lines: u32,
    /// Line number of the blank line that must end the goroutine.
    end_line: u64,
    warnings: u64,
}

const NO_CUT: u32 = u32::MAX;
const BLOCK_CACHE_MAX_BYTES: usize = 32 << 20;
/// Hit rate below which the cache switches off (checked every `BLOCK_CHECK` lookups).
const BLOCK_CHECK: u64 = 4096;

/// Parses text from `r` (whose first bytes `prefix` were already read) into `snap`; when the
/// text holds several dumps, only the first (see [`parse_all`]).
pub fn parse<R: Read>(r: R, prefix: Vec<u8>, snap: &mut Snapshot) {
    let sim = snap.similarity();
    let mut all = parse_all(r, prefix, sim);
    *snap = all.swap_remove(0);
}

/// Parses text from `r` (whose first bytes `prefix` were already read): one snapshot per dump
/// (a repeated goroutine ID, a second debug=1 header or a new crash banner after goroutines
/// starts the next one), at least one.
pub fn parse_all<R: Read>(r: R, prefix: Vec<u8>, similarity: Similarity) -> Vec<Snapshot> {
    let mut first = Snapshot::new(similarity);
    let mut lines = Lines::with_prefix(r, prefix);
    let mut unwrap = Unwrap::default();
    let mut p = Parser {
        snap: &mut first,
        similarity,
        done: Vec::new(),
        seen: Vec::new(),
        reframe: None,
        framing: Framing::Plain,
        dump_start_bytes: 0,
        bytes_now: 0,
        rec: Record::default(),
        state: State::Outside,
        pending: Pending::None,
        pending_func: Vec::with_capacity(256),
        pending_arg: NO_ARG,
        labels_buf: Vec::new(),
        pcs: 0,
        noise_warned: false,
        start_line: 0,
        blocks: BlockCache::default(),
    };
    p.rec.clear();
    loop {
        p.bytes_now = lines.bytes;
        let Some((line, n, truncated)) = lines.next_numbered() else { break };
        if truncated {
            p.snap.warn(n, "line longer than 16 MiB truncated");
        }
        if p.framing == Framing::Plain {
            p.line(line, n);
            if let Some(f) = p.reframe.take() {
                p.framing = f;
                p.blocks.off = true;
                p.snap.framing = Some(match f {
                    Framing::TestJson => "go test -json",
                    _ => "log line prefix",
                });
                unwrap.feed(f, line, &mut |l| p.line(l, n));
            } else if p.state == State::Goroutine && p.start_line == n {
                p.try_block(&mut lines, n);
            }
        } else {
            unwrap.feed(p.framing, line, &mut |l| p.line(l, n));
        }
    }
    let n = lines.line_no;
    unwrap.flush(&mut |l| p.line(l, n));
    if p.state != State::Outside {
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
    p.snap.bytes += lines.bytes - p.dump_start_bytes;
    let mut done = std::mem::take(&mut p.done);
    drop(p);
    // A dump boundary with nothing after it (a trailing banner) is not a dump of its own.
    if done.is_empty() || first.total > 0 || !first.formats.is_empty() {
        done.push(first);
    }
    done
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
            b'\t' if self.state == State::Goroutine && self.pending != Pending::None => {
                return self.location(&line[1..], n)
            }
            // Pasted dumps: indented with spaces (tabs lost in chat, issues, Markdown) or
            // wholly indented.
            b'\t' | b' ' => return self.indented(line, n),
            // `goroutine N [...]:`, `goroutine profile: total N`, `goroutineleak profile: total N`
            b'g' if line.starts_with(b"goroutine") => {
                if line.starts_with(b"goroutine ") && self.header(line, n).is_some() {
                    return;
                }
                if let Some((name, total)) = debug1::header(line) {
                    self.finish_any(n);
                    if self.snap.total > 0 && self.snap.formats.contains(&Format::Debug1) {
                        self.split();
                    }
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

    fn indented(&mut self, line: &[u8], n: u64) {
        let t = line.trim_ascii_start();
        if t.is_empty() {
            return self.line(t, n);
        }
        if self.state == State::Goroutine && (self.pending != Pending::None || looks_like_location(t)) {
            return self.location(t, n);
        }
        self.line(t, n)
    }

    /// Ends the current dump and starts the next one.
    fn split(&mut self) {
        let mut next = Snapshot::new(self.similarity);
        next.part = self.snap.part + 1;
        next.framing = self.snap.framing;
        let mut old = std::mem::replace(&mut *self.snap, next);
        old.bytes += self.bytes_now.saturating_sub(self.dump_start_bytes);
        self.dump_start_bytes = self.bytes_now;
        self.done.push(old);
        self.seen.clear();
        let off = self.blocks.off;
        // Cached blocks hold frame IDs of the previous dump's tables.
        self.blocks = BlockCache { off, ..Default::default() };
    }

    /// Records `goid` as seen in this dump; `true` if it already was.
    fn seen_before(&mut self, goid: u64) -> bool {
        if goid == 0 || goid >= 1 << 28 {
            return false;
        }
        let (w, bit) = ((goid >> 6) as usize, goid & 63);
        if w >= self.seen.len() {
            self.seen.resize(w + 1, 0);
        }
        let hit = self.seen[w] >> bit & 1 == 1;
        self.seen[w] |= 1 << bit;
        hit
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
        const BANNERS: [&[u8]; 5] = [b"panic: ", b"fatal error: ", b"SIGQUIT: quit", b"SIGABRT: abort", b"SIGTRAP: "];
        if BANNERS.iter().any(|b| line.starts_with(b)) {
            if self.snap.total > 0 {
                // a crash after goroutines were listed: the next dump of the same stream
                self.split();
            }
            if self.snap.crash.is_none() {
                let cut = &line[..line.len().min(300)];
                self.snap.crash = Some(String::from_utf8_lossy(cut).into_owned());
            }
            return;
        }
        if self.framing == Framing::Plain && self.snap.total == 0 {
            self.reframe = detect_framing(line);
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
        if self.seen_before(goid) {
            self.split();
            self.seen_before(goid);
        }
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
            self.rec.args.push(NO_ARG);
            return;
        }
        if line.starts_with(b"goroutine running on other thread") {
            let id = self.snap.tables.frame(OTHER_THREAD.as_bytes(), b"", 0);
            self.rec.frames.push(id);
            self.rec.args.push(NO_ARG);
            return;
        }
        let open = open.unwrap_or(0);
        self.pending_func.clear();
        self.pending_func.extend_from_slice(&line[..open]);
        self.pending_arg = first_arg(&line[open + 1..]);
        self.pending = Pending::Frame;
    }

    /// `\t/path/file.go:123 +0x1d[ fp=.. sp=.. pc=..]`
    fn location(&mut self, loc: &[u8], n: u64) {
        if self.state != State::Goroutine {
            return;
        }
        let loc = loc.trim_ascii_start();
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
            Pending::Frame => {
                self.rec.frames.push(id);
                self.rec.args.push(self.pending_arg);
            }
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
            Pending::Frame => {
                self.rec.frames.push(id);
                self.rec.args.push(self.pending_arg);
            }
            Pending::CreatedBy => self.rec.created_by = Some(id),
            Pending::None => {}
        }
        self.pending = Pending::None;
    }

    /// Right after a goroutine header on line `n`: if the stack block that follows is one
    /// seen before, takes its frames from the cache and skips its lines.
    #[inline(never)]
    fn try_block<R: Read>(&mut self, lines: &mut Lines<R>, n: u64) {
        let c = &mut self.blocks;
        if c.off {
            return;
        }
        let buf = lines.buffered();
        if buf.first() != Some(&b'\n') {
            if let Some(pos) = memchr::memmem::find(buf, b"\n\n") {
                let block = &buf[..pos + 1];
                let (a, b) = parent_digits(block).unwrap_or((block.len(), block.len()));
                let cut = if a < block.len() { a as u32 } else { NO_CUT };
                use std::hash::{BuildHasher, Hasher};
                let mut h = rustc_hash::FxBuildHasher.build_hasher();
                h.write_u32(cut);
                h.write(&block[..a]);
                h.write(&block[b..]);
                let key = h.finish();
                c.lookups += 1;
                if let Some(&i) = c.map.get(&key) {
                    let e = &c.entries[i as usize];
                    let a2 = if e.cut == NO_CUT { e.text.len() } else { e.cut as usize };
                    if e.cut == cut && a2 == a && e.text[..a] == block[..a] && e.text[a..] == block[b..] {
                        c.hits += 1;
                        self.rec.frames.extend_from_slice(&e.frames);
                        self.rec.args.extend_from_slice(&e.args);
                        self.rec.created_by = e.created_by;
                        self.rec.parent = if cut == NO_CUT { e.parent } else { debug1::parse_u64(&block[a..b]) };
                        let (len, nl) = (block.len(), e.lines as u64);
                        lines.consume(len, nl);
                        return;
                    }
                }
                if c.bytes + block.len() <= BLOCK_CACHE_MAX_BYTES {
                    let mut text = Vec::with_capacity(block.len() - (b - a));
                    text.extend_from_slice(&block[..a]);
                    text.extend_from_slice(&block[b..]);
                    let nl = memchr::memchr_iter(b'\n', block).count() as u32;
                    c.pending = Some(PendingBlock {
                        key,
                        text,
                        cut,
                        lines: nl,
                        end_line: n + nl as u64 + 1,
                        warnings: self.snap.warnings.len() as u64 + self.snap.warnings_dropped,
                    });
                }
            }
        }
        if c.lookups > 0 && c.lookups.is_multiple_of(BLOCK_CHECK) && c.hits * 4 < c.lookups {
            // Mostly distinct raw text (e.g. arguments differ): not worth hashing.
            c.off = true;
            c.pending = None;
        }
    }

    /// Remembers the block of the goroutine just parsed if it parsed cleanly up to line `n`.
    fn remember_block(&mut self, n: u64) {
        let Some(pb) = self.blocks.pending.take() else { return };
        let warnings = self.snap.warnings.len() as u64 + self.snap.warnings_dropped;
        if n != pb.end_line || self.state != State::Goroutine || warnings != pb.warnings {
            return;
        }
        let c = &mut self.blocks;
        c.bytes += pb.text.len() + 4 * self.rec.frames.len() + 64;
        let i = c.entries.len() as u32;
        c.entries.push(Block {
            text: pb.text.into_boxed_slice(),
            cut: pb.cut,
            lines: pb.lines,
            frames: self.rec.frames.as_slice().into(),
            args: self.rec.args.as_slice().into(),
            created_by: self.rec.created_by,
            parent: self.rec.parent,
        });
        c.map.insert(pb.key, i);
    }

    fn finish(&mut self, n: u64) {
        if self.state == State::Goroutine {
            self.flush_pending(n);
        }
        if self.blocks.pending.is_some() {
            self.remember_block(n);
        }
        if self.state == State::Goroutine || self.state == State::Ancestors || self.state == State::Record1 {
            self.snap.add(&self.rec);
        }
        self.state = State::Outside;
        self.pending = Pending::None;
        self.rec.clear();
    }
}

/// The digits of `in goroutine N` on the last `created by` line of a raw stack block (which
/// ends in `\n`), as a byte range; `None` when that line does not have this exact shape.
fn parent_digits(block: &[u8]) -> Option<(usize, usize)> {
    const CB: &[u8] = b"created by ";
    let ls = if block.starts_with(CB) {
        memchr::memmem::rfind(block, b"\ncreated by ").map_or(0, |i| i + 1)
    } else {
        memchr::memmem::rfind(block, b"\ncreated by ")? + 1
    };
    let le = ls + memchr::memchr(b'\n', &block[ls..])?;
    let line = &block[ls..le];
    let digits = line.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || !line[..line.len() - digits].ends_with(b" in goroutine ") {
        return None;
    }
    Some((le - digits, le))
}

/// A location line's text once its indentation is gone: `/path/file.go:12 +0x1d`.
fn looks_like_location(t: &[u8]) -> bool {
    let end = memchr::memchr(b' ', t).unwrap_or(t.len());
    let core = &t[..end];
    match memchr::memrchr(b':', core) {
        Some(c) => c + 1 < core.len() && core[c + 1..].iter().all(u8::is_ascii_digit) && core[..c].ends_with(b".go"),
        None => false,
    }
}

/// The first argument word of a frame's argument list (after the `(`), when printed as an
/// exact hex word: `0xc000012345)` or `0xc000012345, 0x1)`; not `0x1?`, `{...}` or `...`.
fn first_arg(args: &[u8]) -> u64 {
    let Some(hex) = args.strip_prefix(b"0x") else { return NO_ARG };
    let d = hex.iter().take(17).take_while(|b| b.is_ascii_hexdigit()).count();
    if d == 0 || d > 16 || !matches!(hex.get(d), Some(b')' | b',')) {
        return NO_ARG;
    }
    hex[..d].iter().fold(0u64, |v, &b| v << 4 | (b as char).to_digit(16).unwrap_or(0) as u64)
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
    fn leak_profile_header() {
        let s = parse_str("goroutineleak profile: total 2\n2 @ 0x1 0x2\n#\t0x2\tmain.f.func1+0x35\t/m/main.go:13\n\n");
        assert_eq!(s.profile.as_deref(), Some("goroutineleak"));
        assert_eq!(s.declared_total, Some(2));
        assert_eq!(s.total, 2);
        assert_eq!(s.formats, [Format::Debug1]);
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

    fn goroutine(goid: u64, parent: &str, arg: &str) -> String {
        format!(
            "goroutine {goid} [chan send, {goid} minutes]:\nmain.worker({arg})\n\t/a/w.go:9 +0x1d\n\
             main.run(...)\n\t/a/w.go:4\ncreated by main.main{parent}\n\t/a/m.go:30 +0x2f\n\n"
        )
    }

    /// Repeated blocks come from the block cache: every goroutine must still get its own
    /// parent, minutes and ID, and the frames of the parsed path.
    #[test]
    fn repeated_blocks_keep_per_goroutine_fields() {
        let mut text = String::new();
        for g in 1..=50u64 {
            text += &goroutine(g, &format!(" in goroutine {}", 100 + g % 3), "0x1");
        }
        let s = parse_str(&text);
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
        assert_eq!(s.buckets.len(), 1);
        let b = &s.buckets[0];
        assert_eq!(b.count, 50);
        assert_eq!(b.minutes, Some((1, 50)));
        assert_eq!(b.goids, [1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(b.parents, [101, 102, 100]);
        let funcs: Vec<&str> = b.frames.iter().map(|&f| s.tables.func(f)).collect();
        assert_eq!(funcs, ["main.worker", "main.run"]);
        assert_eq!(s.tables.site(b.created_by.unwrap()), "/a/m.go:30");
        assert_eq!(s.tables.func(b.created_by.unwrap()), "main.main");
    }

    /// A created-by line without a parent ID names a different function than one with it;
    /// the two must not share a cache entry in either order.
    #[test]
    fn parent_cut_does_not_merge_different_text() {
        for order in [[" in goroutine ", " in goroutine 7"], [" in goroutine 7", " in goroutine "]] {
            let mut text = String::new();
            for (i, p) in order.iter().enumerate() {
                for k in 0..3 {
                    text += &goroutine(10 * i as u64 + k + 1, p, "0x1");
                }
            }
            let s = parse_str(&text);
            assert_eq!(s.buckets.len(), 2, "{order:?}");
            let mut creators: Vec<&str> = s.buckets.iter().map(|b| s.tables.func(b.created_by.unwrap())).collect();
            creators.sort();
            assert_eq!(creators, ["main.main", "main.main in goroutine "], "{order:?}");
            let with_parent = s.buckets.iter().find(|b| !b.parents.is_empty()).unwrap();
            assert_eq!(with_parent.parents, [7]);
            assert_eq!(with_parent.count, 3);
        }
    }

    /// Line numbers after skipped blocks stay exact, noisy blocks are never cached (each
    /// occurrence warns), CRLF blocks parse the same, and arguments never split buckets.
    #[test]
    fn warnings_after_cached_blocks_have_exact_lines() {
        let mut text = String::new();
        for g in 1..=20u64 {
            text += &goroutine(g, " in goroutine 1", if g % 2 == 0 { "0x1" } else { "0x2" });
        }
        let noisy =
            goroutine(21, " in goroutine 1", "0x1").replacen("main.run(...)\n", "LOG noise\nmain.run(...)\n", 1);
        text += &noisy;
        text += &noisy.replace("goroutine 21 ", "goroutine 22 ");
        text += &goroutine(23, " in goroutine 1", "0x1").replace('\n', "\r\n");
        text += &goroutine(24, " in goroutine 1", "0x1").replace('\n', "\r\n");
        let s = parse_str(&text);
        // every goroutine is 8 lines (header, 2 frames, created by, blank); noise adds one
        let noise_lines: Vec<u64> = s.warnings.iter().map(|w| w.line).collect();
        assert_eq!(noise_lines, [20 * 8 + 4, 20 * 8 + 9 + 4], "{:?}", s.warnings);
        assert_eq!(s.total, 24);
        assert_eq!(s.buckets.len(), 1, "arguments and CRLF must not split the bucket");
        assert_eq!(s.buckets[0].count, 24);
    }
}
