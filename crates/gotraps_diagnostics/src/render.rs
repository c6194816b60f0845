//! Renderers, one file per format. All take the same input: the checked files in output
//! order, each with its display path, source text, line index and sorted diagnostics.
//!
//! Positions: every format reports 1-based lines. Human, JSON and GitHub columns count
//! bytes of UTF-8 (as go/token does), SARIF columns count UTF-16 code units (its default
//! `columnKind`). End positions are exclusive: `end_column` is the column just after the
//! last character of the span.

pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
pub mod summary;

use crate::{ByteSpan, Diagnostic, Severity};
use gotraps_syntax::LineIndex;
use std::time::Duration;

/// The findings of one checked file, borrowed from the caller.
#[derive(Clone, Copy, Debug)]
pub struct FileResult<'a> {
    /// Path as the user should see it (relative to the working directory when possible).
    pub path: &'a str,
    /// The file's text, for excerpts and column conversions.
    pub source: &'a str,
    /// Line index of `source`.
    pub lines: &'a LineIndex,
    /// Sorted by position, then code.
    pub diagnostics: &'a [Diagnostic],
}

/// Facts about the whole run that the summaries report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunInfo {
    /// Every file that was analyzed, including those without findings.
    pub files_checked: usize,
    /// Files that did not parse cleanly.
    pub files_with_syntax_errors: usize,
    /// Wall time; `None` keeps the output byte-stable (tests, caching).
    pub duration: Option<Duration>,
    /// Files whose findings came from the result cache, unchanged since an earlier run.
    pub files_from_cache: usize,
}

/// `--color`: whether the human renderer emits ANSI colours.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and `NO_COLOR` is unset.
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Decides for an output stream; `is_terminal` comes from `std::io::IsTerminal`.
    pub fn should_color(self, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && no_color_unset(),
        }
    }
}

/// <https://no-color.org>: any non-empty `NO_COLOR` turns automatic colour off.
fn no_color_unset() -> bool {
    match std::env::var_os("NO_COLOR") {
        Some(v) => v.is_empty(),
        None => true,
    }
}

/// Counts per severity, in one pass over all files.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub files_with_findings: usize,
}

impl Counts {
    pub fn of(files: &[FileResult<'_>]) -> Counts {
        let mut c = Counts::default();
        for f in files {
            if !f.diagnostics.is_empty() {
                c.files_with_findings += 1;
            }
            for d in f.diagnostics {
                match d.severity {
                    Severity::Error => c.errors += 1,
                    Severity::Warning => c.warnings += 1,
                    Severity::Info => c.infos += 1,
                }
            }
        }
        c
    }

    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

/// A resolved span: 1-based start and exclusive end, in the column unit of the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Region {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

/// How columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ColumnUnit {
    Bytes,
    Utf16,
}

impl<'a> FileResult<'a> {
    /// The span clamped into the source, with its start never after its end.
    fn clamp(&self, span: ByteSpan) -> ByteSpan {
        let len = self.source.len() as u32;
        let end = span.end.min(len);
        ByteSpan::new(span.start.min(end), end)
    }

    pub(crate) fn region(&self, span: ByteSpan, unit: ColumnUnit) -> Region {
        let span = self.clamp(span);
        let (line, column) = self.position(span.start, unit);
        let (end_line, end_column) = self.position(span.end, unit);
        Region { line, column, end_line, end_column }
    }

    fn position(&self, offset: u32, unit: ColumnUnit) -> (u32, u32) {
        let (line, byte_col) = self.lines.line_col(offset);
        match unit {
            ColumnUnit::Bytes => (line, byte_col),
            ColumnUnit::Utf16 => {
                let start = offset - (byte_col - 1);
                let prefix = lossy_slice(self.source, start as usize, offset as usize);
                let units: usize = prefix.chars().map(char::len_utf16).sum();
                (line, units as u32 + 1)
            }
        }
    }
}

/// `src[start..end]`, widened to char boundaries so a span that cuts a character never panics.
pub(crate) fn lossy_slice(src: &str, mut start: usize, mut end: usize) -> &str {
    end = end.min(src.len());
    start = start.min(end);
    while !src.is_char_boundary(start) {
        start -= 1;
    }
    while !src.is_char_boundary(end) {
        end += 1;
    }
    &src[start..end]
}

pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
