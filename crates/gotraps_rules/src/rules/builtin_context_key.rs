//! GT010 builtin-context-key (T10).

use crate::checker::Checker;
use crate::funcs::for_each_call;
use crate::rule::Rule;
use crate::semantic::is_universe_here;
use crate::vars::ident_name;
use gotraps_diagnostics::Severity;
use gotraps_semantic::{unparen, ObjKind};
use gotraps_syntax::ast::{Decl, ExprId, ExprKind, File, GenTok, Spec, StmtId, StmtKind};

pub static BUILTIN_CONTEXT_KEY: Rule = Rule {
    code: "GT010",
    name: "builtin-context-key",
    traps: &["T10"],
    severity: Severity::Warning,
    default_on: false,
    fixable: false,
    summary: "`context.WithValue` with a key of a built-in type (string, int)",
    doc: r#"## What it does
Flags `context.WithValue(parent, key, v)` when `key` is a literal, a conversion to a
built-in type (`string(x)`), or a constant/variable declared in the package with a
built-in type or an untyped literal.

## Why is this bad?
Context values are looked up by key equality, type included. Two packages that both use
the string `"request-id"` as a key read and overwrite each other's values; nothing
reports the collision. A key of an unexported named type cannot collide.

## Example
```go
ctx = context.WithValue(ctx, "request-id", id)
```

## Use instead
```go
type ctxKey struct{ name string }

var requestIDKey = ctxKey{"request-id"}

ctx = context.WithValue(ctx, requestIDKey, id)
```

## Go versions
All. Same finding as staticcheck SA1029 (which uses type information); gotraps decides
from the key's declaration in the package and stays silent when it cannot see it.

## Precision
Opt-in. On the validation set (real code nobody tuned the rules on, docs/triage/validation.md)
0 of its 1 findings were real traps (0%: 1 debatable), below the 9 in 10 a default-on rule
needs. Turn it on with `--extend-select GT010` or `extend-select = ["GT010"]` in `gotraps.toml`.
"#,
    check,
};

const BUILTIN: &[&str] = &[
    "string",
    "int",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "uintptr",
    "float32",
    "float64",
    "bool",
    "byte",
    "rune",
    "complex64",
    "complex128",
];

fn check(cx: &mut Checker) {
    if !cx.imports_path("context") {
        return;
    }
    let file = cx.file;
    let mut hits = Vec::new();
    for (i, s) in file.stmts.iter().enumerate() {
        if !matches!(s.kind, StmtKind::Expr(_) | StmtKind::Assign { .. } | StmtKind::Return { .. } | StmtKind::Decl(_))
        {
            continue;
        }
        for_each_call(file, StmtId(i as u32), |call| {
            if cx.pkg_func_call(call, "context", &["WithValue"]).is_none() {
                return;
            }
            let ExprKind::Call { args, .. } = &file.expr(call).kind else { return };
            if let Some(&key) = args.get(1) {
                if let Some(why) = builtin_key(cx, key) {
                    hits.push((key, why));
                }
            }
        });
    }
    hits.sort_by_key(|h| h.0);
    hits.dedup_by_key(|h| h.0);
    for (key, why) in hits {
        let text = cx.text(file.expr(key).span).to_string();
        cx.report(
            file.expr(key).span,
            format!("context key `{text}` is {why}: any package using an equal value reads and overwrites it"),
        )
        .help = Some("declare an unexported key type (`type ctxKey struct{}`) and use a value of it".into());
    }
}

fn builtin_key(cx: &Checker, key: ExprId) -> Option<&'static str> {
    let file = cx.file;
    let key = unparen(file, key);
    match &file.expr(key).kind {
        ExprKind::BasicLit { .. } => Some("a literal of a built-in type"),
        ExprKind::Call { fun, args, .. }
            if args.len() == 1
                && ident_name(file, *fun).is_some_and(|n| BUILTIN.contains(&n) && is_universe_here(cx, *fun, n)) =>
        {
            Some("a conversion to a built-in type")
        }
        ExprKind::Ident(i) => {
            // Only a constant or variable of this package is looked up by its declaration
            // (a package-level name is declared once); a local or another package's is not.
            if let Some(m) = cx.semantic() {
                let obj = m.prog.obj(m.object_of(cx.file_index, *i)?);
                if !(matches!(obj.kind, ObjKind::Const | ObjKind::Var) && obj.is_package_level() && obj.pkg == m.pkg.id)
                {
                    return None;
                }
            }
            let name = file.name(*i);
            let builtin = cx.package.files.iter().find_map(|f| declared_builtin(&f.ast, name))?;
            builtin.then_some("declared with a built-in type")
        }
        _ => None,
    }
}

/// For a package-level const/var `name` in `file`: `Some(true)` if its type is built-in
/// (explicit, or untyped with a literal value), `Some(false)` if declared otherwise.
fn declared_builtin(file: &File, name: &str) -> Option<bool> {
    for d in &file.decls {
        let Decl::Gen(g) = d else { continue };
        if !matches!(g.tok, GenTok::Const | GenTok::Var) {
            continue;
        }
        for spec in &g.specs {
            let Spec::Value(vs) = spec else { continue };
            let Some(pos) = vs.names.iter().position(|n| file.name(*n) == name) else { continue };
            if let Some(t) = vs.typ {
                return Some(ident_name(file, t).is_some_and(|n| BUILTIN.contains(&n)));
            }
            // An implicit repetition in a const group: not followed.
            let &v = vs.values.get(pos)?;
            return Some(matches!(file.expr(unparen(file, v)).kind, ExprKind::BasicLit { .. }));
        }
    }
    None
}
