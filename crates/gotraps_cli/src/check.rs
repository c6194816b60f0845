//! `gotraps check`: load packages, parse and check them in parallel, render findings.

use clap::{Args, ValueEnum};
use gotraps_diagnostics::{Diagnostic, Severity};
use gotraps_rules::{check_package, PackageContext, Rule, SourceFile, RULES};
use gotraps_syntax::{parse_file, LineIndex, Span};
use gotraps_workspace::{load, BuildContext, GoVersion, Package};
use rayon::prelude::*;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files, directories (analyzed recursively) or `./...` patterns. Default: `./...`.
    pub paths: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: OutputFormat,
    /// Colour in human output.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// Run only these rules (codes or names, comma-separated; `ALL` for every rule).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Enable these rules in addition to the selected ones (e.g. opt-in rules).
    #[arg(long, value_delimiter = ',')]
    pub extend_select: Vec<String>,
    /// Do not run these rules.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Include `_test.go` files.
    #[arg(long)]
    pub tests: bool,
    /// Target operating system for build constraints (default: host or $GOOS).
    #[arg(long)]
    pub goos: Option<String>,
    /// Target architecture for build constraints (default: host or $GOARCH).
    #[arg(long)]
    pub goarch: Option<String>,
    /// Extra build tags, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub tags: Vec<String>,
    /// Go language version to assume instead of the go.mod `go` line (e.g. 1.21).
    #[arg(long = "go", value_name = "VERSION")]
    pub go_version: Option<String>,
    /// Report suppression comments that suppress nothing.
    #[arg(long)]
    pub report_unused_suppressions: bool,
    /// Apply the mechanical fixes of fixable findings in place; what remains is reported.
    #[arg(long)]
    pub fix: bool,
}

/// Everything found in one file, ready for rendering.
pub struct FileReport {
    pub path: String,
    pub source: Box<str>,
    pub lines: LineIndex,
    pub diagnostics: Vec<Diagnostic>,
}

pub static SYNTAX_ERROR_TRAPS: &[&str] = &[];

pub fn run(args: CheckArgs) -> ExitCode {
    let started = Instant::now();
    let mut ctx = BuildContext::host();
    if let Some(os) = &args.goos {
        ctx.goos = os.clone();
    }
    if let Some(arch) = &args.goarch {
        ctx.goarch = arch.clone();
    }
    ctx.tags = args.tags.clone();
    ctx.include_tests = args.tests;
    let go_override = match &args.go_version {
        Some(v) => match GoVersion::parse(v) {
            Some(v) => Some(v),
            None => {
                eprintln!("error: --go {v}: not a Go version; use e.g. --go 1.22");
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let rules = match select_rules(&args) {
        Ok(r) => r,
        Err(msg) => {
            eprintln!("error: {msg}");
            eprintln!("  `gotraps rules` lists the rule codes and names");
            return ExitCode::from(2);
        }
    };
    let targets = if args.paths.is_empty() { vec!["./...".to_string()] } else { args.paths.clone() };
    let run_once = || {
        let loaded = load(&targets, &ctx);
        let mut reports: Vec<FileReport> =
            loaded.packages.par_iter().flat_map_iter(|pkg| check_one_package(pkg, &rules, go_override)).collect();
        reports.sort_by(|a, b| a.path.cmp(&b.path));
        (loaded.errors, reports)
    };
    let (mut load_errors, mut reports) = run_once();
    if args.fix {
        // Fixes change offsets: after applying, check again so positions are exact. Fixes
        // never overlap within a round; a second round picks up what was skipped.
        let mut fixed = 0;
        for _ in 0..3 {
            let n = crate::fix::apply_in_place(&reports);
            if n == 0 {
                break;
            }
            fixed += n;
            (load_errors, reports) = run_once();
        }
        if fixed > 0 {
            eprintln!("Fixed {fixed} finding{}.", if fixed == 1 { "" } else { "s" });
        }
    }
    for e in &load_errors {
        eprintln!("error: {}: {}", e.path.display(), e.message);
    }
    let files = reports.len();
    let findings: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
    crate::output::render(&reports, &args, files, started.elapsed());
    if !load_errors.is_empty() && files == 0 {
        return ExitCode::from(2);
    }
    if findings > 0 {
        ExitCode::from(1)
    } else if !load_errors.is_empty() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

fn select_rules(args: &CheckArgs) -> Result<Vec<&'static Rule>, String> {
    let lookup = |key: &str| -> Result<Vec<&'static Rule>, String> {
        if key.eq_ignore_ascii_case("ALL") {
            return Ok(RULES.to_vec());
        }
        gotraps_rules::find(key).map(|r| vec![r]).ok_or_else(|| format!("unknown rule `{key}`"))
    };
    let mut selected: Vec<&'static Rule> = if args.select.is_empty() {
        RULES.iter().copied().filter(|r| r.default_on).collect()
    } else {
        let mut v = Vec::new();
        for k in &args.select {
            v.extend(lookup(k)?);
        }
        v
    };
    for k in &args.extend_select {
        selected.extend(lookup(k)?);
    }
    let mut ignored = Vec::new();
    for k in &args.ignore {
        ignored.extend(lookup(k)?);
    }
    selected.retain(|r| !ignored.iter().any(|i| std::ptr::eq(*i, *r)));
    selected.sort_by_key(|r| r.code);
    selected.dedup_by_key(|r| r.code);
    Ok(selected)
}

fn check_one_package(pkg: &Package, rules: &[&'static Rule], go_override: Option<GoVersion>) -> Vec<FileReport> {
    let mut files = Vec::with_capacity(pkg.files.len());
    let mut read_failures = Vec::new();
    for path in &pkg.files {
        match std::fs::read(path) {
            Ok(src) => {
                let ast = parse_file(&src);
                let lines = LineIndex::new(ast.src.as_bytes());
                files.push(SourceFile { path: display_path(path), ast, lines });
            }
            Err(e) => read_failures.push(format!("{}: {e}", path.display())),
        }
    }
    for f in read_failures {
        eprintln!("error: {f}");
    }
    let version = go_override.unwrap_or_else(|| pkg.go_version());
    let ctx = PackageContext::new(&files, version);
    let results = check_package(&ctx, rules);
    files
        .iter()
        .zip(results)
        .map(|(f, mut diags)| {
            for e in &f.ast.errors {
                diags.push(Diagnostic::new(
                    "E001",
                    "syntax-error",
                    SYNTAX_ERROR_TRAPS,
                    Severity::Error,
                    Span::new(e.span.start, e.span.end),
                    e.message.clone(),
                ));
            }
            diags.sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));
            FileReport { path: f.path.clone(), source: f.ast.src.clone(), lines: f.lines.clone(), diagnostics: diags }
        })
        .collect()
}

/// Paths as the user should see them: relative to the working directory when below it.
fn display_path(path: &std::path::Path) -> String {
    let p = path.strip_prefix("./").unwrap_or(path);
    p.display().to_string()
}
