//! Rows read whole from one copy and written into the other, column by column: a merge
//! copies objects, revisions, evidence and journal entries as they are, only the local
//! row ids differ between copies.

use rusqlite::types::Value;
use rusqlite::{Connection, Params, params_from_iter};

/// The rows of one query, with their column names.
#[derive(Debug, Default)]
pub(super) struct Rows {
    columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

impl Rows {
    pub fn read(conn: &Connection, sql: &str, params: impl Params) -> rusqlite::Result<Rows> {
        let mut stmt = conn.prepare_cached(sql)?;
        let columns: Vec<String> = stmt.column_names().map(str::to_string).collect();
        let n = columns.len();
        let rows = stmt
            .query_map(params, |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())?
            .collect::<rusqlite::Result<Vec<Vec<Value>>>>()?;
        Ok(Rows { columns, rows })
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    fn col(&self, name: &str) -> usize {
        self.columns
            .iter()
            .position(|c| c == name)
            .unwrap_or_else(|| panic!("the merge's own query selects {name}"))
    }

    pub fn value(&self, row: usize, name: &str) -> &Value {
        &self.rows[row][self.col(name)]
    }

    /// A text column (empty when NULL).
    pub fn text(&self, row: usize, name: &str) -> String {
        self.opt(row, name).unwrap_or_default()
    }

    pub fn opt(&self, row: usize, name: &str) -> Option<String> {
        match self.value(row, name) {
            Value::Text(t) => Some(t.clone()),
            Value::Integer(i) => Some(i.to_string()),
            _ => None,
        }
    }

    pub fn flag(&self, row: usize, name: &str) -> bool {
        matches!(self.value(row, name), Value::Integer(i) if *i != 0)
    }

    /// Inserts row `row` into `table`: every column except those in `skip` (the source's
    /// row id and joined extras), with `set` replacing values (ids local to the target).
    /// Returns the new row id.
    pub fn insert_into(
        &self,
        conn: &Connection,
        table: &str,
        row: usize,
        skip: &[&str],
        set: &[(&str, Value)],
    ) -> rusqlite::Result<i64> {
        let mut names = Vec::new();
        let mut values = Vec::new();
        for (i, c) in self.columns.iter().enumerate() {
            if skip.contains(&c.as_str()) {
                continue;
            }
            names.push(c.as_str());
            let v = set
                .iter()
                .find(|(n, _)| n == c)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| self.rows[row][i].clone());
            values.push(v);
        }
        let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            names.join(", "),
            marks.join(", ")
        );
        conn.prepare_cached(&sql)?.execute(params_from_iter(values))?;
        Ok(conn.last_insert_rowid())
    }
}
