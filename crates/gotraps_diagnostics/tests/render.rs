//! Exact outputs of every renderer on tests/common.rs's Go file.

mod common;

use gotraps_diagnostics::render::{github, human, json, sarif, summary};
use gotraps_diagnostics::{ByteSpan, ColorChoice, Diagnostic, FileResult, RunInfo, Severity};
use gotraps_syntax::LineIndex;
use serde_json::json;

fn human_text(files: &[FileResult<'_>], color: ColorChoice) -> String {
    let mut out = Vec::new();
    human::render(&mut out, files, color).unwrap();
    String::from_utf8(out).unwrap()
}

const RUN: RunInfo = RunInfo { files_checked: 140, files_with_syntax_errors: 1, duration: None, files_from_cache: 0 };

#[test]
fn human_excerpts_tabs_multibyte_multiline_and_eof() {
    let fx = common::Fixture::new();
    let expected = "\
cmd/app/main.go:8:3: GT013 defer-in-loop: deferred call runs only when `run` returns, not at the end of each iteration
  |
6 |     for _, name := range files {
  |     --- loop starts here
7 |         f, _ := os.Open(name) // «ü»
8 |         defer f.Close()
  |         ^^^^^^^^^^^^^^^
  |
  = help: move the loop body into a function literal

cmd/app/main.go:10:2: GT005 unjoined-goroutine: goroutine is never waited for: 50% of runs, the program exits first
   |
10 |     go func() {
   |     ^^^^^^^^^^^
11 |         println(\"ünï\", 1)
   |         ^^^^^^^^^^^^^^^^^
   |                 ----- prints, maybe
12 |     }()
   |     ^^^

cmd/app/main.go:14:1: E0001 syntax-error: expected `}`, found end of file
   |
14 |
   | ^
";
    assert_eq!(human_text(&fx.files(), ColorChoice::Never), expected);
}

fn one_file(source: &str, diagnostics: Vec<Diagnostic>) -> String {
    let lines = LineIndex::new(source.as_bytes());
    let files = [FileResult { path: "x.go", source, lines: &lines, diagnostics: &diagnostics }];
    human_text(&files, ColorChoice::Never)
}

fn diag(span: ByteSpan) -> Diagnostic {
    Diagnostic::new("GT001", "some-rule", &[], Severity::Info, span, "msg")
}

#[test]
fn human_long_span_shows_first_and_last_line_only() {
    let src = "func f() {\n\ta()\n\tb()\n\tc()\n\td()\n}\n";
    let out = one_file(src, vec![diag(ByteSpan::new(0, src.len() as u32 - 1))]);
    assert_eq!(out, "x.go:1:1: GT001 some-rule: msg\n  |\n1 | func f() {\n  | ^^^^^^^^^^\n...\n6 | }\n  | ^\n");
}

#[test]
fn human_span_ending_after_newline_ends_on_previous_line() {
    let src = "a := 1\nb := 2\n";
    let out = one_file(src, vec![diag(ByteSpan::new(0, 7))]);
    assert_eq!(out, "x.go:1:1: GT001 some-rule: msg\n  |\n1 | a := 1\n  | ^^^^^^\n");
}

#[test]
fn human_crlf_no_trailing_newline_and_out_of_range_span() {
    let src = "x := 1\r\ny := 2";
    let out = one_file(src, vec![diag(ByteSpan::new(8, 9)), diag(ByteSpan::new(50, 60))]);
    assert_eq!(
        out,
        "x.go:2:1: GT001 some-rule: msg\n  |\n2 | y := 2\n  | ^\n\nx.go:2:7: GT001 some-rule: msg\n  |\n2 | y := 2\n  |       ^\n"
    );
}

#[test]
fn human_colour_only_when_asked() {
    let fx = common::Fixture::new();
    let plain = human_text(&fx.files(), ColorChoice::Never);
    let coloured = human_text(&fx.files(), ColorChoice::Always);
    assert!(!plain.contains('\x1b'));
    assert!(coloured.contains("\x1b[1;33mGT013\x1b[0m"), "{coloured}");
    assert!(coloured.contains("\x1b[1;31m^^^\x1b[0m"), "{coloured}");
    let stripped = strip_ansi(&coloured);
    assert_eq!(stripped, plain);
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn summary_lines() {
    let fx = common::Fixture::new();
    assert_eq!(
        summary::summary_line(&fx.files(), &RUN),
        "Found 3 problems (2 errors, 1 warning) in 1 of 140 files. 1 file could not be parsed completely."
    );
    let clean = RunInfo { files_checked: 140, ..RunInfo::default() };
    assert_eq!(summary::summary_line(&[], &clean), "No problems in 140 files.");
    let one = RunInfo { files_checked: 1, ..RunInfo::default() };
    let lines = LineIndex::new(b"package a\n");
    let d = [diag(ByteSpan::new(0, 7))];
    let files = [FileResult { path: "a.go", source: "package a\n", lines: &lines, diagnostics: &d }];
    assert_eq!(summary::summary_line(&files, &one), "Found 1 problem (1 info) in 1 of 1 file.");
}

#[test]
fn github_annotations_escape_properties_and_data() {
    let fx = common::Fixture::new();
    let mut out = Vec::new();
    github::render(&mut out, &fx.files()).unwrap();
    let expected = "\
::warning file=cmd/app/main.go,line=8,col=3,endLine=8,endColumn=18,title=GT013 defer-in-loop::deferred call runs only when `run` returns, not at the end of each iteration%0Ahelp: move the loop body into a function literal
::error file=cmd/app/main.go,line=10,col=2,endLine=12,endColumn=5,title=GT005 unjoined-goroutine::goroutine is never waited for: 50%25 of runs, the program exits first
::error file=cmd/app/main.go,line=14,col=1,endLine=14,endColumn=1,title=E0001 syntax-error::expected `}`, found end of file
";
    assert_eq!(String::from_utf8(out).unwrap(), expected);
    assert_eq!(github::escape_property("a,b:c%\r\n"), "a%2Cb%3Ac%25%0D%0A");
    assert_eq!(github::escape_data("a,b:c%\r\n"), "a,b:c%25%0D%0A");
}

#[test]
fn json_document() {
    let fx = common::Fixture::new();
    let mut out = Vec::new();
    json::render(&mut out, &fx.files(), &RUN).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.ends_with("}\n"));
    assert!(!text.contains("duration_ms"));
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let expected = json!({
        "version": 1,
        "diagnostics": [
            {
                "code": "GT013", "name": "defer-in-loop", "severity": "warning", "path": "cmd/app/main.go",
                "line": 8, "column": 3, "end_line": 8, "end_column": 18, "offset": 120, "end_offset": 135,
                "message": "deferred call runs only when `run` returns, not at the end of each iteration",
                "traps": ["T13"],
                "labels": [{"line": 6, "column": 2, "end_line": 6, "end_column": 5, "offset": 55, "end_offset": 58, "message": "loop starts here"}],
                "help": "move the loop body into a function literal",
                "fix": {"message": "wrap the loop body in a function", "edits": [
                    {"line": 8, "column": 3, "end_line": 8, "end_column": 18, "offset": 120, "end_offset": 135, "replacement": "defer f.Close() // \"wrapped\""}
                ]}
            },
            {
                "code": "GT005", "name": "unjoined-goroutine", "severity": "error", "path": "cmd/app/main.go",
                "line": 10, "column": 2, "end_line": 12, "end_column": 5, "offset": 140, "end_offset": 178,
                "message": "goroutine is never waited for: 50% of runs, the program exits first",
                "traps": ["T05", "T06"],
                "labels": [{"line": 11, "column": 11, "end_line": 11, "end_column": 18, "offset": 162, "end_offset": 169, "message": "prints, maybe"}],
                "help": null,
                "fix": null
            },
            {
                "code": "E0001", "name": "syntax-error", "severity": "error", "path": "cmd/app/main.go",
                "line": 14, "column": 1, "end_line": 14, "end_column": 1, "offset": 181, "end_offset": 181,
                "message": "expected `}`, found end of file",
                "traps": [], "labels": [], "help": null, "fix": null
            }
        ],
        "summary": {
            "total": 3,
            "by_severity": {"error": 2, "warning": 1, "info": 0},
            "by_rule": {"E0001": 1, "GT005": 1, "GT013": 1},
            "files_checked": 140,
            "files_with_findings": 1,
            "files_with_syntax_errors": 1
        }
    });
    assert_eq!(value, expected);
    // Field order is part of the documented format.
    let order: Vec<usize> =
        ["\"code\"", "\"severity\"", "\"line\"", "\"end_column\"", "\"message\"", "\"traps\"", "\"labels\""]
            .iter()
            .map(|k| text.find(k).unwrap())
            .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
}

#[test]
fn json_duration_when_given() {
    let run = RunInfo { duration: Some(std::time::Duration::from_millis(1234)), ..RUN };
    let mut out = Vec::new();
    json::render(&mut out, &[], &run).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["summary"]["duration_ms"], 1234);
    assert_eq!(v["diagnostics"], json!([]));
}

pub fn sarif_value(files: &[FileResult<'_>]) -> serde_json::Value {
    let mut out = Vec::new();
    sarif::render(&mut out, files, &common::rules(), None).unwrap();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn sarif_results_rules_and_utf16_columns() {
    let fx = common::Fixture::new();
    let log = sarif_value(&fx.files());
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "gotraps");
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["GT005", "GT013", "E0001"]);
    assert_eq!(rules[0]["fullDescription"]["text"], "Flags a `go` statement whose goroutine is never joined.");
    assert_eq!(rules[1]["shortDescription"]["text"], "`defer` inside a loop");
    assert_eq!(rules[1]["defaultConfiguration"]["level"], "warning");

    let results = run["results"].as_array().unwrap();
    let pairs: Vec<(&str, u64, &str)> = results
        .iter()
        .map(|r| (r["ruleId"].as_str().unwrap(), r["ruleIndex"].as_u64().unwrap(), r["level"].as_str().unwrap()))
        .collect();
    assert_eq!(pairs, [("GT013", 1, "warning"), ("GT005", 0, "error"), ("E0001", 2, "error")]);
    let loc = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"], json!({"uri": "cmd/app/main.go", "uriBaseId": "%SRCROOT%"}));
    assert_eq!(loc["region"], json!({"startLine": 8, "startColumn": 3, "endLine": 8, "endColumn": 18}));
    assert_eq!(
        results[0]["fixes"][0]["artifactChanges"][0]["replacements"][0],
        json!({
            "deletedRegion": {"startLine": 8, "startColumn": 3, "endLine": 8, "endColumn": 18},
            "insertedContent": {"text": "defer f.Close() // \"wrapped\""}
        })
    );
    // `"ünï"`: 7 bytes, 5 UTF-16 units, after 2 tabs and `println(`.
    assert_eq!(
        results[1]["relatedLocations"][0],
        json!({
            "id": 0,
            "message": {"text": "prints, maybe"},
            "physicalLocation": {
                "artifactLocation": {"uri": "cmd/app/main.go", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 11, "startColumn": 11, "endLine": 11, "endColumn": 16}
            }
        })
    );
}

#[test]
fn sarif_counts_astral_characters_as_two_units() {
    let source = "s := \"😀\"; x\n";
    let lines = LineIndex::new(source.as_bytes());
    let x = source.find("; x").unwrap() as u32 + 2;
    let d = [diag(ByteSpan::new(x, x + 1))];
    let files = [FileResult { path: "a.go", source, lines: &lines, diagnostics: &d }];
    let log = sarif_value(&files);
    let region = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    // 6 units before the emoji, 2 for it, 1 for the quote, `; ` = 2.
    assert_eq!(region["startColumn"], 12);
    assert_eq!(region["endColumn"], 13);
}
