//! The revision history of results as exports show it, and imported results: many
//! pairs, each with its own change, written in one transaction with one audit row.

use serde::Serialize;
use serde_json::json;

use super::results::{PairId, stored, write};
use super::{Result, Store, StoreError};
use crate::domain::result::{ResultState, ResultUpdate, RevisionOp};

/// One state a result has been in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Revision {
    pub uid: String,
    pub item: String,
    #[serde(skip)]
    pub object_id: i64,
    pub parent: Option<String>,
    pub op: String,
    pub undoes: Option<String>,
    pub verdict: String,
    pub record: String,
    pub risk: Option<String>,
    pub na_reason: String,
    pub corrected_verdict: Option<String>,
    pub remediation: String,
    pub author: String,
    pub at: String,
}

impl Store {
    /// Every result revision, oldest first.
    pub fn revisions(&self) -> Result<Vec<Revision>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT uid, item_id, object_id, parent, op, undoes, verdict, record, risk, na_reason,
                    corrected_verdict, remediation, author, at
             FROM result_revision ORDER BY id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Revision {
                    uid: r.get(0)?,
                    item: r.get(1)?,
                    object_id: r.get(2)?,
                    parent: r.get(3)?,
                    op: r.get(4)?,
                    undoes: r.get(5)?,
                    verdict: r.get(6)?,
                    record: r.get(7)?,
                    risk: r.get(8)?,
                    na_reason: r.get(9)?,
                    corrected_verdict: r.get(10)?,
                    remediation: r.get(11)?,
                    author: r.get(12)?,
                    at: r.get(13)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Applies each pair's own update as an `import` revision; all stand or fall
    /// together, with one audit row naming `source`.
    pub fn import_results(
        &mut self,
        source: &str,
        changes: &[(PairId, ResultUpdate)],
    ) -> Result<Vec<ResultState>> {
        let actor = self.actor().to_string();
        let target = format!("results:{}", changes.len());
        self.mutate("import-results", &target, |tx, recorded| {
            let mut rows = Vec::with_capacity(changes.len());
            for ((item, object), update) in changes {
                let base =
                    stored(tx, item, *object)?.unwrap_or_else(|| ResultState::unassessed(item, *object));
                let row = update
                    .apply(base)
                    .map_err(|v| StoreError::Invalid(format!("{item}: {v}")))?;
                rows.push(write(tx, recorded, row, RevisionOp::Import, None, &actor)?);
            }
            let detail = json!({
                "source": source,
                "results": rows.len(),
                "pairs": changes.iter().map(|((i, o), _)| format!("{i}@{o}")).collect::<Vec<_>>(),
            });
            Ok((rows, detail))
        })
    }
}
