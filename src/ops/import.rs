//! Importing a filled-in 测评记录 workbook: matching its rows with the engagement's items
//! and objects, telling changes from untouched rows and from conflicts, and recording
//! the changes in one transaction — as this year's results, or as last year's findings
//! (what `carry-forward` keeps) for the report's follow-up section.
//!
//! A row is untouched when it still says what the export wrote (the revision in its
//! hidden column); a changed row whose result was also changed in the engagement since
//! the export is a conflict: listed, never written. Any row that cannot be matched
//! stops the whole import.

use std::collections::{HashMap, HashSet};

use super::Result;
use crate::domain::analysis::Analysis;
use crate::domain::carry::{Carried, CarriedFrom, PreviousFinding};
use crate::domain::object::closest;
use crate::domain::result::{ResultState, ResultUpdate};
use crate::domain::snapshot::Snapshot;
use crate::domain::vocab::{Risk, Verdict};
use crate::export::workbook::{Problem, Row};
use crate::store::Store;

/// One result the import would write.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub sheet: String,
    pub row: u32,
    pub item: String,
    pub object_id: i64,
    pub object: String,
    pub before: Verdict,
    pub verdict: Verdict,
    pub record: String,
}

/// A row changed in the workbook whose result also changed in the engagement.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub sheet: String,
    pub row: u32,
    pub item: String,
    pub object: String,
    pub engagement: Verdict,
    pub workbook: Verdict,
}

#[derive(Debug, Default)]
pub struct Plan {
    pub changes: Vec<Change>,
    pub conflicts: Vec<Conflict>,
    pub unchanged: usize,
    pub problems: Vec<Problem>,
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A row matched with the engagement: indexes of its item and object, and its verdict.
struct Matched<'r> {
    row: &'r Row,
    item: usize,
    object: usize,
    verdict: Option<Verdict>,
}

/// Matches every row; problems go to `problems`.
fn matched<'r>(s: &Snapshot, rows: &'r [Row], problems: &mut Vec<Problem>) -> Vec<Matched<'r>> {
    let mut out = Vec::new();
    let mut seen: HashMap<(usize, usize), u32> = HashMap::new();
    let mut unknown_objects = HashSet::new();
    for row in rows {
        let mut problem = |why: String| {
            problems.push(Problem {
                sheet: row.sheet.clone(),
                row: Some(row.row),
                why,
            })
        };
        let Some(object) = s.objects.iter().position(|o| o.name == row.object) else {
            if unknown_objects.insert(row.sheet.clone()) {
                let near = closest(&row.object, s.objects.iter().map(|o| o.name.as_str()), 3);
                problem(format!(
                    "unknown object '{}' (closest: {})",
                    row.object,
                    near.join(", ")
                ));
            }
            continue;
        };
        let kind = s.objects[object].kind;
        let item = if row.item.is_empty() {
            let (cp, text) = (squeeze(&row.control_point), squeeze(&row.text));
            let found = s.items.iter().position(|i| {
                i.applies_to.contains(&kind)
                    && (squeeze(&i.control_point.zh) == cp || squeeze(&i.control_point.en) == cp)
                    && (squeeze(&i.text.zh) == text || squeeze(&i.text.en) == text)
            });
            let Some(i) = found else {
                if s.items
                    .iter()
                    .any(|i| squeeze(&i.control_point.zh) == cp || squeeze(&i.control_point.en) == cp)
                {
                    problem(format!("no item of control point '{cp}' has this 测评项 text"));
                } else {
                    problem(format!("unknown control point '{cp}'"));
                }
                continue;
            };
            i
        } else {
            let Some(i) = s.items.iter().position(|i| i.id == row.item) else {
                let near = closest(&row.item, s.items.iter().map(|i| i.id.as_str()), 3);
                problem(format!(
                    "unknown item '{}' (closest: {})",
                    row.item,
                    near.join(", ")
                ));
                continue;
            };
            i
        };
        if !s.items[item].applies_to.contains(&kind) {
            problem(format!(
                "item '{}' does not apply to object '{}' of kind {kind}",
                s.items[item].id, row.object
            ));
            continue;
        }
        let verdict = if row.verdict.is_empty() {
            None
        } else if let Some(v) = Verdict::from_label(&row.verdict) {
            Some(v)
        } else {
            problem(format!(
                "unknown 符合情况 '{}' (accepted: 符合, 部分符合, 不符合, 不适用, 未测评)",
                row.verdict
            ));
            continue;
        };
        if let Some(first) = seen.insert((item, object), row.row) {
            problem(format!(
                "item '{}' of object '{}' is on row {first} already",
                s.items[item].id, row.object
            ));
            continue;
        }
        out.push(Matched {
            row,
            item,
            object,
            verdict,
        });
    }
    out
}

/// What importing `rows` as results would do; `exported` gives the verdict and record
/// of each revision uid the engagement has.
pub fn plan_results(
    s: &Snapshot,
    rows: &[Row],
    mut problems: Vec<Problem>,
    exported: &HashMap<String, (Verdict, String)>,
) -> Plan {
    let mut plan = Plan::default();
    let current: HashMap<(&str, i64), &ResultState> = s
        .results
        .iter()
        .map(|r| ((r.item_id.as_str(), r.object_id), r))
        .collect();
    for m in matched(s, rows, &mut problems) {
        let (item, object) = (&s.items[m.item], &s.objects[m.object]);
        let now = current.get(&(item.id.as_str(), object.id));
        let (now_verdict, now_record) = now
            .map(|r| (r.verdict, r.record.as_str()))
            .unwrap_or((Verdict::NotAssessed, ""));
        let now_revision = now
            .and_then(|r| r.revision.as_ref())
            .map(|u| u.as_str())
            .unwrap_or("");
        let verdict = m.verdict.unwrap_or(now_verdict);
        let record = m.row.record.as_str();
        if verdict == now_verdict && record == now_record {
            plan.unchanged += 1;
            continue;
        }
        let conflict = || Conflict {
            sheet: m.row.sheet.clone(),
            row: m.row.row,
            item: item.id.clone(),
            object: object.name.clone(),
            engagement: now_verdict,
            workbook: verdict,
        };
        // A pair with an open merge conflict waits for someone to settle it here.
        let merging = s
            .conflicts
            .iter()
            .any(|c| c.item == item.id && c.object == object.name);
        if merging {
            plan.conflicts.push(conflict());
            continue;
        }
        if let Some(rev) = m.row.revision.as_deref()
            && rev != now_revision
        {
            let untouched = match exported.get(rev) {
                Some((v, r)) => (verdict, record) == (*v, r.as_str()),
                None => rev.is_empty() && (verdict, record) == (Verdict::NotAssessed, ""),
            };
            // A revision this engagement does not have comes from another copy of it:
            // only a result recorded here conflicts with the workbook's.
            let from_a_copy = !rev.is_empty() && !exported.contains_key(rev) && now_revision.is_empty();
            if untouched {
                plan.unchanged += 1;
                continue;
            }
            if !from_a_copy {
                plan.conflicts.push(conflict());
                continue;
            }
        }
        plan.changes.push(Change {
            sheet: m.row.sheet.clone(),
            row: m.row.row,
            item: item.id.clone(),
            object_id: object.id,
            object: object.name.clone(),
            before: now_verdict,
            verdict,
            record: record.to_string(),
        });
    }
    plan.problems = problems;
    plan
}

/// Last year's records in a workbook: the findings (partial and non-compliant rows,
/// with the risk and remediation the workbook gives them) and the compliance rates
/// those verdicts make, whole and per category.
#[derive(Debug, Default)]
pub struct Previous {
    pub findings: Vec<PreviousFinding>,
    pub rates: Vec<(String, f64)>,
}

/// A risk as a workbook writes it: 高 / 中 / 低 (with or without 风险), High, high, ….
fn parse_risk(text: &str) -> Option<Risk> {
    let t = text.trim();
    Risk::from_label(t.strip_suffix("风险").unwrap_or(t))
}

/// Last year's records in `rows`; problems go to `problems`.
pub fn plan_previous(s: &Snapshot, rows: &[Row], problems: &mut Vec<Problem>) -> Previous {
    let matched = matched(s, rows, problems);
    let mut last = s.clone();
    last.results = matched
        .iter()
        .filter_map(|m| {
            let mut r = ResultState::unassessed(&s.items[m.item].id, s.objects[m.object].id);
            r.verdict = m.verdict?;
            Some(r)
        })
        .collect();
    let rates = Analysis::of(&last).year_rates();
    let mut findings = Vec::new();
    for m in matched {
        let Some(verdict) = m.verdict.filter(|v| v.is_finding()) else {
            continue;
        };
        let risk = if m.row.risk.is_empty() {
            None
        } else if let Some(r) = parse_risk(&m.row.risk) {
            Some(r)
        } else {
            problems.push(Problem {
                sheet: m.row.sheet.clone(),
                row: Some(m.row.row),
                why: format!("unknown 风险 '{}' (accepted: 高, 中, 低)", m.row.risk),
            });
            continue;
        };
        findings.push(PreviousFinding {
            item_id: s.items[m.item].id.clone(),
            object_name: s.objects[m.object].name.clone(),
            verdict,
            record: m.row.record.clone(),
            risk,
            high_risk_case: None,
            major_hidden_risk: false,
            remediation: m.row.remediation.clone(),
        });
    }
    Previous { findings, rates }
}

/// Writes the plan's changes as one transaction with one audit row.
pub fn import_results(store: &mut Store, source: &str, plan: &Plan) -> Result<Vec<ResultState>> {
    let changes: Vec<_> = plan
        .changes
        .iter()
        .map(|c| {
            let update = ResultUpdate {
                verdict: Some(c.verdict),
                record: Some(c.record.clone()),
                ..Default::default()
            };
            ((c.item.clone(), c.object_id), update)
        })
        .collect();
    Ok(store.import_results(source, &changes)?)
}

/// Records `previous` as last year's, from the workbook `source` of system `system`.
pub fn import_previous(store: &mut Store, source: &str, system: &str, previous: Previous) -> Result<usize> {
    let carried = Carried {
        from: CarriedFrom {
            path: source.to_string(),
            system: system.to_string(),
            report_id: String::new(),
            starts_on: String::new(),
            ends_on: String::new(),
            audit_head: String::new(),
        },
        findings: previous.findings,
        rates: previous.rates,
    };
    Ok(store.import_previous(&carried)?)
}
