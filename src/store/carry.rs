//! Storing and reading what a carried-forward engagement took over from last year's.

use rusqlite::{OptionalExtension, Transaction, params};

use super::covered::Table;
use super::engagement::parse_col;
use super::{Result, Store, now};
use crate::domain::carry::{Carried, CarriedFrom, PreviousFinding, rate_key};

pub(super) fn insert(tx: &Transaction<'_>, carried: &Carried) -> rusqlite::Result<()> {
    let f = &carried.from;
    tx.execute(
        "INSERT INTO carried_from (id, path, system, report_id, starts_on, ends_on, audit_head, carried_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            f.path,
            f.system,
            f.report_id,
            f.starts_on,
            f.ends_on,
            f.audit_head,
            now()
        ],
    )?;
    let mut stmt = tx.prepare_cached(
        "INSERT INTO previous_finding (item_id, object_name, verdict, record, risk, high_risk_case,
                                       major_hidden_risk, remediation)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for p in &carried.findings {
        stmt.execute(params![
            p.item_id,
            p.object_name,
            p.verdict.as_str(),
            p.record,
            p.risk.map(|r| r.as_str()),
            p.high_risk_case,
            p.major_hidden_risk,
            p.remediation,
        ])?;
    }
    let mut rate = tx.prepare_cached("INSERT INTO detail (key, value) VALUES (?1, ?2)")?;
    for (category, value) in &carried.rates {
        rate.execute(params![rate_key(category), format!("{value:.2}")])?;
    }
    Ok(())
}

/// Reads the columns item, object, verdict, record, risk, case, major, remediation.
fn previous_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<PreviousFinding> {
    let risk: Option<String> = r.get(4)?;
    Ok(PreviousFinding {
        item_id: r.get(0)?,
        object_name: r.get(1)?,
        verdict: parse_col(&r.get::<_, String>(2)?)?,
        record: r.get(3)?,
        risk: risk.map(|s| parse_col(&s)).transpose()?,
        high_risk_case: r.get(5)?,
        major_hidden_risk: r.get(6)?,
        remediation: r.get(7)?,
    })
}

impl Store {
    /// The findings of this engagement (raw verdict partial or non-compliant), as the
    /// next engagement will carry them.
    pub fn findings_for_carry(&self) -> Result<Vec<PreviousFinding>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT r.item_id, o.name, r.verdict, r.record, r.risk, r.high_risk_case, r.major_hidden_risk,
                    r.remediation
             FROM result r JOIN object o ON o.id = r.object_id JOIN item i ON i.id = r.item_id
             WHERE r.verdict IN ('partial', 'non-compliant') ORDER BY i.ordinal, o.id",
        )?;
        let rows = stmt
            .query_map([], previous_from)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The engagement this one was carried forward from, with its findings.
    pub fn carried(&self) -> Result<Option<Carried>> {
        let from = self
            .conn()
            .query_row(
                "SELECT path, system, report_id, starts_on, ends_on, audit_head FROM carried_from WHERE id = 1",
                [],
                |r| {
                    Ok(CarriedFrom {
                        path: r.get(0)?,
                        system: r.get(1)?,
                        report_id: r.get(2)?,
                        starts_on: r.get(3)?,
                        ends_on: r.get(4)?,
                        audit_head: r.get(5)?,
                    })
                },
            )
            .optional()?;
        let Some(from) = from else {
            return Ok(None);
        };
        let mut stmt = self.conn().prepare_cached(
            "SELECT item_id, object_name, verdict, record, risk, high_risk_case, major_hidden_risk, remediation
             FROM previous_finding ORDER BY id",
        )?;
        let findings = stmt
            .query_map([], previous_from)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT key, value FROM detail WHERE key = 'previous.rate' OR key LIKE 'previous.rate.%'",
        )?;
        let mut rates: Vec<(String, f64)> = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter_map(|(k, v)| {
                let category = k
                    .strip_prefix("previous.rate")
                    .unwrap_or("")
                    .trim_start_matches('.');
                Some((category.to_string(), v.parse().ok()?))
            })
            .collect();
        rates.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(Some(Carried {
            from,
            findings,
            rates,
        }))
    }
}

impl Store {
    /// Records last year's findings from another source than an engagement file (a
    /// workbook); refused when the engagement already has last year's findings.
    pub fn import_previous(&mut self, carried: &Carried) -> Result<usize> {
        self.mutate("import-previous", "carried_from", |tx, changes| {
            let earlier: Option<String> = tx
                .query_row("SELECT path FROM carried_from WHERE id = 1", [], |r| r.get(0))
                .optional()?;
            if let Some(path) = earlier {
                return Err(super::StoreError::Invalid(format!(
                    "the engagement already holds last year's findings (from {path}); nothing was imported"
                )));
            }
            insert(tx, carried)?;
            changes.wrote(tx, Table::CarriedFrom, "", [])?;
            changes.wrote(tx, Table::PreviousFinding, "", [])?;
            let detail = serde_json::json!({
                "source": carried.from.path,
                "findings": carried.findings.len(),
            });
            Ok((carried.findings.len(), detail))
        })
    }
}
