//! GT009 io-without-context (T09).

use crate::checker::Checker;
use crate::funcs::functions;
use crate::rule::Rule;
use crate::vars::{ctx_in_scope, CtxInScope, Var};
use gotraps_diagnostics::{Edit, Fix, Severity};
use gotraps_semantic::unparen;
use gotraps_syntax::ast::{ExprId, ExprKind, StmtKind};
use gotraps_syntax::Span;

pub static IO_WITHOUT_CONTEXT: Rule = Rule {
    code: "GT009",
    name: "io-without-context",
    traps: &["T09"],
    severity: Severity::Warning,
    default_on: true,
    fixable: true,
    summary: "`http.NewRequest` / `db.Query` without the ctx that is in scope",
    doc: r#"## What it does
Flags, in a function that has a context (a `context.Context` parameter or local, or an
`*http.Request` parameter):
- `http.NewRequest(...)`, which makes a request with `context.Background()`;
- `Query`, `QueryRow`, `Exec`, `Prepare`, `Ping` on a `*sql.DB`, `*sql.Tx`, `*sql.Conn` or
  `*sql.Stmt` (declared as such in a parameter or a struct field of the package), which run
  without a context.

A request given its context later is not flagged: `req.WithContext(ctx)` or
`req.Cancel = ctx.Done()` in the same function, a call that takes both the request and the
context, or a request stored in a struct field that the package sends with
`field.WithContext(ctx)`.

## Why is this bad?
The call cannot be cancelled: when the caller gives up (client gone, deadline passed,
shutdown), the request or query keeps a connection and a goroutine busy until the remote
side answers — which, with no timeout, may be never. Under load these pile up and exhaust
the connection pool.

## Example
```go
func (c *Client) Charge(ctx context.Context, o Order) error {
	req, err := http.NewRequest("POST", c.url, body)
	...
}
```

## Use instead
```go
	req, err := http.NewRequestWithContext(ctx, "POST", c.url, body)
```

## Fix
Renames the call to its context form (`NewRequestWithContext`, `QueryContext`, ...) and
passes the context in scope as the first argument (`ctx`, or `r.Context()` in a handler).

## Go versions
All (`NewRequestWithContext` since Go 1.13). The noctx linter (golangci-lint) reports
`http.NewRequest` everywhere; this rule only where a context is available to pass.
"#,
    check,
};

const SQL_METHODS: &[&str] = &["Query", "QueryRow", "Exec", "Prepare", "Ping"];

fn check(cx: &mut Checker) {
    let has_http = cx.imports_path("net/http");
    let has_sql = cx.package.imports_path("database/sql");
    if !has_http && !has_sql {
        return;
    }
    let file = cx.file;
    let mut candidates: Vec<(ExprId, Span, &str, String)> = Vec::new();
    for (i, e) in file.exprs.iter().enumerate() {
        let id = ExprId(i as u32);
        let ExprKind::Call { fun, .. } = &e.kind else { continue };
        let ExprKind::Selector { sel, .. } = file.expr(unparen(file, *fun)).kind else { continue };
        let name = file.name(sel);
        if has_http && name == "NewRequest" && cx.pkg_func_call(id, "net/http", &["NewRequest"]).is_some() {
            candidates.push((id, sel.span, "http.NewRequest", "NewRequestWithContext".into()));
        } else if has_sql && SQL_METHODS.contains(&name) {
            candidates.push((id, sel.span, name, format!("{name}Context")));
        }
    }
    if candidates.is_empty() {
        return;
    }
    let funcs = functions(file);
    let mut hits = Vec::new();
    for (call, sel, what, with) in candidates {
        let at = file.expr(call).span.start;
        let Some(ctx) = ctx_in_scope(cx, &funcs, at) else { continue };
        if what == "http.NewRequest" && request_later_bound(cx, &funcs, call, &ctx) {
            continue;
        }
        if what != "http.NewRequest" {
            let Some(recv) = crate::semantic::call_receiver(file, call) else { continue };
            if !crate::semantic::has_named_type(cx, recv, "database/sql", &["DB", "Tx", "Conn", "Stmt"]) {
                continue;
            }
        }
        hits.push((call, sel, what, with, ctx.expr));
    }
    for (call, sel, what, with, ctx) in hits {
        let ExprKind::Call { lparen, args, .. } = &file.expr(call).kind else { continue };
        let insert = if args.is_empty() { ctx.clone() } else { format!("{ctx}, ") };
        let d = cx.report(
            file.expr(call).span,
            format!("`{what}` ignores `{ctx}`: the call cannot be cancelled when the caller gives up"),
        );
        d.help = Some(format!("use `{with}({ctx}, ...)`"));
        d.fix = Some(Fix {
            message: format!("use `{with}` with `{ctx}`"),
            edits: vec![
                Edit { span: sel, replacement: with.clone() },
                Edit { span: Span::at(lparen + 1), replacement: insert },
            ],
        });
    }
}

/// `req, err := http.NewRequest(...)` whose `req` gets a context later in the function
/// (`req.WithContext(ctx)`, `req.Cancel = ctx.Done()`, or handed to a call with `ctx`).
fn request_later_bound(cx: &Checker, funcs: &[crate::funcs::FuncRef], call: ExprId, ctx: &CtxInScope) -> bool {
    let file = cx.file;
    let Some(lhs) = file.stmts.iter().find_map(|s| match &s.kind {
        StmtKind::Assign { lhs, rhs, .. } if rhs.len() == 1 && unparen(file, rhs[0]) == call => lhs.first().copied(),
        _ => None,
    }) else {
        return false;
    };
    if !matches!(file.expr(unparen(file, lhs)).kind, ExprKind::Ident(_)) {
        return false;
    }
    let Some(req) = Var::here(cx, unparen(file, lhs)) else { return false };
    // The context itself, handed to a call with the request; a request's `r.Context()` is
    // not a variable to look for.
    let ctx_var = ctx.is_context.then_some(ctx.var);
    let at = file.expr(call).span.start;
    let Some(inner) = crate::vars::enclosing_funcs(file, funcs, at).into_iter().next() else { return false };
    crate::vars::request_gets_context(cx, file.stmt(inner.body).span, req, ctx_var) || stored_then_bound(cx, lhs)
}

/// The request variable defined at `def` is stored in a struct field (`p.req = req`,
/// `&poller{req: req}`), and somewhere in the package that field is sent with a context
/// (`p.req.WithContext(ctx)`): built once, given its context at call time. Fields are
/// the model's objects; `false` without the model.
fn stored_then_bound(cx: &Checker, def: ExprId) -> bool {
    use crate::semantic::{var_object, var_object_in};
    let Some(model) = cx.semantic() else { return false };
    let Some(req) = var_object(cx, def) else { return false };
    let file = cx.file;
    let is_req = |e: ExprId| var_object(cx, unparen(file, e)) == Some(req);
    let mut fields = Vec::new();
    for s in &file.stmts {
        if let StmtKind::Assign { lhs, rhs, .. } = &s.kind {
            if lhs.len() == rhs.len() {
                for (&l, &r) in lhs.iter().zip(rhs.iter()) {
                    if is_req(r) && matches!(file.expr(l).kind, ExprKind::Selector { .. }) {
                        fields.extend(var_object(cx, l));
                    }
                }
            }
        }
    }
    for e in &file.exprs {
        if let ExprKind::KeyValue { key, value, .. } = e.kind {
            if is_req(value) {
                if let ExprKind::Ident(k) = file.expr(key).kind {
                    fields.extend(
                        model
                            .object_of(cx.file_index, k)
                            .filter(|&o| model.prog.obj(o).kind == gotraps_semantic::ObjKind::Field),
                    );
                }
            }
        }
    }
    if fields.is_empty() {
        return false;
    }
    cx.package.files.iter().enumerate().any(|(fi, f)| {
        let other = &f.ast;
        other.mentions("WithContext(")
            && other.exprs.iter().enumerate().any(|(i, e)| {
                let ExprKind::Call { fun, .. } = &e.kind else { return false };
                let ExprKind::Selector { x, sel } = &other.expr(*fun).kind else { return false };
                other.name(*sel) == "WithContext"
                    && model.is_call_to(fi, ExprId(i as u32), "net/http", Some("Request"), "WithContext")
                    && var_object_in(cx, fi, *x).is_some_and(|o| fields.contains(&o))
            })
    })
}
