//! Walking function bodies: every function (declarations and literals) with the chain of
//! constructs enclosing each statement, which most trap rules reason about ("inside a
//! loop", "inside a deferred closure", "after a defer in the same block").

use gotraps_syntax::ast::{Decl, ExprId, ExprKind, File, FuncType, StmtId, StmtKind};
use gotraps_syntax::visit::{self, Visitor};

/// A function body: a declaration or a literal.
#[derive(Clone, Copy, Debug)]
pub struct FuncRef<'a> {
    /// `None` for a declared function, the literal's id for a closure.
    pub lit: Option<ExprId>,
    pub typ: &'a FuncType,
    pub body: StmtId,
}

/// Every function with a body in the file, declarations first in source order, then
/// literals in source order.
pub fn functions(file: &File) -> Vec<FuncRef<'_>> {
    let mut out = Vec::new();
    for d in &file.decls {
        if let Decl::Func(f) = d {
            if let Some(body) = f.body {
                out.push(FuncRef { lit: None, typ: &f.typ, body });
            }
        }
    }
    for &lit in &file.func_lits {
        if let ExprKind::FuncLit { typ, body } = &file.expr(lit).kind {
            out.push(FuncRef { lit: Some(lit), typ, body: *body });
        }
    }
    out.sort_by_key(|f| (f.lit.is_some(), file.stmt(f.body).span.start));
    out
}

/// Calls `f(stmt, enclosing)` for every statement of `body`, not descending into
/// function literals. `enclosing` lists the statements around it, outermost first
/// (blocks, ifs, loops, switch and select clauses).
pub fn for_each_stmt(file: &File, body: StmtId, mut f: impl FnMut(StmtId, &[StmtId])) {
    struct Walk<'f, F> {
        stack: Vec<StmtId>,
        f: &'f mut F,
    }
    impl<F: FnMut(StmtId, &[StmtId])> Visitor for Walk<'_, F> {
        fn visit_stmt(&mut self, file: &File, id: StmtId) {
            (self.f)(id, &self.stack);
            self.stack.push(id);
            visit::walk_stmt(self, file, id);
            self.stack.pop();
        }
        fn visit_expr(&mut self, file: &File, id: ExprId) {
            if !matches!(file.expr(id).kind, ExprKind::FuncLit { .. }) {
                visit::walk_expr(self, file, id);
            }
        }
    }
    let mut w = Walk { stack: Vec::new(), f: &mut f };
    w.visit_stmt(file, body);
}

/// Calls `f(call)` for every call expression under `root` (a statement), not descending
/// into function literals.
pub fn for_each_call(file: &File, root: StmtId, mut f: impl FnMut(ExprId)) {
    struct Calls<'f, F> {
        f: &'f mut F,
    }
    impl<F: FnMut(ExprId)> Visitor for Calls<'_, F> {
        fn visit_expr(&mut self, file: &File, id: ExprId) {
            match file.expr(id).kind {
                ExprKind::FuncLit { .. } => {}
                ExprKind::Call { .. } => {
                    (self.f)(id);
                    visit::walk_expr(self, file, id);
                }
                _ => visit::walk_expr(self, file, id),
            }
        }
    }
    Calls { f: &mut f }.visit_stmt(file, root);
}

/// Whether a statement is a loop (`for` or `range`).
pub fn is_loop(file: &File, id: StmtId) -> bool {
    matches!(file.stmt(id).kind, StmtKind::For { .. } | StmtKind::Range { .. })
}

/// The function literal called by a `go`/`defer` statement's call, if the call is
/// `func(){...}(args)`.
pub fn called_func_lit(file: &File, call: ExprId) -> Option<ExprId> {
    let ExprKind::Call { fun, .. } = &file.expr(call).kind else {
        return None;
    };
    let fun = gotraps_semantic::unparen(file, *fun);
    matches!(file.expr(fun).kind, ExprKind::FuncLit { .. }).then_some(fun)
}

/// For each function literal, the statement (`go` or `defer`) that calls it directly, if any.
pub fn literal_launchers(file: &File) -> Vec<Option<StmtId>> {
    let mut out = vec![None; file.exprs.len()];
    for (i, s) in file.stmts.iter().enumerate() {
        if let StmtKind::Go { call } | StmtKind::Defer { call } = s.kind {
            if let Some(lit) = called_func_lit(file, call) {
                out[lit.index()] = Some(StmtId(i as u32));
            }
        }
    }
    out
}

/// Statements that always leave the enclosing function or loop: `return`, `panic(...)`
/// (the builtin, when the model typed file `model.1`; a package's own `panic` is not).
/// `os.Exit` is not included (the caller decides about exits).
pub fn is_terminating(model: Option<(&gotraps_semantic::PackageModel, usize)>, file: &File, id: StmtId) -> bool {
    match &file.stmt(id).kind {
        StmtKind::Return { .. } => true,
        StmtKind::Expr(e) => match &file.expr(*e).kind {
            ExprKind::Call { fun, .. } => crate::semantic::is_universe(model, file, *fun, "panic"),
            _ => false,
        },
        StmtKind::Block { stmts } => stmts.last().is_some_and(|&s| is_terminating(model, file, s)),
        StmtKind::If { then, els: Some(els), .. } => {
            is_terminating(model, file, *then) && is_terminating(model, file, *els)
        }
        _ => false,
    }
}
