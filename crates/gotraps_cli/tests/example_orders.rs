//! The README's main-job command on the bundled example: the findings are a snapshot
//! (`tests/snapshots/orders.txt`, one `file:line code name` per finding). After an
//! intended change, `GOTRAPS_UPDATE_SNAPSHOTS=1 cargo test -p gotraps_cli --test example_orders`
//! rewrites it; review the diff.

use std::path::Path;
use std::process::Command;

#[test]
fn example_module_findings_match_the_snapshot() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = Command::new(env!("CARGO_BIN_EXE_gotraps"))
        .args(["check", "--format", "json", "examples/orders"])
        .current_dir(&repo)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "findings mean exit 1: {}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut got = String::new();
    for d in json["diagnostics"].as_array().unwrap() {
        got.push_str(&format!(
            "{}:{} {} {}\n",
            d["path"].as_str().unwrap(),
            d["line"],
            d["code"].as_str().unwrap(),
            d["name"].as_str().unwrap()
        ));
    }
    let snap = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/orders.txt");
    if std::env::var_os("GOTRAPS_UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&snap, &got).unwrap();
    }
    let want = std::fs::read_to_string(&snap).unwrap_or_default();
    assert_eq!(got, want, "findings on examples/orders changed; see the module doc to update");

    // Both halves of the catalog show up in the demo.
    let codes: std::collections::BTreeSet<&str> = got.lines().filter_map(|l| l.split(' ').nth(1)).collect();
    for code in ["GT003", "GT004", "GT005", "GT006", "GT016", "GT021", "GT022", "GT024", "GT026", "GT031"] {
        assert!(codes.contains(code), "the example should demonstrate {code}");
    }
}

#[test]
fn example_module_builds_with_go() {
    if Command::new("go").arg("version").output().map(|o| !o.status.success()).unwrap_or(true) {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "CI=true but `go` is missing");
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/orders");
    let out = Command::new("go").args(["build", "-o", "/dev/null", "."]).current_dir(repo).output().unwrap();
    assert!(out.status.success(), "examples/orders must build: {}", String::from_utf8_lossy(&out.stderr));
}
