//! Syntax helpers of the counting detectors: statement children, loops with their
//! trip counts, and symbolic counts (`len(xs)`, a constant, a variable) that two places
//! of one function can be compared by.

use crate::facts::Analysis;
use crate::graph::FuncId;
use gotraps_semantic::{unparen, Builtin, ObjId, ObjKind, TypeData};
use gotraps_syntax::ast::{AssignOp, BinaryOp, BranchKind, ExprId, ExprKind, StmtId, StmtKind};
use gotraps_syntax::{File, Span};
use rustc_hash::FxHashMap;

/// How many times something happens, as far as one function's text says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Count {
    Const(i128),
    /// `len(x)`.
    Len(ObjId),
    /// The value of a variable nothing reassigns.
    Var(ObjId),
    Unknown,
}

/// The statements directly inside a statement (no expressions, so no function literals).
pub(crate) fn sub_stmts(k: &StmtKind, out: &mut Vec<StmtId>) {
    match k {
        StmtKind::Labeled { stmt, .. } => out.push(*stmt),
        StmtKind::Block { stmts } => out.extend_from_slice(stmts),
        StmtKind::If { init, then, els, .. } => out.extend(init.iter().chain([then]).chain(els.iter()).copied()),
        StmtKind::CaseClause { body, .. } => out.extend_from_slice(body),
        StmtKind::Switch { init, body, .. } => out.extend(init.iter().chain([body]).copied()),
        StmtKind::TypeSwitch { init, assign, body } => out.extend(init.iter().chain([assign, body]).copied()),
        StmtKind::CommClause { comm, body, .. } => {
            out.extend(comm.iter().copied());
            out.extend_from_slice(body);
        }
        StmtKind::Select { body } => out.push(*body),
        StmtKind::For { init, post, body, .. } => out.extend(init.iter().chain(post.iter()).chain([body]).copied()),
        StmtKind::Range { body, .. } => out.push(*body),
        _ => {}
    }
}

/// Every statement of a body, outermost first (function literals excluded).
pub(crate) fn all_stmts(f: &File, body: StmtId) -> Vec<StmtId> {
    let mut out = Vec::new();
    let mut stack = vec![body];
    let mut kids = Vec::new();
    while let Some(s) = stack.pop() {
        out.push(s);
        kids.clear();
        sub_stmts(&f.stmt(s).kind, &mut kids);
        stack.extend(kids.iter().rev());
    }
    out
}

/// Whether the body of a loop can leave the loop: a return, a goto, a labelled break, or
/// a plain break not inside a nested switch, select or loop.
pub(crate) fn loop_can_leave(f: &File, body: StmtId) -> bool {
    let mut stack = vec![(body, false)];
    while let Some((s, nested)) = stack.pop() {
        let k = &f.stmt(s).kind;
        match k {
            StmtKind::Return { .. } => return true,
            StmtKind::Branch { kind: BranchKind::Goto, .. } => return true,
            StmtKind::Branch { kind: BranchKind::Break, label } if label.is_some() || !nested => return true,
            _ => {}
        }
        let inner = nested
            || matches!(
                k,
                StmtKind::Switch { .. }
                    | StmtKind::TypeSwitch { .. }
                    | StmtKind::Select { .. }
                    | StmtKind::For { .. }
                    | StmtKind::Range { .. }
            );
        let mut kids = Vec::new();
        sub_stmts(k, &mut kids);
        stack.extend(kids.into_iter().map(|c| (c, inner)));
    }
    false
}

pub(crate) struct LoopInfo {
    pub(crate) span: Span,
    pub(crate) trips: Count,
    pub(crate) can_leave: bool,
}

/// One function's text, with the facts the counting detectors read from it.
pub(crate) struct FuncText<'m> {
    pub(crate) file: u32,
    pub(crate) f: &'m File,
    pub(crate) body: StmtId,
    pub(crate) loops: Vec<LoopInfo>,
    /// `x := e` definitions of variables nothing reassigns.
    defs: FxHashMap<ObjId, ExprId>,
}

impl<'m> FuncText<'m> {
    pub(crate) fn new(a: &Analysis<'m>, fi: FuncId) -> FuncText<'m> {
        let func = &a.g.funcs[fi as usize];
        let file = func.file;
        let f: &'m File = &a.g.m.files()[file as usize];
        let body = a.g.m.bodies()[func.body].body;
        let mut t = FuncText { file, f, body, loops: Vec::new(), defs: FxHashMap::default() };
        let stmts = all_stmts(f, body);
        for &s in &stmts {
            if let StmtKind::Assign { lhs, op: AssignOp::Define, rhs, .. } = &f.stmt(s).kind {
                if lhs.len() == rhs.len() {
                    for (&l, &r) in lhs.iter().zip(rhs.iter()) {
                        if let ExprKind::Ident(id) = f.expr(l).kind {
                            if let Some(obj) = a.g.m.object_of(file as usize, id) {
                                if !a.g.reassigned.contains(&obj) {
                                    t.defs.insert(obj, r);
                                }
                            }
                        }
                    }
                }
            }
        }
        for &s in &stmts {
            let trips = match &f.stmt(s).kind {
                StmtKind::Range { x, .. } => t.range_trips(a, *x),
                StmtKind::For { cond: Some(c), .. } => match &f.expr(unparen(f, *c)).kind {
                    ExprKind::Binary { op: BinaryOp::Lss | BinaryOp::Neq, y, .. } => t.count(a, *y),
                    _ => Count::Unknown,
                },
                StmtKind::For { .. } => Count::Unknown,
                _ => continue,
            };
            let body = match &f.stmt(s).kind {
                StmtKind::Range { body, .. } | StmtKind::For { body, .. } => *body,
                _ => continue,
            };
            t.loops.push(LoopInfo { span: f.stmt(s).span, trips, can_leave: loop_can_leave(f, body) });
        }
        t
    }

    /// The loops around a place, innermost first.
    pub(crate) fn loops_around(&self, at: Span) -> Vec<&LoopInfo> {
        let mut v: Vec<&LoopInfo> = self.loops.iter().filter(|l| contains(l.span, at)).collect();
        v.sort_by_key(|l| std::cmp::Reverse(l.span.start));
        v
    }

    fn range_trips(&self, a: &Analysis, x: ExprId) -> Count {
        let m = a.g.m;
        let t = m.type_of(self.file as usize, x);
        match m.prog.types.get(m.prog.underlying(t)) {
            TypeData::Chan(..) | TypeData::Signature(_) => Count::Unknown,
            TypeData::Basic(_) => self.count(a, x),
            _ => match &self.f.expr(unparen(self.f, x)).kind {
                ExprKind::Ident(id) => m.object_of(self.file as usize, *id).map_or(Count::Unknown, Count::Len),
                ExprKind::CompositeLit { elts, .. } => Count::Const(elts.len() as i128),
                _ => Count::Unknown,
            },
        }
    }

    /// The count an integer expression stands for.
    pub(crate) fn count(&self, a: &Analysis, e: ExprId) -> Count {
        self.count_at(a, e, 0)
    }

    fn count_at(&self, a: &Analysis, e: ExprId, depth: u32) -> Count {
        let m = a.g.m;
        if let Some(v) = m.int_const(self.file as usize, e) {
            return Count::Const(v);
        }
        let f = self.f;
        match &f.expr(unparen(f, e)).kind {
            ExprKind::Ident(id) => {
                let Some(obj) = m.object_of(self.file as usize, *id) else { return Count::Unknown };
                if m.prog.obj(obj).kind != ObjKind::Var || a.g.reassigned.contains(&obj) {
                    return Count::Unknown;
                }
                if let (Some(&init), true) = (self.defs.get(&obj), depth < 4) {
                    let c = self.count_at(a, init, depth + 1);
                    if c != Count::Unknown {
                        return c;
                    }
                }
                Count::Var(obj)
            }
            ExprKind::Call { fun, args, .. } if args.len() == 1 => {
                let ExprKind::Ident(fid) = f.expr(unparen(f, *fun)).kind else { return Count::Unknown };
                let is_len = m
                    .object_of(self.file as usize, fid)
                    .is_some_and(|o| m.prog.obj(o).kind == ObjKind::Builtin(Builtin::Len));
                match (is_len, &f.expr(unparen(f, args[0])).kind) {
                    (true, ExprKind::Ident(x)) => {
                        m.object_of(self.file as usize, *x).map_or(Count::Unknown, Count::Len)
                    }
                    _ => Count::Unknown,
                }
            }
            _ => Count::Unknown,
        }
    }

    /// The initialiser of a variable defined with `:=` in this function.
    pub(crate) fn def_of(&self, obj: ObjId) -> Option<ExprId> {
        self.defs.get(&obj).copied()
    }
}

pub(crate) fn contains(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// Calls in an expression, in evaluation order, not entering function literals.
pub(crate) fn calls_in(f: &File, e: ExprId, out: &mut Vec<ExprId>) {
    let k = &f.expr(e).kind;
    if let ExprKind::FuncLit { .. } = k {
        return;
    }
    for c in crate::graph::child_exprs(k) {
        calls_in(f, c, out);
    }
    if let ExprKind::Call { .. } = k {
        out.push(e);
    }
}

/// Whether an expression mentions variable `obj` (function literals included).
pub(crate) fn mentions(a: &Analysis, file: u32, e: ExprId, obj: ObjId) -> bool {
    let f = &a.g.m.files()[file as usize];
    let k = &f.expr(e).kind;
    match k {
        ExprKind::Ident(id) => return a.g.m.object_of(file as usize, *id) == Some(obj),
        ExprKind::FuncLit { .. } => return a.g.m.captures(file as usize, e).contains(&obj),
        _ => {}
    }
    crate::graph::child_exprs(k).any(|c| mentions(a, file, c, obj))
}
