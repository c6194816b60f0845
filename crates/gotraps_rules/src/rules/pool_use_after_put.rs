//! GT034 pool-use-after-put (T34).

use crate::checker::Checker;
use crate::rule::Rule;
use gotraps_diagnostics::Severity;
use gotraps_semantic::{ObjId, PackageModel};
use gotraps_syntax::ast::{AssignOp, ExprKind, File, StmtId, StmtKind};
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
    if !file.mentions(".Put(") {
        return;
    }
    let Some(model) = cx.semantic() else { return };
    let fi = cx.file_index;
    let mut hits: Vec<(Span, Span, String)> = Vec::new();
    // Every statement list of the file once: blocks and case/comm clause bodies.
    for st in &file.stmts {
        let stmts = match &st.kind {
            StmtKind::Block { stmts } => stmts,
            StmtKind::CaseClause { body, .. } | StmtKind::CommClause { body, .. } => body,
            _ => continue,
        };
        scan_block(file, model, fi, stmts, &mut hits);
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

fn scan_block(file: &File, model: &PackageModel, fi: usize, stmts: &[StmtId], hits: &mut Vec<(Span, Span, String)>) {
    for (i, &s) in stmts.iter().enumerate() {
        let StmtKind::Expr(e) = file.stmt(s).kind else { continue };
        let ExprKind::Call { fun, args, .. } = &file.expr(e).kind else { continue };
        let ExprKind::Selector { x, sel } = &file.expr(*fun).kind else { continue };
        if file.name(*sel) != "Put" || args.len() != 1 || !model.is_sync_type(model.type_of(fi, *x), "Pool") {
            continue;
        }
        let ExprKind::Ident(id) = file.expr(args[0]).kind else { continue };
        let Some(var) = model.object_of(fi, id) else { continue };
        for &later in &stmts[i + 1..] {
            if assigns(file, model, fi, later, var) {
                break;
            }
            if let Some(at) = first_use(file, model, fi, later, var) {
                hits.push((at, file.stmt(s).span, file.name(id).to_string()));
                break;
            }
        }
    }
}

/// `x = ...`: the variable holds another object from here on.
fn assigns(file: &File, model: &PackageModel, fi: usize, s: StmtId, var: ObjId) -> bool {
    match &file.stmt(s).kind {
        StmtKind::Assign { lhs, op: AssignOp::Assign, .. } => {
            lhs.iter().any(|&l| matches!(file.expr(l).kind, ExprKind::Ident(i) if model.object_of(fi, i) == Some(var)))
        }
        _ => false,
    }
}

fn first_use(file: &File, model: &PackageModel, fi: usize, s: StmtId, var: ObjId) -> Option<Span> {
    struct U<'m> {
        model: &'m PackageModel<'m>,
        fi: usize,
        var: ObjId,
        found: Option<Span>,
    }
    impl Visitor for U<'_> {
        fn visit_expr(&mut self, file: &File, id: gotraps_syntax::ast::ExprId) {
            if self.found.is_some() {
                return;
            }
            match &file.expr(id).kind {
                ExprKind::Ident(i) if self.model.object_of(self.fi, *i) == Some(self.var) => self.found = Some(i.span),
                _ => visit::walk_expr(self, file, id),
            }
        }
    }
    let mut u = U { model, fi, var, found: None };
    u.visit_stmt(file, s);
    u.found
}
