//! Evaluated objects (测评对象), the system-level objects every engagement holds, and the
//! rule that decides which object a result is recorded on.

use serde::Serialize;

use super::checklist::Item;
use super::ids::Uid;
use super::vocab::{Importance, ObjectKind};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Object {
    /// Row id inside one file; `uid` is the identity across copies.
    pub id: i64,
    pub uid: Uid,
    pub kind: ObjectKind,
    pub name: String,
    pub detail: String,
    pub system_level: bool,
    pub created_at: String,
    #[serde(flatten)]
    pub profile: Profile,
}

/// What the report's asset tables say of an object besides its name and kind.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Profile {
    pub ip: String,
    /// Operating system, firmware or software version.
    pub os: String,
    pub location: String,
    pub importance: Option<Importance>,
    pub purpose: String,
    /// Sampling group (抽样分组): objects assessed alike.
    pub group: String,
}

/// An object about to be added.
#[derive(Debug, Clone, PartialEq)]
pub struct NewObject {
    pub kind: ObjectKind,
    pub name: String,
    pub detail: String,
    pub profile: Profile,
}

/// Objects every engagement holds from its creation: the items about the network as a
/// whole, the security management centre and management are recorded against them.
pub const SYSTEM_OBJECTS: &[(ObjectKind, &str, &str)] = &[
    (
        ObjectKind::Network,
        "整体网络",
        "系统整体的网络架构与通信传输 / the system's network as a whole",
    ),
    (
        ObjectKind::ManagementCentre,
        "安全管理中心",
        "集中管控：系统管理、审计管理、安全管理与集中监测平台 / centralised management, audit, security administration and monitoring",
    ),
    (
        ObjectKind::Management,
        "安全管理",
        "管理制度、机构、人员、建设与运维（文档和人员） / policies, organisation, people, construction and operations",
    ),
];

/// Why no object could be chosen for an item.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ObjectChoice {
    #[error(
        "item '{item}' is recorded per object; name one ({})",
        hint(candidates, kinds)
    )]
    NeedsObject {
        item: String,
        candidates: Vec<String>,
        kinds: Vec<ObjectKind>,
    },
    #[error("unknown object '{name}' (closest: {})", closest.join(", "))]
    Unknown { name: String, closest: Vec<String> },
    #[error(
        "item '{item}' does not apply to object '{name}' of kind {kind} (it applies to: {})",
        kind_list(applies_to)
    )]
    WrongKind {
        item: String,
        name: String,
        kind: ObjectKind,
        applies_to: Vec<ObjectKind>,
    },
}

fn kind_list(kinds: &[ObjectKind]) -> String {
    kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
}

fn hint(candidates: &[String], kinds: &[ObjectKind]) -> String {
    if candidates.is_empty() {
        let kinds: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
        format!("add an object of kind {} first", kinds.join(" or "))
    } else {
        format!("objects it applies to: {}", candidates.join(", "))
    }
}

/// The entries among `candidates` closest to `wanted`, best first.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>, n: usize) -> Vec<&'a str> {
    let wanted = wanted.to_uppercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&wanted, &c.to_uppercase()), c))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

/// Index of the object a result for `item` goes to: the named one, or, when none is
/// named, the one system-level object the item applies to.
pub fn resolve(objects: &[Object], item: &Item, name: Option<&str>) -> Result<usize, ObjectChoice> {
    let Some(name) = name else {
        let system: Vec<usize> = (0..objects.len())
            .filter(|&o| objects[o].system_level && item.applies_to.contains(&objects[o].kind))
            .collect();
        if let [only] = system[..] {
            return Ok(only);
        }
        return Err(ObjectChoice::NeedsObject {
            item: item.id.clone(),
            candidates: objects
                .iter()
                .filter(|o| item.applies_to.contains(&o.kind))
                .map(|o| o.name.clone())
                .collect(),
            kinds: item.applies_to.clone(),
        });
    };
    let Some(o) = objects.iter().position(|o| o.name == name) else {
        return Err(ObjectChoice::Unknown {
            name: name.to_string(),
            closest: closest(name, objects.iter().map(|o| o.name.as_str()), 3)
                .into_iter()
                .map(str::to_string)
                .collect(),
        });
    };
    if !item.applies_to.contains(&objects[o].kind) {
        return Err(ObjectChoice::WrongKind {
            item: item.id.clone(),
            name: name.to_string(),
            kind: objects[o].kind,
            applies_to: item.applies_to.clone(),
        });
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
