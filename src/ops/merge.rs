//! Merging a colleague's copy of the engagement, and taking one side of a conflict.

use std::path::Path;

use super::results::Pair;
use super::{OpsError, Result};
use crate::store::merge::{MergeReport, Resolved, Take};
use crate::store::{Access, Store};

/// Brings `other` (only read) into `store`; `dry_run` works it out without writing.
pub fn merge(store: &mut Store, other_path: &Path, dry_run: bool) -> Result<MergeReport> {
    let ours_path = store.path().display().to_string();
    let theirs_path = other_path.display().to_string();
    if same_file(store.path(), other_path) {
        return Err(OpsError::Input(format!(
            "{theirs_path} is {ours_path} itself; merge a colleague's copy into it"
        )));
    }
    let other = Store::open(other_path, Access::Read, store.actor())?;
    let merge = store.plan_merge(&other)?.map_err(|u| {
        OpsError::Input(format!(
            "{ours_path} and {theirs_path} are different engagements ({} and {}); nothing was merged",
            u.ours, u.theirs
        ))
    })?;
    if dry_run {
        return Ok(merge.report);
    }
    Ok(store.apply_merge(&other, &merge, &theirs_path)?)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Resolves the open conflict of `pair` by taking `side`.
pub fn take(store: &mut Store, pair: &Pair, side: Take) -> Result<Resolved> {
    store
        .resolve_conflict(&pair.item.id, pair.object.id, side)?
        .ok_or_else(|| {
            OpsError::Input(format!(
                "{} @ {} has no open merge conflict; nothing was changed",
                pair.item.id, pair.object.name
            ))
        })
}
