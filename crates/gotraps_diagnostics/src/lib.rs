//! One diagnostic model and its renderers: human (source excerpts), JSON, SARIF 2.1.0 and GitHub Actions annotations.
//!
//! Rules produce [`Diagnostic`]s with byte spans; renderers turn them into text using the
//! file's source (for line/column and excerpts). Output order is decided by the caller
//! (sorted by path, then offset) so every format is byte-stable across runs.

use std::fmt;

/// How serious a finding is. Ordered: `Error > Warning > Info`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

pub use gotraps_syntax::Span as ByteSpan;

/// A secondary location with a short note ("mutex locked here", "goroutine started here").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: ByteSpan,
    pub message: String,
}

/// A text edit: replace `span` with `replacement`. Edits of one fix never overlap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: ByteSpan,
    pub replacement: String,
}

/// A mechanical fix the user can apply with `--fix`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub message: String,
    pub edits: Vec<Edit>,
}

/// One finding in one file.
///
/// `code` is the stable rule code (`GT0xx`, or `E0001` for syntax errors), `name` its
/// kebab-case name, `traps` the catalog IDs (`T11`, ...) it stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub traps: &'static [&'static str],
    pub severity: Severity,
    pub span: ByteSpan,
    pub message: String,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(
        code: &'static str,
        name: &'static str,
        traps: &'static [&'static str],
        severity: Severity,
        span: ByteSpan,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            name,
            traps,
            severity,
            span,
            message: message.into(),
            labels: Vec::new(),
            help: None,
            fix: None,
        }
    }

    pub fn with_label(mut self, span: ByteSpan, message: impl Into<String>) -> Self {
        self.labels.push(Label { span, message: message.into() });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}

/// What renderers need to know about a rule (SARIF's `rules` array, `--format json` docs).
/// Filled by the rules crate from its registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    /// One line.
    pub summary: &'static str,
    /// Markdown documentation.
    pub doc: &'static str,
    pub severity: Severity,
    pub traps: &'static [&'static str],
}

impl Diagnostic {
    /// Adds a secondary label in place (for use on `&mut Diagnostic`).
    pub fn with_label_mut(&mut self, start: u32, end: u32, message: impl Into<String>) -> &mut Self {
        self.labels.push(Label { span: ByteSpan::new(start, end), message: message.into() });
        self
    }
}

pub mod render;

pub use render::{ColorChoice, FileResult, RunInfo};
