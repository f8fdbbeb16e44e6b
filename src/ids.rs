//! Entries by id, without hashing: ids come from files the director does not
//! trust, and no choice of ids may make a lookup slow.

/// Entry indices by id. The tool numbers entries 1, 2, 3, …, so the ids
/// usually fill a range little wider than their number: then a table over the
/// range answers at once. Otherwise the ids are sorted and searched by halves.
/// Where an id occurs twice the later entry answers (as a map built in order would).
pub(crate) enum IdIndex {
    Dense { first: u32, slots: Vec<u32> },
    Sorted(Vec<(u32, u32)>),
}

/// An empty slot of the table.
const NONE: u32 = u32::MAX;

impl IdIndex {
    pub fn new(ids: impl ExactSizeIterator<Item = u32> + Clone) -> IdIndex {
        let n = ids.len();
        if n == 0 {
            return IdIndex::Sorted(Vec::new());
        }
        // The smallest and largest in one pass.
        let (first, last) = ids
            .clone()
            .fold((u32::MAX, 0), |(lo, hi), id| (lo.min(id), hi.max(id)));
        let width = (last - first) as usize + 1;
        if width <= 2 * n + 64 {
            let mut slots = vec![NONE; width];
            for (i, id) in ids.enumerate() {
                slots[(id - first) as usize] = i as u32;
            }
            return IdIndex::Dense { first, slots };
        }
        let mut sorted: Vec<(u32, u32)> = ids.enumerate().map(|(i, id)| (id, i as u32)).collect();
        sorted.sort_unstable();
        IdIndex::Sorted(sorted)
    }

    /// The index of ids that must each occur once; where one does not, the
    /// first repeat in order: `(i, j)`, the indices of its first and second
    /// occurrence, `j` the least such index of all.
    pub fn unique(
        ids: impl ExactSizeIterator<Item = u32> + Clone,
    ) -> Result<IdIndex, (usize, usize)> {
        let index = IdIndex::new(ids.clone());
        match &index {
            IdIndex::Dense { first, .. } => {
                // Filled again in order: the first slot found taken is the
                // first repeat, and it holds the first occurrence.
                let mut seen = vec![NONE; index.width()];
                for (j, id) in ids.enumerate() {
                    let slot = &mut seen[(id - first) as usize];
                    if *slot != NONE {
                        return Err((*slot as usize, j));
                    }
                    *slot = j as u32;
                }
            }
            IdIndex::Sorted(sorted) => {
                // Sorted by id, then index: a repeated id's occurrences are
                // next to each other in order; its second is its first repeat.
                let repeat = sorted
                    .windows(2)
                    .enumerate()
                    .filter(|&(k, w)| w[0].0 == w[1].0 && (k == 0 || sorted[k - 1].0 != w[0].0))
                    .map(|(_, w)| (w[0].1 as usize, w[1].1 as usize))
                    .min_by_key(|&(_, j)| j);
                if let Some(r) = repeat {
                    return Err(r);
                }
            }
        }
        Ok(index)
    }

    /// How many ids the dense table spans.
    fn width(&self) -> usize {
        match self {
            IdIndex::Dense { slots, .. } => slots.len(),
            IdIndex::Sorted(_) => 0,
        }
    }

    /// The index of the entry with this id.
    pub fn get(&self, id: u32) -> Option<usize> {
        match self {
            IdIndex::Dense { first, slots } => {
                let slot = *slots.get(id.checked_sub(*first)? as usize)?;
                (slot != NONE).then_some(slot as usize)
            }
            IdIndex::Sorted(sorted) => {
                // The last of the pairs with this id: the later entry.
                let k = sorted.partition_point(|&(i, _)| i <= id).checked_sub(1)?;
                let (found, at) = sorted[k];
                (found == id).then_some(at as usize)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::IdIndex;

    /// `unique` finds the repeat a map filled in order finds first (the
    /// least second occurrence, with the occurrence before it), or none, in
    /// both ways of the index.
    #[test]
    fn unique_finds_the_first_repeat_in_order() {
        let cases: Vec<Vec<u32>> = vec![
            vec![],
            vec![7],
            (1..=100).collect(),
            vec![3, 1, 2, 3, 5, 1],
            vec![5, 1, 1, 5],
            vec![9, 9, 9],
            vec![0, u32::MAX - 1, 17, 4_000_000_000, 17, 0],
            (0..50).map(|i| i * 1000).chain([7000, 3000]).collect(),
            vec![u32::MAX, 2, u32::MAX],
        ];
        for ids in cases {
            let mut map: HashMap<u32, usize> = HashMap::new();
            let mut want = None;
            for (j, &id) in ids.iter().enumerate() {
                if let Some(i) = map.insert(id, j) {
                    want = Some((i, j));
                    break;
                }
            }
            let got = IdIndex::unique(ids.iter().copied());
            assert_eq!(got.as_ref().err().copied(), want, "{ids:?}");
            if let Ok(index) = got {
                for (i, &id) in ids.iter().enumerate() {
                    assert_eq!(index.get(id), Some(i), "{ids:?}");
                }
            }
        }
    }

    /// Both ways of the index answer as a map built in order does, for dense
    /// ids, sparse ones, repeated ones and ids at the ends of `u32`.
    #[test]
    fn answers_as_a_map_built_in_order() {
        let cases: Vec<Vec<u32>> = vec![
            vec![],
            vec![7],
            (1..=100).collect(),
            (1..=100).rev().collect(),
            vec![3, 1, 2, 3, 5, 1],
            vec![0, u32::MAX - 1, 17, 17, 4_000_000_000],
            (0..50).map(|i| i * 1000).collect(),
            vec![u32::MAX - 1, u32::MAX - 2, u32::MAX - 3],
        ];
        for ids in cases {
            let index = IdIndex::new(ids.iter().copied());
            let map: HashMap<u32, usize> = ids.iter().enumerate().map(|(i, &id)| (id, i)).collect();
            let probes = ids
                .iter()
                .flat_map(|&id| [id, id.wrapping_add(1), id.wrapping_sub(1)])
                .chain([0, 1, u32::MAX, u32::MAX - 1]);
            for p in probes {
                assert_eq!(index.get(p), map.get(&p).copied(), "{ids:?}, id {p}");
            }
        }
        assert!(matches!(
            IdIndex::new((1..101u32).rev()),
            IdIndex::Dense { .. }
        ));
        assert!(matches!(
            IdIndex::new((0..50).map(|i| i * 1000)),
            IdIndex::Sorted(_)
        ));
    }
}
