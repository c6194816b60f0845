//! [`RecordedMap`]: what the checker records per identifier or expression. Recording
//! happens once per node on the checker's hot path and lookups only afterwards, so
//! entries are appended while checking (no hashing, no rehashing as the table grows)
//! and sorted once when the package is done.

/// A map filled by appending and read after [`RecordedMap::finish`]. When a key is
/// recorded more than once, the last value wins (as with a hash map insert).
#[derive(Clone, Debug)]
pub struct RecordedMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for RecordedMap<K, V> {
    fn default() -> Self {
        RecordedMap { entries: Vec::new() }
    }
}

impl<K: Ord + Copy, V: Copy> RecordedMap<K, V> {
    #[inline]
    pub(crate) fn push(&mut self, k: K, v: V) {
        self.entries.push((k, v));
    }

    /// Sorts by key and keeps the last value recorded for each key.
    pub(crate) fn finish(&mut self) {
        // A stable sort keeps equal keys in recording order: the last one wins.
        self.entries.sort_by_key(|e| e.0);
        let mut kept = 0;
        for i in 0..self.entries.len() {
            if i + 1 < self.entries.len() && self.entries[i + 1].0 == self.entries[i].0 {
                continue;
            }
            self.entries[kept] = self.entries[i];
            kept += 1;
        }
        self.entries.truncate(kept);
        self.entries.shrink_to_fit();
    }

    /// The value of `k` (after [`RecordedMap::finish`]).
    pub fn get(&self, k: &K) -> Option<V> {
        self.entries.binary_search_by(|e| e.0.cmp(k)).ok().map(|i| self.entries[i].1)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entries in key order (after [`RecordedMap::finish`]).
    pub fn iter(&self) -> impl Iterator<Item = (K, V)> + '_ {
        self.entries.iter().copied()
    }
}
