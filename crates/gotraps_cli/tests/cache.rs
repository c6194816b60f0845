//! The result cache of `gotraps check`. A second run answers from the cache, and its
//! output is byte-identical to a run with `--no-cache`. Each kind of change that a
//! package's findings depend on makes that package, and only what depends on it, be
//! analysed again. The kinds covered: its own files, a file of a package it imports
//! (target or not), a new package, an import that starts resolving (vendor), the config
//! file, the options, and a corrupt cache file.
//!
//! The finding used throughout is GT116 on `fetch.Server.Shutdown(context.Background())`
//! in package `app`. It exists only while package `fetch` declares `Server` as an
//! `*http.Server`, so it depends on another package's types.

use std::path::{Path, PathBuf};
use std::process::Command;

struct Module {
    root: PathBuf,
    cache: PathBuf,
}

impl Module {
    fn new(name: &str) -> Module {
        let base = std::env::temp_dir().join(format!("gotraps-cache-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let m = Module { root: base.join("svc"), cache: base.join("cache") };
        m.write("go.mod", "module example.com/svc\n\ngo 1.22\n");
        m.write("fetch/fetch.go", FETCH_HTTP_SERVER);
        m.write("app/app.go", APP);
        m
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn run(&self, args: &[&str]) -> (String, String) {
        self.run_with(Path::new(env!("CARGO_BIN_EXE_gotraps")), args)
    }

    fn run_with(&self, binary: &Path, args: &[&str]) -> (String, String) {
        let out = Command::new(binary)
            .arg("check")
            .args(args)
            .current_dir(&self.root)
            .env("GOTRAPS_CACHE_DIR", &self.cache)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
        (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
    }

    /// The human summary line of a cached run (the run updates the cache).
    fn summary(&self, args: &[&str]) -> String {
        let (out, _) = self.run(&[args, &["--format", "human"]].concat());
        out.lines().last().unwrap_or_default().to_string()
    }

    /// JSON output of a run through the cache, checked against a run without it.
    fn json(&self, args: &[&str]) -> String {
        let (cached, _) = self.run(&[args, &["--format", "json"]].concat());
        let (fresh, _) = self.run(&[args, &["--format", "json", "--no-cache"]].concat());
        assert_eq!(cached, fresh, "cached output differs from a fresh analysis");
        cached
    }
}

impl Drop for Module {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(self.root.parent().unwrap());
    }
}

const FETCH_HTTP_SERVER: &str = r#"package fetch

import "net/http"

// Server serves the public API.
var Server = &http.Server{Addr: ":8080"}
"#;

const FETCH_OWN_SERVER: &str = r#"package fetch

import "context"

type server struct{}

// Shutdown stops nothing: there is nothing to stop.
func (server) Shutdown(ctx context.Context) error { return nil }

// Server serves the public API.
var Server server
"#;

const APP: &str = r#"package app

import (
	"context"

	"example.com/svc/fetch"
)

// Stop shuts the API server down.
func Stop() error {
	return fetch.Server.Shutdown(context.Background())
}
"#;

fn count(json: &str, code: &str) -> usize {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    v["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == code).count()
}

fn cached_files(summary: &str) -> usize {
    match summary.find(" unchanged, from the cache.") {
        Some(end) => {
            let head = &summary[..end];
            let words: Vec<&str> = head.split_whitespace().collect();
            words[words.len() - 2].parse().unwrap()
        }
        None => 0,
    }
}

#[test]
fn second_run_is_served_from_the_cache_with_identical_output() {
    let m = Module::new("repeat");
    assert_eq!(cached_files(&m.summary(&[])), 0, "first run has nothing cached");
    let json = m.json(&[]);
    assert_eq!(count(&json, "GT116"), 1, "{json}");
    let s = m.summary(&[]);
    assert_eq!(cached_files(&s), 2, "{s}");
    assert!(s.starts_with("Found 1 problem"), "{s}");
    // The human rendering of a cached finding still shows the source line.
    let (human, _) = m.run(&["--format", "human"]);
    let (fresh, _) = m.run(&["--format", "human", "--no-cache"]);
    assert_eq!(human.replace(" 2 files unchanged, from the cache.", ""), fresh);
    assert!(human.contains("return fetch.Server.Shutdown(context.Background())"), "{human}");
}

#[test]
fn changing_an_imported_package_reanalyses_its_importers() {
    let m = Module::new("dep");
    m.summary(&[]);
    m.write("fetch/fetch.go", FETCH_OWN_SERVER);
    let s = m.summary(&[]);
    assert_eq!(cached_files(&s), 0, "fetch changed and app imports it: {s}");
    assert_eq!(count(&m.json(&[]), "GT116"), 0);
    m.write("fetch/fetch.go", FETCH_HTTP_SERVER);
    assert_eq!(count(&m.json(&[]), "GT116"), 1);
}

const FETCH_WITH_BODY: &str = r#"package fetch

import (
	"net/http"
	"time"
)

// Server serves the public API.
var Server = &http.Server{Addr: ":8080"}

type limits struct{ max int }

var defaults = limits{max: 10}

// Timeout is how long a request may take.
func Timeout() time.Duration {
	return time.Duration(defaults.max) * time.Second
}
"#;

#[test]
fn an_edit_inside_a_function_body_keeps_the_importers_cached() {
    let m = Module::new("body");
    m.write("fetch/fetch.go", FETCH_WITH_BODY);
    m.summary(&[]);
    // The body and a doc comment change; every declaration stays as it was.
    m.write(
        "fetch/fetch.go",
        &FETCH_WITH_BODY
            .replace(
                "return time.Duration(defaults.max)",
                "// Uploads need longer.
	return 3 * time.Duration(defaults.max)",
            )
            .replace("// Timeout is how long", "// Timeout is the longest"),
    );
    let s = m.summary(&[]);
    assert_eq!(cached_files(&s), 1, "app sees only fetch's declarations: {s}");
    assert_eq!(count(&m.json(&[]), "GT116"), 1);
}

#[test]
fn a_changed_declaration_reanalyses_the_importers_even_unexported() {
    let m = Module::new("decl");
    m.write("fetch/fetch.go", FETCH_WITH_BODY);
    m.summary(&[]);
    // A signature.
    m.write(
        "fetch/fetch.go",
        &FETCH_WITH_BODY.replace("func Timeout() time.Duration", "func Timeout(int) time.Duration"),
    );
    let s = m.summary(&[]);
    assert_eq!(cached_files(&s), 0, "{s}");
    // An unexported type's field: rules look into struct layouts (copied locks).
    m.write("fetch/fetch.go", &FETCH_WITH_BODY.replace("struct{ max int }", "struct{ max int64 }"));
    let s = m.summary(&[]);
    assert_eq!(cached_files(&s), 0, "{s}");
    assert_eq!(count(&m.json(&[]), "GT116"), 1);
}

#[test]
fn a_new_file_in_an_imported_package_reanalyses_its_importers() {
    let m = Module::new("newfile");
    m.write("fetch/fetch.go", "package fetch\n");
    m.summary(&[]);
    assert_eq!(count(&m.json(&[]), "GT116"), 0);
    // The declaration arrives in a second file of the package.
    m.write("fetch/server.go", &FETCH_HTTP_SERVER.replace("package fetch", "package fetch\n"));
    let s = m.summary(&[]);
    assert_eq!(cached_files(&s), 0, "{s}");
    assert_eq!(count(&m.json(&[]), "GT116"), 1);
}

#[test]
fn only_changed_packages_and_their_importers_are_reanalysed() {
    let m = Module::new("partial");
    m.write("util/util.go", "package util\n\n// Name is the service name.\nconst Name = \"svc\"\n");
    m.summary(&[]);
    // A suppression in app: app is analysed again, fetch and util are not.
    m.write(
        "app/app.go",
        &APP.replace(
            "\treturn fetch.Server",
            "\t//nolint:gotraps // shutdown is bounded by the caller\n\treturn fetch.Server",
        ),
    );
    let s = m.summary(&[]);
    assert_eq!(cached_files(&s), 2, "{s}");
    assert_eq!(count(&m.json(&[]), "GT116"), 0);
    // A new package: everything else comes from the cache.
    m.write("health/health.go", "package health\n\n// OK reports health.\nfunc OK() bool { return true }\n");
    let s = m.summary(&[]);
    assert_eq!(cached_files(&s), 3, "{s}");
}

#[test]
fn an_import_that_starts_resolving_reanalyses_the_importer() {
    let m = Module::new("vendor");
    m.write(
        "ops/ops.go",
        "package ops\n\nimport (\n\t\"context\"\n\n\t\"example.org/admin\"\n)\n\n// Stop stops the admin server.\nfunc Stop() error {\n\treturn admin.Server.Shutdown(context.Background())\n}\n",
    );
    m.summary(&[]);
    let before = count(&m.json(&[]), "GT116");
    // Nothing in ops changes; its import now resolves to a vendored package.
    m.write("vendor/example.org/admin/admin.go", &FETCH_HTTP_SERVER.replace("package fetch", "package admin"));
    let s = m.summary(&[]);
    assert_eq!(cached_files(&s), 2, "app and fetch are unchanged, ops is not: {s}");
    let after = count(&m.json(&[]), "GT116");
    assert_eq!(after, before + 1, "the vendored *http.Server makes ops' Shutdown call a finding");
}

#[test]
fn a_package_imported_from_outside_the_targets_is_tracked_by_stamps() {
    let m = Module::new("outside");
    assert_eq!(count(&m.json(&["./app"]), "GT116"), 1);
    assert_eq!(cached_files(&m.summary(&["./app"])), 1);
    m.write("fetch/fetch.go", FETCH_OWN_SERVER);
    let s = m.summary(&["./app"]);
    assert_eq!(cached_files(&s), 0, "fetch is not a target but app depends on it: {s}");
    assert_eq!(count(&m.json(&["./app"]), "GT116"), 0);
}

#[test]
fn options_and_config_are_part_of_the_key() {
    let m = Module::new("options");
    m.summary(&[]);
    assert_eq!(cached_files(&m.summary(&["--ignore", "GT116"])), 0, "other rules, other cache");
    assert_eq!(count(&m.json(&["--ignore", "GT116"]), "GT116"), 0);
    m.write("gotraps.toml", "ignore = [\"shutdown-without-deadline\"]\n");
    assert_eq!(cached_files(&m.summary(&[])), 0, "a config change is a new run");
    assert_eq!(count(&m.json(&[]), "GT116"), 0);
    m.write("gotraps.toml", "");
    assert_eq!(count(&m.json(&[]), "GT116"), 1);
}

#[test]
fn a_corrupt_cache_file_is_a_miss_not_an_error() {
    let m = Module::new("corrupt");
    m.summary(&[]);
    let files: Vec<PathBuf> = std::fs::read_dir(&m.cache).unwrap().map(|e| e.unwrap().path()).collect();
    assert!(!files.is_empty());
    for f in &files {
        std::fs::write(f, b"{\"format\": 1, \"packages\": [{\"dir\": 7}]").unwrap();
    }
    let (out, err) = m.run(&["--format", "human"]);
    assert!(err.is_empty(), "{err}");
    assert_eq!(cached_files(out.lines().last().unwrap()), 0);
    assert_eq!(count(&m.json(&[]), "GT116"), 1);
    assert!(Path::new(&files[0]).exists());
}

#[test]
fn old_cache_files_are_pruned() {
    let m = Module::new("prune");
    std::fs::create_dir_all(&m.cache).unwrap();
    for i in 0..40 {
        std::fs::write(m.cache.join(format!("check-{i:032x}.json")), "{}").unwrap();
    }
    std::fs::write(m.cache.join("notes.txt"), "not a cache file").unwrap();
    m.summary(&[]);
    let names: Vec<String> =
        std::fs::read_dir(&m.cache).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    let cache_files = names.iter().filter(|n| n.starts_with("check-")).count();
    assert_eq!(cache_files, 32, "{names:?}");
    assert!(names.iter().any(|n| n == "notes.txt"), "only cache files are removed");
    // The file just written is among the kept ones: the next run is served from it.
    assert_eq!(cached_files(&m.summary(&[])), 2);
}

#[test]
fn the_binary_is_known_by_its_content() {
    let m = Module::new("binary");
    m.summary(&[]);
    let bin_dir = m.root.parent().unwrap().join("bin");
    std::fs::create_dir_all(&bin_dir).unwrap();
    // The same build installed elsewhere, later (as a CI runner restores it): a hit.
    let same = bin_dir.join("gotraps-same");
    std::fs::copy(env!("CARGO_BIN_EXE_gotraps"), &same).unwrap();
    let (out, _) = m.run_with(&same, &["--format", "human"]);
    assert_eq!(cached_files(out.lines().last().unwrap()), 2, "{out}");
    // A different build (here: the same code with bytes appended, which still runs): a miss.
    let other = bin_dir.join("gotraps-other");
    let mut bytes = std::fs::read(env!("CARGO_BIN_EXE_gotraps")).unwrap();
    bytes.extend_from_slice(b"another build");
    std::fs::write(&other, bytes).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&other, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let (out, _) = m.run_with(&other, &["--format", "human"]);
    assert_eq!(cached_files(out.lines().last().unwrap()), 0, "{out}");
}
