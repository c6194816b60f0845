//! A small Go file with three findings, shared by the renderer tests.
#![allow(dead_code)]

use gotraps_diagnostics::{ByteSpan, Diagnostic, Edit, FileResult, Fix, RuleMeta, Severity};
use gotraps_syntax::LineIndex;

pub const PATH: &str = "cmd/app/main.go";

/// gofmt'ed Go: tab indentation, non-ASCII text on lines 7 and 11, ends with a newline.
pub const SOURCE: &str = "package main\n\nimport \"os\"\n\nfunc run(files []string) {\n\tfor _, name := range files {\n\t\tf, _ := os.Open(name) // «ü»\n\t\tdefer f.Close()\n\t}\n\tgo func() {\n\t\tprintln(\"ünï\", 1)\n\t}()\n}\n";

pub static DEFER_TRAPS: &[&str] = &["T13"];
pub static GO_TRAPS: &[&str] = &["T05", "T06"];

/// Span of the `nth` (0-based) occurrence of `needle`.
pub fn find(needle: &str, nth: usize) -> ByteSpan {
    let start = SOURCE.match_indices(needle).nth(nth).expect("needle in source").0 as u32;
    ByteSpan::new(start, start + needle.len() as u32)
}

pub fn diagnostics() -> Vec<Diagnostic> {
    let defer = Diagnostic::new(
        "GT013",
        "defer-in-loop",
        DEFER_TRAPS,
        Severity::Warning,
        find("defer f.Close()", 0),
        "deferred call runs only when `run` returns, not at the end of each iteration",
    )
    .with_label(find("for", 0), "loop starts here")
    .with_help("move the loop body into a function literal")
    .with_fix(Fix {
        message: "wrap the loop body in a function".into(),
        edits: vec![Edit { span: find("defer f.Close()", 0), replacement: "defer f.Close() // \"wrapped\"".into() }],
    });
    let go_start = find("go func", 0).start;
    let go_end = find("}()", 0).end;
    let goroutine = Diagnostic::new(
        "GT005",
        "unjoined-goroutine",
        GO_TRAPS,
        Severity::Error,
        ByteSpan::new(go_start, go_end),
        "goroutine is never waited for: 50% of runs, the program exits first",
    )
    .with_label(find("\"ünï\"", 0), "prints, maybe");
    let eof = SOURCE.len() as u32;
    let syntax = Diagnostic::new(
        "E0001",
        "syntax-error",
        &[],
        Severity::Error,
        ByteSpan::at(eof),
        "expected `}`, found end of file",
    );
    vec![defer, goroutine, syntax]
}

pub struct Fixture {
    pub lines: LineIndex,
    pub diagnostics: Vec<Diagnostic>,
}

impl Fixture {
    pub fn new() -> Fixture {
        Fixture { lines: LineIndex::new(SOURCE.as_bytes()), diagnostics: diagnostics() }
    }

    pub fn files(&self) -> Vec<FileResult<'_>> {
        vec![
            FileResult { path: PATH, source: SOURCE, lines: &self.lines, diagnostics: &self.diagnostics },
            FileResult { path: "clean.go", source: "package main\n", lines: &self.lines, diagnostics: &[] },
        ]
    }
}

pub fn rules() -> Vec<RuleMeta> {
    vec![
        RuleMeta {
            code: "GT005",
            name: "unjoined-goroutine",
            summary: "Goroutine nobody waits for",
            doc: "## What it does\nFlags a `go` statement whose goroutine is never joined.\n\n## Why is this bad?\nmain returns and the work is lost.\n",
            severity: Severity::Error,
            traps: GO_TRAPS,
        },
        RuleMeta {
            code: "GT013",
            name: "defer-in-loop",
            summary: "`defer` inside a loop",
            doc: "## What it does\nFlags `defer` directly inside a `for` loop.\n",
            severity: Severity::Warning,
            traps: DEFER_TRAPS,
        },
    ]
}
