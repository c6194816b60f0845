//! The package's call graph: function declarations and literals as nodes; static calls,
//! method calls on concrete types, interface calls resolved to this package's
//! implementations, and immediately called literals as edges; `go` and `defer` sites
//! marked.

use crate::check::BodyOwner;
use crate::model::{unparen, PackageModel};
use crate::objects::{ObjId, ObjKind};
use gotraps_syntax::ast::{ExprId, ExprKind, StmtId, StmtKind};
use rustc_hash::FxHashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FuncNode {
    /// A declared function or method (also of other packages, as a callee).
    Func(ObjId),
    /// A function literal of this package.
    Lit { file: u32, expr: ExprId },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallKind {
    Plain,
    Go,
    Defer,
}

#[derive(Clone, Debug)]
pub struct CallSite {
    pub caller: FuncNode,
    pub file: u32,
    pub call: ExprId,
    pub kind: CallKind,
    /// Possible callees; empty when unknown (a function value, an unknown package).
    pub callees: Vec<FuncNode>,
    /// The call goes through an interface method.
    pub dynamic: bool,
}

#[derive(Clone, Debug, Default)]
pub struct CallGraph {
    pub sites: Vec<CallSite>,
    /// Call sites by caller.
    pub by_caller: FxHashMap<FuncNode, Vec<usize>>,
}

impl CallGraph {
    /// Call sites inside `caller` (not inside its nested literals).
    pub fn calls_from(&self, caller: FuncNode) -> impl Iterator<Item = &CallSite> {
        self.by_caller.get(&caller).into_iter().flatten().map(|&i| &self.sites[i])
    }

    /// Call sites that may reach `callee`.
    pub fn callers_of(&self, callee: FuncNode) -> impl Iterator<Item = &CallSite> {
        self.sites.iter().filter(move |s| s.callees.contains(&callee))
    }
}

impl PackageModel<'_> {
    /// The node of a body.
    pub fn body_node(&self, body: &crate::check::Body) -> Option<FuncNode> {
        match body.owner {
            BodyOwner::Decl(d) => self.func_decl_obj(body.file as usize, d as usize).map(FuncNode::Func),
            BodyOwner::Lit(e) => Some(FuncNode::Lit { file: body.file, expr: e }),
        }
    }

    /// Possible callees of a call (see [`CallGraph`]).
    pub fn callees(&self, file: usize, call: ExprId) -> (Vec<FuncNode>, bool) {
        let Some(f) = self.pkg.files.get(file) else { return (Vec::new(), false) };
        let ExprKind::Call { fun, .. } = &f.expr(call).kind else { return (Vec::new(), false) };
        let fun = unparen(f, *fun);
        if let ExprKind::FuncLit { .. } = f.expr(fun).kind {
            return (vec![FuncNode::Lit { file: file as u32, expr: fun }], false);
        }
        let Some(obj) = self.callee(file, call) else { return (Vec::new(), false) };
        let o = self.prog.obj(obj);
        if o.kind != ObjKind::Func {
            return (Vec::new(), false);
        }
        if o.is_method() && o.aux().is_none() {
            // An interface method: the package's implementations.
            let impls = self.implementations(obj);
            return (impls.into_iter().map(FuncNode::Func).collect(), true);
        }
        (vec![FuncNode::Func(obj)], false)
    }

    /// Builds the call graph of the package.
    pub fn call_graph(&self) -> CallGraph {
        let mut g = CallGraph::default();
        for body in &self.rec.bodies {
            let Some(caller) = self.body_node(body) else { continue };
            let file = body.file as usize;
            let f = &self.pkg.files[file];
            let mut marks: FxHashMap<ExprId, CallKind> = FxHashMap::default();
            let mut calls = Vec::new();
            let mut stack: Vec<StmtId> = f.stmt(body.body).kind.block_stmts().to_vec();
            let mut exprs: Vec<ExprId> = Vec::new();
            while let Some(s) = stack.pop() {
                stmt_parts(&f.stmt(s).kind, &mut stack, &mut exprs);
                match f.stmt(s).kind {
                    StmtKind::Go { call } => {
                        marks.insert(call, CallKind::Go);
                    }
                    StmtKind::Defer { call } => {
                        marks.insert(call, CallKind::Defer);
                    }
                    _ => {}
                }
            }
            while let Some(e) = exprs.pop() {
                let k = &f.expr(e).kind;
                if let ExprKind::FuncLit { .. } = k {
                    continue; // its own body
                }
                if let ExprKind::Call { .. } = k {
                    calls.push(e);
                }
                crate::cfg::expr_children(k, &mut exprs);
            }
            calls.sort();
            for call in calls {
                let (callees, dynamic) = self.callees(file, call);
                let kind = marks.get(&call).copied().unwrap_or(CallKind::Plain);
                g.by_caller.entry(caller).or_default().push(g.sites.len());
                g.sites.push(CallSite { caller, file: body.file, call, kind, callees, dynamic });
            }
        }
        g
    }
}

/// Sub-statements and expressions of a statement (not descending into literals).
fn stmt_parts(k: &StmtKind, stmts: &mut Vec<StmtId>, exprs: &mut Vec<ExprId>) {
    match k {
        StmtKind::Decl(g) => {
            for spec in &g.specs {
                if let gotraps_syntax::ast::Spec::Value(vs) = spec {
                    exprs.extend_from_slice(&vs.values);
                }
            }
        }
        StmtKind::Labeled { stmt, .. } => stmts.push(*stmt),
        StmtKind::Expr(e) => exprs.push(*e),
        StmtKind::Send { chan, value, .. } => exprs.extend([*chan, *value]),
        StmtKind::IncDec { x, .. } => exprs.push(*x),
        StmtKind::Assign { lhs, rhs, .. } => {
            exprs.extend_from_slice(lhs);
            exprs.extend_from_slice(rhs);
        }
        StmtKind::Go { call } | StmtKind::Defer { call } => exprs.push(*call),
        StmtKind::Return { results } => exprs.extend_from_slice(results),
        StmtKind::Block { stmts: s } => stmts.extend_from_slice(s),
        StmtKind::If { init, cond, then, els } => {
            stmts.extend(init.iter().chain([then]).chain(els.iter()).copied());
            exprs.push(*cond);
        }
        StmtKind::CaseClause { list, body, .. } => {
            exprs.extend(list.iter().flatten().copied());
            stmts.extend_from_slice(body);
        }
        StmtKind::Switch { init, tag, body } => {
            stmts.extend(init.iter().chain([body]).copied());
            exprs.extend(tag.iter().copied());
        }
        StmtKind::TypeSwitch { init, assign, body } => stmts.extend(init.iter().chain([assign, body]).copied()),
        StmtKind::CommClause { comm, body, .. } => {
            stmts.extend(comm.iter().copied());
            stmts.extend_from_slice(body);
        }
        StmtKind::Select { body } => stmts.push(*body),
        StmtKind::For { init, cond, post, body } => {
            stmts.extend(init.iter().chain(post.iter()).chain([body]).copied());
            exprs.extend(cond.iter().copied());
        }
        StmtKind::Range { key, value, x, body, .. } => {
            exprs.extend(key.iter().chain(value.iter()).chain([x]).copied());
            stmts.push(*body);
        }
        StmtKind::Bad | StmtKind::Empty { .. } | StmtKind::Branch { .. } => {}
    }
}
