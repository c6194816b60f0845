//! A parsed snapshot: goroutines aggregated into buckets of identical stacks as they stream
//! in. Memory is proportional to the number of distinct stacks, never to the dump's size.

use crate::intern::{FrameId, StrId, Tables};
use rustc_hash::FxHashMap;

/// How goroutines are grouped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Similarity {
    /// Same functions at the same file:line, same wait reason, creation site and labels.
    #[default]
    Exact,
    /// Same functions (lines and offsets may differ), same wait reason and labels.
    Loose,
}

/// Which input grammar produced the goroutines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    /// Full tracebacks: debug=2, runtime.Stack, SIGQUIT, crash and test-timeout output.
    Text,
    /// Aggregated `debug=1` text profile.
    Debug1,
    /// Gzipped protobuf profile (`debug=0`).
    Pprof,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "traceback",
            Format::Debug1 => "debug1",
            Format::Pprof => "pprof",
        }
    }
}

/// A problem found while parsing; parsing always goes on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// 1-based line of the input (0 for binary formats).
    pub line: u64,
    pub message: String,
}

/// One goroutine (text formats) or one profile record (debug=1, pprof), as handed from
/// a parser to [`Snapshot::add`]. Parsers reuse one record to avoid allocations.
#[derive(Clone, Debug, Default)]
pub struct Record {
    pub goid: Option<u64>,
    /// Wait reason or status as printed (`chan send`, `running`), when the format has it.
    pub state: Option<StrId>,
    pub minutes: Option<u32>,
    pub locked: bool,
    /// Leaf first.
    pub frames: Vec<FrameId>,
    /// First argument word of each frame (text formats), [`crate::mechanism::NO_ARG`] when
    /// not printed or marked inaccurate (`0x1?`, `...`).
    pub args: Vec<u64>,
    pub created_by: Option<FrameId>,
    pub parent: Option<u64>,
    /// Canonical label set, `k=v,k2=v2`, when the format has labels.
    pub labels: Option<StrId>,
    /// Goroutines this record stands for (1 for tracebacks).
    pub count: u64,
    /// Leading runtime frames the format hid (debug=1 prints PCs for them but no names).
    pub hidden_runtime: bool,
}

impl Record {
    pub fn clear(&mut self) {
        self.goid = None;
        self.state = None;
        self.minutes = None;
        self.locked = false;
        self.frames.clear();
        self.args.clear();
        self.created_by = None;
        self.parent = None;
        self.labels = None;
        self.count = 1;
        self.hidden_runtime = false;
    }
}

/// Goroutines with the same stack.
#[derive(Clone, Debug)]
pub struct Bucket {
    /// Leaf first. In loose mode, the frames of the first goroutine seen.
    pub frames: Box<[FrameId]>,
    pub created_by: Option<FrameId>,
    pub state: Option<StrId>,
    pub labels: Option<StrId>,
    pub count: u64,
    /// Wait-duration range in minutes over the goroutines that had wait information
    /// (missing `N minutes` means under one minute, counted as 0).
    pub minutes: Option<(u32, u32)>,
    pub locked: u64,
    /// First few goroutine IDs, for the user to grep the raw dump.
    pub goids: Vec<u64>,
    /// First few parent goroutine IDs (`created by ... in goroutine N`), distinct.
    pub parents: Vec<u64>,
    pub hidden_runtime: bool,
}

const MAX_IDS: usize = 8;
const MAX_WARNINGS: usize = 200;
const NONE: u32 = u32::MAX;

/// Everything parsed from one input.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub tables: Tables,
    pub buckets: Vec<Bucket>,
    pub formats: Vec<Format>,
    /// Sum of bucket counts.
    pub total: u64,
    /// `goroutine profile: total N` when present.
    pub declared_total: Option<u64>,
    /// `goroutine` or `goroutineleak` when the input names its profile.
    pub profile: Option<String>,
    /// First crash banner: `panic: ...`, `fatal error: ...`, `SIGQUIT: quit`.
    pub crash: Option<String>,
    pub warnings: Vec<Warning>,
    pub warnings_dropped: u64,
    /// Bytes read.
    pub bytes: u64,
    /// The input was gzip-compressed.
    pub compressed: bool,
    /// Set when the input held no goroutine dump at all: what it looks like instead
    /// (`HTML`, `binary data`, `empty`, ...).
    pub not_a_dump: Option<&'static str>,
    /// Which dump of a multi-dump input this is (1-based), and how the dump's text was framed
    /// when not bare (`go test -json`, a log line prefix).
    pub part: u32,
    pub framing: Option<&'static str>,
    /// Per-goroutine detail of blocked goroutines (text formats), for linking waiters.
    pub goroutines: Vec<crate::mechanism::Goroutine>,
    pub goroutines_dropped: u64,
    similarity: Similarity,
    map: FxHashMap<Box<[u32]>, u32>,
    key: Vec<u32>,
}

impl Snapshot {
    pub fn new(similarity: Similarity) -> Self {
        Snapshot { similarity, part: 1, ..Default::default() }
    }

    pub fn similarity(&self) -> Similarity {
        self.similarity
    }

    pub fn warn(&mut self, line: u64, message: impl Into<String>) {
        if self.warnings.len() < MAX_WARNINGS {
            self.warnings.push(Warning { line, message: message.into() });
        } else {
            self.warnings_dropped += 1;
        }
    }

    pub fn saw(&mut self, f: Format) {
        if !self.formats.contains(&f) {
            self.formats.push(f);
            self.formats.sort();
        }
    }

    /// Adds one record to its bucket (hash of the frame-id sequence; O(stack) per record).
    pub fn add(&mut self, r: &Record) {
        let loose = self.similarity == Similarity::Loose;
        let key = &mut self.key;
        key.clear();
        key.push(r.state.unwrap_or(NONE));
        key.push(r.labels.unwrap_or(NONE));
        key.push(r.hidden_runtime as u32);
        match (r.created_by, loose) {
            (None, _) => key.push(NONE),
            (Some(c), false) => key.push(c),
            (Some(c), true) => key.push(self.tables.get(c).func),
        }
        if loose {
            for &f in &r.frames {
                key.push(self.tables.get(f).func);
            }
        } else {
            key.extend_from_slice(&r.frames);
        }
        let idx = match self.map.get(key.as_slice()) {
            Some(&i) => i as usize,
            None => {
                let i = self.buckets.len();
                self.buckets.push(Bucket {
                    frames: r.frames.clone().into_boxed_slice(),
                    created_by: r.created_by,
                    state: r.state,
                    labels: r.labels,
                    count: 0,
                    minutes: None,
                    locked: 0,
                    goids: Vec::new(),
                    parents: Vec::new(),
                    hidden_runtime: r.hidden_runtime,
                });
                self.map.insert(key.as_slice().into(), i as u32);
                i
            }
        };
        let b = &mut self.buckets[idx];
        b.count += r.count;
        self.total += r.count;
        if r.locked {
            b.locked += r.count;
        }
        if r.goid.is_some() || r.minutes.is_some() {
            let m = r.minutes.unwrap_or(0);
            b.minutes = Some(match b.minutes {
                None => (m, m),
                Some((lo, hi)) => (lo.min(m), hi.max(m)),
            });
        }
        if let Some(g) = r.goid {
            if b.goids.len() < MAX_IDS {
                b.goids.push(g);
            }
        }
        if let Some(p) = r.parent {
            if b.parents.len() < MAX_IDS && !b.parents.contains(&p) {
                b.parents.push(p);
            }
        }
        if let Some(goid) = r.goid {
            if r.args.len() == r.frames.len() {
                if self.goroutines.len() < crate::mechanism::MAX_GOROUTINES {
                    self.goroutines.push(crate::mechanism::Goroutine {
                        goid,
                        bucket: idx as u32,
                        frames: r.frames.as_slice().into(),
                        args: r.args.as_slice().into(),
                    });
                } else {
                    self.goroutines_dropped += 1;
                }
            }
        }
    }

    /// Bucket indices sorted by count (desc), then first goroutine ID, then index: stable.
    pub fn sorted_buckets(&self) -> Vec<usize> {
        let mut v: Vec<usize> = (0..self.buckets.len()).collect();
        v.sort_by(|&a, &b| {
            let (x, y) = (&self.buckets[a], &self.buckets[b]);
            y.count.cmp(&x.count).then(x.goids.first().cmp(&y.goids.first())).then(a.cmp(&b))
        });
        v
    }

    pub fn state_str(&self, b: &Bucket) -> Option<&str> {
        b.state.map(|s| self.tables.strings.get(s))
    }

    pub fn labels_str(&self, b: &Bucket) -> Option<&str> {
        b.labels.map(|s| self.tables.strings.get(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(s: &mut Snapshot, frames: &[(&str, u32)], goid: u64) -> Record {
        let mut r = Record::default();
        r.clear();
        r.goid = Some(goid);
        r.state = Some(s.tables.strings.intern(b"chan send"));
        for (f, l) in frames {
            r.frames.push(s.tables.frame(f.as_bytes(), b"/m/a.go", *l));
        }
        r
    }

    #[test]
    fn exact_and_loose_bucketing() {
        for (sim, want) in [(Similarity::Exact, 2), (Similarity::Loose, 1)] {
            let mut s = Snapshot::new(sim);
            let a = rec(&mut s, &[("main.f", 10), ("main.main", 3)], 1);
            let b = rec(&mut s, &[("main.f", 10), ("main.main", 3)], 2);
            let c = rec(&mut s, &[("main.f", 11), ("main.main", 3)], 3);
            s.add(&a);
            s.add(&b);
            s.add(&c);
            assert_eq!(s.buckets.len(), want, "{sim:?}");
            assert_eq!(s.total, 3);
            assert_eq!(s.buckets[s.sorted_buckets()[0]].count, if want == 2 { 2 } else { 3 });
        }
    }
}
