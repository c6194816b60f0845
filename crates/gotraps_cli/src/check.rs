//! `gotraps check`: flags in, the driver's result rendered out.

use clap::{Args, ValueEnum};
use gotraps_cli::driver::{self, CheckOptions, CheckResult};
use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Instant;

pub use gotraps_cli::driver::FileReport;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Human,
    /// One line per finding: `path:line:col: CODE name: message`.
    Concise,
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

/// `gotraps check`'s flags.
#[derive(Args, Debug)]
pub struct CheckCommand {
    #[command(flatten)]
    pub args: CheckArgs,
    /// Also check files with Go's generated-code header (`// Code generated ... DO NOT
    /// EDIT.`), skipped by default.
    #[arg(long)]
    pub include_generated: bool,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files, directories (analyzed recursively), `./...` patterns or import paths of the
    /// current module. Default: `./...`.
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

impl CheckArgs {
    /// The driver's options for these flags.
    pub fn options(&self) -> CheckOptions {
        CheckOptions {
            targets: self.paths.clone(),
            select: self.select.clone(),
            extend_select: self.extend_select.clone(),
            ignore: self.ignore.clone(),
            tests: self.tests,
            include_generated: false,
            goos: self.goos.clone(),
            goarch: self.goarch.clone(),
            tags: self.tags.clone(),
            go_version: self.go_version.clone(),
            report_unused_suppressions: self.report_unused_suppressions,
            fix: self.fix,
            cache_dir: if self.no_cache { None } else { gotraps_cli::cache::default_dir() },
            overlay: Default::default(),
            progress: None,
            exit_after: true,
            line_facts: false,
            opt_in_by_default: false,
        }
    }
}

/// A finished `check`, as `gotraps goroutines --source` reads it.
#[allow(dead_code)] // the load errors and cache count are the driver's; goroutines reads the reports
pub struct Analysis {
    pub load_errors: Vec<gotraps_workspace::LoadError>,
    pub reports: Vec<FileReport>,
    /// Files whose findings came from the cache.
    pub files_from_cache: usize,
}

/// Runs `check` as `args` say (fixes included) without printing findings; `Err` is a
/// usage error to report with exit code 2. `gotraps goroutines --source` uses it too, so
/// a dump's suspects are tied to exactly the findings `check` prints.
pub fn analyze(args: &CheckArgs) -> Result<Analysis, String> {
    let mut options = args.options();
    options.exit_after = false;
    let r = driver::check(&options).map_err(|e| e.0)?;
    Ok(Analysis { load_errors: r.errors, reports: r.files, files_from_cache: r.files_from_cache })
}

pub fn run(cmd: CheckCommand) -> ExitCode {
    let started = Instant::now();
    let args = &cmd.args;
    let mut options = args.options();
    options.include_generated = cmd.include_generated;
    let progress =
        (args.format == OutputFormat::Human && std::io::stderr().is_terminal()).then(crate::progress::Progress::new);
    options.progress = progress.as_ref().map(|p| p.callback());
    let result = driver::check(&options);
    drop(progress);
    let result: CheckResult = match result {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    for e in &result.errors {
        eprintln!("error: {}: {}", e.path.display(), e.message);
    }
    for w in &result.warnings {
        eprintln!("warning: {}: {}", w.path.display(), w.message);
    }
    if result.fixed > 0 {
        eprintln!("Fixed {} finding{}.", result.fixed, if result.fixed == 1 { "" } else { "s" });
    }
    // A run that checked nothing because its targets are missing or empty says so on
    // stderr; a summary of zero files would read as a clean result.
    let explained = result.files.is_empty() && !(result.errors.is_empty() && result.warnings.is_empty());
    crate::output::render(&result, args, !explained, started.elapsed());
    if !result.errors.is_empty() {
        ExitCode::from(2)
    } else if result.findings() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
