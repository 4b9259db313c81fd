//! Reading a 测评记录 workbook back: the object sheets' rows as they stand, before they
//! are matched with the engagement. Formula and date cells are read as their values.
//! Each object sheet has its object line (`项目：… 资产：NAME …`) above a header row
//! found within the first five rows (one holding 编号, or 控制点 and 测评项, and also
//! 结果记录 and 符合情况); columns are found by their header text, so a hand-made
//! workbook with other columns or another order is read too. A control point left
//! empty under a filled one (merged cells) is the one above. The findings sheet (问题),
//! where there is one, adds each finding's risk and remediation to its row.

use std::fmt;
use std::path::Path;

use calamine::{Data, Range, Reader, Xlsx, open_workbook};

use super::xlsx::{EVIDENCE, FINDINGS, SUMMARY};

/// One filled-in row of an object sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub sheet: String,
    /// 1-based, as the spreadsheet shows it.
    pub row: u32,
    pub object: String,
    pub item: String,
    pub control_point: String,
    pub text: String,
    pub record: String,
    pub verdict: String,
    /// The revision uid the export wrote (`Some("")` for a result that had none);
    /// `None` when the sheet has no revision column (a hand-made workbook).
    pub revision: Option<String>,
    /// The system named on the object line (项目：).
    pub system: String,
    /// The finding's risk and remediation advice as the workbook writes them (风险 or
    /// 风险等级, 整改建议): from the object sheet's columns where it has them, else from
    /// the findings sheet (问题); empty where neither says.
    pub risk: String,
    pub remediation: String,
}

/// Why a sheet or a row cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub sheet: String,
    pub row: Option<u32>,
    pub why: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.row {
            Some(r) => write!(f, "sheet {} row {r}: {}", self.sheet, self.why),
            None => write!(f, "sheet {}: {}", self.sheet, self.why),
        }
    }
}

/// Rows and problems of every object sheet of the workbook at `path`.
pub fn read(path: &Path) -> Result<(Vec<Row>, Vec<Problem>), String> {
    let mut book: Xlsx<_> = open_workbook(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (mut rows, mut problems) = (Vec::new(), Vec::new());
    for name in book.sheet_names() {
        if [SUMMARY, FINDINGS, EVIDENCE].contains(&name.as_str()) {
            continue;
        }
        let range = book
            .worksheet_range(&name)
            .map_err(|e| format!("{}: sheet {name}: {e}", path.display()))?;
        sheet(&name, &range, &mut rows, &mut problems);
    }
    if book.sheet_names().iter().any(|n| n == FINDINGS) {
        let range = book
            .worksheet_range(FINDINGS)
            .map_err(|e| format!("{}: sheet {FINDINGS}: {e}", path.display()))?;
        findings(&range, &mut rows, &mut problems);
    }
    Ok((rows, problems))
}

/// Fills each object-sheet row's risk and remediation from the findings sheet (header
/// 编号 | 对象 | … | 风险 | 整改建议 on its first row); a finding whose item and
/// object no object sheet has is a problem.
fn findings(range: &Range<Data>, rows: &mut [Row], problems: &mut Vec<Problem>) {
    let grid: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| text(Some(c))).collect())
        .collect();
    let Some(head) = grid.first() else {
        return;
    };
    let at = |name: &str| head.iter().position(|c| c == name);
    let (Some(item), Some(object)) = (at("编号"), at("对象")) else {
        problems.push(Problem {
            sheet: FINDINGS.to_string(),
            row: None,
            why: "no 编号 and 对象 columns on the first row".into(),
        });
        return;
    };
    let (risk, remediation) = (at("风险"), at("整改建议"));
    let top = range.start().map_or(0, |(r, _)| r);
    for (i, cells) in grid.iter().enumerate().skip(1) {
        let get = |c: Option<usize>| c.and_then(|c| cells.get(c)).cloned().unwrap_or_default();
        let (id, name) = (get(Some(item)), get(Some(object)));
        if id.is_empty() && name.is_empty() {
            continue;
        }
        let Some(row) = rows.iter_mut().find(|r| r.item == id && r.object == name) else {
            problems.push(Problem {
                sheet: FINDINGS.to_string(),
                row: Some(top + i as u32 + 1),
                why: format!("finding '{id}' of object '{name}' is on no object sheet"),
            });
            continue;
        };
        for (field, column) in [(&mut row.risk, risk), (&mut row.remediation, remediation)] {
            if field.is_empty() {
                *field = get(column);
            }
        }
    }
}

/// The text of a cell, trimmed; numbers without a needless `.0`.
fn text(cell: Option<&Data>) -> String {
    match cell {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.trim().to_string(),
        Some(other) => other.to_string().trim().to_string(),
    }
}

struct Columns {
    item: Option<usize>,
    control_point: Option<usize>,
    text: Option<usize>,
    record: usize,
    verdict: usize,
    weight: Option<usize>,
    revision: Option<usize>,
    risk: Option<usize>,
    remediation: Option<usize>,
}

fn columns(cells: &[String]) -> Option<Columns> {
    let at = |name: &str| cells.iter().position(|c| c == name);
    let cols = Columns {
        item: at("编号"),
        control_point: at("控制点"),
        text: at("测评项"),
        record: at("结果记录")?,
        verdict: at("符合情况")?,
        weight: at("分值"),
        revision: at("修订"),
        risk: at("风险").or_else(|| at("风险等级")),
        remediation: at("整改建议"),
    };
    (cols.item.is_some() || (cols.control_point.is_some() && cols.text.is_some())).then_some(cols)
}

/// After `key` on the object line, up to the next field of the line.
fn field(line: &str, key: &str) -> Option<String> {
    let rest = &line[line.find(key)? + key.len()..];
    let end = ["项目：", "资产：", "IP：", "版本：", "标准："]
        .iter()
        .filter_map(|k| rest.find(k))
        .min()
        .unwrap_or(rest.len());
    Some(rest[..end].trim().to_string())
}

fn sheet(name: &str, range: &Range<Data>, rows: &mut Vec<Row>, problems: &mut Vec<Problem>) {
    let (top, left) = range
        .start()
        .map(|(r, c)| (r as usize, c as usize))
        .unwrap_or((0, 0));
    let grid: Vec<Vec<String>> = range
        .rows()
        .map(|r| {
            let mut cells = vec![String::new(); left];
            cells.extend(r.iter().map(|c| text(Some(c))));
            cells
        })
        .collect();
    let problem = |row: Option<usize>, why: String| Problem {
        sheet: name.to_string(),
        row: row.map(|r| (top + r + 1) as u32),
        why,
    };
    let Some((head, cols)) = grid
        .iter()
        .take(5usize.saturating_sub(top))
        .enumerate()
        .find_map(|(i, cells)| columns(cells).map(|c| (i, c)))
    else {
        problems.push(problem(
            None,
            "no header row in the first 5 rows (编号 or 控制点 and 测评项, with 结果记录 and 符合情况)"
                .into(),
        ));
        return;
    };
    let line = grid[..head].iter().flatten().find(|c| c.contains("资产："));
    let object = line
        .and_then(|l| field(l, "资产："))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| name.to_string());
    let system = line.and_then(|l| field(l, "项目：")).unwrap_or_default();
    let get = |cells: &[String], c: Option<usize>| c.and_then(|c| cells.get(c)).cloned().unwrap_or_default();
    let mut control_point = String::new();
    for (i, cells) in grid.iter().enumerate().skip(head + 1) {
        let cp = get(cells, cols.control_point);
        if !cp.is_empty() {
            control_point = cp;
        }
        let row = Row {
            sheet: name.to_string(),
            row: (top + i + 1) as u32,
            object: object.clone(),
            item: get(cells, cols.item),
            control_point: control_point.clone(),
            text: get(cells, cols.text),
            record: get(cells, Some(cols.record)),
            verdict: get(cells, Some(cols.verdict)),
            revision: cols.revision.map(|c| cells.get(c).cloned().unwrap_or_default()),
            system: system.clone(),
            risk: get(cells, cols.risk),
            remediation: get(cells, cols.remediation),
        };
        if row.item.is_empty() && row.text.is_empty() {
            if !row.record.is_empty() || !row.verdict.is_empty() {
                problems.push(problem(Some(i), "a result without 编号 or 测评项".into()));
            }
            continue;
        }
        let weight = get(cells, cols.weight);
        if !weight.is_empty() && weight.parse::<f64>().is_err() {
            problems.push(problem(Some(i), format!("分值 '{weight}' is not a number")));
        }
        rows.push(row);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_object_line_gives_the_object_and_the_system() {
        let line =
            "项目：HIS 医院信息系统 资产：HIS-DB 主库 IP：10.0.0.1 版本：Oracle 19c 标准：GB/T 22239-2019";
        assert_eq!(field(line, "资产：").as_deref(), Some("HIS-DB 主库"));
        assert_eq!(field(line, "项目：").as_deref(), Some("HIS 医院信息系统"));
        assert_eq!(field("资产：主机房", "资产：").as_deref(), Some("主机房"));
    }
}
