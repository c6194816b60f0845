//! `--format sarif`: SARIF 2.1.0 (OASIS), as read by GitHub code scanning and IDE viewers.
//!
//! One run; `tool.driver.rules` lists the rules passed in (in that order, then any code
//! found only in results, such as syntax errors), and each result points at its rule by
//! `ruleId` and `ruleIndex`. Locations are relative URIs with `uriBaseId` `%SRCROOT%`
//! (the working directory). Columns are UTF-16 code units, SARIF's default `columnKind`,
//! which the run states explicitly.

use super::{ColumnUnit, FileResult};
use crate::{ByteSpan, Diagnostic, RuleMeta, Severity};
use serde_json::{json, Value};
use std::io::{self, Write};
use std::path::{Component, Path};

pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Writes the SARIF log. `working_dir` turns absolute paths under it into relative URIs;
/// other absolute paths become `file://` URIs without a base.
pub fn render(
    out: &mut dyn Write,
    files: &[FileResult<'_>],
    rules: &[RuleMeta],
    working_dir: Option<&Path>,
) -> io::Result<()> {
    let mut descriptors: Vec<Value> = rules.iter().map(rule_descriptor).collect();
    let mut ids: Vec<&str> = rules.iter().map(|r| r.code).collect();
    let mut results = Vec::new();
    for file in files {
        let artifact = artifact_location(file.path, working_dir);
        for d in file.diagnostics {
            let index = match ids.iter().position(|&id| id == d.code) {
                Some(i) => i,
                None => {
                    ids.push(d.code);
                    descriptors.push(json!({
                        "id": d.code,
                        "name": d.name,
                        "defaultConfiguration": { "level": level(d.severity) },
                    }));
                    ids.len() - 1
                }
            };
            results.push(result(file, d, index, &artifact));
        }
    }
    let log = json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "gotraps",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": descriptors,
                }
            },
            "columnKind": "utf16CodeUnits",
            "results": results,
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn rule_descriptor(rule: &RuleMeta) -> Value {
    let full = first_paragraph(rule.doc).unwrap_or(rule.summary);
    json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": full },
        "help": { "text": rule.doc, "markdown": rule.doc },
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": { "traps": rule.traps, "tags": ["concurrency"] },
    })
}

/// The first prose paragraph of a rule's markdown doc (skipping headings), joined on one line.
fn first_paragraph(doc: &str) -> Option<&str> {
    let mut start = None;
    let mut end = 0;
    let mut pos = 0;
    for line in doc.split_inclusive('\n') {
        let t = line.trim();
        let line_start = pos;
        pos += line.len();
        match start {
            None if t.is_empty() || t.starts_with('#') => {}
            None => {
                start = Some(line_start);
                end = line_start + line.trim_end().len();
            }
            Some(_) if t.is_empty() || t.starts_with('#') => break,
            Some(_) => end = line_start + line.trim_end().len(),
        }
    }
    start.map(|s| &doc[s..end])
}

fn result(file: &FileResult<'_>, d: &Diagnostic, rule_index: usize, artifact: &Value) -> Value {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let mut r = json!({
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": level(d.severity),
        "message": { "text": text },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact,
                "region": region(file, d.span),
            }
        }],
        "properties": { "traps": d.traps },
    });
    if !d.labels.is_empty() {
        r["relatedLocations"] = d
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                json!({
                    "id": i,
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": region(file, l.span),
                    },
                    "message": { "text": l.message },
                })
            })
            .collect();
    }
    if let Some(fix) = &d.fix {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|e| {
                json!({
                    "deletedRegion": region(file, e.span),
                    "insertedContent": { "text": e.replacement },
                })
            })
            .collect();
        r["fixes"] = json!([{
            "description": { "text": fix.message },
            "artifactChanges": [{ "artifactLocation": artifact, "replacements": replacements }],
        }]);
    }
    r
}

fn region(file: &FileResult<'_>, span: ByteSpan) -> Value {
    let r = file.region(span, ColumnUnit::Utf16);
    json!({
        "startLine": r.line,
        "startColumn": r.column,
        "endLine": r.end_line,
        "endColumn": r.end_column,
    })
}

fn artifact_location(path: &str, working_dir: Option<&Path>) -> Value {
    let p = Path::new(path);
    if p.is_absolute() {
        if let Some(rel) = working_dir.and_then(|wd| p.strip_prefix(wd).ok()) {
            return json!({ "uri": relative_uri(rel), "uriBaseId": SRCROOT });
        }
        let mut uri = String::from("file://");
        let s = path.replace('\\', "/");
        if !s.starts_with('/') {
            uri.push('/'); // Windows drive paths: file:///C:/...
        }
        uri.push_str(&percent_encode(&s));
        return json!({ "uri": uri });
    }
    json!({ "uri": relative_uri(p), "uriBaseId": SRCROOT })
}

/// Forward slashes, no `./`, percent-encoded segments.
fn relative_uri(p: &Path) -> String {
    let mut parts = Vec::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => parts.push("..".to_string()),
            Component::Normal(s) => parts.push(percent_encode(&s.to_string_lossy())),
            Component::RootDir | Component::Prefix(_) => {}
        }
    }
    parts.join("/")
}

/// Percent-encodes everything but RFC 3986 unreserved characters and `/`.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else if b == b':' && out.len() == 1 {
            out.push(':'); // keep `C:` of a drive letter readable
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_with_forward_slashes_and_encoded() {
        assert_eq!(relative_uri(Path::new("./pkg/a b/ü.go")), "pkg/a%20b/%C3%BC.go");
        let wd = Path::new("/home/u/proj");
        assert_eq!(
            artifact_location("/home/u/proj/x/y.go", Some(wd)),
            json!({"uri": "x/y.go", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(artifact_location("/tmp/z.go", Some(wd)), json!({"uri": "file:///tmp/z.go"}));
    }

    #[test]
    fn full_description_is_first_prose_paragraph() {
        let doc = "## What it does\nFlags a\n`defer` in a loop.\n\n## Why is this bad?\nx\n";
        assert_eq!(first_paragraph(doc), Some("Flags a\n`defer` in a loop."));
        assert_eq!(first_paragraph("## Only heading\n"), None);
    }
}
