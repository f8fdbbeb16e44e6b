//! [`Few`]: a list that most often holds one value, kept inline.
//!
//! A ledger of 80 000 entries (or a hostile file of the largest size) keeps
//! hundreds of thousands of short lists: an amendment's stated fields, an
//! entry's findings, the parts others pay. Most hold one value or none; a
//! `Vec` or a boxed slice costs a heap block (and an allocation) for each of
//! those, a `Few` none.

use std::ops::Deref;

/// A few values: none, the one most lists hold (inline, no allocation of its
/// own), or more (boxed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Few<V> {
    #[default]
    None,
    One(V),
    Many(Box<[V]>),
}

impl<V> Few<V> {
    pub fn from_vec(mut v: Vec<V>) -> Few<V> {
        match v.len() {
            0 => Few::None,
            1 => v.pop().map_or(Few::None, Few::One),
            _ => Few::Many(v.into_boxed_slice()),
        }
    }

    pub fn as_slice(&self) -> &[V] {
        match self {
            Few::None => &[],
            Few::One(v) => std::slice::from_ref(v),
            Few::Many(vs) => vs,
        }
    }

    /// The values, in order, as a `Vec`.
    pub fn into_vec(self) -> Vec<V> {
        match self {
            Few::None => Vec::new(),
            Few::One(v) => vec![v],
            Few::Many(vs) => vs.into_vec(),
        }
    }

    /// Adds a value at the end: the first without an allocation, a second and
    /// later ones (rare) by rebuilding the box, in one allocation of the size
    /// it ends with (growing the old one and then shrinking it took two).
    #[inline]
    pub fn push(&mut self, v: V) {
        match self {
            Few::None => *self = Few::One(v),
            _ => self.push_more(v),
        }
    }

    /// [`Few::push`] onto one value or more.
    #[inline(never)]
    fn push_more(&mut self, v: V) {
        match self {
            Few::None => *self = Few::One(v),
            Few::One(_) => {
                if let Few::One(first) = std::mem::take(self) {
                    *self = Few::Many(Box::new([first, v]));
                }
            }
            Few::Many(vs) => {
                let old = std::mem::take(vs).into_vec();
                let mut all = Vec::with_capacity(old.len() + 1);
                all.extend(old);
                all.push(v);
                *vs = all.into_boxed_slice();
            }
        }
    }

    /// Keeps the values `keep` says yes to, in order.
    pub fn retain(&mut self, keep: impl FnMut(&V) -> bool) {
        let mut all = std::mem::take(self).into_vec();
        all.retain(keep);
        *self = Few::from_vec(all);
    }

    /// The first of its values `pick` takes: one field's, read without
    /// copying the others.
    pub fn find<'a, T>(&'a self, pick: impl Fn(&'a V) -> Option<T>) -> Option<T> {
        self.as_slice().iter().find_map(pick)
    }
}

impl<V> Deref for Few<V> {
    type Target = [V];

    fn deref(&self) -> &[V] {
        self.as_slice()
    }
}

impl<'a, V> IntoIterator for &'a Few<V> {
    type Item = &'a V;
    type IntoIter = std::slice::Iter<'a, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl<V> IntoIterator for Few<V> {
    type Item = V;
    type IntoIter = IntoIter<V>;

    fn into_iter(self) -> IntoIter<V> {
        IntoIter(match self {
            Few::None => Inner::One(None),
            Few::One(v) => Inner::One(Some(v)),
            Few::Many(vs) => Inner::Many(vs.into_vec().into_iter()),
        })
    }
}

/// A [`Few`]'s values, taken in order: one inline without an allocation.
pub struct IntoIter<V>(Inner<V>);

enum Inner<V> {
    One(Option<V>),
    Many(std::vec::IntoIter<V>),
}

impl<V> Iterator for IntoIter<V> {
    type Item = V;

    fn next(&mut self) -> Option<V> {
        match &mut self.0 {
            Inner::One(v) => v.take(),
            Inner::Many(vs) => vs.next(),
        }
    }
}

impl<V> Extend<V> for Few<V> {
    fn extend<I: IntoIterator<Item = V>>(&mut self, values: I) {
        for v in values {
            self.push(v);
        }
    }
}

impl<V> From<Vec<V>> for Few<V> {
    fn from(v: Vec<V>) -> Few<V> {
        Few::from_vec(v)
    }
}

#[cfg(test)]
mod tests {
    use super::Few;

    /// Every way of building a list keeps its values in order, whatever their
    /// number, and holds none or one without a box.
    #[test]
    fn a_few_keeps_its_values_in_order() {
        for n in 0..6u32 {
            let values: Vec<u32> = (0..n).collect();
            let mut pushed = Few::default();
            for &v in &values {
                pushed.push(v);
            }
            let mut extended = Few::default();
            extended.extend(values.iter().copied());
            for few in [Few::from_vec(values.clone()), pushed, extended] {
                assert_eq!(few.as_slice(), &values[..]);
                assert_eq!((&few).into_iter().count(), values.len());
                match n {
                    0 => assert_eq!(few, Few::None),
                    1 => assert_eq!(few, Few::One(0)),
                    _ => assert!(matches!(few, Few::Many(_))),
                }
                let mut odd = few.clone();
                odd.retain(|v| v % 2 == 1);
                let want: Vec<u32> = values.iter().copied().filter(|v| v % 2 == 1).collect();
                assert_eq!(odd.as_slice(), &want[..]);
                assert_eq!(few.clone().into_iter().collect::<Vec<_>>(), values);
                assert_eq!(few.into_vec(), values);
            }
        }
    }
}
