//! Which local declarations shadow an import name, and where. Enough for rules to tell
//! `log.Fatal` (the package) from `log.Fatal` on a local variable named `log` until the
//! full semantic model answers "what does this name refer to".

use crate::funcs::{for_each_stmt, functions};
use gotraps_syntax::ast::{AssignOp, ExprKind, FieldList, File, Spec, StmtId, StmtKind};
use gotraps_syntax::Span;
use std::collections::HashMap;

/// `(name, scope)` for every local declaration of a name that is also an import name.
pub fn shadowing_decls<'a>(file: &'a File, imports: &HashMap<&'a str, &'a str>) -> Vec<(&'a str, Span)> {
    let mut out = Vec::new();
    if imports.is_empty() {
        return out;
    }
    let mut add = |name: &'a str, scope: Span| {
        if imports.contains_key(name) {
            out.push((name, scope));
        }
    };
    for func in functions(file) {
        let body = file.stmt(func.body).span;
        for list in [Some(&func.typ.params), func.typ.results.as_ref()].into_iter().flatten() {
            for_each_field_name(file, list, |n| add(n, body));
        }
        for_each_stmt(file, func.body, |id, enclosing| {
            let scope_end = enclosing.last().map(|&s| file.stmt(s).span.end).unwrap_or(body.end);
            let stmt = file.stmt(id);
            let scope = Span::new(stmt.span.start, scope_end);
            match &stmt.kind {
                StmtKind::Assign { lhs, op: AssignOp::Define, .. } => {
                    for &l in lhs {
                        if let ExprKind::Ident(i) = file.expr(l).kind {
                            add(file.name(i), scope);
                        }
                    }
                }
                StmtKind::Range { key, value, op: Some(AssignOp::Define), .. } => {
                    let whole = stmt.span;
                    for e in [key, value].into_iter().flatten() {
                        if let ExprKind::Ident(i) = file.expr(*e).kind {
                            add(file.name(i), whole);
                        }
                    }
                }
                StmtKind::Decl(g) => {
                    for spec in &g.specs {
                        match spec {
                            Spec::Value(vs) => vs.names.iter().for_each(|&n| add(file.name(n), scope)),
                            Spec::Type(ts) => add(file.name(ts.name), scope),
                            Spec::Import(_) => {}
                        }
                    }
                }
                _ => {}
            }
            let _: StmtId = id;
        });
    }
    out
}

fn for_each_field_name<'a>(file: &'a File, list: &FieldList, mut f: impl FnMut(&'a str)) {
    for field in &list.list {
        for &n in &field.names {
            f(file.name(n));
        }
    }
}
