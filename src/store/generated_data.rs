//! Loading generated data in bulk: thousands of organisations and millions of figures in one
//! transaction, with one change in the audit trail for the whole load.

use super::database_copy::{Cell, insert_all, table};
use super::snapshots::encode;
use super::{StoreError, WriteTx};
use crate::Action;
pub use crate::synthetic::GeneratedOrganisation;

impl WriteTx {
    /// Adds the organisations with an approved report for each of their quarters, their figures
    /// entered under `catalogue_version`. The caller records what was loaded with
    /// [`WriteTx::record_load`].
    pub async fn insert_generated(
        &mut self,
        organisations: &[GeneratedOrganisation],
        catalogue_version: u32,
    ) -> Result<(), StoreError> {
        self.require(Action::ManageOrganisations)?;
        self.hold_pages(1024).await?;
        let text = |s: String| Cell::Text(s);
        let mut orgs = Vec::with_capacity(organisations.len());
        let mut snapshots = Vec::with_capacity(organisations.len());
        let mut reports = Vec::new();
        let mut values = Vec::new();
        for (organisation, quarters) in organisations {
            let number = organisation.organisation_number.to_string();
            orgs.push(vec![
                text(number.clone()),
                text(organisation.name.as_str().to_owned()),
                text(organisation.kind.as_str().to_owned()),
                text(self.at.clone()),
                // Generated organisations publish no open data.
                Cell::Integer(0),
            ]);
            for (period, figures) in quarters {
                self.changes_quarter(*period);
                let period = period.to_string();
                reports.push(vec![
                    text(number.clone()),
                    text(period.clone()),
                    text("approved".to_owned()),
                    text(String::new()),
                    text(self.at.clone()),
                    text(self.by.clone()),
                    // Generated reports come in approved, as if submitted when loaded.
                    text(self.at.clone()),
                ]);
                for (series, value) in figures {
                    values.push(vec![
                        text(number.clone()),
                        text(period.clone()),
                        text(series.to_string()),
                        Cell::Real(*value),
                        Cell::Integer(i64::from(catalogue_version)),
                    ]);
                }
            }
            // New organisations: their snapshots are written whole, not read and changed.
            let snapshot =
                encode(quarters.iter().map(|(period, figures)| {
                    (*period, figures.iter().map(|(s, v)| (s.as_str(), *v)))
                }));
            snapshots.push(vec![text(number), Cell::Bytes(snapshot)]);
        }
        insert_all(&mut self.tx, table("organisations"), orgs).await?;
        insert_all(&mut self.tx, table("figure_snapshots"), snapshots).await?;
        insert_all(&mut self.tx, table("reports"), reports).await?;
        insert_all(&mut self.tx, table("report_values"), values).await?;
        Ok(())
    }

    /// Records a bulk load as one change, described in words.
    pub async fn record_load(&mut self, description: String) -> Result<(), StoreError> {
        self.record(None, None, "generated", None, Some(description))
            .await
    }
}
