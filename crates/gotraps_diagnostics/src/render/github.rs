//! `--format github`: GitHub Actions workflow commands, one per finding, which the runner
//! turns into annotations on the pull request:
//! `::error file=a.go,line=3,col=2,endLine=3,endColumn=9,title=GT013 defer-in-loop::message`
//!
//! Columns count bytes, like the human format. Info findings become `notice`.

use super::{ColumnUnit, FileResult};
use crate::Severity;
use std::io::{self, Write};

pub fn render(out: &mut dyn Write, files: &[FileResult<'_>]) -> io::Result<()> {
    for file in files {
        for d in file.diagnostics {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let r = file.region(d.span, ColumnUnit::Bytes);
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            writeln!(
                out,
                "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                escape_property(file.path),
                r.line,
                r.column,
                r.end_line,
                r.end_column,
                escape_property(&format!("{} {}", d.code, d.name)),
                escape_data(&message)
            )?;
        }
    }
    Ok(())
}

/// Escaping of a command's message (the runner's `escapeData`).
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            _ => out.push(c),
        }
    }
    out
}

/// Escaping of a property value (the runner's `escapeProperty`): also `:` and `,`, which
/// delimit properties.
pub fn escape_property(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            _ => out.push(c),
        }
    }
    out
}
