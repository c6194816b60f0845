//! `gotraps check`: load packages, parse and check them in parallel, render findings.

use clap::{Args, ValueEnum};
use gotraps_diagnostics::{Diagnostic, Severity};
use gotraps_rules::suppression::Suppressions;
use gotraps_rules::{analyze_target, Rule, SourceFile, RULES};
use gotraps_semantic::{Program, ProgramOptions};
use gotraps_syntax::{parse_file, LineIndex, Span};
use gotraps_workspace::config::{CliSelection, Config, RuleSelection};
use gotraps_workspace::{load, BuildContext, GoVersion, Package};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
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
    /// Analyse every package again instead of reusing unchanged packages' findings from
    /// the cache ($GOTRAPS_CACHE_DIR, else ~/.cache/gotraps).
    #[arg(long)]
    pub no_cache: bool,
}

/// Everything found in one file, ready for rendering.
pub struct FileReport {
    pub path: String,
    pub source: Box<str>,
    pub lines: LineIndex,
    pub diagnostics: Vec<Diagnostic>,
}

pub static NO_TRAPS: &[&str] = &[];

/// A finished `check`: every target file's report, sorted by path.
pub struct Analysis {
    pub load_errors: Vec<gotraps_workspace::LoadError>,
    pub reports: Vec<FileReport>,
    /// Files whose findings came from the cache.
    pub files_from_cache: usize,
}

pub fn run(args: CheckArgs) -> ExitCode {
    let started = Instant::now();
    let Analysis { load_errors, reports, files_from_cache } = match analyze(&args) {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("error: {msg}");
            return ExitCode::from(2);
        }
    };
    for e in &load_errors {
        eprintln!("error: {}: {}", e.path.display(), e.message);
    }
    let files = reports.len();
    let findings: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
    crate::output::render(&reports, &args, files, files_from_cache, started.elapsed());
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

/// Set by long-running callers (`gotraps server`): free each run's syntax trees and model
/// when it ends instead of leaving them to the process exit.
pub static FREE_AFTER_RUN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Runs `check` as `args` say (fixes included) without printing findings; `Err` is a
/// usage error to report with exit code 2. `gotraps goroutines --source` uses it too, so
/// a dump's suspects are tied to exactly the findings `check` prints.
pub fn analyze(args: &CheckArgs) -> Result<Analysis, String> {
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
            None => return Err(format!("--go {v}: not a Go version; use e.g. --go 1.22")),
        },
        None => None,
    };
    let targets = if args.paths.is_empty() { vec!["./...".to_string()] } else { args.paths.clone() };
    let config = discover_config(&targets)?;
    let cli = CliSelection {
        select: args.select.clone(),
        extend_select: args.extend_select.clone(),
        ignore: args.ignore.clone(),
    };
    let selection = RuleSelection::resolve(config.as_ref().map(|(p, c)| (p.as_path(), c)), &cli, &|k| {
        gotraps_rules::find(k).is_some()
    })
    .map_err(|e| e.to_string())?;
    let rules: Vec<&'static Rule> =
        RULES.iter().copied().filter(|r| selection.enabled(r.code, r.name, r.default_on)).collect();
    if let Some((_, c)) = &config {
        if !args.tests {
            ctx.include_tests = c.tests.unwrap_or(false);
        }
    }
    let go_override = go_override.or_else(|| config.as_ref().and_then(|(_, c)| c.go_version()));
    let settings = Settings {
        rules: &rules,
        program_options: ProgramOptions { build: ctx.clone(), force_summary: false },
        more_passes: args.fix,
        go_override,
        selection: &selection,
        report_unused: args.report_unused_suppressions,
    };
    // The cache is found and read while the packages are loaded: its key needs GOROOT,
    // which may mean running `go env GOROOT`.
    let cache_dir = if args.no_cache || args.fix { None } else { crate::cache::default_dir() };
    let cache = cache_dir.map(|dir| {
        let mut f = crate::cache::Fingerprint::new();
        f.part("targets", targets.join("\0"))
            .part("rules", rules.iter().map(|r| r.code).collect::<Vec<_>>().join(","))
            // GOOS, GOARCH, CGO_ENABLED, tags, tests: every field decides which files count.
            .part("build", format!("{ctx:?}"))
            .part("go", go_override.map(|v| v.to_string()).unwrap_or_default())
            .part("report-unused", [args.report_unused_suppressions as u8]);
        if let Some((path, _)) = &config {
            f.part("config", path.as_os_str().as_encoded_bytes());
            f.part("config-text", std::fs::read(path).unwrap_or_default());
        }
        std::thread::spawn(move || {
            f.binary(&dir);
            if let Some(root) = gotraps_workspace::goroot() {
                f.part("goroot", root.as_os_str().as_encoded_bytes());
            }
            crate::cache::Cache::open(&dir, f.finish())
        })
    });
    let run_once = |cache: Option<std::thread::JoinHandle<crate::cache::Cache>>| {
        let mut loaded = load(&targets, &ctx);
        for p in &mut loaded.packages {
            p.files.retain(|f| !selection.is_excluded(f));
        }
        let (reports, cached) = check_packages(&loaded.packages, &settings, cache);
        (loaded.errors, reports, cached)
    };
    let (mut load_errors, mut reports, files_from_cache) = run_once(cache);
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
            (load_errors, reports, _) = run_once(None);
        }
        if fixed > 0 {
            eprintln!("Fixed {fixed} finding{}.", if fixed == 1 { "" } else { "s" });
        }
    }
    Ok(Analysis { load_errors, reports, files_from_cache })
}

/// What every package's check needs to know about the run.
struct Settings<'a> {
    rules: &'a [&'static Rule],
    /// Each pass over the packages builds one type universe from these, shared by every
    /// package's model (a `--fix` round must not see the previous round's files).
    program_options: ProgramOptions,
    /// `--fix`: the packages are checked again after this pass.
    more_passes: bool,
    go_override: Option<GoVersion>,
    selection: &'a RuleSelection,
    report_unused: bool,
}

/// The nearest `gotraps.toml` at or above the first target.
fn discover_config(targets: &[String]) -> Result<Option<(std::path::PathBuf, Config)>, String> {
    let first = targets.first().map(|t| t.trim_end_matches("/...").trim_end_matches("...")).unwrap_or(".");
    let first = if first.is_empty() { "." } else { first };
    let path = Path::new(first);
    let start = if path.is_file() { path.parent().unwrap_or(Path::new(".")) } else { path };
    let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    Config::discover(&start).map_err(|e| e.to_string())
}

/// Reads, parses and checks the target packages; packages the cache vouches for are
/// neither parsed nor checked. Returns the reports, sorted by path, and how many files'
/// reports came from the cache.
fn check_packages(
    packages: &[Package],
    settings: &Settings,
    cache: Option<std::thread::JoinHandle<crate::cache::Cache>>,
) -> (Vec<FileReport>, usize) {
    // Without a cache nothing compares hashes: the files are read once, by the parser.
    let hash = cache.is_some();
    let read: Vec<ReadPackage> = packages.par_iter().map(|pkg| read_package(pkg, settings, hash)).collect();
    let keys: Vec<crate::cache::PackageKey> = read
        .iter()
        .map(|p| package_key(&p.dir, p.version, p.files.iter().map(|f| (f.path.as_str(), f.hash))))
        .collect();
    let program = Program::new(settings.program_options.clone());
    let cache = cache.and_then(|job| job.join().ok());
    let hits: Vec<Option<Vec<Vec<Diagnostic>>>> = match &cache {
        Some(cache) => cache.lookup(&keys, &program),
        None => read.iter().map(|_| None).collect(),
    };
    let cached_count = hits.iter().filter(|h| h.is_some()).count();
    let cached_files: usize = hits.iter().flatten().map(|files| files.len()).sum();
    let mut reports: Vec<FileReport> = Vec::new();
    for (p, hit) in read.iter().zip(&hits) {
        if let Some(per_file) = hit {
            for (f, diagnostics) in p.files.iter().zip(per_file) {
                reports.push(report_from(f.path.clone(), diagnostics.clone(), || {
                    let bytes = std::fs::read(&f.file).unwrap_or_default();
                    String::from_utf8_lossy(&bytes).into()
                }));
            }
        }
    }
    if cached_count < read.len() {
        // Every target is registered before any is checked: an import of a package that
        // is also a target then gets the target's files and version, exactly as in a run
        // without the cache. Targets the cache answers for are parsed only if imported.
        let parsed = parse_packages(&read, &hits);
        read.par_iter().zip(&parsed).for_each(|(r, p)| match p {
            Some(p) => {
                let inputs = p.files.iter().map(|f| (PathBuf::from(&f.path), f.ast.clone())).collect();
                program.add_target(&p.dir, p.import_path.as_deref(), inputs, Some(p.version));
            }
            None => {
                let files = r.files.iter().map(|f| (PathBuf::from(&f.path), f.file.clone())).collect();
                program.add_pending_target(&r.dir, r.import_path.as_deref(), files, r.version);
            }
        });
        // Largest packages first: a big package started last would keep one core busy
        // while the others wait at the end of the run.
        let mut order: Vec<(usize, usize)> = parsed
            .iter()
            .enumerate()
            .filter_map(|(i, p)| Some((i, p.as_ref()?.files.iter().map(|f| f.ast.src.len()).sum())))
            .collect();
        order.sort_by_key(|&(i, size)| (std::cmp::Reverse(size), i));
        let mut checked: Vec<(usize, Vec<FileReport>, Option<gotraps_semantic::PkgId>)> = order
            .par_iter()
            .with_max_len(1)
            .filter_map(|&(i, _)| {
                let (files, id) = check_parsed_package(parsed[i].as_ref()?, settings, &program);
                Some((i, files, id))
            })
            .collect();
        checked.sort_by_key(|c| c.0);
        if let Some(cache) = cache {
            let computed: Vec<crate::cache::Computed> = checked
                .par_iter()
                .filter_map(|(i, files, id)| {
                    // Keyed by the bytes that were analysed, which a concurrent edit may
                    // have changed since they were hashed above.
                    let p = parsed[*i].as_ref()?;
                    let hashes = p.files.iter().zip(&p.hashes).map(|(f, h)| (f.path.as_str(), *h));
                    Some(crate::cache::Computed {
                        key: package_key(&p.dir, p.version, hashes),
                        diagnostics: files.iter().map(|f| f.diagnostics.as_slice()).collect(),
                        dependencies: program.dependency_closure((*id)?),
                    })
                })
                .collect();
            let kept: Vec<&Path> =
                read.iter().zip(&hits).filter(|(_, h)| h.is_some()).map(|(p, _)| p.dir.as_path()).collect();
            cache.save(computed, &kept, &program);
        }
        reports.extend(checked.into_iter().flat_map(|(_, files, _)| files));
        // The process ends soon after a run: freeing millions of AST nodes and model
        // entries one by one would delay the output by a tenth of the run. A `--fix` run
        // goes on to another pass, and frees them.
        if !settings.more_passes && !FREE_AFTER_RUN.load(std::sync::atomic::Ordering::Relaxed) {
            std::mem::forget(parsed);
            std::mem::forget(program);
        }
    }
    reports.sort_by(|a, b| a.path.cmp(&b.path));
    (reports, cached_files)
}

/// One package's files, hashed, with what its analysis needs. The bytes are not kept: a
/// package the cache answers for is never parsed, and holding a whole tree's text costs
/// more in page faults than reading a missed package again.
struct ReadPackage {
    dir: PathBuf,
    import_path: Option<String>,
    version: GoVersion,
    files: Vec<ReadFile>,
}

struct ReadFile {
    /// As displayed.
    path: String,
    file: PathBuf,
    hash: u128,
}

fn read_package(pkg: &Package, settings: &Settings, hash: bool) -> ReadPackage {
    let mut files = Vec::with_capacity(pkg.files.len());
    let mut buf = Vec::new();
    for path in &pkg.files {
        if !hash {
            files.push(ReadFile { path: display_path(path), file: path.clone(), hash: 0 });
            continue;
        }
        buf.clear();
        match std::fs::File::open(path).and_then(|mut f| std::io::Read::read_to_end(&mut f, &mut buf)) {
            Ok(_) => files.push(ReadFile {
                path: display_path(path),
                file: path.clone(),
                hash: crate::cache::hash_bytes(&buf),
            }),
            Err(e) => eprintln!("error: {}: {e}", path.display()),
        }
    }
    ReadPackage {
        dir: std::fs::canonicalize(&pkg.dir).unwrap_or_else(|_| pkg.dir.clone()),
        import_path: pkg.import_path(),
        version: settings.go_override.unwrap_or_else(|| pkg.go_version()),
        files,
    }
}

/// One package's files, parsed.
struct ParsedPackage {
    dir: PathBuf,
    import_path: Option<String>,
    version: GoVersion,
    files: Vec<SourceFile>,
    /// Content hash of each file as parsed.
    hashes: Vec<u128>,
}

/// Parses the packages the cache did not answer for (`None` for the others). Files, not
/// packages, are spread over the threads: package sizes vary a thousandfold.
fn parse_packages(read: &[ReadPackage], hits: &[Option<Vec<Vec<Diagnostic>>>]) -> Vec<Option<ParsedPackage>> {
    let files: Vec<(usize, &ReadFile)> = read
        .iter()
        .zip(hits)
        .enumerate()
        .filter(|(_, (_, hit))| hit.is_none())
        .flat_map(|(i, (p, _))| p.files.iter().map(move |f| (i, f)))
        .collect();
    let mut parsed: Vec<Option<(SourceFile, u128)>> = files
        .par_iter()
        .map(|(_, f)| match std::fs::read(&f.file) {
            Ok(bytes) => {
                let ast = parse_file(&bytes);
                let lines = LineIndex::new(ast.src.as_bytes());
                let hash = crate::cache::hash_bytes(&bytes);
                Some((SourceFile { path: f.path.clone(), ast: ast.into(), lines }, hash))
            }
            Err(e) => {
                eprintln!("error: {}: {e}", f.file.display());
                None
            }
        })
        .collect();
    let mut out: Vec<Option<ParsedPackage>> = read
        .iter()
        .zip(hits)
        .map(|(p, hit)| {
            hit.is_none().then(|| ParsedPackage {
                dir: p.dir.clone(),
                import_path: p.import_path.clone(),
                version: p.version,
                files: Vec::with_capacity(p.files.len()),
                hashes: Vec::with_capacity(p.files.len()),
            })
        })
        .collect();
    for ((i, _), file) in files.iter().zip(parsed.iter_mut()) {
        if let (Some(pkg), Some((f, hash))) = (out[*i].as_mut(), file.take()) {
            pkg.files.push(f);
            pkg.hashes.push(hash);
        }
    }
    out
}

/// What the cache compares for one package: its directory, version, and each file's
/// displayed path and content hash.
fn package_key<'a>(
    dir: &'a Path,
    version: GoVersion,
    files: impl Iterator<Item = (&'a str, u128)>,
) -> crate::cache::PackageKey<'a> {
    let files: Vec<(&'a str, u128)> = files.collect();
    let names =
        files.iter().map(|&(path, _)| Path::new(path).file_name().and_then(|n| n.to_str()).unwrap_or(path)).collect();
    crate::cache::PackageKey { dir, go_version: version.to_string(), files, names }
}

/// A file's report. Renderers and fixes read the source of files with findings only; a
/// clean file's text would just double the run's memory.
fn report_from(path: String, diagnostics: Vec<Diagnostic>, source: impl FnOnce() -> Box<str>) -> FileReport {
    let (source, lines) = if diagnostics.is_empty() {
        (Box::default(), LineIndex::new(b""))
    } else {
        let source = source();
        let lines = LineIndex::new(source.as_bytes());
        (source, lines)
    };
    FileReport { path, source, lines, diagnostics }
}

fn check_parsed_package(
    pkg: &ParsedPackage,
    settings: &Settings,
    program: &Program,
) -> (Vec<FileReport>, Option<gotraps_semantic::PkgId>) {
    let files = &pkg.files;
    let analysis =
        analyze_target(Some(program), &pkg.dir, pkg.import_path.as_deref(), files, pkg.version, settings.rules);
    let reports = files
        .iter()
        .zip(analysis.diagnostics)
        .map(|(f, mut diags)| {
            let path = Path::new(&f.path);
            let mut suppressions = Suppressions::collect(&f.ast, &f.lines);
            diags.retain(|d| {
                !settings.selection.ignored_for_path(path, d.code, d.name)
                    && !suppressions.suppresses(d.code, d.name, d.span.start)
            });
            for m in suppressions.malformed_directives() {
                diags.push(Diagnostic::new(
                    "S002",
                    "invalid-suppression",
                    NO_TRAPS,
                    Severity::Warning,
                    m.span,
                    m.message.clone(),
                ));
            }
            if settings.report_unused {
                for u in suppressions.unused(&f.ast.src) {
                    let what = if u.rules.is_empty() { String::new() } else { format!(" for {}", u.rules.join(", ")) };
                    diags.push(
                        Diagnostic::new(
                            "S001",
                            "unused-suppression",
                            NO_TRAPS,
                            Severity::Warning,
                            u.span,
                            format!("suppression{what} matches no finding"),
                        )
                        .with_help("remove it, or fix the rule name"),
                    );
                }
            }
            for e in &f.ast.errors {
                diags.push(Diagnostic::new(
                    "E001",
                    "syntax-error",
                    NO_TRAPS,
                    Severity::Error,
                    Span::new(e.span.start, e.span.end),
                    e.message.clone(),
                ));
            }
            diags.sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));
            report_from(f.path.clone(), diags, || f.ast.src.clone())
        })
        .collect();
    (reports, analysis.package)
}

/// Paths as the user should see them: relative to the working directory when below it.
fn display_path(path: &std::path::Path) -> String {
    let p = path.strip_prefix("./").unwrap_or(path);
    p.display().to_string()
}
