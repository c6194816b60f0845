//! The stable JSON report of `gotraps goroutines` (schema in docs/goroutines.md) and the
//! options that shape it: filters, limits, source mapping and attached static findings.

use crate::classify::Origin;
use crate::intern::FrameId;
use crate::snapshot::Snapshot;
use crate::source::SourceMap;
use crate::suspects::{analyze, Analysis, Thresholds};
use serde::Serialize;
use std::collections::BTreeMap;

pub const SCHEMA_VERSION: u32 = 1;

/// Which buckets to keep.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Keep buckets with a frame whose function is in a package starting with this prefix.
    pub package: Option<String>,
    /// Keep buckets whose wait reason contains this text.
    pub wait_reason: Option<String>,
    pub min_minutes: u32,
    pub min_count: u64,
}

/// A `gotraps check` finding to attach to suspects at the same file:line (D06).
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    /// Path relative to the `--source` root, `/`-separated.
    pub path: String,
    pub line: u32,
    pub code: String,
    pub message: String,
}

#[derive(Default)]
pub struct Options {
    pub filter: Filter,
    pub thresholds: Thresholds,
    /// Suspects listed (0 = all).
    pub max_suspects: usize,
    /// Buckets listed (0 = all).
    pub max_buckets: usize,
    pub source: Option<SourceMap>,
    pub findings: Vec<Finding>,
}

#[derive(Serialize, Clone, Debug)]
pub struct Range {
    pub min: u32,
    pub max: u32,
}

#[derive(Serialize, Clone, Debug)]
pub struct SiteOut {
    pub function: String,
    pub site: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct SourceOut {
    pub path: String,
    pub line: u32,
    pub text: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct SuspectOut {
    pub rank: usize,
    pub kind: &'static str,
    pub trap: &'static str,
    pub site: Option<String>,
    pub file: Option<String>,
    pub line: Option<u32>,
    pub function: Option<String>,
    pub count: u64,
    pub wait_reason: String,
    pub wait_reason_inferred: bool,
    pub wait_minutes: Option<Range>,
    pub score: Option<f64>,
    pub explanation: String,
    /// The mechanism named (`ab_ba_cycle`, `self_deadlock`, `recursive_rlock`, `lock_convoy`,
    /// `held_lock`, `lock_never_released`, `partnerless_channel`, `nil_channel`,
    /// `waitgroup_never_done`, `cond_never_signalled`), when waiters could be linked.
    pub mechanism: Option<&'static str>,
    /// Backed by lock addresses or source, not by the dump's shape alone.
    pub mechanism_confirmed: bool,
    /// Goroutines involved in the mechanism.
    pub goroutines: Vec<u64>,
    /// The mechanism's other sites: the second lock of a cycle, the writer, the holder.
    pub related_sites: Vec<SiteOut>,
    /// The runtime's leak detector proved these goroutines leaked.
    pub proven: bool,
    pub buckets: Vec<usize>,
    pub created_by: Option<SiteOut>,
    pub source: Option<SourceOut>,
    pub created_by_source: Option<SourceOut>,
    pub findings: Vec<Finding>,
    pub created_by_findings: Vec<Finding>,
}

#[derive(Serialize, Clone, Debug)]
pub struct FrameOut {
    pub function: String,
    pub file: String,
    pub line: u32,
    pub origin: &'static str,
}

#[derive(Serialize, Clone, Debug)]
pub struct BucketOut {
    pub id: usize,
    pub count: u64,
    pub wait_reason: String,
    pub wait_reason_inferred: bool,
    pub wait_minutes: Option<Range>,
    pub blocking_site: Option<String>,
    pub blocking_function: Option<String>,
    pub created_by: Option<SiteOut>,
    pub parent_goroutines: Vec<u64>,
    pub goroutine_ids: Vec<u64>,
    pub labels: BTreeMap<String, String>,
    pub locked_to_thread: u64,
    pub runtime_frames_hidden: bool,
    pub frames: Vec<FrameOut>,
}

#[derive(Serialize, Clone, Debug)]
pub struct WarningOut {
    pub line: u64,
    pub message: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct Report {
    pub schema_version: u32,
    pub input: String,
    /// Which dump of the input this is, when it holds several (1-based).
    pub part: u32,
    /// How the dump was wrapped: `go test -json`, `log line prefix`.
    pub framing: Option<&'static str>,
    pub formats: Vec<&'static str>,
    pub profile: Option<String>,
    pub bytes: u64,
    pub total_goroutines: u64,
    pub declared_total: Option<u64>,
    pub matched_goroutines: u64,
    pub bucket_count: usize,
    pub crash: Option<String>,
    pub goroot: Option<String>,
    pub suspects: Vec<SuspectOut>,
    pub buckets: Vec<BucketOut>,
    pub warnings: Vec<WarningOut>,
    pub warnings_dropped: u64,
}

pub fn labels_map(canon: Option<&str>) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    if let Some(c) = canon {
        for pair in c.split('\x1f') {
            let (k, v) = pair.split_once('\x1e').unwrap_or((pair, ""));
            m.insert(k.to_string(), v.to_string());
        }
    }
    m
}

fn keep(s: &Snapshot, a_reason: &str, i: usize, f: &Filter) -> bool {
    let b = &s.buckets[i];
    if b.count < f.min_count {
        return false;
    }
    if f.min_minutes > 0 && b.minutes.is_none_or(|m| m.1 < f.min_minutes) {
        return false;
    }
    if let Some(w) = &f.wait_reason {
        if !a_reason.contains(w.as_str()) {
            return false;
        }
    }
    if let Some(p) = &f.package {
        if !b.frames.iter().chain(b.created_by.iter()).any(|&fr| s.tables.func(fr).starts_with(p.as_str())) {
            return false;
        }
    }
    true
}

/// Analyses `s` and builds the report.
pub fn build(s: &Snapshot, input: &str, opts: &mut Options) -> (Report, Analysis) {
    // Reasons are needed by the filter before the analysis proper: classify once up front.
    let pre = crate::classify::Classifier::new(&s.tables);
    let reasons: Vec<String> = s.buckets.iter().map(|b| crate::classify::bucket_info(s, &pre, b).reason).collect();
    let f = opts.filter.clone();
    let keep_fn = |i: usize| keep(s, &reasons[i], i, &f);
    let mut src = opts.source.take();
    let a = analyze(s, opts.thresholds, &keep_fn, src.as_mut());
    let t = &s.tables;
    let order = s.sorted_buckets();
    let mut id_of = vec![0usize; s.buckets.len()];
    for (rank, &i) in order.iter().enumerate() {
        id_of[i] = rank + 1;
    }
    let site_out = |f: FrameId| SiteOut { function: t.func(f).to_string(), site: t.site(f) };
    let mut source_of = |f: FrameId| -> Option<SourceOut> {
        let m = src.as_mut()?;
        let (p, text) = m.line(t.file(f), t.line(f))?;
        Some(SourceOut { path: m.relative(&p), line: t.line(f), text })
    };
    let mut suspects = Vec::new();
    for (n, x) in a.suspects.iter().enumerate() {
        if opts.max_suspects > 0 && n >= opts.max_suspects {
            break;
        }
        let at = |so: &Option<SourceOut>| -> Vec<Finding> {
            match so {
                Some(so) => {
                    opts.findings.iter().filter(|fd| fd.path == so.path && fd.line == so.line).cloned().collect()
                }
                None => Vec::new(),
            }
        };
        let source = x.site.and_then(&mut source_of);
        let created_by_source = x.created_by.and_then(&mut source_of);
        let (findings, created_by_findings) = (at(&source), at(&created_by_source));
        suspects.push(SuspectOut {
            rank: n + 1,
            kind: x.kind.as_str(),
            trap: x.kind.trap(),
            site: x.site.map(|f| t.site(f)),
            file: x.site.map(|f| t.file(f).to_string()),
            line: x.site.map(|f| t.line(f)),
            function: x.site.map(|f| t.func(f).to_string()),
            count: x.count,
            wait_reason: x.reason.clone(),
            wait_reason_inferred: x.reason_inferred,
            wait_minutes: x.minutes.map(|(min, max)| Range { min, max }),
            score: x.score.is_finite().then_some((x.score * 1000.0).round() / 1000.0),
            explanation: x.explanation.clone(),
            mechanism: x.mechanism.map(|m| m.as_str()),
            mechanism_confirmed: x.mechanism_confirmed,
            goroutines: x.goroutines.clone(),
            related_sites: x.related.iter().map(|&f| site_out(f)).collect(),
            proven: x.proven,
            buckets: x.buckets.iter().map(|&i| id_of[i]).collect(),
            created_by: x.created_by.map(site_out),
            source,
            created_by_source,
            findings,
            created_by_findings,
        });
    }
    let mut buckets = Vec::new();
    let mut matched = 0;
    for &i in &order {
        if !keep_fn(i) {
            continue;
        }
        let b = &s.buckets[i];
        matched += b.count;
        if opts.max_buckets > 0 && buckets.len() >= opts.max_buckets {
            continue;
        }
        let inf = &a.info[i];
        buckets.push(BucketOut {
            id: id_of[i],
            count: b.count,
            wait_reason: inf.reason.clone(),
            wait_reason_inferred: inf.reason_inferred,
            wait_minutes: b.minutes.map(|(min, max)| Range { min, max }),
            blocking_site: inf.user_site.map(|f| t.site(f)),
            blocking_function: inf.user_site.map(|f| t.func(f).to_string()),
            created_by: b.created_by.map(site_out),
            parent_goroutines: b.parents.clone(),
            goroutine_ids: b.goids.clone(),
            labels: labels_map(s.labels_str(b)),
            locked_to_thread: b.locked,
            runtime_frames_hidden: b.hidden_runtime,
            frames: b
                .frames
                .iter()
                .map(|&f| FrameOut {
                    function: t.func(f).to_string(),
                    file: t.file(f).to_string(),
                    line: t.line(f),
                    origin: match a.classifier.origin(f) {
                        Origin::Runtime => "runtime",
                        Origin::Std => "std",
                        Origin::User => "user",
                    },
                })
                .collect(),
        });
    }
    opts.source = src;
    let report = Report {
        schema_version: SCHEMA_VERSION,
        input: input.to_string(),
        part: s.part,
        framing: s.framing,
        formats: s.formats.iter().map(|f| f.as_str()).collect(),
        profile: s.profile.clone(),
        bytes: s.bytes,
        total_goroutines: s.total,
        declared_total: s.declared_total,
        matched_goroutines: matched,
        bucket_count: s.buckets.len(),
        crash: s.crash.clone(),
        goroot: a.classifier.goroot_src.clone(),
        suspects,
        buckets,
        warnings: s.warnings.iter().map(|w| WarningOut { line: w.line, message: w.message.clone() }).collect(),
        warnings_dropped: s.warnings_dropped,
    };
    (report, a)
}
