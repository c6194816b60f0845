//! Rendering a check run with the renderers of gotraps_diagnostics.

use crate::check::{CheckArgs, ColorChoice, OutputFormat};
use gotraps_cli::driver::CheckResult;
use gotraps_diagnostics::render::{concise, github, human, json, sarif, summary};
use gotraps_diagnostics::{FileResult, RunInfo};
use std::io::{IsTerminal, Write};
use std::time::Duration;

/// Writes the findings to stdout. `summary`: whether the human format ends with the
/// summary line. A reader that closes the pipe early (`| head`) ends the output quietly.
pub fn render(result: &CheckResult, args: &CheckArgs, with_summary: bool, elapsed: Duration) {
    let reports = &result.files;
    let files: Vec<FileResult> = reports
        .iter()
        .map(|r| FileResult { path: &r.path, source: &r.source, lines: &r.lines, diagnostics: &r.diagnostics })
        .collect();
    let files_checked = reports.len();
    let files_with_syntax_errors = reports.iter().filter(|r| r.diagnostics.iter().any(|d| d.code == "E001")).count();
    let stdout = std::io::stdout();
    let is_tty = stdout.is_terminal();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // Machine formats stay byte-identical whether or not the cache answered.
    let stable = RunInfo { files_checked, files_with_syntax_errors, duration: None, files_from_cache: 0 };
    let result = match args.format {
        OutputFormat::Human => {
            let color = match args.color {
                ColorChoice::Auto => gotraps_diagnostics::ColorChoice::Auto,
                ColorChoice::Always => gotraps_diagnostics::ColorChoice::Always,
                ColorChoice::Never => gotraps_diagnostics::ColorChoice::Never,
            };
            let color = if is_tty || !matches!(color, gotraps_diagnostics::ColorChoice::Auto) {
                color
            } else {
                gotraps_diagnostics::ColorChoice::Never
            };
            human::render(&mut out, &files, color).and_then(|_| {
                if !with_summary {
                    return Ok(());
                }
                let run = RunInfo { duration: Some(elapsed), files_from_cache: result.files_from_cache, ..stable };
                writeln!(out, "{}", summary::summary_line(&files, &run))
            })
        }
        OutputFormat::Concise => concise::render(&mut out, &files),
        OutputFormat::Json => json::render(&mut out, &files, &stable),
        OutputFormat::Sarif => {
            let metas: Vec<_> =
                gotraps_rules::RULES.iter().chain(gotraps_rules::DRIVER_RULES).map(|r| r.meta()).collect();
            let cwd = std::env::current_dir().ok();
            sarif::render(&mut out, &files, &metas, cwd.as_deref())
        }
        OutputFormat::Github => github::render(&mut out, &files),
    };
    if let Err(e) = result.and_then(|_| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: writing output: {e}");
        }
    }
}
