//! GT031 response-body-not-closed (T31).

use crate::checker::Checker;
use crate::flow::{self, FlowState, FlowVisitor};
use crate::funcs::{for_each_stmt, functions, is_loop, is_terminating};
use crate::rule::Rule;
use crate::vars::Var;
use gotraps_diagnostics::{Edit, Fix, Severity};
use gotraps_syntax::ast::{AssignOp, BinaryOp, ExprId, ExprKind, File, StmtId, StmtKind};
use gotraps_syntax::visit::{self, Visitor};
use gotraps_syntax::Span;

pub static RESPONSE_BODY_NOT_CLOSED: Rule = Rule {
    code: "GT031",
    name: "response-body-not-closed",
    traps: &["T31"],
    severity: Severity::Error,
    default_on: false,
    fixable: true,
    summary: "HTTP response body not closed on every path after a successful request",
    doc: r#"## What it does
Tracks the response of `http.Get/Post/Head/PostForm` and of `Do/Get/Post/Head/PostForm`
on an `*http.Client` (or `http.DefaultClient`) path by path, from the successful
request on (the `if err != nil` branch has no body to close), and flags:
- a response whose `Body` is never closed in the function;
- a `return` reached with the body still open on one path (typically an early return on
  a bad status code before the `defer resp.Body.Close()`);
- a response variable overwritten (next loop iteration) while its body is open.

A response that leaves the function — returned, passed to another function, stored,
sent, captured by a closure — is the receiver's responsibility and is not flagged;
passing only `resp.Body` to readers that do not close it (`io.ReadAll`, `json.NewDecoder`,
`io.Copy`, ...) does not count as handing it off. HEAD requests are not tracked: their
response has no body (`http.NoBody`) and the connection is reused at once.

## Why is this bad?
An unclosed body keeps its connection out of the pool: the transport dials a new one for
the next request, and the old one stays open until the server drops it. Under load the
process runs out of file descriptors or ports (TIME_WAIT), and goroutine dumps fill
with `persistConn.readLoop`/`writeLoop` goroutines.

## Example
```go
resp, err := client.Do(req)
if err != nil {
	return err
}
if resp.StatusCode != http.StatusOK {
	return fmt.Errorf("status %d", resp.StatusCode) // body leaks
}
defer resp.Body.Close()
```

## Use instead
```go
resp, err := client.Do(req)
if err != nil {
	return err
}
defer resp.Body.Close()
if resp.StatusCode != http.StatusOK {
	return fmt.Errorf("status %d", resp.StatusCode)
}
```

## Fix
When the body is never closed and the request is followed by an `if err != nil` block
that returns, inserts `defer resp.Body.Close()` after that block (not inside loops).

## Go versions
All. `go vet` (httpresponse) only reports a `defer resp.Body.Close()` placed before the
error check; golangci-lint's bodyclose reports bodies that a helper closes
(timakin/bodyclose#30) and misses bodies closed on some paths only.

## Precision
Opt-in. On the validation set (real code nobody tuned the rules on, docs/triage/validation.md)
4 of its 5 findings were real traps (80%: 4 TP, 1 FP), below the 9 in 10 a default-on rule
needs. Turn it on with `--extend-select GT031` or `extend-select = ["GT031"]` in `gotraps.toml`.
"#,
    check,
};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Val {
    Open(Span),
    Done,
    Maybe,
}

#[derive(Clone, Default)]
struct State {
    v: Option<Val>,
}

impl FlowState for State {
    fn join(&mut self, o: &Self) {
        self.v = match (self.v, o.v) {
            (a, b) if a == b => a,
            (Some(Val::Open(s)), Some(Val::Open(_))) => Some(Val::Open(s)),
            (None, Some(Val::Done)) | (Some(Val::Done), None) => Some(Val::Done),
            _ => Some(Val::Maybe),
        };
    }
}

/// One request whose response is tracked.
struct Req<'c, 'f> {
    cx: &'c Checker<'f>,
    file: &'f File,
    assign: StmtId,
    resp: Var<'f>,
    err: Option<Var<'f>>,
    leaks: Vec<(Span, Span)>,
    overwritten: Vec<(Span, Span)>,
    closed_somewhere: bool,
    escaped: bool,
}

impl<'c, 'f> Req<'c, 'f> {
    fn is_resp(&self, e: ExprId) -> bool {
        self.resp.is_expr(self.cx, self.cx.file_index, self.file, e)
    }
    fn is_err(&self, e: ExprId) -> bool {
        self.err.is_some_and(|err| err.is_expr(self.cx, self.cx.file_index, self.file, e))
    }
    fn use_scan(&self) -> UseScan<'c, 'f> {
        UseScan { cx: self.cx, resp: self.resp, closes: false, escapes: false }
    }
    /// What a statement does to the response: closes it, hands it off, or nothing.
    fn effect(&mut self, s: StmtId) -> Option<Val> {
        let mut u = self.use_scan();
        u.visit_stmt(self.file, s);
        if u.closes {
            self.closed_somewhere = true;
            return Some(Val::Done);
        }
        if u.escapes {
            self.escaped = true;
            return Some(Val::Done);
        }
        None
    }
}

impl Req<'_, '_> {
    /// Whether `cond` evaluating to `taken` means the request failed, so there is no body
    /// to close: `err != nil` (or `resp == nil`) taken, `err == nil` not taken, through
    /// `!`, parentheses, and `&&`/`||` (`err != nil && !retryable(err)` taken: every
    /// conjunct holds; `err != nil || resp == nil` taken: each disjunct means no body).
    fn no_response_when(&self, cond: ExprId, taken: bool) -> bool {
        let file = self.file;
        match &file.expr(cond).kind {
            ExprKind::Paren { x } => self.no_response_when(*x, taken),
            ExprKind::Unary { op: gotraps_syntax::ast::UnaryOp::Not, x, .. } => self.no_response_when(*x, !taken),
            // `a && b` true: both true, either one proves it. `a && b` false: one of
            // them is false, each must prove it.
            ExprKind::Binary { x, op: BinaryOp::LAnd, y, .. } => {
                if taken {
                    self.no_response_when(*x, true) || self.no_response_when(*y, true)
                } else {
                    self.no_response_when(*x, false) && self.no_response_when(*y, false)
                }
            }
            ExprKind::Binary { x, op: BinaryOp::LOr, y, .. } => {
                if taken {
                    self.no_response_when(*x, true) && self.no_response_when(*y, true)
                } else {
                    self.no_response_when(*x, false) || self.no_response_when(*y, false)
                }
            }
            ExprKind::Binary { x, op, y, .. } => {
                let nil = |e: ExprId| crate::semantic::is_universe_here(self.cx, e, "nil");
                let err_vs_nil = (self.is_err(*x) && nil(*y)) || (self.is_err(*y) && nil(*x));
                let resp_vs_nil = (self.is_resp(*x) && nil(*y)) || (self.is_resp(*y) && nil(*x));
                if !err_vs_nil && !resp_vs_nil {
                    return false;
                }
                match op {
                    BinaryOp::Neq => taken == err_vs_nil,
                    BinaryOp::Eql => taken != err_vs_nil,
                    _ => false,
                }
            }
            _ => false,
        }
    }
}

impl FlowVisitor for Req<'_, '_> {
    type State = State;

    fn stmt(&mut self, file: &File, id: StmtId, st: &mut State) {
        if id == self.assign {
            if let Some(Val::Open(prev)) = st.v {
                self.overwritten.push((file.stmt(id).span, prev));
            }
            let StmtKind::Assign { rhs, .. } = &file.stmt(id).kind else { return };
            st.v = Some(Val::Open(file.expr(rhs[0]).span));
            return;
        }
        if st.v.is_none() {
            return;
        }
        // Another assignment to the variable replaces the response.
        if let StmtKind::Assign { lhs, .. } = &file.stmt(id).kind {
            if lhs.iter().any(|&l| self.is_resp(l)) {
                st.v = Some(Val::Maybe);
                return;
            }
        }
        if let Some(v) = self.effect(id) {
            st.v = Some(v);
        }
    }

    fn exit(&mut self, file: &File, at: Option<StmtId>, st: &State) {
        if st.v.is_none() {
            return;
        }
        if let Some(r) = at {
            // `return resp, nil` hands it to the caller.
            if let StmtKind::Return { .. } = &file.stmt(r).kind {
                let mut u = self.use_scan();
                u.visit_stmt(file, r);
                if u.escapes || u.closes {
                    self.escaped |= u.escapes;
                    self.closed_somewhere |= u.closes;
                    return;
                }
            }
        }
        let Some(Val::Open(req)) = st.v else { return };
        let span = match at {
            Some(r) => file.stmt(r).span,
            None => return, // end of body: reported as "never closed" or at a return
        };
        self.leaks.push((span, req));
    }

    fn branch(&mut self, file: &File, cond: ExprId, taken: bool, st: &mut State) {
        // `if err != nil` (then) / `if err == nil` (else): no response on that branch.
        if self.no_response_when(cond, taken) && matches!(st.v, Some(Val::Open(_))) {
            st.v = Some(Val::Done);
        }
        let mut u = self.use_scan();
        u.visit_expr(file, cond);
        if u.escapes && st.v.is_some() {
            st.v = Some(Val::Done);
        }
    }

    fn cond(&mut self, _file: &File, _e: ExprId, _st: &mut State) {}
}

/// How a statement uses the response variable. `Body` and `Close` are matched by
/// spelling: on the `*http.Response` of a request they can only be its body and the
/// body's `Close`.
struct UseScan<'c, 'f> {
    cx: &'c Checker<'f>,
    resp: Var<'f>,
    closes: bool,
    escapes: bool,
}

impl UseScan<'_, '_> {
    fn is_resp(&self, file: &File, e: ExprId) -> bool {
        self.resp.is_expr(self.cx, self.cx.file_index, file, e)
    }
    fn is_body(&self, file: &File, e: ExprId) -> bool {
        matches!(&file.expr(e).kind, ExprKind::Selector { x, sel } if file.name(*sel) == "Body" && self.is_resp(file, *x))
    }
}

/// Readers that take `resp.Body` without closing it.
const NON_CLOSING: &[&str] = &[
    "ReadAll",
    "Copy",
    "CopyN",
    "CopyBuffer",
    "NewDecoder",
    "NewReader",
    "NewScanner",
    "LimitReader",
    "TeeReader",
    "ReadFull",
    "ReadAtLeast",
    "Decode",
    "ReadFrom",
    "MultiReader",
];

impl Visitor for UseScan<'_, '_> {
    fn visit_expr(&mut self, file: &File, id: ExprId) {
        match &file.expr(id).kind {
            ExprKind::Call { fun, args, .. } => {
                // resp.Body.Close()
                if let ExprKind::Selector { x, sel } = &file.expr(*fun).kind {
                    if file.name(*sel) == "Close" && self.is_body(file, *x) {
                        self.closes = true;
                        return;
                    }
                }
                let callee = match &file.expr(*fun).kind {
                    ExprKind::Selector { sel, .. } => file.name(*sel),
                    ExprKind::Ident(i) => file.name(*i),
                    _ => "",
                };
                for &a in args {
                    if self.is_resp(file, a) || (self.is_body(file, a) && !NON_CLOSING.contains(&callee)) {
                        self.escapes = true;
                    }
                }
                visit::walk_expr(self, file, id);
            }
            ExprKind::FuncLit { body, .. } => {
                // A closure that mentions the response: deferred close or hand-off.
                if file.text(file.stmt(*body).span).contains(self.resp.name)
                    && crate::vars::mentions(self.cx, *body, self.resp)
                {
                    let mut inner = UseScan { cx: self.cx, resp: self.resp, closes: false, escapes: false };
                    inner.visit_stmt(file, *body);
                    if inner.closes {
                        self.closes = true;
                    } else {
                        self.escapes = true;
                    }
                }
            }
            ExprKind::CompositeLit { elts, .. } => {
                for &e in elts {
                    let v = match file.expr(e).kind {
                        ExprKind::KeyValue { value, .. } => value,
                        _ => e,
                    };
                    if self.is_resp(file, v) || self.is_body(file, v) {
                        self.escapes = true;
                    }
                }
                visit::walk_expr(self, file, id);
            }
            ExprKind::Unary { op: gotraps_syntax::ast::UnaryOp::And, x, .. } if self.is_resp(file, *x) => {
                self.escapes = true
            }
            _ => visit::walk_expr(self, file, id),
        }
    }

    fn visit_stmt(&mut self, file: &File, id: StmtId) {
        match &file.stmt(id).kind {
            StmtKind::Assign { lhs, rhs, .. }
                // Stored somewhere (`s.resp = resp`, `x := resp`), or Body replaced.
                if (rhs.iter().any(|&r| self.is_resp(file, r) || self.is_body(file, r))
                    || lhs.iter().any(|&l| self.is_body(file, l)))
                => {
                    self.escapes = true;
                }
            StmtKind::Send { value, .. } if self.is_resp(file, *value) => self.escapes = true,
            StmtKind::Return { results } if results.iter().any(|&r| self.is_resp(file, r) || self.is_body(file, r)) => {
                self.escapes = true
            }
            _ => {}
        }
        visit::walk_stmt(self, file, id);
    }
}

/// `resp, err := <request>` statements of a function body (not in nested literals).
#[allow(clippy::type_complexity)]
fn requests<'f>(cx: &Checker<'f>, func: &crate::funcs::FuncRef<'f>) -> Vec<(StmtId, Var<'f>, Option<Var<'f>>, bool)> {
    let file = cx.file;
    let body = func.body;
    let mut out = Vec::new();
    for_each_stmt(file, body, |id, enclosing| {
        let StmtKind::Assign { lhs, rhs, op, .. } = &file.stmt(id).kind else { return };
        if !matches!(op, AssignOp::Define | AssignOp::Assign) || rhs.len() != 1 || lhs.len() != 2 {
            return;
        }
        if !is_request(cx, rhs[0]) {
            return;
        }
        let var = |e: ExprId| match file.expr(e).kind {
            ExprKind::Ident(_) => Var::here(cx, e),
            _ => None,
        };
        let Some(resp) = var(lhs[0]) else { return };
        // A HEAD response has no body: net/http gives it `http.NoBody` and returns the
        // connection to the pool at once.
        if is_head_request(cx, body, rhs[0]) {
            return;
        }
        // `resp, err = ...` inside a closure, into a variable of the enclosing function:
        // the response leaves the literal (the enclosing function uses or returns it).
        if *op == AssignOp::Assign && func.lit.is_some() && !declared_in(cx, func, resp) {
            return;
        }
        let in_loop = enclosing.iter().any(|&s| is_loop(file, s));
        out.push((id, resp, var(lhs[1]), in_loop));
    });
    out
}

/// `http.Head(...)`, `c.Head(...)`, or `c.Do(req)` with `req` built in this function by
/// `http.NewRequest("HEAD", ...)` / `http.NewRequestWithContext(ctx, http.MethodHead, ...)`.
fn is_head_request(cx: &Checker, body: StmtId, call: ExprId) -> bool {
    let file = cx.file;
    let ExprKind::Call { fun, args, .. } = &file.expr(call).kind else { return false };
    let method = match &file.expr(*fun).kind {
        ExprKind::Selector { sel, .. } => file.name(*sel),
        ExprKind::Ident(i) => file.name(*i),
        _ => return false,
    };
    if method == "Head" {
        return true;
    }
    if method != "Do" || args.len() != 1 {
        return false;
    }
    if !matches!(file.expr(args[0]).kind, ExprKind::Ident(_)) {
        return false;
    }
    let Some(req) = Var::here(cx, args[0]) else { return false };
    let is_head = |e: ExprId| match &file.expr(e).kind {
        ExprKind::BasicLit { .. } => file.text(file.expr(e).span) == "\"HEAD\"",
        ExprKind::Selector { .. } => cx.pkg_selector(e, "net/http", &["MethodHead"]).is_some(),
        _ => false,
    };
    let mut head = false;
    let mut other = false;
    for_each_stmt(file, body, |id, _| {
        let StmtKind::Assign { lhs, rhs, .. } = &file.stmt(id).kind else { return };
        if rhs.len() != 1 || !lhs.first().is_some_and(|&l| req.is_expr(cx, cx.file_index, file, l)) {
            return;
        }
        let ExprKind::Call { args: a, .. } = &file.expr(rhs[0]).kind else {
            other = true;
            return;
        };
        let m = match cx.pkg_func_call(rhs[0], "net/http", &["NewRequest", "NewRequestWithContext"]) {
            Some("NewRequest") => a.first().copied(),
            Some(_) => a.get(1).copied(),
            None => {
                other = true;
                return;
            }
        };
        if m.is_some_and(is_head) {
            head = true;
        } else {
            other = true;
        }
    });
    head && !other
}

/// `var` is a parameter or result of the function, or declared (`:=`, `var`) in its body.
fn declared_in(cx: &Checker, func: &crate::funcs::FuncRef, var: Var) -> bool {
    let file = cx.file;
    let is = |n| var.is(cx, cx.file_index, file, n);
    let is_expr = |e| var.is_expr(cx, cx.file_index, file, e);
    let in_fields = |fl: &gotraps_syntax::ast::FieldList| fl.list.iter().any(|f| f.names.iter().any(|&n| is(n)));
    if in_fields(&func.typ.params) || func.typ.results.as_ref().is_some_and(in_fields) {
        return true;
    }
    let mut found = false;
    for_each_stmt(file, func.body, |id, _| match &file.stmt(id).kind {
        StmtKind::Assign { lhs, op: AssignOp::Define, .. } if lhs.iter().any(|&l| is_expr(l)) => {
            found = true;
        }
        StmtKind::Decl(g) => {
            for sp in &g.specs {
                if let gotraps_syntax::ast::Spec::Value(v) = sp {
                    if v.names.iter().any(|&n| is(n)) {
                        found = true;
                    }
                }
            }
        }
        StmtKind::Range { key, value, op: Some(AssignOp::Define), .. }
            if [key, value].into_iter().flatten().any(|&l| is_expr(l)) =>
        {
            found = true;
        }
        _ => {}
    });
    found
}

fn is_request(cx: &Checker, call: ExprId) -> bool {
    let file = cx.file;
    let ExprKind::Call { fun, .. } = &file.expr(call).kind else { return false };
    if cx.pkg_func_call(call, "net/http", &["Get", "Post", "Head", "PostForm"]).is_some() {
        return true;
    }
    let ExprKind::Selector { x, sel } = &file.expr(*fun).kind else { return false };
    if !matches!(file.name(*sel), "Do" | "Get" | "Post" | "Head" | "PostForm") {
        return false;
    }
    if cx.pkg_selector(*x, "net/http", &["DefaultClient"]).is_some() {
        return true;
    }
    client_typed(cx, *x)
}

/// Whether the model types `x` as an `*http.Client`/`http.Client` (local, param, field, var).
fn client_typed(cx: &Checker, x: ExprId) -> bool {
    crate::semantic::has_named_type(cx, x, "net/http", &["Client"])
}

fn check(cx: &mut Checker) {
    if !cx.imports_path("net/http") {
        return;
    }
    let file = cx.file;
    if !file.mentions("Body") && !file.mentions(".Do(") && !file.mentions(".Get(") && !file.mentions(".Post") {
        return;
    }
    let mut findings = Vec::new();
    for func in functions(file) {
        for (assign, resp, err, in_loop) in requests(cx, &func) {
            // A named result: every return hands it to the caller (a bare `return` too).
            if func
                .typ
                .results
                .as_ref()
                .is_some_and(|r| r.list.iter().any(|f| f.names.iter().any(|&n| resp.is(cx, cx.file_index, file, n))))
            {
                continue;
            }
            let mut r = Req {
                cx,
                file,
                assign,
                resp,
                err,
                leaks: Vec::new(),
                overwritten: Vec::new(),
                closed_somewhere: false,
                escaped: false,
            };
            if !flow::walk(file, func.body, &mut r, State::default(), cx.semantic().map(|m| (m, cx.file_index))) {
                continue;
            }
            let call = match &file.stmt(assign).kind {
                StmtKind::Assign { rhs, .. } => file.expr(rhs[0]).span,
                _ => continue,
            };
            if !r.closed_somewhere && !r.escaped {
                let fix = if in_loop { None } else { defer_fix(cx, func.body, assign, resp.name, err.map(|e| e.name)) };
                findings.push((
                    call,
                    None,
                    format!("body of response `{}` is never closed: the connection is not reused and leaks", resp.name),
                    fix,
                ));
                continue;
            }
            for (exit, _) in r.leaks.iter().take(1) {
                findings.push((
                    *exit,
                    Some((call, "request made here")),
                    format!("returns with the body of `{}` still open on this path: the connection leaks", resp.name),
                    None,
                ));
            }
            for (at, _) in r.overwritten.iter().take(1) {
                findings.push((
                    *at,
                    None,
                    format!("`{}` is overwritten while the previous response's body is still open", resp.name),
                    None,
                ));
            }
        }
    }
    for (at, label, msg, fix) in findings {
        let d = cx.report(at, msg);
        if let Some((s, l)) = label {
            d.with_label_mut(s.start, s.end, l);
        }
        d.help = Some("`defer resp.Body.Close()` right after the error check".into());
        d.fix = fix;
    }
}

/// `defer resp.Body.Close()` after `if err != nil { ...return }` directly following the
/// request.
fn defer_fix(cx: &Checker, body: StmtId, assign: StmtId, resp: &str, err: Option<&str>) -> Option<Fix> {
    let file = cx.file;
    let err = err?;
    let mut next = None;
    for_each_stmt(file, body, |id, _| {
        if let StmtKind::Block { stmts } = &file.stmt(id).kind {
            if let Some(i) = stmts.iter().position(|&s| s == assign) {
                next = stmts.get(i + 1).copied();
            }
        }
    });
    let next = next?;
    let StmtKind::If { init: None, cond, then, els: None } = &file.stmt(next).kind else { return None };
    if file.text(file.expr(*cond).span).replace(' ', "") != format!("{err}!=nil")
        || !is_terminating(cx.semantic().map(|m| (m, cx.file_index)), file, *then)
    {
        return None;
    }
    let s = file.stmt(next).span;
    let line_start = file.src[..s.start as usize].rfind('\n').map_or(0, |i| i + 1);
    let indent = &file.src[line_start..s.start as usize];
    if !indent.bytes().all(|b| b == b' ' || b == b'\t') {
        return None;
    }
    Some(Fix {
        message: "close the body when the function returns".into(),
        edits: vec![Edit { span: Span::at(s.end), replacement: format!("\n{indent}defer {resp}.Body.Close()") }],
    })
}
