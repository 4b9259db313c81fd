//! Recording results: finding the item and object a user names, and setting the result.

use super::{OpsError, Result};
use crate::catalog::Catalog;
use crate::domain::checklist::Item;
use crate::domain::object::{Object, closest, resolve};
use crate::domain::result::{ResultState, ResultUpdate};
use crate::store::Store;

/// The item × object pair a user names, resolved against the engagement.
#[derive(Debug, Clone)]
pub struct Pair {
    pub item: Item,
    pub object: Object,
}

/// Index of the item `id` among the engagement's items. The catalog is only loaded
/// (by `catalog`) when the id is not there, to say where else it belongs.
pub fn find_item(
    items: &[Item],
    id: &str,
    level: u8,
    catalog: impl FnOnce() -> Option<Catalog>,
) -> Result<usize> {
    if let Some(i) = items.iter().position(|i| i.id == id) {
        return Ok(i);
    }
    if let Some(other) = catalog().as_ref().and_then(|c| c.item(id).cloned()) {
        let belongs = match other.level {
            Some(l) => format!("level {l}"),
            None => format!("pack {}", other.pack),
        };
        return Err(OpsError::ItemElsewhere {
            id: id.to_string(),
            belongs,
            level,
        });
    }
    Err(OpsError::UnknownItem {
        id: id.to_string(),
        closest: closest(id, items.iter().map(|i| i.id.as_str()), 3)
            .into_iter()
            .map(str::to_string)
            .collect(),
    })
}

/// Resolves the item `id` and the object named `object` (or the system-level one).
pub fn pair(
    store: &Store,
    id: &str,
    object: Option<&str>,
    catalog: impl FnOnce() -> Option<Catalog>,
) -> Result<Pair> {
    let level = store.engagement()?.level;
    let items = store.items()?;
    let objects = store.objects()?;
    let item = &items[find_item(&items, id, level, catalog)?];
    let object = &objects[resolve(&objects, item, object)?];
    Ok(Pair {
        item: item.clone(),
        object: object.clone(),
    })
}

/// Records `update` for the pair; a cited high-risk case must be one of the engagement's.
pub fn set(store: &mut Store, pair: &Pair, update: &ResultUpdate) -> Result<ResultState> {
    if let Some(case) = &update.high_risk_case
        && !store.cases()?.iter().any(|c| &c.id == case)
    {
        return Err(OpsError::UnknownCase(case.clone()));
    }
    let base = store
        .result(&pair.item.id, pair.object.id)?
        .unwrap_or_else(|| ResultState::unassessed(&pair.item.id, pair.object.id));
    update.apply(base)?;
    Ok(store.set_result(&pair.item.id, pair.object.id, update)?)
}

/// Applies one change to several pairs in one transaction (a bulk apply), linking the
/// evidence in `links` to each. Returns the new states and the links that were new.
pub fn bulk(
    store: &mut Store,
    pairs: &[(String, i64)],
    update: &ResultUpdate,
    links: &[i64],
) -> Result<(Vec<ResultState>, Vec<crate::store::results::NewLink>)> {
    if let Some(case) = &update.high_risk_case
        && !case.is_empty()
        && !store.cases()?.iter().any(|c| &c.id == case)
    {
        return Err(OpsError::UnknownCase(case.clone()));
    }
    for (item, object) in pairs {
        let base = store
            .result(item, *object)?
            .unwrap_or_else(|| ResultState::unassessed(item, *object));
        update.apply(base)?;
    }
    Ok(store.set_results(pairs, update, links)?)
}
