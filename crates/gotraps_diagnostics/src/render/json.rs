//! `--format json`: one object, documented field by field in docs/output.md.
//! Version 1; fields are only ever added, never renamed or removed, within a version.

use super::{ColumnUnit, Counts, FileResult, Region, RunInfo};
use crate::{ByteSpan, Diagnostic};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary<'a>,
}

#[derive(Serialize)]
struct Position {
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    /// Byte offsets into the file, for tools that apply edits.
    offset: u32,
    end_offset: u32,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'a str,
    path: &'a str,
    #[serde(flatten)]
    position: Position,
    message: &'a str,
    traps: &'a [&'a str],
    labels: Vec<JsonLabel<'a>>,
    help: Option<&'a str>,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    #[serde(flatten)]
    position: Position,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    message: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    #[serde(flatten)]
    position: Position,
    replacement: &'a str,
}

#[derive(Serialize)]
struct Summary<'a> {
    total: usize,
    by_severity: BySeverity,
    by_rule: BTreeMap<&'a str, usize>,
    files_checked: usize,
    files_with_findings: usize,
    files_with_syntax_errors: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    duration_ms: Option<u64>,
}

#[derive(Serialize)]
struct BySeverity {
    error: usize,
    warning: usize,
    info: usize,
}

fn position(file: &FileResult<'_>, span: ByteSpan) -> Position {
    let Region { line, column, end_line, end_column } = file.region(span, ColumnUnit::Bytes);
    let len = file.source.len() as u32;
    Position { line, column, end_line, end_column, offset: span.start.min(len), end_offset: span.end.min(len) }
}

fn diagnostic<'a>(file: &FileResult<'a>, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    JsonDiagnostic {
        code: d.code,
        name: d.name,
        severity: d.severity.as_str(),
        path: file.path,
        position: position(file, d.span),
        message: &d.message,
        traps: d.traps,
        labels: d.labels.iter().map(|l| JsonLabel { position: position(file, l.span), message: &l.message }).collect(),
        help: d.help.as_deref(),
        fix: d.fix.as_ref().map(|f| JsonFix {
            message: &f.message,
            edits: f
                .edits
                .iter()
                .map(|e| JsonEdit { position: position(file, e.span), replacement: &e.replacement })
                .collect(),
        }),
    }
}

/// Writes the JSON document (pretty-printed, ending with a newline).
pub fn render(out: &mut dyn Write, files: &[FileResult<'_>], run: &RunInfo) -> io::Result<()> {
    let counts = Counts::of(files);
    let mut by_rule = BTreeMap::new();
    let mut diagnostics = Vec::new();
    for file in files {
        for d in file.diagnostics {
            *by_rule.entry(d.code).or_insert(0) += 1;
            diagnostics.push(diagnostic(file, d));
        }
    }
    let doc = Output {
        version: JSON_VERSION,
        diagnostics,
        summary: Summary {
            total: counts.total(),
            by_severity: BySeverity { error: counts.errors, warning: counts.warnings, info: counts.infos },
            by_rule,
            files_checked: run.files_checked,
            files_with_findings: counts.files_with_findings,
            files_with_syntax_errors: run.files_with_syntax_errors,
            duration_ms: run.duration.map(|d| d.as_millis() as u64),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
