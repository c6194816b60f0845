//! An append-only vector that many threads push to and read from without locks: the
//! run-wide tables of types, objects and files grow while packages are checked in
//! parallel, and readers outnumber writers by far.
//!
//! Storage is a list of buckets doubling in size. A bucket is allocated zeroed, which is
//! a valid empty slot, so the operating system maps its pages only as slots are used: the
//! last bucket is often mostly empty, and one of the object table's holds millions of
//! slots.

use std::alloc::{alloc_zeroed, handle_alloc_error, Layout};
use std::cell::UnsafeCell;
use std::mem::MaybeUninit;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::OnceLock;

const FIRST: usize = 64;
const BUCKETS: usize = 32;

/// One value, written once by the thread that was handed its index, then only read.
struct Slot<T> {
    ready: AtomicBool,
    value: UnsafeCell<MaybeUninit<T>>,
}

pub struct AppendVec<T> {
    next: AtomicUsize,
    buckets: [OnceLock<Box<[Slot<T>]>>; BUCKETS],
}

// SAFETY: a slot is written by exactly one thread (the index comes from `fetch_add`) before
// `ready` is set with Release; readers hand out `&T` only after seeing `ready` with Acquire.
// Values move in from pushing threads (Send) and are shared by reference (Sync).
unsafe impl<T: Send + Sync> Sync for AppendVec<T> {}

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

fn zeroed_bucket<T>(len: usize) -> Box<[Slot<T>]> {
    let layout = Layout::array::<Slot<T>>(len).expect("bucket size overflows");
    if layout.size() == 0 {
        return (0..len)
            .map(|_| Slot { ready: AtomicBool::new(false), value: UnsafeCell::new(MaybeUninit::uninit()) })
            .collect();
    }
    // SAFETY: the layout has a non-zero size; all-zero bytes are a valid `Slot` (`ready`
    // false, the value uninitialised), and the allocation is exactly `len` slots, as the
    // global allocator's `Box<[Slot<T>]>` expects.
    unsafe {
        let ptr = alloc_zeroed(layout) as *mut Slot<T>;
        if ptr.is_null() {
            handle_alloc_error(layout);
        }
        Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len))
    }
}

impl<T> AppendVec<T> {
    /// Appends `v` and returns its index; the value is visible to every thread once this returns.
    pub fn push(&self, v: T) -> usize {
        let i = self.next.fetch_add(1, Ordering::Relaxed);
        let (b, off) = locate(i);
        let bucket = self.buckets[b].get_or_init(|| zeroed_bucket(FIRST << b));
        let slot = &bucket[off];
        // SAFETY: index `i` was handed to this call alone, and no reader looks at the value
        // before `ready` is set below.
        unsafe { (*slot.value.get()).write(v) };
        slot.ready.store(true, Ordering::Release);
        i
    }

    /// The value at `i`, if it has been pushed.
    #[inline]
    pub fn get(&self, i: usize) -> Option<&T> {
        let (b, off) = locate(i);
        let slot = self.buckets.get(b)?.get()?.get(off)?;
        if !slot.ready.load(Ordering::Acquire) {
            return None;
        }
        // SAFETY: `ready` is set only after the value was written, and it is never written
        // again.
        Some(unsafe { (*slot.value.get()).assume_init_ref() })
    }

    /// Number of indices handed out (some may still be being written by other threads).
    pub fn len(&self) -> usize {
        self.next.load(Ordering::Relaxed)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<T> Drop for AppendVec<T> {
    fn drop(&mut self) {
        for bucket in self.buckets.iter_mut().filter_map(|b| b.get_mut()) {
            for slot in bucket.iter_mut() {
                if *slot.ready.get_mut() {
                    // SAFETY: a ready slot holds an initialised value, dropped once here.
                    unsafe { slot.value.get_mut().assume_init_drop() };
                }
            }
        }
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
    fn dropping_drops_every_pushed_value_once() {
        let counter = std::sync::Arc::new(());
        let v = AppendVec::default();
        for _ in 0..1_000 {
            v.push(counter.clone());
        }
        assert_eq!(std::sync::Arc::strong_count(&counter), 1_001);
        drop(v);
        assert_eq!(std::sync::Arc::strong_count(&counter), 1);
    }

    #[test]
    fn zero_sized_values() {
        let v = AppendVec::default();
        for _ in 0..200 {
            v.push(());
        }
        assert_eq!(v.get(199), Some(&()));
        assert_eq!(v.get(200), None);
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
