//! The one-line summary printed after human output:
//! `Found 3 problems (1 error, 2 warnings) in 2 of 140 files.` or `No problems in 140 files.`

use super::{plural, Counts, FileResult, RunInfo};

/// The summary line, without a trailing newline. Severities are listed most severe first
/// and only when present.
pub fn summary_line(files: &[FileResult<'_>], run: &RunInfo) -> String {
    let c = Counts::of(files);
    let checked = plural(run.files_checked, "file", "files");
    let mut line = if c.total() == 0 {
        format!("No problems in {checked}.")
    } else {
        let mut parts = Vec::new();
        if c.errors > 0 {
            parts.push(plural(c.errors, "error", "errors"));
        }
        if c.warnings > 0 {
            parts.push(plural(c.warnings, "warning", "warnings"));
        }
        if c.infos > 0 {
            parts.push(plural(c.infos, "info", "infos"));
        }
        format!(
            "Found {} ({}) in {} of {checked}.",
            plural(c.total(), "problem", "problems"),
            parts.join(", "),
            c.files_with_findings
        )
    };
    if run.files_with_syntax_errors > 0 {
        line.push_str(&format!(
            " {} could not be parsed completely.",
            plural(run.files_with_syntax_errors, "file", "files")
        ));
    }
    if run.files_from_cache > 0 {
        line.push_str(&format!(" {} unchanged, from the cache.", plural(run.files_from_cache, "file", "files")));
    }
    line
}
