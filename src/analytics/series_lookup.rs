//! Telling series apart by their shared name instead of by hashing it.

use std::sync::Arc;

/// Something known about each series (its number in the frame, whether a derived series needs
/// it), looked up per figure. The store gives every figure of a series the same `Arc<str>`, so
/// comparing pointers over the twenty-odd series finds it; hashing the name once per figure
/// was a large share of building the dataset. Names that are not shared are compared as text.
pub(super) struct SeriesLookup<T> {
    known: Vec<(Arc<str>, T)>,
}

impl<T: Copy> SeriesLookup<T> {
    pub fn new() -> Self {
        Self { known: Vec::new() }
    }

    /// What is known about `series`, worked out by `learn` from its name the first time.
    pub fn get(&mut self, series: &Arc<str>, learn: impl FnOnce(&str) -> T) -> T {
        if let Some((_, known)) = self.known.iter().find(|(s, _)| Arc::ptr_eq(s, series)) {
            return *known;
        }
        if let Some((_, known)) = self.known.iter().find(|(s, _)| s == series) {
            return *known;
        }
        let known = learn(series);
        self.known.push((series.clone(), known));
        known
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_series_is_learned_once_whether_its_name_is_shared_or_not() {
        let mut lookup = SeriesLookup::new();
        let mut learned = Vec::new();
        let shared: Arc<str> = Arc::from("tv_series");
        for series in [
            shared.clone(),
            shared,
            Arc::from("tv_series"),
            Arc::from("x"),
        ] {
            lookup.get(&series, |name| {
                learned.push(name.to_owned());
                name.len()
            });
        }
        assert_eq!(learned, ["tv_series", "x"]);
        assert_eq!(lookup.get(&Arc::from("x"), |_| 0), 1);
    }

    #[test]
    fn every_series_is_found_in_any_order() {
        let mut lookup = SeriesLookup::new();
        let names: Vec<Arc<str>> = ["a", "b", "c", "d"].into_iter().map(Arc::from).collect();
        let order = [0, 1, 2, 3, 0, 1, 2, 3, 3, 1, 0, 2, 2, 0];
        for i in order {
            let found = lookup.get(&names[i], |name| name.as_bytes()[0]);
            assert_eq!(found, names[i].as_bytes()[0]);
        }
        assert_eq!(lookup.known.len(), 4);
    }
}
