//! `gotraps goroutines`: leaks and deadlocks in goroutine dumps and profiles (D02, D03,
//! D05, D06). Reads files, `-` (stdin) or `http://.../debug/pprof/goroutine?debug=N` URLs
//! in every format the runtime writes, detected automatically.

use clap::{Args, ValueEnum};
use gotraps_dump::human::Style;
use gotraps_dump::input::{load_all, not_a_dump};
use gotraps_dump::source::{ModelLine, SourceMap};
use gotraps_dump::{build, diff, Filter, Finding, Options, Similarity, Snapshot};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DumpFormat {
    /// Grouped, ranked, compact text.
    Human,
    /// The stable JSON report (docs/goroutines.md).
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// Analyse goroutine dumps: buckets of identical stacks and ranked leak, deadlock,
/// lock-convoy and connection-leak suspects.
///
/// INPUT is a file, `-` for stdin, an http:// URL such as
/// http://127.0.0.1:6060/debug/pprof/goroutine?debug=2, or a bare host:port (meaning that
/// URL). Formats are detected: debug=2 and runtime.Stack text, SIGQUIT / crash / `go test
/// -timeout` output (log lines may be mixed in), pasted with spaces instead of tabs, behind a
/// log prefix (timestamps, kubectl/CRI, syslog) or inside `go test -json`; the debug=1 text
/// profile; the protobuf profile (debug=0, gzipped or raw); the goroutineleak profile;
/// gzipped text. Several dumps in one input are reported one by one.
///
/// Exit codes: 0 nothing suspicious; 1 a leak or deadlock suspect (also a test-timeout dump
/// with blocked goroutines, and any goroutine the leak profile marks leaked); 2 an input
/// that cannot be read or holds no goroutine dump, or a usage error.
#[derive(Args, Debug)]
pub struct GoroutinesArgs {
    /// Dumps to analyse (file, `-` or http:// URL). With --base, the newer snapshot.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Compare with this older snapshot of the same process: buckets that grew, appeared,
    /// shrank or vanished (use the same format for both).
    #[arg(long, value_name = "OLD")]
    pub base: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: DumpFormat,
    /// Colour in human output.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: Color,
    /// Group goroutines by functions only (ignore lines and offsets) instead of identical stacks.
    #[arg(long)]
    pub loose: bool,
    /// Keep only buckets with a frame in a package whose import path starts with this.
    #[arg(long, value_name = "IMPORT_PATH")]
    pub package: Option<String>,
    /// Keep only buckets whose wait reason contains this text (e.g. "chan send").
    #[arg(long, value_name = "TEXT")]
    pub wait_reason: Option<String>,
    /// Keep only buckets blocked at least this many minutes (text dumps only).
    #[arg(long, value_name = "MINUTES", default_value_t = 0)]
    pub min_wait: u32,
    /// Keep only buckets with at least this many goroutines.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub min_count: u64,
    /// Number of suspects listed (0: all).
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
    /// Number of buckets printed in human output.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub buckets: usize,
    /// Print every frame of each bucket, not only the user's frames.
    #[arg(long)]
    pub full: bool,
    /// The module's source directory: show source lines at blocking and creation sites and
    /// attach `gotraps check` findings (every rule, opt-in ones too) at the same lines.
    #[arg(long, value_name = "DIR")]
    pub source: Option<String>,
    /// Deadline in seconds for http:// inputs, covering the whole request and body.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub timeout: u64,
}

pub fn run(args: GoroutinesArgs) -> ExitCode {
    let sim = if args.loose { Similarity::Loose } else { Similarity::Exact };
    let timeout = Duration::from_secs(args.timeout.max(1));
    let mut out = std::io::stdout().lock();
    if let Some(base) = &args.base {
        if args.inputs.len() != 1 {
            eprintln!("error: --base compares one OLD snapshot with exactly one INPUT");
            return ExitCode::from(2);
        }
        let (old, new) = match (load_one(base, sim, timeout), load_one(&args.inputs[0], sim, timeout)) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(e), _) | (_, Err(e)) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
        if let Some(msg) = format_mismatch(base, &old, &args.inputs[0], &new) {
            eprintln!("error: {msg}");
            return ExitCode::from(2);
        }
        let d = diff::diff(&old, &new);
        let text = match args.format {
            DumpFormat::Json => serde_json::to_string_pretty(&d).unwrap_or_default() + "\n",
            DumpFormat::Human => diff::render_human(&d),
        };
        let _ = out.write_all(text.as_bytes());
        let grew = d.changes.iter().any(|c| c.delta > 0);
        return if grew { ExitCode::from(1) } else { ExitCode::SUCCESS };
    }
    // One absolute root for both the source map and the findings' relative paths.
    let source_dir = match &args.source {
        Some(dir) => match std::fs::canonicalize(dir) {
            Ok(p) if p.is_dir() => Some(p),
            Ok(_) => {
                eprintln!("error: --source {dir}: not a directory (give the module's source directory)");
                return ExitCode::from(2);
            }
            Err(e) => {
                eprintln!("error: --source {dir}: {e}");
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let (findings, model_facts) = match source_dir.as_deref().map(static_findings) {
        Some(Ok(found)) => found,
        Some(Err(msg)) => {
            eprintln!("error: --source: {msg}");
            return ExitCode::from(2);
        }
        None => Default::default(),
    };
    let source_map = |dir: &std::path::PathBuf| {
        let mut m = SourceMap::new(dir);
        for (path, lines) in &model_facts {
            m.add_model_facts(path, lines.clone());
        }
        m
    };
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let mut reports = Vec::new();
    let mut errors = 0;
    let mut suspicious = false;
    let mut reports_total = 0;
    for input in &args.inputs {
        let snaps = match load_all(input, sim, timeout) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {input}: {e}");
                errors += 1;
                continue;
            }
        };
        if let Some(msg) = not_a_dump(input, &snaps) {
            eprintln!("error: {msg}");
            errors += 1;
            continue;
        }
        let parts = snaps.len();
        for snap in snaps {
            let name = if parts > 1 { format!("{input} (dump {} of {parts})", snap.part) } else { input.clone() };
            let input = &name;
            reports_total += 1;
            let mut opts = Options {
                filter: Filter {
                    package: args.package.clone(),
                    wait_reason: args.wait_reason.clone(),
                    min_minutes: args.min_wait,
                    min_count: args.min_count,
                },
                max_suspects: args.top,
                source: source_dir.as_ref().map(source_map),
                findings: findings.clone(),
                ..Default::default()
            };
            let (report, _) = build(&snap, input, &mut opts);
            suspicious |= report.suspects.iter().any(|s| s.kind != "blocked" || s.proven);
            match args.format {
                DumpFormat::Human => {
                    let style = Style { color, full: args.full, buckets: args.buckets };
                    let _ = out.write_all(gotraps_dump::human::render(&report, style).as_bytes());
                    if args.inputs.len() > 1 {
                        let _ = out.write_all(b"\n");
                    }
                }
                DumpFormat::Json => reports.push(report),
            }
        }
    }
    if args.format == DumpFormat::Json {
        let json = if reports_total == 1 {
            reports.first().map(serde_json::to_string_pretty).transpose()
        } else {
            serde_json::to_string_pretty(&reports).map(Some)
        };
        if let Ok(Some(j)) = json {
            let _ = writeln!(out, "{j}");
        }
    }
    if errors > 0 && errors == args.inputs.len() {
        ExitCode::from(2)
    } else if suspicious {
        ExitCode::from(1)
    } else if errors > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

/// The one dump `name` must hold (for --base), or a message.
fn load_one(name: &str, sim: Similarity, timeout: Duration) -> Result<Snapshot, String> {
    let mut snaps = load_all(name, sim, timeout).map_err(|e| format!("{name}: {e}"))?;
    if let Some(msg) = not_a_dump(name, &snaps) {
        return Err(msg);
    }
    if snaps.len() > 1 {
        return Err(format!("{name} holds {} dumps; --base compares one dump with one dump", snaps.len()));
    }
    Ok(snaps.swap_remove(0))
}

/// Why two snapshots cannot be diffed bucket by bucket: tracebacks have wait reasons and
/// creation sites, profiles do not, so every bucket would look new.
fn format_mismatch(old_name: &str, old: &Snapshot, new_name: &str, new: &Snapshot) -> Option<String> {
    let kind = |s: &Snapshot| {
        if s.formats.iter().any(|f| *f == gotraps_dump::snapshot::Format::Text) {
            "debug=2 traceback"
        } else {
            "profile (debug=0/1)"
        }
    };
    let (a, b) = (kind(old), kind(new));
    (a != b).then(|| {
        format!("--base {old_name} is a {a} but {new_name} is a {b}: capture both with the same ?debug= value")
    })
}

/// What `gotraps check DIR/...` finds (every rule the config leaves on, opt-in ones
/// included; config and suppressions apply), with paths
/// relative to `dir`, to be attached to suspects at the same lines (D06); and, per file the
/// semantic model analysed, the locks held and channel partners at its concurrency lines.
fn static_findings(dir: &Path) -> Result<(Vec<Finding>, ModelFacts), String> {
    // The options `gotraps check DIR/...` runs with, opt-in rules included: only findings
    // at a line where the dump shows a goroutine stuck are shown, and there a noisier
    // rule's finding is evidence. The cache keeps findings only, so asking for line facts
    // analyses every package afresh.
    let options = gotraps_cli::driver::CheckOptions {
        targets: vec![format!("{}/...", dir.display())],
        line_facts: true,
        opt_in_by_default: true,
        ..Default::default()
    };
    let result = gotraps_cli::driver::check(&options).map_err(|e| e.0)?;
    let relative = |path: &str| {
        let rel = Path::new(path).strip_prefix(dir).map(|p| p.to_string_lossy().replace('\\', "/"));
        rel.unwrap_or_else(|_| path.to_string())
    };
    let mut out = Vec::new();
    let mut facts = Vec::new();
    for f in &result.files {
        let rel = relative(&f.path);
        for d in &f.diagnostics {
            let (line, _) = f.lines.line_col(d.span.start);
            out.push(Finding { path: rel.clone(), line, code: d.code.to_string(), message: d.message.clone() });
        }
        if let Some(lines) = &f.line_facts {
            let lines = lines
                .iter()
                .map(|l| ModelLine {
                    line: l.line,
                    held: l.held.clone(),
                    partners: l.partners.iter().map(|(p, n, t)| (relative(p), *n, t.clone())).collect(),
                })
                .collect();
            facts.push((dir.join(&rel), lines));
        }
    }
    Ok((out, facts))
}

/// Per file the model analysed (its path under the source root), its lines with facts.
type ModelFacts = Vec<(std::path::PathBuf, Vec<ModelLine>)>;
