//! An editable Word copy of the report: the same chapters, tables and figures as the
//! HTML, from the same view model and labels, with the built-in heading styles Word's
//! navigation pane and table of contents use, so an agency can finish its house layout
//! in Word.

use std::collections::BTreeMap;

use docx_rs::{
    AlignmentType, BreakType, Docx, PageMargin, Paragraph, Run, RunFonts, Style, StyleType, Table, TableCell,
    TableOfContents, TableRow, WidthType,
};

use super::model::Report;

/// The labels of the report's language.
pub type Labels = BTreeMap<String, String>;

struct Doc<'a> {
    docx: Docx,
    l: &'a Labels,
}

/// A body paragraph. Its style is named: the library's Normal style is not marked as
/// the default, so readers other than Word would see paragraphs without one.
fn normal() -> Paragraph {
    Paragraph::new().style("Normal")
}

impl<'a> Doc<'a> {
    fn l(&self, key: &str) -> String {
        self.l.get(key).cloned().unwrap_or_default()
    }

    fn heading(mut self, level: usize, text: &str) -> Self {
        let p = Paragraph::new()
            .style(&format!("Heading{level}"))
            .add_run(Run::new().add_text(text));
        self.docx = self.docx.add_paragraph(p);
        self
    }

    fn text(mut self, text: &str) -> Self {
        for line in text.split('\n') {
            self.docx = self
                .docx
                .add_paragraph(normal().add_run(Run::new().add_text(line)));
        }
        self
    }

    fn text_or(self, text: &str, otherwise: &str) -> Self {
        if text.is_empty() {
            let o = self.l(otherwise);
            self.text(&o)
        } else {
            self.text(text)
        }
    }

    fn page_break(mut self) -> Self {
        self.docx = self
            .docx
            .add_paragraph(normal().add_run(Run::new().add_break(BreakType::Page)));
        self
    }

    /// A table with a bold header row.
    fn table(self, header: &[String], rows: Vec<Vec<String>>) -> Self {
        self.grid(Some(header), rows)
    }

    /// A table, with a bold header row when there is one.
    fn grid(mut self, header: Option<&[String]>, rows: Vec<Vec<String>>) -> Self {
        let cell = |text: &str, bold: bool| {
            let mut run = Run::new().add_text(text);
            if bold {
                run = run.bold();
            }
            TableCell::new().add_paragraph(normal().add_run(run))
        };
        let mut table_rows: Vec<TableRow> = header
            .map(|h| TableRow::new(h.iter().map(|h| cell(h, true)).collect()))
            .into_iter()
            .collect();
        for row in rows {
            table_rows.push(TableRow::new(row.iter().map(|c| cell(c, false)).collect()));
        }
        self.docx = self
            .docx
            .add_table(Table::new(table_rows).width(5000, WidthType::Pct));
        self
    }

    /// Label–value rows.
    fn facts(self, rows: Vec<(String, String)>) -> Self {
        let rows = rows.into_iter().map(|(k, v)| vec![k, v]).collect();
        self.grid(None, rows)
    }
}

fn styles(docx: Docx) -> Docx {
    let fonts = RunFonts::new()
        .ascii("Calibri")
        .hi_ansi("Calibri")
        .east_asia("SimSun");
    let mut docx = docx.default_fonts(fonts).default_size(21);
    for (level, size) in [(1, 32), (2, 28), (3, 24)] {
        docx = docx.add_style(
            Style::new(format!("Heading{level}"), StyleType::Paragraph)
                .name(format!("heading {level}"))
                .based_on("Normal")
                .next("Normal")
                .q_format(true)
                .outline_lvl(level - 1)
                .size(size)
                .bold(),
        );
    }
    docx.add_style(
        Style::new("Title", StyleType::Paragraph)
            .name("Title")
            .size(44)
            .bold(),
    )
}

/// The report as a .docx (bytes), carrying `marker` as the archive's comment.
pub fn render(r: &Report, labels: &Labels, marker: &str) -> Result<Vec<u8>, String> {
    let docx = styles(Docx::new())
        .page_size(11906, 16838)
        .page_margin(PageMargin::new().top(1134).bottom(1020).left(907).right(907));
    let mut d = Doc { docx, l: labels };
    let l = |k: &str| labels.get(k).cloned().unwrap_or_default();
    let or_dash = |s: &str| {
        if s.is_empty() {
            "—".to_string()
        } else {
            s.to_string()
        }
    };

    // Front matter.
    if r.draft {
        d = d.text(&format!("{} — {}", l("draft"), l("draft_note")));
    }
    d.docx = d.docx.add_paragraph(
        Paragraph::new()
            .style("Title")
            .align(AlignmentType::Center)
            .add_run(Run::new().add_text(l("report_title"))),
    );
    d = d.facts(vec![
        (l("report_id"), or_dash(&r.cover.report_id)),
        (l("system"), r.cover.system.clone()),
        (l("org"), r.cover.org.clone()),
        (l("client"), or_dash(&r.front.client)),
        (l("agency"), or_dash(&r.cover.agency)),
        (l("report_date"), or_dash(&r.front.report_date)),
    ]);
    d = d.page_break().heading(1, &l("basic_info"));
    let mut rows: Vec<(String, String)> = Vec::new();
    for f in &r.front.unit {
        rows.push((format!("{} · {}", l("unit"), f.label), f.value.clone()));
    }
    for f in &r.front.agency {
        rows.push((format!("{} · {}", l("agency"), f.label), f.value.clone()));
    }
    rows.push((l("filing_number"), r.front.filing_number.clone()));
    d = d.facts(rows);
    d = d.table(
        &[String::new(), l("person"), l("sign_date"), l("signature")],
        r.front
            .sign_off
            .iter()
            .map(|s| vec![s.role.to_string(), s.name.clone(), s.date.clone(), String::new()])
            .collect(),
    );
    d = d.page_break().heading(1, &l("statement"));
    for k in ["statement_1", "statement_2", "statement_3", "statement_4"] {
        d = d.text(&l(k));
    }
    d = d.text(&format!("{}  {}", r.cover.agency, r.front.statement_date));
    d = d.page_break().heading(1, &l("conclusion"));
    let c = &r.conclusion;
    let remediated = |n: usize, m: usize| format!("{n}{}{m} {}{}", l("lp"), l("remediated"), l("rp"));
    d = d.facts(vec![
        (
            l("system"),
            format!("{}{}{}{}", r.cover.system, l("lp"), r.cover.level, l("rp")),
        ),
        (l("conclusion_value"), c.value.clone()),
        (l("compliance_rate"), c.rate.clone()),
        (l("why"), r.front.reason.clone()),
        (l("high_risks"), remediated(c.high, c.high_remediated)),
        (l("medium_risks"), c.medium.to_string()),
        (l("low_risks"), c.low.to_string()),
        (
            l("major_hidden_risks"),
            remediated(c.major_hidden, c.major_hidden_remediated),
        ),
        (l("findings_count"), c.findings.to_string()),
        (l("covers"), c.covers.clone()),
    ]);
    if let Some(p) = &c.profile {
        d = d.heading(3, &l("scope_profile")).facts(vec![
            (l("compliance_rate"), p.rate.clone()),
            (l("high_risks"), p.high.to_string()),
            (l("medium_risks"), p.medium.to_string()),
            (l("low_risks"), p.low.to_string()),
            (l("findings_count"), p.findings.to_string()),
        ]);
    }
    d = d.page_break().heading(1, &l("contents"));
    d.docx = d
        .docx
        .add_table_of_contents(TableOfContents::new().heading_styles_range(1, 2).auto().dirty());
    d = d.page_break();

    // 1
    d = d.heading(1, &format!("1 {}", l("ch1")));
    d = d
        .heading(2, &format!("1.1 {}", l("purpose")))
        .text_or(&r.texts.purpose, "purpose_default");
    d = d.heading(2, &format!("1.2 {}", l("basis")));
    for k in ["basis_1", "basis_2", "basis_3"] {
        d = d.text(&l(k));
    }
    d = d.heading(2, &format!("1.3 {}", l("process"))).text(&format!(
        "{}{}{}",
        l("period"),
        l("colon"),
        or_dash(&r.cover.period)
    ));
    if !r.texts.process.is_empty() {
        d = d.text(&r.texts.process);
    }
    d = d
        .heading(2, &format!("1.4 {}", l("distribution")))
        .text_or(&r.texts.distribution, "not_set");

    // 2
    d = d.page_break().heading(1, &format!("2 {}", l("ch2")));
    d = d.heading(2, &format!("2.1 {}", l("overview"))).facts(vec![
        (l("system"), r.cover.system.clone()),
        (l("level"), r.cover.level.clone()),
        (l("grading"), r.texts.grading.clone()),
        (l("grading_basis"), r.texts.grading_basis.clone()),
    ]);
    d = d.heading(3, &l("business")).text_or(&r.texts.business, "not_set");
    d = d.heading(3, &l("network")).text_or(&r.texts.network, "not_set");
    d = d.heading(2, &format!("2.2 {}", l("indicators"))).table(
        &[l("pack"), l("version")],
        r.packs
            .iter()
            .map(|p| vec![format!("{} ({})", p.title, p.id), p.version.clone()])
            .collect(),
    );
    if !r.not_applicable.is_empty() {
        d = d.text(&l("not_applicable_indicators")).table(
            &[l("item"), l("object"), l("reason")],
            r.not_applicable
                .iter()
                .map(|n| {
                    vec![
                        format!("{} {}", n.item, n.control_point),
                        n.objects.clone(),
                        n.reason.clone(),
                    ]
                })
                .collect(),
        );
    }
    d = d.heading(2, &format!("2.3 {}", l("object_selection"))).table(
        &[l("asset_class"), l("count"), l("object")],
        r.assets
            .iter()
            .filter(|c| !c.assets.is_empty())
            .map(|c| {
                let names: Vec<&str> = c.assets.iter().map(|a| a.name.as_str()).collect();
                vec![
                    c.name.to_string(),
                    c.assets.len().to_string(),
                    names.join(&l("list_sep")),
                ]
            })
            .collect(),
    );

    // 3
    d = d.page_break().heading(1, &format!("3 {}", l("ch3")));
    for (i, c) in r.categories.iter().enumerate() {
        d = d
            .heading(2, &format!("3.{} {} {}", i + 1, c.code, c.name))
            .text(&format!("{} {}", l("compliance_rate"), c.rate))
            .heading(3, &l("measures"))
            .text_or(&c.measures, "not_set")
            .heading(3, &l("main_problems"));
        if !c.problems.is_empty() {
            d = d.text(&c.problems);
        } else if c.findings.is_empty() {
            d = d.text(&l("findings_none"));
        } else {
            for f in &c.findings {
                d = d.text(&format!("{}{}{}", f.name, l("colon"), f.about));
            }
        }
    }
    let n = r.categories.len();
    let none = if r.scans.is_empty() && r.pentests.is_empty() {
        "scan_none"
    } else {
        "tool_reports_see"
    };
    d = d
        .heading(2, &format!("3.{} {}", n + 1, l("scan_and_pentest")))
        .text_or(&r.texts.scan, none);
    d = d
        .heading(2, &format!("3.{} {}", n + 2, l("problem_summary")))
        .table(
            &[
                l("number"),
                l("problem"),
                l("item"),
                l("object"),
                l("risk"),
                l("high_risk_case"),
            ],
            r.findings
                .iter()
                .map(|f| {
                    vec![
                        f.number.to_string(),
                        f.problem.clone(),
                        f.item.clone(),
                        f.object.clone(),
                        f.risk.clone(),
                        f.case.clone().unwrap_or_default(),
                    ]
                })
                .collect(),
        );

    // 4
    d = d.page_break().heading(1, &format!("4 {}", l("ch4")));
    if !r.texts.overall.is_empty() {
        d = d.text(&r.texts.overall);
    }
    d = d.table(
        &[
            l("item"),
            l("object"),
            l("raw_verdict"),
            l("compensation"),
            l("corrected_verdict"),
        ],
        r.corrections
            .iter()
            .map(|c| {
                vec![
                    c.item.clone(),
                    c.object.clone(),
                    c.raw.clone(),
                    c.rationale.clone(),
                    c.corrected.clone(),
                ]
            })
            .collect(),
    );

    // 5
    d = d.page_break().heading(1, &format!("5 {}", l("ch5"))).table(
        &[
            l("number"),
            l("problem"),
            l("asset"),
            l("threat"),
            l("harm"),
            l("risk"),
        ],
        r.risks
            .iter()
            .map(|x| {
                let mut problem = x.problem.clone();
                if x.needs_not_high {
                    let reason = x.not_high.clone().unwrap_or_else(|| l("not_high_missing"));
                    problem = format!("{problem}\n{}{}{reason}", l("not_high"), l("colon"));
                }
                vec![
                    x.number.to_string(),
                    problem,
                    x.asset.clone(),
                    x.threat.clone(),
                    x.harm.clone(),
                    x.risk.clone(),
                ]
            })
            .collect(),
    );

    // 6, 7, 8
    d = d.page_break().heading(1, &format!("6 {}", l("ch6")));
    if !r.texts.evaluation.is_empty() {
        d = d.text(&r.texts.evaluation);
    }
    d = d.table(
        &[l("category"), l("applicable"), l("tested"), l("rate")],
        r.categories
            .iter()
            .map(|c| {
                vec![
                    format!("{} {}", c.code, c.name),
                    c.applicable.to_string(),
                    c.assessed.to_string(),
                    c.rate.clone(),
                ]
            })
            .collect(),
    );
    d = d.page_break().heading(1, &format!("7 {}", l("ch7"))).facts(vec![
        (l("compliance_rate"), c.rate.clone()),
        (
            l("major_hidden_risks"),
            remediated(c.major_hidden, c.major_hidden_remediated),
        ),
        (l("conclusion_value"), c.value.clone()),
        (l("why"), r.front.reason.clone()),
    ]);
    d = d.page_break().heading(1, &format!("8 {}", l("ch8"))).table(
        &[
            l("number"),
            l("item"),
            l("asset"),
            l("risk"),
            l("advice"),
            l("status"),
        ],
        r.findings
            .iter()
            .map(|f| {
                vec![
                    f.number.to_string(),
                    f.item.clone(),
                    f.object.clone(),
                    f.risk.clone(),
                    f.remediation.clone(),
                    l(if f.remediated { "done" } else { "open" }),
                ]
            })
            .collect(),
    );

    // Appendices.
    d = d.page_break().heading(1, &l("app_a"));
    for c in &r.assets {
        d = d.heading(2, &format!("{} {}", c.number, c.name)).table(
            &[
                l("number"),
                l("name"),
                l("object_kind"),
                l("ip"),
                l("os_version"),
                l("location_purpose"),
                l("importance"),
            ],
            c.assets
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    vec![
                        (i + 1).to_string(),
                        a.name.clone(),
                        a.kind.clone(),
                        a.ip.clone(),
                        a.os.clone(),
                        a.location.clone(),
                        a.importance.clone(),
                    ]
                })
                .collect(),
        );
    }
    let named = |rows: &[super::chapters::Named]| {
        rows.iter()
            .enumerate()
            .map(|(i, n)| vec![(i + 1).to_string(), n.name.clone(), n.about.clone()])
            .collect::<Vec<_>>()
    };
    d = d
        .heading(2, &l("staff"))
        .table(&[l("number"), l("name"), l("role")], named(&r.staff));
    d = d
        .heading(2, &l("documents"))
        .table(&[l("number"), l("name"), l("version")], named(&r.documents));
    d = d.page_break().heading(1, &l("app_b"));
    d = match &r.previous {
        Some(p) => d.table(
            &[
                l("item"),
                l("object"),
                l("problem"),
                l("risk"),
                l("previous_verdict"),
                l("current_verdict"),
            ],
            p.rows
                .iter()
                .map(|x| {
                    vec![
                        x.item.clone(),
                        x.object.clone(),
                        x.record.clone(),
                        x.risk.clone(),
                        x.verdict.clone(),
                        x.current.clone(),
                    ]
                })
                .collect(),
        ),
        None => d.text(&l("previous_none")),
    };
    let v = &r.verdict_labels;
    d = d.page_break().heading(1, &l("app_c")).table(
        &[
            l("category"),
            l("object_kind"),
            l("tested"),
            v.compliant.to_string(),
            v.partial.to_string(),
            v.non_compliant.to_string(),
            v.not_applicable.to_string(),
            v.not_assessed.to_string(),
        ],
        r.summary
            .iter()
            .map(|s| {
                vec![
                    s.category.clone(),
                    s.kind.clone(),
                    s.tested.to_string(),
                    s.compliant.to_string(),
                    s.partial.to_string(),
                    s.non_compliant.to_string(),
                    s.not_applicable.to_string(),
                    s.not_assessed.to_string(),
                ]
            })
            .collect(),
    );
    d = d.page_break().heading(1, &l("app_d"));
    for o in &r.objects {
        d = d
            .heading(2, &format!("{}{}{}{}", o.name, l("lp"), o.kind, l("rp")))
            .table(
                &[l("item"), l("requirement"), l("result"), l("record")],
                o.rows
                    .iter()
                    .map(|x| {
                        let mut record = if x.preset {
                            format!("[{}] {}", l("preset_tag"), x.record)
                        } else {
                            x.record.clone()
                        };
                        if !x.cites.is_empty() {
                            record = format!("{record}\n{}{}{}", l("evidence_short"), l("colon"), x.cites);
                        }
                        vec![
                            format!("{} {}", x.item, x.control_point),
                            x.requirement.clone(),
                            x.verdict.clone(),
                            record,
                        ]
                    })
                    .collect(),
            );
    }
    // A sensitive piece is listed by number and hash, never by name.
    let shown = |e: &super::model::EvidenceEntry| {
        if e.sensitive {
            l("sensitive")
        } else {
            e.name.clone()
        }
    };
    d = d.page_break();
    for (heading, text, none, reports) in [
        ("app_e", &r.texts.scan, "scan_none", &r.scans),
        ("app_f", &r.texts.pentest, "pentest_none", &r.pentests),
    ] {
        d = d.heading(1, &l(heading));
        if !text.is_empty() || reports.is_empty() {
            d = d.text_or(text, none);
        }
        if !reports.is_empty() {
            d = d.table(
                &[
                    l("evidence_id"),
                    l("name"),
                    l("tool"),
                    l("captured_at"),
                    l("linked"),
                ],
                reports
                    .iter()
                    .map(|x| {
                        let e = &x.evidence;
                        vec![
                            e.number.clone(),
                            shown(e),
                            x.tool.clone(),
                            e.captured_at.clone(),
                            e.links.clone(),
                        ]
                    })
                    .collect(),
            );
        }
    }
    d = d.page_break().heading(1, &l("app_g")).table(
        &[l("number"), l("major_hidden_risks"), l("trigger"), l("status")],
        r.major_risks
            .iter()
            .map(|m| {
                let triggers: Vec<String> = m
                    .triggers
                    .iter()
                    .map(|t| format!("{} {}{}{}", t.item, t.asset, l("colon"), t.problem))
                    .collect();
                vec![
                    m.number.to_string(),
                    if m.case.is_empty() {
                        l("major_no_case")
                    } else {
                        m.case.clone()
                    },
                    triggers.join("\n"),
                    l(if m.remediated { "done" } else { "open" }),
                ]
            })
            .collect(),
    );
    d = d.page_break().heading(1, &l("evidence")).table(
        &[
            l("evidence_id"),
            l("name"),
            l("sha256"),
            l("method_short"),
            l("captured_at"),
            l("added_by"),
        ],
        r.evidence
            .iter()
            .map(|e| {
                vec![
                    e.number.clone(),
                    shown(e),
                    e.sha256.clone(),
                    e.method.clone(),
                    e.captured_at.clone(),
                    e.added_by.clone(),
                ]
            })
            .collect(),
    );
    d = d.heading(1, &l("journal")).table(
        &[l("at"), l("who"), l("role"), l("summary_text")],
        r.journal
            .iter()
            .map(|j| vec![j.at.clone(), j.who.clone(), j.role.clone(), j.summary.clone()])
            .collect(),
    );
    d = d.page_break().heading(1, &l("method"));
    for k in [
        "method_score",
        "method_rate",
        "method_rollup",
        "method_2025",
        "method_2021",
        "method_grounds",
    ] {
        d = d.text(&l(k));
    }
    d = d.text(&format!("{}{}", l("method_applied"), c.rule_set));
    let mut out = std::io::Cursor::new(Vec::new());
    d.docx.build().pack(&mut out).map_err(|e| e.to_string())?;
    crate::output::zip_with_comment(out.into_inner(), marker)
}
