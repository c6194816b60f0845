//! The check driver: what `gotraps check` does between parsing flags and rendering, as a
//! library call. [`CheckOptions`] go in; a [`CheckResult`] comes out with every finding
//! the user sees: rule findings after suppressions and per-path ignores, syntax errors
//! (E001), suppression problems (S001, S002), with packages answered from the cache when
//! nothing they depend on changed. The command line and a language server call the same
//! [`check`].

use gotraps_diagnostics::Diagnostic;
use gotraps_rules::suppression::Suppressions;
use gotraps_rules::{analyze_target, Rule, SourceFile, RULES};
use gotraps_semantic::{Program, ProgramOptions};
use gotraps_syntax::{parse_file, LineIndex, Span};
use gotraps_workspace::config::{CliSelection, Config, RuleSelection};
use gotraps_workspace::{load_with, overlay_text, BuildContext, GoVersion, LoadError, LoadOptions, Overlay, Package};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Called as packages finish: (packages done, packages to analyse). Runs on worker
/// threads.
pub type ProgressFn = Arc<dyn Fn(usize, usize) + Send + Sync>;

/// What to check and how. `Default` is `gotraps check ./...` with no cache.
#[derive(Clone, Default)]
pub struct CheckOptions {
    /// Files, directories (recursive), `dir/...` patterns or import paths of the current
    /// module. Empty means `./...`.
    pub targets: Vec<String>,
    /// Rule keys (codes or names, `ALL`) as `--select`, `--extend-select`, `--ignore`.
    pub select: Vec<String>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    /// Include `_test.go` files (the config's `tests` otherwise).
    pub tests: bool,
    /// Include files with Go's generated-code header (the config's `include-generated`
    /// otherwise).
    pub include_generated: bool,
    /// Build constraints; `None` is the host (or `$GOOS`/`$GOARCH`).
    pub goos: Option<String>,
    pub goarch: Option<String>,
    pub tags: Vec<String>,
    /// Language version instead of go.mod's `go` line, e.g. `1.21`.
    pub go_version: Option<String>,
    /// Report suppression comments that suppress nothing (S001).
    pub report_unused_suppressions: bool,
    /// Apply mechanical fixes in place, then check again; the result is what remains.
    pub fix: bool,
    /// Where the result cache lives; `None` analyses everything. `--fix` never uses it.
    pub cache_dir: Option<PathBuf>,
    /// File contents that replace the disk's (unsaved editor buffers), by path. They
    /// count for the files of the checked packages; packages the overlay touches are
    /// always analysed afresh and never written to the cache.
    pub overlay: Overlay,
    /// Told as packages finish.
    pub progress: Option<ProgressFn>,
    /// The process exits after this call (the command line): the parse trees and the
    /// model are left to the OS instead of being freed node by node, which would delay
    /// the output by a tenth of the run. A long-lived caller leaves it false.
    pub exit_after: bool,
    /// Also record, per file, what the concurrency analysis knows at each line (locks
    /// held, a channel operation's partners), for `gotraps goroutines --source`. The
    /// cache is not used: it keeps findings only.
    pub line_facts: bool,
    /// Treat every rule as on by default, opt-in ones included; the configuration and
    /// the selection options then apply as usual (`select` narrows, `ignore` removes).
    pub opt_in_by_default: bool,
}

/// What the model says about one line, for tying a goroutine dump back to source.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceLine {
    /// 1-based.
    pub line: u32,
    /// Lock expressions held on every path reaching the line (`s.mu`).
    pub held: Vec<String>,
    /// For a channel operation, the operations that could complete it: (path as
    /// displayed, 1-based line, source text).
    pub partners: Vec<(String, u32, String)>,
}

/// Everything found in one file, ready for rendering.
pub struct FileReport {
    pub path: String,
    /// The file's text when it has findings (empty otherwise: clean files' text is not kept).
    pub source: Box<str>,
    pub lines: LineIndex,
    /// Sorted by position, then code.
    pub diagnostics: Vec<Diagnostic>,
    /// With [`CheckOptions::line_facts`], for a file the model analysed: its lines with
    /// facts, sorted by line (lines not listed hold no lock). `None` otherwise.
    pub line_facts: Option<Vec<SourceLine>>,
}

/// A finished check.
pub struct CheckResult {
    /// Every checked file, sorted by path.
    pub files: Vec<FileReport>,
    /// Targets or files that could not be read: the run is incomplete (exit code 2).
    pub errors: Vec<LoadError>,
    /// Targets with nothing to check, fixes not applied, and the like.
    pub warnings: Vec<LoadError>,
    /// Files whose findings came from the cache.
    pub files_from_cache: usize,
    /// Fixes written by `fix`.
    pub fixed: usize,
}

impl CheckResult {
    pub fn findings(&self) -> usize {
        self.files.iter().map(|f| f.diagnostics.len()).sum()
    }
}

/// A problem with the options or configuration: nothing was checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Syntax errors shown per file at most, as go/parser stops after 10.
pub const MAX_SYNTAX_ERRORS: usize = 10;

/// Runs a check as `opts` say.
pub fn check(opts: &CheckOptions) -> Result<CheckResult, UsageError> {
    let mut ctx = BuildContext::host();
    if let Some(os) = &opts.goos {
        ctx.goos = os.clone();
    }
    if let Some(arch) = &opts.goarch {
        ctx.goarch = arch.clone();
    }
    if opts.goos.is_some() || opts.goarch.is_some() {
        ctx.check_port().map_err(|e| UsageError(format!("{e} (`go tool dist list` prints the ports)")))?;
    }
    ctx.tags = opts.tags.clone();
    ctx.include_tests = opts.tests;
    let go_override = match &opts.go_version {
        Some(v) => match GoVersion::parse(v) {
            Some(v) => Some(v),
            None => return Err(UsageError(format!("--go {v}: not a Go version; use e.g. --go 1.22"))),
        },
        None => None,
    };
    if opts.fix && !opts.overlay.is_empty() {
        return Err(UsageError("fixes are written to disk: they cannot apply to overlaid files".into()));
    }
    let targets = if opts.targets.is_empty() { vec!["./...".to_string()] } else { opts.targets.clone() };
    let config = discover_config(&targets)?;
    let cli = CliSelection {
        select: opts.select.clone(),
        extend_select: opts.extend_select.clone(),
        ignore: opts.ignore.clone(),
    };
    let selection = RuleSelection::resolve(config.as_ref().map(|(p, c)| (p.as_path(), c)), &cli, &|k| {
        gotraps_rules::find(k).is_some() || gotraps_rules::retired(k).is_some()
    })
    .map_err(|e| UsageError(e.to_string()))?;
    let rules: Vec<&'static Rule> = RULES
        .iter()
        .copied()
        .filter(|r| selection.enabled(r.code, r.name, r.default_on || opts.opt_in_by_default))
        .collect();
    if let Some((_, c)) = &config {
        if !opts.tests {
            ctx.include_tests = c.tests.unwrap_or(false);
        }
    }
    let include_generated =
        opts.include_generated || config.as_ref().and_then(|(_, c)| c.include_generated).unwrap_or(false);
    let go_override = go_override.or_else(|| config.as_ref().and_then(|(_, c)| c.go_version()));
    // Overlay keys are compared with the loader's paths made absolute.
    let overlay: Overlay = opts
        .overlay
        .iter()
        .map(|(p, text)| (std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()), text.clone()))
        .collect();
    let settings = Settings {
        rules: &rules,
        program_options: ProgramOptions { build: ctx.clone(), force_summary: false },
        leak_at_end: opts.exit_after && !opts.fix,
        go_override,
        selection: &selection,
        report_unused: opts.report_unused_suppressions,
        overlay: (!overlay.is_empty()).then_some(&overlay),
        progress: opts.progress.clone(),
        line_facts: opts.line_facts,
    };
    // The cache is found and read while the packages are loaded: its key needs GOROOT,
    // which may mean running `go env GOROOT`.
    let cache_dir = if opts.fix || opts.line_facts { None } else { opts.cache_dir.clone() };
    let cache = cache_dir.map(|dir| {
        let mut f = crate::cache::Fingerprint::new();
        f.part("targets", targets.join("\0"))
            .part("rules", rules.iter().map(|r| r.code).collect::<Vec<_>>().join(","))
            // GOOS, GOARCH, CGO_ENABLED, tags, tests: every field decides which files count.
            .part("build", format!("{ctx:?}"))
            .part("generated", [include_generated as u8])
            .part("go", go_override.map(|v| v.to_string()).unwrap_or_default())
            .part("report-unused", [opts.report_unused_suppressions as u8]);
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
    let load_options = LoadOptions { include_generated, overlay: settings.overlay };
    let run_once = |cache: Option<std::thread::JoinHandle<crate::cache::Cache>>| {
        let mut loaded = load_with(&targets, &ctx, load_options);
        for p in &mut loaded.packages {
            p.files.retain(|f| !selection.is_excluded(f));
        }
        let (reports, cached, mut read_errors) = check_packages(&loaded.packages, &settings, cache);
        loaded.errors.append(&mut read_errors);
        (loaded.errors, loaded.warnings, reports, cached)
    };
    let (mut errors, mut warnings, mut files, files_from_cache) = run_once(cache);
    let mut fixed = 0;
    if opts.fix {
        // Fixes change offsets: after applying, check again so positions are exact. Fixes
        // never overlap within a round; a second round picks up what was skipped.
        for _ in 0..3 {
            let (n, mut problems) = crate::fix::apply_in_place(&files);
            warnings.append(&mut problems);
            if n == 0 {
                break;
            }
            fixed += n;
            let (e, w, f, _) = run_once(None);
            (errors, files) = (e, f);
            warnings.extend(w);
        }
        warnings.sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
        warnings.dedup();
    }
    Ok(CheckResult { files, errors, warnings, files_from_cache, fixed })
}

/// What every package's check needs to know about the run.
struct Settings<'a> {
    rules: &'a [&'static Rule],
    /// Each pass over the packages builds one type universe from these, shared by every
    /// package's model (a `--fix` round must not see the previous round's files).
    program_options: ProgramOptions,
    /// The process ends after this run: the trees and model need not be freed.
    leak_at_end: bool,
    go_override: Option<GoVersion>,
    selection: &'a RuleSelection,
    report_unused: bool,
    /// Canonical paths; `None` when empty.
    overlay: Option<&'a Overlay>,
    progress: Option<ProgressFn>,
    line_facts: bool,
}

/// The nearest `gotraps.toml` at or above the first target.
fn discover_config(targets: &[String]) -> Result<Option<(PathBuf, Config)>, UsageError> {
    let first = targets.first().map(|t| t.trim_end_matches("/...").trim_end_matches("...")).unwrap_or(".");
    let first = if first.is_empty() { "." } else { first };
    let path = Path::new(first);
    // An import-path target is not a path: the module around the working directory is
    // where its configuration lives.
    let path = if path.exists() { path } else { Path::new(".") };
    let start = if path.is_file() { path.parent().unwrap_or(Path::new(".")) } else { path };
    let start = if start.as_os_str().is_empty() { Path::new(".") } else { start };
    let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    Config::discover(&start).map_err(|e| UsageError(e.to_string()))
}

/// Reads, parses and checks the target packages; packages the cache vouches for are
/// neither parsed nor checked. Returns the reports, sorted by path, how many files'
/// reports came from the cache, and the files that could not be read.
fn check_packages(
    packages: &[Package],
    settings: &Settings,
    cache: Option<std::thread::JoinHandle<crate::cache::Cache>>,
) -> (Vec<FileReport>, usize, Vec<LoadError>) {
    // Without a cache nothing compares hashes: the files are read once, by the parser.
    let hash = cache.is_some();
    let mut read: Vec<ReadPackage> = packages.par_iter().map(|pkg| read_package(pkg, settings, hash)).collect();
    let mut errors: Vec<LoadError> = read.iter_mut().flat_map(|p| std::mem::take(&mut p.errors)).collect();
    let keys: Vec<crate::cache::PackageKey> = read
        .iter()
        .map(|p| package_key(&p.dir, p.version, p.files.iter().map(|f| (f.path.as_str(), f.hash))))
        .collect();
    let program = Program::new(settings.program_options.clone());
    let cache = cache.and_then(|job| job.join().ok());
    let hits: Vec<Option<Vec<Vec<Diagnostic>>>> = match &cache {
        Some(cache) => {
            let mut hits = cache.lookup(&keys, &program, settings.overlay);
            for (hit, p) in hits.iter_mut().zip(&read) {
                if p.overlaid {
                    *hit = None;
                }
            }
            hits
        }
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
        let (parsed, mut parse_errors) = parse_packages(&read, &hits, settings.overlay);
        errors.append(&mut parse_errors);
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
        let done = AtomicUsize::new(0);
        let total = order.len();
        let mut checked: Vec<(usize, Vec<FileReport>, Option<gotraps_semantic::PkgId>)> = order
            .par_iter()
            .with_max_len(1)
            .filter_map(|&(i, _)| {
                let (files, id) = check_parsed_package(parsed[i].as_ref()?, settings, &program);
                if let Some(progress) = &settings.progress {
                    progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                }
                Some((i, files, id))
            })
            .collect();
        checked.sort_by_key(|c| c.0);
        if let Some(cache) = cache {
            let computed: Vec<crate::cache::Computed> = checked
                .par_iter()
                .filter(|(i, _, _)| !read[*i].overlaid)
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
        // goes on to another pass and a language server keeps running: they free them.
        if settings.leak_at_end {
            std::mem::forget(parsed);
            std::mem::forget(program);
        }
    }
    reports.sort_by(|a, b| a.path.cmp(&b.path));
    (reports, cached_files, errors)
}

/// One package's files, hashed, with what its analysis needs. The bytes are not kept: a
/// package the cache answers for is never parsed, and holding a whole tree's text costs
/// more in page faults than reading a missed package again.
struct ReadPackage {
    dir: PathBuf,
    import_path: Option<String>,
    version: GoVersion,
    files: Vec<ReadFile>,
    /// Some file's text comes from the overlay.
    overlaid: bool,
    errors: Vec<LoadError>,
}

struct ReadFile {
    /// As displayed.
    path: String,
    file: PathBuf,
    hash: u128,
}

fn read_package(pkg: &Package, settings: &Settings, hash: bool) -> ReadPackage {
    let mut files = Vec::with_capacity(pkg.files.len());
    let mut errors = Vec::new();
    let mut overlaid = false;
    let mut buf = Vec::new();
    for path in &pkg.files {
        if let Some(text) = overlay_text(settings.overlay, path) {
            overlaid = true;
            let hash = if hash { crate::cache::hash_bytes(text.as_bytes()) } else { 0 };
            files.push(ReadFile { path: display_path(path), file: path.clone(), hash });
            continue;
        }
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
            Err(e) => errors.push(LoadError { path: path.clone(), message: e.to_string() }),
        }
    }
    ReadPackage {
        dir: std::fs::canonicalize(&pkg.dir).unwrap_or_else(|_| pkg.dir.clone()),
        import_path: pkg.import_path(),
        version: settings.go_override.unwrap_or_else(|| pkg.go_version()),
        files,
        overlaid,
        errors,
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

type ParsedPackages = (Vec<Option<ParsedPackage>>, Vec<LoadError>);

/// Parses the packages the cache did not answer for (`None` for the others). Files, not
/// packages, are spread over the threads: package sizes vary a thousandfold.
fn parse_packages(
    read: &[ReadPackage],
    hits: &[Option<Vec<Vec<Diagnostic>>>],
    overlay: Option<&Overlay>,
) -> ParsedPackages {
    let files: Vec<(usize, &ReadFile)> = read
        .iter()
        .zip(hits)
        .enumerate()
        .filter(|(_, (_, hit))| hit.is_none())
        .flat_map(|(i, (p, _))| p.files.iter().map(move |f| (i, f)))
        .collect();
    let mut parsed: Vec<Result<(SourceFile, u128), LoadError>> = files
        .par_iter()
        .map(|(_, f)| {
            let bytes: std::borrow::Cow<[u8]> = match overlay_text(overlay, &f.file) {
                Some(text) => text.as_bytes().into(),
                None => std::fs::read(&f.file)
                    .map_err(|e| LoadError { path: f.file.clone(), message: e.to_string() })?
                    .into(),
            };
            let ast = parse_file(&bytes);
            let lines = LineIndex::new(ast.src.as_bytes());
            let hash = crate::cache::hash_bytes(&bytes);
            Ok((SourceFile { path: f.path.clone(), ast: ast.into(), lines }, hash))
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
    let mut errors = Vec::new();
    for ((i, _), file) in files.iter().zip(parsed.iter_mut()) {
        let file = std::mem::replace(file, Err(LoadError { path: PathBuf::new(), message: String::new() }));
        match (out[*i].as_mut(), file) {
            (Some(pkg), Ok((f, hash))) => {
                pkg.files.push(f);
                pkg.hashes.push(hash);
            }
            (_, Err(e)) => errors.push(e),
            (None, Ok(_)) => {}
        }
    }
    (out, errors)
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
    FileReport { path, source, lines, diagnostics, line_facts: None }
}

fn check_parsed_package(
    pkg: &ParsedPackage,
    settings: &Settings,
    program: &Program,
) -> (Vec<FileReport>, Option<gotraps_semantic::PkgId>) {
    let files = &pkg.files;
    let analysis =
        analyze_target(Some(program), &pkg.dir, pkg.import_path.as_deref(), files, pkg.version, settings.rules);
    let mut reports: Vec<FileReport> = files
        .iter()
        .zip(analysis.diagnostics)
        .map(|(f, mut diags)| {
            let path = Path::new(&f.path);
            let mut suppressions = Suppressions::collect(&f.ast, &f.lines);
            diags.retain(|d| {
                !settings.selection.ignored_for_path(path, d.code, d.name)
                    && !suppressions.suppresses(d.code, d.name, d.span.start)
            });
            let invalid = &gotraps_rules::driver_rules::INVALID_SUPPRESSION;
            let unknown = suppressions.unknown_rules(&f.ast.src, |k| {
                gotraps_rules::find_any(k).is_some() || gotraps_rules::retired(k).is_some()
            });
            for m in suppressions.malformed_directives().iter().chain(&unknown) {
                diags.push(driver_finding(invalid, m.span, m.message.clone()));
            }
            if settings.report_unused {
                for u in suppressions.unused(&f.ast.src) {
                    let what = if u.rules.is_empty() { String::new() } else { format!(" for {}", u.rules.join(", ")) };
                    let msg = format!("suppression{what} matches no finding");
                    diags.push(
                        driver_finding(&gotraps_rules::driver_rules::UNUSED_SUPPRESSION, u.span, msg)
                            .with_help("remove it, or fix the rule name"),
                    );
                }
            }
            let syntax = syntax_errors(&f.ast);
            if is_binary(&f.ast) {
                // Strings inside an executable can look like Go: nothing but E001 is real.
                diags = syntax;
            } else {
                diags.extend(syntax);
            }
            diags.sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));
            report_from(f.path.clone(), diags, || f.ast.src.clone())
        })
        .collect();
    if settings.line_facts {
        if let Some(model) = analysis.package.and_then(|id| program.check(id)) {
            for r in &mut reports {
                r.line_facts = Some(Vec::new());
            }
            for fact in gotraps_deep::sites::line_facts(&model) {
                let partners =
                    fact.partners.into_iter().map(|(fi, line, text)| (files[fi as usize].path.clone(), line, text));
                reports[fact.file as usize].line_facts.get_or_insert_with(Vec::new).push(SourceLine {
                    line: fact.line,
                    held: fact.held,
                    partners: partners.collect(),
                });
            }
        }
    }
    (reports, analysis.package)
}

fn driver_finding(rule: &'static Rule, span: Span, message: String) -> Diagnostic {
    Diagnostic::new(rule.code, rule.name, rule.traps, rule.severity, span, message)
}

/// A file's E001 findings, as go/parser would list them: the first error of each line, at
/// most [`MAX_SYNTAX_ERRORS`]. A file with a NUL byte is not Go text at all (a binary
/// saved as `.go`): one finding at the first NUL says so.
pub fn syntax_errors(file: &gotraps_syntax::File) -> Vec<Diagnostic> {
    let rule = &gotraps_rules::driver_rules::SYNTAX_ERROR;
    if file.errors.is_empty() {
        return Vec::new();
    }
    if let Some(nul) = file.src.find('\0').filter(|_| is_binary(file)) {
        let at = nul as u32;
        let msg = "illegal character NUL: this is not Go source text (a binary file named `.go`?)";
        return vec![driver_finding(rule, Span::new(at, at + 1), msg.to_string())
            .with_help("remove the file, or rename it so it does not end in `.go`")];
    }
    let lines = LineIndex::new(file.src.as_bytes());
    let mut errors: Vec<&gotraps_syntax::ast::SyntaxError> = file.errors.iter().collect();
    errors.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out: Vec<Diagnostic> = Vec::new();
    let mut last_line = None;
    let mut shown = 0;
    let mut hidden = 0;
    for e in errors {
        let line = lines.line_col(e.span.start).0;
        if last_line == Some(line) {
            continue;
        }
        last_line = Some(line);
        if shown == MAX_SYNTAX_ERRORS {
            hidden += 1;
            continue;
        }
        shown += 1;
        out.push(driver_finding(rule, Span::new(e.span.start, e.span.end), e.message.clone()));
    }
    if hidden > 0 {
        if let Some(last) = out.last_mut() {
            last.help = Some(format!(
                "{hidden} more line{} with syntax errors not shown; fix these first",
                if hidden == 1 { "" } else { "s" }
            ));
        }
    }
    out
}

/// A NUL byte is never part of Go text (go/scanner rejects it anywhere).
fn is_binary(file: &gotraps_syntax::File) -> bool {
    !file.errors.is_empty() && file.src.contains('\0')
}

/// Paths as the user should see them: relative to the working directory when below it.
fn display_path(path: &std::path::Path) -> String {
    let p = path.strip_prefix("./").unwrap_or(path);
    p.display().to_string()
}
