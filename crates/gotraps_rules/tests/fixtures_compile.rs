//! Every fixture package under `testdata/` must compile (vet findings are fine, build
//! errors are not): `go build` runs in each directory that has a go.mod. Needs `go`:
//! fails under CI=true when it is missing, skips with a message otherwise.

use std::path::{Path, PathBuf};
use std::process::Command;

fn module_dirs(root: &Path, out: &mut Vec<PathBuf>) {
    if root.join("go.mod").is_file() {
        out.push(root.to_path_buf());
    }
    let mut subs: Vec<PathBuf> =
        std::fs::read_dir(root).unwrap().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    subs.sort();
    for s in subs {
        module_dirs(&s, out);
    }
}

#[test]
fn every_fixture_package_builds() {
    if Command::new("go").arg("version").output().is_err() {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "go is required under CI=true");
        eprintln!("skipping: go not found");
        return;
    }
    let mut dirs = Vec::new();
    module_dirs(&Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata"), &mut dirs);
    assert!(!dirs.is_empty());
    let mut failures = Vec::new();
    for d in &dirs {
        let out = Command::new("go")
            .args(["build", "-o", "/dev/null", "./..."])
            .current_dir(d)
            .env("GOWORK", "off")
            .env("GOFLAGS", "-mod=mod")
            .env("GOTOOLCHAIN", "local")
            .output()
            .unwrap();
        if !out.status.success() {
            failures.push(format!("{}:\n{}", d.display(), String::from_utf8_lossy(&out.stderr)));
        }
    }
    assert!(failures.is_empty(), "fixtures that do not build:\n{}", failures.join("\n"));
}
