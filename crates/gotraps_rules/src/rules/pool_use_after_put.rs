//! GT034 pool-use-after-put (T34).

use crate::checker::Checker;
use crate::pkgtypes::{Env, SyncKind, TypeCx};
use crate::rule::Rule;
use gotraps_diagnostics::Severity;
use gotraps_syntax::ast::{AssignOp, Decl, ExprKind, File, StmtId, StmtKind};
use gotraps_syntax::visit::{self, Visitor};
use gotraps_syntax::Span;

pub static POOL_USE_AFTER_PUT: Rule = Rule {
    code: "GT034",
    name: "pool-use-after-put",
    traps: &["T34"],
    severity: Severity::Error,
    default_on: true,
    fixable: false,
    summary: "object used after it was put back into a sync.Pool",
    doc: r#"## What it does
Flags a use of `x` after `pool.Put(x)` in the same block (later statements, before `x`
is assigned again), where `pool` is a `sync.Pool` (a variable or field declared with
that type). Returning `x` after putting it back is flagged too. A deferred `Put` is not.

## Why is this bad?
Once put back, the object belongs to the pool: another goroutine can `Get` it at once
and write into it. Reading or writing it afterwards is a data race that corrupts both
users' data (a response written with another request's bytes), and it never shows in
tests with one goroutine.

## Example
```go
buf := bufPool.Get().(*bytes.Buffer)
buf.Reset()
render(buf, page)
bufPool.Put(buf)
w.Write(buf.Bytes()) // buf may already be reused by another request
```

## Use instead
```go
buf := bufPool.Get().(*bytes.Buffer)
defer bufPool.Put(buf)
buf.Reset()
render(buf, page)
w.Write(buf.Bytes())
```

## Go versions
All. staticcheck SA6002 covers a different `sync.Pool` trap (putting non-pointer
values); nothing else reports use after Put.
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    if !file.src.contains(".Put(") || !cx.imports_path("sync") && !file.src.contains("Pool") {
        return;
    }
    let pt = cx.package.types();
    let mut hits: Vec<(Span, Span, String)> = Vec::new();
    for d in &file.decls {
        let Decl::Func(fd) = d else { continue };
        let Some(body) = fd.body else { continue };
        if !file.text(file.stmt(body).span).contains(".Put(") {
            continue;
        }
        let env = Env::of_decl(pt, file, cx.file_index, fd);
        let tc = TypeCx { pkg: cx.package, pt, file, fi: cx.file_index, env: &env };
        for (i, s) in file.stmts.iter().enumerate() {
            let StmtKind::Block { stmts } = &s.kind else { continue };
            if !file.stmt(body).span.contains(s.span.start) {
                continue;
            }
            let _ = i;
            scan_block(file, &tc, stmts, &mut hits);
        }
        // Case clause bodies are statement lists too.
        for s in &file.stmts {
            if let StmtKind::CaseClause { body: stmts, .. } | StmtKind::CommClause { body: stmts, .. } = &s.kind {
                if file.stmt(body).span.contains(s.span.start) {
                    scan_block(file, &tc, stmts, &mut hits);
                }
            }
        }
    }
    for (use_at, put_at, name) in hits {
        let d = cx.report(
            use_at,
            format!("`{name}` used after it was put back into the pool: another goroutine may already own it"),
        );
        d.with_label_mut(put_at.start, put_at.end, "returned to the pool here");
        d.help = Some(format!("finish using `{name}` before Put, or `defer` the Put"));
    }
}

fn scan_block(file: &File, tc: &TypeCx, stmts: &[StmtId], hits: &mut Vec<(Span, Span, String)>) {
    for (i, &s) in stmts.iter().enumerate() {
        let StmtKind::Expr(e) = file.stmt(s).kind else { continue };
        let ExprKind::Call { fun, args, .. } = &file.expr(e).kind else { continue };
        let ExprKind::Selector { x, sel } = &file.expr(*fun).kind else { continue };
        if file.name(*sel) != "Put" || args.len() != 1 || tc.sync_kind(*x) != Some(SyncKind::Pool) {
            continue;
        }
        let ExprKind::Ident(obj) = file.expr(args[0]).kind else { continue };
        let name = file.name(obj);
        for &later in &stmts[i + 1..] {
            if assigns(file, later, name) {
                break;
            }
            if let Some(at) = first_use(file, later, name) {
                hits.push((at, file.stmt(s).span, name.to_string()));
                break;
            }
        }
    }
}

fn assigns(file: &File, s: StmtId, name: &str) -> bool {
    match &file.stmt(s).kind {
        StmtKind::Assign { lhs, op, .. } if matches!(op, AssignOp::Assign | AssignOp::Define) => {
            lhs.iter().any(|&l| matches!(file.expr(l).kind, ExprKind::Ident(i) if file.name(i) == name))
        }
        _ => false,
    }
}

fn first_use(file: &File, s: StmtId, name: &str) -> Option<Span> {
    struct U<'n> {
        name: &'n str,
        found: Option<Span>,
    }
    impl Visitor for U<'_> {
        fn visit_expr(&mut self, file: &File, id: gotraps_syntax::ast::ExprId) {
            if self.found.is_some() {
                return;
            }
            match &file.expr(id).kind {
                ExprKind::Ident(i) if file.name(*i) == self.name => self.found = Some(i.span),
                // `x.sel`: only the base can be the variable.
                ExprKind::Selector { x, .. } => self.visit_expr(file, *x),
                ExprKind::KeyValue { value, .. } => self.visit_expr(file, *value),
                _ => visit::walk_expr(self, file, id),
            }
        }
    }
    let mut u = U { name, found: None };
    u.visit_stmt(file, s);
    u.found
}
