//! `--fix` for every fixable rule: on each fixable rule's
//! fixture, the fixes apply, the result parses, the rule no longer fires where a fix was
//! applied, `gofmt -d` has nothing to change (the fixtures are gofmt-clean before, so
//! nothing on the edited lines), and the fixed package still builds.

mod support;

use gotraps_rules::fix::apply_fixes;
use gotraps_rules::{analyze_package, find, RULES};
use gotraps_semantic::{Program, ProgramOptions};
use gotraps_syntax::parse_file;
use gotraps_workspace::find_module;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{go_files, source_files as load};

const FIXABLE: &[&str] = &[
    "abandoned-send",
    "ticker-not-stopped",
    "lost-cancel",
    "io-without-context",
    "loop-var-captured",
    "unbuffered-signal-channel",
    "waitgroup-add-in-goroutine",
    "copied-lock",
    "response-body-not-closed",
];

fn gofmt_available() -> bool {
    match Command::new("gofmt").arg("-l").arg("/dev/null").output() {
        Ok(_) => true,
        Err(_) => {
            assert!(std::env::var("CI").as_deref() != Ok("true"), "gofmt is required under CI=true");
            eprintln!("skipping gofmt check: gofmt not found");
            false
        }
    }
}

/// The fixture module with its subpackages (imported by the package under test).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

fn go_available() -> bool {
    match Command::new("go").arg("version").output() {
        Ok(_) => true,
        Err(_) => {
            assert!(std::env::var("CI").as_deref() != Ok("true"), "go is required under CI=true");
            eprintln!("skipping the build check: go not found");
            false
        }
    }
}

#[test]
fn fixes_apply_parse_silence_and_are_gofmt_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let gofmt = gofmt_available();
    let listed: Vec<&str> = RULES.iter().filter(|r| r.fixable).map(|r| r.name).collect();
    let mut expected: Vec<&str> = FIXABLE.to_vec();
    expected.sort_unstable();
    let mut listed_sorted = listed.clone();
    listed_sorted.sort_unstable();
    assert_eq!(listed_sorted, expected, "FIXABLE must list every fixable rule");
    let program = Program::new(ProgramOptions::default());
    let mut applied_total = 0;
    for name in FIXABLE {
        let rule = find(name).unwrap_or_else(|| panic!("{name}: no such rule"));
        assert!(rule.fixable, "{name} is listed as fixable");
        let dir = root.join(name);
        let module = find_module(&dir).expect("fixture go.mod");
        let srcs: Vec<(PathBuf, String)> =
            go_files(&dir).into_iter().map(|p| (p.clone(), std::fs::read_to_string(&p).unwrap())).collect();
        let files = load(&srcs);
        let before = analyze_package(Some(&program), &dir, None, &files, module.language_version(), &[rule]);
        let mut fixed = Vec::new();
        let mut applied_here = 0;
        for ((path, src), diags) in srcs.iter().zip(&before) {
            let (out, n) = apply_fixes(src, diags);
            applied_here += n;
            let reparsed = parse_file(out.as_bytes());
            assert!(
                reparsed.errors.is_empty(),
                "{}: fixed source does not parse: {:?}\n{out}",
                path.display(),
                reparsed.errors
            );
            fixed.push((path.clone(), out));
        }
        assert!(applied_here > 0, "{name}: no fix applied on its fixture");
        applied_total += applied_here;
        let files2 = load(&fixed);
        let program2 = Program::new(ProgramOptions::default());
        let after = analyze_package(Some(&program2), &dir, None, &files2, module.language_version(), &[rule]);
        let fixable_before: usize = before.iter().flatten().filter(|d| d.fix.is_some()).count();
        let fixable_after: usize = after.iter().flatten().filter(|d| d.fix.is_some()).count();
        let total_before: usize = before.iter().map(|v| v.len()).sum();
        let total_after: usize = after.iter().map(|v| v.len()).sum();
        assert_eq!(fixable_after, 0, "{name}: fixable findings remain after --fix");
        assert_eq!(total_after, total_before - fixable_before, "{name}: fixing changed unrelated findings");
        if gofmt {
            let tmp = std::env::temp_dir().join(format!("gotraps-fix-{name}-{}", std::process::id()));
            std::fs::create_dir_all(&tmp).unwrap();
            // The fixture is gofmt-clean before the fixes, so anything gofmt would change
            // afterwards is on a line the fixes edited.
            let o = Command::new("gofmt").arg("-l").arg(&dir).output().unwrap();
            assert!(String::from_utf8_lossy(&o.stdout).trim().is_empty(), "{name}: fixture is not gofmt-clean");
            for (path, out) in &fixed {
                let p = tmp.join(path.file_name().unwrap());
                std::fs::write(&p, out).unwrap();
            }
            // The fixed package still builds (a fix must not break types, e.g. the
            // argument a CancelCauseFunc takes).
            if go_available() {
                let pkg = tmp.join("pkg");
                copy_dir(&dir, &pkg);
                for (path, out) in &fixed {
                    std::fs::write(pkg.join(path.file_name().unwrap()), out).unwrap();
                }
                let b = Command::new("go")
                    .args(["build", "-o", "/dev/null", "."])
                    .current_dir(&pkg)
                    .env("GOWORK", "off")
                    .env("GOFLAGS", "-mod=mod")
                    .env("GOTOOLCHAIN", "local")
                    .output()
                    .unwrap();
                assert!(
                    b.status.success(),
                    "{name}: fixed package does not build:\n{}",
                    String::from_utf8_lossy(&b.stderr)
                );
                std::fs::remove_dir_all(&pkg).unwrap();
            }
            let o = Command::new("gofmt").arg("-d").arg(&tmp).output().unwrap();
            let diff = String::from_utf8_lossy(&o.stdout).to_string();
            std::fs::remove_dir_all(&tmp).ok();
            assert!(
                o.status.success() && diff.trim().is_empty(),
                "{name}: gofmt would change the fixed lines:\n{diff}"
            );
        }
    }
    assert!(applied_total > 0);
}
