//! GT028 nil-channel-op (T28).

use crate::checker::Checker;
use crate::funcs::functions;
use crate::rule::Rule;
use crate::vars::Var;
use gotraps_diagnostics::Severity;
use gotraps_syntax::ast::{AssignOp, ExprId, ExprKind, File, Spec, StmtKind, UnaryOp};
use gotraps_syntax::visit::{self, Visitor};
use gotraps_syntax::Span;

pub static NIL_CHANNEL_OP: Rule = Rule {
    code: "GT028",
    name: "nil-channel-op",
    traps: &["T28"],
    severity: Severity::Error,
    default_on: true,
    fixable: false,
    summary: "send, receive, range or close on a channel variable that is never given a value",
    doc: r#"## What it does
Flags a send, a receive outside `select`, a `range`, or a `close` on a local channel
variable declared with `var ch chan T` and never assigned anywhere in the function
(closures included; taking its address counts as assigning).

Inside a `select`, a nil channel is the standard way to disable a case and is never
flagged.

## Why is this bad?
A send or receive on a nil channel blocks forever: the goroutine leaks (and if it is the
last one running, the program dies with "all goroutines are asleep"). `close` of a nil
channel panics.

## Example
```go
func (p *Pipeline) Run(items []Item) {
	var results chan Result // forgot make
	go p.produce(items, results)
	for r := range results { // blocks forever
		p.store(r)
	}
}
```

## Use instead
```go
results := make(chan Result)
```

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    if !file.mentions("chan ") {
        return;
    }
    // `var ch chan T` statements are rare: found once per file, not once per function.
    let mut nil_chan_vars: Vec<(u32, Var, Span)> = Vec::new();
    for s in &file.stmts {
        let StmtKind::Decl(g) = &s.kind else { continue };
        for spec in &g.specs {
            let Spec::Value(vs) = spec else { continue };
            let Some(t) = vs.typ else { continue };
            if vs.values.is_empty() && matches!(file.expr(t).kind, ExprKind::ChanType { .. }) {
                for n in &vs.names {
                    if let Some(var) = Var::of_ident(cx, cx.file_index, *n) {
                        nil_chan_vars.push((s.span.start, var, n.span));
                    }
                }
            }
        }
    }
    if nil_chan_vars.is_empty() {
        return;
    }
    let mut hits: Vec<(Span, Span, &str, &'static str)> = Vec::new();
    for func in functions(file) {
        if func.lit.is_some() {
            // Literals are covered by their enclosing declaration's scan (captures).
            continue;
        }
        let body = func.body;
        let body_span = file.stmt(body).span;
        let decls = nil_chan_vars.iter().filter(|(stmt_start, _, _)| body_span.contains(*stmt_start));
        for &(_, var, decl) in decls {
            let mut f = Uses { cx, var, assigned: false, ops: Vec::new(), in_select_comm: 0, declared_twice: 0 };
            f.visit_stmt(file, body);
            if f.assigned || f.declared_twice > 1 {
                continue;
            }
            for (at, what) in f.ops {
                hits.push((at, decl, var.name, what));
            }
        }
    }
    for (at, decl, name, what) in hits {
        let msg = if what == "close" {
            format!("close of `{name}`, which is never given a value: close of nil channel panics")
        } else {
            format!("{what} on `{name}`, which is never given a value: a nil channel blocks forever")
        };
        let d = cx.report(at, msg);
        d.with_label_mut(decl.start, decl.end, "declared nil here");
        d.help = Some(format!("initialise it: `{name} := make(chan ...)`"));
    }
}

/// What a function does with one nil channel variable. With the model, `var` is its
/// object, so a variable of the same name declared in an inner scope (or a literal's
/// parameter) is another variable; only by name (a package the model could not type)
/// does a second declaration make the answer untrustworthy (`declared_twice`).
struct Uses<'c, 'a> {
    cx: &'c Checker<'a>,
    var: Var<'a>,
    assigned: bool,
    ops: Vec<(Span, &'static str)>,
    in_select_comm: u32,
    declared_twice: u32,
}

impl Uses<'_, '_> {
    fn is_name(&self, file: &File, e: ExprId) -> bool {
        matches!(file.expr(e).kind, ExprKind::Ident(i) if self.var.is(self.cx, self.cx.file_index, file, i))
    }
}

impl Visitor for Uses<'_, '_> {
    fn visit_stmt(&mut self, file: &File, id: gotraps_syntax::ast::StmtId) {
        let span = file.stmt(id).span;
        match &file.stmt(id).kind {
            StmtKind::Assign { lhs, op, .. } if lhs.iter().any(|&l| self.is_name(file, l)) => {
                if *op == AssignOp::Define {
                    self.declared_twice += 2;
                }
                self.assigned = true;
            }
            StmtKind::Range { key, value, x, .. } => {
                if [key, value].into_iter().flatten().any(|&e| self.is_name(file, e)) {
                    self.declared_twice += 2;
                }
                if self.is_name(file, *x) {
                    self.ops.push((span, "range"));
                }
            }
            StmtKind::Decl(g) => {
                for spec in &g.specs {
                    if let Spec::Value(vs) = spec {
                        if vs.names.iter().any(|n| self.var.is(self.cx, self.cx.file_index, file, *n)) {
                            self.declared_twice += 1;
                        }
                    }
                }
            }
            StmtKind::Send { chan, .. } if self.in_select_comm == 0 && self.is_name(file, *chan) => {
                self.ops.push((span, "send"));
            }
            StmtKind::Expr(e) => {
                if crate::semantic::close_call_arg(self.cx, self.cx.file_index, *e)
                    .is_some_and(|ch| self.is_name(file, ch))
                {
                    self.ops.push((span, "close"));
                }
            }
            StmtKind::Select { body } => {
                for &c in file.stmt(*body).kind.block_stmts() {
                    if let StmtKind::CommClause { comm, body, .. } = &file.stmt(c).kind {
                        if let Some(cm) = comm {
                            self.in_select_comm += 1;
                            self.visit_stmt(file, *cm);
                            self.in_select_comm -= 1;
                        }
                        for &b in body {
                            self.visit_stmt(file, b);
                        }
                    }
                }
                return;
            }
            StmtKind::Labeled { .. } | StmtKind::Block { .. } => {}
            _ => {}
        }
        visit::walk_stmt(self, file, id);
    }

    fn visit_expr(&mut self, file: &File, id: ExprId) {
        match &file.expr(id).kind {
            ExprKind::Unary { op: UnaryOp::And, x, .. } if self.is_name(file, *x) => self.assigned = true,
            ExprKind::Unary { op: UnaryOp::Arrow, x, .. } if self.in_select_comm == 0 && self.is_name(file, *x) => {
                self.ops.push((file.expr(id).span, "receive"));
            }
            ExprKind::FuncLit { typ, .. }
                // A parameter of the same name shadows the variable inside the literal.
                if typ.params.list.iter().any(|f| f.names.iter().any(|n| self.var.is(self.cx, self.cx.file_index, file, *n))) => {
                    self.declared_twice += 2;
                }
            _ => {}
        }
        visit::walk_expr(self, file, id);
    }
}
