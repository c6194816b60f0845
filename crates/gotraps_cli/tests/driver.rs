//! The check driver as a library, as a language server calls it: the result is what the
//! command line prints (its JSON output is the oracle), and an overlay of in-memory file
//! contents replaces the disk for those files without ever reaching the cache.

use gotraps_cli::driver::{check, CheckOptions};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("gotraps-driver-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    std::fs::canonicalize(&d).unwrap()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const LEAKY: &str = r#"package svc

import (
	"os"
	"os/signal"
)

func WaitForInterrupt() {
	stop := make(chan os.Signal)
	signal.Notify(stop, os.Interrupt)
	<-stop
}
"#;

fn clean() -> String {
    LEAKY.replace("make(chan os.Signal)", "make(chan os.Signal, 1)")
}

/// (file name, line, code) of every finding.
fn findings(r: &gotraps_cli::CheckResult) -> Vec<(String, u32, String)> {
    let mut out = Vec::new();
    for f in &r.files {
        let name = Path::new(&f.path).file_name().unwrap().to_string_lossy().into_owned();
        for d in &f.diagnostics {
            out.push((name.clone(), f.lines.line_col(d.span.start).0, d.code.to_string()));
        }
    }
    out
}

#[test]
fn the_result_is_what_check_prints() {
    let d = scratch("same");
    write(&d.join("go.mod"), "module example.com/svc\n\ngo 1.22\n");
    write(&d.join("gotraps.toml"), "[per-path-ignores]\n\"quiet/*.go\" = [\"GT016\"]\n");
    write(&d.join("a.go"), LEAKY);
    write(&d.join("quiet/q.go"), &LEAKY.replace("package svc", "package quiet"));
    write(
        &d.join("s/s.go"),
        &LEAKY.replace("package svc", "package s").replace(
            "\tsignal.Notify(stop, os.Interrupt)\n",
            "\tsignal.Notify(stop, os.Interrupt) //gotraps:ignore unbuffered-signal-channel,GT999 read once\n",
        ),
    );
    write(&d.join("broken/b.go"), "package broken\n\nfunc f() {\n");
    let target = d.display().to_string();
    let result = check(&CheckOptions { targets: vec![target.clone()], ..Default::default() }).unwrap();
    let ours = findings(&result);
    assert!(result.errors.is_empty());

    let out = Command::new(env!("CARGO_BIN_EXE_gotraps"))
        .args(["check", "--no-cache", "--format", "json", &target])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let printed: Vec<(String, u32, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            let name = Path::new(x["path"].as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned();
            (name, x["line"].as_u64().unwrap() as u32, x["code"].as_str().unwrap().to_string())
        })
        .collect();
    assert_eq!(ours, printed);
    // Syntax errors, suppressions (with their S002) and per-path ignores are all applied.
    assert_eq!(
        ours,
        [
            ("a.go".to_string(), 10, "GT016".to_string()),
            ("b.go".to_string(), 4, "E001".to_string()),
            ("s.go".to_string(), 10, "S002".to_string()),
        ]
    );
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn an_overlay_replaces_the_disk_and_bypasses_the_cache() {
    let d = scratch("overlay");
    let cache = d.join(".cache");
    write(&d.join("go.mod"), "module example.com/svc\n\ngo 1.22\n");
    write(&d.join("svc/a.go"), &clean());
    write(&d.join("other/o.go"), &clean().replace("package svc", "package other"));
    let base = CheckOptions { targets: vec![d.display().to_string()], cache_dir: Some(cache), ..Default::default() };

    // From disk: clean, and cached.
    let first = check(&base).unwrap();
    assert!(findings(&first).is_empty());
    let again = check(&base).unwrap();
    assert_eq!(again.files_from_cache, 2);

    // The editor's unsaved buffer has the trap: it is found, though the disk and the
    // cache say the file is clean; the package without overlay still comes from the cache.
    let mut edited = CheckOptions { overlay: Default::default(), ..base.clone() };
    edited.overlay.insert(d.join("svc/a.go"), Arc::from(LEAKY));
    let with_overlay = check(&edited).unwrap();
    assert_eq!(findings(&with_overlay), [("a.go".to_string(), 10, "GT016".to_string())]);
    assert_eq!(with_overlay.files_from_cache, 1, "only other/o.go is served from the cache");
    let f = with_overlay.files.iter().find(|f| f.path.ends_with("a.go")).unwrap();
    assert_eq!(&*f.source, LEAKY, "excerpts show the overlay's text");

    // Back to the disk: the overlay's findings did not reach the cache.
    let after = check(&base).unwrap();
    assert!(findings(&after).is_empty(), "{:?}", findings(&after));
    assert!(std::fs::read_to_string(d.join("svc/a.go")).unwrap().contains("os.Signal, 1"), "disk untouched");

    // A file that exists only in the overlay can be named as a target.
    let mut new_file = CheckOptions { targets: vec![d.join("svc/new.go").display().to_string()], ..base.clone() };
    new_file.overlay.insert(d.join("svc/new.go"), Arc::from(LEAKY.replace("WaitForInterrupt", "Wait2")));
    let r = check(&new_file).unwrap();
    assert_eq!(findings(&r), [("new.go".to_string(), 10, "GT016".to_string())]);
    // Fixes write to disk: not with an overlay.
    let fix = CheckOptions { fix: true, ..edited };
    assert!(check(&fix).is_err());
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn usage_errors_come_back_as_errors() {
    for opts in [
        CheckOptions { goos: Some("linx".into()), ..Default::default() },
        CheckOptions { go_version: Some("one".into()), ..Default::default() },
        CheckOptions { select: vec!["no-such-rule".into()], ..Default::default() },
    ] {
        assert!(check(&opts).is_err());
    }
}
