//! Evaluated objects (测评对象).

use rusqlite::{OptionalExtension, params};
use serde_json::json;

use super::covered::Table;
use super::engagement::{parse_col, parse_uid};
use super::{Result, Store, StoreError, now};
use crate::domain::ids::Uid;
use crate::domain::object::{NewObject, Object, Profile};

const COLUMNS: &str =
    "id, uid, kind, name, detail, system_level, created_at, ip, os, location, importance, purpose,
                       sampling_group";

fn object_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<Object> {
    let kind: String = r.get(2)?;
    let importance: Option<String> = r.get(10)?;
    Ok(Object {
        id: r.get(0)?,
        uid: parse_uid(&r.get::<_, String>(1)?)?,
        kind: parse_col(&kind)?,
        name: r.get(3)?,
        detail: r.get(4)?,
        system_level: r.get(5)?,
        created_at: r.get(6)?,
        profile: Profile {
            ip: r.get(7)?,
            os: r.get(8)?,
            location: r.get(9)?,
            importance: importance.map(|i| parse_col(&i)).transpose()?,
            purpose: r.get(11)?,
            group: r.get(12)?,
        },
    })
}

impl Store {
    /// The objects in scope (not removed), in the order they were added.
    pub fn objects(&self) -> Result<Vec<Object>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {COLUMNS} FROM object WHERE removed_at IS NULL ORDER BY id"
        ))?;
        let objects = stmt
            .query_map([], object_from)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(objects)
    }

    pub fn object_by_name(&self, name: &str) -> Result<Option<Object>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {COLUMNS} FROM object WHERE name = ?1 AND removed_at IS NULL"
        ))?;
        Ok(stmt.query_row([name], object_from).optional()?)
    }

    /// Adds an object; names are unique within the engagement.
    pub fn add_object(&mut self, new: &NewObject) -> Result<Object> {
        let name = new.name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid("object name is empty".into()));
        }
        let taken: i64 =
            self.conn()
                .query_row("SELECT count(*) FROM object WHERE name = ?1", [name], |r| {
                    r.get(0)
                })?;
        if taken > 0 {
            return Err(StoreError::Invalid(format!(
                "an object named '{name}' already exists"
            )));
        }
        let uid = Uid::random();
        self.mutate("add-object", &format!("object:{uid}"), |tx, changes| {
            let at = now();
            let p = &new.profile;
            tx.execute(
                "INSERT INTO object (uid, kind, name, detail, system_level, created_at, ip, os, location, importance,
                                     purpose, sampling_group)
                 VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    uid.as_str(),
                    new.kind.as_str(),
                    name,
                    new.detail,
                    at,
                    p.ip,
                    p.os,
                    p.location,
                    p.importance.map(|i| i.as_str()),
                    p.purpose,
                    p.group
                ],
            )?;
            let id = tx.last_insert_rowid();
            changes.wrote(tx, Table::Object, "x.id = ?1", [id])?;
            let object = tx.query_row(&format!("SELECT {COLUMNS} FROM object WHERE id = ?1"), [id], object_from)?;
            Ok((
                object,
                json!({ "kind": new.kind.as_str(), "name": name, "detail": new.detail }),
            ))
        })
    }
}
