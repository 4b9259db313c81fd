//! Results: the verdict and record of one item for one object.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use serde_json::json;

use super::engagement::parse_col;
use super::{Result, Store, StoreError, now};
use crate::domain::{Risk, Verdict};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResultRow {
    pub item_id: String,
    pub object_id: i64,
    pub verdict: Verdict,
    pub record: String,
    pub risk: Option<Risk>,
    pub high_risk_case: Option<String>,
    pub major_hidden_risk: bool,
    pub na_reason: String,
    pub corrected_verdict: Option<Verdict>,
    pub correction_rationale: String,
    pub remediation: String,
    pub remediated: bool,
    pub updated_by: String,
    pub updated_at: String,
}

/// A change to one result. `None` keeps what is stored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResultUpdate {
    pub verdict: Option<Verdict>,
    pub record: Option<String>,
    pub risk: Option<Risk>,
    pub na_reason: Option<String>,
    pub high_risk_case: Option<String>,
    pub major_hidden_risk: Option<bool>,
    pub corrected_verdict: Option<Verdict>,
    pub correction_rationale: Option<String>,
    pub remediation: Option<String>,
    pub remediated: Option<bool>,
}

impl ResultUpdate {
    /// An update that puts every field back as `row` has it.
    pub fn restoring(row: &ResultRow) -> Self {
        ResultUpdate {
            verdict: Some(row.verdict),
            record: Some(row.record.clone()),
            risk: row.risk,
            na_reason: (row.verdict == Verdict::NotApplicable).then(|| row.na_reason.clone()),
            high_risk_case: row.high_risk_case.clone(),
            major_hidden_risk: Some(row.major_hidden_risk),
            corrected_verdict: row.corrected_verdict,
            correction_rationale: Some(row.correction_rationale.clone()),
            remediation: Some(row.remediation.clone()),
            remediated: Some(row.remediated),
        }
    }

    /// Applies the update to a stored row (or a fresh one), keeping the rules that tie
    /// fields to verdicts: only findings carry risks, only not-applicable carries a reason.
    fn apply(&self, mut row: ResultRow) -> Result<ResultRow> {
        if let Some(v) = self.verdict {
            row.verdict = v;
        }
        let set = |slot: &mut String, value: &Option<String>| {
            if let Some(v) = value {
                *slot = v.clone();
            }
        };
        set(&mut row.record, &self.record);
        set(&mut row.na_reason, &self.na_reason);
        set(&mut row.correction_rationale, &self.correction_rationale);
        set(&mut row.remediation, &self.remediation);
        if self.risk.is_some() {
            row.risk = self.risk;
        }
        if self.high_risk_case.is_some() {
            row.high_risk_case = self.high_risk_case.clone();
        }
        if let Some(m) = self.major_hidden_risk {
            row.major_hidden_risk = m;
        }
        if let Some(r) = self.remediated {
            row.remediated = r;
        }
        if self.corrected_verdict.is_some() {
            row.corrected_verdict = self.corrected_verdict;
        }
        let finding = row.verdict.is_finding();
        let asks_finding_fields =
            self.risk.is_some() || self.high_risk_case.is_some() || self.major_hidden_risk == Some(true);
        if asks_finding_fields && !finding {
            return Err(StoreError::Invalid(format!(
                "a risk rating belongs to partial or non-compliant results, not to '{}'",
                row.verdict
            )));
        }
        if self.na_reason.is_some() && row.verdict != Verdict::NotApplicable {
            return Err(StoreError::Invalid(format!(
                "a reason belongs to not-applicable results, not to '{}'",
                row.verdict
            )));
        }
        if self.corrected_verdict.is_some()
            && self
                .correction_rationale
                .as_deref()
                .unwrap_or(&row.correction_rationale)
                .trim()
                .is_empty()
        {
            return Err(StoreError::Invalid(
                "a corrected verdict needs a compensation rationale".into(),
            ));
        }
        if !finding {
            row.risk = None;
            row.high_risk_case = None;
            row.major_hidden_risk = false;
        }
        if row.verdict != Verdict::NotApplicable {
            row.na_reason.clear();
        }
        Ok(row)
    }
}

const COLUMNS: &str = "item_id, object_id, verdict, record, risk, high_risk_case, major_hidden_risk,
    na_reason, corrected_verdict, correction_rationale, remediation, remediated, updated_by, updated_at";

fn row_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<ResultRow> {
    let opt = |i: usize| -> rusqlite::Result<Option<String>> { r.get(i) };
    Ok(ResultRow {
        item_id: r.get(0)?,
        object_id: r.get(1)?,
        verdict: parse_col(&r.get::<_, String>(2)?)?,
        record: r.get(3)?,
        risk: opt(4)?.map(|s| parse_col(&s)).transpose()?,
        high_risk_case: opt(5)?,
        major_hidden_risk: r.get(6)?,
        na_reason: r.get(7)?,
        corrected_verdict: opt(8)?.map(|s| parse_col(&s)).transpose()?,
        correction_rationale: r.get(9)?,
        remediation: r.get(10)?,
        remediated: r.get(11)?,
        updated_by: r.get(12)?,
        updated_at: r.get(13)?,
    })
}

impl Store {
    pub fn results(&self) -> Result<Vec<ResultRow>> {
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM result"))?;
        let rows = stmt
            .query_map([], row_from)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Writes one result; the caller has checked that the item applies to the object.
    pub fn set_result(
        &mut self,
        item_id: &str,
        object_id: i64,
        object_name: &str,
        update: &ResultUpdate,
    ) -> Result<ResultRow> {
        let actor = self.actor().to_string();
        let target = format!("{item_id} @ {object_name}");
        self.mutate("set-result", &target, |tx| {
            let stored = tx
                .query_row(
                    &format!("SELECT {COLUMNS} FROM result WHERE item_id = ?1 AND object_id = ?2"),
                    params![item_id, object_id],
                    row_from,
                )
                .optional()?;
            let previous = stored.as_ref().map(|r| r.verdict).unwrap_or(Verdict::NotAssessed);
            let base = stored.unwrap_or_else(|| ResultRow {
                item_id: item_id.to_string(),
                object_id,
                verdict: Verdict::NotAssessed,
                record: String::new(),
                risk: None,
                high_risk_case: None,
                major_hidden_risk: false,
                na_reason: String::new(),
                corrected_verdict: None,
                correction_rationale: String::new(),
                remediation: String::new(),
                remediated: false,
                updated_by: String::new(),
                updated_at: String::new(),
            });
            let mut row = update.apply(base)?;
            row.updated_by = actor.clone();
            row.updated_at = now();
            tx.execute(
                &format!("INSERT OR REPLACE INTO result ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"),
                params![
                    row.item_id,
                    row.object_id,
                    row.verdict.as_str(),
                    row.record,
                    row.risk.map(|r| r.as_str()),
                    row.high_risk_case,
                    row.major_hidden_risk,
                    row.na_reason,
                    row.corrected_verdict.map(|v| v.as_str()),
                    row.correction_rationale,
                    row.remediation,
                    row.remediated,
                    row.updated_by,
                    row.updated_at,
                ],
            )?;
            let detail = json!({
                "previous": previous.as_str(),
                "verdict": row.verdict.as_str(),
                "record": row.record,
                "risk": row.risk.map(|r| r.as_str()),
                "high_risk_case": row.high_risk_case,
                "major_hidden_risk": row.major_hidden_risk,
                "reason": row.na_reason,
                "corrected_verdict": row.corrected_verdict.map(|v| v.as_str()),
                "correction_rationale": row.correction_rationale,
                "remediation": row.remediation,
                "remediated": row.remediated,
            });
            Ok((row, detail))
        })
    }

    /// Removes the result of one pair, so it is not assessed again (undo of a first verdict).
    pub fn clear_result(&mut self, item_id: &str, object_id: i64, object_name: &str) -> Result<()> {
        let target = format!("{item_id} @ {object_name}");
        self.mutate("clear-result", &target, |tx| {
            let previous: Option<String> = tx
                .query_row(
                    "SELECT verdict FROM result WHERE item_id = ?1 AND object_id = ?2",
                    params![item_id, object_id],
                    |r| r.get(0),
                )
                .optional()?;
            tx.execute(
                "DELETE FROM result WHERE item_id = ?1 AND object_id = ?2",
                params![item_id, object_id],
            )?;
            Ok(((), json!({ "previous": previous })))
        })
    }

    /// Pieces of evidence linked to each item × object pair.
    pub fn evidence_counts(&self) -> Result<HashMap<(String, i64), usize>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT item_id, object_id, count(*) FROM evidence_link GROUP BY item_id, object_id",
        )?;
        let counts = stmt
            .query_map([], |r| {
                Ok((
                    (r.get::<_, String>(0)?, r.get::<_, i64>(1)?),
                    r.get::<_, i64>(2)? as usize,
                ))
            })?
            .collect::<rusqlite::Result<HashMap<_, _>>>()?;
        Ok(counts)
    }
}
