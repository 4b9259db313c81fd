//! Evaluated objects (测评对象).

use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use serde_json::json;

use super::engagement::parse_col;
use super::{Result, Store, StoreError, now};
use crate::domain::ObjectKind;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Object {
    pub id: i64,
    pub kind: ObjectKind,
    pub name: String,
    pub detail: String,
    pub system_level: bool,
    pub created_at: String,
}

const COLUMNS: &str = "id, kind, name, detail, system_level, created_at";

fn object_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<Object> {
    let kind: String = r.get(1)?;
    Ok(Object {
        id: r.get(0)?,
        kind: parse_col(&kind)?,
        name: r.get(2)?,
        detail: r.get(3)?,
        system_level: r.get(4)?,
        created_at: r.get(5)?,
    })
}

impl Store {
    pub fn objects(&self) -> Result<Vec<Object>> {
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM object ORDER BY id"))?;
        let objects = stmt
            .query_map([], object_from)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(objects)
    }

    pub fn object_by_name(&self, name: &str) -> Result<Option<Object>> {
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM object WHERE name = ?1"))?;
        Ok(stmt.query_row([name], object_from).optional()?)
    }

    /// Adds an object; names are unique within the engagement.
    pub fn add_object(&mut self, kind: ObjectKind, name: &str, detail: &str) -> Result<Object> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid("object name is empty".into()));
        }
        if self.object_by_name(name)?.is_some() {
            return Err(StoreError::Invalid(format!(
                "an object named '{name}' already exists"
            )));
        }
        let actor_target = name.to_string();
        self.mutate("add-object", &actor_target, |tx| {
            let at = now();
            tx.execute(
                "INSERT INTO object (kind, name, detail, system_level, created_at) VALUES (?1, ?2, ?3, 0, ?4)",
                params![kind.as_str(), name, detail, at],
            )?;
            let object = Object {
                id: tx.last_insert_rowid(),
                kind,
                name: name.to_string(),
                detail: detail.to_string(),
                system_level: false,
                created_at: at,
            };
            Ok((object, json!({ "kind": kind.as_str(), "name": name, "detail": detail })))
        })
    }
}
