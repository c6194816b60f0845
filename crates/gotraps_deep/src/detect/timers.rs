//! Library models as channel-like objects: `time.Timer` channels (an `AfterFunc`
//! timer's `C` is nil; the `if !t.Stop() { <-t.C }` drain blocks once the value was
//! taken) and `io.Pipe` (a reader blocks until the writer is closed).
//!
//! Bounds: each function's statements are visited a fixed number of times; the drain
//! check looks at the direct callers of the draining function only.

use super::counting::select_of;
use super::syntax::{all_stmts, contains, mentions, FuncText};
use super::{name, place, Finding};
use crate::facts::{Analysis, Loc};
use crate::graph::{CallKind, FuncId};
use gotraps_semantic::{unparen, FuncNode, ObjId, TypeData, TypeId};
use gotraps_syntax::ast::{ExprId, ExprKind, StmtId, StmtKind, UnaryOp};
use gotraps_syntax::{File, Span};

/// Direct expressions of a statement.
fn stmt_exprs(k: &StmtKind, out: &mut Vec<ExprId>) {
    match k {
        StmtKind::Expr(e) | StmtKind::IncDec { x: e, .. } => out.push(*e),
        StmtKind::Assign { lhs, rhs, .. } => out.extend(rhs.iter().chain(lhs.iter()).copied()),
        StmtKind::Send { chan, value, .. } => out.extend([*chan, *value]),
        StmtKind::Go { call } | StmtKind::Defer { call } => out.push(*call),
        StmtKind::Return { results } => out.extend_from_slice(results),
        StmtKind::If { cond, .. } => out.push(*cond),
        StmtKind::Switch { tag: Some(t), .. } => out.push(*t),
        StmtKind::CaseClause { list: Some(l), .. } => out.extend_from_slice(l),
        StmtKind::For { cond: Some(c), .. } => out.push(*c),
        StmtKind::Range { x, .. } => out.push(*x),
        _ => {}
    }
}

/// Every expression of a function body matching `keep`, not entering function literals.
fn find_exprs(f: &File, body: StmtId, keep: &mut dyn FnMut(ExprId) -> bool) -> Vec<ExprId> {
    let mut out = Vec::new();
    for s in all_stmts(f, body) {
        let mut roots = Vec::new();
        stmt_exprs(&f.stmt(s).kind, &mut roots);
        let mut stack = roots;
        while let Some(e) = stack.pop() {
            let k = &f.expr(e).kind;
            if let ExprKind::FuncLit { .. } = k {
                continue;
            }
            if keep(e) {
                out.push(e);
            }
            crate::graph::children(k, &mut stack);
        }
    }
    out
}

fn is_timer(a: &Analysis, t: TypeId) -> bool {
    let m = a.g.m;
    let t = match m.prog.types.get(t) {
        TypeData::Pointer(el) => *el,
        _ => t,
    };
    m.is_named(t, "time", "Timer")
}

/// For `<-X.C` with `X` a `*time.Timer` named by a variable: that variable.
fn timer_recv(a: &Analysis, file: u32, e: ExprId) -> Option<ObjId> {
    let f = &a.g.m.files()[file as usize];
    let ExprKind::Unary { op: UnaryOp::Arrow, x, .. } = &f.expr(e).kind else { return None };
    let ExprKind::Selector { x: base, sel } = &f.expr(unparen(f, *x)).kind else { return None };
    if f.name(*sel) != "C" || !is_timer(a, a.g.m.type_of(file as usize, *base)) {
        return None;
    }
    let ExprKind::Ident(id) = f.expr(unparen(f, *base)).kind else { return None };
    a.g.m.object_of(file as usize, id)
}

/// For `X.<method>(...)` on a `*time.Timer` variable: that variable.
fn timer_call(a: &Analysis, file: u32, e: ExprId, method: &str) -> Option<ObjId> {
    let f = &a.g.m.files()[file as usize];
    let ExprKind::Call { fun, .. } = &f.expr(unparen(f, e)).kind else { return None };
    let ExprKind::Selector { x: base, sel } = &f.expr(unparen(f, *fun)).kind else { return None };
    if f.name(*sel) != method || !is_timer(a, a.g.m.type_of(file as usize, *base)) {
        return None;
    }
    let ExprKind::Ident(id) = f.expr(unparen(f, *base)).kind else { return None };
    a.g.m.object_of(file as usize, id)
}

/// Where a blocked receive shows: its select statement (the `select` keyword) when it is
/// a case of one, else the receive itself.
fn blocked_at(f: &File, body: StmtId, file: u32, recv: Span) -> Loc {
    match select_of(f, body, recv) {
        Some((sel, _)) => Loc { file, span: Span { start: sel.start, end: sel.start + "select".len() as u32 } },
        None => Loc { file, span: recv },
    }
}

pub(super) fn timer_channels(a: &Analysis, out: &mut Vec<Finding>) {
    let m = a.g.m;
    // Both shapes receive from a timer's `C` in the function: only functions holding a
    // selector `.C` are looked at. Their positions are gathered once per file.
    let c_selectors: Vec<Vec<u32>> = m
        .files()
        .iter()
        .map(|f| {
            let mut at: Vec<u32> = f
                .exprs
                .iter()
                .filter_map(|e| match e.kind {
                    ExprKind::Selector { sel, .. } if f.name(sel) == "C" => Some(e.span.start),
                    _ => None,
                })
                .collect();
            at.sort_unstable(); // the parser stores operands before the expressions using them
            at
        })
        .collect();
    for fi in 0..a.g.funcs.len() as FuncId {
        let file = a.g.funcs[fi as usize].file;
        let f: &File = &m.files()[file as usize];
        let body = f.stmt(m.bodies()[a.g.funcs[fi as usize].body].body).span;
        let starts = &c_selectors[file as usize];
        let first = starts.partition_point(|&p| p < body.start);
        if starts.get(first).is_none_or(|&p| p >= body.end) {
            continue;
        }
        let t = FuncText::new(a, fi);
        let recvs = find_exprs(f, t.body, &mut |e| timer_recv(a, file, e).is_some());
        // 1. The `C` of a timer made by time.AfterFunc is nil: the receive never fires.
        for &r in &recvs {
            let Some(timer) = timer_recv(a, file, r) else { continue };
            let Some(init) = t.def_of(timer) else { continue };
            if !m.is_call_to(file as usize, init, "time", None, "AfterFunc") {
                continue;
            }
            let span = f.expr(r).span;
            let made = Loc { file, span: f.expr(init).span };
            let tname = m.prog.obj_name(timer);
            out.push(Finding {
                detector: crate::Detector::TimerChannel,
                at: blocked_at(f, t.body, file, span),
                message: format!(
                    "`<-{tname}.C` never fires: `{tname}` comes from `time.AfterFunc` (at {}), whose timer has a nil `C`; only its function runs when it expires",
                    place(a, made)
                ),
                labels: vec![(made, "`AfterFunc` runs a function and sends nothing".to_string())],
                help: format!(
                    "make the timeout with `time.NewTimer` to receive from its `C`, or have the `AfterFunc` function signal a channel of yours instead of waiting on `{tname}.C`"
                ),
            });
        }
        // 2. `if !t.Stop() { <-t.C }` blocks when the value was already received.
        for s in all_stmts(f, t.body) {
            let StmtKind::If { cond, then, .. } = &f.stmt(s).kind else { continue };
            let ExprKind::Unary { op: UnaryOp::Not, x, .. } = &f.expr(unparen(f, *cond)).kind else { continue };
            let Some(timer) = timer_call(a, file, *x, "Stop") else { continue };
            let drain = f.stmt(*then).kind.block_stmts().iter().find_map(|&d| match &f.stmt(d).kind {
                StmtKind::Expr(e) if timer_recv(a, file, *e) == Some(timer) => Some(*e),
                _ => None,
            });
            let Some(drain) = drain else { continue };
            let drain_span = f.expr(drain).span;
            let mut evidence = taken_before(a, fi, timer, drain_span);
            if evidence.is_none() {
                let params = &a.g.funcs[fi as usize].params;
                if let Some(i) = params.iter().position(|&p| p == Some(timer)) {
                    evidence = taken_before_call(a, fi, i);
                }
            }
            let Some((taken, via)) = evidence else { continue };
            let tname = name(a, Loc { file, span: f.expr(*x).span });
            let tname = tname.trim_end_matches(".Stop()").to_string();
            let mut labels = vec![(taken, "the timer's one value is received here".to_string())];
            if let Some(call) = via {
                labels.push((call, "then the drain runs, with no `Reset` in between".to_string()));
            }
            out.push(Finding {
                detector: crate::Detector::TimerChannel,
                at: Loc { file, span: drain_span },
                message: format!(
                    "`<-{tname}.C` after `{tname}.Stop()` returned false blocks forever when the fired value was already received (at {}): a stopped timer sends nothing more",
                    place(a, taken)
                ),
                labels,
                help: format!("drain without blocking: `select {{ case <-{tname}.C: default: }}`"),
            });
        }
    }
}

/// A receive from `timer.C` in function `fi` that runs before `at` on some path with no
/// `Reset` of the timer between them.
fn taken_before(a: &Analysis, fi: FuncId, timer: ObjId, at: Span) -> Option<(Loc, Option<Loc>)> {
    let file = a.g.funcs[fi as usize].file;
    let f: &File = &a.g.m.files()[file as usize];
    let body = a.g.m.bodies()[a.g.funcs[fi as usize].body].body;
    let recvs = find_exprs(f, body, &mut |e| timer_recv(a, file, e) == Some(timer));
    let resets = find_exprs(f, body, &mut |e| timer_call(a, file, e, "Reset") == Some(timer));
    for r in recvs {
        let rs = f.expr(r).span;
        if rs.end > at.start {
            continue;
        }
        // A case of a select reaches `at` only from its own clause or after the select.
        if let Some((sel, clause)) = select_of(f, body, rs) {
            if contains(sel, at) && !contains(clause, at) {
                continue;
            }
        }
        if resets.iter().any(|&x| {
            let xs = f.expr(x).span;
            xs.start > rs.end && xs.end <= at.start
        }) {
            continue;
        }
        return Some((Loc { file, span: rs }, None));
    }
    None
}

/// A caller of `fi` that received from the timer it passes as parameter `param`.
fn taken_before_call(a: &Analysis, fi: FuncId, param: usize) -> Option<(Loc, Option<Loc>)> {
    let callee = &a.g.funcs[fi as usize];
    for call in &a.g.calls {
        if call.kind != CallKind::Plain || !call.callees.contains(&fi) {
            continue;
        }
        let arg = if callee.is_method {
            if param == 0 {
                call.recv
            } else {
                call.args.get(param - 1).copied()
            }
        } else {
            call.args.get(param).copied()
        };
        let Some(arg) = arg else { continue };
        let f: &File = &a.g.m.files()[call.file as usize];
        let ExprKind::Ident(id) = f.expr(unparen(f, arg)).kind else { continue };
        let Some(obj) = a.g.m.object_of(call.file as usize, id) else { continue };
        let span = f.expr(call.expr).span;
        if let Some((taken, _)) = taken_before(a, call.caller, obj, span) {
            return Some((taken, Some(Loc { file: call.file, span })));
        }
    }
    None
}

// ---- io.Pipe ----------------------------------------------------------------------------

struct PipeWalk<'a, 'm> {
    a: &'a Analysis<'m>,
    file: u32,
    reader: ObjId,
    writer: ObjId,
    /// The `go` statement that started a reader of the pipe.
    reader_at: Option<Loc>,
    closed_somewhere: bool,
    deferred_close: bool,
    handed: bool,
    open_exits: Vec<Loc>,
}

impl<'a, 'm> PipeWalk<'a, 'm> {
    fn f(&self) -> &'a File {
        let a: &'a Analysis<'m> = self.a;
        &a.g.m.files()[self.file as usize]
    }

    /// Whether call `c` closes the writer (`pw.Close()`, `pw.CloseWithError(err)`).
    fn closes(&self, c: ExprId) -> bool {
        let m = self.a.g.m;
        let f = self.f();
        let ExprKind::Call { fun, .. } = &f.expr(c).kind else { return false };
        let ExprKind::Selector { x, .. } = &f.expr(unparen(f, *fun)).kind else { return false };
        let ExprKind::Ident(id) = f.expr(unparen(f, *x)).kind else { return false };
        m.object_of(self.file as usize, id) == Some(self.writer)
            && (m.is_call_to(self.file as usize, c, "io", Some("PipeWriter"), "Close")
                || m.is_call_to(self.file as usize, c, "io", Some("PipeWriter"), "CloseWithError"))
    }

    /// Whether a function of the package that call `c` passes the writer to closes the
    /// parameter it receives it as.
    fn callee_closes(&self, c: ExprId) -> bool {
        let m = self.a.g.m;
        let f = self.f();
        let ExprKind::Call { args, .. } = &f.expr(c).kind else { return false };
        let Some(i) = args.iter().position(|&x| mentions(self.a, self.file, x, self.writer)) else { return false };
        let Some(obj) = m.callee(self.file as usize, c) else { return false };
        let Some(g) = self.a.g.func_of(FuncNode::Func(obj)) else {
            return false; // another package's function: it writes, it does not close
        };
        let func = &self.a.g.funcs[g as usize];
        let idx = if func.is_method { i + 1 } else { i };
        let Some(Some(param)) = func.params.get(idx).copied() else { return false };
        let gf: &File = &m.files()[func.file as usize];
        let body = m.bodies()[func.body].body;
        !find_exprs(gf, body, &mut |e| {
            let ExprKind::Call { fun, .. } = &gf.expr(e).kind else { return false };
            let ExprKind::Selector { x, sel } = &gf.expr(unparen(gf, *fun)).kind else { return false };
            let n = gf.name(*sel);
            matches!(gf.expr(unparen(gf, *x)).kind, ExprKind::Ident(id) if m.object_of(func.file as usize, id) == Some(param))
                && (n == "Close" || n == "CloseWithError")
        })
        .is_empty()
    }

    fn exprs(&mut self, roots: &[ExprId], open: &mut bool) {
        let f = self.f();
        for &e in roots {
            let calls = find_in(f, e);
            for c in calls {
                if self.closes(c) {
                    self.closed_somewhere = true;
                    *open = false;
                } else if self.callee_closes(c) {
                    *open = false;
                    self.handed = true;
                }
            }
        }
    }

    fn stmts(&mut self, list: &[StmtId], mut open: Option<bool>) -> Option<bool> {
        for &s in list {
            open = self.stmt(s, open);
        }
        open
    }

    fn stmt(&mut self, s: StmtId, open: Option<bool>) -> Option<bool> {
        let mut o = open?;
        let f = self.f();
        let k = &f.stmt(s).kind;
        match k {
            StmtKind::Go { call } | StmtKind::Defer { call } => {
                let is_go = matches!(k, StmtKind::Go { .. });
                if mentions(self.a, self.file, *call, self.writer) {
                    // The writer is handed to code that runs later: it closes it.
                    if is_go || self.closes_in_defer(*call) {
                        self.deferred_close |= !is_go;
                        self.closed_somewhere |= !is_go;
                        self.handed |= is_go;
                        return Some(false);
                    }
                }
                if is_go && mentions(self.a, self.file, *call, self.reader) && !self.handed && !self.deferred_close {
                    self.reader_at = Some(Loc { file: self.file, span: f.stmt(s).span });
                    return Some(true);
                }
                Some(o)
            }
            StmtKind::Return { results } => {
                if results.iter().any(|&r| mentions(self.a, self.file, r, self.writer)) {
                    self.handed = true;
                    return None;
                }
                self.exprs(results, &mut o);
                if o && !self.deferred_close {
                    self.open_exits.push(Loc { file: self.file, span: f.stmt(s).span });
                }
                None
            }
            StmtKind::Assign { rhs, .. } if rhs.iter().any(|&r| mentions(self.a, self.file, r, self.writer)) => {
                let roots: Vec<ExprId> = rhs.to_vec();
                self.exprs(&roots, &mut o);
                if !roots.iter().any(|&r| matches!(f.expr(r).kind, ExprKind::Call { .. })) {
                    self.handed = true; // stored somewhere: closed by whoever holds it
                    return Some(false);
                }
                Some(o)
            }
            StmtKind::Block { stmts } => self.stmts(stmts, Some(o)),
            StmtKind::Labeled { stmt, .. } => self.stmt(*stmt, Some(o)),
            StmtKind::If { init, cond, then, els } => {
                let mut st = Some(o);
                if let Some(i) = init {
                    st = self.stmt(*i, st);
                }
                let Some(mut o2) = st else { return None };
                self.exprs(&[*cond], &mut o2);
                let t = self.stmt(*then, Some(o2));
                let e = match els {
                    Some(e) => self.stmt(*e, Some(o2)),
                    None => Some(o2),
                };
                join_open(t, e)
            }
            StmtKind::Switch { .. } | StmtKind::TypeSwitch { .. } | StmtKind::Select { .. } => {
                let mut kids = Vec::new();
                super::syntax::sub_stmts(k, &mut kids);
                let mut out = Some(o);
                for c in kids {
                    out = join_open(out, self.stmt(c, Some(o)));
                }
                out
            }
            StmtKind::CaseClause { body, .. } | StmtKind::CommClause { body, .. } => self.stmts(body, Some(o)),
            StmtKind::For { body, .. } | StmtKind::Range { body, .. } => {
                let end = self.stmt(*body, Some(o));
                join_open(Some(o), end)
            }
            _ => {
                let mut roots = Vec::new();
                stmt_exprs(k, &mut roots);
                self.exprs(&roots, &mut o);
                Some(o)
            }
        }
    }

    fn closes_in_defer(&self, call: ExprId) -> bool {
        let f = self.f();
        if self.closes(call) {
            return true;
        }
        // `defer func() { ... pw.Close() ... }()`: a literal that mentions the writer.
        matches!(&f.expr(call).kind, ExprKind::Call { fun, .. } if matches!(f.expr(unparen(f, *fun)).kind, ExprKind::FuncLit { .. }))
    }
}

fn join_open(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x || y),
        (x, None) => x,
        (None, y) => y,
    }
}

fn find_in(f: &File, e: ExprId) -> Vec<ExprId> {
    let mut out = Vec::new();
    super::syntax::calls_in(f, e, &mut out);
    out
}

pub(super) fn pipe_writer_paths(a: &Analysis, out: &mut Vec<Finding>) {
    let m = a.g.m;
    let mentions_pipe: Vec<bool> = m.files().iter().map(|f| f.mentions("Pipe()")).collect();
    for fi in 0..a.g.funcs.len() as FuncId {
        let func = &a.g.funcs[fi as usize];
        let file = func.file;
        let f: &File = &m.files()[file as usize];
        if !mentions_pipe[file as usize] {
            continue;
        }
        let body = m.bodies()[func.body].body;
        for s in all_stmts(f, body) {
            let StmtKind::Assign { lhs, rhs, .. } = &f.stmt(s).kind else { continue };
            if lhs.len() != 2 || rhs.len() != 1 || !m.is_call_to(file as usize, rhs[0], "io", None, "Pipe") {
                continue;
            }
            let obj = |e: ExprId| match f.expr(e).kind {
                ExprKind::Ident(id) => m.object_of(file as usize, id),
                _ => None,
            };
            let (Some(reader), Some(writer)) = (obj(lhs[0]), obj(lhs[1])) else { continue };
            let mut w = PipeWalk {
                a,
                file,
                reader,
                writer,
                reader_at: None,
                closed_somewhere: false,
                deferred_close: false,
                handed: false,
                open_exits: Vec::new(),
            };
            w.stmt(body, Some(false));
            let (Some(reader_at), true, false) = (w.reader_at, w.closed_somewhere, w.handed) else { continue };
            let made = Loc { file, span: f.expr(rhs[0]).span };
            let (pr, pw) = (m.prog.obj_name(reader), m.prog.obj_name(writer));
            for exit in w.open_exits {
                out.push(Finding {
                    detector: crate::Detector::PipeLeftOpen,
                    at: exit,
                    message: format!(
                        "this return leaves `{pw}` open: the goroutine reading `{pr}` (started at {}) waits for more data or the end of the pipe forever, since `{pw}` is closed only on other paths",
                        place(a, reader_at)
                    ),
                    labels: vec![
                        (made, "the pipe".to_string()),
                        (reader_at, "the reader, blocked until the writer closes".to_string()),
                    ],
                    help: format!("`defer {pw}.Close()` after starting the reader, or `{pw}.CloseWithError(err)` before this return"),
                });
            }
        }
    }
}
