//! The 测评记录 workbook: a summary sheet (概况), one sheet per object with one row per
//! item (a hidden column keeps each result's revision uid, so that `import --workbook`
//! can tell an edit in the workbook from a change made in the engagement since), then
//! the findings (问题) and the evidence (证据). The archive's comment and a custom
//! document property carry the engagement's marker for `export --force`.

use std::collections::HashSet;

use rust_xlsxwriter::{DocProperties, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::STANDARD;
use crate::domain::analysis::{Analysis, Coverage};
use crate::domain::snapshot::Snapshot;
use crate::domain::vocab::{Lang, PackRole, Verdict};

/// Header of each object sheet (row 2); the revision column after 分值 is hidden.
pub const OBJECT_HEADER: [&str; 8] = [
    "编号",
    "扩展标准",
    "控制点",
    "测评项",
    "结果记录",
    "符合情况",
    "分值",
    "修订",
];
const OBJECT_WIDTHS: [f64; 8] = [14.0, 16.0, 16.0, 60.0, 60.0, 10.0, 6.0, 38.0];
pub const SUMMARY: &str = "概况";
pub const FINDINGS: &str = "问题";
pub const EVIDENCE: &str = "证据";
/// The custom document property holding the marker.
pub const MARKER_PROPERTY: &str = "dengbao-engagement";

/// The workbook of `s` as .xlsx bytes.
pub fn render(s: &Snapshot, a: &Analysis) -> Result<Vec<u8>, String> {
    let marker = crate::output::marker(s.engagement.uid.as_str());
    build(s, a, &marker)
        .map_err(|e| e.to_string())
        .and_then(|bytes| crate::output::zip_with_comment(bytes, &marker))
}

fn build(s: &Snapshot, a: &Analysis, marker: &str) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(&DocProperties::new().set_custom_property(MARKER_PROPERTY, marker));
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let mut names: HashSet<String> = [SUMMARY, FINDINGS, EVIDENCE].map(String::from).into();
    summary(book.add_worksheet(), s, a, &bold)?;
    for (o, object) in s.objects.iter().enumerate() {
        let pairs: Vec<_> = a.pairs.iter().filter(|p| p.object == o).collect();
        let recorded = pairs.iter().any(|p| p.assessment.verdict != Verdict::NotAssessed);
        if pairs.is_empty() || (object.system_level && !recorded) {
            continue;
        }
        let ws = book.add_worksheet();
        ws.set_name(sheet_name(&object.name, &mut names))?;
        let line = format!(
            "项目：{} 资产：{} IP：{} 版本：{} 标准：{STANDARD}",
            s.engagement.system, object.name, object.profile.ip, object.profile.os
        );
        ws.write_string_with_format(0, 0, line, &bold)?;
        header(ws, 1, &OBJECT_HEADER, &OBJECT_WIDTHS, &bold)?;
        let mut row = 2;
        for p in pairs {
            let item = &s.items[p.item];
            let extension = match s.role_of(&item.pack) {
                Some(PackRole::Baseline) | None => "",
                Some(_) => s
                    .packs
                    .iter()
                    .find(|k| k.id == item.pack)
                    .map(|k| k.title.zh.as_str())
                    .unwrap_or(""),
            };
            let x = &p.assessment;
            let revision = p
                .result
                .and_then(|r| s.results[r].revision.as_ref())
                .map(|u| u.as_str())
                .unwrap_or("");
            ws.write_string(row, 0, &item.id)?;
            ws.write_string(row, 1, extension)?;
            ws.write_string_with_format(row, 2, &item.control_point.zh, &wrap)?;
            ws.write_string_with_format(row, 3, &item.text.zh, &wrap)?;
            ws.write_string_with_format(row, 4, &x.record, &wrap)?;
            ws.write_string(row, 5, x.verdict.label(Lang::Zh))?;
            ws.write_number(row, 6, item.weight)?;
            ws.write_string(row, 7, revision)?;
            row += 1;
        }
        ws.set_column_hidden(7)?;
        ws.set_freeze_panes(2, 0)?;
        ws.autofilter(1, 0, row - 1, 6)?;
    }
    findings(book.add_worksheet(), s, a, &bold)?;
    evidence(book.add_worksheet(), s, &bold)?;
    book.save_to_buffer()
}

/// A sheet name Excel accepts, unique in the workbook: no `[]:*?/\`, no leading or
/// trailing apostrophe, at most 31 characters.
pub fn sheet_name(wanted: &str, taken: &mut HashSet<String>) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').trim();
    let clean = if clean.is_empty() { "对象" } else { clean };
    let cut = |s: &str, n: usize| s.chars().take(n).collect::<String>();
    let mut name = cut(clean, 31);
    let mut n = 2;
    while taken.contains(&name.to_lowercase()) || taken.contains(&name) {
        let suffix = format!("~{n}");
        name = format!("{}{suffix}", cut(clean, 31 - suffix.chars().count()));
        n += 1;
    }
    taken.insert(name.to_lowercase());
    taken.insert(name.clone());
    name
}

fn header(
    ws: &mut Worksheet,
    row: u32,
    cells: &[&str],
    widths: &[f64],
    bold: &Format,
) -> Result<(), XlsxError> {
    for (c, (text, width)) in cells.iter().zip(widths).enumerate() {
        let c = c as u16;
        ws.write_string_with_format(row, c, *text, bold)?;
        ws.set_column_width(c, *width)?;
    }
    Ok(())
}

fn summary(ws: &mut Worksheet, s: &Snapshot, a: &Analysis, bold: &Format) -> Result<(), XlsxError> {
    ws.set_name(SUMMARY)?;
    let e = &s.engagement;
    let rate = a
        .mlps
        .compliance_rate
        .map(|r| format!("{r:.2}%"))
        .unwrap_or_else(|| "—".into());
    let conclusion = a
        .conclusion
        .label
        .as_ref()
        .map(|l| l.zh.clone())
        .unwrap_or_else(|| "—".into());
    let lines = [
        ("系统名称", e.system.clone()),
        ("被测单位", e.org.clone()),
        ("安全保护等级", format!("第{}级", level_zh(e.level))),
        ("符合率", rate),
        ("结论", conclusion),
        ("标准", STANDARD.to_string()),
    ];
    for (r, (k, v)) in lines.iter().enumerate() {
        ws.write_string_with_format(r as u32, 0, *k, bold)?;
        ws.write_string(r as u32, 1, v)?;
    }
    let top = lines.len() as u32 + 1;
    let cols = [
        "安全类",
        "适用",
        "已测",
        "符合",
        "部分符合",
        "不符合",
        "不适用",
        "未测评",
        "符合率",
    ];
    let widths = [28.0, 8.0, 8.0, 8.0, 10.0, 8.0, 8.0, 8.0, 10.0];
    header(ws, top, &cols, &widths, bold)?;
    let mlps = a.categories.iter().filter(|c| c.coverage == Coverage::Mlps);
    for (row, c) in (top + 1..).zip(mlps) {
        let counts = |v: Verdict| -> usize {
            a.summary
                .iter()
                .filter(|r| r.pack == c.pack && r.category == c.code)
                .map(|r| r.by_verdict.get(v))
                .sum()
        };
        ws.write_string(row, 0, &c.name.zh)?;
        ws.write_number(row, 1, c.figures.applicable as f64)?;
        ws.write_number(row, 2, c.figures.assessed as f64)?;
        let verdicts = [
            Verdict::Compliant,
            Verdict::Partial,
            Verdict::NonCompliant,
            Verdict::NotApplicable,
            Verdict::NotAssessed,
        ];
        for (k, v) in verdicts.into_iter().enumerate() {
            ws.write_number(row, 3 + k as u16, counts(v) as f64)?;
        }
        if let Some(r) = c.figures.compliance_rate {
            ws.write_string(row, 8, format!("{r:.2}%"))?;
        }
    }
    ws.set_column_width(1, 40)?;
    Ok(())
}

fn level_zh(level: u8) -> &'static str {
    ["零", "一", "二", "三", "四", "五"]
        .get(level as usize)
        .copied()
        .unwrap_or("?")
}

fn findings(ws: &mut Worksheet, s: &Snapshot, a: &Analysis, bold: &Format) -> Result<(), XlsxError> {
    ws.set_name(FINDINGS)?;
    let cols = ["编号", "对象", "问题", "风险", "整改建议", "整改状态"];
    header(ws, 0, &cols, &[14.0, 20.0, 60.0, 8.0, 50.0, 10.0], bold)?;
    let mut row = 1;
    for &n in &a.findings {
        let p = &a.pairs[n];
        let r = p.result.map(|r| &s.results[r]);
        ws.write_string(row, 0, &s.items[p.item].id)?;
        ws.write_string(row, 1, &s.objects[p.object].name)?;
        ws.write_string(row, 2, &p.assessment.record)?;
        ws.write_string(row, 3, p.assessment.risk.map(|k| k.label(Lang::Zh)).unwrap_or(""))?;
        ws.write_string(row, 4, r.map(|r| r.remediation.as_str()).unwrap_or(""))?;
        let done = if r.is_some_and(|r| r.remediated) {
            "已整改"
        } else {
            "未整改"
        };
        ws.write_string(row, 5, done)?;
        row += 1;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, row.max(1) - 1, 5)?;
    Ok(())
}

fn evidence(ws: &mut Worksheet, s: &Snapshot, bold: &Format) -> Result<(), XlsxError> {
    ws.set_name(EVIDENCE)?;
    header(
        ws,
        0,
        &["编号", "名称", "SHA-256", "采集时间"],
        &[8.0, 40.0, 66.0, 22.0],
        bold,
    )?;
    for (n, e) in s.evidence.iter().enumerate() {
        let row = n as u32 + 1;
        ws.write_number(row, 0, row as f64)?;
        ws.write_string(row, 1, &e.name)?;
        ws.write_string(row, 2, &e.sha256)?;
        ws.write_string(row, 3, &e.captured_at)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, s.evidence.len() as u32, 3)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_cleaned_cut_and_unique() {
        let mut taken: HashSet<String> = [SUMMARY, FINDINGS, EVIDENCE].map(String::from).into();
        assert_eq!(sheet_name("HIS:DB/主库[1]", &mut taken), "HIS_DB_主库_1_");
        assert_eq!(sheet_name("问题", &mut taken), "问题~2");
        let long = "很长的对象名称".repeat(6);
        let first = sheet_name(&long, &mut taken);
        let second = sheet_name(&long, &mut taken);
        assert_eq!(first.chars().count(), 31);
        assert_eq!(second.chars().count(), 31);
        assert!(second.ends_with("~2") && first != second);
        assert_eq!(sheet_name("'引号'", &mut taken), "引号");
    }
}
