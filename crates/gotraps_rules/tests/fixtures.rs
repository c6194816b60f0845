//! The expectation harness: every directory under `testdata/` is named after a rule and
//! holds a Go package (with its go.mod); lines that must be flagged carry
//! `// want "regex"` (or a backquoted regex), several per line allowed. Only that rule
//! runs. Every expectation must be met by exactly one finding on that line, and every
//! finding must be expected. Each rule needs a fixture directory with both positive
//! (`// want`) and negative (a file without any `want`) cases.

use gotraps_rules::{analyze_package, find, SourceFile, RULES};
use gotraps_semantic::{Program, ProgramOptions};
use gotraps_syntax::{parse_file, LineIndex};
use gotraps_workspace::find_module;
use regex::Regex;
use std::path::{Path, PathBuf};

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata")
}

/// Regexes after `// want` on a line.
fn wants(line: &str) -> Vec<String> {
    let Some(i) = line.find("// want ") else { return Vec::new() };
    let mut rest = line[i + 8..].trim();
    let mut out = Vec::new();
    while let Some(q) = rest.chars().next() {
        if q != '"' && q != '`' {
            break;
        }
        let Some(end) = rest[1..].find(q) else { break };
        out.push(rest[1..1 + end].to_string());
        rest = rest[end + 2..].trim_start();
    }
    out
}

fn go_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "go"))
        .collect();
    files.sort();
    files
}

/// A rule's fixture packages: `testdata/<rule>` and its sub-packages (e.g. one per Go
/// version, `go121/` with its own go.mod). `None` when the rule has no fixture directory.
fn fixture_dirs(rule_name: &str) -> Option<Vec<PathBuf>> {
    let dir = testdata().join(rule_name);
    if !dir.is_dir() {
        return None;
    }
    let mut dirs = vec![dir.clone()];
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        if e.path().is_dir() {
            dirs.push(e.path());
        }
    }
    Some(dirs)
}

/// Runs one fixture package; returns the list of mismatches.
fn run_fixture(rule_name: &str, dir: &Path) -> (Vec<String>, usize, usize) {
    run_fixture_with(rule_name, dir, true)
}

/// [`run_fixture`], with the semantic model or without it (`with_model: false`: the
/// syntax-only checks a package falls back to when its model cannot be built).
fn run_fixture_with(rule_name: &str, dir: &Path, with_model: bool) -> (Vec<String>, usize, usize) {
    let rule = find(rule_name).unwrap_or_else(|| panic!("testdata/{rule_name}: no rule of that name"));
    let module = find_module(dir).expect("fixture directories carry a go.mod");
    let files: Vec<SourceFile> = go_files(dir)
        .into_iter()
        .map(|p| {
            let src = std::fs::read(&p).unwrap();
            let ast = parse_file(&src);
            assert!(ast.errors.is_empty(), "{}: fixture does not parse: {:?}", p.display(), ast.errors);
            SourceFile { path: p.display().to_string(), lines: LineIndex::new(&src), ast: ast.into() }
        })
        .collect();
    // With the semantic model, as `gotraps check` runs the rules.
    let program = Program::new(ProgramOptions::default());
    let program = with_model.then_some(&program);
    let results = analyze_package(program, dir, None, &files, module.language_version(), &[rule]);
    let mut problems = Vec::new();
    let (mut positives, mut clean_files) = (0, 0);
    for (file, diags) in files.iter().zip(results) {
        let mut found: Vec<(u32, String)> = diags
            .iter()
            .map(|d| (file.lines.line_col(d.span.start).0, format!("{} {}: {}", d.code, d.name, d.message)))
            .collect();
        let mut file_wants = 0;
        for (n, line) in file.ast.src.lines().enumerate() {
            let line_no = n as u32 + 1;
            for w in wants(line) {
                file_wants += 1;
                let re = Regex::new(&w).unwrap_or_else(|e| panic!("{}:{line_no}: bad regex: {e}", file.path));
                match found.iter().position(|(l, m)| *l == line_no && re.is_match(m)) {
                    Some(i) => {
                        found.remove(i);
                    }
                    None => problems.push(format!("{}:{line_no}: no finding matching `{w}`", file.path)),
                }
            }
        }
        positives += file_wants;
        if file_wants == 0 {
            clean_files += 1;
        }
        for (l, m) in found {
            problems.push(format!("{}:{l}: unexpected finding: {m}", file.path));
        }
    }
    (problems, positives, clean_files)
}

#[test]
fn want_parsing() {
    assert_eq!(wants(r#"x := 1 // want "a b" `c\(`"#), vec!["a b".to_string(), r"c\(".to_string()]);
    assert!(wants("x := 1 // wanted").is_empty());
}

#[test]
fn every_rule_meets_its_fixture_expectations() {
    let mut problems = Vec::new();
    // `GOTRAPS_FIXTURES=rule-a,rule-b` runs only these rules' fixtures (while iterating).
    let only: Option<Vec<String>> =
        std::env::var("GOTRAPS_FIXTURES").ok().map(|v| v.split(',').map(|s| s.trim().to_string()).collect());
    for rule in RULES {
        if only.as_ref().is_some_and(|o| !o.iter().any(|n| rule.is_named(n))) {
            continue;
        }
        let Some(dirs) = fixture_dirs(rule.name) else {
            problems.push(format!("{} {}: no fixture directory testdata/{}", rule.code, rule.name, rule.name));
            continue;
        };
        let (mut positives, mut negatives) = (0, 0);
        for d in dirs {
            let (p, pos, neg) = run_fixture(rule.name, &d);
            problems.extend(p);
            positives += pos;
            negatives += neg;
        }
        if positives == 0 {
            problems.push(format!("{}: fixtures have no positive case (`// want`)", rule.name));
        }
        if negatives == 0 {
            problems.push(format!("{}: fixtures have no negative file (one without `// want`)", rule.name));
        }
    }
    for e in std::fs::read_dir(testdata()).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if find(&name).is_none() {
            problems.push(format!("testdata/{name}: not the name of a rule"));
        }
    }
    assert!(problems.is_empty(), "{} fixture problems:\n{}", problems.len(), problems.join("\n"));
}

/// Without a model (a package the checker could not build, or a panic inside it), every
/// rule still runs over every fixture through the syntax-only fallback of the adapters
/// (`Var`, `Place`, `is_universe`, `call_never_returns`). It must not panic. It may miss
/// findings, but it may report one a fixture does not expect only in a file that says
/// why with a `// nomodel: <reason>` line (names a shadowing declaration hides, a type
/// only the model knows), and every such file must still show that difference, so the
/// marker cannot go stale.
#[test]
fn syntax_only_fallback_runs_every_fixture() {
    let (mut wanted, mut met) = (0usize, 0usize);
    let mut problems = Vec::new();
    let mut invented_in: Vec<String> = Vec::new();
    let mut marked: Vec<String> = Vec::new();
    for rule in RULES {
        for d in fixture_dirs(rule.name).unwrap_or_default() {
            for f in go_files(&d) {
                if std::fs::read_to_string(&f).unwrap().lines().any(|l| l.trim_start().starts_with("// nomodel: ")) {
                    marked.push(f.display().to_string());
                }
            }
            let (fallback, positives, _) = run_fixture_with(rule.name, &d, false);
            wanted += positives;
            met += positives - fallback.iter().filter(|p| p.contains(": no finding matching")).count();
            for p in fallback.into_iter().filter(|p| p.contains(": unexpected finding")) {
                let file = p.split(':').next().unwrap_or_default().to_string();
                if !marked.contains(&file) {
                    problems.push(format!("without the model: {p}"));
                }
                invented_in.push(file);
            }
        }
    }
    for m in &marked {
        if !invented_in.contains(m) {
            problems.push(format!("{m}: has `// nomodel:` but reports nothing unexpected without the model"));
        }
    }
    eprintln!(
        "syntax-only fallback: {met} of {wanted} expected findings; unexpected ones only in {} marked files",
        marked.len()
    );
    assert!(met > 0, "the syntax-only fallback met none of the fixtures' expectations");
    assert!(problems.is_empty(), "{} fallback problems:\n{}", problems.len(), problems.join("\n"));
}
