//! `gotraps check $(go env GOROOT)/src` finishes without a panic and reports syntax errors
//! in exactly the files go/parser rejects, among the files the loader picks (host
//! platform, no tests). The whole-tree parser comparison, testdata included, is
//! `scripts/oracle-parse`; this checks the end-to-end command.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn go_available() -> bool {
    let ok = Command::new("go").arg("version").output().map(|o| o.status.success()).unwrap_or(false);
    if !ok {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "CI=true but `go` is missing");
        eprintln!("skipped: no Go toolchain");
    }
    ok
}

#[test]
fn check_over_goroot_rejects_exactly_what_go_parser_rejects() {
    if !go_available() {
        return;
    }
    let goroot = gotraps_workspace::goroot().expect("go env GOROOT");
    let src = goroot.join("src");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");

    // The file set gotraps analyzes, from the same loader.
    let loaded = gotraps_workspace::load(&[src.display().to_string()], &gotraps_workspace::BuildContext::host());
    let files: Vec<PathBuf> = loaded.packages.iter().flat_map(|p| p.files.iter().cloned()).collect();
    assert!(files.len() > 1000, "GOROOT/src should hold thousands of files, found {}", files.len());

    let goastdump = build_goastdump(&repo);
    compare(&goastdump, &files, &[src.display().to_string()], true);

    // GOROOT's testdata holds files written to be rejected: name them explicitly (the
    // walk skips testdata), so both accept and reject decisions are exercised.
    let mut testdata = Vec::new();
    collect_testdata_go_files(&src, false, &mut testdata);
    testdata.sort();
    let rejected =
        compare(&goastdump, &testdata, &testdata.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(), false);
    assert!(rejected > 10, "GOROOT testdata should contain files go/parser rejects, found {rejected}");
    std::fs::remove_file(&goastdump).ok();
}

fn collect_testdata_go_files(dir: &Path, inside: bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            collect_testdata_go_files(&p, inside || e.file_name() == "testdata", out);
        } else if inside && ft.is_file() && p.extension().is_some_and(|x| x == "go") {
            out.push(p);
        }
    }
}

fn build_goastdump(repo: &Path) -> PathBuf {
    let tmp = std::env::temp_dir().join(format!("gotraps-goastdump-{}", std::process::id()));
    let build = Command::new("go")
        .args(["build", "-o"])
        .arg(&tmp)
        .arg(".")
        .current_dir(repo.join("tools/goastdump"))
        .status()
        .unwrap();
    assert!(build.success(), "building tools/goastdump failed");
    tmp
}

/// Runs go/parser and `gotraps check` over `files` (given to gotraps as `args`) and
/// asserts the same files are rejected. Returns how many were.
fn compare(goastdump: &Path, files: &[PathBuf], args: &[String], whole_set: bool) -> usize {
    let list: String = files.iter().map(|f| format!("{}\n", f.display())).collect();
    // The file list goes in through a file: writing it to a pipe while the dump fills the
    // other pipe would deadlock.
    let list_path = std::env::temp_dir().join(format!("gotraps-filelist-{}-{}", std::process::id(), files.len()));
    std::fs::write(&list_path, list).unwrap();
    let out = Command::new(goastdump).stdin(std::fs::File::open(&list_path).unwrap()).output().unwrap();
    std::fs::remove_file(&list_path).ok();
    let dump = String::from_utf8_lossy(&out.stdout);
    let mut go_rejects = BTreeSet::new();
    let mut current = "";
    for line in dump.lines() {
        if let Some(p) = line.strip_prefix("== ") {
            current = p;
        } else if line.starts_with("ERROR") {
            go_rejects.insert(PathBuf::from(current));
        }
    }

    // gotraps' verdicts, end to end.
    let out = Command::new(env!("CARGO_BIN_EXE_gotraps"))
        .args(["check", "--select", "unbuffered-signal-channel", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "gotraps panicked:\n{stderr}");
    assert!(matches!(out.status.code(), Some(0) | Some(1)), "exit {:?}: {stderr}", out.status.code());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    if whole_set {
        assert_eq!(json["summary"]["files_checked"].as_u64(), Some(files.len() as u64));
    }
    let ours: BTreeSet<PathBuf> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "E001")
        .map(|d| PathBuf::from(d["path"].as_str().unwrap()))
        .collect();
    assert_eq!(ours, go_rejects, "files with syntax errors: gotraps (left) vs go/parser (right)");
    ours.len()
}
