//! The whole engagement as one JSON document (`format: "dengbao-export"`, `version: 1`),
//! with stable field names: cover details, the checklist snapshot, objects, results with
//! their revision history, evidence metadata (never its bytes), the journal, interviews,
//! last year's findings and the head of the audit chain. The schema is documented in
//! the README ("JSON export"). The parts other commands print with `--json` are the
//! same types: `status` is `status --json`, `gate` is `check --json`, `objects`,
//! `evidence` and `journal` are `asset list`, `evidence list` and `journal list`.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::domain::analysis::{Analysis, Conclusion, Progress, Status};
use crate::domain::carry::{CarriedFrom, PreviousFinding};
use crate::domain::engagement::Engagement;
use crate::domain::evidence::{Evidence, EvidenceKind, JournalEntry};
use crate::domain::gate::GateProblem;
use crate::domain::object::Object;
use crate::domain::snapshot::Snapshot;
use crate::domain::vocab::{Text, Verdict};
use crate::store::revisions::Revision;

pub const FORMAT: &str = "dengbao-export";
pub const VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct Export<'a> {
    pub format: &'static str,
    pub version: u32,
    /// Lets `export --force` recognise an earlier export of this engagement.
    pub marker: String,
    pub engagement: &'a Engagement,
    pub details: &'a BTreeMap<String, String>,
    pub figures: Figures<'a>,
    /// What `status --json` prints for the engagement.
    pub status: Status,
    /// What `check --json` prints: the quality-gate problems.
    pub gate: Vec<GateProblem>,
    pub packs: Vec<PackOut<'a>>,
    pub items: Vec<ItemOut<'a>>,
    pub objects: &'a [Object],
    pub results: Vec<ResultOut<'a>>,
    pub evidence: &'a [Evidence],
    pub journal: &'a [JournalEntry],
    pub interviews: Vec<&'a JournalEntry>,
    pub carried_from: Option<&'a CarriedFrom>,
    pub previous_findings: &'a [PreviousFinding],
    pub audit: AuditHead<'a>,
}

#[derive(Debug, Serialize)]
pub struct Figures<'a> {
    pub progress: &'a Progress,
    pub compliance_rate: Option<f64>,
    pub conclusion: &'a Conclusion,
    pub gate_problems: usize,
}

#[derive(Debug, Serialize)]
pub struct PackOut<'a> {
    pub id: &'a str,
    pub version: &'a str,
    pub role: &'static str,
    pub title: &'a Text,
    pub standard: &'a str,
    pub content_hash: &'a str,
}

#[derive(Debug, Serialize)]
pub struct ItemOut<'a> {
    pub id: &'a str,
    pub pack: &'a str,
    pub category: &'a str,
    pub category_name: &'a Text,
    pub control_point: &'a Text,
    pub text: &'a Text,
    pub weight: f64,
    pub applies_to: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct ResultOut<'a> {
    pub item: &'a str,
    pub object: &'a str,
    pub object_name: &'a str,
    pub verdict: Verdict,
    pub effective_verdict: Verdict,
    pub record: &'a str,
    pub risk: Option<&'static str>,
    pub high_risk_case: Option<&'a str>,
    pub major_hidden_risk: bool,
    pub na_reason: &'a str,
    pub corrected_verdict: Option<Verdict>,
    pub correction_rationale: &'a str,
    pub remediation: &'a str,
    pub remediated: bool,
    pub revision: Option<&'a str>,
    pub author: &'a str,
    pub at: &'a str,
    /// Every state the result has been in, oldest first.
    pub history: Vec<&'a Revision>,
}

#[derive(Debug, Serialize)]
pub struct AuditHead<'a> {
    pub rows: usize,
    pub hash: &'a str,
}

/// The export document of `s`; `revisions` are the engagement's result revisions.
pub fn export<'a>(s: &'a Snapshot, a: &'a Analysis, revisions: &'a [Revision]) -> Export<'a> {
    let objects: HashMap<i64, &Object> = s.objects.iter().map(|o| (o.id, o)).collect();
    let mut history: HashMap<(&str, i64), Vec<&Revision>> = HashMap::new();
    for r in revisions {
        history.entry((r.item.as_str(), r.object_id)).or_default().push(r);
    }
    let results = s
        .results
        .iter()
        .filter_map(|r| {
            let o = objects.get(&r.object_id)?;
            Some(ResultOut {
                item: &r.item_id,
                object: o.uid.as_str(),
                object_name: &o.name,
                verdict: r.verdict,
                effective_verdict: r.effective(),
                record: &r.record,
                risk: r.risk.map(|k| k.as_str()),
                high_risk_case: r.high_risk_case.as_deref(),
                major_hidden_risk: r.major_hidden_risk,
                na_reason: &r.na_reason,
                corrected_verdict: r.corrected_verdict,
                correction_rationale: &r.correction_rationale,
                remediation: &r.remediation,
                remediated: r.remediated,
                revision: r.revision.as_ref().map(|u| u.as_str()),
                author: &r.updated_by,
                at: &r.updated_at,
                history: history
                    .remove(&(r.item_id.as_str(), r.object_id))
                    .unwrap_or_default(),
            })
        })
        .collect();
    let interviews = s
        .journal
        .iter()
        .filter(|j| {
            j.evidence_id.is_some_and(|id| {
                s.evidence
                    .iter()
                    .any(|e| e.id == id && e.kind == EvidenceKind::Interview)
            })
        })
        .collect();
    Export {
        format: FORMAT,
        version: VERSION,
        marker: crate::output::marker(s.engagement.uid.as_str()),
        engagement: &s.engagement,
        details: &s.details.0,
        figures: Figures {
            progress: &a.mlps.progress,
            compliance_rate: a.mlps.compliance_rate,
            conclusion: &a.conclusion,
            gate_problems: a.gate.len(),
        },
        status: Status::of(s, a),
        gate: a.gate_problems(),
        packs: s
            .packs
            .iter()
            .map(|p| PackOut {
                id: &p.id,
                version: &p.version,
                role: p.role.as_str(),
                title: &p.title,
                standard: &p.standard,
                content_hash: &p.content_hash,
            })
            .collect(),
        items: s
            .items
            .iter()
            .map(|i| ItemOut {
                id: &i.id,
                pack: &i.pack,
                category: &i.category,
                category_name: &i.category_name,
                control_point: &i.control_point,
                text: &i.text,
                weight: i.weight,
                applies_to: i.applies_to.iter().map(|k| k.as_str()).collect(),
            })
            .collect(),
        objects: &s.objects,
        results,
        evidence: &s.evidence,
        journal: &s.journal,
        interviews,
        carried_from: s.carried.as_ref().map(|c| &c.from),
        previous_findings: s.carried.as_ref().map(|c| c.findings.as_slice()).unwrap_or(&[]),
        audit: AuditHead {
            rows: s.audit_rows,
            hash: &s.audit_head,
        },
    }
}
