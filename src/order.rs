//! One sort for the whole lab. Each `sort_by` with its own closure is a copy of the
//! standard library's sort made for that closure (3 to 8 KB of WebAssembly each);
//! every call site here orders indices through this one function instead.

use std::cmp::Ordering;

/// The indices `0..n` in the order `compare` gives them, equal ones in index order
/// (so it is a stable sort of whatever the indices point at).
#[inline(never)] // one copy of the sort, however many callers
pub fn order_by(n: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_unstable_by(|&a, &b| compare(a, b).then(a.cmp(&b)));
    order
}

/// `items` in the order `compare` gives them, equal ones kept in their order.
pub fn sorted_by<T: Clone>(items: &[T], compare: impl Fn(&T, &T) -> Ordering) -> Vec<T> {
    order_by(items.len(), &mut |a, b| compare(&items[a], &items[b])).into_iter().map(|i| items[i].clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_by_is_stable_like_the_standard_sort() {
        let items: Vec<(u32, u32)> = (0..500).map(|i| ((i * 7919) % 13, i)).collect();
        let mut expected = items.clone();
        expected.sort_by_key(|p| p.0);
        assert_eq!(sorted_by(&items, |a, b| a.0.cmp(&b.0)), expected);
        let mut descending = items.clone();
        descending.sort_by_key(|p| std::cmp::Reverse(p.0));
        assert_eq!(sorted_by(&items, |a, b| b.0.cmp(&a.0)), descending);
    }
}
