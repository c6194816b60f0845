//! The registry is complete: adding a rule means its file under `src/rules/` and its
//! fixtures under `testdata/<name>/`, and this test fails until both are in place and the
//! rule is listed in `RULES`. Every registry entry's doc has the fixed headings, the
//! driver's E001/S001/S002 included.

use gotraps_rules::{find, find_any, DRIVER_RULES, RULES};
use std::path::Path;

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `(static name, code)` of each `pub static X: Rule = Rule { code: "..." ...` in `text`.
fn declared_rules(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("pub static ") {
        let rest = &text[i + "pub static ".len()..];
        let Some((name, after)) = rest.split_once(':') else { continue };
        if !after.trim_start().starts_with("Rule = Rule {") {
            continue;
        }
        let code = after.split_once("code: \"").and_then(|(_, c)| c.split_once('"')).map(|(c, _)| c.to_string());
        out.push((name.trim().to_string(), code.unwrap_or_default()));
    }
    out
}

#[test]
fn every_rule_file_is_registered() {
    let registry = std::fs::read_to_string(crate_dir().join("src/rules.rs")).unwrap();
    let mut problems = Vec::new();
    let mut files = 0;
    for entry in std::fs::read_dir(crate_dir().join("src/rules")).unwrap().flatten() {
        let path = entry.path();
        if !path.extension().is_some_and(|e| e == "rs") {
            continue;
        }
        files += 1;
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        if !registry.contains(&format!("mod {stem};")) {
            problems.push(format!("src/rules/{stem}.rs: no `mod {stem};` in src/rules.rs"));
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let declared = declared_rules(&text);
        if declared.is_empty() {
            problems.push(format!("src/rules/{stem}.rs: declares no `pub static ...: Rule`"));
        }
        for (name, code) in declared {
            match find(&code) {
                Some(r) if registry.contains(&format!("&{stem}::{name},")) && r.code == code => {}
                _ => problems.push(format!("src/rules/{stem}.rs: {name} ({code}) is not listed in RULES")),
            }
        }
    }
    assert_eq!(files, RULES.len(), "one file per rule under src/rules/");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_registered_rule_has_positive_and_negative_fixtures() {
    let mut problems = Vec::new();
    for rule in RULES {
        let dir = crate_dir().join("testdata").join(rule.name);
        let mut texts = Vec::new();
        let mut stack = vec![dir.clone()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "go") {
                    texts.push(std::fs::read_to_string(&p).unwrap_or_default());
                }
            }
        }
        if texts.is_empty() {
            problems.push(format!("{} {}: no Go fixtures in testdata/{}/", rule.code, rule.name, rule.name));
            continue;
        }
        if !texts.iter().any(|t| t.contains("// want ")) {
            problems.push(format!("{}: no positive case (`// want`) in testdata/{}/", rule.name, rule.name));
        }
        if !texts.iter().any(|t| !t.contains("// want ")) {
            problems
                .push(format!("{}: no negative file (one without `// want`) in testdata/{}/", rule.name, rule.name));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_entry_documents_itself_with_the_fixed_headings() {
    for r in RULES.iter().chain(DRIVER_RULES) {
        for heading in ["## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Go versions"] {
            assert!(r.doc.contains(heading), "{} {}: doc lacks `{heading}`", r.code, r.name);
        }
        assert!(!r.summary.is_empty() && !r.summary.contains('\n'), "{}: summary must be one line", r.code);
        assert!(std::ptr::eq(find_any(r.code).unwrap(), *r), "{} is found by its code", r.code);
        assert!(std::ptr::eq(find_any(r.name).unwrap(), *r), "{} is found by its name", r.name);
    }
    // The driver's entries are documented but not selectable.
    for r in DRIVER_RULES {
        assert!(find(r.code).is_none(), "{} must not be selectable", r.code);
    }
    let codes: Vec<&str> = DRIVER_RULES.iter().map(|r| r.code).collect();
    assert_eq!(codes, ["E001", "S001", "S002"]);
}

/// Opt-in rules are turned on with `--extend-select` (`--select` would turn every other
/// rule off): no rule's doc may tell users otherwise.
#[test]
fn opt_in_docs_say_extend_select() {
    for r in RULES.iter().chain(DRIVER_RULES) {
        let text = format!("{}\n{}", r.summary, r.doc);
        for (i, _) in text.match_indices("--select") {
            let before = &text[..i];
            assert!(
                before.ends_with("--extend") || text[i..].starts_with("--select ALL"),
                "{}: doc says `--select` where `--extend-select` is meant",
                r.name
            );
        }
    }
}
