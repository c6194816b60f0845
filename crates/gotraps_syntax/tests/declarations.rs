//! `parse_declarations` (used for packages that are only imported) against `parse_file`
//! on real code: the same declarations with the same spans, every function body an empty
//! block spanning the same braces, no new syntax errors, and the span invariants hold.
//! Runs over GOROOT's `net`, `sync`, `context`, `go` and `runtime` trees (skipped without a
//! Go toolchain, except under CI=true).

use gotraps_syntax::ast::{Decl, StmtKind};
use gotraps_syntax::{check_span_invariants, parse_declarations, parse_file};
use std::path::{Path, PathBuf};

fn go_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            go_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "go") {
            out.push(p);
        }
    }
}

fn goroot_src() -> Option<PathBuf> {
    let out = std::process::Command::new("go").args(["env", "GOROOT"]).output().ok()?;
    let root = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim()).join("src");
    root.is_dir().then_some(root)
}

#[test]
fn declarations_match_a_full_parse_with_empty_bodies() {
    let Some(src) = goroot_src() else {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "CI must have a Go toolchain");
        return;
    };
    let mut files = Vec::new();
    for d in ["net", "sync", "context", "go", "runtime"] {
        go_files(&src.join(d), &mut files);
    }
    files.sort();
    assert!(files.len() > 500, "{} files", files.len());
    let mut bodies = 0;
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let full = parse_file(&bytes);
        let decls = parse_declarations(&bytes);
        let name = path.display();
        check_span_invariants(&decls).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(full.decls.len(), decls.decls.len(), "{name}");
        for (a, b) in full.decls.iter().zip(&decls.decls) {
            assert_eq!(a.span(), b.span(), "{name}");
            match (a, b) {
                (Decl::Func(fa), Decl::Func(fb)) => {
                    assert_eq!(fa.name.span, fb.name.span, "{name}");
                    assert_eq!(fa.typ.span, fb.typ.span, "{name}");
                    match (fa.body, fb.body) {
                        (Some(ba), Some(bb)) => {
                            assert_eq!(
                                full.stmt(ba).span,
                                decls.stmt(bb).span,
                                "{name}: body of {}",
                                full.name(fa.name)
                            );
                            assert!(
                                matches!(&decls.stmt(bb).kind, StmtKind::Block { stmts } if stmts.is_empty()),
                                "{name}"
                            );
                            bodies += 1;
                        }
                        (None, None) => {}
                        _ => panic!("{name}: body presence differs for {}", full.name(fa.name)),
                    }
                }
                (Decl::Gen(_), Decl::Gen(_)) | (Decl::Bad(_), Decl::Bad(_)) => {}
                _ => panic!("{name}: declaration kinds differ"),
            }
        }
        // Outside function bodies the trees are node for node the same: every expression
        // of the full parse that is not inside a body is in the declarations-only parse.
        let body_spans: Vec<_> = full
            .decls
            .iter()
            .filter_map(|d| match d {
                Decl::Func(f) => f.body.map(|b| full.stmt(b).span),
                _ => None,
            })
            .collect();
        let outside = full
            .exprs
            .iter()
            .filter(|e| !body_spans.iter().any(|b| b.start <= e.span.start && e.span.end <= b.end))
            .count();
        assert_eq!(outside, decls.exprs.len(), "{name}: expressions outside bodies");
        for e in &decls.errors {
            assert!(full.errors.iter().any(|f| f.span == e.span), "{name}: new error {}", e.message);
        }
    }
    assert!(bodies > 5000, "{bodies} bodies compared");
}
