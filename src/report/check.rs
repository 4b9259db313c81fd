//! The report checker: the rules reviewers apply to a report before it is signed, each
//! a named problem. The report is a draft while any remains (`dengbao check --report`
//! lists them; `report` runs them too).

use serde::Serialize;

use super::chapters;
use crate::domain::analysis::{Analysis, Coverage};
use crate::domain::snapshot::Snapshot;
use crate::domain::{Lang, Risk};

/// A rule of the report checker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// A detail the front matter needs is empty.
    Missing,
    /// Report date, approval date and statement date differ.
    Dates,
    /// The report number is not 备案证明编号-YY-机构代码-序号.
    ReportNumber,
    /// A problem on an item with a high-risk case is not rated high and says not why.
    NotHighReason,
    /// An asset without its importance (关键 / 重要 / 一般).
    Importance,
    /// An asset of appendix A without any record in appendix D.
    AssetWithoutRecords,
    /// A finding without a rating, counted nowhere on the conclusion page.
    Unrated,
    /// A record that still equals the preset (测评底稿) it was started from.
    Preset,
}

impl Rule {
    pub fn describe(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Rule::Missing, Lang::Zh) => "未填写",
            (Rule::Missing, Lang::En) => "missing",
            (Rule::Dates, Lang::Zh) => "报告日期、批准日期和声明日期不一致",
            (Rule::Dates, Lang::En) => "report, approval and statement dates differ",
            (Rule::ReportNumber, Lang::Zh) => "报告编号应为 备案证明编号-年份两位-机构代码四位-序号两位",
            (Rule::ReportNumber, Lang::En) => "the report number is not FILING-YY-AGENCY-NN",
            (Rule::NotHighReason, Lang::Zh) => "涉及高风险判定指引但未判为高风险，未说明理由",
            (Rule::NotHighReason, Lang::En) => {
                "a high-risk case applies but the problem is not rated high, with no reason"
            }
            (Rule::Importance, Lang::Zh) => "资产未填写重要程度",
            (Rule::Importance, Lang::En) => "asset without importance",
            (Rule::AssetWithoutRecords, Lang::Zh) => "资产在附录 D 中没有测评记录",
            (Rule::AssetWithoutRecords, Lang::En) => "asset with no record in appendix D",
            (Rule::Unrated, Lang::Zh) => "问题未定风险等级，不计入结论页的风险数量",
            (Rule::Unrated, Lang::En) => {
                "problem without a risk rating, counted nowhere on the conclusion page"
            }
            (Rule::Preset, Lang::Zh) => "测评记录仍是底稿原文，未按现场所见修改",
            (Rule::Preset, Lang::En) => "record is still its preset text, not what was seen on site",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportProblem {
    pub rule: Rule,
    /// What it is about: a detail, an item @ object, an asset.
    pub subject: String,
}

/// Details the front matter and the sign-off need.
const REQUIRED: &[&str] = &[
    "client",
    "report-date",
    "filing-number",
    "compiled-by",
    "compiled-on",
    "reviewed-by",
    "reviewed-on",
    "approved-by",
    "approved-on",
];

/// Every problem the report of this engagement has, in a stable order.
pub fn check(s: &Snapshot, a: &Analysis) -> Vec<ReportProblem> {
    let d = &s.details;
    let mut out = Vec::new();
    let mut problem = |rule, subject: String| out.push(ReportProblem { rule, subject });
    for key in REQUIRED {
        if d.get(key).is_empty() {
            problem(Rule::Missing, (*key).to_string());
        }
    }
    for (field, value) in [
        ("agency", &s.engagement.agency),
        ("report-id", &s.engagement.report_id),
    ] {
        if value.trim().is_empty() {
            problem(Rule::Missing, field.to_string());
        }
    }
    let report_date = d.get("report-date");
    if !report_date.is_empty() {
        for key in ["approved-on", "statement-date"] {
            let other = d.get(key);
            if !other.is_empty() && other != report_date {
                problem(Rule::Dates, format!("report-date {report_date} ≠ {key} {other}"));
            }
        }
    }
    let number = s.engagement.report_id.trim();
    if !number.is_empty() && !report_number_ok(number, d.get("filing-number")) {
        problem(Rule::ReportNumber, number.to_string());
    }
    for p in a
        .findings_of(Coverage::Mlps)
        .chain(a.findings_of(Coverage::Profile))
    {
        let item = &s.items[p.item];
        let object = &s.objects[p.object];
        let subject = format!("{} @ {}", item.id, object.name);
        if p.assessment.risk.is_none() {
            problem(Rule::Unrated, subject.clone());
        }
        if !item.high_risk.is_empty()
            && p.assessment.risk != Some(Risk::High)
            && d.finding(&item.id, object.uid.as_str(), "not-high").is_empty()
        {
            problem(Rule::NotHighReason, subject);
        }
    }
    for p in &a.pairs {
        let (item, object) = (&s.items[p.item], &s.objects[p.object]);
        if d.is_preset(&item.id, object.uid.as_str(), &p.assessment.record) {
            problem(Rule::Preset, format!("{} @ {}", item.id, object.name));
        }
    }
    let with_records: std::collections::HashSet<usize> = a.pairs.iter().map(|p| p.object).collect();
    for (i, o) in s.objects.iter().enumerate() {
        if o.system_level || chapters::asset_class(o.kind).is_none() {
            continue;
        }
        if o.profile.importance.is_none() {
            problem(Rule::Importance, o.name.clone());
        }
        if !with_records.contains(&i) {
            problem(Rule::AssetWithoutRecords, o.name.clone());
        }
    }
    out
}

/// 备案证明编号-YY-机构代码-序号: the filing number (when it is known), two digits of
/// the year, the agency's four-digit code, a two-digit sequence number.
pub fn report_number_ok(number: &str, filing: &str) -> bool {
    let parts: Vec<&str> = number.rsplitn(4, '-').collect();
    let [seq, agency, year, prefix] = parts[..] else {
        return false;
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    digits(seq, 2)
        && digits(agency, 4)
        && digits(year, 2)
        && !prefix.is_empty()
        && (filing.is_empty() || prefix == filing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_numbers_take_the_filing_number_year_agency_and_sequence() {
        assert!(report_number_ok(
            "44010000000-26001-26-0001-01",
            "44010000000-26001"
        ));
        assert!(report_number_ok("44010000000-26001-26-0001-01", ""));
        assert!(!report_number_ok(
            "44010000000-26001-26-0001-01",
            "11000000000-26001"
        ));
        assert!(!report_number_ok("DB-2026-HIS-0001", ""));
        assert!(!report_number_ok("26-0001-01", ""));
        assert!(!report_number_ok("X-26-001-01", ""));
    }
}
