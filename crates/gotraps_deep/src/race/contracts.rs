//! What callers and WaitGroups promise, beyond one function's own code:
//!
//! - **Locks every caller holds.** A function the package calls only with some lock held
//!   (a helper documented "the caller holds c.mu") runs its accesses under that lock, also
//!   when it is exported: as an entry point it gets the locks all its in-package call
//!   sites hold.
//! - **Deferred unlocks.** `defer mu.Unlock()` keeps the lock to the end of the function
//!   but not beyond: callers do not inherit it.
//! - **Counted goroutines.** A goroutine that calls `Done` on a WaitGroup (or one started
//!   by `WaitGroup.Go`/errgroup `Go`) is over once a `Wait` returns: an entry point that
//!   waits before an access is ordered after it even when another entry started it (an
//!   errgroup-like `Go` and `Wait`).

use super::{meet, Access, Analysis, Held, Join, PairContext, Side, Summary, Thread, Walk};
use gotraps_semantic::FuncNode;
use gotraps_syntax::ast::{ExprId, ExprKind, File};
use gotraps_syntax::visit::{walk_expr, Visitor};
use rustc_hash::FxHashSet;
use std::rc::Rc;

impl Analysis<'_, '_> {
    /// Records the locks held at a call of `callee`.
    pub(super) fn note_call_site(&mut self, callee: FuncNode, held: &[Held]) {
        match self.call_site_locks.get_mut(&callee) {
            Some(l) if !l.is_empty() => *l = meet(l, held),
            Some(_) => {}
            None => {
                self.call_site_locks.insert(callee, held.to_vec());
            }
        }
    }

    /// The summary an entry point runs: its own, under the locks every in-package call
    /// site holds.
    pub(super) fn api_summary(&mut self, n: FuncNode, called: &FxHashSet<FuncNode>) -> Rc<Summary> {
        let s = self.summaries[&n].clone();
        let extra = match self.call_site_locks.get(&n) {
            Some(l) if !l.is_empty() && called.contains(&n) => l.clone(),
            _ => return s,
        };
        let accesses = s
            .accesses
            .iter()
            .map(|a| {
                let mut locks: Vec<Held> = self.locks.get(a.locks).to_vec();
                for h in &extra {
                    if !locks.iter().any(|x| x.id == h.id) {
                        locks.push(h.clone());
                    }
                }
                Access { locks: self.locks.intern(&locks), ..*a }
            })
            .collect();
        Rc::new(Summary {
            accesses,
            acquired: s.acquired.clone(),
            released: s.released.clone(),
            spawns: s.spawns.clone(),
            joins: s.joins.clone(),
            signals: s.signals.clone(),
            returns_fresh: s.returns_fresh,
            calls: s.calls.clone(),
        })
    }

    /// An entry that did not start counted goroutine `g` but waits on a WaitGroup before
    /// `acc`.
    pub(super) fn waited_elsewhere(&self, entry: &Summary, g: usize, acc: &Access) -> bool {
        if !self.spawns[g].counted {
            return false;
        }
        let mut starts = entry.spawns.iter().filter(|&&(_, s)| s == g).map(|&(p, _)| p);
        match starts.next() {
            None if entry.joins.iter().any(|&(j, k)| k == Join::All && j < acc.pos) => return true,
            None => {}
            // Started here: only a wait inside the later call below can still order it.
            Some(p) if p >= acc.pos || starts.any(|p| p >= acc.pos) => return false,
            Some(_) => {}
        }
        // The wait and the access in one callee (`return g.Wait()` reading `g.err`): their
        // order in the callee's own body.
        let Some(own) = self.summaries.get(&acc.func) else { return false };
        if !own.joins.iter().any(|&(_, k)| k == Join::All) {
            return false;
        }
        let Some(at) = own.accesses.iter().find(|x| x.file == acc.file && x.span == acc.span) else { return false };
        own.joins.iter().any(|&(j, k)| k == Join::All && j < at.pos)
    }
}

impl Analysis<'_, '_> {
    /// Goroutine `x` starts goroutine `y` after its access `a` (or `y` starts `x` after
    /// `b`): the `go` statement orders them.
    pub(super) fn spawned_after(&self, x: usize, y: usize, a: &Side, b: &Side, cx: &PairContext) -> bool {
        let starts_after = |parent: usize, child: usize, acc: &Access| {
            cx.sums.get(&Thread::Go(parent)).is_some_and(|s| s.spawns.iter().any(|&(p, g)| g == child && acc.pos <= p))
        };
        starts_after(x, y, &a.access) || starts_after(y, x, &b.access)
    }
}

/// Both accesses hold a lock, none of them one that guards the target, and the target's
/// type has no lock of its own.
pub(super) fn outer_locked(a: &Access, b: &Access, type_has_lock: bool) -> bool {
    !type_has_lock && !a.locks.is_empty() && !b.locks.is_empty()
}

/// Whether one of `callees` calls `Done` on a WaitGroup.
pub(super) fn counted(a: &Analysis, callees: &[FuncNode]) -> bool {
    callees.iter().any(|&c| {
        let Some((fi, body)) = a.body(c) else { return false };
        let mut v = FindsDone { a, fi, found: false };
        v.visit_stmt(a.file(fi), body);
        v.found
    })
}

struct FindsDone<'x, 'm, 'p> {
    a: &'x Analysis<'m, 'p>,
    fi: u32,
    found: bool,
}

impl Visitor for FindsDone<'_, '_, '_> {
    fn visit_expr(&mut self, file: &File, id: ExprId) {
        if self.found {
            return;
        }
        if let ExprKind::Call { fun, .. } = &file.expr(id).kind {
            if matches!(file.expr(*fun).kind, ExprKind::Selector { sel, .. } if file.name(sel) == "Done") {
                if let Some(t) = self.a.model.call_target(self.fi as usize, id) {
                    if t.pkg == "sync" && t.recv == Some("WaitGroup") {
                        self.found = true;
                        return;
                    }
                }
            }
        }
        walk_expr(self, file, id);
    }
}

impl Walk<'_, '_, '_> {
    /// `defer mu.Unlock()`: the lock is released at return.
    pub(super) fn note_deferred_unlock(&mut self, call: ExprId, fun: ExprId) {
        let f = self.f;
        if self.model().lock_kind(self.fi as usize, call).is_none() {
            return;
        }
        let ExprKind::Selector { x, sel } = f.expr(super::strip(f, fun)).kind else { return };
        if !matches!(f.name(sel), "Unlock" | "RUnlock") {
            return;
        }
        if let Some(id) = self.lock_id(x) {
            self.deferred_unlocks.push(id);
        }
    }
}
