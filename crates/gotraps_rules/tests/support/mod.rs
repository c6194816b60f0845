//! Shared by the integration tests that run rules on fixture packages and compare them
//! with external tools (`go vet`, staticcheck, gofmt).
#![allow(dead_code)]

use gotraps_diagnostics::Diagnostic;
use gotraps_rules::{analyze_package, find, SourceFile};
use gotraps_semantic::{Program, ProgramOptions};
use gotraps_syntax::{parse_file, LineIndex};
use gotraps_workspace::find_module;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `(file name, line)` pairs.
pub type Lines = BTreeSet<(String, u32)>;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata").join(name)
}

/// The tool on PATH or in `~/go/bin`. Missing: a failure under CI=true, else a skip.
pub fn tool(name: &str) -> Option<PathBuf> {
    let home = PathBuf::from(std::env::var("HOME").unwrap_or_else(|_| "/root".into()));
    for c in [PathBuf::from(name), home.join("go/bin").join(name)] {
        if Command::new(&c).arg("-h").output().is_ok() {
            return Some(c);
        }
    }
    assert!(std::env::var("CI").as_deref() != Ok("true"), "{name} is required under CI=true");
    eprintln!("skipping: {name} not found");
    None
}

/// `(file name, line)` of every `file.go:LINE:COL: ...` line the tool prints that
/// contains `filter`. The tool must not fail for another reason than its findings.
pub fn tool_lines(dir: &Path, cmd: &Path, args: &[&str], filter: &str) -> Lines {
    let out = Command::new(cmd).args(args).current_dir(dir).output().expect("tool runs");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(
        !text.contains("cannot find") && !text.contains("no required module"),
        "{}: tool could not load the fixture:\n{text}",
        dir.display()
    );
    text.lines()
        .filter(|l| l.contains(filter))
        .filter_map(|l| {
            let mut parts = l.splitn(3, ':');
            let file = parts.next()?.trim().to_string();
            let line = parts.next()?.parse().ok()?;
            file.ends_with(".go").then_some((Path::new(&file).file_name()?.to_string_lossy().into_owned(), line))
        })
        .collect()
}

/// The `.go` files of one directory, sorted.
pub fn go_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "go"))
        .collect();
    v.sort();
    v
}

pub fn source_files(srcs: &[(PathBuf, String)]) -> Vec<SourceFile> {
    srcs.iter()
        .map(|(p, s)| SourceFile {
            path: p.display().to_string(),
            lines: LineIndex::new(s.as_bytes()),
            ast: parse_file(s.as_bytes()).into(),
        })
        .collect()
}

/// Runs `rule` on the package made of `srcs` (in `dir`), with the semantic model, as
/// `gotraps check` does.
pub fn run_rule(rule: &str, dir: &Path, files: &[SourceFile]) -> Vec<Vec<Diagnostic>> {
    let rule = find(rule).unwrap_or_else(|| panic!("no rule {rule}"));
    let module = find_module(dir).unwrap();
    let program = Program::new(ProgramOptions::default());
    analyze_package(Some(&program), dir, None, files, module.language_version(), &[rule])
}

/// Lines gotraps reports for `rule` on the package in `dir`.
pub fn gotraps_lines(rule: &str, dir: &Path) -> Lines {
    let srcs: Vec<(PathBuf, String)> =
        go_files(dir).into_iter().map(|p| (p.clone(), std::fs::read_to_string(&p).unwrap())).collect();
    let files = source_files(&srcs);
    let mut out = BTreeSet::new();
    for (f, diags) in files.iter().zip(run_rule(rule, dir, &files)) {
        let name = Path::new(&f.path).file_name().unwrap().to_string_lossy().into_owned();
        for d in diags {
            out.insert((name.clone(), f.lines.line_col(d.span.start).0));
        }
    }
    out
}

/// `(file, line)` of the first line of `file` containing `needle`.
pub fn line_of(dir: &Path, file: &str, needle: &str) -> (String, u32) {
    let src = std::fs::read_to_string(dir.join(file)).unwrap();
    let n = src.lines().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("{file}: no line with {needle}"));
    (file.to_string(), n as u32 + 1)
}
