//! An append-only vector that many threads push to and read from without locks: the
//! run-wide tables of types, objects and files grow while packages are checked in
//! parallel, and readers outnumber writers by far.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

const FIRST: usize = 64;
const BUCKETS: usize = 32;

pub struct AppendVec<T> {
    next: AtomicUsize,
    buckets: [OnceLock<Box<[OnceLock<T>]>>; BUCKETS],
}

impl<T> Default for AppendVec<T> {
    fn default() -> Self {
        AppendVec { next: AtomicUsize::new(0), buckets: std::array::from_fn(|_| OnceLock::new()) }
    }
}

#[inline]
fn locate(i: usize) -> (usize, usize) {
    let j = i / FIRST + 1;
    let b = (usize::BITS - 1 - j.leading_zeros()) as usize;
    (b, i - FIRST * ((1 << b) - 1))
}

impl<T> AppendVec<T> {
    /// Appends `v` and returns its index; the value is visible to every thread once this returns.
    pub fn push(&self, v: T) -> usize {
        let i = self.next.fetch_add(1, Ordering::Relaxed);
        let (b, off) = locate(i);
        let bucket = self.buckets[b].get_or_init(|| (0..FIRST << b).map(|_| OnceLock::new()).collect());
        let _ = bucket[off].set(v);
        i
    }

    /// The value at `i`, if it has been pushed.
    #[inline]
    pub fn get(&self, i: usize) -> Option<&T> {
        let (b, off) = locate(i);
        self.buckets.get(b)?.get()?.get(off)?.get()
    }

    /// Number of indices handed out (some may still be being written by other threads).
    pub fn len(&self) -> usize {
        self.next.load(Ordering::Relaxed)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_and_get_across_buckets() {
        let v = AppendVec::default();
        for i in 0..10_000u32 {
            assert_eq!(v.push(i * 3), i as usize);
        }
        for i in 0..10_000u32 {
            assert_eq!(v.get(i as usize), Some(&(i * 3)));
        }
        assert_eq!(v.get(10_000), None);
    }

    #[test]
    fn parallel_pushes_keep_every_value() {
        let v = AppendVec::default();
        std::thread::scope(|s| {
            for t in 0..4u32 {
                let v = &v;
                s.spawn(move || {
                    for i in 0..5_000u32 {
                        let at = v.push(t * 100_000 + i);
                        assert_eq!(v.get(at), Some(&(t * 100_000 + i)));
                    }
                });
            }
        });
        assert_eq!(v.len(), 20_000);
        let mut all: Vec<u32> = (0..20_000).map(|i| *v.get(i).unwrap()).collect();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), 20_000);
    }
}
