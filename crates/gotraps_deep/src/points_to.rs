//! Which values may be the same channel, lock, WaitGroup, Cond, context or function:
//! a Steensgaard-style unification (flow- and context-insensitive, near-linear) over
//! the package's variables, struct fields (one slot per field declaration, so `s.mu`
//! and `r.store.mu` are the same slot when `store` is an `*S`), function results,
//! allocation sites and element slots (what a channel carries, a slice holds, a
//! pointer points to). Only values whose type can hold a concurrency object or a
//! function are unified; anything else that such a value flows into marks its class
//! *open* (code this analysis does not see may use it).

use gotraps_semantic::{FuncNode, ObjId};
use gotraps_syntax::ast::ExprId;
use rustc_hash::FxHashMap;

/// A place a value can live in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Slot {
    /// A variable: local, parameter, named result or package-level.
    Var(ObjId),
    /// A struct field declaration: every instance shares it (field-based).
    Field(ObjId),
    /// Result `i` of a function of the package.
    Result(FuncNode, u32),
    /// An allocation or other expression that creates a value (`make`, `sync.NewCond`,
    /// a function literal, a call outside the package), with the result index.
    Site(u32, ExprId, u32),
    /// A declared function or method used as a value.
    Func(ObjId),
    /// The contents of another class (created on demand).
    Elem(u32),
}

/// Class facts, merged on unification.
pub mod flag {
    /// Code outside the package may operate on the object (exported field, variable or
    /// parameter, passed to or obtained from a function the analysis cannot see).
    pub const OPEN: u16 = 1;
    /// Made by `make(chan ...)` in the package.
    pub const MADE_CHAN: u16 = 2;
    /// A context from `WithTimeout`/`WithDeadline`, or derived from a context of the
    /// caller: something other than a cancel call ends it.
    pub const ENDS_ITSELF: u16 = 4;
    /// A context derived by `WithCancel` from `Background`/`TODO` in the package.
    pub const LOCAL_CONTEXT: u16 = 8;
    /// Some `make` of the class has a buffer (or a capacity known only at run time).
    pub const BUFFERED: u16 = 16;
    /// Code outside the package may receive from the channel but not send on or close
    /// it (it only ever gets it as a `<-chan T`, e.g. from an exported accessor).
    pub const RECV_OPEN: u16 = 32;
    /// Handed to `signal.Notify`: the runtime sends on it when a signal arrives, until
    /// `signal.Stop` (see `Graph::signal_stops`).
    pub const SIGNAL: u16 = 64;
    /// A function made by `sync.OnceFunc`/`OnceValue`/`OnceValues`: a call runs the
    /// wrapped function at most once, and waits for a run in progress (a lock held
    /// while it runs).
    pub const ONCE_FUNC: u16 = 128;
}

const NONE: u32 = u32::MAX;

#[derive(Default)]
pub struct Unifier {
    ids: FxHashMap<Slot, u32>,
    parent: Vec<u32>,
    elem: Vec<u32>,
    flags: Vec<u16>,
    funcs: Vec<Vec<FuncNode>>,
}

impl Unifier {
    pub fn node(&mut self, s: Slot) -> u32 {
        if let Some(&id) = self.ids.get(&s) {
            return self.find(id);
        }
        let id = self.fresh();
        self.ids.insert(s, id);
        id
    }

    /// The node of a slot, if it was ever created.
    pub fn existing(&self, s: Slot) -> Option<u32> {
        self.ids.get(&s).map(|&id| self.root(id))
    }

    fn fresh(&mut self) -> u32 {
        let id = self.parent.len() as u32;
        self.parent.push(id);
        self.elem.push(NONE);
        self.flags.push(0);
        self.funcs.push(Vec::new());
        id
    }

    pub fn find(&mut self, mut x: u32) -> u32 {
        let mut r = x;
        while self.parent[r as usize] != r {
            r = self.parent[r as usize];
        }
        while self.parent[x as usize] != r {
            let next = self.parent[x as usize];
            self.parent[x as usize] = r;
            x = next;
        }
        r
    }

    /// The class of a node without path compression (for shared reads).
    pub fn root(&self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            x = self.parent[x as usize];
        }
        x
    }

    /// The contents of class `x` (what it carries or points to).
    pub fn elem(&mut self, x: u32) -> u32 {
        let r = self.find(x);
        if self.elem[r as usize] == NONE {
            let e = self.fresh();
            self.elem[r as usize] = e;
        }
        let e = self.elem[r as usize];
        self.find(e)
    }

    /// The contents of class `x` if it has any (no allocation).
    pub fn elem_of(&self, x: u32) -> Option<u32> {
        let e = self.elem[self.root(x) as usize];
        (e != NONE).then(|| self.root(e))
    }

    pub fn union(&mut self, a: u32, b: u32) {
        let mut work = vec![(a, b)];
        while let Some((a, b)) = work.pop() {
            let (ra, rb) = (self.find(a), self.find(b));
            if ra == rb {
                continue;
            }
            // Union by size of function sets keeps merges of big sets cheap.
            let (keep, gone) =
                if self.funcs[ra as usize].len() >= self.funcs[rb as usize].len() { (ra, rb) } else { (rb, ra) };
            self.parent[gone as usize] = keep;
            self.flags[keep as usize] |= self.flags[gone as usize];
            let moved = std::mem::take(&mut self.funcs[gone as usize]);
            for f in moved {
                if !self.funcs[keep as usize].contains(&f) {
                    self.funcs[keep as usize].push(f);
                }
            }
            let (ek, eg) = (self.elem[keep as usize], self.elem[gone as usize]);
            if ek == NONE {
                self.elem[keep as usize] = eg;
            } else if eg != NONE {
                work.push((ek, eg));
            }
        }
    }

    pub fn add_flag(&mut self, x: u32, f: u16) {
        let r = self.find(x);
        self.flags[r as usize] |= f;
    }

    pub fn flags(&self, x: u32) -> u16 {
        self.flags[self.root(x) as usize]
    }

    pub fn add_func(&mut self, x: u32, f: FuncNode) {
        let r = self.find(x);
        if !self.funcs[r as usize].contains(&f) {
            self.funcs[r as usize].push(f);
        }
    }

    /// Functions the values of class `x` may be.
    pub fn funcs(&self, x: u32) -> &[FuncNode] {
        &self.funcs[self.root(x) as usize]
    }

    /// Marks the contents of every open class open, transitively: what outside code can
    /// reach (a channel it may receive from, a slice it holds) it can pass on or operate
    /// on. Linear in the number of classes.
    pub fn open_contents(&mut self) {
        let mut work: Vec<u32> = (0..self.parent.len() as u32)
            .filter(|&c| self.parent[c as usize] == c && self.flags[c as usize] & (flag::OPEN | flag::RECV_OPEN) != 0)
            .collect();
        while let Some(c) = work.pop() {
            let Some(e) = self.elem_of(c) else { continue };
            if self.flags[e as usize] & flag::OPEN == 0 {
                self.flags[e as usize] |= flag::OPEN;
                work.push(e);
            }
        }
    }

    pub fn len(&self) -> usize {
        self.parent.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parent.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_merges_flags_functions_and_contents() {
        let mut u = Unifier::default();
        let a = u.node(Slot::Var(ObjId(1)));
        let b = u.node(Slot::Var(ObjId(2)));
        let c = u.node(Slot::Var(ObjId(3)));
        let ea = u.elem(a);
        let eb = u.elem(b);
        u.add_flag(ea, flag::OPEN);
        u.add_func(b, FuncNode::Func(ObjId(9)));
        assert_ne!(u.find(ea), u.find(eb));
        u.union(a, b);
        assert_eq!(u.find(a), u.find(b));
        // Contents of unified classes are unified too (Steensgaard).
        assert_eq!(u.find(ea), u.find(eb));
        assert_eq!(u.flags(eb), flag::OPEN);
        assert_eq!(u.funcs(a), &[FuncNode::Func(ObjId(9))]);
        assert_ne!(u.find(c), u.find(a));
        assert_eq!(u.existing(Slot::Var(ObjId(2))), Some(u.root(a)));
        assert_eq!(u.existing(Slot::Var(ObjId(4))), None);
    }

    #[test]
    fn open_contents_reach_nested_elements_only_from_open_classes() {
        let mut u = Unifier::default();
        let outer = u.node(Slot::Var(ObjId(1)));
        let inner = u.elem(outer);
        let innermost = u.elem(inner);
        let closed = u.node(Slot::Var(ObjId(2)));
        let closed_elem = u.elem(closed);
        let recv_only = u.node(Slot::Var(ObjId(3)));
        let received = u.elem(recv_only);
        u.add_flag(outer, flag::OPEN);
        u.add_flag(recv_only, flag::RECV_OPEN);
        u.open_contents();
        assert_ne!(u.flags(inner) & flag::OPEN, 0);
        assert_ne!(u.flags(innermost) & flag::OPEN, 0);
        assert_ne!(u.flags(received) & flag::OPEN, 0);
        // A receive-only channel handed out stays closed to outside sends itself.
        assert_eq!(u.flags(recv_only) & flag::OPEN, 0);
        assert_eq!(u.flags(closed_elem) & flag::OPEN, 0);
    }
}
