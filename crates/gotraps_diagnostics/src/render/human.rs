//! Human output, in the style of rustc and ruff:
//!
//! ```text
//! main.go:13:3: GT013 defer-in-loop: deferred call runs only when run returns
//!    |
//! 12 |     for _, f := range files {
//!    |     --- loop starts here
//! 13 |         defer f.Close()
//!    |         ^^^^^^^^^^^^^^^
//!    |
//!    = help: move the loop body into a function
//! ```
//!
//! Tabs are shown as four spaces; a character is one column wide. A span over several
//! lines is underlined on each line it covers (at most [`MAX_SPAN_LINES`]; longer spans
//! show their first and last line around a `...`).

use super::{lossy_slice, ColorChoice, FileResult};
use crate::{ByteSpan, Diagnostic, Severity};
use std::io::{self, IsTerminal, Write};

/// Longest multi-line span shown in full.
const MAX_SPAN_LINES: u32 = 4;
const TAB: &str = "    ";

struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.on && !text.is_empty() {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn severity(&self, severity: Severity, text: &str) -> String {
        let code = match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        };
        self.paint(code, text)
    }
    fn gutter(&self, text: &str) -> String {
        self.paint("1;34", text)
    }
}

/// Writes every diagnostic of `files`, separated by blank lines. `ColorChoice::Auto`
/// colours when stdout is a terminal (the CLI writes this format to stdout).
pub fn render(out: &mut dyn Write, files: &[FileResult<'_>], color: ColorChoice) -> io::Result<()> {
    let style = Style { on: color.should_color(io::stdout().is_terminal()) };
    let mut first = true;
    for file in files {
        for d in file.diagnostics {
            if !first {
                writeln!(out)?;
            }
            first = false;
            write_diagnostic(out, file, d, &style)?;
        }
    }
    Ok(())
}

/// One underline on one source line, in byte offsets relative to the line's start.
struct Mark<'d> {
    line: u32,
    start: usize,
    end: usize,
    primary: bool,
    /// Only on the last line of an annotation.
    message: Option<&'d str>,
}

fn write_diagnostic(out: &mut dyn Write, file: &FileResult<'_>, d: &Diagnostic, style: &Style) -> io::Result<()> {
    let (line, col) = file.lines.line_col(d.span.start.min(file.source.len() as u32));
    writeln!(
        out,
        "{} {} {}: {}",
        style.paint("1", &format!("{}:{line}:{col}:", file.path)),
        style.severity(d.severity, d.code),
        style.paint("1", d.name),
        d.message
    )?;

    let mut marks = Vec::new();
    push_marks(file, d.span, true, None, &mut marks);
    for label in &d.labels {
        push_marks(file, label.span, false, Some(&label.message), &mut marks);
    }
    let mut shown: Vec<u32> = marks.iter().map(|m| m.line).collect();
    shown.sort_unstable();
    shown.dedup();
    let width = shown.last().map_or(1, |&l| digits(l));
    let pad = " ".repeat(width);
    let bar = style.gutter("|");
    // Binary data (a NUL byte: never in Go text) would fill the terminal with noise.
    if shown.iter().any(|&l| line_text(file, l).contains('\0')) {
        if let Some(help) = &d.help {
            writeln!(out, "{pad} {} {}: {help}", style.gutter("="), style.paint("1", "help"))?;
        }
        return Ok(());
    }

    writeln!(out, "{pad} {bar}")?;
    let mut prev: Option<u32> = None;
    for &line in &shown {
        match prev {
            Some(p) if line == p + 2 => {
                write_source_line(out, file, p + 1, width, style)?;
            }
            Some(p) if line > p + 2 => writeln!(out, "{}", style.gutter("..."))?,
            _ => {}
        }
        prev = Some(line);
        let text = write_source_line(out, file, line, width, style)?;
        for m in marks.iter().filter(|m| m.line == line) {
            let lead = display_width(lossy_slice(text, 0, m.start));
            let len = display_width(lossy_slice(text, m.start, m.end)).max(1);
            let paint = |t: &str| if m.primary { style.severity(d.severity, t) } else { style.gutter(t) };
            let ch = if m.primary { "^" } else { "-" };
            let mut row = format!("{pad} {bar} {}{}", " ".repeat(lead), paint(&ch.repeat(len)));
            if let Some(msg) = m.message {
                row.push(' ');
                row.push_str(&paint(msg));
            }
            writeln!(out, "{}", row.trim_end())?;
        }
    }
    if let Some(help) = &d.help {
        writeln!(out, "{pad} {bar}")?;
        writeln!(out, "{pad} {} {}: {help}", style.gutter("="), style.paint("1", "help"))?;
    }
    Ok(())
}

/// Writes `N | text` and returns the line's text (without its line break).
fn write_source_line<'s>(
    out: &mut dyn Write,
    file: &FileResult<'s>,
    line: u32,
    width: usize,
    style: &Style,
) -> io::Result<&'s str> {
    let text = line_text(file, line);
    let shown = text.replace('\t', TAB);
    let row = format!("{} {} {shown}", style.gutter(&format!("{line:>width$}")), style.gutter("|"));
    writeln!(out, "{}", row.trim_end())?;
    Ok(text)
}

fn line_text<'s>(file: &FileResult<'s>, line: u32) -> &'s str {
    match file.lines.line_span(line) {
        Some(span) => lossy_slice(file.source, span.start as usize, span.end as usize).trim_end_matches('\r'),
        None => "",
    }
}

/// Splits `span` into one mark per covered line.
fn push_marks<'d>(
    file: &FileResult<'_>,
    span: ByteSpan,
    primary: bool,
    message: Option<&'d str>,
    marks: &mut Vec<Mark<'d>>,
) {
    let len = file.source.len() as u32;
    let end = span.end.min(len);
    let start = span.start.min(end);
    let (first, start_col) = file.lines.line_col(start);
    let (mut last, mut end_col) = file.lines.line_col(end);
    // A span ending just after a line break ends, for the reader, on the line before.
    if last > first && end_col == 1 {
        last -= 1;
        end_col = line_text(file, last).len() as u32 + 1;
    }
    let start_col = start_col as usize - 1;
    let end_col = end_col as usize - 1;
    if first == last {
        marks.push(Mark { line: first, start: start_col, end: end_col, primary, message });
        return;
    }
    let elide = last - first + 1 > MAX_SPAN_LINES;
    for line in first..=last {
        if elide && line != first && line != last {
            continue;
        }
        let text = line_text(file, line);
        let indent = text.len() - text.trim_start().len();
        let (s, e) = if line == first {
            (start_col, text.len())
        } else if line == last {
            (indent, end_col)
        } else {
            (indent, text.len())
        };
        if s >= e && line != last {
            continue;
        }
        let message = if line == last { message } else { None };
        marks.push(Mark { line, start: s, end: e, primary, message });
    }
}

fn display_width(s: &str) -> usize {
    s.chars().map(|c| if c == '\t' { TAB.len() } else { 1 }).sum()
}

fn digits(mut n: u32) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}
