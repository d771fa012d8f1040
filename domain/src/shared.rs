//! Collections whose clones share storage until one side changes it (copy on write, a
//! chunk at a time). The tournament state is cloned to plan a change and to fold an undo
//! from a snapshot: a clone of a 10,000-entry field must cost microseconds, and changing
//! one entry of the clone copies one small chunk, not the field. Plain `std` and `Arc`;
//! they serialize exactly as the `Vec` and `BTreeMap` they stand for.

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// Elements per chunk of a [`SharedVec`]: a change to a shared chunk copies this many.
const CHUNK: usize = 32;
/// A [`SharedMap`] leaf splits in two past this many keys.
const LEAF: usize = 64;

/// A vector kept as chunks of [`CHUNK`] elements behind `Arc`s: every chunk is full but
/// the last, so element `i` is in chunk `i / CHUNK`.
#[derive(Clone)]
pub struct SharedVec<T> {
    chunks: Vec<Arc<Vec<T>>>,
    len: usize,
}

impl<T> Default for SharedVec<T> {
    fn default() -> Self {
        SharedVec {
            chunks: Vec::new(),
            len: 0,
        }
    }
}

impl<T: Clone> SharedVec<T> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn get(&self, i: usize) -> Option<&T> {
        self.chunks.get(i / CHUNK)?.get(i % CHUNK)
    }

    /// The element at `i`, its chunk copied first if a clone shares it.
    pub fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        Arc::make_mut(self.chunks.get_mut(i / CHUNK)?).get_mut(i % CHUNK)
    }

    pub fn last(&self) -> Option<&T> {
        self.len.checked_sub(1).and_then(|i| self.get(i))
    }

    pub fn push(&mut self, value: T) {
        match self.chunks.last_mut() {
            Some(chunk) if chunk.len() < CHUNK => Arc::make_mut(chunk).push(value),
            _ => {
                let mut chunk = Vec::with_capacity(CHUNK);
                chunk.push(value);
                self.chunks.push(Arc::new(chunk));
            }
        }
        self.len += 1;
    }

    /// Keeps the first `len` elements.
    pub fn truncate(&mut self, len: usize) {
        if len >= self.len {
            return;
        }
        self.chunks.truncate(len.div_ceil(CHUNK));
        let keep = len - self.chunks.len().saturating_sub(1) * CHUNK;
        if let Some(last) = self.chunks.last_mut() {
            if last.len() > keep {
                Arc::make_mut(last).truncate(keep);
            }
        }
        self.len = len;
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + '_ {
        self.chunks.iter().flat_map(|c| c.iter())
    }

    pub fn to_vec(&self) -> Vec<T> {
        self.iter().cloned().collect()
    }
}

impl<T: Clone> FromIterator<T> for SharedVec<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let mut v = SharedVec::new();
        items.into_iter().for_each(|x| v.push(x));
        v
    }
}

impl<T: Clone + PartialEq> PartialEq for SharedVec<T> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl<T: Clone + Eq> Eq for SharedVec<T> {}

impl<T: Clone + fmt::Debug> fmt::Debug for SharedVec<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: Clone + Serialize> Serialize for SharedVec<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de, T: Clone + Deserialize<'de>> Deserialize<'de> for SharedVec<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Vec::<T>::deserialize(d)?.into_iter().collect())
    }
}

/// An ordered map kept as leaves of at most `2 * LEAF` keys behind `Arc`s, found by
/// their smallest key.
#[derive(Clone)]
pub struct SharedMap<K, V> {
    /// Each leaf is non-empty and filed under its smallest key.
    leaves: BTreeMap<K, Arc<BTreeMap<K, V>>>,
    len: usize,
}

impl<K, V> Default for SharedMap<K, V> {
    fn default() -> Self {
        SharedMap {
            leaves: BTreeMap::new(),
            len: 0,
        }
    }
}

impl<K: Ord + Clone, V: Clone> SharedMap<K, V> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The key of the leaf that holds (or would hold) `key`.
    fn leaf_of(&self, key: &K) -> Option<K> {
        self.leaves
            .range(..=key)
            .next_back()
            .map(|(k, _)| k.clone())
    }

    pub fn get(&self, key: &K) -> Option<&V> {
        self.leaves.range(..=key).next_back()?.1.get(key)
    }

    pub fn contains_key(&self, key: &K) -> bool {
        self.get(key).is_some()
    }

    /// The value at `key`, its leaf copied first if a clone shares it.
    pub fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        let (_, leaf) = self.leaves.range_mut(..=key).next_back()?;
        Arc::make_mut(leaf).get_mut(key)
    }

    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        let Some(at) = self.leaf_of(&key) else {
            // Below every leaf: it joins the first leaf, which is filed under it now.
            let mut leaf = match self.leaves.pop_first() {
                Some((_, leaf)) => leaf,
                None => Arc::new(BTreeMap::new()),
            };
            Arc::make_mut(&mut leaf).insert(key.clone(), value);
            self.leaves.insert(key.clone(), leaf);
            self.len += 1;
            self.split(&key);
            return None;
        };
        let leaf = self.leaves.get_mut(&at).map(Arc::make_mut)?;
        let old = leaf.insert(key, value);
        if old.is_none() {
            self.len += 1;
            self.split(&at);
        }
        old
    }

    /// Splits the leaf filed under `at` in two when it has grown past `2 * LEAF` keys.
    fn split(&mut self, at: &K) {
        let Some(leaf) = self.leaves.get_mut(at) else {
            return;
        };
        if leaf.len() <= 2 * LEAF {
            return;
        }
        let Some(middle) = leaf.keys().nth(LEAF).cloned() else {
            return;
        };
        let upper = Arc::make_mut(leaf).split_off(&middle);
        self.leaves.insert(middle, Arc::new(upper));
    }

    /// The value at `key`, inserted with `make` first if there is none.
    pub fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> &mut V {
        if !self.contains_key(&key) {
            self.insert(key.clone(), make());
        }
        self.get_mut(&key).expect("present: just inserted")
    }

    pub fn remove(&mut self, key: &K) -> Option<V> {
        let at = self.leaf_of(key)?;
        let leaf = self.leaves.get_mut(&at).map(Arc::make_mut)?;
        let old = leaf.remove(key)?;
        self.len -= 1;
        let smallest = leaf.keys().next().cloned();
        match smallest {
            None => {
                self.leaves.remove(&at);
            }
            // The leaf lost its smallest key: file it under the new one.
            Some(first) if *key == at => {
                if let Some(leaf) = self.leaves.remove(&at) {
                    self.leaves.insert(first, leaf);
                }
            }
            Some(_) => {}
        }
        Some(old)
    }

    /// Every entry, by key.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> + '_ {
        self.leaves.values().flat_map(|leaf| leaf.iter())
    }
}

impl<K: Ord + Clone, V: Clone> FromIterator<(K, V)> for SharedMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(items: I) -> Self {
        let mut map = SharedMap::new();
        items.into_iter().for_each(|(k, v)| {
            map.insert(k, v);
        });
        map
    }
}

impl<K: Ord + Clone, V: Clone + PartialEq> PartialEq for SharedMap<K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl<K: Ord + Clone, V: Clone + Eq> Eq for SharedMap<K, V> {}

impl<K: Ord + Clone + fmt::Debug, V: Clone + fmt::Debug> fmt::Debug for SharedMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: Ord + Clone + Serialize, V: Clone + Serialize> Serialize for SharedMap<K, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de, K, V> Deserialize<'de> for SharedMap<K, V>
where
    K: Ord + Clone + Deserialize<'de>,
    V: Clone + Deserialize<'de>,
{
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(BTreeMap::<K, V>::deserialize(d)?.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_shared_vec_behaves_as_a_vec_and_its_clone_does_not_see_changes(
            ops in prop::collection::vec((0u8..4, 0usize..200, any::<u32>()), 0..400)
        ) {
            let mut shared = SharedVec::new();
            let mut plain: Vec<u32> = Vec::new();
            let mut snapshots = Vec::new();
            for (op, at, value) in ops {
                match op {
                    0 => { shared.push(value); plain.push(value); }
                    1 => { shared.truncate(at); plain.truncate(at); }
                    2 => {
                        if let (Some(a), Some(b)) = (shared.get_mut(at), plain.get_mut(at)) {
                            *a = value;
                            *b = value;
                        }
                    }
                    _ => snapshots.push((shared.clone(), plain.clone())),
                }
                prop_assert_eq!(shared.len(), plain.len());
                prop_assert_eq!(shared.to_vec(), plain.clone());
                prop_assert_eq!(shared.last(), plain.last());
            }
            for (s, p) in snapshots {
                prop_assert_eq!(s.to_vec(), p);
            }
        }

        #[test]
        fn a_shared_map_behaves_as_a_btree_map_and_its_clone_does_not_see_changes(
            ops in prop::collection::vec((0u8..4, 0u16..600, any::<u32>()), 0..800)
        ) {
            let mut shared = SharedMap::new();
            let mut plain: BTreeMap<u16, u32> = BTreeMap::new();
            let mut snapshots = Vec::new();
            for (op, key, value) in ops {
                match op {
                    0 => prop_assert_eq!(shared.insert(key, value), plain.insert(key, value)),
                    1 => prop_assert_eq!(shared.remove(&key), plain.remove(&key)),
                    2 => {
                        *shared.get_or_insert_with(key, || 0) += 1;
                        *plain.entry(key).or_insert(0) += 1;
                    }
                    _ => snapshots.push((shared.clone(), plain.clone())),
                }
                prop_assert_eq!(shared.len(), plain.len());
                prop_assert_eq!(shared.get(&key), plain.get(&key));
            }
            let listed: Vec<(u16, u32)> = shared.iter().map(|(k, v)| (*k, *v)).collect();
            let expected: Vec<(u16, u32)> = plain.into_iter().collect();
            prop_assert_eq!(listed, expected);
            for (s, p) in snapshots {
                let listed: Vec<(u16, u32)> = s.iter().map(|(k, v)| (*k, *v)).collect();
                prop_assert_eq!(listed, p.into_iter().collect::<Vec<_>>());
            }
        }
    }

    #[test]
    fn they_serialize_as_the_vec_and_map_they_stand_for() {
        let v: SharedVec<u32> = (0..70).collect();
        let plain: Vec<u32> = (0..70).collect();
        let json = serde_json::to_string(&v).expect("serializes");
        assert_eq!(json, serde_json::to_string(&plain).expect("serializes"));
        let back: SharedVec<u32> = serde_json::from_str(&json).expect("reads");
        assert_eq!(back, v);
        let m: SharedMap<u32, u32> = (0..300).map(|k| (k, k * 2)).collect();
        let plain: BTreeMap<u32, u32> = (0..300).map(|k| (k, k * 2)).collect();
        let json = serde_json::to_string(&m).expect("serializes");
        assert_eq!(json, serde_json::to_string(&plain).expect("serializes"));
        let back: SharedMap<u32, u32> = serde_json::from_str(&json).expect("reads");
        assert_eq!(back, m);
    }
}
