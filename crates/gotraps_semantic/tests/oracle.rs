//! The model against go/types (tools/gotypesdump) on the fixtures, the bundled example
//! module and a few standard-library packages. Needs `go`: fails under CI=true without
//! it, skips with a reason otherwise.

use gotraps_semantic::{oracle, Program, ProgramOptions};
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn have_go() -> bool {
    let ok = Command::new("go").arg("version").output().is_ok_and(|o| o.status.success());
    if !ok {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "CI must have a Go toolchain for the go/types oracle");
        eprintln!("skipped: no Go toolchain (`go` not found)");
    }
    ok
}

fn dump(dirs: &[PathBuf]) -> String {
    let tmp = std::env::temp_dir().join(format!("gotypesdump-{}", std::process::id()));
    let status = Command::new("go")
        .args(["build", "-o"])
        .arg(&tmp)
        .arg(".")
        .current_dir(repo().join("tools/gotypesdump"))
        .status()
        .expect("go build");
    assert!(status.success(), "building tools/gotypesdump failed");
    let out = Command::new(&tmp).args(dirs).output().expect("run gotypesdump");
    let _ = std::fs::remove_file(&tmp);
    assert!(out.status.success(), "gotypesdump failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn agreement(dirs: &[PathBuf]) -> (oracle::Tally, usize) {
    let text = dump(dirs);
    let pkgs = oracle::parse_dump(&text);
    let mut build = gotraps_workspace::BuildContext::host();
    build.cgo = false;
    let prog = Program::new(ProgramOptions { build, force_summary: false });
    let tally = oracle::compare_dump(&prog, &pkgs, 5);
    eprintln!("{}", tally.report(pkgs.len(), 20));
    (tally, pkgs.len())
}

#[test]
fn fixtures_and_example_module_agree_with_go_types() {
    if !have_go() {
        return;
    }
    let root = repo();
    // The model's own fixtures, every rule's fixture package and the bundled example.
    let (t, n) = agreement(&[
        root.join("crates/gotraps_semantic/tests/fixtures"),
        root.join("crates/gotraps_rules/testdata"),
        root.join("examples"),
    ]);
    assert!(n >= 45, "expected the fixture packages, got {n}");
    assert!(t.conc > 2000, "too few concurrency identifiers compared: {}", t.conc);
    assert_eq!(t.conc_ok, t.conc, "concurrency identifiers must all agree");
    assert!(t.all_pct() >= 99.0, "agreement {:.2}% on fixtures", t.all_pct());
}

#[test]
fn std_packages_agree_with_go_types() {
    if !have_go() {
        return;
    }
    let out = Command::new("go").args(["env", "GOROOT"]).output().unwrap();
    let src = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()).join("src");
    let dirs: Vec<PathBuf> = ["sync", "context", "time", "net/http/httptest", "os/signal", "iter", "slices"]
        .iter()
        .map(|d| src.join(d))
        .collect();
    let (t, _) = agreement(&dirs);
    assert!(t.all > 10_000, "too few identifiers compared: {}", t.all);
    assert!(t.concurrency_pct() >= 97.0, "concurrency agreement {:.2}%", t.concurrency_pct());
    assert!(t.all_pct() >= 90.0, "agreement {:.2}%", t.all_pct());
}
