//! Lock analysis across calls, on the semantic model.
//!
//! For every function of a file it follows, path by path ([`crate::flow`]), which
//! `sync.Mutex`/`sync.RWMutex` values are held: definitely held, definitely released,
//! or unknown. A mutex is identified by the variable or field path that holds it (a
//! [`Place`]: `s.mu`, a package variable, `s` itself when the struct embeds the mutex),
//! so `s.mu` of a shadowing `s` is another mutex, and only when the model types it as a
//! sync lock; anything else is ignored. A call to a method or function of the
//! package is followed through a summary of the callee (which locks it takes from its
//! entry state on every path, what it leaves held or released, what it blocks on), so a
//! helper that locks again, a release helper, or a helper that sleeps under the caller's
//! lock are seen, with the call chain.
//!
//! Results per function feed five rules: double lock (T22), lock released on some paths
//! only / unlock of an unheld lock (T23), lock order inversion (T24), lock held across a
//! channel operation or Wait (T29), lock held across sleep or network I/O (T35).

use crate::checker::{Checker, PackageContext};
use crate::flow::{self, FlowState, FlowVisitor};
use crate::vars::{Place, PlaceStep};
use gotraps_semantic::unparen;
use gotraps_semantic::{ObjId, PackageModel, TypeData, TypeId};
use gotraps_syntax::ast::{ExprId, ExprKind, File, FuncDecl, StmtId, StmtKind, UnaryOp};
use gotraps_syntax::visit::{self, Visitor};
use gotraps_syntax::Span;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Read,
    Write,
}

/// One step of a call chain, for labels: `evict` (file `fi`, at `span`) "locks s.mu".
#[derive(Clone, Debug)]
pub struct Step {
    pub fi: usize,
    pub span: Span,
    pub note: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DoubleKind {
    /// Lock while Lock held.
    Lock,
    /// Lock while RLock held (the writer waits for itself).
    LockUnderRead,
    /// RLock while Lock held.
    ReadUnderLock,
    /// RLock while RLock held: deadlocks as soon as a writer queues in between.
    RecursiveRead,
}

#[derive(Clone, Debug)]
pub struct DoubleLock {
    /// The second acquisition: the Lock call, or the call to the helper that locks.
    pub at: Span,
    pub first: Span,
    pub mutex: String,
    pub kind: DoubleKind,
    /// Through calls: each callee step down to the acquisition.
    pub via: Vec<Step>,
}

/// How a path leaves with the lock held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Leave {
    /// A `return` or the end of the function.
    Return,
    /// A `continue`: the next iteration takes the lock again.
    Continue,
    /// A `break` with no unlock after the loop.
    Break,
}

#[derive(Clone, Debug)]
pub struct Unreleased {
    pub mutex: String,
    pub locked_at: Span,
    /// The `return` (or the closing brace, `continue`, `break`) reached while still held.
    pub exit: Span,
    pub leaves: Leave,
    /// An unlock on another path, proving the function means to release it.
    pub released_at: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadUnlockKind {
    /// Unlock after Unlock on the same path.
    Twice,
    /// A deferred unlock runs when the path already released the lock.
    DeferredAfterRelease,
    /// `defer mu.Unlock()` before `mu.Lock()`, with a return in between.
    DeferredBeforeLock,
}

#[derive(Clone, Debug)]
pub struct BadUnlock {
    pub at: Span,
    pub mutex: String,
    pub kind: BadUnlockKind,
    /// The earlier unlock, or the defer.
    pub related: Span,
}

/// `held` was held when `taken` was acquired (directly or in a callee).
#[derive(Clone, Debug)]
pub struct OrderEdge {
    pub held: String,
    pub taken: String,
    pub held_at: Span,
    pub taken_at: Span,
    pub via: Vec<Step>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Blocking {
    Send,
    Recv,
    Select,
    RangeChan,
    WaitGroupWait,
    Sleep,
    /// Network I/O: HTTP requests, dials.
    Network,
}

impl Blocking {
    pub fn is_channel_or_wait(self) -> bool {
        !matches!(self, Blocking::Sleep | Blocking::Network)
    }

    pub fn describe(self) -> &'static str {
        match self {
            Blocking::Send => "a channel send",
            Blocking::Recv => "a channel receive",
            Blocking::Select => "a select without default",
            Blocking::RangeChan => "a range over a channel",
            Blocking::WaitGroupWait => "WaitGroup.Wait",
            Blocking::Sleep => "time.Sleep",
            Blocking::Network => "a network call",
        }
    }
}

#[derive(Clone, Debug)]
pub struct HeldAcross {
    pub at: Span,
    pub kind: Blocking,
    pub mutex: String,
    pub locked_at: Span,
    pub via: Vec<Step>,
}

/// Findings of one function.
#[derive(Default, Debug)]
pub struct FnLocks {
    pub double: Vec<DoubleLock>,
    pub unreleased: Vec<Unreleased>,
    pub bad_unlock: Vec<BadUnlock>,
    pub edges: Vec<OrderEdge>,
    pub held_across: Vec<HeldAcross>,
}

/// A mutex key relative to a callee: a path from its receiver, or a package variable;
/// each with its text for messages (`mu`, `a.mu` below the receiver; `mu` for a
/// variable).
#[derive(Clone, Debug)]
enum CKey<'a> {
    Recv { text: String, path: Vec<PlaceStep<'a>> },
    Global { text: String, place: Place<'a> },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Effect {
    Held(Mode),
    Released,
    Unknown,
}

/// What a callee does to locks, seen from its entry.
#[derive(Default, Debug)]
struct Summary<'a> {
    /// Acquired on every path from the entry state, before any return: (key, mode, chain).
    acquires: Vec<(CKey<'a>, Mode, Vec<Step>)>,
    /// Net state at every exit, when all exits agree.
    effects: Vec<(CKey<'a>, Effect)>,
    /// Blocking operations on every path from entry.
    blocks: Vec<(Blocking, Vec<Step>)>,
}

// ---------------------------------------------------------------------------
// State

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Val {
    Held(Mode, Span),
    Released(Span),
    Maybe,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Def {
    Yes(Span),
    Maybe,
}

/// Per key (index into the function's key table): absent = as at entry.
#[derive(Clone, Debug, Default)]
struct State {
    vals: Vec<(u16, Val)>,
    deferred: Vec<(u16, Def)>,
}

fn get<T: Copy>(v: &[(u16, T)], k: u16) -> Option<T> {
    v.iter().find(|e| e.0 == k).map(|e| e.1)
}

fn set<T>(v: &mut Vec<(u16, T)>, k: u16, t: T) {
    match v.iter_mut().find(|e| e.0 == k) {
        Some(e) => e.1 = t,
        None => v.push((k, t)),
    }
}

impl FlowState for State {
    fn join(&mut self, o: &Self) {
        let keys: Vec<u16> = self.vals.iter().chain(&o.vals).map(|e| e.0).collect();
        for k in keys {
            let merged = match (get(&self.vals, k), get(&o.vals, k)) {
                (Some(a), Some(b)) if a == b => a,
                (Some(Val::Held(m1, s)), Some(Val::Held(m2, _))) if m1 == m2 => Val::Held(m1, s),
                (Some(Val::Released(s)), Some(Val::Released(_))) => Val::Released(s),
                _ => Val::Maybe,
            };
            set(&mut self.vals, k, merged);
        }
        let keys: Vec<u16> = self.deferred.iter().chain(&o.deferred).map(|e| e.0).collect();
        for k in keys {
            let merged = match (get(&self.deferred, k), get(&o.deferred, k)) {
                (Some(Def::Yes(s)), Some(Def::Yes(_))) => Def::Yes(s),
                _ => Def::Maybe,
            };
            set(&mut self.deferred, k, merged);
        }
    }
}

// ---------------------------------------------------------------------------
// The analyzer

/// Lock analysis for one package; summaries of callees are computed on demand and kept.
pub struct Locks<'p, 'a> {
    pkg: &'p PackageContext<'a>,
    model: &'a PackageModel<'a>,
    summaries: RefCell<HashMap<*const FuncDecl, Option<Rc<Summary<'a>>>>>,
    /// Type-level names (`Store.mu`, `var mu`) of the mutexes some function of the
    /// package unlocks without locking them itself: a release helper (`endWrite`), or a
    /// caller finishing what an acquire helper started. Computed on first use.
    handoffs: std::cell::OnceCell<std::collections::HashSet<String>>,
}

/// Whether a file can hold lock traps at all: it imports `sync` or calls `.Lock()`/
/// `.RLock()` (a struct of the package may embed the mutex).
pub fn file_may_lock(file: &File) -> bool {
    file.mentions("Lock()") && !crate::checker::is_generated(file)
}

impl<'p, 'a> Locks<'p, 'a> {
    pub fn new(pkg: &'p PackageContext<'a>, model: &'a PackageModel<'a>) -> Self {
        Locks { pkg, model, summaries: Default::default(), handoffs: Default::default() }
    }

    /// The receiver variable of a method declaration.
    fn receiver(&self, fi: usize, fd: &FuncDecl) -> Option<ObjId> {
        let name = fd.recv.as_ref()?.list.first()?.names.first()?;
        self.model.object_of(fi, *name)
    }

    /// Analyses every function of file `fi` (declarations and literals); results with the
    /// function body they belong to.
    pub fn analyse_file(&self, fi: usize) -> Vec<(StmtId, FnLocks)> {
        let file: &'a File = &self.pkg.files[fi].ast;
        let mut out = Vec::new();
        let receivers: HashMap<StmtId, ObjId> = file
            .decls
            .iter()
            .filter_map(|d| match d {
                gotraps_syntax::ast::Decl::Func(fd) => Some((fd.body?, self.receiver(fi, fd)?)),
                _ => None,
            })
            .collect();
        for func in crate::funcs::functions(file) {
            let recv = if func.lit.is_none() { receivers.get(&func.body).copied() } else { None };
            let mut v = Visit::new(self, fi, func.typ, func.body, recv, false);
            let ok = flow::walk(file, func.body, &mut v, State::default(), Some((self.model, fi)));
            if ok {
                out.push((func.body, v.finish()));
            }
        }
        out
    }

    /// See [`Locks::handoffs`].
    fn handoffs(&self) -> &std::collections::HashSet<String> {
        self.handoffs.get_or_init(|| {
            let mut out = std::collections::HashSet::new();
            for (fi, f) in self.pkg.files.iter().enumerate() {
                if !file_may_lock(&f.ast) {
                    continue;
                }
                for func in crate::funcs::functions(&f.ast) {
                    let v = Visit::new(self, fi, func.typ, func.body, None, true);
                    let mut locked = Vec::new();
                    let mut unlocked = Vec::new();
                    for c in &v.lock_calls {
                        if let Some(g) = v.lock_global(c.x) {
                            if c.locks {
                                locked.push(g)
                            } else {
                                unlocked.push(g)
                            }
                        }
                    }
                    out.extend(unlocked.into_iter().filter(|g| !locked.contains(g)));
                }
            }
            out
        })
    }

    fn summary(&self, fi: usize, fd: &'a FuncDecl) -> Option<Rc<Summary<'a>>> {
        let key = fd as *const FuncDecl;
        if let Some(s) = self.summaries.borrow().get(&key) {
            return s.clone();
        }
        // In progress (recursion) or too deep: no summary.
        if self.summaries.borrow().len() > 4096 {
            return None;
        }
        self.summaries.borrow_mut().insert(key, None);
        let body = fd.body?;
        let file: &'a File = &self.pkg.files[fi].ast;
        let recv = self.receiver(fi, fd);
        let mut v = Visit::new(self, fi, &fd.typ, body, recv, true);
        let ok = flow::walk(file, body, &mut v, State::default(), Some((self.model, fi)));
        let s = if ok { Some(Rc::new(v.into_summary())) } else { None };
        self.summaries.borrow_mut().insert(key, s.clone());
        s
    }
}

struct Key<'a> {
    /// The mutex's identity in this function.
    place: Place<'a>,
    /// Its text, for messages: `s.mu`.
    inst: String,
    /// Type-level identity for lock order across functions: `Store.mu`, `var mu`.
    global: Option<String>,
    /// Relative to the function's receiver or a package variable (for summaries).
    ckey: Option<CKey<'a>>,
    /// The mutex belongs to an object this function allocated (`n := &node{}`): no other
    /// goroutine can hold it yet, so taking it orders nothing.
    fresh: bool,
}

struct Visit<'l, 'p, 'a> {
    locks: &'l Locks<'p, 'a>,
    fi: usize,
    file: &'a File,
    model: &'a PackageModel<'a>,
    /// The method's receiver variable (methods only, not their closures).
    recv: Option<ObjId>,
    keys: Vec<Key<'a>>,
    body: Span,
    summary_mode: bool,
    /// Top-level statements of the body before the first one that can leave early:
    /// an acquisition there happens on every path.
    unconditional_until: u32,
    out: FnLocks,
    /// Exit states: (exit span, state).
    exits: Vec<(Span, State)>,
    /// Keys acquired from the entry state: (key, mode, span, unconditional, chain).
    acquired_from_entry: Vec<(u16, Mode, Span, bool, Vec<Step>)>,
    blocks: Vec<(Blocking, Span, bool, Vec<Step>)>,
    seen: std::collections::HashSet<(u32, u8)>,
    /// The function declares `error` as its last result.
    returns_error: bool,
    /// Every `Lock`/`RLock`/`Unlock`/`RUnlock` call in the body, nested literals included.
    lock_calls: Vec<LockCall<'a>>,
    /// Function literals in the body, and whether each runs in place (`func(){...}()` as
    /// a statement, or deferred).
    lits: Vec<(Span, bool)>,
    /// Offsets of the identifiers of locals defined from an allocation (`n := &node{}`).
    fresh_defs: Vec<u32>,
    /// Per exit (parallel to `exits`): whether a `return` gives a literal `nil` as its
    /// last result (`None`: no results, or the end of the body).
    exit_nil_last: Vec<Option<bool>>,
    /// Cache: mutexes unlocked by a function literal that escapes (see `released_elsewhere`).
    escaping_unlocks: RefCell<Option<Vec<Place<'a>>>>,
    /// Ends of loop iterations: (loop, the `break`/`continue` or `None` for the end of
    /// the body, state there).
    iteration_ends: Vec<(StmtId, Option<StmtId>, State)>,
}

impl<'l, 'p, 'a> Visit<'l, 'p, 'a> {
    fn new(
        locks: &'l Locks<'p, 'a>,
        fi: usize,
        typ: &gotraps_syntax::ast::FuncType,
        body: StmtId,
        recv: Option<ObjId>,
        summary_mode: bool,
    ) -> Self {
        let file: &'a File = &locks.pkg.files[fi].ast;
        let mut unconditional_until = file.stmt(body).span.end;
        for &s in file.stmt(body).kind.block_stmts() {
            if !matches!(
                file.stmt(s).kind,
                StmtKind::Expr(_)
                    | StmtKind::Assign { .. }
                    | StmtKind::Defer { .. }
                    | StmtKind::Decl(_)
                    | StmtKind::IncDec { .. }
                    | StmtKind::Send { .. }
                    | StmtKind::Go { .. }
            ) || contains_return(Some((locks.model, fi)), file, s)
            {
                // The statement's own blocking head (a select, a range over a channel)
                // still runs on every path.
                unconditional_until = match &file.stmt(s).kind {
                    StmtKind::Select { .. } => file.stmt(s).span.start + 6,
                    StmtKind::Range { range_pos, .. } => range_pos + 5,
                    _ => file.stmt(s).span.start,
                };
                break;
            }
        }
        let mut v = Visit {
            locks,
            fi,
            file,
            model: locks.model,
            recv,
            keys: Vec::new(),
            body: file.stmt(body).span,
            summary_mode,
            unconditional_until,
            out: FnLocks::default(),
            exits: Vec::new(),
            acquired_from_entry: Vec::new(),
            blocks: Vec::new(),
            seen: Default::default(),
            returns_error: typ
                .results
                .as_ref()
                .and_then(|r| r.list.last())
                .is_some_and(|f| crate::semantic::is_universe(Some((locks.model, fi)), file, f.typ, "error")),
            lock_calls: Vec::new(),
            lits: Vec::new(),
            fresh_defs: Vec::new(),
            exit_nil_last: Vec::new(),
            escaping_unlocks: RefCell::new(None),
            iteration_ends: Vec::new(),
        };
        v.index_body(body);
        v
    }

    /// One walk over the body for the lock calls and literals that `locks_within`,
    /// `later_lock` and `released_elsewhere` ask about.
    fn index_body(&mut self, body: StmtId) {
        struct Index<'v, 'a> {
            file: &'a File,
            model: &'a PackageModel<'a>,
            fi: usize,
            calls: &'v mut Vec<LockCall<'a>>,
            lits: &'v mut Vec<(Span, bool)>,
            fresh: &'v mut Vec<u32>,
        }
        fn allocates(model: (&PackageModel, usize), file: &File, e: ExprId) -> bool {
            match &file.expr(unparen(file, e)).kind {
                ExprKind::CompositeLit { .. } => true,
                ExprKind::Unary { op: UnaryOp::And, x, .. } => {
                    matches!(file.expr(unparen(file, *x)).kind, ExprKind::CompositeLit { .. })
                }
                ExprKind::Call { fun, args, .. } => {
                    args.len() == 1 && crate::semantic::is_universe(Some(model), file, *fun, "new")
                }
                _ => false,
            }
        }
        impl Visitor for Index<'_, '_> {
            fn visit_stmt(&mut self, file: &File, id: StmtId) {
                if let StmtKind::Assign { lhs, rhs, op: gotraps_syntax::ast::AssignOp::Define, .. } =
                    &file.stmt(id).kind
                {
                    if lhs.len() == rhs.len() {
                        for (l, r) in lhs.iter().zip(rhs.iter()) {
                            if let (ExprKind::Ident(i), true) =
                                (&file.expr(*l).kind, allocates((self.model, self.fi), file, *r))
                            {
                                self.fresh.push(i.span.start);
                            }
                        }
                    }
                }
                if let StmtKind::Expr(c) | StmtKind::Defer { call: c } = file.stmt(id).kind {
                    if let ExprKind::Call { fun, .. } = &file.expr(c).kind {
                        let f = unparen(file, *fun);
                        if matches!(file.expr(f).kind, ExprKind::FuncLit { .. }) {
                            self.lits.push((file.expr(f).span, true));
                        }
                    }
                }
                visit::walk_stmt(self, file, id);
            }
            fn visit_expr(&mut self, file: &File, id: ExprId) {
                let e = file.expr(id);
                match &e.kind {
                    ExprKind::FuncLit { .. } if !self.lits.iter().any(|l| l.0 == e.span) => {
                        self.lits.push((e.span, false))
                    }
                    ExprKind::Call { fun, args, .. } if args.is_empty() => {
                        if let ExprKind::Selector { x, sel } = &file.expr(*fun).kind {
                            let method = file.name(*sel);
                            if matches!(method, "Lock" | "RLock" | "Unlock" | "RUnlock") {
                                if let Some(place) = Place::in_file(Some(self.model), self.fi, self.file, *x) {
                                    let locks = matches!(method, "Lock" | "RLock");
                                    self.calls.push(LockCall { span: e.span, locks, place, x: *x });
                                }
                            }
                        }
                    }
                    _ => {}
                }
                visit::walk_expr(self, file, id);
            }
        }
        let mut calls = Vec::new();
        let mut lits = Vec::new();
        let mut fresh = Vec::new();
        Index {
            file: self.file,
            model: self.model,
            fi: self.fi,
            calls: &mut calls,
            lits: &mut lits,
            fresh: &mut fresh,
        }
        .visit_stmt(self.file, body);
        self.lock_calls = calls;
        self.lits = lits;
        self.fresh_defs = fresh;
    }

    /// The named type of an expression, through one pointer.
    fn named_type(&self, x: ExprId) -> Option<TypeId> {
        deref_named(self.model, self.model.type_of(self.fi, x))
    }

    fn is_package_var(&self, obj: ObjId) -> bool {
        let o = self.model.prog.obj(obj);
        o.kind == gotraps_semantic::ObjKind::Var && o.is_package_level()
    }

    fn first(&mut self, span: Span, tag: u8) -> bool {
        self.seen.insert((span.start, tag))
    }

    /// The key of mutex expression `x` (the receiver of Lock/Unlock), if it is a lock.
    fn key_of(&mut self, x: ExprId) -> Option<u16> {
        let file = self.file;
        let model = self.model;
        let t = model.type_of(self.fi, x);
        let place = Place::in_file(Some(model), self.fi, file, x)?;
        let (place, global) = if model.sync_lock_of(t).is_some() {
            (place, self.global_of(x))
        } else {
            // A struct that embeds the mutex: `s.Lock()` is `s.Mutex.Lock()`.
            let named = deref_named(model, t)?;
            let (field, field_obj) = embedded_lock(model, named)?;
            let n = model.prog.obj_name(named_obj(model, named)?);
            (place.join(&[PlaceStep::Obj(field_obj)]), Some(format!("{n}.{field}")))
        };
        if let Some(i) = self.keys.iter().position(|k| k.place == place) {
            return Some(i as u16);
        }
        let inst = match self.model.sync_lock_of(t) {
            Some(_) => norm(file, x)?,
            None => format!("{}.{}", norm(file, x)?, embedded_lock(model, deref_named(model, t)?)?.0),
        };
        let root = place.root_obj();
        let ckey = match (self.recv, root) {
            (Some(r), Some(root)) if root == r => recv_ckey(&inst, &place),
            (_, Some(root)) if self.is_package_var(root) => {
                Some(CKey::Global { text: inst.clone(), place: place.clone() })
            }
            _ => None,
        };
        let fresh = root.is_some_and(|r| self.is_fresh_local(r));
        self.keys.push(Key { place, inst, global, ckey, fresh });
        Some((self.keys.len() - 1) as u16)
    }

    /// A local variable of this function defined from an allocation (`&T{...}`,
    /// `new(T)`, `T{...}`).
    fn is_fresh_local(&self, obj: ObjId) -> bool {
        let o = self.model.prog.obj(obj);
        o.kind == gotraps_semantic::ObjKind::Var
            && o.file == self.model.pkg.file_ids[self.fi]
            && self.fresh_defs.contains(&o.offset)
    }

    /// Type-level name of the mutex at `x`: `Store.mu` for `s.mu` with `s *Store`,
    /// `var mu` for a package variable.
    fn global_of(&self, x: ExprId) -> Option<String> {
        let file = self.file;
        match &file.expr(x).kind {
            ExprKind::Paren { x } | ExprKind::Star { x } => self.global_of(*x),
            ExprKind::Unary { op: UnaryOp::And, x, .. } => self.global_of(*x),
            ExprKind::Selector { x: base, sel } => {
                let obj = named_obj(self.model, self.named_type(*base)?)?;
                Some(format!("{}.{}", self.model.prog.obj_name(obj), file.name(*sel)))
            }
            ExprKind::Ident(i) => {
                let obj = self.model.object_of(self.fi, *i)?;
                self.is_package_var(obj).then(|| format!("var {}", file.name(*i)))
            }
            _ => None,
        }
    }

    /// Type-level name of the lock at `x` (see [`Key::global`]), when the model types
    /// it as a sync lock or a struct embedding one.
    fn lock_global(&self, x: ExprId) -> Option<String> {
        let model = self.model;
        let t = model.type_of(self.fi, x);
        if model.sync_lock_of(t).is_some() {
            return self.global_of(x);
        }
        let named = deref_named(model, t)?;
        let (field, _) = embedded_lock(model, named)?;
        Some(format!("{}.{field}", model.prog.obj_name(named_obj(model, named)?)))
    }

    /// Key for a callee's key seen through the call `X.m()` (receiver expression `x`).
    fn key_for_ckey(&mut self, recv_x: Option<ExprId>, recv_type: Option<TypeId>, ck: &CKey<'a>) -> Option<u16> {
        let (place, recv_text) = match ck {
            CKey::Global { place, .. } => (place.clone(), None),
            CKey::Recv { text, path } => {
                let x = recv_x?;
                (Place::in_file(Some(self.model), self.fi, self.file, x)?.join(path), Some((x, text)))
            }
        };
        if let Some(i) = self.keys.iter().position(|k| k.place == place) {
            return Some(i as u16);
        }
        let (inst, global) = match (ck, recv_text) {
            (CKey::Global { text, .. }, _) => (text.clone(), Some(format!("var {text}"))),
            (_, Some((x, path))) => {
                let inst = format!("{}.{path}", norm(self.file, x)?);
                (inst, recv_type.and_then(|t| global_of_path(self.model, t, path)))
            }
            _ => return None,
        };
        let ckey = match ck {
            CKey::Global { .. } => Some(ck.clone()),
            CKey::Recv { .. } => match (self.recv, place.root_obj()) {
                (Some(r), Some(root)) if root == r => recv_ckey(&inst, &place),
                _ => None,
            },
        };
        self.keys.push(Key { place, inst, global, ckey, fresh: false });
        Some((self.keys.len() - 1) as u16)
    }

    fn held(&self, st: &State) -> Vec<(u16, Mode, Span)> {
        st.vals
            .iter()
            .filter_map(|&(k, v)| match v {
                Val::Held(m, s) => Some((k, m, s)),
                _ => None,
            })
            .collect()
    }

    fn acquire(&mut self, st: &mut State, k: u16, mode: Mode, at: Span, via: Vec<Step>) {
        let inst = self.keys[k as usize].inst.clone();
        match get(&st.vals, k) {
            Some(Val::Held(held, first)) => {
                let kind = match (held, mode) {
                    (Mode::Write, Mode::Write) => DoubleKind::Lock,
                    (Mode::Read, Mode::Write) => DoubleKind::LockUnderRead,
                    (Mode::Write, Mode::Read) => DoubleKind::ReadUnderLock,
                    (Mode::Read, Mode::Read) => DoubleKind::RecursiveRead,
                };
                // A mutex that a callback or goroutine of this function unlocks (the
                // "lock, hand the Unlock to a callback, Lock again to wait" idiom) may
                // have been released by the time of the second Lock.
                if !self.released_elsewhere(&self.keys[k as usize].place) && self.first(at, 1) {
                    self.out.double.push(DoubleLock { at, first, mutex: inst, kind, via: via.clone() });
                }
            }
            None => {
                let unconditional = at.start < self.unconditional_until;
                if !self.acquired_from_entry.iter().any(|a| a.0 == k) {
                    self.acquired_from_entry.push((k, mode, at, unconditional, via.clone()));
                }
            }
            _ => {}
        }
        // Lock order: every other lock definitely held.
        if let (Some(g), false) = (self.keys[k as usize].global.clone(), self.keys[k as usize].fresh) {
            for (h, _, held_at) in self.held(st) {
                if h == k || self.keys[h as usize].fresh {
                    continue;
                }
                if let Some(hg) = self.keys[h as usize].global.clone() {
                    if hg != g && self.first(at, 2 + (h as u8 % 100)) {
                        self.out.edges.push(OrderEdge {
                            held: hg,
                            taken: g.clone(),
                            held_at,
                            taken_at: at,
                            via: via.clone(),
                        });
                    }
                }
            }
        }
        set(&mut st.vals, k, Val::Held(mode, at));
    }

    fn release(&mut self, st: &mut State, k: u16, at: Span) {
        if let Some(Val::Released(prev)) = get(&st.vals, k) {
            if self.first(at, 3) {
                let mutex = self.keys[k as usize].inst.clone();
                self.out.bad_unlock.push(BadUnlock { at, mutex, kind: BadUnlockKind::Twice, related: prev });
            }
        }
        set(&mut st.vals, k, Val::Released(at));
    }

    fn blocking(&mut self, st: &State, kind: Blocking, at: Span, via: Vec<Step>) {
        if self.summary_mode {
            let unconditional = at.start < self.unconditional_until;
            self.blocks.push((kind, at, unconditional, via.clone()));
        }
        if let Some((k, _, locked_at)) = self.held(st).first().copied() {
            if self.first(at, 4) {
                let mutex = self.keys[k as usize].inst.clone();
                self.out.held_across.push(HeldAcross { at, kind, mutex, locked_at, via });
            }
        }
    }

    /// Effects of the calls and channel operations of one expression, inner first.
    fn expr(&mut self, e: ExprId, st: &mut State) {
        let mut ops = Vec::new();
        collect_ops(self.file, e, &mut ops);
        for op in ops {
            self.op(op, st);
        }
    }

    fn op(&mut self, op: Op, st: &mut State) {
        let file = self.file;
        match op {
            Op::Recv(e) => self.blocking(st, Blocking::Recv, file.expr(e).span, Vec::new()),
            Op::MethodValue(x) => {
                if let Some(k) = self.key_of(x) {
                    set(&mut st.vals, k, Val::Maybe);
                }
            }
            Op::Call(call) => self.call(call, st),
        }
    }

    fn call(&mut self, call: ExprId, st: &mut State) {
        let file = self.file;
        let ExprKind::Call { fun, args, .. } = &file.expr(call).kind else { return };
        let span = file.expr(call).span;
        // A lock passed to a function: anything may happen to it.
        for &a in args {
            if let Some(n) = Place::in_file(Some(self.model), self.fi, file, a) {
                if let Some(i) = self.keys.iter().position(|k| k.place == n) {
                    set(&mut st.vals, i as u16, Val::Maybe);
                }
            }
        }
        // A method value of the package passed to a call (`once.Do(c.unlock)`): the
        // callee may run it, so whatever it does to a lock may have happened.
        for &a in args {
            self.method_value_arg(a, st);
        }
        let fun = unparen(file, *fun);
        if let ExprKind::Selector { x, sel } = &file.expr(fun).kind {
            let m = file.name(*sel);
            if args.is_empty() && matches!(m, "Lock" | "RLock" | "Unlock" | "RUnlock" | "TryLock" | "TryRLock") {
                if let Some(k) = self.key_of(*x) {
                    match m {
                        "Lock" => self.acquire(st, k, Mode::Write, span, Vec::new()),
                        "RLock" => self.acquire(st, k, Mode::Read, span, Vec::new()),
                        "Unlock" | "RUnlock" => self.release(st, k, span),
                        _ => set(&mut st.vals, k, Val::Maybe),
                    }
                    return;
                }
            }
            if m == "Wait" && args.is_empty() && self.model.is_sync_type(self.model.type_of(self.fi, *x), "WaitGroup") {
                self.blocking(st, Blocking::WaitGroupWait, span, Vec::new());
                return;
            }
            if let Some(kind) = io_call(self.model, self.fi, call) {
                self.blocking(st, kind, span, Vec::new());
                return;
            }
            // A method of the package.
            if let Some((cfi, decl)) = self.model.callee(self.fi, call).and_then(|o| self.locks.pkg.decl_of(o)) {
                let recv_type = self.named_type(*x);
                self.through(st, span, Some(*x), recv_type, cfi, decl, m);
            }
            return;
        }
        if let ExprKind::Ident(f) = file.expr(fun).kind {
            let name = file.name(f);
            if let Some((cfi, decl)) = self.model.callee(self.fi, call).and_then(|o| self.locks.pkg.decl_of(o)) {
                self.through(st, span, None, None, cfi, decl, name);
            }
        }
    }

    /// A call to a function of the package: apply its summary.
    #[allow(clippy::too_many_arguments)]
    fn through(
        &mut self,
        st: &mut State,
        span: Span,
        recv_x: Option<ExprId>,
        recv_type: Option<TypeId>,
        cfi: usize,
        decl: &'a FuncDecl,
        name: &str,
    ) {
        // Summaries matter when a lock is held (double lock, order, blocking) or for
        // lock/unlock helpers whose effect the path must see.
        let Some(sum) = self.locks.summary(cfi, decl) else { return };
        let fi = self.fi;
        let step = |note: String| Step { fi, span, note };
        for (ck, mode, chain) in &sum.acquires {
            let Some(k) = self.key_for_ckey(recv_x, recv_type, ck) else { continue };
            let mut via = vec![step(format!("`{name}` locks `{}`", self.keys[k as usize].inst))];
            via.extend(chain.iter().cloned());
            // Reports a double lock if the caller holds it; the callee's net effect
            // (applied below) decides the state after the call.
            let before = get(&st.vals, k);
            self.acquire(st, k, *mode, span, via);
            match before {
                Some(v) => set(&mut st.vals, k, v),
                None => st.vals.retain(|e| e.0 != k),
            }
        }
        for (kind, chain) in &sum.blocks {
            let mut via = vec![step(format!("`{name}` blocks on {}", kind.describe()))];
            via.extend(chain.iter().cloned());
            self.blocking(st, *kind, span, via);
        }
        for (ck, eff) in &sum.effects {
            let Some(k) = self.key_for_ckey(recv_x, recv_type, ck) else { continue };
            match eff {
                Effect::Held(m) => set(&mut st.vals, k, Val::Held(*m, span)),
                Effect::Released => set(&mut st.vals, k, Val::Released(span)),
                Effect::Unknown => set(&mut st.vals, k, Val::Maybe),
            }
        }
    }

    fn deferred(&mut self, call: ExprId, st: &mut State) {
        let file = self.file;
        let span = file.expr(call).span;
        let ExprKind::Call { fun, args, .. } = &file.expr(call).kind else { return };
        let fun = unparen(file, *fun);
        match &file.expr(fun).kind {
            ExprKind::Selector { x, sel } if args.is_empty() && matches!(file.name(*sel), "Unlock" | "RUnlock") => {
                if let Some(k) = self.key_of(*x) {
                    set(&mut st.deferred, k, Def::Yes(span));
                }
            }
            ExprKind::FuncLit { body, .. } => {
                // `defer func() { ...; mu.Unlock() }()`: unlocks at the top level count,
                // unless the literal locked that mutex itself first (its own section).
                let mut locked_inside: Vec<u16> = Vec::new();
                for &s in file.stmt(*body).kind.block_stmts() {
                    let StmtKind::Expr(e) = file.stmt(s).kind else { continue };
                    let ExprKind::Call { fun, args, .. } = &file.expr(e).kind else { continue };
                    if let ExprKind::Selector { x, sel } = &file.expr(*fun).kind {
                        let m = file.name(*sel);
                        if !args.is_empty() || !matches!(m, "Lock" | "RLock" | "Unlock" | "RUnlock") {
                            continue;
                        }
                        let Some(k) = self.key_of(*x) else { continue };
                        if matches!(m, "Lock" | "RLock") {
                            locked_inside.push(k);
                        } else if !locked_inside.contains(&k)
                            && !self.locks_within(
                                file.stmt(*body).span,
                                &self.keys[k as usize].place,
                                file.expr(e).span,
                            )
                        {
                            // (`if !locked { mu.Lock() }` nested before the Unlock is
                            // also the literal's own section.)
                            set(&mut st.deferred, k, Def::Yes(span));
                        }
                    }
                }
            }
            ExprKind::Selector { x, sel } => {
                // A deferred release helper of the package.
                let _ = sel;
                if let Some((cfi, decl)) = self.model.callee(self.fi, call).and_then(|o| self.locks.pkg.decl_of(o)) {
                    let recv_type = self.named_type(*x);
                    if let Some(sum) = self.locks.summary(cfi, decl) {
                        for (ck, eff) in &sum.effects {
                            if *eff == Effect::Released {
                                if let Some(k) = self.key_for_ckey(Some(*x), recv_type, ck) {
                                    set(&mut st.deferred, k, Def::Yes(span));
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn finish(mut self) -> FnLocks {
        // Released on some path, still held (and not deferred) on another.
        for k in 0..self.keys.len() as u16 {
            let mut held_exit = None;
            let mut released = None;
            let mut deferred_any = false;
            // Held only at `return ..., nil` and released at some `return ..., err`: a
            // conditional acquire (`acquireLock() error`, `beginTx() (*Tx, error)`) that
            // hands the lock to the caller on success.
            let mut held_all_nil = true;
            let mut released_non_nil = false;
            for (i, (exit, st)) in self.exits.iter().enumerate() {
                if get(&st.deferred, k).is_some() {
                    deferred_any = true;
                }
                let nil_last = self.exit_nil_last.get(i).copied().flatten();
                match get(&st.vals, k) {
                    Some(Val::Held(_, at)) if get(&st.deferred, k).is_none() => {
                        held_exit.get_or_insert((*exit, at));
                        held_all_nil &= nil_last == Some(true);
                    }
                    Some(Val::Released(at)) if get(&st.deferred, k).is_none() => {
                        released.get_or_insert(at);
                        released_non_nil |= nil_last == Some(false);
                    }
                    _ => {}
                }
            }
            // Only a hand-off when some function of the package takes the lock over;
            // otherwise the success path simply forgot it.
            if held_exit.is_some() && held_all_nil && released_non_nil && self.returns_error && self.handed_off(k) {
                continue;
            }
            if held_exit.is_some() && self.released_elsewhere(&self.keys[k as usize].place) {
                continue;
            }
            if let (Some((exit, locked_at)), Some(released_at), false) = (held_exit, released, deferred_any) {
                let mutex = self.keys[k as usize].inst.clone();
                self.out.unreleased.push(Unreleased { mutex, locked_at, exit, released_at, leaves: Leave::Return });
            }
        }
        self.unreleased_in_loops();
        self.out
    }

    /// A lock taken at the top of a loop body and released on one way out of the
    /// iteration but still held on another: a `continue` (the next iteration's Lock
    /// never returns), a `break` with no unlock after the loop, or a `return`.
    fn unreleased_in_loops(&mut self) {
        let file = self.file;
        let mut loops: Vec<StmtId> = self.iteration_ends.iter().map(|e| e.0).collect();
        loops.dedup();
        loops.sort_by_key(|l| l.0);
        loops.dedup();
        for k in 0..self.keys.len() as u16 {
            let deferred = self.exits.iter().map(|e| &e.1).chain(self.iteration_ends.iter().map(|e| &e.2));
            if deferred.into_iter().any(|st| get(&st.deferred, k).is_some()) {
                continue;
            }
            let inst = self.keys[k as usize].inst.clone();
            let place = self.keys[k as usize].place.clone();
            for &lp in &loops {
                let within = |s: Span| s.start >= file.stmt(lp).span.start && s.end <= file.stmt(lp).span.end;
                let mut released = None;
                let mut held: Vec<(Span, Leave, Span)> = Vec::new();
                let ends = self.iteration_ends.iter().filter(|e| e.0 == lp).map(|(_, at, st)| {
                    let leave = at.map(|a| match file.stmt(a).kind {
                        StmtKind::Branch { kind: gotraps_syntax::ast::BranchKind::Continue, .. } => Leave::Continue,
                        _ => Leave::Break,
                    });
                    (at.map(|a| file.stmt(a).span), leave, st)
                });
                let returns =
                    self.exits.iter().filter(|e| within(e.0)).map(|(sp, st)| (Some(*sp), Some(Leave::Return), st));
                for (at, leave, st) in ends.chain(returns) {
                    match get(&st.vals, k) {
                        Some(Val::Released(r)) if within(r) => {
                            released.get_or_insert(r);
                        }
                        Some(Val::Held(_, l)) if self.locked_at_top_of(lp, &place, l) => {
                            if let (Some(at), Some(leave)) = (at, leave) {
                                held.push((at, leave, l));
                            }
                        }
                        _ => {}
                    }
                }
                let Some(released_at) = released else { continue };
                if held.is_empty() || self.released_elsewhere(&place) {
                    continue;
                }
                let loop_end = file.stmt(lp).span.end;
                for (exit, leaves, locked_at) in held {
                    if leaves == Leave::Break && self.later_unlock(&place, loop_end) {
                        continue;
                    }
                    if self.out.unreleased.iter().any(|u| u.exit == exit && u.mutex == inst) {
                        continue;
                    }
                    self.out.unreleased.push(Unreleased { mutex: inst.clone(), locked_at, exit, released_at, leaves });
                }
            }
        }
    }

    /// Whether some function of the package unlocks key `k`'s mutex without locking it.
    fn handed_off(&self, k: u16) -> bool {
        match &self.keys[k as usize].global {
            Some(g) => self.locks.handoffs().contains(g),
            None => true,
        }
    }

    /// Whether the lock call at `at` is a statement of its own at the top of loop `lp`'s
    /// body and the first lock call of its mutex in the body: each iteration starts by
    /// taking the lock (not a loop that runs with the lock held and drops it around work).
    fn locked_at_top_of(&self, lp: StmtId, place: &Place, at: Span) -> bool {
        let file = self.file;
        let (StmtKind::For { body, .. } | StmtKind::Range { body, .. }) = &file.stmt(lp).kind else { return false };
        let span = file.stmt(*body).span;
        let first = self
            .lock_calls
            .iter()
            .filter(|c| &c.place == place && c.span.start >= span.start && c.span.end <= span.end)
            .min_by_key(|c| c.span.start);
        let Some(first) = first else { return false };
        if first.span != at || !first.locks {
            return false;
        }
        file.stmt(*body)
            .kind
            .block_stmts()
            .iter()
            .any(|&s| matches!(file.stmt(s).kind, StmtKind::Expr(e) if file.expr(e).span == at))
    }

    /// An `Unlock`/`RUnlock` of `place` textually after `pos` in this function.
    fn later_unlock(&self, place: &Place, pos: u32) -> bool {
        self.lock_calls
            .iter()
            .any(|c| !c.locks && c.span.start >= pos && c.span.end <= self.body.end && &c.place == place)
    }

    fn into_summary(self) -> Summary<'a> {
        let mut s = Summary::default();
        for (k, mode, _, unconditional, chain) in &self.acquired_from_entry {
            let key = &self.keys[*k as usize];
            if let (true, Some(ck)) = (*unconditional, &key.ckey) {
                let mut via = chain.clone();
                if via.is_empty() {
                    via.push(Step {
                        fi: self.fi,
                        span: self.acquired_from_entry.iter().find(|a| a.0 == *k).unwrap().2,
                        note: format!("locks `{}` here", key.inst),
                    });
                }
                s.acquires.push((ck.clone(), *mode, via));
            }
        }
        for (kind, at, unconditional, chain) in &self.blocks {
            if *unconditional && s.blocks.len() < 4 {
                let mut via = chain.clone();
                if via.is_empty() {
                    via.push(Step { fi: self.fi, span: *at, note: format!("blocks on {} here", kind.describe()) });
                }
                s.blocks.push((*kind, via));
            }
        }
        for (k, key) in self.keys.iter().enumerate() {
            let Some(ck) = &key.ckey else { continue };
            // Locked first: the entry state was "not held"; released again means no net
            // effect. Unlocked first: the caller held it; locked again means no effect.
            let lock_first = self.acquired_from_entry.iter().any(|a| a.0 == k as u16);
            let mut eff: Option<Option<Effect>> = None;
            for (_, st) in &self.exits {
                let released = matches!(get(&st.deferred, k as u16), Some(Def::Yes(_)));
                let e = match (get(&st.vals, k as u16), get(&st.deferred, k as u16)) {
                    (_, Some(Def::Maybe)) | (Some(Val::Maybe), None) => Some(Effect::Unknown),
                    (None, None) => None,
                    (Some(Val::Held(m, _)), None) if lock_first => Some(Effect::Held(m)),
                    (Some(Val::Held(..)), None) => None,
                    _ if lock_first => None,
                    _ => {
                        let _ = released;
                        Some(Effect::Released)
                    }
                };
                eff = Some(match eff {
                    None => e,
                    Some(prev) if prev == e => e,
                    _ => Some(Effect::Unknown),
                });
            }
            if let Some(Some(e)) = eff {
                s.effects.push((ck.clone(), e));
            }
        }
        s
    }
}

impl FlowVisitor for Visit<'_, '_, '_> {
    type State = State;

    fn stmt(&mut self, file: &File, id: StmtId, st: &mut State) {
        match &file.stmt(id).kind {
            StmtKind::Go { call } => {
                // Arguments are evaluated here; the call runs elsewhere.
                if let ExprKind::Call { args, .. } = &file.expr(*call).kind {
                    for &a in args.clone().iter() {
                        self.expr(a, st);
                    }
                }
            }
            StmtKind::Defer { call } => self.deferred(*call, st),
            StmtKind::Send { chan, value, .. } => {
                self.expr(*chan, st);
                self.expr(*value, st);
                self.blocking(st, Blocking::Send, file.stmt(id).span, Vec::new());
            }
            _ => {
                let mut roots = Vec::new();
                stmt_exprs(file, id, &mut roots);
                for e in roots {
                    self.expr(e, st);
                }
                // `i = parent`: every mutex reached through `i` is another one now.
                if let StmtKind::Assign { lhs, .. } = &file.stmt(id).kind {
                    for &l in lhs {
                        if let Some(base) = Place::in_file(Some(self.model), self.fi, self.file, l) {
                            self.forget(st, &base);
                        }
                    }
                }
            }
        }
    }

    fn iteration(&mut self, file: &File, id: StmtId, st: &mut State) {
        // `locks[i]`: the index usually changes between iterations.
        let indexed: Vec<u16> =
            (0..self.keys.len() as u16).filter(|&k| self.keys[k as usize].place.has_index()).collect();
        st.vals.retain(|e| !indexed.contains(&e.0));
        st.deferred.retain(|e| !indexed.contains(&e.0));
        if let StmtKind::Range { key, value, .. } = &file.stmt(id).kind {
            for e in [key, value].into_iter().flatten() {
                if let Some(base) = Place::in_file(Some(self.model), self.fi, self.file, *e) {
                    self.forget(st, &base);
                }
            }
        }
    }

    fn leave_iteration(&mut self, _file: &File, id: StmtId, at: Option<StmtId>, st: &State) {
        if !self.summary_mode && !st.vals.is_empty() {
            self.iteration_ends.push((id, at, st.clone()));
        }
    }

    fn exit(&mut self, file: &File, at: Option<StmtId>, st: &State) {
        let span = match at {
            Some(s) => {
                // `return f(x)`: the results are evaluated before leaving.
                let mut st2 = st.clone();
                if let StmtKind::Return { results } = &file.stmt(s).kind {
                    for &r in results {
                        self.expr(r, &mut st2);
                    }
                    // Returning a function value (`return conn, tx.release, nil`, a
                    // closure) hands the release to the caller.
                    if results.iter().any(|&r| self.is_func_value(r)) {
                        for e in st2.vals.iter_mut() {
                            e.1 = Val::Maybe;
                        }
                    }
                }
                let span = file.stmt(s).span;
                let nil_last = match &file.stmt(s).kind {
                    StmtKind::Return { results } => results.last().map(|&r| is_nil(self.model, self.fi, file, r)),
                    _ => None,
                };
                self.check_exit(span, &st2);
                self.exits.push((span, st2));
                self.exit_nil_last.push(nil_last);
                return;
            }
            None => Span::new(self.body.end.saturating_sub(1), self.body.end),
        };
        self.check_exit(span, st);
        self.exits.push((span, st.clone()));
        self.exit_nil_last.push(None);
    }

    fn cond(&mut self, _file: &File, e: ExprId, st: &mut State) {
        self.expr(e, st);
    }

    fn select(&mut self, file: &File, id: StmtId, has_default: bool, st: &mut State) {
        if !has_default {
            let s = file.stmt(id).span;
            self.blocking(st, Blocking::Select, Span::new(s.start, s.start + 6), Vec::new());
        }
    }

    fn comm(&mut self, file: &File, comm: Option<StmtId>, st: &mut State) {
        // The communication itself was accounted for by `select`; only calls inside it run.
        let Some(c) = comm else { return };
        let mut roots = Vec::new();
        stmt_exprs(file, c, &mut roots);
        for e in roots {
            let mut ops = Vec::new();
            collect_ops(file, e, &mut ops);
            for op in ops {
                if let Op::Call(_) = op {
                    self.op(op, st);
                }
            }
        }
    }

    fn range(&mut self, file: &File, id: StmtId, st: &mut State) {
        let StmtKind::Range { x, range_pos, .. } = &file.stmt(id).kind else { return };
        if self.model.chan_of(self.model.type_of(self.fi, *x)).is_some() {
            self.blocking(st, Blocking::RangeChan, Span::new(*range_pos, *range_pos + 5), Vec::new());
        }
    }
}

impl Visit<'_, '_, '_> {
    /// `base` is assigned: every mutex at or under it is another one now.
    fn forget(&mut self, st: &mut State, base: &Place) {
        for (i, k) in self.keys.iter().enumerate() {
            if k.place.within(base) {
                st.vals.retain(|e| e.0 != i as u16);
                st.deferred.retain(|e| e.0 != i as u16);
            }
        }
    }

    /// A function literal, or a method value `x.m` of a method of the package.
    fn is_func_value(&self, e: ExprId) -> bool {
        match &self.file.expr(e).kind {
            ExprKind::FuncLit { .. } => true,
            ExprKind::Selector { sel, .. } => self
                .model
                .object_of(self.fi, *sel)
                .is_some_and(|o| self.model.prog.obj(o).is_method() && self.locks.pkg.decl_of(o).is_some()),
            _ => false,
        }
    }

    fn check_exit(&mut self, exit: Span, st: &State) {
        for &(k, d) in &st.deferred {
            let Def::Yes(defer_at) = d else { continue };
            match get(&st.vals, k) {
                Some(Val::Released(at))
                    if self.first(defer_at, 5) => {
                        let mutex = self.keys[k as usize].inst.clone();
                        self.out.bad_unlock.push(BadUnlock {
                            at,
                            mutex,
                            kind: BadUnlockKind::DeferredAfterRelease,
                            related: defer_at,
                        });
                    }
                None
                    // A deferred unlock pending at an exit reached before this function
                    // takes the lock (later, from its entry state): it unlocks an unheld lock.
                    if self.later_lock(k, exit).is_some() && self.first(exit, 6) => {
                        let mutex = self.keys[k as usize].inst.clone();
                        self.out.bad_unlock.push(BadUnlock {
                            at: exit,
                            mutex,
                            kind: BadUnlockKind::DeferredBeforeLock,
                            related: defer_at,
                        });
                    }
                _ => {}
            }
        }
    }

    /// `arg` is a method value `x.m` of a package method: its effects on locks become unknown.
    fn method_value_arg(&mut self, arg: ExprId, st: &mut State) {
        let file = self.file;
        let a = unparen(file, arg);
        let ExprKind::Selector { x, sel } = &file.expr(a).kind else { return };
        let Some(obj) = self.model.object_of(self.fi, *sel) else { return };
        if !self.model.prog.obj(obj).is_method() {
            return;
        }
        let Some((cfi, decl)) = self.locks.pkg.decl_of(obj) else { return };
        let recv_type = self.named_type(*x);
        let Some(sum) = self.locks.summary(cfi, decl) else { return };
        for (ck, eff) in &sum.effects {
            if *eff == Effect::Released {
                if let Some(k) = self.key_for_ckey(Some(*x), recv_type, ck) {
                    set(&mut st.vals, k, Val::Maybe);
                }
            }
        }
    }

    /// A `Lock`/`RLock` of `place` inside `within`, before `before`.
    fn locks_within(&self, within: Span, place: &Place, before: Span) -> bool {
        self.lock_calls.iter().any(|c| {
            c.locks
                && c.span.start >= within.start
                && c.span.end <= within.end
                && c.span.start < before.start
                && &c.place == place
        })
    }

    /// `place` is unlocked inside a function literal of this function that does not run
    /// in place: one stored, passed on, or started with `go` (not `defer func(){...}()`
    /// nor `func(){...}()`), and that did not lock it itself first. Another goroutine
    /// may release the lock at any moment, so its state on a path is unknown.
    fn released_elsewhere(&self, place: &Place) -> bool {
        if self.escaping_unlocks.borrow().is_none() {
            let mut out: Vec<Place> = Vec::new();
            for &(lit, in_place) in &self.lits {
                if in_place {
                    continue;
                }
                for c in &self.lock_calls {
                    if c.locks || c.span.start < lit.start || c.span.end > lit.end {
                        continue;
                    }
                    if !out.contains(&c.place) && !self.locks_within(lit, &c.place, c.span) {
                        out.push(c.place.clone());
                    }
                }
            }
            *self.escaping_unlocks.borrow_mut() = Some(out);
        }
        self.escaping_unlocks.borrow().as_ref().is_some_and(|v| v.iter().any(|n| n == place))
    }

    /// A `Lock`/`RLock` of key `k` textually after `pos` in this function.
    fn later_lock(&self, k: u16, pos: Span) -> Option<Span> {
        let place = &self.keys[k as usize].place;
        self.lock_calls
            .iter()
            .find(|c| c.locks && c.span.start > pos.start && c.span.end <= self.body.end && &c.place == place)
            .map(|c| c.span)
    }
}

/// A lock or unlock call of a function body: `s.mu.Lock()`.
struct LockCall<'a> {
    span: Span,
    /// `Lock`/`RLock` (else `Unlock`/`RUnlock`).
    locks: bool,
    place: Place<'a>,
    /// The mutex expression.
    x: ExprId,
}

// ---------------------------------------------------------------------------
// Expression helpers

#[derive(Clone, Copy)]
enum Op {
    Call(ExprId),
    Recv(ExprId),
    /// `mu.Unlock` used as a value: released elsewhere, state unknown.
    MethodValue(ExprId),
}

/// Calls and receives of an expression in evaluation order (arguments before the call),
/// not descending into function literals.
fn collect_ops(file: &File, e: ExprId, out: &mut Vec<Op>) {
    struct C<'o> {
        out: &'o mut Vec<Op>,
    }
    impl Visitor for C<'_> {
        fn visit_expr(&mut self, file: &File, id: ExprId) {
            match &file.expr(id).kind {
                ExprKind::FuncLit { .. } => {}
                ExprKind::Call { fun, args, .. } => {
                    // The receiver and arguments first; a selector fun is not a method value.
                    match &file.expr(*fun).kind {
                        ExprKind::Selector { x, .. } => self.visit_expr(file, *x),
                        _ => self.visit_expr(file, *fun),
                    }
                    for &a in args {
                        self.visit_expr(file, a);
                    }
                    self.out.push(Op::Call(id));
                }
                ExprKind::Unary { op: UnaryOp::Arrow, x, .. } => {
                    self.visit_expr(file, *x);
                    self.out.push(Op::Recv(id));
                }
                ExprKind::Selector { x, sel } => {
                    if matches!(file.name(*sel), "Unlock" | "RUnlock") {
                        self.out.push(Op::MethodValue(*x));
                    }
                    self.visit_expr(file, *x);
                }
                _ => visit::walk_expr(self, file, id),
            }
        }
    }
    C { out }.visit_expr(file, e);
}

/// The top-level expressions of a simple statement.
pub fn stmt_exprs(file: &File, id: StmtId, out: &mut Vec<ExprId>) {
    match &file.stmt(id).kind {
        StmtKind::Expr(e) => out.push(*e),
        StmtKind::Assign { lhs, rhs, .. } => {
            out.extend(rhs.iter().copied());
            out.extend(lhs.iter().copied());
        }
        StmtKind::IncDec { x, .. } => out.push(*x),
        StmtKind::Send { chan, value, .. } => {
            out.push(*chan);
            out.push(*value);
        }
        StmtKind::Decl(g) => {
            for s in &g.specs {
                if let gotraps_syntax::ast::Spec::Value(vs) = s {
                    out.extend(vs.values.iter().copied());
                }
            }
        }
        _ => {}
    }
}

/// A stable spelling of a variable/field path: `s.mu`, `(*s).mu` -> `s.mu`, `&c.mu` ->
/// `c.mu`, `locks[i]` -> `locks[i]`; `None` for anything that involves a call.
pub fn norm(file: &File, e: ExprId) -> Option<String> {
    match &file.expr(e).kind {
        ExprKind::Ident(i) => Some(file.name(*i).to_string()),
        ExprKind::Paren { x } | ExprKind::Star { x } => norm(file, *x),
        ExprKind::Unary { op: UnaryOp::And, x, .. } => norm(file, *x),
        ExprKind::Selector { x, sel } => Some(format!("{}.{}", norm(file, *x)?, file.name(*sel))),
        ExprKind::Index { x, index } => {
            let idx: String = file.text(file.expr(*index).span).chars().filter(|c| !c.is_whitespace()).collect();
            Some(format!("{}[{idx}]", norm(file, *x)?))
        }
        _ => None,
    }
}

/// `t`, or what it points to, when that is a named type.
fn deref_named(model: &PackageModel, t: TypeId) -> Option<TypeId> {
    let t = match model.prog.types.get(t) {
        TypeData::Pointer(el) => *el,
        _ => t,
    };
    matches!(model.prog.types.get(t), TypeData::Named(_)).then_some(t)
}

fn named_obj(model: &PackageModel, t: TypeId) -> Option<ObjId> {
    match model.prog.types.get(t) {
        TypeData::Named(n) => Some(n.obj),
        _ => None,
    }
}

/// `Mutex` or `RWMutex` when the struct type `t` embeds that lock (directly, or as a
/// pointer), so `x.Lock()` locks it.
fn embedded_lock(model: &PackageModel, t: TypeId) -> Option<(&'static str, ObjId)> {
    let TypeData::Struct(st) = model.prog.types.get(model.prog.underlying(t)) else { return None };
    st.fields.iter().find_map(|&f| {
        if !model.prog.obj(f).is_embedded() {
            return None;
        }
        model.sync_lock_of(model.obj_type(f)).map(|name| (name, f))
    })
}

/// The key of a mutex below a method's receiver, relative to the receiver (`mu` for
/// `s.mu`), for the method's summary: its text and its path of fields. A path that
/// starts with an index (`s[0].mu`) has no such key.
fn recv_ckey<'a>(inst: &str, place: &Place<'a>) -> Option<CKey<'a>> {
    if !matches!(place.path().first(), Some(PlaceStep::Obj(_) | PlaceStep::Name(_))) {
        return None;
    }
    let text = inst.split_once('.')?.1.to_string();
    Some(CKey::Recv { text, path: place.path().to_vec() })
}

/// The type-level name of field path `path` (`a.mu`) below a value of named type `t`:
/// `Inner.mu` when field `a` of `t` has type `Inner` (or `*Inner`).
fn global_of_path(model: &PackageModel, t: TypeId, path: &str) -> Option<String> {
    let mut cur = t;
    let parts: Vec<&str> = path.split('.').collect();
    for (i, p) in parts.iter().enumerate() {
        if i + 1 == parts.len() {
            return Some(format!("{}.{p}", model.prog.obj_name(named_obj(model, cur)?)));
        }
        let sel = model.select(cur, p)?;
        cur = deref_named(model, model.obj_type(sel.obj))?;
    }
    None
}

fn is_nil(model: &PackageModel, fi: usize, file: &File, e: ExprId) -> bool {
    crate::semantic::is_universe(Some((model, fi)), file, e, "nil")
}

fn contains_return(model: Option<(&PackageModel, usize)>, file: &File, s: StmtId) -> bool {
    let mut found = false;
    crate::funcs::for_each_stmt(file, s, |id, _| {
        if matches!(file.stmt(id).kind, StmtKind::Return { .. } | StmtKind::Branch { .. })
            || crate::semantic::stmt_never_returns(model, file, id)
        {
            found = true;
        }
    });
    found
}

/// Calls that sleep or do network I/O: `time.Sleep`, `http.Get/Post/Head/PostForm`,
/// `net.Dial*`, and `Do/Get/Post/Head/PostForm` on an `*http.Client`.
fn io_call(model: &PackageModel, fi: usize, call: ExprId) -> Option<Blocking> {
    let t = model.call_target(fi, call)?;
    match (t.pkg, t.recv, t.name) {
        ("time", None, "Sleep") => Some(Blocking::Sleep),
        ("net/http", None, "Get" | "Post" | "Head" | "PostForm") => Some(Blocking::Network),
        ("net", None, "Dial" | "DialTimeout") => Some(Blocking::Network),
        ("net/http", Some("Client"), "Do" | "Get" | "Post" | "Head" | "PostForm") => Some(Blocking::Network),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Rendering helpers for the lock rules

/// The lock analysis of the checked file, or nothing when the file takes no locks.
pub fn analyse<'c>(cx: &Checker<'c>) -> &'c [(StmtId, FnLocks)] {
    cx.package.lock_analysis(cx.file_index)
}

/// The call chain as labels (steps in this file) and a help suffix (`path:line` of steps
/// in other files).
pub struct Via {
    labels: Vec<(Span, String)>,
    elsewhere: Vec<String>,
}

pub fn via(cx: &Checker, steps: &[Step]) -> Via {
    let mut v = Via { labels: Vec::new(), elsewhere: Vec::new() };
    for s in steps {
        if s.fi == cx.file_index {
            v.labels.push((s.span, s.note.clone()));
        } else {
            let f = &cx.package.files[s.fi];
            let (line, _) = f.lines.line_col(s.span.start);
            v.elsewhere.push(format!("{} ({}:{line})", s.note, f.path));
        }
    }
    v
}

impl Via {
    pub fn apply(self, d: &mut gotraps_diagnostics::Diagnostic) {
        for (span, note) in self.labels {
            if span != d.span {
                d.with_label_mut(span.start, span.end, note);
            }
        }
        if !self.elsewhere.is_empty() {
            let chain = format!("path: {}", self.elsewhere.join(" -> "));
            d.help = Some(match d.help.take() {
                Some(h) => format!("{h}; {chain}"),
                None => chain,
            });
        }
    }
}
