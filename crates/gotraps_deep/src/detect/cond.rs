//! Lost and misdirected wakeups of condition variables: the state a `Cond.Wait` loop
//! waits on changed with no wakeup after it, a `Signal` on a Cond whose waiters wait
//! for different things, a waker goroutine that ends without its wakeup, and a
//! channel used as a wakeup whose only sends are non-blocking on an unbuffered channel.
//!
//! Each waiter's predicate is the condition of the innermost `for cond { ... Wait() }`
//! loop around its `Wait`: the struct fields it reads (directly, or in the package
//! functions it calls, two calls deep) and the parameters of the waiting function it
//! reads. Writes are assignments, `++`/`--` and `delete` on a field reached from a
//! parameter, a captured or a package-level variable (an object the function made
//! itself is not shared yet). Fields are identified by declaration (field-based, as
//! the value flow is), so a write to the field of any instance counts.
//!
//! Cost: one walk of each body (statements and expressions once), plus the predicate
//! callees' bodies (at most `MAX_PREDICATE_CALLEES` per predicate); wakeup reachability
//! is one reverse traversal of the call graph per Cond that has waiters.

use super::{name, place, Site};
use crate::facts::{Analysis, Loc, OpKind, Root, Select};
use crate::graph::{CallKind, FuncId};
use crate::points_to::flag;
use crate::Detector;
use gotraps_semantic::{ObjId, ObjKind};
use gotraps_syntax::ast::{ExprId, ExprKind, Spec, StmtId, StmtKind};
use gotraps_syntax::Span;
use rustc_hash::{FxHashMap, FxHashSet};

use super::Finding;

/// Package functions a predicate calls that are read for the fields they read.
const MAX_PREDICATE_CALLEES: usize = 8;
/// Depth of calls followed from a predicate.
const MAX_PREDICATE_DEPTH: usize = 2;

/// A write of a struct field.
struct Write {
    field: ObjId,
    effect: Effect,
    at: Loc,
    /// The statement making it, and the end of the statement list holding that
    /// statement: a `return` after the statement and before that end runs after it.
    stmt_end: u32,
    list_end: u32,
}

/// What a write does to the field's value, as far as its shape tells.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Effect {
    /// `append`, `++`, `+=`, `s.m[k] = v`.
    Grow,
    /// `delete`, `--`, `-=`, a re-slice `s.q = s.q[n:]`, `= 0`.
    Shrink,
    SetNil,
    SetTrue,
    SetFalse,
    Unknown,
}

/// While what a predicate atom keeps its waiter waiting.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum WaitsWhile {
    /// `len(f) == 0`, `f < n`.
    Small,
    /// `len(f) != 0`, `f >= n`.
    Big,
    /// `f == nil`.
    Nil,
    /// `f != nil`.
    NotNil,
    /// `!f`.
    False,
    /// `f`.
    True,
}

impl WaitsWhile {
    fn negated(self) -> WaitsWhile {
        match self {
            WaitsWhile::Small => WaitsWhile::Big,
            WaitsWhile::Big => WaitsWhile::Small,
            WaitsWhile::Nil => WaitsWhile::NotNil,
            WaitsWhile::NotNil => WaitsWhile::Nil,
            WaitsWhile::False => WaitsWhile::True,
            WaitsWhile::True => WaitsWhile::False,
        }
    }

    /// Whether a write of this effect can make the atom false (end the wait).
    fn ended_by(self, e: Effect) -> bool {
        match (self, e) {
            (_, Effect::Unknown) => true,
            (WaitsWhile::Small, Effect::Grow) => true,
            (WaitsWhile::Big, Effect::Shrink | Effect::SetNil | Effect::SetFalse) => true,
            (WaitsWhile::Nil, Effect::Grow) => true,
            (WaitsWhile::NotNil, Effect::SetNil) => true,
            (WaitsWhile::False, Effect::SetTrue) => true,
            (WaitsWhile::True, Effect::SetFalse) => true,
            _ => false,
        }
    }
}

/// What one walk of a function body finds.
#[derive(Default)]
struct BodyScan {
    /// Loops (`for` and `range`): the statement's span and the `for` condition.
    loops: Vec<(Span, Option<ExprId>)>,
    writes: Vec<Write>,
    /// Statement lists (blocks, case bodies), first statement to last.
    lists: Vec<Span>,
}

/// A `Wait` inside a `for pred { ... }` loop.
struct WaitLoop {
    func: FuncId,
    cond: u32,
    wait: Loc,
    predicate: Loc,
    fields: FxHashSet<ObjId>,
    /// For fields the predicate compares directly: while what each comparison waits.
    /// A field read otherwise (in a callee, in arithmetic) has no entry: any write may
    /// end the wait.
    atoms: FxHashMap<ObjId, Vec<WaitsWhile>>,
    /// Parameters of the waiting function the predicate reads (other than the one the
    /// Cond is reached from): each call waits for its own state.
    own_params: Vec<ObjId>,
}

struct Scanner<'a, 'm> {
    a: &'a Analysis<'m>,
    file: u32,
    locals: FxHashSet<ObjId>,
    out: BodyScan,
}

impl Scanner<'_, '_> {
    fn stmt_list(&mut self, stmts: &[StmtId]) {
        let f = &self.a.g.m.files()[self.file as usize];
        let end = stmts.last().map_or(0, |&s| f.stmt(s).span.end);
        if let Some(&first) = stmts.first() {
            self.out.lists.push(Span { start: f.stmt(first).span.start, end });
        }
        for &s in stmts {
            self.stmt(s, end);
        }
    }

    fn stmt(&mut self, s: StmtId, list_end: u32) {
        let f = &self.a.g.m.files()[self.file as usize];
        let st = f.stmt(s);
        let span = st.span;
        match &st.kind {
            StmtKind::Assign { lhs, op, rhs, .. } => {
                for (i, &l) in lhs.iter().enumerate() {
                    let effect = match op {
                        gotraps_syntax::ast::AssignOp::Op(gotraps_syntax::ast::BinaryOp::Add) => Effect::Grow,
                        gotraps_syntax::ast::AssignOp::Op(gotraps_syntax::ast::BinaryOp::Sub) => Effect::Shrink,
                        gotraps_syntax::ast::AssignOp::Assign if lhs.len() == rhs.len() => {
                            assigned_effect(self.a, self.file, l, rhs[i])
                        }
                        _ => Effect::Unknown,
                    };
                    if *op == gotraps_syntax::ast::AssignOp::Define {
                        if let ExprKind::Ident(id) = &f.expr(l).kind {
                            if let Some(o) = self.a.g.m.object_of(self.file as usize, *id) {
                                self.locals.insert(o);
                            }
                        }
                    } else {
                        self.write(l, span, list_end, effect);
                    }
                }
                for &r in rhs.iter() {
                    self.expr(r, span, list_end);
                }
            }
            StmtKind::IncDec { x, inc } => {
                self.write(*x, span, list_end, if *inc { Effect::Grow } else { Effect::Shrink })
            }
            StmtKind::Decl(gd) => {
                for spec in &gd.specs {
                    if let Spec::Value(vs) = spec {
                        for n in &vs.names {
                            if let Some(o) = self.a.g.m.object_of(self.file as usize, *n) {
                                self.locals.insert(o);
                            }
                        }
                    }
                }
            }
            StmtKind::Block { stmts } => self.stmt_list(stmts),
            StmtKind::CaseClause { list, body, .. } => {
                for &e in list.iter().flatten() {
                    self.expr(e, span, list_end);
                }
                self.stmt_list(body);
            }
            StmtKind::CommClause { comm, body, .. } => {
                if let Some(c) = comm {
                    self.stmt(*c, list_end);
                }
                self.stmt_list(body);
            }
            StmtKind::For { init, cond, post, body } => {
                self.out.loops.push((span, *cond));
                for s in init.iter().chain(post.iter()) {
                    self.stmt(*s, list_end);
                }
                if let Some(c) = cond {
                    self.expr(*c, span, list_end);
                }
                self.stmt(*body, list_end);
            }
            StmtKind::Range { key, value, op, x, body, .. } => {
                self.out.loops.push((span, None));
                if *op == Some(gotraps_syntax::ast::AssignOp::Define) {
                    for &k in key.iter().chain(value.iter()) {
                        if let ExprKind::Ident(id) = &f.expr(k).kind {
                            if let Some(o) = self.a.g.m.object_of(self.file as usize, *id) {
                                self.locals.insert(o);
                            }
                        }
                    }
                }
                self.expr(*x, span, list_end);
                self.stmt(*body, list_end);
            }
            k => {
                let (mut stmts, mut exprs) = (Vec::new(), Vec::new());
                crate::graph::stmt_children(k, &mut stmts, &mut exprs);
                if let StmtKind::Send { chan, value, .. } = k {
                    exprs.extend([*chan, *value]);
                }
                if let StmtKind::Go { call } | StmtKind::Defer { call } = k {
                    exprs.push(*call);
                }
                if let StmtKind::Return { results } = k {
                    exprs.extend(results.iter().copied());
                }
                for e in exprs {
                    self.expr(e, span, list_end);
                }
                for s in stmts {
                    self.stmt(s, list_end);
                }
            }
        }
    }

    /// Finds `delete(x.f, k)` in expressions.
    fn expr(&mut self, e: ExprId, stmt: Span, list_end: u32) {
        let f = &self.a.g.m.files()[self.file as usize];
        if let ExprKind::Call { fun, args, .. } = &f.expr(e).kind {
            if let ExprKind::Ident(id) = &f.expr(*fun).kind {
                if f.name(*id) == "delete"
                    && args.len() == 2
                    && self
                        .a
                        .g
                        .m
                        .object_of(self.file as usize, *id)
                        .is_some_and(|o| self.a.g.m.obj_pkg_path(o).is_none())
                {
                    self.write(args[0], stmt, list_end, Effect::Shrink);
                }
            }
        }
        let mut kids = Vec::new();
        crate::graph::children(&f.expr(e).kind, &mut kids);
        for k in kids {
            self.expr(k, stmt, list_end);
        }
    }

    /// Records a write of the field `l` selects (through indexing: `s.m[k] = v` writes
    /// `s.m`), when it is reached from an object the function did not make.
    fn write(&mut self, l: ExprId, stmt: Span, list_end: u32, mut effect: Effect) {
        let f = &self.a.g.m.files()[self.file as usize];
        let mut e = l;
        loop {
            match &f.expr(e).kind {
                ExprKind::Paren { x } | ExprKind::Star { x } => e = *x,
                ExprKind::Index { x, .. } => {
                    // `s.m[k] = v` adds to (or overwrites in) the field's map or slice.
                    if effect != Effect::Shrink {
                        effect = Effect::Grow;
                    }
                    e = *x
                }
                _ => break,
            }
        }
        let ExprKind::Selector { x, sel } = &f.expr(e).kind else { return };
        let Some(field) = self.a.g.m.object_of(self.file as usize, *sel) else { return };
        if self.a.g.m.prog.obj(field).kind != ObjKind::Field {
            return;
        }
        if let Some(root) = base_var(self.a, self.file, *x) {
            if self.locals.contains(&root) {
                return;
            }
        }
        self.out.writes.push(Write {
            field,
            effect,
            at: Loc { file: self.file, span: f.expr(l).span },
            stmt_end: stmt.end,
            list_end: list_end.max(stmt.end),
        });
    }
}

/// The effect of `lhs = rhs` on the field `lhs` selects.
fn assigned_effect(a: &Analysis, file: u32, lhs: ExprId, rhs: ExprId) -> Effect {
    let f = &a.g.m.files()[file as usize];
    match &f.expr(rhs).kind {
        ExprKind::Paren { x } => assigned_effect(a, file, lhs, *x),
        ExprKind::Ident(id) => match (f.name(*id), a.g.m.object_of(file as usize, *id)) {
            (n, Some(o)) if a.g.m.obj_pkg_path(o).is_none() => match n {
                "nil" => Effect::SetNil,
                "true" => Effect::SetTrue,
                "false" => Effect::SetFalse,
                _ => Effect::Unknown,
            },
            _ => Effect::Unknown,
        },
        ExprKind::Slice { x, .. } if same_text(a, file, *x, lhs) => Effect::Shrink,
        ExprKind::Call { fun, args, .. } => match &f.expr(*fun).kind {
            ExprKind::Ident(id)
                if f.name(*id) == "append"
                    && args.len() > 1
                    && a.g.m.object_of(file as usize, *id).is_some_and(|o| a.g.m.obj_pkg_path(o).is_none()) =>
            {
                Effect::Grow
            }
            _ => Effect::Unknown,
        },
        _ if a.g.m.int_const(file as usize, rhs) == Some(0) => Effect::Shrink,
        _ => Effect::Unknown,
    }
}

fn same_text(a: &Analysis, file: u32, x: ExprId, y: ExprId) -> bool {
    let f = &a.g.m.files()[file as usize];
    let t = |e: ExprId| a.text(Loc { file, span: f.expr(e).span }).split_whitespace().collect::<String>();
    t(x) == t(y)
}

/// The comparisons of a predicate on fields, by field (`&&`, `||`, `!` and parentheses
/// are followed; `len(f)` stands for `f`).
fn predicate_atoms(a: &Analysis, file: u32, e: ExprId, negated: bool, out: &mut FxHashMap<ObjId, Vec<WaitsWhile>>) {
    use gotraps_syntax::ast::{BinaryOp, UnaryOp};
    let f = &a.g.m.files()[file as usize];
    let mut push = |field: ObjId, w: WaitsWhile| {
        out.entry(field).or_default().push(if negated { w.negated() } else { w });
    };
    match &f.expr(e).kind {
        ExprKind::Paren { x } => predicate_atoms(a, file, *x, negated, out),
        ExprKind::Unary { op: UnaryOp::Not, x, .. } => predicate_atoms(a, file, *x, !negated, out),
        ExprKind::Binary { op: BinaryOp::LAnd | BinaryOp::LOr, x, y, .. } => {
            predicate_atoms(a, file, *x, negated, out);
            predicate_atoms(a, file, *y, negated, out);
        }
        ExprKind::Binary { op, x, y, .. } => {
            let (fx, fy) = (compared_field(a, file, *x), compared_field(a, file, *y));
            let (field, other, op) = match (fx, fy) {
                (Some(fl), None) => (fl, *y, *op),
                (None, Some(fl)) => (
                    fl,
                    *x,
                    match op {
                        BinaryOp::Lss => BinaryOp::Gtr,
                        BinaryOp::Leq => BinaryOp::Geq,
                        BinaryOp::Gtr => BinaryOp::Lss,
                        BinaryOp::Geq => BinaryOp::Leq,
                        o => *o,
                    },
                ),
                _ => return,
            };
            let is_nil = matches!(&f.expr(other).kind, ExprKind::Ident(id) if f.name(*id) == "nil");
            let is_zero = a.g.m.int_const(file as usize, other) == Some(0);
            let w = match op {
                BinaryOp::Eql if is_nil => WaitsWhile::Nil,
                BinaryOp::Neq if is_nil => WaitsWhile::NotNil,
                BinaryOp::Eql if is_zero => WaitsWhile::Small,
                BinaryOp::Neq if is_zero => WaitsWhile::Big,
                BinaryOp::Lss | BinaryOp::Leq => WaitsWhile::Small,
                BinaryOp::Gtr | BinaryOp::Geq => WaitsWhile::Big,
                _ => return,
            };
            push(field, w);
        }
        ExprKind::Selector { sel, .. } => {
            if let Some(o) = a.g.m.object_of(file as usize, *sel) {
                if a.g.m.prog.obj(o).kind == ObjKind::Field && a.g.m.type_string(a.g.m.obj_type(o)) == "bool" {
                    push(o, WaitsWhile::True);
                }
            }
        }
        _ => {}
    }
}

/// The field `e` is, or whose length it is (`s.f`, `len(s.f)`).
fn compared_field(a: &Analysis, file: u32, e: ExprId) -> Option<ObjId> {
    let f = &a.g.m.files()[file as usize];
    match &f.expr(e).kind {
        ExprKind::Paren { x } => compared_field(a, file, *x),
        ExprKind::Call { fun, args, .. } if args.len() == 1 => match &f.expr(*fun).kind {
            ExprKind::Ident(id) if f.name(*id) == "len" => compared_field(a, file, args[0]),
            _ => None,
        },
        ExprKind::Selector { sel, .. } => {
            let o = a.g.m.object_of(file as usize, *sel)?;
            (a.g.m.prog.obj(o).kind == ObjKind::Field).then_some(o)
        }
        _ => None,
    }
}

/// The variable an access path starts from (`s` in `s.a.b[i].c`).
fn base_var(a: &Analysis, file: u32, mut e: ExprId) -> Option<ObjId> {
    let f = &a.g.m.files()[file as usize];
    loop {
        match &f.expr(e).kind {
            ExprKind::Paren { x }
            | ExprKind::Star { x }
            | ExprKind::Index { x, .. }
            | ExprKind::Selector { x, .. }
            | ExprKind::Unary { x, .. } => e = *x,
            ExprKind::Ident(id) => return a.g.m.object_of(file as usize, *id),
            _ => return None,
        }
    }
}

fn scan(a: &Analysis, fi: FuncId) -> BodyScan {
    let func = &a.g.funcs[fi as usize];
    let body = &a.g.m.bodies()[func.body];
    let mut s = Scanner { a, file: func.file, locals: FxHashSet::default(), out: BodyScan::default() };
    s.stmt(body.body, 0);
    s.out
}

/// Fields an expression reads, following calls into package functions; parameters of
/// `fi` it reads.
fn predicate_reads(a: &Analysis, fi: FuncId, e: ExprId, fields: &mut FxHashSet<ObjId>, params: &mut Vec<ObjId>) {
    let file = a.g.funcs[fi as usize].file;
    let mut callees: Vec<(FuncId, usize)> = Vec::new();
    expr_reads(a, file, e, fields, &mut |o| {
        if a.g.funcs[fi as usize].params.contains(&Some(o)) && !params.contains(&o) {
            params.push(o);
        }
    });
    collect_calls(a, file, e, &mut callees, 1);
    let mut seen: FxHashSet<FuncId> = FxHashSet::default();
    while let Some((c, depth)) = callees.pop() {
        if !seen.insert(c) || seen.len() > MAX_PREDICATE_CALLEES {
            continue;
        }
        let cf = &a.g.funcs[c as usize];
        let body = &a.g.m.bodies()[cf.body];
        let mut exprs = Vec::new();
        body_exprs(a, cf.file, body.body, &mut exprs);
        for x in exprs {
            expr_reads(a, cf.file, x, fields, &mut |_| {});
            if depth < MAX_PREDICATE_DEPTH {
                collect_calls(a, cf.file, x, &mut callees, depth + 1);
            }
        }
    }
}

fn expr_reads(a: &Analysis, file: u32, e: ExprId, fields: &mut FxHashSet<ObjId>, var: &mut dyn FnMut(ObjId)) {
    let f = &a.g.m.files()[file as usize];
    match &f.expr(e).kind {
        ExprKind::Selector { sel, .. } => {
            if let Some(o) = a.g.m.object_of(file as usize, *sel) {
                if a.g.m.prog.obj(o).kind == ObjKind::Field {
                    fields.insert(o);
                }
            }
        }
        ExprKind::Ident(id) => {
            if let Some(o) = a.g.m.object_of(file as usize, *id) {
                var(o);
            }
        }
        _ => {}
    }
    let mut kids = Vec::new();
    crate::graph::children(&f.expr(e).kind, &mut kids);
    for k in kids {
        expr_reads(a, file, k, fields, var);
    }
}

fn count_field_reads(a: &Analysis, file: u32, e: ExprId, out: &mut FxHashMap<ObjId, usize>) {
    let f = &a.g.m.files()[file as usize];
    if let ExprKind::Selector { sel, .. } = &f.expr(e).kind {
        if let Some(o) = a.g.m.object_of(file as usize, *sel) {
            *out.entry(o).or_default() += 1;
        }
    }
    let mut kids = Vec::new();
    crate::graph::children(&f.expr(e).kind, &mut kids);
    for k in kids {
        count_field_reads(a, file, k, out);
    }
}

fn collect_calls(a: &Analysis, file: u32, e: ExprId, out: &mut Vec<(FuncId, usize)>, depth: usize) {
    let f = &a.g.m.files()[file as usize];
    if let ExprKind::Call { .. } = &f.expr(e).kind {
        for &ci in a.g.call_at.get(&(file, e)).map(Vec::as_slice).unwrap_or(&[]) {
            if a.g.calls[ci].kind == CallKind::Plain {
                out.extend(a.g.calls[ci].callees.iter().map(|&c| (c, depth)));
            }
        }
    }
    let mut kids = Vec::new();
    crate::graph::children(&f.expr(e).kind, &mut kids);
    for k in kids {
        collect_calls(a, file, k, out, depth);
    }
}

/// Top-level expressions of a body's statements (not inside function literals).
fn body_exprs(a: &Analysis, file: u32, s: StmtId, out: &mut Vec<ExprId>) {
    let f = &a.g.m.files()[file as usize];
    let k = &f.stmt(s).kind;
    let (mut stmts, mut exprs) = (Vec::new(), Vec::new());
    crate::graph::stmt_children(k, &mut stmts, &mut exprs);
    match k {
        StmtKind::Return { results } => exprs.extend(results.iter().copied()),
        StmtKind::Assign { rhs, .. } => exprs.extend(rhs.iter().copied()),
        StmtKind::Range { x, body, .. } => {
            exprs.push(*x);
            stmts.push(*body);
        }
        _ => {}
    }
    out.extend(exprs);
    for s in stmts {
        body_exprs(a, file, s, out);
    }
}

/// Whether `later` runs whenever `earlier` did: the innermost statement list holding
/// `later` also holds `earlier` (so `later` is not in a branch `earlier` skips).
fn on_path_after(scan: &BodyScan, earlier: Span, later: Span) -> bool {
    scan.lists
        .iter()
        .filter(|l| contains(**l, later))
        .min_by_key(|l| l.end - l.start)
        .is_some_and(|l| contains(*l, earlier))
}

fn contains(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// The shared facts of the Cond detectors.
struct CondModel {
    scans: Vec<BodyScan>,
    waits: Vec<WaitLoop>,
    /// Cond class -> functions that wait on it (in a predicate loop or not).
    waiting: FxHashMap<u32, FxHashSet<FuncId>>,
    /// Waits in no predicate loop: function, Cond class, the Wait.
    bare_waits: Vec<(FuncId, u32, Loc)>,
    /// Cond class -> functions that signal or broadcast it, at any call depth (not
    /// through `go`).
    wakers: FxHashMap<u32, FxHashSet<FuncId>>,
    /// Plain and deferred callers of each function: (caller, call index).
    callers: FxHashMap<FuncId, Vec<(FuncId, usize)>>,
}

fn build(a: &Analysis) -> Option<CondModel> {
    let has_wait = a.facts.iter().any(|f| f.ops.iter().any(|o| o.kind == OpKind::CondWait));
    if !has_wait {
        return None;
    }
    let n = a.g.funcs.len();
    let scans: Vec<BodyScan> = (0..n as FuncId).map(|fi| scan(a, fi)).collect();
    let mut waits = Vec::new();
    let mut waiting: FxHashMap<u32, FxHashSet<FuncId>> = FxHashMap::default();
    let mut bare_waits = Vec::new();
    for (fi, facts) in a.facts.iter().enumerate() {
        for op in facts.ops.iter().filter(|o| o.kind == OpKind::CondWait) {
            let cond = a.g.u.root(op.class);
            waiting.entry(cond).or_default().insert(fi as FuncId);
            let innermost =
                scans[fi].loops.iter().filter(|(s, _)| contains(*s, op.at.span)).min_by_key(|(s, _)| s.end - s.start);
            let Some(&(_, Some(pred))) = innermost else {
                bare_waits.push((fi as FuncId, cond, op.at));
                continue;
            };
            let mut fields = FxHashSet::default();
            let mut params = Vec::new();
            predicate_reads(a, fi as FuncId, pred, &mut fields, &mut params);
            // The parameter the Cond is reached from (`km` in `km.c.Wait()`) is shared
            // by every waiter on that Cond.
            let cond_param = match op.path.as_ref().map(|p| &p.root) {
                Some(Root::Param(i)) => a.g.funcs[fi].params.get(*i as usize).copied().flatten(),
                _ => None,
            };
            let types = |o: ObjId| a.g.m.type_string(a.g.m.obj_type(o));
            params.retain(|&p| Some(p) != cond_param && types(p) != "context.Context");
            let file = a.g.funcs[fi].file;
            let mut atoms = FxHashMap::default();
            predicate_atoms(a, file, pred, false, &mut atoms);
            // A field also read outside the comparisons (in a callee, in arithmetic)
            // has an unknown role: any write may end the wait.
            let mut direct = FxHashSet::default();
            expr_reads(a, file, pred, &mut direct, &mut |_| {});
            let mut counted: FxHashMap<ObjId, usize> = FxHashMap::default();
            count_field_reads(a, file, pred, &mut counted);
            atoms.retain(|fl, v| direct.contains(fl) && counted.get(fl).copied().unwrap_or(0) == v.len());
            waits.push(WaitLoop {
                func: fi as FuncId,
                cond,
                wait: op.at,
                predicate: Loc { file, span: a.g.m.files()[file as usize].expr(pred).span },
                fields,
                atoms,
                own_params: params,
            });
        }
    }
    let callers = super::channels::call_sites_by_callee(a);
    let mut wakers: FxHashMap<u32, FxHashSet<FuncId>> = FxHashMap::default();
    for cond in waiting.keys() {
        let mut set: FxHashSet<FuncId> = FxHashSet::default();
        let mut work: Vec<FuncId> = Vec::new();
        for (fi, facts) in a.facts.iter().enumerate() {
            if facts.ops.iter().any(|o| is_wakeup(o.kind) && a.g.u.root(o.class) == *cond) && set.insert(fi as FuncId) {
                work.push(fi as FuncId);
            }
        }
        while let Some(f) = work.pop() {
            for &(c, _) in callers.get(&f).map(Vec::as_slice).unwrap_or(&[]) {
                if set.insert(c) {
                    work.push(c);
                }
            }
        }
        wakers.insert(*cond, set);
    }
    Some(CondModel { scans, waits, waiting, bare_waits, wakers, callers })
}

fn is_wakeup(k: OpKind) -> bool {
    matches!(k, OpKind::CondSignal | OpKind::CondBroadcast)
}

impl CondModel {
    /// Whether `fi` wakes the waiters of `cond` after offset `after` (a Signal or
    /// Broadcast, or a call of a function that makes one), or in a deferred call.
    fn wakes_after(&self, a: &Analysis, fi: FuncId, after: u32, cond: u32) -> bool {
        let facts = &a.facts[fi as usize];
        if facts
            .ops
            .iter()
            .any(|o| is_wakeup(o.kind) && a.g.u.root(o.class) == cond && (o.deferred || o.at.span.start >= after))
        {
            return true;
        }
        let wakers = &self.wakers[&cond];
        facts.calls.iter().any(|cf| {
            let call = &a.g.calls[cf.call];
            let at = a.g.m.files()[call.file as usize].expr(call.expr).span.start;
            call.kind != CallKind::Go
                && (call.kind == CallKind::Defer || at >= after)
                && call.callees.iter().any(|c| wakers.contains(c))
        })
    }

    /// Whether a wakeup follows a write at `after` in `fi`, or in every caller of `fi`
    /// after its call (one level up: a setter whose callers broadcast).
    fn woken(&self, a: &Analysis, fi: FuncId, after: u32, cond: u32) -> bool {
        if self.wakes_after(a, fi, after, cond) {
            return true;
        }
        let cs = self.callers.get(&fi).map(Vec::as_slice).unwrap_or(&[]);
        !cs.is_empty()
            && cs.iter().all(|&(c, k)| {
                let call = &a.g.calls[a.facts[c as usize].calls[k].call];
                let at = a.g.m.files()[call.file as usize].expr(call.expr).span.end;
                self.wakes_after(a, c, at, cond)
            })
    }

    /// Whether `fi` takes the Cond's lock before offset `at` (or its callers hold it).
    fn under_cond_lock(&self, a: &Analysis, fi: FuncId, at: u32, cond: u32) -> bool {
        let Some(l) = a.g.u.elem_of(cond) else { return false };
        let takes = |f: FuncId, before: u32| {
            a.facts[f as usize].ops.iter().any(|o| {
                matches!(o.kind, OpKind::Lock) && !o.deferred && a.g.u.root(o.class) == l && o.at.span.start < before
            })
        };
        if takes(fi, at) {
            return true;
        }
        let cs = self.callers.get(&fi).map(Vec::as_slice).unwrap_or(&[]);
        !cs.is_empty()
            && cs.iter().all(|&(c, k)| {
                let cf = &a.facts[c as usize].calls[k];
                cf.held.iter().any(|h| a.g.u.root(h.class) == l)
            })
    }

    fn open(a: &Analysis, cond: u32) -> bool {
        a.g.u.flags(cond) & flag::OPEN != 0
    }
}

/// Runs the Cond detectors.
pub(super) fn cond_wakeups(
    a: &Analysis,
    by_class: &FxHashMap<u32, Vec<Site>>,
    spawned: &[bool],
    out: &mut Vec<Finding>,
) {
    lossy_wakeup_send(a, by_class, spawned, out);
    let Some(cm) = build(a) else { return };
    state_change_without_wakeup(a, &cm, out);
    signal_wrong_waiter(a, &cm, by_class, out);
    waker_exits(a, &cm, by_class, spawned, out);
}

// ---- a state change the waiter waits for, with no wakeup after it -----------------

fn state_change_without_wakeup(a: &Analysis, cm: &CondModel, out: &mut Vec<Finding>) {
    let mut by_field: FxHashMap<ObjId, Vec<usize>> = FxHashMap::default();
    for (i, w) in cm.waits.iter().enumerate() {
        for &f in &w.fields {
            by_field.entry(f).or_default().push(i);
        }
    }
    let mut reported: FxHashSet<(FuncId, u32)> = FxHashSet::default();
    for (fi, scan) in cm.scans.iter().enumerate() {
        let fi = fi as FuncId;
        for w in &scan.writes {
            let Some(loops) = by_field.get(&w.field) else { continue };
            for &li in loops {
                let wl = &cm.waits[li];
                // A waiter changing the state it waits on consumes it (takes the item,
                // marks the key held): others keep waiting.
                if CondModel::open(a, wl.cond) || cm.waiting[&wl.cond].contains(&fi) {
                    continue;
                }
                // A write that can only keep the waiter waiting (taking an item while it
                // waits for one) needs no wakeup.
                if let Some(atoms) = wl.atoms.get(&w.field) {
                    if !atoms.iter().any(|at| at.ended_by(w.effect)) {
                        continue;
                    }
                }
                if !cm.under_cond_lock(a, fi, w.at.span.start, wl.cond) {
                    continue;
                }
                if cm.woken(a, fi, w.at.span.end, wl.cond) || !reported.insert((fi, wl.cond)) {
                    continue;
                }
                // The lost wakeup is final where the lock is released: show the stretch
                // from the write to the Unlock that follows it.
                let l = a.g.u.elem_of(wl.cond);
                let unlock = a.facts[fi as usize]
                    .ops
                    .iter()
                    .filter(|o| {
                        o.kind == OpKind::Unlock
                            && !o.deferred
                            && Some(a.g.u.root(o.class)) == l
                            && o.at.span.start > w.at.span.end
                            && on_path_after(scan, w.at.span, o.at.span)
                    })
                    .min_by_key(|o| o.at.span.start);
                let at = match unlock {
                    Some(u) => Loc { file: w.at.file, span: Span { start: w.at.span.start, end: u.at.span.end } },
                    None => w.at,
                };
                let field = a.g.m.prog.obj_name(w.field).to_string();
                let cond = name(a, cond_expr(a, wl));
                out.push(Finding {
                    detector: Detector::CondStateWithoutWakeup,
                    at,
                    message: format!(
                        "`{}` changes `{field}`, which the waiter's condition `{}` reads (in `{}`, at {}), but no `{cond}.Broadcast()` or `Signal()` follows: a goroutine already in `Wait` keeps sleeping after the state it waits for changed",
                        name(a, w.at),
                        name(a, wl.predicate),
                        super::func_name(a, wl.func),
                        place(a, wl.wait),
                    ),
                    labels: vec![(wl.wait, "waits here until a Signal or Broadcast".to_string())],
                    help: format!("call `{cond}.Broadcast()` after changing `{field}` (before or just after releasing the lock)"),
                });
            }
        }
    }
}

/// The Cond expression of a wait loop's `Wait` call (`r.cond` in `r.cond.Wait()`).
fn cond_expr(a: &Analysis, wl: &WaitLoop) -> Loc {
    a.facts[wl.func as usize]
        .ops
        .iter()
        .find(|o| o.kind == OpKind::CondWait && o.at == wl.wait)
        .map_or(wl.wait, |o| o.obj)
}

// ---- Signal on a Cond whose waiters wait for different things -----------------------

fn signal_wrong_waiter(a: &Analysis, cm: &CondModel, by_class: &FxHashMap<u32, Vec<Site>>, out: &mut Vec<Finding>) {
    let mut conds: Vec<u32> = cm.waits.iter().map(|w| w.cond).collect();
    conds.sort_unstable();
    conds.dedup();
    for cond in conds {
        if CondModel::open(a, cond) {
            continue;
        }
        let loops: Vec<&WaitLoop> = cm.waits.iter().filter(|w| w.cond == cond).collect();
        // Two predicates differ when they read different fields, or when one reads a
        // parameter of its own call (`Lock(key)` waits for its key).
        let why = if let Some(w) = loops.iter().find(|w| !w.own_params.is_empty()) {
            let p = a.g.m.prog.obj_name(w.own_params[0]).to_string();
            Some((
                *w,
                None,
                format!(
                    "each caller of `{}` waits for its own `{p}` (`{}`)",
                    super::func_name(a, w.func),
                    name(a, w.predicate)
                ),
            ))
        } else {
            loops.iter().enumerate().find_map(|(i, x)| {
                loops[i + 1..]
                    .iter()
                    .find(|y| !x.fields.is_empty() && !y.fields.is_empty() && x.fields != y.fields)
                    .map(|y| {
                        (
                            *x,
                            Some(*y),
                            format!(
                                "waiters wait for different conditions (`{}` at {} and `{}` at {})",
                                name(a, x.predicate),
                                place(a, x.wait),
                                name(a, y.predicate),
                                place(a, y.wait)
                            ),
                        )
                    })
            })
        };
        let Some((w, other, why)) = why else { continue };
        let Some(sites) = by_class.get(&cond) else { continue };
        for s in sites.iter().filter(|s| s.op.kind == OpKind::CondSignal) {
            let c = name(a, s.op.obj);
            let mut labels = vec![(w.wait, "a waiter whose condition this Signal may not satisfy".to_string())];
            if let Some(o) = other {
                labels.push((o.wait, "a waiter for another condition".to_string()));
            }
            out.push(Finding {
                detector: Detector::CondSignalWrongWaiter,
                at: s.op.at,
                message: format!(
                    "`{c}.Signal()` wakes one arbitrary waiter, but {why}: it can wake a goroutine whose condition is still false, which waits again, while the one that could proceed sleeps on"
                ),
                labels,
                help: format!("use `{c}.Broadcast()` so every waiter re-checks, or give each condition its own `sync.Cond`"),
            });
        }
    }
}

// ---- the waker goroutine ends without its wakeup ------------------------------------

fn waker_exits(
    a: &Analysis,
    cm: &CondModel,
    by_class: &FxHashMap<u32, Vec<Site>>,
    spawned: &[bool],
    out: &mut Vec<Finding>,
) {
    // (a) A field the waiter's condition reads that only goroutine bodies write, each
    // followed by a wakeup: a `return` of that goroutine that does not run after the
    // write leaves the waiter asleep.
    let mut writers: FxHashMap<ObjId, Vec<(FuncId, usize)>> = FxHashMap::default();
    for (fi, scan) in cm.scans.iter().enumerate() {
        for (k, w) in scan.writes.iter().enumerate() {
            writers.entry(w.field).or_default().push((fi as FuncId, k));
        }
    }
    let mut reported: FxHashSet<FuncId> = FxHashSet::default();
    for wl in &cm.waits {
        if CondModel::open(a, wl.cond) {
            continue;
        }
        let mut fields: Vec<ObjId> = wl.fields.iter().copied().collect();
        fields.sort_unstable();
        for field in fields {
            let Some(ws) = writers.get(&field) else { continue };
            let mut funcs: Vec<FuncId> = ws.iter().map(|&(f, _)| f).collect();
            funcs.dedup();
            if funcs.len() != 1 {
                continue;
            }
            let fi = funcs[0];
            if !spawned[fi as usize] || cm.waiting[&wl.cond].contains(&fi) || reported.contains(&fi) {
                continue;
            }
            let writes: Vec<&Write> = ws.iter().map(|&(_, k)| &cm.scans[fi as usize].writes[k]).collect();
            if !writes.iter().all(|w| cm.wakes_after(a, fi, w.at.span.end, wl.cond)) {
                continue;
            }
            let facts = &a.facts[fi as usize];
            let covered = |r: Loc| writes.iter().any(|w| r.span.start >= w.stmt_end && r.span.end <= w.list_end);
            let Some(&ret) = facts.returns.iter().find(|r| !covered(**r)) else { continue };
            reported.insert(fi);
            let fname = a.g.m.prog.obj_name(field).to_string();
            let cond = name(a, cond_expr(a, wl));
            out.push(Finding {
                detector: Detector::CondWakerExits,
                at: ret,
                message: format!(
                    "goroutine `{}` returns here without setting `{fname}` and waking `{cond}`: it is the only code that sets `{fname}`, so the waiter for `{}` (in `{}`, at {}) sleeps forever once this goroutine is gone",
                    super::func_name(a, fi),
                    name(a, wl.predicate),
                    super::func_name(a, wl.func),
                    place(a, wl.wait)
                ),
                labels: vec![
                    (writes[0].at, "the only path that sets it and wakes the waiter".to_string()),
                    (wl.wait, "waits here".to_string()),
                ],
                help: format!(
                    "set `{fname}` and call `{cond}.Broadcast()` on every way out of `{}` (in a deferred function)",
                    super::func_name(a, fi)
                ),
            });
        }
    }
    // (b) A waiter with no condition loop, whose wakeup for an event is one Broadcast
    // by a goroutine that waits for the event, wakes once and ends, when the waiter
    // does not check that event under the Cond's lock before it waits: the wakeup can
    // come before the waiter sleeps, or wake it once and leave it waiting again.
    for &(wf, cond, wait) in &cm.bare_waits {
        if CondModel::open(a, cond) {
            continue;
        }
        let Some(l) = a.g.u.elem_of(cond) else { continue };
        let Some(sites) = by_class.get(&cond) else { continue };
        for s in sites.iter().filter(|s| is_wakeup(s.op.kind) && !s.op.in_loop && spawned[s.func as usize]) {
            let Some(trigger) = a.facts[s.func as usize]
                .ops
                .iter()
                .filter(|o| {
                    matches!(o.kind, OpKind::Recv | OpKind::CtxDone)
                        && o.select == Select::No
                        && o.at.span.end <= s.op.at.span.start
                })
                .last()
            else {
                continue;
            };
            let event = a.g.u.root(trigger.class);
            let checked = a.facts[wf as usize].ops.iter().any(|o| {
                matches!(o.kind, OpKind::Recv | OpKind::CtxDone)
                    && a.g.u.root(o.class) == event
                    && o.at.span.start < wait.span.start
                    && o.held.iter().any(|h| a.g.u.root(h.class) == l)
            });
            if checked || !reported.insert(s.func) {
                continue;
            }
            let c = name(a, s.op.obj);
            let what = if s.op.kind == OpKind::CondSignal { "Signal" } else { "Broadcast" };
            out.push(Finding {
                detector: Detector::CondWakerExits,
                at: s.op.at,
                message: format!(
                    "this goroutine wakes `{c}` once after `{}` and ends, but the waiter (in `{}`, at {}) waits with no loop re-checking that event under `{c}.L`: a {what} made before it sleeps, or one it wakes from and then waits again, leaves it asleep forever",
                    name(a, trigger.at),
                    super::func_name(a, wf),
                    place(a, wait)
                ),
                labels: vec![(wait, "waits again after the one wakeup".to_string())],
                help: format!(
                    "have the waiter check the event under `{c}.L` before each `Wait` (`for !done {{ {c}.Wait() }}`), and make the {what} while holding `{c}.L`"
                ),
            });
        }
    }
}

// ---- a wakeup channel whose sends are all non-blocking ------------------------------

/// A plain receive from an unbuffered channel of the package whose only sends are
/// `select` cases with a `default`: a send made while nobody is receiving is dropped,
/// and nothing sends again. Reported when the receiving function runs (it has a caller
/// in the package, or is a goroutine body): an unused receive blocks nobody.
fn lossy_wakeup_send(a: &Analysis, by_class: &FxHashMap<u32, Vec<Site>>, spawned: &[bool], out: &mut Vec<Finding>) {
    let mut called = vec![false; a.g.funcs.len()];
    for c in &a.g.calls {
        for &f in &c.callees {
            called[f as usize] = true;
        }
    }
    let mut classes: Vec<&u32> = by_class.keys().collect();
    classes.sort_unstable();
    for class in classes {
        let sites = &by_class[class];
        let flags = a.g.u.flags(*class);
        if flags & flag::MADE_CHAN == 0 || flags & (flag::BUFFERED | flag::OPEN | flag::SIGNAL) != 0 {
            continue;
        }
        let mut sends = sites.iter().filter(|s| s.op.kind == OpKind::Send);
        let Some(lossy) = sends.clone().next() else { continue };
        if !sends.all(|s| s.op.select == Select::WithDefault) || sites.iter().any(|s| s.op.kind == OpKind::Close) {
            continue;
        }
        for r in sites.iter().filter(|s| {
            matches!(s.op.kind, OpKind::Recv | OpKind::Range)
                && s.op.select == Select::No
                && (called[s.func as usize] || spawned[s.func as usize])
        }) {
            out.push(Finding {
                detector: Detector::LossyWakeupSend,
                at: r.op.at,
                message: format!(
                    "`{}` waits for a wakeup that is only ever sent without blocking (`select` with `default`, at {}) on an unbuffered channel: a send made before this receive starts is dropped, and nothing sends again",
                    name(a, r.op.at),
                    place(a, lossy.op.at)
                ),
                labels: vec![(lossy.op.at, "dropped when no receiver is waiting yet".to_string())],
                help: "give the channel a buffer of 1 (`make(chan T, 1)`) so an early wakeup is kept, or wait with a timeout and re-check the condition".to_string(),
            });
        }
    }
}
