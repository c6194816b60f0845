//! Static data-race detection for one package, RacerD-style (see DEEP-ANALYSIS.md).
//!
//! 1. **Access summaries.** Every function body is walked once, in statement order,
//!    tracking the locks it holds (`Lock`/`RLock` ... `Unlock`, `defer Unlock` keeping the
//!    lock to the end, branches joined by intersection). Each read or write of a struct
//!    field, a package variable, or a map/slice element reached through them is recorded
//!    with the locks held, whether it used `sync/atomic`, and the root it is reached
//!    from (a parameter, shared memory, or an object this function allocated and has not
//!    published yet). A call to a function of the package adds the callee's summary with
//!    the caller's locks added and the callee's parameters replaced by the caller's
//!    arguments, so an access through a helper on a fresh object stays owned.
//! 2. **Threads.** Each `go` statement (and `WaitGroup.Go`/errgroup `Go` with a literal)
//!    starts a goroutine thread running its callee's summary; several instances when the
//!    statement sits in a loop. Each exported function or method, and each function the
//!    package never calls directly (a callback), is an API thread: code outside the
//!    package may call it from any goroutine. Accesses an API entry makes before it
//!    spawns a goroutine, or after it joins (`Wait`, a receive), are ordered with that
//!    goroutine.
//! 3. **Pairs.** Two accesses to the same target, one a write, not both atomic, in threads
//!    that may run in parallel, not both holding one lock (in write mode on one side at
//!    least), race. Two API threads count as parallel only when the target shows intent
//!    to be shared: its struct has a lock, or some access to it holds a lock or is atomic.
//!
//! Objects owned by the running function (fresh allocations not yet stored, sent or given
//! to a goroutine, and values returned fresh by a constructor) are never reported.

use gotraps_semantic::{FuncNode, ObjId, ObjKind, PackageModel, TypeData, TypeId};
use gotraps_syntax::ast::{AssignOp, Decl, ExprId, ExprKind, File, Spec, StmtId, StmtKind, UnaryOp};
use gotraps_syntax::Span;
use rustc_hash::{FxHashMap, FxHashSet};
use std::rc::Rc;

mod close;
mod contracts;
mod exec_buffer;
mod testing;
mod threads;
mod waitgroup;

pub use close::CloseRace;
pub use exec_buffer::ExecBufferRead;
pub use testing::TestingAfterReturn;
pub use waitgroup::{WaitGroupIssue, WaitGroupIssueKind};

/// What is accessed: a struct field (any object of the struct type) or a package variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Field(ObjId),
    Global(ObjId),
}

/// A lock, named by the place that holds it, at type level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LockId {
    /// A mutex field (`s.mu`), the same for every object of the struct.
    Field(ObjId),
    /// A package-level mutex.
    Global(ObjId),
    /// A local or parameter holding a mutex.
    Local(ObjId),
    /// A struct type that embeds its mutex (`s.Lock()`).
    Embedded(ObjId),
}

/// A lock held at an access.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Held {
    pub id: LockId,
    /// Held with `RLock` only.
    pub read: bool,
    /// How the source names it (`c.mu`).
    pub name: Box<str>,
    /// The struct type whose objects hold the lock (`None` for package-level and local
    /// mutexes).
    pub owner: Option<ObjId>,
}

/// Hashes what identifies the lock, not how the source spells it: access sets are
/// hashed per access, and equal locks mostly share one spelling anyway.
impl std::hash::Hash for Held {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.id.hash(state);
        self.read.hash(state);
    }
}

impl Held {
    /// Whether this lock can be what guards `target` (owned by struct type `owner`): a
    /// lock of the same struct type, or a package-level lock for a package variable or
    /// an object reached through one.
    fn guards(&self, owner: Option<ObjId>, target: Target, root: Root) -> bool {
        match self.id {
            LockId::Field(_) | LockId::Embedded(_) => self.owner.is_some() && self.owner == owner,
            LockId::Global(_) => matches!(target, Target::Global(_)) || root == Root::GlobalObject,
            LockId::Local(_) => false,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Root {
    /// Parameter `i` of the summarised function (0 = receiver).
    Param(u16),
    /// A package variable's own storage.
    Global,
    /// An object reached through a package variable (a registry's element, what a
    /// package-level pointer points to): shared by every caller.
    GlobalObject,
    Shared,
}

/// A set of held locks, interned per package: accesses name it by index, so an access is
/// a small plain value that copies, hashes and compares without touching the locks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct LockSet(u32);

impl LockSet {
    /// No lock held.
    pub const NONE: LockSet = LockSet(0);

    pub fn is_empty(self) -> bool {
        self == LockSet::NONE
    }
}

/// The package's distinct lock sets; set 0 is the empty one.
#[derive(Debug)]
pub struct LockSets {
    sets: Vec<Box<[Held]>>,
    ids: FxHashMap<Box<[Held]>, LockSet>,
}

impl Default for LockSets {
    fn default() -> Self {
        LockSets { sets: vec![Box::from([])], ids: FxHashMap::default() }
    }
}

impl LockSets {
    pub fn get(&self, s: LockSet) -> &[Held] {
        &self.sets[s.0 as usize]
    }

    fn intern(&mut self, held: &[Held]) -> LockSet {
        if held.is_empty() {
            return LockSet::NONE;
        }
        if let Some(&id) = self.ids.get(held) {
            return id;
        }
        let id = LockSet(self.sets.len() as u32);
        self.sets.push(held.into());
        self.ids.insert(held.into(), id);
        id
    }
}

/// One access of a summary or thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Access {
    pub target: Target,
    /// A map or slice element rather than the field or variable itself.
    pub elem: bool,
    pub write: bool,
    pub atomic: bool,
    /// File index in the model and span of the access.
    pub file: u32,
    pub span: Span,
    pub locks: LockSet,
    root: Root,
    /// The function whose code makes the access.
    func: FuncNode,
    /// Offset, in the summarised body, of the statement that made it (directly or by a
    /// call): orders it against spawns and joins of that body.
    pos: u32,
}

/// A `go` statement (or `Go(func)` call) and what it starts.
#[derive(Clone, Debug)]
pub struct Spawn {
    pub file: u32,
    pub span: Span,
    callees: Vec<FuncNode>,
    pub in_loop: bool,
    /// The goroutine calls `Done` on a WaitGroup (or was started by `WaitGroup.Go` or
    /// errgroup `Go`): a `Wait` orders what follows it after the goroutine.
    counted: bool,
}

/// What a join waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Join {
    /// `Wait`: every goroutine counted.
    All,
    /// A receive on (or a send/close of) the channel held in this variable or field.
    Chan(ObjId),
    /// A send or close on a channel the goroutine got as a parameter: any receive.
    AnyChan,
}

#[derive(Default, Debug)]
struct Summary {
    accesses: Vec<Access>,
    /// Locks still held at the end (a lock helper), relative to entry.
    acquired: Vec<Held>,
    /// Locks released that were not acquired here (an unlock helper).
    released: Vec<LockId>,
    /// Spawns made by this body or its callees: (position in this body, spawn index).
    spawns: Vec<(u32, usize)>,
    /// Joins in this body (WaitGroup/errgroup Wait, channel receive), by position.
    joins: Vec<(u32, Join)>,
    /// Channels this body (or a callee) sends on or closes: what a receive can wait for.
    signals: Vec<Join>,
    /// Every return statement returns a fresh object the caller then owns.
    returns_fresh: bool,
    /// Functions this body calls directly.
    calls: Vec<FuncNode>,
}

/// Which threads run an access.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Thread {
    /// Callers of an exported function or method, or of a callback (any goroutine).
    Api(FuncNode),
    /// The goroutine started at spawn `i` of [`RaceReport::spawns`].
    Go(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RaceKind {
    /// Neither access holds a lock.
    Unprotected,
    /// One access holds a lock the other does not.
    InconsistentLock,
    /// A write made while holding the lock only in read mode, concurrent with another
    /// access under the same read lock.
    WriteUnderReadLock,
    /// One access uses sync/atomic, the other is plain.
    MixedAtomic,
}

/// One side of a race.
#[derive(Clone, Debug)]
pub struct Side {
    pub access: Access,
    pub thread: Thread,
}

/// A racing pair: `first` is where the finding is reported.
#[derive(Clone, Debug)]
pub struct Race {
    pub kind: RaceKind,
    /// `Type.field` or the package variable's name.
    pub target: String,
    pub first: Side,
    pub second: Side,
}

/// Races of one package.
#[derive(Default, Debug)]
pub struct RaceReport {
    pub races: Vec<Race>,
    pub spawns: Vec<Spawn>,
    /// A close of a channel while another thread may still send on it (race/close.rs).
    pub closes: Vec<CloseRace>,
    /// WaitGroup counting errors (race/waitgroup.rs).
    pub waitgroups: Vec<WaitGroupIssue>,
    /// `testing.T` used by a goroutine its test does not wait for (race/testing.rs).
    pub testing: Vec<TestingAfterReturn>,
    /// A buffer given to os/exec read while the process runs (race/exec_buffer.rs).
    pub exec_buffers: Vec<ExecBufferRead>,
    /// The lock sets accesses name.
    pub lock_sets: LockSets,
}

impl RaceReport {
    /// The locks held at an access.
    pub fn locks(&self, a: &Access) -> &[Held] {
        self.lock_sets.get(a.locks)
    }

    /// Races reported in file `fi`.
    pub fn in_file(&self, fi: usize) -> impl Iterator<Item = &Race> {
        self.races.iter().filter(move |r| r.first.access.file as usize == fi)
    }
}

/// Accesses kept per summary: bounds the cost of very large call trees.
const MAX_ACCESSES: usize = 800;
/// Distinct accesses examined per target.
const MAX_OCCURRENCES: usize = 400;
/// Findings per target.
const MAX_PER_TARGET: usize = 3;

/// Finds races in the package.
pub fn analyse(model: &PackageModel) -> RaceReport {
    let mut a = Analysis::new(model);
    let mut report = a.run();
    // The detectors beyond access pairs work on the same summaries and spawns.
    a.spawns = std::mem::take(&mut report.spawns);
    let threads = threads::threads(&mut a);
    report.closes = close::detect(&a, &threads);
    report.waitgroups = waitgroup::detect(&mut a);
    report.testing = testing::detect(&mut a);
    report.exec_buffers = exec_buffer::detect(model);
    report.spawns = std::mem::take(&mut a.spawns);
    report.lock_sets = std::mem::take(&mut a.locks);
    report
}

struct Analysis<'m, 'p> {
    model: &'m PackageModel<'p>,
    decls: FxHashMap<ObjId, (u32, u32)>,
    summaries: FxHashMap<FuncNode, Rc<Summary>>,
    in_progress: FxHashSet<FuncNode>,
    spawns: Vec<Spawn>,
    impls: FxHashMap<ObjId, Rc<[FuncNode]>>,
    /// Struct types (TypeName objects) that hold a Mutex or RWMutex.
    has_lock: FxHashMap<ObjId, bool>,
    /// Owning struct type of each field seen.
    field_owner: FxHashMap<ObjId, ObjId>,
    /// The lock sets accesses name.
    locks: LockSets,
    /// Per spawn: the channels its goroutines send on or close (filled before pairing).
    spawn_signals: Vec<Vec<Join>>,
    /// Locks held at every call of a function of the package seen so far (race/contracts.rs).
    call_site_locks: FxHashMap<FuncNode, Vec<Held>>,
}

impl<'m, 'p> Analysis<'m, 'p> {
    fn new(model: &'m PackageModel<'p>) -> Self {
        let mut decls = FxHashMap::default();
        for (fi, objs) in model.rec.func_objs.iter().enumerate() {
            for (&di, &obj) in objs {
                decls.insert(obj, (fi as u32, di));
            }
        }
        Analysis {
            model,
            decls,
            summaries: FxHashMap::default(),
            in_progress: FxHashSet::default(),
            spawns: Vec::new(),
            impls: FxHashMap::default(),
            has_lock: FxHashMap::default(),
            call_site_locks: FxHashMap::default(),
            field_owner: FxHashMap::default(),
            locks: LockSets::default(),
            spawn_signals: Vec::new(),
        }
    }

    fn file(&self, fi: u32) -> &'m File {
        &self.model.files()[fi as usize]
    }

    /// Body of a node of this package, with its file.
    fn body(&self, node: FuncNode) -> Option<(u32, StmtId)> {
        match node {
            FuncNode::Func(obj) => {
                let &(fi, di) = self.decls.get(&obj)?;
                match self.file(fi).decls.get(di as usize)? {
                    Decl::Func(fd) => fd.body.map(|b| (fi, b)),
                    _ => None,
                }
            }
            FuncNode::Lit { file, expr } => match &self.file(file).expr(expr).kind {
                ExprKind::FuncLit { body, .. } => Some((file, *body)),
                _ => None,
            },
        }
    }

    fn summary(&mut self, node: FuncNode) -> Rc<Summary> {
        if let Some(s) = self.summaries.get(&node) {
            return s.clone();
        }
        if !self.in_progress.insert(node) {
            return Rc::new(Summary::default()); // recursion: the cycle adds nothing new
        }
        let s = Rc::new(match self.body(node) {
            Some((fi, body)) => Walk::new(self, fi, node).run(body),
            None => Summary::default(),
        });
        self.in_progress.remove(&node);
        self.summaries.insert(node, s.clone());
        s
    }

    fn callees(&mut self, fi: u32, call: ExprId) -> Rc<[FuncNode]> {
        let model = self.model;
        let f = self.file(fi);
        let ExprKind::Call { fun, .. } = &f.expr(call).kind else { return Rc::from([]) };
        if let ExprKind::FuncLit { .. } = f.expr(strip(f, *fun)).kind {
            return Rc::from([FuncNode::Lit { file: fi, expr: strip(f, *fun) }]);
        }
        let Some(obj) = model.callee(fi as usize, call) else { return Rc::from([]) };
        if !self.decls.contains_key(&obj) {
            // Not a declared function of this package: an interface method has the
            // package's implementations as callees, anything else is not analysed.
            let o = model.prog.obj(obj);
            if o.kind != ObjKind::Func || !o.is_method() {
                return Rc::from([]);
            }
            if let Some(v) = self.impls.get(&obj) {
                return v.clone();
            }
            let (nodes, dynamic) = model.callees(fi as usize, call);
            let v: Rc<[FuncNode]> = if dynamic { nodes.into() } else { Rc::from([]) };
            self.impls.insert(obj, v.clone());
            return v;
        }
        Rc::from([FuncNode::Func(obj)])
    }

    fn type_has_lock(&mut self, ty_obj: ObjId) -> bool {
        if let Some(&b) = self.has_lock.get(&ty_obj) {
            return b;
        }
        let t = self.model.obj_type(ty_obj);
        let b = self.model.contains_sync_type(t, "Mutex") || self.model.contains_sync_type(t, "RWMutex");
        self.has_lock.insert(ty_obj, b);
        b
    }

    fn run(&mut self) -> RaceReport {
        let model = self.model;
        // Entries: every body declared at package level.
        let mut nodes = Vec::new();
        for body in model.bodies() {
            if let Some(n @ FuncNode::Func(_)) = model.body_node(body) {
                nodes.push(n);
            }
        }
        for &n in &nodes {
            self.summary(n);
        }
        let mut called: FxHashSet<FuncNode> = FxHashSet::default();
        for s in self.summaries.values() {
            called.extend(s.calls.iter().copied());
        }
        let mut threads: Vec<(Thread, Rc<Summary>)> = Vec::new();
        for &n in &nodes {
            let FuncNode::Func(obj) = n else { continue };
            let name = model.prog.obj_name(obj);
            if name == "init" || name == "_" {
                continue;
            }
            let exported = name.chars().next().is_some_and(|c| c.is_uppercase()) || name == "main";
            if exported || !called.contains(&n) {
                threads.push((Thread::Api(n), self.api_summary(n, &called)));
            }
        }
        for i in 0..self.spawns.len() {
            let callees = self.spawns[i].callees.clone();
            for c in callees {
                let s = self.summary(c);
                threads.push((Thread::Go(i), s));
            }
        }

        // Types that show they are shared: a lock field, or fields accessed atomically or
        // under a lock.
        let mut shared_types: FxHashSet<ObjId> = FxHashSet::default();
        for (_, s) in &threads {
            for a in &s.accesses {
                if let Target::Field(f) = a.target {
                    if let Some(&o) = self.field_owner.get(&f) {
                        if !shared_types.contains(&o)
                            && (a.atomic
                                || self.locks.get(a.locks).iter().any(|h| h.guards(Some(o), a.target, a.root))
                                || self.type_has_lock(o))
                        {
                            shared_types.insert(o);
                        }
                    }
                }
            }
        }
        let mut entry_shared: FxHashMap<FuncNode, bool> = FxHashMap::default();
        for (t, _) in &threads {
            if let Thread::Api(n) = t {
                let b = self.receiver_type(*n).is_some_and(|o| shared_types.contains(&o));
                entry_shared.insert(*n, b);
            }
        }

        // Occurrences per target.
        // Per target: its occurrences, each one's thread class, and the index table that
        // keeps them distinct.
        type Occurrences = (Vec<Side>, Vec<Thread>, hashbrown::HashTable<(u64, u32)>);
        let mut by_target: FxHashMap<Target, Occurrences> = FxHashMap::default();
        for (t, s) in &threads {
            // API threads are interchangeable except for their spawn ordering and whether
            // their receiver is a shared type.
            let class = match t {
                Thread::Api(n) if s.spawns.is_empty() => {
                    Thread::Api(FuncNode::Func(ObjId(u32::MAX - entry_shared[n] as u32)))
                }
                _ => *t,
            };
            for a in &s.accesses {
                let (v, classes, table) = by_target.entry(a.target).or_default();
                // A full target takes no more occurrences: skip before hashing the access.
                if v.len() >= MAX_OCCURRENCES {
                    continue;
                }
                use std::hash::BuildHasher;
                let h = rustc_hash::FxBuildHasher.hash_one((a, class));
                let same =
                    |&(hh, i): &(u64, u32)| hh == h && classes[i as usize] == class && v[i as usize].access == *a;
                if table.find(h, same).is_some() {
                    continue;
                }
                table.insert_unique(h, (h, v.len() as u32), |&(hh, _)| hh);
                v.push(Side { access: *a, thread: *t });
                classes.push(class);
            }
        }
        let by_target: FxHashMap<Target, Vec<Side>> = by_target.into_iter().map(|(k, (v, _, _))| (k, v)).collect();
        let cx = PairContext { sums: threads.iter().cloned().collect(), entry_shared };
        self.spawn_signals = self
            .spawns
            .iter()
            .map(|sp| {
                sp.callees
                    .iter()
                    .filter_map(|c| self.summaries.get(c))
                    .flat_map(|s| s.signals.iter().copied())
                    .collect()
            })
            .collect();

        let mut races = Vec::new();
        let mut targets: Vec<_> = by_target.into_iter().collect();
        targets.sort_by_key(|(_, v)| (v[0].access.file, v[0].access.span.start));
        for (target, occ) in targets {
            if !occ.iter().any(|o| o.access.write) {
                continue;
            }
            let owner = match target {
                Target::Field(f) => self.field_owner.get(&f).copied(),
                Target::Global(_) => None,
            };
            // A map's length and lookups race with writes of its elements.
            let is_map = {
                let (Target::Field(o) | Target::Global(o)) = target;
                matches!(
                    self.model.prog.types.get(self.model.prog.underlying(self.model.obj_type(o))),
                    TypeData::Map(..)
                )
            };
            // A package-level lock guards this target only if some write of it holds the
            // lock (a field's own lock is recognised by its struct type).
            let write_locks: FxHashSet<LockId> = occ
                .iter()
                .filter(|o| o.access.write)
                .flat_map(|o| self.locks.get(o.access.locks).iter().map(|h| h.id))
                .collect();
            let owner_has_lock = owner.is_some_and(|o| self.type_has_lock(o));
            let guarded = |a: &Access| {
                self.locks.get(a.locks).iter().any(|h| {
                    h.guards(owner, target, a.root)
                        && (!matches!(h.id, LockId::Global(_)) || write_locks.contains(&h.id))
                })
            };
            let intent = owner_has_lock || occ.iter().any(|o| guarded(&o.access) || o.access.atomic);
            // What `parallel` asks of each occurrence's thread, looked up once, not per pair.
            let threads_of: Vec<ThreadFacts> = occ
                .iter()
                .map(|o| match o.thread {
                    Thread::Api(n) => ThreadFacts {
                        main: self.is_main(n),
                        shared_entry: cx.entry_shared[&n],
                        summary: Some(&*cx.sums[&o.thread]),
                    },
                    Thread::Go(_) => ThreadFacts { main: false, shared_entry: false, summary: None },
                })
                .collect();
            let mut candidates: Vec<(RaceKind, &Side, &Side)> = Vec::new();
            // Most targets show no intent to share: an API writer then pairs only with
            // goroutines, and visiting just those skips pairs `parallel` would refuse.
            let every: Vec<usize> = (0..occ.len()).collect();
            let goroutines: Vec<usize> =
                every.iter().copied().filter(|&j| matches!(occ[j].thread, Thread::Go(_))).collect();
            for (i, w) in occ.iter().enumerate() {
                if !w.access.write {
                    continue;
                }
                let partners = if matches!(w.thread, Thread::Api(_)) && !may_run_beside_api(w, intent, &threads_of[i]) {
                    &goroutines
                } else {
                    &every
                };
                for &j in partners {
                    let o = &occ[j];
                    if j < i && o.access.write {
                        continue; // write/write pairs are seen once
                    }
                    let overlap = w.access.elem == o.access.elem || (is_map && w.access.elem);
                    if !overlap || (w.access.atomic && o.access.atomic) {
                        continue;
                    }
                    // One access against itself needs two instances of one kind of thread.
                    if w.access.span == o.access.span
                        && w.access.file == o.access.file
                        && std::mem::discriminant(&w.thread) != std::mem::discriminant(&o.thread)
                    {
                        continue;
                    }
                    if protected(self.locks.get(w.access.locks), self.locks.get(o.access.locks)) {
                        continue;
                    }
                    if !self.parallel(w, o, intent, (&threads_of[i], &threads_of[j]), &cx) {
                        continue;
                    }
                    let mut kind = classify(&w.access, &o.access, &self.locks);
                    // A lock of another object does not show how this one is guarded.
                    if matches!(kind, RaceKind::InconsistentLock | RaceKind::WriteUnderReadLock)
                        && !guarded(&w.access)
                        && !guarded(&o.access)
                    {
                        // Both sides hold some lock and the type has none: each object is
                        // guarded by whatever holds it (queues of one transport, each under
                        // its own mutex), which the type-level view cannot tell apart.
                        if contracts::outer_locked(&w.access, &o.access, owner_has_lock) {
                            continue;
                        }
                        kind = RaceKind::Unprotected;
                    }
                    // Without any lock or goroutine in sight, one function racing with itself
                    // is weak evidence (a method that initialises state is usually called
                    // once), unless it works on an object every caller shares through a
                    // package variable.
                    if kind == RaceKind::Unprotected
                        && w.access.func == o.access.func
                        && matches!((w.thread, o.thread), (Thread::Api(_), Thread::Api(_)))
                        && !(w.access.root == Root::GlobalObject && o.access.root == Root::GlobalObject)
                    {
                        continue;
                    }
                    // Report at the access that lacks the protection the other has.
                    let (first, second) = match kind {
                        RaceKind::InconsistentLock if !w.access.locks.is_empty() => (o, w),
                        RaceKind::MixedAtomic if w.access.atomic => (o, w),
                        _ => (w, o),
                    };
                    candidates.push((kind, first, second));
                }
            }
            // The most specific explanation first: a lock or atomic the other side uses.
            candidates.sort_by_key(|(k, f, _)| {
                let rank = match k {
                    RaceKind::MixedAtomic => 0,
                    RaceKind::WriteUnderReadLock => 1,
                    RaceKind::InconsistentLock => 2,
                    RaceKind::Unprotected => 3,
                };
                (rank, f.access.file, f.access.span.start)
            });
            let mut reported: FxHashSet<(u32, u32)> = FxHashSet::default();
            let mut n = 0;
            for (kind, first, second) in candidates {
                if n >= MAX_PER_TARGET {
                    break;
                }
                if !reported.insert((first.access.file, first.access.span.start)) {
                    continue;
                }
                n += 1;
                races.push(Race {
                    kind,
                    target: self.target_name(target, owner),
                    first: first.clone(),
                    second: second.clone(),
                });
            }
        }
        races.sort_by_key(|r| (r.first.access.file, r.first.access.span.start));
        RaceReport { races, spawns: std::mem::take(&mut self.spawns), ..Default::default() }
    }

    fn target_name(&self, target: Target, owner: Option<ObjId>) -> String {
        let p = &self.model.prog;
        match target {
            Target::Field(f) => match owner {
                Some(o) => format!("{}.{}", p.obj_name(o), p.obj_name(f)),
                None => p.obj_name(f).to_string(),
            },
            Target::Global(g) => p.obj_name(g).to_string(),
        }
    }

    /// Whether the threads of `a` and `b` may run the two accesses at the same time.
    /// Two API threads do when the target shows it is shared (`intent`), when both reach
    /// it from package variables, or when both are methods of shared types reaching it
    /// through their receivers or shared memory (not through another parameter, which
    /// the caller may own).
    fn parallel(
        &self,
        a: &Side,
        b: &Side,
        intent: bool,
        (ta, tb): (&ThreadFacts, &ThreadFacts),
        cx: &PairContext,
    ) -> bool {
        match (a.thread, b.thread) {
            (Thread::Go(x), Thread::Go(y)) => {
                // Goroutines started in a loop usually get an object each (an argument, a
                // per-iteration variable); they share the spawner's receiver and globals.
                let same_object = |r: Root| matches!(r, Root::Param(0) | Root::Global | Root::GlobalObject);
                (x != y && !self.spawned_after(x, y, a, b, cx))
                    || (self.spawns[x].in_loop && same_object(a.access.root) && same_object(b.access.root))
            }
            // Each side must be able to run beside some API thread: the pair loop skips
            // API partners for a writer that cannot.
            (Thread::Api(_), Thread::Api(_)) => {
                may_run_beside_api(a, intent, ta)
                    && may_run_beside_api(b, intent, tb)
                    && (intent
                        || (a.access.root == Root::GlobalObject && b.access.root == Root::GlobalObject)
                        || (ta.shared_entry
                            && tb.shared_entry
                            && through_receiver(a.access.root)
                            && through_receiver(b.access.root)))
            }
            (Thread::Go(g), Thread::Api(_)) => tb.summary.is_none_or(|e| !self.ordered(e, g, &b.access)),
            (Thread::Api(_), Thread::Go(g)) => ta.summary.is_none_or(|e| !self.ordered(e, g, &a.access)),
        }
    }

    /// `main` of package main runs once, on the main goroutine.
    fn is_main(&self, n: FuncNode) -> bool {
        // The package name is the cheap test.
        &*self.model.pkg.name == "main" && matches!(n, FuncNode::Func(o) if self.model.prog.obj_name(o) == "main")
    }

    /// Whether `entry` (an API thread's summary) starts spawn `g` only after `acc`, or
    /// joins it after the spawn and before `acc` (a `Wait`, or a receive on a channel the
    /// goroutine sends on or closes).
    fn ordered(&self, entry: &Summary, g: usize, acc: &Access) -> bool {
        let signals = &self.spawn_signals[g];
        let joins = |j: Join| match j {
            Join::All => true,
            Join::Chan(_) => signals.contains(&j) || signals.contains(&Join::AnyChan),
            Join::AnyChan => false,
        };
        entry.spawns.iter().filter(|(_, s)| *s == g).any(|&(p, _)| {
            // Same position: the spawn's own arguments; taken as ordered.
            acc.pos <= p || entry.joins.iter().any(|&(j, k)| j > p && j < acc.pos && joins(k))
        }) || self.waited_elsewhere(entry, g, acc)
    }

    /// The struct type (TypeName) of a method's receiver.
    fn receiver_type(&self, node: FuncNode) -> Option<ObjId> {
        let FuncNode::Func(obj) = node else { return None };
        let &(fi, di) = self.decls.get(&obj)?;
        let Decl::Func(fd) = self.file(fi).decls.get(di as usize)? else { return None };
        let field = fd.recv.as_ref()?.list.first()?;
        let name = *field.names.first()?;
        let o = self.model.object_of(fi as usize, name)?;
        let t = self.model.obj_type(o);
        match self.model.prog.types.get(t) {
            TypeData::Pointer(el) => named(self.model, *el),
            _ => named(self.model, t),
        }
    }
}

/// Whether an API thread's access reaches its target through the receiver or shared
/// memory rather than through another parameter, which the caller may own.
fn through_receiver(r: Root) -> bool {
    matches!(r, Root::Param(0) | Root::Global | Root::GlobalObject)
}

/// Whether API access `a` can be concurrent with some other API thread's access, as
/// [`Analysis::parallel`] decides for two API threads (a necessary condition on `a`'s side).
fn may_run_beside_api(a: &Side, intent: bool, t: &ThreadFacts) -> bool {
    !t.main && (intent || a.access.root == Root::GlobalObject || (t.shared_entry && through_receiver(a.access.root)))
}

/// An occurrence's thread, as the pairing asks about it.
struct ThreadFacts<'s> {
    /// `main` of package main.
    main: bool,
    /// An API entry whose receiver is a shared type.
    shared_entry: bool,
    /// An API thread's summary (spawn and join positions).
    summary: Option<&'s Summary>,
}

struct PairContext {
    sums: FxHashMap<Thread, Rc<Summary>>,
    entry_shared: FxHashMap<FuncNode, bool>,
}

/// Both hold one lock, and at least one of them in write mode.
fn protected(a: &[Held], b: &[Held]) -> bool {
    a.iter().any(|x| b.iter().any(|y| x.id == y.id && !(x.read && y.read)))
}

fn classify(w: &Access, o: &Access, sets: &LockSets) -> RaceKind {
    let (wl, ol) = (sets.get(w.locks), sets.get(o.locks));
    if w.atomic != o.atomic {
        RaceKind::MixedAtomic
    } else if !wl.is_empty() && wl.iter().all(|h| h.read) && ol.iter().any(|h| h.read) {
        RaceKind::WriteUnderReadLock
    } else if w.locks.is_empty() && o.locks.is_empty() {
        RaceKind::Unprotected
    } else {
        RaceKind::InconsistentLock
    }
}

fn strip(f: &File, mut e: ExprId) -> ExprId {
    while let ExprKind::Paren { x } = f.expr(e).kind {
        e = x;
    }
    e
}

/// The walk of one body.
struct Walk<'a, 'm, 'p> {
    an: &'a mut Analysis<'m, 'p>,
    fi: u32,
    f: &'m File,
    node: FuncNode,
    params: FxHashMap<ObjId, u16>,
    owned: FxHashSet<ObjId>,
    /// Roots of locals that alias other objects (`c := s.conns[k]`); `None`: owned.
    local_roots: FxHashMap<ObjId, Option<Root>>,
    held: Vec<Held>,
    loop_depth: u32,
    /// Inside an inlined function literal: positions stay at the statement around it.
    depth_lit: u32,
    /// Offset of the (innermost) statement being walked.
    pos: u32,
    out: Summary,
    fresh_returns: bool,
    seen: AccessSet,
    calls_seen: FxHashSet<FuncNode>,
    /// Locks a `defer Unlock` releases at return: not handed to callers as acquired.
    deferred_unlocks: Vec<LockId>,
}

impl<'a, 'm, 'p> Walk<'a, 'm, 'p> {
    fn new(an: &'a mut Analysis<'m, 'p>, fi: u32, node: FuncNode) -> Self {
        let model = an.model;
        let f: &'m File = &model.files()[fi as usize];
        let mut params = FxHashMap::default();
        let mut captured_receiver = None;
        let ftype = match node {
            FuncNode::Func(obj) => an.decls.get(&obj).and_then(|&(_, di)| match f.decls.get(di as usize) {
                Some(Decl::Func(fd)) => {
                    for field in fd.recv.iter().flat_map(|r| r.list.iter()) {
                        for &n in &field.names {
                            if let Some(o) = model.object_of(fi as usize, n) {
                                params.insert(o, 0);
                            }
                        }
                    }
                    Some(&fd.typ)
                }
                _ => None,
            }),
            FuncNode::Lit { expr, .. } => match &f.expr(expr).kind {
                ExprKind::FuncLit { typ, .. } => Some(&**typ),
                _ => None,
            },
        };
        // A literal's captured receiver is the enclosing method's receiver.
        if let FuncNode::Lit { expr, .. } = node {
            let at = f.expr(expr).span;
            // Declarations are in source order: the enclosing one is the last that starts
            // at or before the literal.
            let i = f.decls.partition_point(|d| d.span().start <= at.start);
            let enclosing = match f.decls[..i].last() {
                Some(Decl::Func(fd)) if fd.span.start <= at.start && fd.span.end >= at.end => Some(fd),
                _ => None,
            };
            if let Some(fd) = enclosing {
                for field in fd.recv.iter().flat_map(|r| r.list.iter()) {
                    for &n in &field.names {
                        if let Some(o) = model.object_of(fi as usize, n) {
                            if model.captures(fi as usize, expr).contains(&o) {
                                captured_receiver = Some(o);
                            }
                        }
                    }
                }
            }
        }
        if let Some(ft) = ftype {
            let mut i = 1u16;
            for field in &ft.params.list {
                if field.names.is_empty() {
                    i += 1;
                }
                for &n in &field.names {
                    if let Some(o) = model.object_of(fi as usize, n) {
                        params.insert(o, i);
                    }
                    i += 1;
                }
            }
        }
        Walk {
            an,
            fi,
            f,
            node,
            params,
            owned: FxHashSet::default(),
            local_roots: captured_receiver.map(|o| (o, Some(Root::Param(0)))).into_iter().collect(),
            held: Vec::new(),
            loop_depth: 0,
            depth_lit: 0,
            pos: 0,
            out: Summary::default(),
            fresh_returns: true,
            seen: AccessSet::default(),
            calls_seen: FxHashSet::default(),
            deferred_unlocks: Vec::new(),
        }
    }

    fn run(mut self, body: StmtId) -> Summary {
        let mut saw_return = false;
        for &s in self.f.stmt(body).kind.block_stmts() {
            self.pos = self.f.stmt(s).span.start;
            saw_return |= self.stmt(s);
        }
        let _ = saw_return;
        self.out.acquired = self.held.iter().filter(|h| !self.deferred_unlocks.contains(&h.id)).cloned().collect();
        self.out.returns_fresh = self.fresh_returns && self.out_has_returns(body);
        self.out
    }

    fn out_has_returns(&self, body: StmtId) -> bool {
        let mut stack = vec![body];
        while let Some(s) = stack.pop() {
            match &self.f.stmt(s).kind {
                StmtKind::Return { results } if !results.is_empty() => return true,
                StmtKind::Block { stmts } => stack.extend_from_slice(stmts),
                StmtKind::If { then, els, .. } => {
                    stack.push(*then);
                    stack.extend(els.iter().copied());
                }
                _ => {}
            }
        }
        false
    }

    fn model(&self) -> &'m PackageModel<'p> {
        self.an.model
    }

    // ---- statements ----------------------------------------------------------------

    /// Walks a statement; true when it always leaves the enclosing block (return,
    /// branch, panic).
    fn stmt(&mut self, s: StmtId) -> bool {
        let f = self.f;
        if self.depth_lit == 0 {
            self.pos = f.stmt(s).span.start;
        }
        match &f.stmt(s).kind {
            StmtKind::Decl(g) => {
                for spec in &g.specs {
                    if let Spec::Value(vs) = spec {
                        for &v in vs.values.iter() {
                            self.expr(v, false);
                        }
                        for (k, &n) in vs.names.iter().enumerate() {
                            let Some(o) = self.model().object_of(self.fi as usize, n) else { continue };
                            let fresh = match vs.values.get(k) {
                                Some(&v) => self.is_fresh(v),
                                // `var x T`: a value of its own, owned until shared.
                                None => !matches!(
                                    self.model().prog.types.get(self.model().obj_type(o)),
                                    TypeData::Pointer(_) | TypeData::Map(..) | TypeData::Slice(_)
                                ),
                            };
                            if fresh {
                                self.owned.insert(o);
                            } else {
                                self.bind_local(o, vs.values.get(k).copied(), false);
                            }
                        }
                    }
                }
                false
            }
            StmtKind::Labeled { stmt, .. } => self.stmt(*stmt),
            StmtKind::Expr(e) => {
                self.expr(*e, false);
                self.is_panic(*e)
            }
            StmtKind::Send { chan, value, .. } => {
                self.signal(*chan);
                self.expr(*chan, false);
                self.expr(*value, false);
                self.publish(*value);
                false
            }
            StmtKind::IncDec { x, .. } => {
                self.lvalue(*x, true);
                false
            }
            StmtKind::Assign { lhs, op, rhs, .. } => {
                for &r in rhs.iter() {
                    self.expr(r, false);
                }
                let define = *op == AssignOp::Define;
                for (k, &l) in lhs.iter().enumerate() {
                    let local = self.local_ident(l);
                    if let (Some(o), true) = (local, lhs.len() == rhs.len()) {
                        if self.is_fresh(rhs[k]) {
                            self.owned.insert(o);
                        } else {
                            self.bind_local(o, Some(rhs[k]), false);
                        }
                    } else if let Some(o) = local {
                        // `v, ok := m[k]` and multi-value calls.
                        let from = if rhs.len() == 1 { Some(rhs[0]) } else { None };
                        self.bind_local(o, from, false);
                    }
                    if local.is_none() || !define {
                        self.lvalue(l, matches!(op, AssignOp::Op(_)));
                    }
                    // A value stored anywhere but a plain local is published.
                    if local.is_none() {
                        if let Some(&r) = rhs.get(k) {
                            self.publish(r);
                        }
                    }
                }
                false
            }
            StmtKind::Go { call } => {
                self.spawn(*call, s);
                false
            }
            StmtKind::Defer { call } => {
                // A deferred unlock keeps the lock to the end; deferred calls run at exit.
                if let ExprKind::Call { fun, args, .. } = &f.expr(*call).kind {
                    self.note_deferred_unlock(*call, *fun);
                    if self.is_builtin_named(*call, "close") {
                        if let Some(&c) = args.first() {
                            self.signal(c);
                        }
                    }
                    for &a in args.iter() {
                        self.expr(a, false);
                    }
                }
                false
            }
            StmtKind::Return { results } => {
                for &r in results.iter() {
                    self.expr(r, false);
                    if !self.is_fresh(r) && !self.is_nil_or_basic(r) {
                        self.fresh_returns = false;
                    }
                }
                true
            }
            StmtKind::Branch { .. } => true,
            StmtKind::Block { stmts } => {
                for &x in stmts.iter() {
                    if self.stmt(x) {
                        return true;
                    }
                }
                false
            }
            StmtKind::If { init, cond, then, els } => {
                if let Some(i) = init {
                    self.stmt(*i);
                }
                self.expr(*cond, false);
                let entry = self.held.clone();
                let t_exit = self.stmt(*then);
                let after_then = std::mem::replace(&mut self.held, entry);
                let e_exit = match els {
                    Some(e) => self.stmt(*e),
                    None => false,
                };
                match (t_exit, e_exit) {
                    (true, true) => return true,
                    (true, false) => {}
                    (false, true) => self.held = after_then,
                    (false, false) => self.held = meet(&after_then, &self.held),
                }
                false
            }
            StmtKind::CaseClause { list, body, .. } => {
                for &e in list.iter().flatten() {
                    self.expr(e, false);
                }
                for &x in body.iter() {
                    if self.stmt(x) {
                        return true;
                    }
                }
                false
            }
            StmtKind::CommClause { comm, body, .. } => {
                if let Some(c) = comm {
                    self.stmt(*c);
                }
                for &x in body.iter() {
                    if self.stmt(x) {
                        return true;
                    }
                }
                false
            }
            StmtKind::Switch { init, tag, body } => {
                if let Some(i) = init {
                    self.stmt(*i);
                }
                if let Some(t) = tag {
                    self.expr(*t, false);
                }
                self.clauses(*body, false);
                false
            }
            StmtKind::TypeSwitch { init, assign, body } => {
                if let Some(i) = init {
                    self.stmt(*i);
                }
                self.stmt(*assign);
                self.clauses(*body, false);
                false
            }
            StmtKind::Select { body } => {
                self.clauses(*body, true);
                false
            }
            StmtKind::For { init, cond, post, body } => {
                if let Some(i) = init {
                    self.stmt(*i);
                }
                if let Some(c) = cond {
                    self.expr(*c, false);
                }
                self.loop_body(*body, *post);
                false
            }
            StmtKind::Range { key, value, x, body, .. } => {
                self.expr(*x, false);
                if self.is_chan(*x) {
                    self.recv(*x);
                }
                for &k in key.iter().chain(value.iter()) {
                    match self.local_ident(k) {
                        Some(o) => self.bind_local(o, Some(*x), true),
                        None => self.lvalue(k, false),
                    }
                }
                self.loop_body(*body, None);
                false
            }
            StmtKind::Bad | StmtKind::Empty { .. } => false,
        }
    }

    fn loop_body(&mut self, body: StmtId, post: Option<StmtId>) {
        let entry = self.held.clone();
        self.loop_depth += 1;
        self.stmt(body);
        if let Some(p) = post {
            self.stmt(p);
        }
        self.loop_depth -= 1;
        self.held = meet(&entry, &self.held);
    }

    fn clauses(&mut self, body: StmtId, _select: bool) {
        let entry = self.held.clone();
        let mut exits: Vec<Vec<Held>> = Vec::new();
        let mut has_default = false;
        for &c in self.f.stmt(body).kind.block_stmts() {
            match &self.f.stmt(c).kind {
                StmtKind::CaseClause { list: None, .. } | StmtKind::CommClause { comm: None, .. } => has_default = true,
                _ => {}
            }
            self.held = entry.clone();
            if !self.stmt(c) {
                exits.push(self.held.clone());
            }
        }
        if !has_default {
            exits.push(entry.clone());
        }
        self.held = match exits.split_first() {
            Some((first, rest)) => rest.iter().fold(first.clone(), |acc, e| meet(&acc, e)),
            None => entry,
        };
    }

    fn join(&mut self) {
        self.out.joins.push((self.pos, Join::All));
    }

    /// The variable or field holding channel `c`.
    fn chan_key(&self, c: ExprId) -> Option<ObjId> {
        let f = self.f;
        match f.expr(strip(f, c)).kind {
            ExprKind::Ident(i) => self.model().object_of(self.fi as usize, i),
            ExprKind::Selector { sel, .. } => self.model().object_of(self.fi as usize, sel),
            _ => None,
        }
    }

    /// A receive on `c`.
    fn recv(&mut self, c: ExprId) {
        if let Some(k) = self.chan_key(c) {
            self.out.joins.push((self.pos, Join::Chan(k)));
        }
    }

    /// A send on or close of `c`.
    fn signal(&mut self, c: ExprId) {
        let j = match self.chan_key(c) {
            Some(k) if self.params.contains_key(&k) => Join::AnyChan,
            Some(k) => Join::Chan(k),
            None => return,
        };
        if !self.out.signals.contains(&j) {
            self.out.signals.push(j);
        }
    }

    fn is_builtin_named(&self, call: ExprId, name: &str) -> bool {
        let f = self.f;
        let ExprKind::Call { fun, .. } = &f.expr(call).kind else { return false };
        matches!(f.expr(strip(f, *fun)).kind, ExprKind::Ident(i) if f.name(i) == name) && self.is_builtin_call(call)
    }

    fn is_chan(&self, e: ExprId) -> bool {
        let t = self.model().type_of(self.fi as usize, e);
        self.model().chan_of(t).is_some()
    }

    fn is_panic(&self, e: ExprId) -> bool {
        let f = self.f;
        let ExprKind::Call { fun, .. } = &f.expr(e).kind else { return false };
        matches!(f.expr(strip(f, *fun)).kind, ExprKind::Ident(i) if f.name(i) == "panic")
    }

    fn is_nil_or_basic(&self, e: ExprId) -> bool {
        let f = self.f;
        match &f.expr(strip(f, e)).kind {
            ExprKind::Ident(i) => f.name(*i) == "nil",
            ExprKind::BasicLit { .. } => true,
            _ => {
                let t = self.model().type_of(self.fi as usize, e);
                matches!(self.model().prog.types.get(self.model().prog.underlying(t)), TypeData::Basic(_))
            }
        }
    }

    // ---- ownership -------------------------------------------------------------------

    /// A local (not package-level, not a parameter) named by `e`.
    fn local_ident(&self, e: ExprId) -> Option<ObjId> {
        let f = self.f;
        let ExprKind::Ident(i) = f.expr(strip(f, e)).kind else { return None };
        let o = self.model().object_of(self.fi as usize, i)?;
        let obj = self.model().prog.obj(o);
        (obj.kind == ObjKind::Var && !obj.is_package_level() && !self.params.contains_key(&o)).then_some(o)
    }

    /// A fresh allocation: `&T{}`, `T{}`, `new(T)`, `make(...)`, an owned local, or a
    /// call to a function of the package that returns fresh objects.
    fn is_fresh(&mut self, e: ExprId) -> bool {
        let f = self.f;
        let e = strip(f, e);
        match &f.expr(e).kind {
            ExprKind::CompositeLit { .. } => true,
            ExprKind::Unary { op: UnaryOp::And, x, .. } => {
                matches!(f.expr(strip(f, *x)).kind, ExprKind::CompositeLit { .. })
            }
            ExprKind::Ident(_) => self.local_ident(e).is_some_and(|o| self.owned.contains(&o)),
            ExprKind::Call { fun, .. } => {
                if let ExprKind::Ident(i) = f.expr(strip(f, *fun)).kind {
                    if matches!(f.name(i), "new" | "make")
                        && self
                            .model()
                            .object_of(self.fi as usize, i)
                            .is_some_and(|o| matches!(self.model().prog.obj(o).kind, ObjKind::Builtin(_)))
                    {
                        return true;
                    }
                }
                let callees = self.an.callees(self.fi, e);
                if callees.len() == 1 && matches!(callees[0], FuncNode::Func(_)) {
                    return self.an.summary(callees[0]).returns_fresh;
                }
                false
            }
            _ => false,
        }
    }

    /// `e` (or what it points into) becomes reachable from elsewhere.
    fn publish(&mut self, e: ExprId) {
        if let Some(o) = self.root_ident(e) {
            self.owned.remove(&o);
        }
    }

    fn root_ident(&self, mut e: ExprId) -> Option<ObjId> {
        let f = self.f;
        loop {
            match &f.expr(e).kind {
                ExprKind::Paren { x }
                | ExprKind::Star { x }
                | ExprKind::Selector { x, .. }
                | ExprKind::Index { x, .. }
                | ExprKind::Slice { x, .. }
                | ExprKind::TypeAssert { x, .. }
                | ExprKind::Unary { op: UnaryOp::And, x, .. } => e = *x,
                ExprKind::Ident(i) => return self.model().object_of(self.fi as usize, *i),
                _ => return None,
            }
        }
    }

    /// Root of an access path: a parameter, owned (None: not recorded), a package
    /// variable, or shared.
    fn root(&self, e: ExprId) -> Option<Root> {
        let Some(o) = self.root_ident(e) else { return Some(Root::Shared) };
        if let Some(&i) = self.params.get(&o) {
            return Some(Root::Param(i));
        }
        if self.owned.contains(&o) {
            return None;
        }
        if self.is_own_global(o) {
            return Some(Root::Global);
        }
        match self.local_roots.get(&o) {
            Some(&r) => r,
            None => Some(Root::Shared),
        }
    }

    /// Local `o` now holds the value of `e` (not a fresh allocation), or with
    /// `element`, an element of `e` (a range variable).
    fn bind_local(&mut self, o: ObjId, e: Option<ExprId>, element: bool) {
        self.owned.remove(&o);
        let r = match e {
            Some(e) => match self.root(e) {
                Some(Root::Global) if element || !matches!(self.f.expr(strip(self.f, e)).kind, ExprKind::Ident(_)) => {
                    Some(Root::GlobalObject)
                }
                r => r,
            },
            None => Some(Root::Shared),
        };
        self.local_roots.insert(o, r);
    }

    // ---- spawns and calls ------------------------------------------------------------

    fn spawn(&mut self, call: ExprId, stmt: StmtId) {
        let f = self.f;
        let ExprKind::Call { fun, args, .. } = &f.expr(call).kind else { return };
        // Arguments and the receiver are evaluated by the spawner.
        for &a in args.iter() {
            self.expr(a, false);
            self.publish(a);
        }
        let fun = strip(f, *fun);
        if let ExprKind::Selector { x, .. } = f.expr(fun).kind {
            self.expr(x, false);
            self.publish(x);
        }
        if let ExprKind::FuncLit { .. } = f.expr(fun).kind {
            for &c in self.model().captures(self.fi as usize, fun) {
                self.owned.remove(&c);
            }
        }
        let callees = self.an.callees(self.fi, call).to_vec();
        for &c in &callees {
            if !self.out.calls.contains(&c) {
                self.out.calls.push(c);
            }
        }
        self.add_spawn(f.stmt(stmt).span, callees);
    }

    fn add_spawn(&mut self, span: Span, callees: Vec<FuncNode>) {
        if callees.is_empty() {
            return;
        }
        let idx = self.an.spawns.len();
        let counted = contracts::counted(self.an, &callees);
        self.an.spawns.push(Spawn { file: self.fi, span, callees, in_loop: self.loop_depth > 0, counted });
        self.out.spawns.push((self.pos, idx));
    }

    /// A call: lock operations, atomics, joins, `Go(func)`, and calls into the package.
    fn call(&mut self, e: ExprId) {
        let f = self.f;
        let model = self.model();
        let ExprKind::Call { fun, args, .. } = &f.expr(e).kind else { return };
        let fun = strip(f, *fun);
        if let Some(t) = model.call_target(self.fi as usize, e) {
            if model.lock_kind(self.fi as usize, e).is_some() {
                if let ExprKind::Selector { x, .. } = f.expr(fun).kind {
                    self.lock_op(t.name, x);
                }
                return;
            }
            match (t.pkg, t.recv, t.name) {
                ("sync/atomic", None, name) => {
                    let write = !name.starts_with("Load");
                    for (k, &a) in args.iter().enumerate() {
                        if k == 0 {
                            if let ExprKind::Unary { op: UnaryOp::And, x, .. } = f.expr(self.unconvert(a)).kind {
                                self.access(x, write, true);
                                continue;
                            }
                        }
                        self.expr(a, false);
                    }
                    return;
                }
                ("sync", Some("WaitGroup"), "Wait") | ("golang.org/x/sync/errgroup", Some("Group"), "Wait") => {
                    self.join();
                }
                ("sync", Some("WaitGroup"), "Go") | ("golang.org/x/sync/errgroup", Some("Group"), "Go") => {
                    if let Some(&a) = args.first() {
                        let a = strip(f, a);
                        if let ExprKind::FuncLit { .. } = f.expr(a).kind {
                            for &c in model.captures(self.fi as usize, a) {
                                self.owned.remove(&c);
                            }
                            self.add_spawn(f.expr(e).span, vec![FuncNode::Lit { file: self.fi, expr: a }]);
                            if let Some(sp) = self.an.spawns.last_mut() {
                                sp.counted = true; // the group counts what it starts
                            }
                            if let ExprKind::Selector { x, .. } = f.expr(fun).kind {
                                self.expr(x, false);
                            }
                            return;
                        }
                    }
                }
                _ => {}
            }
        }
        // Builtins that write a map or slice element.
        if let ExprKind::Ident(i) = f.expr(fun).kind {
            if f.name(i) == "close" && self.is_builtin_call(e) {
                if let Some(&c) = args.first() {
                    self.signal(c);
                }
            }
            if matches!(f.name(i), "delete" | "clear")
                && model
                    .object_of(self.fi as usize, i)
                    .is_some_and(|o| matches!(model.prog.obj(o).kind, ObjKind::Builtin(_)))
            {
                if let Some(&m) = args.first() {
                    self.elem_access(m, true);
                }
                for &a in args.iter().skip(1) {
                    self.expr(a, false);
                }
                return;
            }
        }
        // Operands: the receiver chain and the arguments are read here; an immediately
        // called literal runs inline.
        match f.expr(fun).kind {
            ExprKind::FuncLit { body, .. } => {
                for &a in args.iter() {
                    self.expr(a, false);
                }
                self.inline_lit(body);
                return;
            }
            ExprKind::Selector { x, .. } => self.expr(x, false),
            _ => self.expr(fun, false),
        }
        for &a in args.iter() {
            self.expr(a, false);
        }
        let callees = self.an.callees(self.fi, e);
        for &c in callees.iter() {
            if self.calls_seen.insert(c) {
                self.out.calls.push(c);
            }
            let s = self.an.summary(c);
            self.an.note_call_site(c, &self.held);
            self.apply(&s, e);
        }
    }

    /// `e` without conversions around it: `(*int32)(&c.flags)` is `&c.flags`.
    fn unconvert(&self, mut e: ExprId) -> ExprId {
        let f = self.f;
        loop {
            e = strip(f, e);
            match &f.expr(e).kind {
                ExprKind::Call { args, ellipsis: None, .. }
                    if args.len() == 1
                        && self.model().callee(self.fi as usize, e).is_none()
                        && !self.is_builtin_call(e) =>
                {
                    e = args[0]
                }
                _ => return e,
            }
        }
    }

    fn is_builtin_call(&self, e: ExprId) -> bool {
        let f = self.f;
        let ExprKind::Call { fun, .. } = &f.expr(e).kind else { return false };
        let ExprKind::Ident(i) = f.expr(strip(f, *fun)).kind else { return false };
        self.model()
            .object_of(self.fi as usize, i)
            .is_some_and(|o| matches!(self.model().prog.obj(o).kind, ObjKind::Builtin(_)))
    }

    fn inline_lit(&mut self, body: StmtId) {
        let saved = self.held.clone();
        self.depth_lit += 1;
        self.stmt(body);
        self.depth_lit -= 1;
        self.held = saved;
    }

    /// Adds a callee's summary at call `e`.
    fn apply(&mut self, s: &Summary, e: ExprId) {
        let f = self.f;
        let ExprKind::Call { fun, args, .. } = &f.expr(e).kind else { return };
        let recv = match f.expr(strip(f, *fun)).kind {
            ExprKind::Selector { x, .. } => Some(x),
            _ => None,
        };
        let roots: Vec<Option<Root>> = std::iter::once(recv.map_or(Some(Root::Shared), |r| self.root(r)))
            .chain(args.iter().map(|&a| self.root(a)))
            .collect();
        let held = self.held.clone();
        // Callee accesses mostly share a few lock sets: merge each with `held` once.
        let mut merged: FxHashMap<LockSet, LockSet> = FxHashMap::default();
        // Grown once per call rather than by doubling as the callee's accesses arrive.
        let room = s.accesses.len().min(MAX_ACCESSES.saturating_sub(self.out.accesses.len()));
        self.out.accesses.reserve(room);
        self.seen.table.reserve(room, |&(h, _)| h);
        for a in &s.accesses {
            if self.out.accesses.len() >= MAX_ACCESSES {
                break; // `push` takes no more
            }
            let root = match a.root {
                Root::Param(i) => match roots.get(i as usize) {
                    Some(Some(r)) => *r,
                    Some(None) => continue, // owned by the caller
                    None => Root::Shared,
                },
                r => r,
            };
            let locks = if held.is_empty() {
                a.locks
            } else {
                match merged.get(&a.locks) {
                    Some(&l) => l,
                    None => {
                        let mut l = held.clone();
                        for h in self.an.locks.get(a.locks) {
                            if !l.iter().any(|x| x.id == h.id) {
                                l.push(h.clone());
                            }
                        }
                        let l = self.an.locks.intern(&l);
                        merged.insert(a.locks, l);
                        l
                    }
                }
            };
            self.push(Access { locks, root, pos: self.pos, ..*a });
        }
        for &(_, sp) in &s.spawns {
            self.out.spawns.push((self.pos, sp));
        }
        for &(_, k) in &s.joins {
            if !self.out.joins.contains(&(self.pos, k)) {
                self.out.joins.push((self.pos, k));
            }
        }
        for &k in &s.signals {
            if !self.out.signals.contains(&k) {
                self.out.signals.push(k);
            }
        }
        for id in &s.released {
            self.release(*id);
        }
        for h in &s.acquired {
            if !self.held.iter().any(|x| x.id == h.id) {
                self.held.push(h.clone());
            }
        }
    }

    fn lock_op(&mut self, op: &str, x: ExprId) {
        let Some(id) = self.lock_id(x) else { return };
        match op {
            "Lock" | "RLock" => {
                if !self.held.iter().any(|h| h.id == id) {
                    let name = self.f.text(self.f.expr(x).span).into();
                    let owner = self.lock_owner(x, id);
                    self.held.push(Held { id, read: op == "RLock", name, owner });
                }
            }
            "Unlock" | "RUnlock" => self.release(id),
            _ => {}
        }
    }

    fn release(&mut self, id: LockId) {
        let before = self.held.len();
        self.held.retain(|h| h.id != id);
        if before == self.held.len() && !self.out.released.contains(&id) {
            self.out.released.push(id);
        }
    }

    /// The struct type holding lock `x` (`s.mu`: the type of `s`).
    fn lock_owner(&self, x: ExprId, id: LockId) -> Option<ObjId> {
        let f = self.f;
        let model = self.model();
        match id {
            LockId::Embedded(t) => Some(t),
            LockId::Field(_) => {
                let ExprKind::Selector { x: base, .. } = f.expr(strip(f, x)).kind else { return None };
                let t = model.type_of(self.fi as usize, base);
                match model.prog.types.get(t) {
                    TypeData::Pointer(el) => named(model, *el),
                    _ => named(model, t),
                }
            }
            _ => None,
        }
    }

    fn lock_id(&self, x: ExprId) -> Option<LockId> {
        let f = self.f;
        let model = self.model();
        let x = strip(f, x);
        let t = model.type_of(self.fi as usize, x);
        let is_lock = model.is_sync_type(t, "Mutex") || model.is_sync_type(t, "RWMutex");
        if !is_lock {
            // `s.Lock()` on a struct that embeds its mutex.
            let n = match model.prog.types.get(t) {
                TypeData::Pointer(el) => *el,
                _ => t,
            };
            return match model.prog.types.get(n) {
                TypeData::Named(nt) => Some(LockId::Embedded(nt.obj)),
                _ => None,
            };
        }
        match &f.expr(x).kind {
            ExprKind::Selector { sel, .. } => {
                let o = model.object_of(self.fi as usize, *sel)?;
                match model.prog.obj(o).kind {
                    ObjKind::Field => Some(LockId::Field(o)),
                    ObjKind::Var => Some(LockId::Global(o)),
                    _ => None,
                }
            }
            ExprKind::Ident(i) => {
                let o = model.object_of(self.fi as usize, *i)?;
                if model.prog.obj(o).is_package_level() {
                    Some(LockId::Global(o))
                } else {
                    Some(LockId::Local(o))
                }
            }
            ExprKind::Unary { x, .. } | ExprKind::Star { x } => self.lock_id(*x),
            _ => None,
        }
    }

    // ---- expressions -----------------------------------------------------------------

    /// Records the reads in `e` (and, with `write`, the write of `e` itself).
    fn expr(&mut self, e: ExprId, write: bool) {
        let f = self.f;
        match &f.expr(e).kind {
            ExprKind::Selector { x, .. } => {
                self.access(e, write, false);
                let _ = x;
            }
            ExprKind::Ident(_) => self.access(e, write, false),
            ExprKind::Index { x, index } => {
                self.elem_access(*x, write);
                self.expr(*index, false);
            }
            ExprKind::Call { .. } => self.call(e),
            ExprKind::FuncLit { body, .. } => {
                // A callback: assumed to run synchronously, under the locks held here.
                self.inline_lit(*body);
            }
            ExprKind::Unary { op: UnaryOp::And, x, .. } => {
                // Taking an address publishes a local; it neither reads nor writes.
                self.publish(*x);
                self.address_operand(*x);
            }
            ExprKind::Unary { op: UnaryOp::Arrow, x, .. } => {
                self.expr(*x, false);
                self.recv(*x);
            }
            k => for_each_child(k, |c| self.expr(c, false)),
        }
    }

    /// The operand of `&x`: its base is read, `x` itself is not accessed.
    fn address_operand(&mut self, x: ExprId) {
        let f = self.f;
        match &f.expr(strip(f, x)).kind {
            ExprKind::Selector { x, .. } => self.expr(*x, false),
            ExprKind::Index { x, index } => {
                self.expr(*x, false);
                self.expr(*index, false);
            }
            ExprKind::CompositeLit { .. } => self.expr(x, false),
            _ => {}
        }
    }

    /// The target of an assignment (`op`: `+=`, `++`: also read).
    fn lvalue(&mut self, e: ExprId, _op: bool) {
        let f = self.f;
        match &f.expr(strip(f, e)).kind {
            ExprKind::Index { x, index } => {
                self.elem_access(*x, true);
                self.expr(*index, false);
            }
            ExprKind::Star { x } => self.expr(*x, false),
            _ => self.expr(strip(f, e), true),
        }
    }

    /// `m[k]` with `m` = `x`: reads `x`, and reads or writes its element when `x` is a
    /// map or slice field or package variable.
    fn elem_access(&mut self, x: ExprId, write: bool) {
        self.expr(x, false);
        let t = self.model().type_of(self.fi as usize, x);
        let u = self.model().prog.underlying(t);
        if matches!(self.model().prog.types.get(u), TypeData::Map(..) | TypeData::Slice(_)) {
            self.access_as(x, write, false, true);
        }
    }

    fn access(&mut self, e: ExprId, write: bool, atomic: bool) {
        let f = self.f;
        if let ExprKind::Selector { x, .. } = f.expr(strip(f, e)).kind {
            // The operand is read on the way (`s.a.b` reads `s.a`).
            self.expr(x, false);
        }
        self.access_as(e, write, atomic, false);
    }

    fn access_as(&mut self, e: ExprId, write: bool, atomic: bool, elem: bool) {
        let f = self.f;
        let model = self.model();
        let e = strip(f, e);
        let (target, owner, base) = match &f.expr(e).kind {
            ExprKind::Selector { x, sel } => {
                let Some(o) = model.object_of(self.fi as usize, *sel) else { return };
                match model.prog.obj(o).kind {
                    ObjKind::Field => {
                        let xt = model.type_of(self.fi as usize, *x);
                        let owner = match model.prog.types.get(xt) {
                            TypeData::Pointer(el) => named(model, *el),
                            _ => named(model, xt),
                        };
                        (Target::Field(o), owner, Some(*x))
                    }
                    ObjKind::Var if self.is_own_global(o) => (Target::Global(o), None, None),
                    _ => return,
                }
            }
            ExprKind::Ident(i) => {
                let Some(o) = model.object_of(self.fi as usize, *i) else { return };
                if !self.is_own_global(o) {
                    return;
                }
                (Target::Global(o), None, None)
            }
            _ => return,
        };
        // Locks, atomics, WaitGroups... synchronise themselves.
        let ty = match target {
            Target::Field(o) | Target::Global(o) => model.obj_type(o),
        };
        if is_sync_value(model, ty) {
            return;
        }
        let root = match base {
            Some(b) => match self.root(b) {
                Some(r) => r,
                None => return,
            },
            None => Root::Global,
        };
        if let (Target::Field(fo), Some(ow)) = (target, owner) {
            self.an.field_owner.entry(fo).or_insert(ow);
        }
        let locks = self.an.locks.intern(&self.held);
        let span = f.expr(e).span;
        let func = self.node;
        self.push(Access { target, elem, write, atomic, file: self.fi, span, locks, root, func, pos: self.pos });
    }

    fn is_own_global(&self, o: ObjId) -> bool {
        let model = self.model();
        let obj = model.prog.obj(o);
        obj.kind == ObjKind::Var && obj.is_package_level() && obj.pkg == model.pkg.id
    }

    fn push(&mut self, a: Access) {
        if self.out.accesses.len() < MAX_ACCESSES {
            self.seen.push_new(&mut self.out.accesses, a);
        }
    }
}

/// The distinct accesses of a summary: a table of indices into the summary's own list,
/// with each access's hash kept, so growing the table neither rehashes nor copies them.
#[derive(Default)]
struct AccessSet {
    table: hashbrown::HashTable<(u64, u32)>,
}

impl AccessSet {
    /// Appends `a` to `list` unless an equal access is already there.
    fn push_new(&mut self, list: &mut Vec<Access>, a: Access) {
        use std::hash::BuildHasher;
        let h = rustc_hash::FxBuildHasher.hash_one(&a);
        if self.table.find(h, |&(hh, i)| hh == h && list[i as usize] == a).is_some() {
            return;
        }
        self.table.insert_unique(h, (h, list.len() as u32), |&(hh, _)| hh);
        list.push(a);
    }
}

/// Locks held on both paths (read mode if either path holds it only for reading).
fn meet(a: &[Held], b: &[Held]) -> Vec<Held> {
    a.iter()
        .filter_map(|x| b.iter().find(|y| y.id == x.id).map(|y| Held { read: x.read || y.read, ..x.clone() }))
        .collect()
}

fn named(model: &PackageModel, t: TypeId) -> Option<ObjId> {
    match model.prog.types.get(t) {
        TypeData::Named(n) => Some(n.obj),
        _ => None,
    }
}

/// Values of package sync or sync/atomic synchronise their own accesses.
fn is_sync_value(model: &PackageModel, t: TypeId) -> bool {
    let t = match model.prog.types.get(t) {
        TypeData::Pointer(el) => *el,
        _ => t,
    };
    match model.prog.types.get(t) {
        TypeData::Named(n) => matches!(model.obj_pkg_path(n.obj), Some("sync" | "sync/atomic")),
        _ => false,
    }
}

/// Visits the direct subexpressions (function literals excluded: they are walked as
/// callbacks), without collecting them: this runs for most nodes of every body.
fn for_each_child(k: &ExprKind, mut visit: impl FnMut(ExprId)) {
    match k {
        ExprKind::Paren { x }
        | ExprKind::Star { x }
        | ExprKind::Unary { x, .. }
        | ExprKind::TypeAssert { x, .. }
        | ExprKind::Selector { x, .. } => visit(*x),
        ExprKind::Index { x, index } => {
            visit(*x);
            visit(*index);
        }
        ExprKind::IndexList { x, indices } => {
            visit(*x);
            indices.iter().copied().for_each(visit);
        }
        ExprKind::Slice { x, low, high, max, .. } => {
            visit(*x);
            [low, high, max].into_iter().flatten().copied().for_each(visit);
        }
        ExprKind::Call { fun, args, .. } => {
            visit(*fun);
            args.iter().copied().for_each(visit);
        }
        ExprKind::Binary { x, y, .. } => {
            visit(*x);
            visit(*y);
        }
        // A struct literal's keys are field names, not reads.
        ExprKind::KeyValue { value, .. } => visit(*value),
        ExprKind::CompositeLit { elts, .. } => elts.iter().copied().for_each(visit),
        _ => {}
    }
}
