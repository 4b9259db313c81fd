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

/// What removing an object takes with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Removal {
    pub results: usize,
    pub links: usize,
}

impl Store {
    /// Changes an object's kind, name, detail and profile.
    pub fn edit_object(&mut self, id: i64, new: &NewObject) -> Result<Object> {
        let name = new.name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid("object name is empty".into()));
        }
        let taken: i64 = self.conn().query_row(
            "SELECT count(*) FROM object WHERE name = ?1 AND id != ?2",
            params![name, id],
            |r| r.get(0),
        )?;
        if taken > 0 {
            return Err(StoreError::Invalid(format!(
                "an object named '{name}' already exists"
            )));
        }
        let uid: String = self
            .conn()
            .query_row("SELECT uid FROM object WHERE id = ?1", [id], |r| r.get(0))?;
        self.mutate("edit-object", &format!("object:{uid}"), |tx, changes| {
            let p = &new.profile;
            tx.execute(
                "UPDATE object SET kind = ?1, name = ?2, detail = ?3, ip = ?4, os = ?5, location = ?6, importance = ?7,
                                   purpose = ?8, sampling_group = ?9
                 WHERE id = ?10 AND system_level = 0",
                params![
                    new.kind.as_str(),
                    name,
                    new.detail,
                    p.ip,
                    p.os,
                    p.location,
                    p.importance.map(|i| i.as_str()),
                    p.purpose,
                    p.group,
                    id
                ],
            )?;
            changes.wrote(tx, Table::Object, "x.id = ?1", [id])?;
            let object = tx.query_row(&format!("SELECT {COLUMNS} FROM object WHERE id = ?1"), [id], object_from)?;
            Ok((object, json!({ "kind": new.kind.as_str(), "name": name, "detail": new.detail })))
        })
    }

    /// How many results and evidence links removing the object would take.
    pub fn removal_of(&self, id: i64) -> Result<Removal> {
        let (results, links): (i64, i64) = self.conn().query_row(
            "SELECT (SELECT count(*) FROM result WHERE object_id = ?1 AND verdict != 'not-assessed'),
                    (SELECT count(*) FROM evidence_link WHERE object_id = ?1)",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(Removal {
            results: results as usize,
            links: links as usize,
        })
    }

    /// Removes an object from the engagement: its results and evidence links go (their
    /// history stays in the result revisions and the audit log), the object stays as a
    /// removed record so that history can name it. The system-level objects stay.
    pub fn remove_object(&mut self, id: i64) -> Result<Removal> {
        let removal = self.removal_of(id)?;
        let (uid, name, system): (String, String, bool) = self.conn().query_row(
            "SELECT uid, name, system_level FROM object WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        if system {
            return Err(StoreError::Invalid(format!(
                "'{name}' is a system-level object and stays"
            )));
        }
        self.mutate("remove-object", &format!("object:{uid}"), |tx, changes| {
            changes.deleting(tx, Table::Link, "x.object_id = ?1", [id])?;
            tx.execute("DELETE FROM evidence_link WHERE object_id = ?1", [id])?;
            changes.deleting(tx, Table::Result, "x.object_id = ?1", [id])?;
            tx.execute("DELETE FROM result WHERE object_id = ?1", [id])?;
            // The name is freed for a new object; the removed one keeps its uid.
            tx.execute(
                "UPDATE object SET removed_at = ?1, name = name || ' (removed ' || substr(uid, 1, 8) || ')'
                 WHERE id = ?2",
                params![now(), id],
            )?;
            changes.wrote(tx, Table::Object, "x.id = ?1", [id])?;
            Ok((
                removal,
                json!({ "name": name, "results": removal.results, "links": removal.links }),
            ))
        })
    }
}
