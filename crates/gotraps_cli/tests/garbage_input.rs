//! Bad input never crashes `check` and never hides the other files' findings.

use std::path::{Path, PathBuf};
use std::process::Command;

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("gotraps-garbage-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn gotraps(args: &[&str], dir: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gotraps")).args(args).current_dir(dir).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const GOOD: &str = r#"package svc

import "os"

func closeAll(paths []string) {
	for _, p := range paths {
		f, _ := os.Open(p)
		defer f.Close()
	}
}
"#;

#[test]
fn garbage_files_get_diagnostics_and_the_rest_is_still_checked() {
    let d = scratch("mix");
    std::fs::write(d.join("go.mod"), "module example.com/svc\n\ngo 1.22\n").unwrap();
    std::fs::write(d.join("good.go"), GOOD).unwrap();
    // Truncated in the middle of a function.
    std::fs::write(d.join("truncated.go"), &GOOD[..GOOD.len() / 2]).unwrap();
    // Invalid UTF-8 inside a string literal.
    let mut bad_utf8 = b"package svc\n\nvar s = \"".to_vec();
    bad_utf8.extend_from_slice(&[0xff, 0xfe, 0x80]);
    bad_utf8.extend_from_slice(b"\"\n");
    std::fs::write(d.join("badutf8.go"), bad_utf8).unwrap();
    // A binary file named .go.
    let binary: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    std::fs::write(d.join("blob.go"), binary).unwrap();
    // 100,000 nested parentheses.
    let deep = format!("package svc\n\nvar x = {}1{}\n", "(".repeat(100_000), ")".repeat(100_000));
    std::fs::write(d.join("deep.go"), deep).unwrap();

    let (code, stdout, stderr) = gotraps(&["check", "--select", "defer-in-loop", "--format", "json", "."], &d);
    assert!(!stderr.contains("panicked"), "gotraps panicked:\n{stderr}");
    assert_eq!(code, 1, "findings mean exit 1; stderr:\n{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON output stays valid");
    let diags = json["diagnostics"].as_array().expect("diagnostics array");
    let files_with = |code: &str| -> Vec<String> {
        let mut v: Vec<String> = diags
            .iter()
            .filter(|d| d["code"] == code)
            .map(|d| Path::new(d["path"].as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v.dedup();
        v
    };
    assert_eq!(files_with("E001"), ["badutf8.go", "blob.go", "deep.go", "truncated.go"]);
    assert_eq!(files_with("GT013"), ["good.go"], "the good file's finding is still reported");
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn usage_errors_exit_2() {
    let d = scratch("usage");
    let (code, _, stderr) = gotraps(&["check", "--select", "no-such-rule", "."], &d);
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown rule `no-such-rule`"), "{stderr}");
    let (code, _, stderr) = gotraps(&["check", "does-not-exist"], &d);
    assert_eq!(code, 2);
    assert!(stderr.contains("does-not-exist: no such file or directory"), "{stderr}");
    let (code, _, _) = gotraps(&["frobnicate"], &d);
    assert_eq!(code, 2);
    std::fs::remove_dir_all(&d).ok();
}
