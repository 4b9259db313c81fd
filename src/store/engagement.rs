//! Engagement metadata and the snapshot of the packs, items and high-risk cases it uses.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use serde_json::json;

use super::covered::Table;
use super::{Result, Store, StoreError, now};
use crate::domain::checklist::{Case, Item, PackMeta};
use crate::domain::engagement::{Engagement, EngagementInfo, Scope};
use crate::domain::ids::Uid;
use crate::domain::object::SYSTEM_OBJECTS;

pub(super) fn initialise(store: &mut Store, new: &Scope) -> Result<()> {
    let actor = store.actor().to_string();
    let uid = Uid::random();
    let target = format!("engagement:{uid}");
    store.mutate("create-engagement", &target, |tx, changes| {
        let at = now();
        tx.execute(
            "INSERT INTO engagement (id, uid, system, org, level, hospital_grade, cloud, mobile, iot, created_at, created_by)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                uid.as_str(),
                new.system,
                new.org,
                new.level,
                new.hospital_grade.map(|g| g.as_str()),
                new.cloud,
                new.mobile,
                new.iot,
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
        let mut insert_object = tx.prepare_cached(
            "INSERT INTO object (uid, kind, name, detail, system_level, created_at, ip, os, location, importance,
                                 purpose, sampling_group)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        for (kind, name, detail) in SYSTEM_OBJECTS {
            insert_object.execute(params![
                Uid::random().as_str(),
                kind.as_str(),
                name,
                detail,
                true,
                at,
                "",
                "",
                "",
                None::<String>,
                "",
                ""
            ])?;
        }
        for o in &new.objects {
            let p = &o.profile;
            insert_object.execute(params![
                Uid::random().as_str(),
                o.kind.as_str(),
                o.name,
                o.detail,
                false,
                at,
                p.ip,
                p.os,
                p.location,
                p.importance.map(|i| i.as_str()),
                p.purpose,
                p.group
            ])?;
        }
        if let Some(carried) = &new.carried {
            super::carry::insert(tx, carried)?;
        }
        changes.baseline(tx, false)?;
        let packs: Vec<String> = new.packs.iter().map(|p| format!("{}@{}", p.id, p.version)).collect();
        Ok((
            (),
            json!({
                "uid": uid.as_str(),
                "system": new.system,
                "org": new.org,
                "level": new.level,
                "hospital_grade": new.hospital_grade.map(|g| g.as_str()),
                "cloud": new.cloud,
                "mobile": new.mobile,
                "iot": new.iot,
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
                "SELECT uid, system, org, level, hospital_grade, cloud, mobile, iot, rule_set, agency, evaluators,
                        report_id, starts_on, ends_on, created_at, created_by
                 FROM engagement WHERE id = 1",
                [],
                |r| {
                    let grade: Option<String> = r.get(4)?;
                    let rule_set: String = r.get(8)?;
                    Ok(Engagement {
                        uid: parse_uid(&r.get::<_, String>(0)?)?,
                        system: r.get(1)?,
                        org: r.get(2)?,
                        level: r.get(3)?,
                        hospital_grade: grade.map(|g| parse_col(&g)).transpose()?,
                        cloud: r.get(5)?,
                        mobile: r.get(6)?,
                        iot: r.get(7)?,
                        rule_set: parse_col(&rule_set)?,
                        agency: r.get(9)?,
                        evaluators: r.get(10)?,
                        report_id: r.get(11)?,
                        starts_on: r.get(12)?,
                        ends_on: r.get(13)?,
                        created_at: r.get(14)?,
                        created_by: r.get(15)?,
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

    pub fn set_engagement_info(&mut self, info: &EngagementInfo) -> Result<()> {
        let uid = self.engagement()?.uid;
        self.mutate("set-engagement-info", &format!("engagement:{uid}"), |tx, changes| {
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
            changes.wrote(tx, Table::Engagement, "", [])?;
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

/// Parses a vocabulary value stored in a column.
pub(super) fn parse_col<T: std::str::FromStr>(s: &str) -> rusqlite::Result<T>
where
    T::Err: std::fmt::Display,
{
    s.parse::<T>().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.to_string().into())
    })
}

/// Parses a stored uid.
pub(super) fn parse_uid(s: &str) -> rusqlite::Result<Uid> {
    Uid::parse(s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("'{s}' is not a stored id").into(),
        )
    })
}

impl Store {
    /// The report's details, by key.
    pub fn details(&self) -> Result<crate::domain::details::Details> {
        let mut stmt = self
            .conn()
            .prepare("SELECT key, value FROM detail ORDER BY key")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(crate::domain::details::Details(rows))
    }

    /// Sets details (an empty value removes one) in one transaction with its audit row.
    pub fn set_details(&mut self, changes: &[(String, String)]) -> Result<()> {
        let uid = self.engagement()?.uid;
        self.mutate("set-details", &format!("engagement:{uid}"), |tx, recorded| {
            for (key, value) in changes {
                if value.is_empty() {
                    recorded.deleting(tx, Table::Detail, "x.key = ?1", [key])?;
                    tx.execute("DELETE FROM detail WHERE key = ?1", [key])?;
                } else {
                    tx.execute(
                        "INSERT INTO detail (key, value) VALUES (?1, ?2)
                         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        params![key, value],
                    )?;
                    recorded.wrote(tx, Table::Detail, "x.key = ?1", [key])?;
                }
            }
            let keys: Vec<&str> = changes.iter().map(|(k, _)| k.as_str()).collect();
            Ok(((), json!({ "details": keys })))
        })
    }
}
