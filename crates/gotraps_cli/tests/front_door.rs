//! What a new user meets first: closed pipes, missing or empty targets, binary files,
//! import-path targets, bad `--goos`/`--goarch`, unknown rules in suppressions, the
//! opt-in docs, the install line, `--format concise`, generated files and the progress
//! line.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("gotraps-front-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs gotraps in `dir`: (exit code, stdout, stderr).
fn gotraps(args: &[&str], dir: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gotraps"))
        .args(args)
        .current_dir(dir)
        .env("GOTRAPS_CACHE_DIR", dir.join(".cache"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn go_available() -> bool {
    let ok = Command::new("go").arg("version").output().map(|o| o.status.success()).unwrap_or(false);
    if !ok {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "CI=true but `go` is missing");
        eprintln!("skipped: no Go toolchain");
    }
    ok
}

/// A package with one default-on finding (GT016 unbuffered-signal-channel).
const FINDING: &str = r#"package svc

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

const CLEAN: &str = r#"package svc

import (
	"os"
	"os/signal"
)

func WaitForInterrupt() {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt)
	<-stop
}
"#;

fn module(name: &str) -> PathBuf {
    let d = scratch(name);
    write(&d.join("go.mod"), "module example.com/svc\n\ngo 1.22\n");
    d
}

/// Runs gotraps with stdout a pipe whose reader is already gone: every write fails with
/// EPIPE. (The shell waits until this side has closed its end, then becomes gotraps.)
/// Returns (exit code, stderr).
fn with_closed_stdout(args: &[&str], dir: &Path) -> (i32, String) {
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    let script = format!("sleep 0.3; exec '{}' {}", env!("CARGO_BIN_EXE_gotraps"), quoted.join(" "));
    let mut child = Command::new("sh")
        .args(["-c", &script])
        .current_dir(dir)
        .env("GOTRAPS_CACHE_DIR", std::env::temp_dir().join(format!("gotraps-front-pipe-{}", std::process::id())))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn a_closed_stdout_ends_every_printing_command_quietly() {
    let repo = repo();
    let mut runs: Vec<(Vec<&str>, i32)> = vec![
        (vec!["rules"], 0),
        (vec!["rules", "--format", "json"], 0),
        (vec!["rule", "GT013"], 0),
        (vec!["rule", "E001"], 0),
        (vec!["--help"], 0),
        (vec!["check", "--help"], 0),
    ];
    for format in ["human", "concise", "json", "sarif", "github"] {
        runs.push((vec!["check", "--no-cache", "--format", format, "examples/orders"], 1));
    }
    // A goroutine dump from a real program, written by the program itself.
    let dump_dir = scratch("pipe-dump");
    if go_available() {
        write(&dump_dir.join("go.mod"), "module example.com/dump\n\ngo 1.22\n");
        write(
            &dump_dir.join("main.go"),
            "package main\n\nimport (\n\t\"os\"\n\t\"runtime/pprof\"\n\t\"time\"\n)\n\nfunc main() {\n\tfor i := 0; i < 3; i++ {\n\t\tgo func() { time.Sleep(time.Hour) }()\n\t}\n\ttime.Sleep(50 * time.Millisecond)\n\tpprof.Lookup(\"goroutine\").WriteTo(os.Stdout, 2)\n}\n",
        );
        let out = Command::new("go").args(["run", "."]).current_dir(&dump_dir).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        std::fs::write(dump_dir.join("dump.txt"), &out.stdout).unwrap();
    }
    let dump = dump_dir.join("dump.txt");
    let dump = dump.to_string_lossy().into_owned();
    if Path::new(&dump).exists() {
        runs.push((vec!["goroutines", dump.as_str()], 0));
    }
    for (args, want) in runs {
        let (code, stderr) = with_closed_stdout(&args, &repo);
        assert!(!stderr.contains("panicked"), "gotraps {args:?} panicked on a closed pipe:\n{stderr}");
        assert!(!stderr.contains("Broken pipe"), "gotraps {args:?} complained:\n{stderr}");
        assert!(code == want || code == 0, "gotraps {args:?}: exit {code}, want {want} or 0:\n{stderr}");
    }
    // The same through a real `head`, as a user types it.
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("'{}' rules | head -1", env!("CARGO_BIN_EXE_gotraps")))
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    std::fs::remove_dir_all(&dump_dir).ok();
}

#[test]
fn a_missing_path_is_exit_2_even_when_other_paths_have_findings() {
    let d = module("missing");
    write(&d.join("svc/a.go"), FINDING);
    let (code, stdout, stderr) = gotraps(&["check", "svc", "no-such-dir"], &d);
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.contains("GT016"), "the other path's findings are still printed:\n{stdout}");
    assert!(stderr.contains("error: no-such-dir: no such file or directory"), "{stderr}");
    assert!(!stdout.contains("0 files"), "{stdout}");
    // Alone, it prints no summary of zero files.
    let (code, stdout, stderr) = gotraps(&["check", "no-such-dir"], &d);
    assert_eq!(code, 2, "{stderr}");
    assert!(!stdout.contains("No problems"), "{stdout}");
    // Clean files next to a missing path are still exit 2.
    write(&d.join("svc/a.go"), CLEAN);
    let (code, _, _) = gotraps(&["check", "--format", "json", "svc", "no-such-dir"], &d);
    assert_eq!(code, 2);
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn a_directory_without_go_files_warns() {
    let d = module("empty");
    std::fs::create_dir_all(d.join("docs")).unwrap();
    write(&d.join("docs/README.md"), "# docs\n");
    write(&d.join("svc/a.go"), CLEAN);
    let (code, stdout, stderr) = gotraps(&["check", "docs"], &d);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("warning: docs: no Go files here or below"), "{stderr}");
    assert!(!stdout.contains("No problems in 0 files"), "{stdout}");
    // Only for the empty target.
    let (code, stdout, stderr) = gotraps(&["check", "svc"], &d);
    assert_eq!(code, 0);
    assert!(!stderr.contains("warning"), "{stderr}");
    assert!(stdout.contains("No problems in 1 file."), "{stdout}");
    // Files the build constraints exclude: the warning says so.
    write(&d.join("win/w.go"), "//go:build windows\n\npackage win\n");
    let (_, _, stderr) = gotraps(&["check", "--goos", "linux", "--goarch", "amd64", "win"], &d);
    assert!(stderr.contains("warning: win: no Go files for linux/amd64"), "{stderr}");
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn a_binary_file_named_go_is_one_syntax_error() {
    let d = module("binary");
    write(&d.join("a.go"), FINDING);
    // The test binary itself: a real executable, megabytes of it.
    let exe = std::fs::read(std::env::current_exe().unwrap()).unwrap();
    std::fs::write(d.join("blob.go"), &exe[..exe.len().min(4 << 20)]).unwrap();
    let (code, stdout, stderr) = gotraps(&["check", "--format", "json", "."], &d);
    assert_eq!(code, 1, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let blob: Vec<&serde_json::Value> =
        json["diagnostics"].as_array().unwrap().iter().filter(|x| x["path"] == "blob.go").collect();
    assert_eq!(blob.len(), 1, "{blob:?}");
    assert_eq!(blob[0]["code"], "E001");
    assert!(blob[0]["message"].as_str().unwrap().contains("NUL"));
    // The human output stays short: no excerpt of binary data.
    let (_, human, _) = gotraps(&["check", "--color", "never", "."], &d);
    assert!(human.len() < 4000, "{} bytes of human output", human.len());
    assert!(human.contains("blob.go:") && human.contains("GT016"), "{human}");
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn syntax_errors_are_capped_at_ten_per_file_one_per_line() {
    let d = module("capped");
    let mut src = String::from("package svc\n\n");
    for i in 0..25 {
        src.push_str(&format!("func f{i}() {{\n\tvar _ = 1 +\n}}\n\n"));
    }
    write(&d.join("many.go"), &src);
    let (_, stdout, _) = gotraps(&["check", "--format", "concise", "many.go"], &d);
    let lines: Vec<&str> = stdout.lines().filter(|l| l.contains(" E001 ")).collect();
    assert_eq!(lines.len(), 10, "{stdout}");
    let line_numbers: Vec<u32> = lines.iter().map(|l| l.split(':').nth(1).unwrap().parse().unwrap()).collect();
    assert!(line_numbers.windows(2).all(|w| w[0] < w[1]), "one per line, in order: {line_numbers:?}");
    let (_, json, _) = gotraps(&["check", "--format", "json", "many.go"], &d);
    assert!(json.contains("more lines with syntax errors not shown"), "{json}");
    // go/parser (through gofmt) agrees on where the file first goes wrong.
    if go_available() {
        let gofmt = Command::new("gofmt").arg("many.go").current_dir(&d).output();
        let gofmt = gofmt.expect("gofmt comes with Go");
        let first = String::from_utf8_lossy(&gofmt.stderr).lines().next().unwrap_or("").to_string();
        let ours = lines[0].split(": E001").next().unwrap();
        assert!(first.starts_with(&format!("{ours}: ")), "gofmt: {first}, gotraps: {}", lines[0]);
    }
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn import_path_targets_resolve_through_go_mod() {
    let d = module("importpath");
    write(&d.join("internal/api/a.go"), &FINDING.replace("package svc", "package api"));
    write(&d.join("internal/api/v2/b.go"), &FINDING.replace("package svc", "package v2"));
    write(&d.join("cmd/tool/main.go"), "package main\n\nfunc main() {}\n");
    let paths = |stdout: &str| -> Vec<String> {
        let mut v: Vec<String> = stdout.lines().map(|l| l.split(':').next().unwrap().to_string()).collect();
        v.dedup();
        v
    };
    // One package, as with the go command.
    let (code, stdout, stderr) = gotraps(&["check", "--format", "concise", "example.com/svc/internal/api"], &d);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(paths(&stdout), ["internal/api/a.go"]);
    // `/...`: every package below it.
    let (_, stdout, _) = gotraps(&["check", "--format", "concise", "example.com/svc/internal/..."], &d);
    assert_eq!(paths(&stdout), ["internal/api/a.go", "internal/api/v2/b.go"]);
    // From a subdirectory the module is still found.
    let (_, stdout, _) = gotraps(&["check", "--format", "concise", "example.com/svc/internal/api/v2"], &d.join("cmd"));
    assert!(stdout.contains("internal/api/v2/b.go:"), "{stdout}");
    // Not a package of this module: a clear message, exit 2.
    let (code, _, stderr) = gotraps(&["check", "example.com/svc/nothing"], &d);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("not a package of module example.com/svc")
            || stderr.contains("nor a package of module example.com/svc"),
        "{stderr}"
    );
    let (code, _, stderr) = gotraps(&["check", "example.com/other/pkg"], &d);
    assert_eq!(code, 2);
    assert!(stderr.contains("an import path below example.com/svc"), "{stderr}");
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn unknown_goos_and_goarch_are_rejected() {
    let d = module("ports");
    write(&d.join("a.go"), CLEAN);
    let (code, _, stderr) = gotraps(&["check", "--goos", "linx", "."], &d);
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown GOOS `linx`"), "{stderr}");
    let (code, _, stderr) = gotraps(&["check", "--goarch", "x86", "."], &d);
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown GOARCH `x86`"), "{stderr}");
    let (code, _, stderr) = gotraps(&["check", "--goos", "windows", "--goarch", "s390x", "."], &d);
    assert_eq!(code, 2);
    assert!(stderr.contains("Go does not build for windows/s390x"), "{stderr}");
    // Every port the installed Go knows is accepted.
    if go_available() {
        let list = Command::new("go").args(["tool", "dist", "list"]).output().unwrap();
        for port in String::from_utf8_lossy(&list.stdout).lines() {
            let (os, arch) = port.split_once('/').unwrap();
            let (code, _, stderr) = gotraps(&["check", "--no-cache", "--goos", os, "--goarch", arch, "."], &d);
            assert!(code == 0 || stderr.contains("warning"), "{port}: exit {code}: {stderr}");
        }
    }
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn unknown_rules_in_suppressions_warn() {
    let d = module("suppress");
    let src = FINDING
        .replace(
            "\tsignal.Notify(stop, os.Interrupt)\n",
            "\tsignal.Notify(stop, os.Interrupt) //gotraps:ignore GT016,GT999 read once at exit\n",
        )
        .replace("func WaitForInterrupt", "//nolint:GT998,errcheck\nfunc Other() {}\n\nfunc WaitForInterrupt");
    write(&d.join("a.go"), &src);
    let (code, stdout, stderr) = gotraps(&["check", "--format", "concise", "."], &d);
    assert_eq!(code, 1, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[0].contains("S002 invalid-suppression: unknown rule `gt998`"), "{stdout}");
    assert!(lines[1].contains("S002 invalid-suppression: unknown rule `gt999`"), "{stdout}");
    assert!(!stdout.contains("GT016"), "the known rule is still suppressed:\n{stdout}");
    assert!(!stdout.contains("errcheck"), "other linters' names are not ours to judge:\n{stdout}");
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn opt_in_rules_say_extend_select() {
    let (code, stdout, _) = gotraps(&["rules", "--format", "json"], &repo());
    assert_eq!(code, 0);
    let rules: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let mut opt_in = 0;
    for r in rules.as_array().unwrap() {
        let name = r["name"].as_str().unwrap();
        let (code, doc, _) = gotraps(&["rule", name], &repo());
        assert_eq!(code, 0);
        let plain_select = doc.match_indices("--select").any(|(i, _)| !doc[..i].ends_with("--extend"));
        assert!(!plain_select, "`gotraps rule {name}` says `--select`:\n{doc}");
        if r["default"] == false && r["code"].as_str().unwrap().starts_with("GT") {
            opt_in += 1;
            assert!(doc.contains(&format!("--extend-select {name}")), "`gotraps rule {name}`:\n{doc}");
        }
    }
    assert!(opt_in > 10, "{opt_in} opt-in rules");
    // The driver's own findings are documented like rules.
    for code in ["E001", "S001", "S002"] {
        let (status, doc, _) = gotraps(&["rule", code], &repo());
        assert_eq!(status, 0);
        assert!(doc.starts_with(&format!("# {code} ")) && doc.contains("## What it does"), "{doc}");
    }
    let (_, list, _) = gotraps(&["rules"], &repo());
    assert!(list.contains("E001") && list.contains("S002 "), "{list}");
}

#[test]
fn the_readme_says_how_to_install() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    assert!(readme.contains("cargo install --path crates/gotraps_cli"));
    assert!(repo().join("crates/gotraps_cli/Cargo.toml").exists());
}

/// Every concise line is `path:line:col: CODE name: message` of a JSON diagnostic, in
/// the same order: JSON is the oracle for positions.
#[test]
fn concise_prints_one_line_per_finding() {
    let repo = repo();
    let (code, concise, _) = gotraps(&["check", "--no-cache", "--format", "concise", "examples/orders"], &repo);
    assert_eq!(code, 1);
    let (_, json, _) = gotraps(&["check", "--no-cache", "--format", "json", "examples/orders"], &repo);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let want: Vec<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}: {} {}: {}",
                d["path"].as_str().unwrap(),
                d["line"],
                d["column"],
                d["code"].as_str().unwrap(),
                d["name"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(concise.lines().collect::<Vec<_>>(), want);
    assert_eq!(want.len(), 17);
}

#[test]
fn generated_files_are_skipped_unless_asked_for() {
    let d = module("generated");
    write(&d.join("a.go"), FINDING);
    let generated =
        format!("// Code generated by sigs-gen. DO NOT EDIT.\n\n{}", FINDING.replace("WaitForInterrupt", "Wait2"));
    write(&d.join("zz_generated.go"), &generated);
    let files = |args: &[&str], dir: &Path| -> Vec<String> {
        let (_, out, _) = gotraps(args, dir);
        let mut v: Vec<String> = out.lines().map(|l| l.split(':').next().unwrap().to_string()).collect();
        v.dedup();
        v
    };
    assert_eq!(files(&["check", "--format", "concise", "."], &d), ["a.go"]);
    assert_eq!(files(&["check", "--format", "concise", "--include-generated", "."], &d), ["a.go", "zz_generated.go"]);
    write(&d.join("gotraps.toml"), "include-generated = true\n");
    assert_eq!(files(&["check", "--format", "concise", "."], &d), ["a.go", "zz_generated.go"]);
    std::fs::remove_file(d.join("gotraps.toml")).unwrap();
    // A directory of generated files only says why nothing was checked.
    write(&d.join("gen/z.go"), &generated.replace("package svc", "package gen"));
    let (code, _, stderr) = gotraps(&["check", "gen"], &d);
    assert_eq!(code, 0);
    assert!(stderr.contains("only generated Go files (1); --include-generated checks them"), "{stderr}");
    std::fs::remove_dir_all(&d).ok();
}

/// Many packages: enough for the progress line.
fn many_packages(name: &str) -> PathBuf {
    let d = module(name);
    for i in 0..30 {
        write(&d.join(format!("p{i}/a.go")), &CLEAN.replace("package svc", &format!("package p{i}")));
    }
    d
}

#[test]
fn no_progress_bytes_when_stderr_is_not_a_terminal() {
    let d = many_packages("progress-pipe");
    for format in ["human", "concise", "json", "sarif", "github"] {
        let (code, stdout, stderr) = gotraps(&["check", "--no-cache", "--format", format, "."], &d);
        assert_eq!(code, 0, "{stderr}");
        for text in [&stdout, &stderr] {
            assert!(!text.contains('\r') && !text.contains("packages checked"), "{format}: {text:?}");
        }
    }
    std::fs::remove_dir_all(&d).ok();
}

/// On a terminal (`script` gives the run one), the human format shows the progress line
/// and the machine formats still do not.
#[test]
fn progress_line_on_a_terminal_only_for_human_output() {
    let have_script = Command::new("script").arg("--version").output().map(|o| o.status.success()).unwrap_or(false);
    if !have_script {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "CI=true but `script` (util-linux) is missing");
        eprintln!("skipped: no `script`");
        return;
    }
    let d = many_packages("progress-tty");
    let run = |format: &str| -> String {
        let cmd = format!("'{}' check --no-cache --format {format} .", env!("CARGO_BIN_EXE_gotraps"));
        let out = Command::new("script")
            .args(["-qec", &cmd, "/dev/null"])
            .current_dir(&d)
            .env("GOTRAPS_CACHE_DIR", d.join(".cache"))
            .stdin(Stdio::null())
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let human = run("human");
    assert!(human.contains("/30] packages checked"), "{human:?}");
    assert!(human.contains("\r\x1b[K"), "the line is erased before the output: {human:?}");
    for format in ["concise", "json"] {
        let out = run(format);
        assert!(!out.contains("packages checked"), "{format}: {out:?}");
    }
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn a_retired_rule_still_parses_in_options_config_and_suppressions() {
    let d = module("retired");
    write(&d.join("svc/a.go"), FINDING);
    write(&d.join("gotraps.toml"), "ignore = [\"lock-held-across-channel-op\"]\n");
    write(
        &d.join("svc/b.go"),
        "package svc\n\nimport \"sync\"\n\nvar mu sync.Mutex\n\nfunc g() {\n\tmu.Lock() //nolint:GT029\n\tmu.Unlock()\n}\n",
    );
    for args in
        [&["check", "svc"][..], &["check", "--ignore", "GT029", "svc"], &["check", "--extend-select", "GT029", "svc"]]
    {
        let (code, stdout, stderr) = gotraps(args, &d);
        assert_eq!(code, 1, "{args:?}: findings, not a usage error: {stderr}");
        assert!(stdout.contains("GT016"), "{stdout}");
        assert!(!stdout.contains("S002"), "a retired code is not an unknown rule: {stdout}");
    }
    // An unknown code is still refused.
    let (code, _, stderr) = gotraps(&["check", "--ignore", "GT999", "svc"], &d);
    assert_eq!(code, 2, "{stderr}");
    std::fs::remove_dir_all(&d).ok();
}
