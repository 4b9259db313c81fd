//! The one read of an engagement: everything a [`Snapshot`] holds.

use super::{Result, Store};
use crate::domain::snapshot::Snapshot;

impl Snapshot {
    pub fn load(store: &Store) -> Result<Snapshot> {
        let (audit_rows, audit_head) = store.audit_head()?;
        Ok(Snapshot {
            engagement: store.engagement()?,
            packs: store.packs()?,
            items: store.items()?,
            cases: store.cases()?,
            objects: store.objects()?,
            results: store.results()?,
            evidence: store.evidence()?,
            journal: store.journal()?,
            carried: store.carried()?,
            details: store.details()?,
            conflicts: store.open_conflicts()?,
            audit_rows,
            audit_head,
            changed_at: store.changed_at()?,
        })
    }
}
