//! Per-function control-flow graphs whose nodes carry the concurrency operations as
//! first-class events, ready for dataflow. Panics, `os.Exit`/`log.Fatal*` and returns
//! have their own exit blocks, so "on every path" questions can tell them apart.

use crate::model::{CallTarget, PackageModel};
use crate::objects::{Builtin, ObjKind};
use gotraps_syntax::ast::{BranchKind, ExprId, ExprKind, StmtId, StmtKind, UnaryOp};
use gotraps_syntax::File;
use rustc_hash::FxHashMap;

/// Block ids of the fixed blocks.
pub const ENTRY: u32 = 0;
/// Normal return: deferred calls run.
pub const EXIT: u32 = 1;
/// An unrecovered panic leaves the function here (deferred calls run).
pub const PANIC: u32 = 2;
/// `os.Exit`, `log.Fatal*`: the process ends, deferred calls do not run.
pub const NO_RETURN: u32 = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventKind {
    Go,
    Defer,
    MakeChan,
    Send,
    Recv,
    Close,
    /// A select statement (its cases follow in successor blocks).
    Select,
    /// `for v := range ch` (at the loop head).
    RangeChan,
    Lock,
    Unlock,
    RLock,
    RUnlock,
    TryLock,
    WaitGroupAdd,
    WaitGroupDone,
    WaitGroupWait,
    WaitGroupGo,
    CondWait,
    CondSignal,
    CondBroadcast,
    OnceDo,
    /// context.WithCancel/WithTimeout/WithDeadline (and Cause variants): a cancel func.
    ContextWithCancel,
    /// context.Background/TODO.
    ContextRoot,
    /// Calling a cancel function obtained from a context constructor (a call through a
    /// variable of type `context.CancelFunc`/`CancelCauseFunc`).
    Cancel,
    /// `ctx.Done()`.
    ContextDone,
    /// time.NewTimer/NewTicker/AfterFunc.
    TimerNew,
    /// time.After/Tick (unstoppable).
    TimerChan,
    TimerStop,
    TimerReset,
    Sleep,
    Panic,
    Recover,
    Return,
    /// os.Exit, log.Fatal*, log.Panic* is Panic.
    Exit,
    /// signal.Notify.
    SignalNotify,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event {
    pub kind: EventKind,
    /// The call, receive or make expression (absent for statements).
    pub expr: Option<ExprId>,
    /// The statement (go, defer, send, select, range, return).
    pub stmt: Option<StmtId>,
}

#[derive(Clone, Debug, Default)]
pub struct Block {
    pub events: Vec<Event>,
    pub succs: Vec<u32>,
}

/// The control-flow graph of one function body.
#[derive(Clone, Debug, Default)]
pub struct Cfg {
    pub blocks: Vec<Block>,
}

impl Cfg {
    /// Every event with the block holding it, in block order.
    pub fn events(&self) -> impl Iterator<Item = (u32, &Event)> {
        self.blocks.iter().enumerate().flat_map(|(i, b)| b.events.iter().map(move |e| (i as u32, e)))
    }

    /// Predecessors of every block.
    pub fn predecessors(&self) -> Vec<Vec<u32>> {
        let mut preds = vec![Vec::new(); self.blocks.len()];
        for (i, b) in self.blocks.iter().enumerate() {
            for &s in &b.succs {
                preds[s as usize].push(i as u32);
            }
        }
        preds
    }
}

impl PackageModel<'_> {
    /// The concurrency event a call expression is, if any.
    pub fn call_event(&self, file: usize, call: ExprId) -> Option<EventKind> {
        let f = self.pkg.files.get(file)?;
        let ExprKind::Call { fun, .. } = &f.expr(call).kind else { return None };
        if let ExprKind::Ident(id) = f.expr(crate::model::unparen(f, *fun)).kind {
            if let Some(o) = self.object_of(file, id) {
                match self.prog.obj(o).kind {
                    ObjKind::Builtin(Builtin::Close) => return Some(EventKind::Close),
                    ObjKind::Builtin(Builtin::Panic) => return Some(EventKind::Panic),
                    ObjKind::Builtin(Builtin::Recover) => return Some(EventKind::Recover),
                    ObjKind::Builtin(Builtin::Make) => {
                        return self.chan_of(self.type_of(file, call)).map(|_| EventKind::MakeChan)
                    }
                    _ => {}
                }
            }
        }
        // A call through a context.CancelFunc value.
        let ft = self.type_of(file, *fun);
        if self.is_named(ft, "context", "CancelFunc") || self.is_named(ft, "context", "CancelCauseFunc") {
            return Some(EventKind::Cancel);
        }
        let t = self.call_target(file, call)?;
        let lock = t.recv.and_then(crate::model::sync_lock_name);
        use EventKind::*;
        Some(match (t.pkg, t.recv, t.name) {
            ("sync", _, "Lock") if lock.is_some() => Lock,
            ("sync", _, "Unlock") if lock.is_some() => Unlock,
            ("sync", Some("RWMutex"), "RLock") => RLock,
            ("sync", Some("RWMutex"), "RUnlock") => RUnlock,
            ("sync", _, "TryLock" | "TryRLock") if lock.is_some() => TryLock,
            ("sync", Some("Locker"), "Lock") => Lock,
            ("sync", Some("Locker"), "Unlock") => Unlock,
            ("sync", Some("WaitGroup"), "Add") => WaitGroupAdd,
            ("sync", Some("WaitGroup"), "Done") => WaitGroupDone,
            ("sync", Some("WaitGroup"), "Wait") => WaitGroupWait,
            ("sync", Some("WaitGroup"), "Go") => WaitGroupGo,
            ("sync", Some("Cond"), "Wait") => CondWait,
            ("sync", Some("Cond"), "Signal") => CondSignal,
            ("sync", Some("Cond"), "Broadcast") => CondBroadcast,
            ("sync", Some("Once"), "Do") => OnceDo,
            (
                "context",
                None,
                "WithCancel" | "WithTimeout" | "WithDeadline" | "WithCancelCause" | "WithTimeoutCause"
                | "WithDeadlineCause",
            ) => ContextWithCancel,
            ("context", None, "Background" | "TODO") => ContextRoot,
            ("context", Some("Context"), "Done") => ContextDone,
            ("time", None, "NewTimer" | "NewTicker" | "AfterFunc") => TimerNew,
            ("time", None, "After" | "Tick") => TimerChan,
            ("time", Some("Timer" | "Ticker"), "Stop") => TimerStop,
            ("time", Some("Timer" | "Ticker"), "Reset") => TimerReset,
            ("time", None, "Sleep") => Sleep,
            ("os", None, "Exit") => Exit,
            ("log", None, "Fatal" | "Fatalf" | "Fatalln") => Exit,
            ("log", Some("Logger"), "Fatal" | "Fatalf" | "Fatalln") => Exit,
            ("log", None, "Panic" | "Panicf" | "Panicln") => Panic,
            ("os/signal", None, "Notify") => SignalNotify,
            ("golang.org/x/sync/errgroup", Some("Group"), "Go") => WaitGroupGo,
            ("golang.org/x/sync/errgroup", Some("Group"), "Wait") => WaitGroupWait,
            _ => return None,
        })
    }

    /// Whether a call never returns to its caller: `panic` (and `log.Panic*`), `os.Exit`,
    /// `log.Fatal*`, `runtime.Goexit`, and the testing methods that stop the test
    /// (`t.Fatal*`, `t.FailNow`, `t.Skip*`). The one definition of the fact: the CFG's
    /// PANIC/NO_RETURN edges and the rules' path walks both ask it.
    pub fn never_returns(&self, file: usize, call: ExprId) -> bool {
        if matches!(self.call_event(file, call), Some(EventKind::Exit | EventKind::Panic)) {
            return true;
        }
        matches!(
            self.call_target(file, call),
            Some(CallTarget { pkg: "runtime", recv: None, name: "Goexit" })
                | Some(CallTarget {
                    pkg: "testing",
                    recv: Some("T" | "B" | "F" | "TB" | "common"),
                    name: "Fatal" | "Fatalf" | "FailNow" | "Skip" | "Skipf" | "SkipNow",
                })
        )
    }

    /// The control-flow graph of a body (see [`PackageModel::bodies`]).
    pub fn cfg(&self, body: &crate::check::Body) -> Cfg {
        let file = body.file as usize;
        let Some(f) = self.pkg.files.get(file) else { return Cfg::default() };
        let mut b = Builder {
            m: self,
            file,
            f,
            cfg: Cfg::default(),
            cur: ENTRY,
            targets: Vec::new(),
            labels: FxHashMap::default(),
        };
        for _ in 0..4 {
            b.cfg.blocks.push(Block::default());
        }
        let first = b.new_block();
        b.edge(ENTRY, first);
        b.cur = first;
        for &s in f.stmt(body.body).kind.block_stmts() {
            b.stmt(s, None);
        }
        let cur = b.cur;
        b.edge(cur, EXIT);
        b.cfg
    }
}

struct Target<'a> {
    label: Option<&'a str>,
    brk: u32,
    cont: Option<u32>,
}

struct Builder<'m, 'a> {
    m: &'m PackageModel<'m>,
    file: usize,
    f: &'a File,
    cfg: Cfg,
    cur: u32,
    targets: Vec<Target<'a>>,
    labels: FxHashMap<&'a str, u32>,
}

impl<'a> Builder<'_, 'a> {
    fn new_block(&mut self) -> u32 {
        self.cfg.blocks.push(Block::default());
        (self.cfg.blocks.len() - 1) as u32
    }

    fn edge(&mut self, from: u32, to: u32) {
        let succs = &mut self.cfg.blocks[from as usize].succs;
        if !succs.contains(&to) {
            succs.push(to);
        }
    }

    fn event(&mut self, kind: EventKind, expr: Option<ExprId>, stmt: Option<StmtId>) {
        self.cfg.blocks[self.cur as usize].events.push(Event { kind, expr, stmt });
    }

    /// Ends the current block with a jump; code after it starts unreachable.
    fn jump(&mut self, to: u32) {
        let cur = self.cur;
        self.edge(cur, to);
        self.cur = self.new_block();
    }

    fn label_block(&mut self, name: &'a str) -> u32 {
        if let Some(&b) = self.labels.get(name) {
            return b;
        }
        let b = self.new_block();
        self.labels.insert(name, b);
        b
    }

    fn expr(&mut self, e: ExprId) {
        let f = self.f;
        match &f.expr(e).kind {
            ExprKind::Call { fun, args, .. } => {
                if !matches!(f.expr(*fun).kind, ExprKind::FuncLit { .. }) {
                    self.expr(*fun);
                }
                for &a in args {
                    self.expr(a);
                }
                let k = self.m.call_event(self.file, e);
                if let Some(k) = k {
                    self.event(k, Some(e), None);
                }
                if k == Some(EventKind::Panic) {
                    self.jump(PANIC);
                } else if self.m.never_returns(self.file, e) {
                    self.jump(NO_RETURN);
                }
            }
            ExprKind::Unary { op: UnaryOp::Arrow, x, .. } => {
                self.expr(*x);
                self.event(EventKind::Recv, Some(e), None);
            }
            ExprKind::FuncLit { .. } | ExprKind::BasicLit { .. } | ExprKind::Ident(_) | ExprKind::Bad => {}
            ExprKind::Binary { x, op, y, .. } => {
                self.expr(*x);
                if matches!(op, gotraps_syntax::ast::BinaryOp::LAnd | gotraps_syntax::ast::BinaryOp::LOr) {
                    // The right operand may not run.
                    let before = self.cur;
                    let rhs = self.new_block();
                    let join = self.new_block();
                    self.edge(before, rhs);
                    self.edge(before, join);
                    self.cur = rhs;
                    self.expr(*y);
                    let end = self.cur;
                    self.edge(end, join);
                    self.cur = join;
                } else {
                    self.expr(*y);
                }
            }
            other => {
                let mut kids = Vec::new();
                expr_children(other, &mut kids);
                for k in kids {
                    self.expr(k);
                }
            }
        }
    }

    fn stmt(&mut self, s: StmtId, label: Option<&'a str>) {
        let f = self.f;
        match &f.stmt(s).kind {
            StmtKind::Bad | StmtKind::Empty { .. } | StmtKind::Decl(_) => {
                if let StmtKind::Decl(g) = &f.stmt(s).kind {
                    for spec in &g.specs {
                        if let gotraps_syntax::ast::Spec::Value(vs) = spec {
                            for &v in &vs.values {
                                self.expr(v);
                            }
                        }
                    }
                }
            }
            StmtKind::Labeled { label: l, stmt } => {
                let name = f.name(*l);
                let b = self.label_block(name);
                let cur = self.cur;
                self.edge(cur, b);
                self.cur = b;
                self.stmt(*stmt, Some(name));
            }
            StmtKind::Expr(e) => self.expr(*e),
            StmtKind::Send { chan, value, .. } => {
                self.expr(*chan);
                self.expr(*value);
                self.event(EventKind::Send, None, Some(s));
            }
            StmtKind::IncDec { x, .. } => self.expr(*x),
            StmtKind::Assign { lhs, rhs, .. } => {
                for &r in rhs {
                    self.expr(r);
                }
                for &l in lhs {
                    self.expr(l);
                }
            }
            StmtKind::Go { call } | StmtKind::Defer { call } => {
                let is_go = matches!(f.stmt(s).kind, StmtKind::Go { .. });
                if let ExprKind::Call { fun, args, .. } = &f.expr(*call).kind {
                    if !matches!(f.expr(*fun).kind, ExprKind::FuncLit { .. }) {
                        self.expr(*fun);
                    }
                    for &a in args {
                        self.expr(a);
                    }
                }
                self.event(if is_go { EventKind::Go } else { EventKind::Defer }, Some(*call), Some(s));
            }
            StmtKind::Return { results } => {
                for &r in results {
                    self.expr(r);
                }
                self.event(EventKind::Return, None, Some(s));
                self.jump(EXIT);
            }
            StmtKind::Branch { kind, label: l } => {
                let name = l.map(|l| f.name(l));
                let target = match kind {
                    BranchKind::Break => {
                        self.targets.iter().rev().find(|t| name.is_none() || t.label == name).map(|t| t.brk)
                    }
                    BranchKind::Continue => self
                        .targets
                        .iter()
                        .rev()
                        .filter(|t| t.cont.is_some())
                        .find(|t| name.is_none() || t.label == name)
                        .and_then(|t| t.cont),
                    BranchKind::Goto => name.map(|n| self.label_block(n)),
                    BranchKind::Fallthrough => None, // handled by the switch
                };
                if let Some(t) = target {
                    self.jump(t);
                }
            }
            StmtKind::Block { stmts } => {
                for &st in stmts {
                    self.stmt(st, None);
                }
            }
            StmtKind::If { init, cond, then, els } => {
                if let Some(i) = init {
                    self.stmt(*i, None);
                }
                self.expr(*cond);
                let head = self.cur;
                let join = self.new_block();
                let tb = self.new_block();
                self.edge(head, tb);
                self.cur = tb;
                self.stmt(*then, None);
                let end = self.cur;
                self.edge(end, join);
                match els {
                    Some(e) => {
                        let eb = self.new_block();
                        self.edge(head, eb);
                        self.cur = eb;
                        self.stmt(*e, None);
                        let end = self.cur;
                        self.edge(end, join);
                    }
                    None => self.edge(head, join),
                }
                self.cur = join;
            }
            StmtKind::Switch { init, tag, body } => {
                if let Some(i) = init {
                    self.stmt(*i, None);
                }
                if let Some(t) = tag {
                    self.expr(*t);
                }
                self.clauses(*body, label, false);
            }
            StmtKind::TypeSwitch { init, assign, body } => {
                if let Some(i) = init {
                    self.stmt(*i, None);
                }
                self.stmt(*assign, None);
                self.clauses(*body, label, false);
            }
            StmtKind::Select { body } => {
                self.event(EventKind::Select, None, Some(s));
                self.clauses(*body, label, true);
            }
            StmtKind::For { init, cond, post, body } => {
                if let Some(i) = init {
                    self.stmt(*i, None);
                }
                let head = self.new_block();
                let exit = self.new_block();
                let cont = self.new_block();
                let cur = self.cur;
                self.edge(cur, head);
                self.cur = head;
                if let Some(c) = cond {
                    self.expr(*c);
                    let h = self.cur;
                    self.edge(h, exit);
                }
                let bb = self.new_block();
                let h = self.cur;
                self.edge(h, bb);
                self.cur = bb;
                self.targets.push(Target { label, brk: exit, cont: Some(cont) });
                self.stmt(*body, None);
                self.targets.pop();
                let end = self.cur;
                self.edge(end, cont);
                self.cur = cont;
                if let Some(p) = post {
                    self.stmt(*p, None);
                }
                let c = self.cur;
                self.edge(c, head);
                self.cur = exit;
            }
            StmtKind::Range { key, value, x, body, .. } => {
                self.expr(*x);
                let _ = (key, value);
                let head = self.new_block();
                let exit = self.new_block();
                let cur = self.cur;
                self.edge(cur, head);
                self.cur = head;
                if self.m.chan_of(self.m.type_of(self.file, *x)).is_some() {
                    self.event(EventKind::RangeChan, Some(*x), Some(s));
                }
                self.edge(head, exit);
                let bb = self.new_block();
                self.edge(head, bb);
                self.cur = bb;
                self.targets.push(Target { label, brk: exit, cont: Some(head) });
                self.stmt(*body, None);
                self.targets.pop();
                let end = self.cur;
                self.edge(end, head);
                self.cur = exit;
            }
            StmtKind::CaseClause { body, .. } | StmtKind::CommClause { body, .. } => {
                for &st in body {
                    self.stmt(st, None);
                }
            }
        }
    }

    /// Case clauses of a switch, type switch or select.
    fn clauses(&mut self, body: StmtId, label: Option<&'a str>, is_select: bool) {
        let f = self.f;
        let head = self.cur;
        let exit = self.new_block();
        let clauses: Vec<StmtId> = f.stmt(body).kind.block_stmts().to_vec();
        let mut has_default = false;
        let bodies: Vec<u32> = clauses.iter().map(|_| self.new_block()).collect();
        self.targets.push(Target { label, brk: exit, cont: None });
        for (i, &c) in clauses.iter().enumerate() {
            self.edge(head, bodies[i]);
            self.cur = bodies[i];
            let stmts: &[StmtId] = match &f.stmt(c).kind {
                StmtKind::CaseClause { list, body, .. } => {
                    has_default |= list.is_none();
                    for &e in list.iter().flatten() {
                        if !is_select {
                            self.expr(e);
                        }
                    }
                    body
                }
                StmtKind::CommClause { comm, body, .. } => {
                    has_default |= comm.is_none();
                    if let Some(cs) = comm {
                        self.stmt(*cs, None);
                    }
                    body
                }
                _ => &[],
            };
            let mut falls = false;
            for &st in stmts {
                if let StmtKind::Branch { kind: BranchKind::Fallthrough, .. } = f.stmt(st).kind {
                    falls = true;
                } else {
                    self.stmt(st, None);
                }
            }
            let end = self.cur;
            match (falls, bodies.get(i + 1)) {
                (true, Some(&next)) => self.edge(end, next),
                _ => self.edge(end, exit),
            }
        }
        self.targets.pop();
        // A switch without default may take no case; a select without default waits
        // for one (and an empty select blocks forever: no edge at all).
        if !has_default && !is_select {
            self.edge(head, exit);
        }
        self.cur = exit;
    }
}

/// Direct subexpressions of an expression kind, in evaluation order.
pub(crate) fn expr_children(k: &ExprKind, out: &mut Vec<ExprId>) {
    match k {
        ExprKind::Paren { x } | ExprKind::Star { x } | ExprKind::Selector { x, .. } | ExprKind::Unary { x, .. } => {
            out.push(*x)
        }
        ExprKind::TypeAssert { x, .. } => out.push(*x),
        ExprKind::Index { x, index } => {
            out.push(*x);
            out.push(*index);
        }
        ExprKind::IndexList { x, indices } => {
            out.push(*x);
            out.extend_from_slice(indices);
        }
        ExprKind::Slice { x, low, high, max, .. } => {
            out.push(*x);
            out.extend([low, high, max].into_iter().flatten().copied());
        }
        ExprKind::Call { fun, args, .. } => {
            out.push(*fun);
            out.extend_from_slice(args);
        }
        ExprKind::Binary { x, y, .. } => {
            out.push(*x);
            out.push(*y);
        }
        ExprKind::KeyValue { key, value } => {
            out.push(*key);
            out.push(*value);
        }
        ExprKind::CompositeLit { elts, .. } => out.extend_from_slice(elts),
        _ => {}
    }
}
