//! The rule registry against the trap catalog: codes and names are unique and well
//! formed, every rule names real trap IDs, every doc has the required headings, and
//! `docs/traps.md` (the trap -> rule map) is up to date. Regenerate it with
//! `GOTRAPS_UPDATE_DOCS=1 cargo test -p gotraps_rules --test catalog`.

use gotraps_rules::traps::{PRODUCTION_TRAPS, SOURCE_TRAPS};
use gotraps_rules::RULES;
use std::collections::HashSet;
use std::path::Path;

#[test]
fn codes_names_traps_and_docs_are_well_formed() {
    let mut codes = HashSet::new();
    let mut names = HashSet::new();
    let ids: HashSet<&str> = SOURCE_TRAPS.iter().map(|t| t.0).collect();
    for r in RULES {
        assert!(codes.insert(r.code), "duplicate code {}", r.code);
        assert!(names.insert(r.name), "duplicate name {}", r.name);
        assert!(
            r.code.len() == 5 && r.code.starts_with("GT") && r.code[2..].bytes().all(|b| b.is_ascii_digit()),
            "{}",
            r.code
        );
        assert!(r.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{} is not kebab-case", r.name);
        assert!(!r.traps.is_empty(), "{} names no trap", r.name);
        for t in r.traps {
            assert!(ids.contains(t), "{} names unknown trap {t}", r.name);
        }
        for heading in ["## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Go versions"] {
            assert!(r.doc.contains(heading), "{}: doc lacks `{heading}`", r.name);
        }
        if r.fixable {
            assert!(r.doc.contains("## Fix"), "{}: fixable rule without a `## Fix` section", r.name);
        }
    }
    let mut sorted: Vec<_> = RULES.iter().map(|r| r.code).collect();
    sorted.sort();
    assert_eq!(sorted, RULES.iter().map(|r| r.code).collect::<Vec<_>>(), "RULES must be ordered by code");
}

fn render_trap_map() -> String {
    let mut out = String::from(
        "# Trap catalog map\n\nEvery trap ID of the catalog and what covers it. Generated from the rule registry by\n`GOTRAPS_UPDATE_DOCS=1 cargo test -p gotraps_rules --test catalog`; a test fails when it is stale.\n\n## In source\n\n| trap | title | rules |\n| --- | --- | --- |\n",
    );
    for (id, title) in SOURCE_TRAPS {
        let rules: Vec<String> = RULES
            .iter()
            .filter(|r| r.traps.contains(id))
            .map(|r| format!("{} `{}`{}", r.code, r.name, if r.default_on { "" } else { " (opt-in)" }))
            .collect();
        let rules = if rules.is_empty() { "not covered yet".to_string() } else { rules.join(", ") };
        out.push_str(&format!("| {id} | {title} | {rules} |\n"));
    }
    out.push_str("\n## In production\n\n| trap | title | where |\n| --- | --- | --- |\n");
    for (id, title, wher) in PRODUCTION_TRAPS {
        out.push_str(&format!("| {id} | {title} | {wher} |\n"));
    }
    out
}

#[test]
fn trap_map_doc_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/traps.md");
    let want = render_trap_map();
    if std::env::var("GOTRAPS_UPDATE_DOCS").is_ok() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/traps.md is stale: run GOTRAPS_UPDATE_DOCS=1 cargo test -p gotraps_rules --test catalog"
    );
}
