//! A cache of values read from the store, valid for one store generation: any logged write,
//! on this instance or (with a shared store) another, starts a new generation and empties it.
//! For what every unit of a batch or product shows alike (passport, journey), read once and
//! shared by every scan until something changes.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

/// Values by id for the generation they were read at.
#[derive(Debug)]
pub struct GenCache<V> {
    inner: RwLock<(u64, HashMap<u64, Arc<V>>)>,
}

impl<V> Default for GenCache<V> {
    fn default() -> Self {
        Self {
            inner: RwLock::new((0, HashMap::new())),
        }
    }
}

impl<V> GenCache<V> {
    /// Ids kept before the cache starts over: a province has about a thousand products and
    /// a few thousand batches on shelves; past that a re-read costs less than the memory
    /// (a passport with its facts and documents is a few kilobytes).
    const MAX: usize = 10_000;

    /// The value of `id` read at `generation`, if cached.
    pub fn get(&self, id: u64, generation: u64) -> Option<Arc<V>> {
        let inner = self.inner.read().unwrap_or_else(PoisonError::into_inner);
        (inner.0 == generation).then(|| inner.1.get(&id).cloned())?
    }

    /// Keeps `value` for `id` at `generation` (dropping everything of an older one).
    pub fn put(&self, id: u64, generation: u64, value: Arc<V>) {
        let mut inner = self.inner.write().unwrap_or_else(PoisonError::into_inner);
        if inner.0 != generation || inner.1.len() >= Self::MAX {
            *inner = (generation, HashMap::new());
        }
        inner.1.insert(id, value);
    }

    /// The cached value, or `read` it and keep it for this generation.
    pub fn get_or_read<E>(
        &self,
        id: u64,
        generation: u64,
        read: impl FnOnce() -> Result<V, E>,
    ) -> Result<Arc<V>, E> {
        if let Some(v) = self.get(id, generation) {
            return Ok(v);
        }
        let fresh = Arc::new(read()?);
        self.put(id, generation, fresh.clone());
        Ok(fresh)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_generation_reads_again() {
        let cache = GenCache::<u32>::default();
        let mut reads = 0;
        let mut read = |g| {
            cache.get_or_read(7, g, || {
                reads += 1;
                Ok::<_, ()>(reads)
            })
        };
        assert_eq!(read(1).map(|v| *v), Ok(1));
        assert_eq!(read(1).map(|v| *v), Ok(1));
        assert_eq!(read(2).map(|v| *v), Ok(2));
    }
}
