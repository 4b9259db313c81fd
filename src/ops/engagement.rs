//! Creating engagements (new, carry-forward) and changing their cover details.

use std::path::Path;

use super::{Field, OpsError, Result, required};
use crate::catalog::{Catalog, Extensions, ScopeRequest};
use crate::domain::carry::{Carried, CarriedFrom};
use crate::domain::engagement::{Engagement, EngagementInfo};
use crate::domain::object::NewObject;
use crate::domain::vocab::{HospitalGrade, RuleSet};
use crate::store::{Access, Store};

/// What a new engagement is for.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEngagement {
    pub system: String,
    pub org: String,
    pub level: u8,
    pub hospital_grade: Option<HospitalGrade>,
    pub extensions: Extensions,
}

/// Creates an engagement file at `path` (refusing to overwrite anything).
pub fn create(catalog: &Catalog, path: &Path, new: &NewEngagement, actor: &str) -> Result<Store> {
    required(Field::System, &new.system)?;
    required(Field::Org, &new.org)?;
    let scope = catalog
        .engagement_scope(&ScopeRequest {
            system: &new.system,
            org: &new.org,
            level: new.level,
            grade: new.hospital_grade,
            extensions: new.extensions,
        })
        .map_err(OpsError::Catalog)?;
    Ok(Store::create(path, &scope, actor)?)
}

/// What carrying an engagement forward did.
pub struct CarriedForward {
    pub store: Store,
    pub objects: usize,
    pub findings: usize,
}

/// Starts this year's engagement at `new` from last year's at `old` (read, never
/// changed): same system and scope, objects carried over, last year's findings kept.
pub fn carry_forward(catalog: &Catalog, old: &Path, new: &Path, actor: &str) -> Result<CarriedForward> {
    let last = Store::open(old, Access::Read, actor)?;
    let e = last.engagement()?;
    let mut scope = catalog
        .engagement_scope(&ScopeRequest {
            system: &e.system,
            org: &e.org,
            level: e.level,
            grade: e.hospital_grade,
            extensions: Extensions {
                cloud: e.cloud,
                mobile: e.mobile,
                iot: e.iot,
            },
        })
        .map_err(OpsError::Catalog)?;
    scope.objects = last
        .objects()?
        .into_iter()
        .filter(|o| !o.system_level)
        .map(|o| NewObject {
            kind: o.kind,
            name: o.name,
            detail: o.detail,
            profile: o.profile,
        })
        .collect();
    let (_, audit_head) = last.audit_head()?;
    let findings = last.findings_for_carry()?;
    // Last year's rates, for the year-over-year comparison on the dashboard.
    let analysis = crate::domain::analysis::Analysis::of(&crate::domain::snapshot::Snapshot::load(&last)?);
    let rates = analysis.year_rates();
    scope.carried = Some(Carried {
        from: CarriedFrom {
            path: old.display().to_string(),
            system: e.system.clone(),
            report_id: e.report_id.clone(),
            starts_on: e.starts_on.clone(),
            ends_on: e.ends_on.clone(),
            audit_head,
        },
        findings,
        rates,
    });
    let store = Store::create(new, &scope, actor)?;
    let findings = store.carried()?.map(|c| c.findings.len()).unwrap_or(0);
    Ok(CarriedForward {
        store,
        objects: scope.objects.len(),
        findings,
    })
}

/// Changes to the cover details; `None` keeps a field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InfoChanges {
    pub agency: Option<String>,
    pub evaluators: Option<String>,
    pub report_id: Option<String>,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub rule_set: Option<RuleSet>,
}

impl InfoChanges {
    pub fn is_empty(&self) -> bool {
        *self == InfoChanges::default()
    }
}

/// Applies `changes` to the cover details (trimmed), checking that the dates agree.
pub fn set_info(store: &mut Store, changes: InfoChanges) -> Result<Engagement> {
    let mut info = EngagementInfo::of(&store.engagement()?);
    let keep = |new: Option<String>, old: &mut String| {
        if let Some(v) = new {
            *old = v.trim().to_string();
        }
    };
    keep(changes.agency, &mut info.agency);
    keep(changes.evaluators, &mut info.evaluators);
    keep(changes.report_id, &mut info.report_id);
    keep(changes.starts_on, &mut info.starts_on);
    keep(changes.ends_on, &mut info.ends_on);
    if let Some(r) = changes.rule_set {
        info.rule_set = r;
    }
    info.check()?;
    store.set_engagement_info(&info)?;
    Ok(store.engagement()?)
}

/// Sets report details: `(key, value)` pairs, an empty value removing one. Keys name
/// findings by object name (`finding.ITEM@OBJECT.harm`); they are stored by the object's
/// uid, so renaming an object keeps its texts. All or nothing, in one transaction.
pub fn set_details(store: &mut Store, pairs: &[(String, String)]) -> Result<()> {
    use crate::domain::details::{self, Key};
    let items = store.items()?;
    let objects = store.objects()?;
    // The uid of the object a key names (by name or uid), on an item of this engagement.
    let on = |key: &str, item: &str, object: &str| -> Result<String> {
        if !items.iter().any(|i| i.id == item) {
            return Err(OpsError::Input(format!(
                "{key}: no item {item} in this engagement"
            )));
        }
        objects
            .iter()
            .find(|o| o.name == object || o.uid.as_str() == object)
            .map(|o| o.uid.to_string())
            .ok_or_else(|| OpsError::Input(format!("{key}: no object '{object}' in this engagement")))
    };
    let mut checked = Vec::with_capacity(pairs.len());
    for (key, value) in pairs {
        let value = details::check(key, value)?;
        let stored = match details::parse_key(key)? {
            Key::Engagement(_) => key.clone(),
            Key::Category(pack, code, _) => {
                if !items.iter().any(|i| i.pack == pack && i.category == code) {
                    return Err(OpsError::Input(format!(
                        "{key}: no category {code} in pack {pack} in this engagement"
                    )));
                }
                key.clone()
            }
            Key::Preset(item, object) => format!("preset.{item}@{}", on(key, item, object)?),
            Key::Finding(item, object, part) => {
                format!("finding.{item}@{}.{part}", on(key, item, object)?)
            }
        };
        checked.push((stored, value));
    }
    Ok(store.set_details(&checked)?)
}
