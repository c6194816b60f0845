//! D06 back to source, end to end: a leaking program from testdata/dumps/leaky runs with the
//! installed Go toolchain, `gotraps goroutines --source <module dir>` reads its live dump over
//! HTTP, and the top suspect must carry the module-relative path, the source line text at
//! the blocking and creation sites, and exactly the `gotraps check` findings that
//! `gotraps check` itself reports at that file:line.

#[path = "../../gotraps_dump/tests/support/mod.rs"]
mod support;

use serde_json::Value;
use std::process::{Command, Output};
use support::*;

fn gotraps(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gotraps")).args(args).output().expect("run gotraps")
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("not JSON ({e}): {}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
    })
}

/// Line `line` (1-based) of scenarios.go, trimmed: what the report must quote.
fn scenario_line(line: u64) -> String {
    let src = std::fs::read_to_string(leaky_dir().join("scenarios/scenarios.go")).unwrap();
    src.lines().nth(line as usize - 1).unwrap().trim().to_string()
}

/// Rule codes `gotraps check` reports at `rel:line` (rel relative to the module) with
/// every rule on, as `--source` runs it.
fn check_codes(rel: &str, line: u64) -> Vec<String> {
    let dir = leaky_dir();
    let out = gotraps(&["check", "--extend-select", "ALL", "--format", "json", &format!("{}/...", dir.display())]);
    let v = json(&out);
    let mut codes: Vec<String> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["path"].as_str().is_some_and(|p| p.ends_with(&format!("/{rel}"))) && d["line"] == line)
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    codes.sort();
    codes
}

/// Runs scenario `mode`, checks the top suspect of `gotraps goroutines --source` in JSON and
/// human form; each of `rules` must be among the static findings at the blocking site.
fn back_to_source(mode: &str, kind: &str, rules: &[&str]) {
    if !have_go() {
        return;
    }
    let sites = sites(mode);
    let p = start(mode, 20, &[]);
    let url = p.url("/debug/pprof/goroutine?debug=2");
    let dir = leaky_dir();
    let dir = dir.to_str().unwrap();
    let out = gotraps(&["goroutines", "--source", dir, "--format", "json", &url]);
    assert_eq!(out.status.code(), Some(1), "suspects found: exit 1; stderr: {}", String::from_utf8_lossy(&out.stderr));
    let r = json(&out);
    let top = &r["suspects"][0];
    let ctx = serde_json::to_string_pretty(top).unwrap();
    assert_eq!(top["kind"], kind, "{ctx}");

    // blocking site: module-relative path, line, quoted text
    let src = &top["source"];
    let rel = src["path"].as_str().unwrap_or_else(|| panic!("no source mapping: {ctx}"));
    let line = src["line"].as_u64().unwrap();
    assert!(sites.contains(&format!("{rel}:{line}")), "{rel}:{line} not in {sites:?}: {ctx}");
    assert_eq!(top["line"], line, "{ctx}");
    assert!(top["file"].as_str().unwrap().ends_with(&format!("/{rel}")), "{ctx}");
    assert_eq!(src["text"].as_str().unwrap(), scenario_line(line), "{ctx}");

    // creation site, when the goroutine was started by the scenario
    if let Some(cs) = top["created_by_source"].as_object() {
        let cl = cs["line"].as_u64().unwrap();
        assert_eq!(cs["path"], rel, "{ctx}");
        assert_eq!(cs["text"].as_str().unwrap(), scenario_line(cl), "{ctx}");
        assert!(top["created_by"]["site"].as_str().unwrap().ends_with(&format!("/{rel}:{cl}")), "{ctx}");
    }

    // static findings: the same set `gotraps check` reports at that line
    let findings = top["findings"].as_array().unwrap();
    let mut codes: Vec<String> = findings.iter().map(|f| f["code"].as_str().unwrap().to_string()).collect();
    codes.sort();
    for rule in rules {
        assert!(codes.iter().any(|c| c == rule), "{rule} expected at {rel}:{line}: {ctx}");
    }
    assert_eq!(codes, check_codes(rel, line), "findings attached vs `gotraps check` at {rel}:{line}");
    for f in findings {
        assert_eq!((f["path"].as_str().unwrap(), f["line"].as_u64().unwrap()), (rel, line), "{ctx}");
        assert!(!f["message"].as_str().unwrap().is_empty());
    }

    // human output shows the same
    let out = gotraps(&["goroutines", "--source", dir, "--color", "never", &url]);
    let text = String::from_utf8_lossy(&out.stdout);
    let first = text.split("\n#2 ").next().unwrap();
    assert!(first.contains(&format!("{rel}:{line} | {}", scenario_line(line))), "{text}");
    for rule in rules {
        assert!(first.contains(&format!("static: {rule} {rel}:{line}: ")), "{text}");
    }
}

#[test]
fn abandoned_send_back_to_source() {
    // GT503 is opt-in and not in the module's gotraps.toml: `--source` runs it anyway.
    back_to_source("sendtimeout", "goroutine_leak", &["GT003", "GT503"]);
}

#[test]
fn lock_order_inversion_back_to_source() {
    back_to_source("abba", "deadlock", &["GT024", "GT424"]);
}

#[test]
fn source_must_be_a_directory() {
    let dump = std::env::temp_dir().join(format!("gotraps-src-dump-{}.txt", std::process::id()));
    std::fs::write(&dump, "goroutine 1 [chan send]:\nmain.main()\n\t/m/main.go:3 +0x1\n\n").unwrap();
    let d = dump.to_str().unwrap();
    for bad in ["/nonexistent/gotraps-source", d] {
        let out = gotraps(&["goroutines", "--source", bad, d]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "--source {bad}: {err}");
        assert!(err.contains("--source") && !err.contains("panicked"), "--source {bad}: {err}");
    }
    std::fs::remove_file(&dump).unwrap();
}

/// `kernels.go` line number → mechanism marked on it (`// MECHANISM: <name>`).
fn kernel_markers() -> Vec<(u64, String)> {
    let src = std::fs::read_to_string(leaky_dir().join("kernels/kernels.go")).unwrap();
    src.lines()
        .enumerate()
        .filter_map(|(i, l)| l.split("// MECHANISM: ").nth(1).map(|m| ((i + 1) as u64, m.trim().to_string())))
        .collect()
}

/// With `--source`, locks held and channel partners come from the semantic model through
/// the check driver, not from reading lines: every blocking kernel of the leaky program is
/// still named in the top suspect, and a partner is quoted as the model's operation (`<-res`),
/// where the line-level scan quoted the whole line (`case v := <-res:`).
#[test]
fn kernels_named_with_the_model() {
    if !have_go() {
        return;
    }
    let dir = leaky_dir();
    let dir = dir.to_str().unwrap();
    let src = std::fs::read_to_string(leaky_dir().join("kernels/kernels.go")).unwrap();
    let kernels: Vec<String> = src
        .split("var Kernels = map[string]func(){")
        .nth(1)
        .unwrap()
        .split('}')
        .next()
        .unwrap()
        .lines()
        .filter_map(|l| l.trim().strip_prefix('"')?.split('"').next().map(str::to_string))
        .collect();
    assert!(kernels.len() >= 10, "{kernels:?}");
    let marks = kernel_markers();
    let (mut named, mut misses) = (0, Vec::new());
    for k in &kernels {
        let p = start(&format!("kernel:{k}"), 0, &[]);
        let out =
            gotraps(&["goroutines", "--source", dir, "--format", "json", &p.url("/debug/pprof/goroutine?debug=2")]);
        let r = json(&out);
        let top = &r["suspects"][0];
        let line = top["line"].as_u64().unwrap_or(0);
        let want = marks.iter().find(|(l, _)| *l == line).map(|(_, m)| m.as_str());
        if want.is_some()
            && top["file"].as_str().is_some_and(|f| f.ends_with("kernels/kernels.go"))
            && top["mechanism"].as_str() == want
        {
            named += 1;
        } else {
            misses.push(format!("{k}: {} at line {line}, marked {want:?}", top["mechanism"]));
        }
        if k == "result_after_timeout" {
            let recv = src.lines().position(|l| l.contains("case v := <-res:")).unwrap() + 1;
            let why = top["explanation"].as_str().unwrap_or_default();
            assert!(why.contains(&format!("at line {recv} (`<-res`)")), "partner from the model: {why}");
        }
    }
    assert!(named * 10 >= kernels.len() * 9, "{named}/{} named: {misses:?}", kernels.len());
}
