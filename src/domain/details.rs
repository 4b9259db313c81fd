//! The report's details beyond the cover fields: who commissioned the evaluation, the
//! report date and numbers, the evaluated unit's and the agency's particulars, who
//! compiled, reviewed and approved the report, the system's grading, purpose, business
//! and network descriptions, staff and documents, and texts per category and per
//! finding. Stored as keys and values; each key is declared here with its labels and the
//! form its value takes.

use std::collections::BTreeMap;

use super::Lang;

/// The form of a detail's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// One line of text.
    Line,
    /// Several lines.
    Lines,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// An IANA time zone name, e.g. `Asia/Shanghai`.
    TimeZone,
    /// The report layout: `2025` or `2021`.
    Template,
    /// The evidence appendix: `compact` or `full`.
    EvidenceLayout,
}

/// A declared detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detail {
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub form: Form,
}

impl Detail {
    pub fn label(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

const fn d(key: &'static str, zh: &'static str, en: &'static str, form: Form) -> Detail {
    Detail { key, zh, en, form }
}

/// The engagement-wide details, in the order the report's front matter uses them.
pub const DETAILS: &[Detail] = &[
    d("client", "委托单位", "Commissioning party", Form::Line),
    d("report-date", "报告日期", "Report date", Form::Date),
    d(
        "filing-number",
        "备案证明编号",
        "Filing certificate number",
        Form::Line,
    ),
    d("template", "报告模板", "Report template", Form::Template),
    d("time-zone", "时区", "Time zone", Form::TimeZone),
    d(
        "evidence-appendix",
        "证据附录",
        "Evidence appendix",
        Form::EvidenceLayout,
    ),
    d("unit-address", "被测单位地址", "Unit address", Form::Line),
    d("unit-postcode", "邮政编码", "Postcode", Form::Line),
    d(
        "unit-credit-code",
        "统一社会信用代码",
        "Unified social credit code",
        Form::Line,
    ),
    d("unit-contact", "被测单位联系人", "Unit contact", Form::Line),
    d("unit-contact-title", "联系人职务", "Contact's title", Form::Line),
    d(
        "unit-contact-department",
        "联系人部门",
        "Contact's department",
        Form::Line,
    ),
    d("unit-phone", "联系电话", "Phone", Form::Line),
    d("unit-mobile", "移动电话", "Mobile", Form::Line),
    d("unit-email", "电子邮件", "E-mail", Form::Line),
    d("agency-code", "测评机构代码", "Agency code", Form::Line),
    d("agency-contact", "测评机构联系人", "Agency contact", Form::Line),
    d("agency-phone", "测评机构电话", "Agency phone", Form::Line),
    d("compiled-by", "编制人", "Compiled by", Form::Line),
    d("compiled-on", "编制日期", "Compiled on", Form::Date),
    d("reviewed-by", "审核人", "Reviewed by", Form::Line),
    d("reviewed-on", "审核日期", "Reviewed on", Form::Date),
    d("approved-by", "批准人", "Approved by", Form::Line),
    d("approved-on", "批准日期", "Approved on", Form::Date),
    d("statement-date", "声明日期", "Statement date", Form::Date),
    d(
        "grading",
        "定级结果（业务信息/系统服务）",
        "Grading (information / service)",
        Form::Line,
    ),
    d("grading-basis", "定级依据", "Grading basis", Form::Lines),
    d("purpose", "测评目的", "Purpose of the evaluation", Form::Lines),
    d("process", "测评过程", "Evaluation process", Form::Lines),
    d("distribution", "报告分发范围", "Distribution", Form::Lines),
    d(
        "business",
        "业务与采用的技术",
        "Business and technology",
        Form::Lines,
    ),
    d("network", "网络结构", "Network structure", Form::Lines),
    d(
        "topology-evidence",
        "网络拓扑图（证据编号）",
        "Topology diagram (evidence number)",
        Form::Line,
    ),
    d(
        "staff",
        "安全相关人员（每行：姓名｜岗位）",
        "Security staff (one per line: name | role)",
        Form::Lines,
    ),
    d(
        "documents",
        "安全管理文档（每行：名称｜版本）",
        "Management documents (one per line: title | version)",
        Form::Lines,
    ),
    d("scan", "漏洞扫描说明", "Vulnerability scan", Form::Lines),
    d("pentest", "渗透测试说明", "Penetration test", Form::Lines),
    d(
        "overall",
        "整体测评分析",
        "Overall evaluation analysis",
        Form::Lines,
    ),
    d("evaluation", "总体评价", "Overall assessment", Form::Lines),
];

/// Texts per category and per finding: `category.PACK/CODE.measures` (existing
/// measures), `category.PACK/CODE.problems` (main problems), and for a finding
/// `finding.ITEM@OBJECT-UID.threat`, `.harm` and `.not-high` (why a problem on an item
/// with a high-risk case is not rated high).
pub const CATEGORY_PARTS: &[(&str, &str, &str)] = &[
    ("measures", "已有安全措施", "Existing measures"),
    ("problems", "主要安全问题", "Main problems"),
];

pub const FINDING_PARTS: &[(&str, &str, &str)] = &[
    ("threat", "关联威胁", "Related threat"),
    ("harm", "危害分析", "Harm analysis"),
    ("not-high", "未判为高风险的理由", "Why not rated high"),
];

/// The report layout a report date calls for: the 2025 template from 2025-03-20 on.
pub fn template_for(report_date: &str) -> &'static str {
    if report_date.is_empty() || report_date >= "2025-03-20" {
        "2025"
    } else {
        "2021"
    }
}

/// What a detail's key refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key<'a> {
    Engagement(&'static Detail),
    /// (pack, category code, part)
    Category(&'a str, &'a str, &'static str),
    /// (item id, object uid, part)
    Finding(&'a str, &'a str, &'static str),
    /// The preset a record was started from: (item id, object uid).
    Preset(&'a str, &'a str),
}

/// Why a detail cannot be set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DetailViolation {
    #[error("unknown detail '{0}' (closest: {1})")]
    Unknown(String, String),
    #[error("{key}: '{value}' is not a date (use 2026-11-20)")]
    Date { key: String, value: String },
    #[error("{key}: '{value}' is not a time zone (use a name such as Asia/Shanghai)")]
    TimeZone { key: String, value: String },
    #[error("{key}: '{value}' is not one of {accepted}")]
    Choice {
        key: String,
        value: String,
        accepted: &'static str,
    },
    #[error("{key}: one line only")]
    OneLine { key: String },
}

/// Finds what `key` names (its syntax only; whether the category or finding exists is
/// the caller's to check).
pub fn parse_key(key: &str) -> Result<Key<'_>, DetailViolation> {
    if let Some(d) = DETAILS.iter().find(|d| d.key == key) {
        return Ok(Key::Engagement(d));
    }
    let unknown = || {
        let near = super::object::closest(key, DETAILS.iter().map(|d| d.key), 3);
        DetailViolation::Unknown(key.to_string(), near.join(", "))
    };
    if let Some(rest) = key.strip_prefix("category.") {
        let (scope, part) = rest.rsplit_once('.').ok_or_else(unknown)?;
        let (pack, code) = scope.split_once('/').ok_or_else(unknown)?;
        let part = CATEGORY_PARTS.iter().find(|p| p.0 == part).ok_or_else(unknown)?.0;
        if pack.is_empty() || code.is_empty() {
            return Err(unknown());
        }
        return Ok(Key::Category(pack, code, part));
    }
    if let Some(rest) = key.strip_prefix("preset.") {
        let (item, object) = rest.split_once('@').ok_or_else(unknown)?;
        if item.is_empty() || object.is_empty() {
            return Err(unknown());
        }
        return Ok(Key::Preset(item, object));
    }
    if let Some(rest) = key.strip_prefix("finding.") {
        let (pair, part) = rest.rsplit_once('.').ok_or_else(unknown)?;
        let (item, object) = pair.split_once('@').ok_or_else(unknown)?;
        let part = FINDING_PARTS.iter().find(|p| p.0 == part).ok_or_else(unknown)?.0;
        if item.is_empty() || object.is_empty() {
            return Err(unknown());
        }
        return Ok(Key::Finding(item, object, part));
    }
    Err(unknown())
}

/// Checks a value for its key; returns it trimmed (an empty value removes the detail).
pub fn check(key: &str, value: &str) -> Result<String, DetailViolation> {
    let value = value.trim().to_string();
    let form = match parse_key(key)? {
        Key::Engagement(d) => d.form,
        _ => Form::Lines,
    };
    if value.is_empty() {
        return Ok(value);
    }
    let bad = |accepted| DetailViolation::Choice {
        key: key.to_string(),
        value: value.clone(),
        accepted,
    };
    match form {
        Form::Lines => {}
        Form::Line if value.contains('\n') => {
            return Err(DetailViolation::OneLine { key: key.to_string() });
        }
        Form::Line => {}
        Form::Date => {
            if value.parse::<jiff::civil::Date>().is_err() || value.len() != 10 {
                return Err(DetailViolation::Date {
                    key: key.to_string(),
                    value,
                });
            }
        }
        Form::TimeZone => {
            if jiff::tz::TimeZone::get(&value).is_err() {
                return Err(DetailViolation::TimeZone {
                    key: key.to_string(),
                    value,
                });
            }
        }
        Form::Template if value != "2025" && value != "2021" => return Err(bad("2025, 2021")),
        Form::EvidenceLayout if value != "compact" && value != "full" => return Err(bad("compact, full")),
        Form::Template | Form::EvidenceLayout => {}
    }
    Ok(value)
}

/// The detail keys a tool report is kept under: (key, value) for a piece of evidence.
pub fn tool_report_details(evidence_uid: &str, r: &super::evidence::ToolReport) -> [(String, String); 2] {
    [
        (
            format!("evidence.{evidence_uid}.report"),
            r.kind.as_str().to_string(),
        ),
        (format!("evidence.{evidence_uid}.tool"), r.tool.clone()),
    ]
}

/// The details of one engagement.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Details(pub BTreeMap<String, String>);

impl Details {
    pub fn get(&self, key: &str) -> &str {
        self.0.get(key).map(String::as_str).unwrap_or("")
    }

    pub fn category(&self, pack: &str, code: &str, part: &str) -> &str {
        self.get(&format!("category.{pack}/{code}.{part}"))
    }

    pub fn finding(&self, item: &str, object_uid: &str, part: &str) -> &str {
        self.get(&format!("finding.{item}@{object_uid}.{part}"))
    }

    /// What a piece of evidence is when it is a tool report: the kind and the tool (name
    /// and version), kept under `evidence.UID.report` and `evidence.UID.tool` by `attach`.
    pub fn tool_report(&self, evidence_uid: &str) -> Option<(super::ToolReportKind, &str)> {
        let kind = self
            .get(&format!("evidence.{evidence_uid}.report"))
            .parse()
            .ok()?;
        Some((kind, self.get(&format!("evidence.{evidence_uid}.tool"))))
    }

    /// Whether a record is still the preset it was started from (not edited since).
    pub fn is_preset(&self, item: &str, object_uid: &str, record: &str) -> bool {
        let preset = self.get(&format!("preset.{item}@{object_uid}"));
        !preset.is_empty() && preset.trim() == record.trim()
    }

    /// The time zone times are printed in: the configured one, else Asia/Shanghai.
    pub fn time_zone(&self) -> jiff::tz::TimeZone {
        let name = match self.get("time-zone") {
            "" => "Asia/Shanghai",
            n => n,
        };
        jiff::tz::TimeZone::get(name).unwrap_or(jiff::tz::TimeZone::UTC)
    }

    /// The report layout: the configured one, else the one the report date calls for.
    pub fn template(&self) -> &str {
        match self.get("template") {
            "" => template_for(self.get("report-date")),
            t => t,
        }
    }

    /// Lines of a list detail, each split at `|` or `｜` into its columns.
    pub fn table(&self, key: &str) -> Vec<Vec<String>> {
        self.get(key)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| l.split(['|', '｜']).map(|c| c.trim().to_string()).collect())
            .collect()
    }
}

/// A label for a category or finding part.
pub fn part_label(parts: &[(&str, &'static str, &'static str)], part: &str, lang: Lang) -> &'static str {
    parts
        .iter()
        .find(|p| p.0 == part)
        .map(|p| if lang == Lang::Zh { p.1 } else { p.2 })
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_declared_or_follow_the_two_patterns() {
        assert!(matches!(parse_key("client"), Ok(Key::Engagement(_))));
        assert_eq!(
            parse_key("category.gbt22239-2019/CES.measures"),
            Ok(Key::Category("gbt22239-2019", "CES", "measures"))
        );
        assert_eq!(
            parse_key("finding.L3-CES1-01@abc.harm"),
            Ok(Key::Finding("L3-CES1-01", "abc", "harm"))
        );
        for bad in [
            "clients",
            "category.x.measures",
            "finding.a@b.colour",
            "category./C.problems",
        ] {
            assert!(parse_key(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn values_are_checked_for_their_form() {
        assert_eq!(check("report-date", " 2026-12-01 ").unwrap(), "2026-12-01");
        assert!(check("report-date", "2026-13-01").is_err());
        assert!(check("report-date", "1 Dec").is_err());
        assert!(check("time-zone", "Asia/Shanghai").is_ok());
        assert!(check("time-zone", "Mars/Olympus").is_err());
        assert!(check("template", "2019").is_err());
        assert!(check("client", "一\n二").is_err());
        assert_eq!(check("client", "").unwrap(), "");
    }

    #[test]
    fn the_template_follows_the_report_date() {
        assert_eq!(template_for("2025-03-19"), "2021");
        assert_eq!(template_for("2025-03-20"), "2025");
        let mut d = Details::default();
        d.0.insert("report-date".into(), "2024-06-01".into());
        assert_eq!(d.template(), "2021");
        d.0.insert("template".into(), "2025".into());
        assert_eq!(d.template(), "2025");
    }

    #[test]
    fn lists_split_into_columns() {
        let mut d = Details::default();
        d.0.insert("staff".into(), "张三｜信息科科长\n\n李四 | 网络管理员".into());
        assert_eq!(
            d.table("staff"),
            vec![vec!["张三", "信息科科长"], vec!["李四", "网络管理员"]]
        );
    }
}
