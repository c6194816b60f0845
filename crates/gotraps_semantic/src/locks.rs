//! Per-package reentrant locks for lazy declaration resolution, with deadlock
//! detection: a thread that would wait on a package whose owner (transitively) waits on
//! a package this thread holds gives up instead, and the declaration resolves to
//! unknown. That only happens with import cycles, which Go rejects anyway.

use crate::objects::PkgId;
use rustc_hash::FxHashMap;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::thread::ThreadId;

#[derive(Default)]
struct State {
    owners: FxHashMap<PkgId, (ThreadId, u32)>,
    waiting: FxHashMap<ThreadId, PkgId>,
}

#[derive(Default)]
pub(crate) struct LockTable {
    state: Mutex<State>,
    released: Condvar,
    load: Mutex<()>,
}

pub(crate) struct PkgGuard<'a> {
    table: &'a LockTable,
    pkg: PkgId,
}

impl Drop for PkgGuard<'_> {
    fn drop(&mut self) {
        let mut st = self.table.lock_state();
        if let Some(entry) = st.owners.get_mut(&self.pkg) {
            entry.1 -= 1;
            if entry.1 == 0 {
                st.owners.remove(&self.pkg);
                self.table.released.notify_all();
            }
        }
    }
}

impl LockTable {
    fn lock_state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes `pkg`'s lock (reentrant). `None` when waiting would deadlock.
    pub(crate) fn acquire(&self, pkg: PkgId) -> Option<PkgGuard<'_>> {
        let me = std::thread::current().id();
        let mut st = self.lock_state();
        loop {
            match st.owners.get_mut(&pkg) {
                None => {
                    st.owners.insert(pkg, (me, 1));
                    return Some(PkgGuard { table: self, pkg });
                }
                Some(entry) if entry.0 == me => {
                    entry.1 += 1;
                    return Some(PkgGuard { table: self, pkg });
                }
                Some(&mut (owner, _)) => {
                    let mut t = owner;
                    for _ in 0..256 {
                        let Some(p) = st.waiting.get(&t) else { break };
                        let Some(&(next, _)) = st.owners.get(p) else { break };
                        if next == me {
                            return None;
                        }
                        t = next;
                    }
                    st.waiting.insert(me, pkg);
                    st = self.released.wait(st).unwrap_or_else(|e| e.into_inner());
                    st.waiting.remove(&me);
                }
            }
        }
    }

    /// Serialises registering packages (ids are handed out in order).
    pub(crate) fn load_lock(&self) -> MutexGuard<'_, ()> {
        self.load.lock().unwrap_or_else(|e| e.into_inner())
    }
}
