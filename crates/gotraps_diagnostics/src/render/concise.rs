//! `--format concise`: one line per finding, as staticcheck, go vet and ruff print them,
//! for grep, editors' quickfix lists and terminals:
//! `path:line:column: CODE name: message`
//!
//! Lines and columns are 1-based and count bytes, as go/token does. Labels, help and
//! fixes are left out; a line break inside a message becomes a space.

use super::{ColumnUnit, FileResult};
use std::io::{self, Write};

pub fn render(out: &mut dyn Write, files: &[FileResult<'_>]) -> io::Result<()> {
    for file in files {
        for d in file.diagnostics {
            let r = file.region(d.span, ColumnUnit::Bytes);
            let message: String = d.message.chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }).collect();
            writeln!(out, "{}:{}:{}: {} {}: {}", file.path, r.line, r.column, d.code, d.name, message)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ByteSpan, Diagnostic, Severity};
    use gotraps_syntax::LineIndex;

    #[test]
    fn one_line_per_finding_with_byte_columns() {
        let src = "package p\n\nfunc f() {\n\tdefer x() // é\n}\n";
        let lines = LineIndex::new(src.as_bytes());
        let at = src.find("defer").unwrap() as u32;
        let diags = vec![
            Diagnostic::new("GT013", "defer-in-loop", &["T13"], Severity::Warning, ByteSpan::new(at, at + 5), "a\nb"),
            Diagnostic::new("E001", "syntax-error", &[], Severity::Error, ByteSpan::new(0, 0), "expected `;`"),
        ];
        let file = FileResult { path: "dir/p.go", source: src, lines: &lines, diagnostics: &diags };
        let mut out = Vec::new();
        render(&mut out, &[file]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "dir/p.go:4:2: GT013 defer-in-loop: a b\ndir/p.go:1:1: E001 syntax-error: expected `;`\n"
        );
    }
}
