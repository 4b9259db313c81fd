//! The tables the audit log covers, read the same way when a change records what it wrote
//! and when `verify` reads what is there, so the two can be compared row by row.

use std::collections::BTreeMap;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, Params};
use serde_json::Value;

use crate::domain::audit::{Change, RowValues, digest};
use crate::domain::hex::hex;

/// A covered table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Engagement,
    Pack,
    Item,
    Case,
    Object,
    Result,
    Revision,
    Content,
    Evidence,
    Link,
    Journal,
    CarriedFrom,
    PreviousFinding,
    Detail,
    Conflict,
}

impl Table {
    pub const ALL: [Table; 15] = [
        Table::Engagement,
        Table::Pack,
        Table::Item,
        Table::Case,
        Table::Object,
        Table::Result,
        Table::Revision,
        Table::Content,
        Table::Evidence,
        Table::Link,
        Table::Journal,
        Table::CarriedFrom,
        Table::PreviousFinding,
        Table::Detail,
        Table::Conflict,
    ];

    /// The name a change records.
    pub fn name(self) -> &'static str {
        match self {
            Table::Engagement => "engagement",
            Table::Pack => "pack",
            Table::Item => "item",
            Table::Case => "hr_case",
            Table::Object => "object",
            Table::Result => "result",
            Table::Revision => "result_revision",
            Table::Content => "content",
            Table::Evidence => "evidence",
            Table::Link => "evidence_link",
            Table::Journal => "journal",
            Table::CarriedFrom => "carried_from",
            Table::PreviousFinding => "previous_finding",
            Table::Detail => "detail",
            Table::Conflict => "merge_conflict",
        }
    }

    /// The checklist snapshot is bulky and never edited: changes keep its digest only.
    fn digest_only(self) -> bool {
        matches!(self, Table::Pack | Table::Item | Table::Case)
    }

    /// Every row as `k` (its key) then its columns; filters refer to the table as `x`.
    /// Rows pointing at a missing object or piece of evidence keep a key (`#rowid`).
    fn select(self) -> &'static str {
        match self {
            Table::Engagement => "SELECT 'engagement' AS k, x.* FROM engagement x",
            Table::Pack => "SELECT x.id AS k, x.* FROM pack x",
            Table::Item => "SELECT x.id AS k, x.* FROM item x",
            Table::Case => "SELECT x.id AS k, x.* FROM hr_case x",
            Table::Object => "SELECT x.uid AS k, x.* FROM object x",
            Table::Result => {
                "SELECT x.item_id || '@' || coalesce(o.uid, '#' || x.object_id) AS k, x.*
                 FROM result x LEFT JOIN object o ON o.id = x.object_id"
            }
            Table::Revision => "SELECT x.uid AS k, x.* FROM result_revision x",
            Table::Content => "SELECT CAST(x.id AS TEXT) AS k, x.* FROM content x",
            Table::Evidence => "SELECT x.uid AS k, x.* FROM evidence x",
            Table::Link => {
                "SELECT coalesce(e.uid, '#' || x.evidence_id) || '|' || x.item_id || '|'
                        || coalesce(o.uid, '#' || x.object_id) AS k, x.*
                 FROM evidence_link x LEFT JOIN evidence e ON e.id = x.evidence_id
                                      LEFT JOIN object o ON o.id = x.object_id"
            }
            Table::Journal => "SELECT x.uid AS k, x.* FROM journal x",
            Table::CarriedFrom => "SELECT 'carried_from' AS k, x.* FROM carried_from x",
            Table::PreviousFinding => "SELECT CAST(x.id AS TEXT) AS k, x.* FROM previous_finding x",
            Table::Detail => "SELECT x.key AS k, x.* FROM detail x",
            Table::Conflict => "SELECT CAST(x.id AS TEXT) AS k, x.* FROM merge_conflict x",
        }
    }
}

/// Reads the rows of `table` matching `filter` (SQL over `x`, or empty for all).
pub fn rows(
    conn: &Connection,
    table: Table,
    filter: &str,
    params: impl Params,
) -> rusqlite::Result<Vec<(String, RowValues)>> {
    let sql = if filter.is_empty() {
        table.select().to_string()
    } else {
        format!("{} WHERE {filter}", table.select())
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let names: Vec<String> = stmt.column_names().map(str::to_string).collect();
    let mut out = Vec::new();
    let mut q = stmt.query(params)?;
    while let Some(r) = q.next()? {
        let key: String = r.get(0)?;
        let mut values = RowValues::new();
        for (i, name) in names.iter().enumerate().skip(1) {
            values.insert(name.clone(), json_of(r.get_ref(i)?));
        }
        out.push((key, values));
    }
    Ok(out)
}

fn json_of(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => Value::from(f),
        ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::from(hex(b)),
    }
}

/// Every covered row, by (table, key): what `verify` compares with the log.
pub fn everything(conn: &Connection) -> rusqlite::Result<BTreeMap<(String, String), RowValues>> {
    let mut out = BTreeMap::new();
    for table in Table::ALL {
        for (key, values) in rows(conn, table, "", [])? {
            out.insert((table.name().to_string(), key), values);
        }
    }
    Ok(out)
}

/// The rows one change wrote, collected inside its transaction.
#[derive(Debug, Default)]
pub struct Changes {
    list: Vec<Change>,
    baseline: bool,
}

impl Changes {
    /// Records the rows of `table` matching `filter` as they now are.
    pub fn wrote(
        &mut self,
        conn: &Connection,
        table: Table,
        filter: &str,
        params: impl Params,
    ) -> rusqlite::Result<()> {
        for (k, values) in rows(conn, table, filter, params)? {
            self.list.push(change(table, k, values, table.digest_only()));
        }
        Ok(())
    }

    /// Records that the rows of `table` matching `filter` are about to be deleted; call
    /// before deleting them.
    pub fn deleting(
        &mut self,
        conn: &Connection,
        table: Table,
        filter: &str,
        params: impl Params,
    ) -> rusqlite::Result<()> {
        for (k, _) in rows(conn, table, filter, params)? {
            self.list.push(Change {
                t: table.name().to_string(),
                k,
                v: None,
                h: None,
                d: true,
            });
        }
        Ok(())
    }

    /// Records every covered row as a new baseline: from this change on, the log accounts
    /// for the whole content. `digests` keeps only digests (upgrades of large files).
    pub fn baseline(&mut self, conn: &Connection, digests: bool) -> rusqlite::Result<()> {
        self.baseline = true;
        for table in Table::ALL {
            for (k, values) in rows(conn, table, "", [])? {
                self.list
                    .push(change(table, k, values, digests || table.digest_only()));
            }
        }
        Ok(())
    }

    /// Adds the changes to an audit row's detail.
    pub fn into_detail(self, mut detail: Value) -> Value {
        if let Value::Object(map) = &mut detail {
            if self.baseline {
                map.insert("baseline".into(), Value::Bool(true));
            }
            map.insert(
                "changes".into(),
                serde_json::to_value(self.list).unwrap_or(Value::Null),
            );
        }
        detail
    }
}

fn change(table: Table, k: String, values: RowValues, digest_only: bool) -> Change {
    if digest_only {
        Change {
            t: table.name().to_string(),
            k,
            v: None,
            h: Some(digest(&values)),
            d: false,
        }
    } else {
        Change {
            t: table.name().to_string(),
            k,
            v: Some(values),
            h: None,
            d: false,
        }
    }
}

impl super::Store {
    /// Every covered row as it is in the file.
    pub fn covered_rows(&self) -> super::Result<BTreeMap<(String, String), RowValues>> {
        Ok(everything(self.conn())?)
    }

    /// SQLite's own check of the file's structure (pages, indexes): empty when sound.
    pub fn integrity_problems(&self) -> super::Result<Vec<String>> {
        let checked = self
            .conn()
            .prepare("PRAGMA integrity_check(20)")
            .and_then(|mut s| {
                s.query_map([], |r| r.get::<_, String>(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()
            });
        Ok(match checked {
            Ok(lines) if lines == ["ok"] => Vec::new(),
            Ok(lines) => lines,
            Err(e) => vec![e.to_string()],
        })
    }

    /// Names by uid, for messages: objects (also removed ones) and pieces of evidence.
    #[allow(clippy::type_complexity)]
    pub fn uid_names(
        &self,
    ) -> super::Result<(
        std::collections::HashMap<String, String>,
        std::collections::HashMap<String, (i64, String)>,
    )> {
        let objects = self
            .conn()
            .prepare("SELECT uid, name FROM object")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let evidence = self
            .conn()
            .prepare("SELECT uid, id, name FROM evidence")?
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
            .collect::<rusqlite::Result<_>>()?;
        Ok((objects, evidence))
    }

    /// (id, content id, name) of every piece of evidence, without trusting its hash.
    pub fn evidence_names(&self) -> super::Result<Vec<(i64, i64, String)>> {
        Ok(self
            .conn()
            .prepare("SELECT id, content_id, name FROM evidence ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }
}
