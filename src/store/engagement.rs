//! Engagement metadata and the snapshot of the packs, items and high-risk cases it uses.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use serde_json::json;

use super::carry::Carried;
use super::{Result, Store, StoreError, now};
use crate::catalog::{Case, Item, PackMeta};
use crate::domain::{HospitalGrade, ObjectKind, RuleSet};

/// What `new` needs: the engagement's identity and the checklist scope it evaluates.
#[derive(Debug, Clone)]
pub struct NewEngagement {
    pub system: String,
    pub org: String,
    pub level: u8,
    pub hospital_grade: Option<HospitalGrade>,
    pub cloud: bool,
    pub packs: Vec<PackMeta>,
    pub items: Vec<Item>,
    pub cases: Vec<Case>,
    /// Objects beyond the system-level ones: (kind, name, detail).
    pub objects: Vec<(ObjectKind, String, String)>,
    /// What a carried-forward engagement takes over from last year's.
    pub carried: Option<Carried>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Engagement {
    pub system: String,
    pub org: String,
    pub level: u8,
    pub hospital_grade: Option<HospitalGrade>,
    pub cloud: bool,
    pub rule_set: RuleSet,
    pub agency: String,
    pub evaluators: String,
    pub report_id: String,
    pub starts_on: String,
    pub ends_on: String,
    pub created_at: String,
    pub created_by: String,
}

/// Objects every engagement holds from its creation: the items about the network as a
/// whole and about management are recorded against them.
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

pub(super) fn initialise(store: &mut Store, new: &NewEngagement) -> Result<()> {
    let target = new.system.clone();
    let actor = store.actor().to_string();
    store.mutate("create-engagement", &target, |tx| {
        let at = now();
        tx.execute(
            "INSERT INTO engagement (id, system, org, level, hospital_grade, cloud, created_at, created_by)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                new.system,
                new.org,
                new.level,
                new.hospital_grade.map(|g| g.as_str()),
                new.cloud,
                at,
                actor,
            ],
        )?;
        for p in &new.packs {
            tx.execute(
                "INSERT INTO pack (id, role, version, content_hash, meta) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![p.id, p.role.as_str(), p.version, p.content_hash, to_json(p)?],
            )?;
        }
        let mut insert_item = tx.prepare_cached("INSERT INTO item (id, pack_id, ordinal, data) VALUES (?1, ?2, ?3, ?4)")?;
        for (i, item) in new.items.iter().enumerate() {
            insert_item.execute(params![item.id, item.pack, i as i64, to_json(item)?])?;
        }
        let mut insert_case = tx.prepare_cached("INSERT INTO hr_case (id, pack_id, data) VALUES (?1, ?2, ?3)")?;
        for c in &new.cases {
            insert_case.execute(params![c.id, c.pack, to_json(c)?])?;
        }
        for (kind, name, detail) in SYSTEM_OBJECTS {
            tx.execute(
                "INSERT INTO object (kind, name, detail, system_level, created_at) VALUES (?1, ?2, ?3, 1, ?4)",
                params![kind.as_str(), name, detail, at],
            )?;
        }
        for (kind, name, detail) in &new.objects {
            tx.execute(
                "INSERT INTO object (kind, name, detail, system_level, created_at) VALUES (?1, ?2, ?3, 0, ?4)",
                params![kind.as_str(), name, detail, at],
            )?;
        }
        if let Some(carried) = &new.carried {
            super::carry::insert(tx, carried)?;
        }
        let packs: Vec<String> = new.packs.iter().map(|p| format!("{}@{}", p.id, p.version)).collect();
        Ok((
            (),
            json!({
                "system": new.system,
                "org": new.org,
                "level": new.level,
                "hospital_grade": new.hospital_grade.map(|g| g.as_str()),
                "cloud": new.cloud,
                "packs": packs,
                "items": new.items.len(),
                "objects": new.objects.len(),
                "carried_from": new.carried.as_ref().map(|c| &c.from.path),
                "previous_findings": new.carried.as_ref().map(|c| c.findings.len()),
            }),
        ))
    })
}

fn to_json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Invalid(format!("cannot encode snapshot: {e}")))
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> rusqlite::Result<T> {
    serde_json::from_str(text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("{what}: {e}").into(),
        )
    })
}

impl Store {
    pub fn engagement(&self) -> Result<Engagement> {
        let row = self
            .conn()
            .query_row(
                "SELECT system, org, level, hospital_grade, cloud, rule_set, agency, evaluators,
                        report_id, starts_on, ends_on, created_at, created_by
                 FROM engagement WHERE id = 1",
                [],
                |r| {
                    let grade: Option<String> = r.get(3)?;
                    let rule_set: String = r.get(5)?;
                    Ok(Engagement {
                        system: r.get(0)?,
                        org: r.get(1)?,
                        level: r.get(2)?,
                        hospital_grade: grade.map(|g| parse_col(&g)).transpose()?,
                        cloud: r.get(4)?,
                        rule_set: parse_col(&rule_set)?,
                        agency: r.get(6)?,
                        evaluators: r.get(7)?,
                        report_id: r.get(8)?,
                        starts_on: r.get(9)?,
                        ends_on: r.get(10)?,
                        created_at: r.get(11)?,
                        created_by: r.get(12)?,
                    })
                },
            )
            .optional()?;
        row.ok_or_else(|| {
            StoreError::Invalid(format!(
                "{}: the engagement record is missing",
                self.path().display()
            ))
        })
    }

    /// The snapshot of the items in scope, in checklist order.
    pub fn items(&self) -> Result<Vec<Item>> {
        self.snapshot("SELECT data FROM item ORDER BY ordinal", "item snapshot")
    }

    pub fn packs(&self) -> Result<Vec<PackMeta>> {
        self.snapshot("SELECT meta FROM pack ORDER BY rowid", "pack snapshot")
    }

    pub fn cases(&self) -> Result<Vec<Case>> {
        self.snapshot("SELECT data FROM hr_case ORDER BY rowid", "case snapshot")
    }

    /// Rows of one JSON column, decoded.
    fn snapshot<T: serde::de::DeserializeOwned>(&self, sql: &str, what: &str) -> Result<Vec<T>> {
        let mut stmt = self.conn().prepare_cached(sql)?;
        let rows = stmt
            .query_map([], |r| from_json::<T>(&r.get::<_, String>(0)?, what))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

/// Parses a vocabulary value stored in a column.
pub(super) fn parse_col<T: std::str::FromStr>(s: &str) -> rusqlite::Result<T>
where
    T::Err: std::fmt::Display,
{
    s.parse::<T>().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.to_string().into())
    })
}

/// Cover details of the report: who evaluates, when, under which report id.
#[derive(Debug, Clone, PartialEq)]
pub struct EngagementInfo {
    pub agency: String,
    pub evaluators: String,
    pub report_id: String,
    pub starts_on: String,
    pub ends_on: String,
    pub rule_set: RuleSet,
}

impl EngagementInfo {
    /// The details as they stand in an engagement.
    pub fn of(e: &Engagement) -> Self {
        EngagementInfo {
            agency: e.agency.clone(),
            evaluators: e.evaluators.clone(),
            report_id: e.report_id.clone(),
            starts_on: e.starts_on.clone(),
            ends_on: e.ends_on.clone(),
            rule_set: e.rule_set,
        }
    }
}

impl Store {
    pub fn set_engagement_info(&mut self, info: &EngagementInfo) -> Result<()> {
        self.mutate("set-engagement-info", "engagement", |tx| {
            tx.execute(
                "UPDATE engagement SET agency = ?1, evaluators = ?2, report_id = ?3, starts_on = ?4, ends_on = ?5,
                                       rule_set = ?6
                 WHERE id = 1",
                params![
                    info.agency,
                    info.evaluators,
                    info.report_id,
                    info.starts_on,
                    info.ends_on,
                    info.rule_set.as_str()
                ],
            )?;
            let detail = json!({
                "agency": info.agency,
                "evaluators": info.evaluators,
                "report_id": info.report_id,
                "starts_on": info.starts_on,
                "ends_on": info.ends_on,
                "rule_set": info.rule_set.as_str(),
            });
            Ok(((), detail))
        })
    }
}
