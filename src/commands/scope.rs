//! Finding the item × object pair a command names, with helpful errors: unknown ids name
//! the closest ones, objects of the wrong kind name the kinds the item applies to.

use crate::catalog::{Catalog, Item};
use crate::error::{Error, Result};
use crate::store::Object;

/// The ids among `candidates` closest to `wanted`, best first.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>, n: usize) -> Vec<&'a str> {
    let wanted = wanted.to_ascii_uppercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&wanted, &c.to_ascii_uppercase()), c))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

/// Index of the item `id` among the engagement's items. The catalog is only loaded
/// (by `catalog`) when the id is not there, to say where else it belongs.
pub fn find_item(
    items: &[Item],
    id: &str,
    level: u8,
    catalog: impl FnOnce() -> Result<Catalog>,
) -> Result<usize> {
    if let Some(i) = items.iter().position(|i| i.id == id) {
        return Ok(i);
    }
    if let Some(other) = catalog()?.item(id) {
        let at = match other.level {
            Some(l) => format!("level {l}"),
            None => format!("pack {}", other.pack),
        };
        return Err(Error::input(format!(
            "item '{id}' belongs to {at}, not to this level-{level} engagement"
        )));
    }
    let near = closest(id, items.iter().map(|i| i.id.as_str()), 3);
    Err(Error::input(format!(
        "unknown item '{id}' (closest: {})",
        near.join(", ")
    )))
}

/// Index of the object a result for `item` goes to: the named one, or, when none is
/// named, the one system-level object the item applies to.
pub fn find_object(objects: &[Object], item: &Item, asset: Option<&str>) -> Result<usize> {
    let kinds: Vec<&str> = item.applies_to.iter().map(|k| k.as_str()).collect();
    let Some(name) = asset else {
        let system: Vec<usize> = (0..objects.len())
            .filter(|&o| objects[o].system_level && item.applies_to.contains(&objects[o].kind))
            .collect();
        if let [only] = system[..] {
            return Ok(only);
        }
        let candidates: Vec<&str> = objects
            .iter()
            .filter(|o| item.applies_to.contains(&o.kind))
            .map(|o| o.name.as_str())
            .collect();
        let hint = if candidates.is_empty() {
            format!("add an object of kind {} first", kinds.join(" or "))
        } else {
            format!("objects it applies to: {}", candidates.join(", "))
        };
        return Err(Error::input(format!(
            "item '{}' is recorded per object; name one with --asset ({hint})",
            item.id
        )));
    };
    let Some(o) = objects.iter().position(|o| o.name == name) else {
        let near = closest(name, objects.iter().map(|o| o.name.as_str()), 3);
        return Err(Error::input(format!(
            "unknown object '{name}' (closest: {})",
            near.join(", ")
        )));
    };
    if !item.applies_to.contains(&objects[o].kind) {
        return Err(Error::input(format!(
            "item '{}' does not apply to object '{name}' of kind {} (it applies to: {})",
            item.id,
            objects[o].kind,
            kinds.join(", ")
        )));
    }
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_ids_rank_near_misses_first() {
        let ids = ["L3-PES1-01", "L3-PES1-10", "L3-CES1-01", "L2-PES1-01"];
        let mut top = closest("L3-PES1-1", ids, 2);
        top.sort();
        assert_eq!(top, ["L3-PES1-01", "L3-PES1-10"]);
        assert_eq!(closest("l3-ces1-01", ids, 1), ["L3-CES1-01"]);
    }
}
