//! Generated-file detection against go/ast.IsGenerated (tools/gogenerated) on every `.go`
//! file under GOROOT/src, testdata included: the loader skips exactly the files Go calls
//! generated.

use gotraps_workspace::constraints::scan_header;
use std::path::{Path, PathBuf};
use std::process::Command;

fn go_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            go_files(&p, out);
        } else if ft.is_file() && p.extension().is_some_and(|x| x == "go") {
            out.push(p);
        }
    }
}

#[test]
fn generated_files_are_those_go_ast_is_generated_names() {
    let go_ok = Command::new("go").arg("version").output().map(|o| o.status.success()).unwrap_or(false);
    if !go_ok {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "CI=true but `go` is missing");
        eprintln!("skipped: no Go toolchain");
        return;
    }
    let root = gotraps_workspace::goroot().expect("go env GOROOT");
    let mut files = Vec::new();
    go_files(&root.join("src"), &mut files);
    files.sort();
    assert!(files.len() > 5000, "GOROOT/src holds thousands of Go files, found {}", files.len());

    let tool = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/gogenerated");
    let list = std::env::temp_dir().join(format!("gotraps-generated-list-{}", std::process::id()));
    std::fs::write(&list, files.iter().map(|f| format!("{}\n", f.display())).collect::<String>()).unwrap();
    let out = Command::new("go")
        .args(["run", "."])
        .current_dir(&tool)
        .stdin(std::fs::File::open(&list).unwrap())
        .output()
        .unwrap();
    std::fs::remove_file(&list).ok();
    assert!(out.status.success(), "tools/gogenerated: {}", String::from_utf8_lossy(&out.stderr));

    let (mut generated, mut compared, mut mismatches) = (0, 0, Vec::new());
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let (verdict, path) = line.split_once(' ').unwrap();
        let theirs = match verdict {
            "GEN" => true,
            "NOT" => false,
            _ => continue, // go/parser cannot read the header: nothing to compare
        };
        let ours = scan_header(&std::fs::read(path).unwrap()).generated;
        compared += 1;
        generated += theirs as usize;
        if ours != theirs {
            mismatches.push(format!("{path}: go/ast says {theirs}, gotraps {ours}"));
        }
    }
    assert!(compared > 5000 && generated > 100, "{compared} files compared, {generated} generated");
    assert!(mismatches.is_empty(), "{} mismatches:\n{}", mismatches.len(), mismatches.join("\n"));
}
