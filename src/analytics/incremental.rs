//! A save applied to the dataset instead of a rebuild of everything (issue #19, item 1): the
//! organisations it changed are read again and replace theirs, every other organisation's
//! figures are shared with the dataset before, and a summary asked before is computed again
//! only in the quarters whose figures changed.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use super::figure_index::quarter_span;
use super::{Dataset, Observation, SummaryRow, by_organisation, with_derived};
use crate::{Basis, Goal, OrgNumber, Period};

impl Dataset {
    /// This dataset with the figures of `organisations` replaced by `observations`, their
    /// entered figures as now stored (derived series are added here, as on a full rebuild),
    /// and the quarters where any counted figure or its status differs. An organisation in
    /// `organisations` without figures in `observations` has none left.
    pub(super) fn updated(
        &self,
        organisations: &[OrgNumber],
        observations: Vec<Observation>,
        goals: &HashMap<OrgNumber, Goal>,
    ) -> (Dataset, BTreeSet<Period>) {
        let mut read = by_organisation(observations, |figures| {
            with_derived(figures, goals, &self.derived)
        });
        let mut figures = self.figures.clone();
        let mut touched = BTreeSet::new();
        for organisation in organisations {
            let new = read.remove(organisation);
            let old = figures.get(organisation).map_or(&[][..], |old| &old[..]);
            touched.extend(changed_quarters(old, new.as_deref().unwrap_or_default()));
            match new {
                Some(new) => figures.insert(*organisation, new),
                None => figures.remove(organisation),
            };
        }
        (self.with_figures(figures), touched)
    }

    /// The figures of `quarters` alone, knowing what this dataset knows of organisations and
    /// sizes: a summary of it has exactly this dataset's rows of those quarters, each group
    /// of figures in the same order, so computed by the same aggregation.
    pub(super) fn of_quarters(&self, quarters: &BTreeSet<Period>) -> Dataset {
        let figures = self
            .figures
            .iter()
            .filter_map(|(organisation, part)| {
                let mut kept = Vec::new();
                for &quarter in quarters {
                    kept.extend_from_slice(&part[quarter_span(part, quarter)]);
                }
                (!kept.is_empty()).then(|| (*organisation, kept.into()))
            })
            .collect();
        self.with_figures(figures)
    }

    /// A dataset of other `figures` that knows what this one knows of organisations, sizes
    /// and series.
    fn with_figures(&self, figures: BTreeMap<OrgNumber, Arc<[Observation]>>) -> Dataset {
        let mut dataset = Self::of_parts(
            figures,
            self.organisations.clone(),
            self.entered_series,
            self.sizes.clone(),
            self.normalisable.clone(),
        );
        dataset.derived = self.derived.clone();
        dataset
    }
}

/// The quarters where one organisation's counted figures (in quarter order) differ: no summary
/// counts a draft, so a quarter where only drafts changed needs none made again.
fn changed_quarters(old: &[Observation], new: &[Observation]) -> BTreeSet<Period> {
    let counted = |o: &&Observation| Basis::Reported.counts(o.status);
    let quarters: BTreeSet<Period> = old.iter().chain(new).map(|o| o.period).collect();
    quarters
        .into_iter()
        .filter(|&quarter| {
            let was = old[quarter_span(old, quarter)].iter().filter(counted);
            let is = new[quarter_span(new, quarter)].iter().filter(counted);
            !was.eq(is)
        })
        .collect()
}

/// A summary's `rows` with those of `touched` quarters replaced by `recomputed`, in the
/// summary's order: by series, then quarter.
pub(super) fn patched(
    rows: &[SummaryRow],
    touched: &BTreeSet<Period>,
    recomputed: Vec<SummaryRow>,
) -> Vec<SummaryRow> {
    let mut merged: Vec<SummaryRow> = rows
        .iter()
        .filter(|row| !touched.contains(&row.period))
        .cloned()
        .chain(recomputed)
        .collect();
    merged.sort_by(|a, b| (&a.series, a.period).cmp(&(&b.series, b.period)));
    merged
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use proptest::prelude::*;

    use super::super::{Analytics, Filter, organisation_figures};
    use super::*;
    use crate::csv::ImportPlan;
    use crate::observer::Observer;
    use crate::store::{Actor, Store};
    use crate::{
        Basis, Catalogue, Entry, Normalise, OrgKind, OrgName, OrgSize, Organisation,
        OrganisationChange, ReportUpdate, SizeYear, Step,
    };

    const ORGANISATIONS: [(&str, &str, OrgKind); 3] = [
        ("212000-2627", "Ystads kommun", OrgKind::Municipality),
        ("212000-0159", "Uppsala kommun", OrgKind::Municipality),
        ("202100-5448", "Skatteverket", OrgKind::StateAgency),
    ];
    /// Counts and shares' parts (for the derived series), a normalisable count, an index and
    /// the 10x indicator (for the derived progress).
    const SERIES: [&str; 6] = [
        "ideas_delivered",
        "solved_internally",
        "solved_externally",
        "customer_satisfaction",
        "value_internal",
        "ten_x_current",
    ];
    /// Two quarters only: steps of a workflow find the reports saved before them.
    const QUARTERS: [&str; 2] = ["2025Q1", "2025Q2"];

    fn catalogue() -> Catalogue {
        Catalogue::shipped()
    }

    fn org(i: usize) -> OrgNumber {
        OrgNumber::parse(ORGANISATIONS[i].0).unwrap()
    }

    /// A quarter of the test, or (at 3) one not yet begun, which no write may accept.
    fn quarter(i: usize) -> Period {
        QUARTERS
            .get(i)
            .map(|q| Period::parse(q).unwrap())
            .unwrap_or_else(|| Period::from_index(Period::current().index() + 1).unwrap())
    }

    /// Counts how often the dataset was rebuilt and how often updated.
    #[derive(Debug, Default)]
    struct Counted {
        rebuilt: AtomicUsize,
        updated: AtomicUsize,
    }

    impl Observer for Counted {
        fn dataset_rebuilt(&self, _took: Duration) {
            self.rebuilt.fetch_add(1, Ordering::SeqCst);
        }
        fn dataset_updated(&self, _took: Duration) {
            self.updated.fetch_add(1, Ordering::SeqCst);
        }
    }

    impl Counted {
        fn counts(&self) -> (usize, usize) {
            (
                self.rebuilt.load(Ordering::SeqCst),
                self.updated.load(Ordering::SeqCst),
            )
        }
    }

    /// A new SQLite database with the three organisations, one of them publishing open data,
    /// one with a size and one with a 10x goal.
    async fn database(dir: &tempfile::TempDir) -> String {
        let url = format!("sqlite://{}/a.db", dir.path().display());
        let store = Store::connect(&url).await.unwrap();
        let system = Actor::System("test");
        for (number, name, kind) in ORGANISATIONS {
            let organisation = Organisation {
                organisation_number: OrgNumber::parse(number).unwrap(),
                name: OrgName::parse(name).unwrap(),
                kind,
            };
            store
                .create_organisation(&organisation, &system)
                .await
                .unwrap();
        }
        let opt_in = OrganisationChange {
            open_data: Some(true),
            ..Default::default()
        };
        store
            .change_organisation(org(1), &opt_in, &system)
            .await
            .unwrap();
        let size = OrgSize {
            employees: 250,
            inhabitants: Some(20_000),
        };
        let year = SizeYear::try_from(2025).unwrap();
        store.set_size(org(0), year, size, &system).await.unwrap();
        let goal = Goal::parse("Ärenden", 10.0, None, quarter(1), false).unwrap();
        store.set_goal(org(2), &goal, &system).await.unwrap();
        url
    }

    async fn connected(url: &str, observer: &Arc<Counted>) -> Analytics {
        let store = Store::connect(url)
            .await
            .unwrap()
            .observed_by(observer.clone());
        Analytics::new(store, &catalogue())
    }

    /// One write through the store, as the pages and the API make them.
    #[derive(Debug, Clone)]
    enum Write {
        /// Saves figures of a report (None clears one), creating it as a draft.
        Save(usize, usize, Vec<(usize, Option<u8>)>),
        /// Imports rows of (organisation, quarter, series, value) in one transaction.
        Import(Vec<(usize, usize, usize, u8)>),
        /// Submits, approves or reopens a report.
        Take(usize, usize, Step),
    }

    fn write() -> impl Strategy<Value = Write> {
        let organisation = 0..ORGANISATIONS.len();
        // Now and then a quarter not yet begun: refused both ways.
        let quarter = prop_oneof![12 => 0..QUARTERS.len(), 1 => Just(QUARTERS.len())];
        let value = prop_oneof![4 => (0u8..20).prop_map(Some), 1 => Just(None)];
        let step = prop_oneof![Just(Step::Submit), Just(Step::Approve), Just(Step::Reopen)];
        prop_oneof![
            3 => (
                organisation.clone(),
                quarter.clone(),
                proptest::collection::vec((0..SERIES.len(), value), 1..5),
            )
                .prop_map(|(o, q, values)| Write::Save(o, q, values)),
            // Each figure once: an import refuses a file naming one twice.
            1 => proptest::collection::btree_map(
                (organisation.clone(), 0..QUARTERS.len(), 0..SERIES.len()),
                0u8..20,
                1..6,
            )
            .prop_map(|rows| Write::Import(
                rows.into_iter().map(|((o, q, series), value)| (o, q, series, value)).collect()
            )),
            4 => (organisation, quarter, step).prop_map(|(o, q, s)| Write::Take(o, q, s)),
        ]
    }

    /// Applies `write`; a refused one (a locked report, a step out of turn, a quarter not
    /// begun) changes nothing, which is as much part of the test.
    async fn apply(store: &Store, catalogue: &Catalogue, write: &Write) {
        let system = Actor::System("test");
        match write {
            Write::Save(o, q, values) => {
                let entries = values.iter().map(|(series, value)| {
                    let entry = value.map_or(Entry::Clear, |v| Entry::Number(f64::from(v)));
                    (SERIES[*series].to_owned(), entry)
                });
                let update = ReportUpdate::parse(catalogue, entries, None).unwrap();
                let _ = store
                    .save_report(org(*o), quarter(*q), &update, &system)
                    .await;
            }
            Write::Import(rows) => {
                let mut csv = String::from("organisation_number,period,series,value\n");
                for (o, q, series, value) in rows {
                    let line = format!("{},{},{},{value}\n", org(*o), quarter(*q), SERIES[*series]);
                    csv.push_str(&line);
                }
                let plan = ImportPlan::parse(catalogue, csv.as_bytes()).unwrap();
                let _ = store.import(&plan, catalogue, &system).await;
            }
            Write::Take(o, q, step) => {
                let _ = store.take_step(org(*o), quarter(*q), *step, &system).await;
            }
        }
    }

    /// The filters the pages and the API ask, each a different question.
    fn filters() -> Vec<Filter> {
        let q2 = Some(quarter(1));
        vec![
            Filter::default(),
            Filter {
                basis: Basis::Approved,
                ..Filter::default()
            },
            Filter {
                kind: Some(OrgKind::Municipality),
                ..Filter::default()
            },
            Filter {
                from: q2,
                to: q2,
                series: Some(vec!["ideas_delivered".into(), "external_share".into()]),
                ..Filter::default()
            },
            Filter {
                normalise: Some(Normalise::PerThousandEmployees),
                ..Filter::default()
            },
        ]
    }

    /// Everything the pages ask of the dataset and its summaries, as `analytics` answers it.
    async fn answers(analytics: &Analytics) -> Vec<String> {
        let mut answers = Vec::new();
        for filter in filters() {
            let summary = analytics.summary(&filter).await.unwrap();
            let published = analytics.published_summary(&filter).await.unwrap();
            let shown = analytics.summary_as_shown(&filter).await.unwrap();
            answers.push(format!("{filter:?}: {summary:?} {published:?} {shown:?}"));
            let completeness = analytics
                .compute(move |data| data.completeness(&filter).unwrap())
                .await
                .unwrap();
            answers.push(format!("{completeness:?}"));
        }
        let dataset = analytics.dataset().await.unwrap();
        answers.push(format!(
            "{:?} {} {:?}",
            dataset.quarters(),
            dataset.figure_count(),
            dataset.observations().collect::<Vec<_>>()
        ));
        for i in 0..ORGANISATIONS.len() {
            answers.push(format!(
                "{:?}",
                organisation_figures(&dataset, org(i), true)
            ));
        }
        for i in 0..=QUARTERS.len() {
            let figures: Vec<_> = dataset.in_quarter(quarter(i)).collect();
            answers.push(format!("{figures:?}"));
        }
        answers
    }

    /// Saves ideas, and the parts of the external share, in a report of organisation `o`.
    async fn saved(store: &Store, o: usize, q: usize, value: u8) {
        apply(
            store,
            &catalogue(),
            &Write::Save(o, q, vec![(0, Some(value)), (1, Some(value)), (2, Some(1))]),
        )
        .await;
    }

    /// Submits the report of organisation `o` for quarter `q`.
    async fn submitted(store: &Store, o: usize, q: usize) {
        apply(store, &catalogue(), &Write::Take(o, q, Step::Submit)).await;
    }

    #[tokio::test]
    async fn another_instance_applies_the_saves_it_reads_in_the_change_log() {
        let dir = tempfile::tempdir().unwrap();
        let url = database(&dir).await;
        let (writing, reading) = (Arc::new(Counted::default()), Arc::new(Counted::default()));
        let (here, there) = (
            connected(&url, &writing).await,
            connected(&url, &reading).await,
        );
        let before = answers(&there).await;
        assert_eq!(reading.counts(), (1, 0));
        saved(&here.store, 0, 0, 5).await;
        submitted(&here.store, 0, 0).await;
        let after = answers(&there).await;
        assert_ne!(before, after, "the saved report counts once submitted");
        assert_eq!(reading.counts(), (1, 1), "applied, not rebuilt");
        let fresh = connected(&url, &Arc::default()).await;
        assert_eq!(after, answers(&fresh).await);
        // Ystad's submitted 5 ideas are the only figure of the quarter.
        let ideas = Filter {
            series: Some(vec!["ideas_delivered".into()]),
            ..Filter::default()
        };
        let rows = there.summary(&ideas).await.unwrap();
        assert_eq!(
            rows.iter()
                .map(|r| (r.period, r.n, r.sum))
                .collect::<Vec<_>>(),
            [(quarter(0), 1, 5.0)]
        );
        // Approving moves only the approved count.
        apply(&here.store, &catalogue(), &Write::Take(0, 0, Step::Approve)).await;
        let rows = there.summary(&ideas).await.unwrap();
        assert_eq!(
            rows.iter().map(|r| (r.n, r.n_approved)).collect::<Vec<_>>(),
            [(1, 1)]
        );
        assert_eq!(reading.counts(), (1, 2));
    }

    #[tokio::test]
    async fn a_cache_behind_the_pruned_log_or_after_other_changes_rebuilds() {
        let dir = tempfile::tempdir().unwrap();
        let url = database(&dir).await;
        let counted = Arc::new(Counted::default());
        let analytics = connected(&url, &counted).await;
        answers(&analytics).await;
        saved(&analytics.store, 0, 0, 5).await;
        saved(&analytics.store, 1, 1, 7).await;
        let version = analytics.store.data_version().await.unwrap().all;
        // The first of the two saves is no longer in the log.
        analytics
            .store
            .forget_changes_through(version - 1)
            .await
            .unwrap();
        let fresh = connected(&url, &Arc::default()).await;
        assert_eq!(answers(&analytics).await, answers(&fresh).await);
        assert_eq!(counted.counts(), (2, 0), "rebuilt");
        // A size is not a report's figure: everything is rebuilt.
        let size = OrgSize {
            employees: 100,
            inhabitants: None,
        };
        let year = SizeYear::try_from(2025).unwrap();
        let system = Actor::System("test");
        analytics
            .store
            .set_size(org(1), year, size, &system)
            .await
            .unwrap();
        let fresh = connected(&url, &Arc::default()).await;
        assert_eq!(answers(&analytics).await, answers(&fresh).await);
        assert_eq!(counted.counts(), (3, 0), "rebuilt");
        saved(&analytics.store, 2, 1, 3).await;
        let fresh = connected(&url, &Arc::default()).await;
        assert_eq!(answers(&analytics).await, answers(&fresh).await);
        assert_eq!(counted.counts(), (3, 1), "a save is applied");
    }

    /// Issue #19, the deadline: the drafts every analyst saves do not make the pages of
    /// national figures wait for the cache, and their organisation's pages show them at once.
    #[tokio::test]
    async fn saved_drafts_leave_the_national_figures_and_what_is_made_of_them_as_they_are() {
        let dir = tempfile::tempdir().unwrap();
        let url = database(&dir).await;
        let counted = Arc::new(Counted::default());
        let analytics = connected(&url, &counted).await;
        let ideas = Filter {
            series: Some(vec!["ideas_delivered".into()]),
            ..Filter::default()
        };
        let sums = |rows: &[SummaryRow]| {
            rows.iter()
                .map(|r| (r.period, r.n, r.sum))
                .collect::<Vec<_>>()
        };
        saved(&analytics.store, 0, 0, 5).await;
        submitted(&analytics.store, 0, 0).await;
        let first = analytics.summary(&ideas).await.unwrap();
        assert_eq!(sums(&first), [(quarter(0), 1, 5.0)]);
        let national = analytics.current().await.unwrap().dataset().clone();

        saved(&analytics.store, 1, 0, 7).await;
        let now = analytics.current().await.unwrap();
        assert!(Arc::ptr_eq(now.dataset(), &national), "nothing to take in");
        assert!(Arc::ptr_eq(
            &analytics.summary(&ideas).await.unwrap(),
            &first
        ));
        assert_eq!(counted.counts(), (1, 0));

        // Uppsala's own page shows its draft at once; what was made of the counted figures is
        // kept through that update.
        let with_drafts = analytics.with_drafts().await.unwrap();
        let own = organisation_figures(with_drafts.dataset(), org(1), true);
        let own_ideas = own.iter().find(|f| f.series == "ideas_delivered").unwrap();
        assert_eq!((own_ideas.latest, own_ideas.draft), (7.0, true));
        assert_eq!(counted.counts(), (1, 1));
        assert!(Arc::ptr_eq(
            &analytics.summary(&ideas).await.unwrap(),
            &first
        ));

        // Submitted, it counts on the next view; Ystad's submitted report edited goes back to
        // draft and leaves the national figures on the next view too.
        submitted(&analytics.store, 1, 0).await;
        let rows = analytics.summary(&ideas).await.unwrap();
        assert_eq!(sums(&rows), [(quarter(0), 2, 12.0)]);
        saved(&analytics.store, 0, 0, 6).await;
        let rows = analytics.summary(&ideas).await.unwrap();
        assert_eq!(sums(&rows), [(quarter(0), 1, 7.0)]);
        let fresh = connected(&url, &Arc::default()).await;
        assert_eq!(answers(&analytics).await, answers(&fresh).await);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(16))]

        /// Whatever is saved, imported, submitted, approved or reopened, the cache that
        /// applies each change gives the same answers as a dataset rebuilt from everything.
        #[test]
        fn applying_changes_answers_as_a_full_rebuild(
            writes in proptest::collection::vec((write(), any::<bool>()), 1..12),
        ) {
            let runtime = tokio::runtime::Runtime::new().unwrap();
            runtime.block_on(async {
                let dir = tempfile::tempdir().unwrap();
                let url = database(&dir).await;
                let counted = Arc::new(Counted::default());
                let kept = connected(&url, &counted).await;
                let catalogue = catalogue();
                // Every summary asked once, so that each write has summaries to patch.
                answers(&kept).await;
                for (write, asked_between) in &writes {
                    apply(&kept.store, &catalogue, write).await;
                    // Without asking in between, the next write's changes add to this one's.
                    if *asked_between {
                        let fresh = connected(&url, &Arc::default()).await;
                        assert_eq!(answers(&kept).await, answers(&fresh).await, "after {write:?}");
                    }
                }
                let fresh = connected(&url, &Arc::default()).await;
                assert_eq!(answers(&kept).await, answers(&fresh).await, "at the end");
                assert_eq!(counted.counts().0, 1, "rebuilt only at first");
            });
        }
    }
}
