//! A map that holds at most a fixed number of entries and forgets the least recently used.

use std::collections::HashMap;
use std::hash::Hash;

/// At most `bound` entries; inserting one more evicts the entry read or written longest ago.
///
/// Reading stays a hash look-up and a counter, as the warm `/api/v1/summary` benchmark in
/// BENCHMARKS.md (p50 about 1 ms) needs. Only an insertion into a full map scans the
/// entries, and it follows a computation of several milliseconds (the cold summary
/// benchmark), so a hundred comparisons there cost nothing worth a linked list or a crate.
pub struct Lru<K, V> {
    bound: usize,
    /// Each entry with the tick of its last use.
    entries: HashMap<K, (V, u64)>,
    tick: u64,
}

impl<K: Hash + Eq + Clone, V> Lru<K, V> {
    /// A map for at most `bound` entries (at least one).
    pub fn new(bound: usize) -> Self {
        let bound = bound.max(1);
        Self {
            bound,
            entries: HashMap::with_capacity(bound),
            tick: 0,
        }
    }

    /// The value for `key`, now the most recently used.
    pub fn get(&mut self, key: &K) -> Option<&V> {
        self.tick += 1;
        let tick = self.tick;
        self.entries.get_mut(key).map(|(value, used)| {
            *used = tick;
            &*value
        })
    }

    /// Keeps `value` for `key`, evicting the least recently used entry when full.
    pub fn insert(&mut self, key: K, value: V) {
        self.tick += 1;
        self.make_room_for(&key);
        self.entries.insert(key, (value, self.tick));
    }

    /// The value for `key`, now the most recently used; made by `make` and kept first if
    /// there is none, evicting the least recently used entry when full.
    pub fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> &V {
        self.tick += 1;
        self.make_room_for(&key);
        let tick = self.tick;
        let (value, used) = self.entries.entry(key).or_insert_with(|| (make(), tick));
        *used = tick;
        value
    }

    /// Evicts the least recently used entry if the map is full and `key` is not in it.
    fn make_room_for(&mut self, key: &K) {
        if !self.entries.contains_key(key) && self.entries.len() >= self.bound {
            let oldest = self
                .entries
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(key, _)| key.clone());
            if let Some(oldest) = oldest {
                self.entries.remove(&oldest);
            }
        }
    }

    /// Every entry, the least recently used first: inserted into another map in this order,
    /// they keep their order of use.
    pub fn into_oldest_first(self) -> impl Iterator<Item = (K, V)> {
        let mut entries: Vec<(K, (V, u64))> = self.entries.into_iter().collect();
        entries.sort_by_key(|(_, (_, used))| *used);
        entries.into_iter().map(|(key, (value, _))| (key, value))
    }

    /// How many entries are held: never more than the bound.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_holds_more_than_its_bound() {
        let mut map = Lru::new(3);
        for i in 0..100 {
            map.insert(i, i * 10);
            assert!(map.len() <= 3, "{} entries after {i}", map.len());
        }
        assert_eq!(map.len(), 3);
        assert_eq!(
            [97, 98, 99].map(|key| map.get(&key).copied()),
            [Some(970), Some(980), Some(990)]
        );
    }

    #[test]
    fn a_read_keeps_an_entry_and_the_least_recently_used_goes() {
        let mut map = Lru::new(2);
        map.insert("a", 1);
        map.insert("b", 2);
        assert_eq!(map.get(&"a"), Some(&1));
        map.insert("c", 3);
        assert_eq!(map.get(&"b"), None, "b was used longest ago");
        assert_eq!(
            ["a", "c"].map(|key| map.get(&key).copied()),
            [Some(1), Some(3)]
        );
        // Replacing a held key evicts nothing.
        map.insert("a", 10);
        assert_eq!(
            ["a", "c"].map(|key| map.get(&key).copied()),
            [Some(10), Some(3)]
        );
        // Asking for a held key makes nothing; for a new one, makes and keeps it.
        assert_eq!(*map.get_or_insert_with("a", || 30), 10);
        assert_eq!(*map.get_or_insert_with("d", || 4), 4);
        assert_eq!(map.get(&"c"), None, "c was used longest ago");
        assert_eq!(map.get(&"a"), Some(&10));
    }
}
