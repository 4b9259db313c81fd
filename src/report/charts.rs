//! Inline SVG charts for the report. All text placed in the SVG is XML-escaped here,
//! since the template inserts the finished SVG as markup.

use std::fmt::Write;

use crate::domain::analysis::{ByVerdict, CategoryFigures};
use crate::domain::{Lang, Verdict};

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Horizontal bars: compliance rate per category (0-100), "—" where nothing is scored.
pub fn category_bars(categories: &[CategoryFigures], lang: Lang) -> String {
    let (label_w, bar_w, row_h) = (190.0, 380.0, 22.0);
    let height = row_h * categories.len() as f64 + 30.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {w} {height}" width="100%" role="img">"#,
        w = label_w + bar_w + 60.0
    );
    for tick in [0, 60, 90, 100] {
        let x = label_w + bar_w * f64::from(tick) / 100.0;
        let _ = write!(
            svg,
            r##"<line x1="{x}" y1="0" x2="{x}" y2="{y}" stroke="#bbb" stroke-dasharray="3 3"/><text x="{x}" y="{t}" font-size="10" text-anchor="middle" fill="#555">{tick}</text>"##,
            y = height - 22.0,
            t = height - 8.0
        );
    }
    for (i, c) in categories.iter().enumerate() {
        let y = i as f64 * row_h;
        let label = escape(&format!("{} {}", c.code, c.name.get(lang)));
        let _ = write!(
            svg,
            r##"<text x="{lx}" y="{ty}" font-size="11" text-anchor="end" fill="#222">{label}</text>"##,
            lx = label_w - 6.0,
            ty = y + 15.0
        );
        match c.figures.compliance_rate {
            Some(rate) => {
                let w = bar_w * rate / 100.0;
                let colour = if rate > 90.0 {
                    "#2e7d32"
                } else if rate >= 60.0 {
                    "#f9a825"
                } else {
                    "#c62828"
                };
                let _ = write!(
                    svg,
                    r##"<rect x="{label_w}" y="{ry}" width="{w:.1}" height="14" fill="{colour}"/><text x="{tx:.1}" y="{ty}" font-size="11" fill="#222">{rate:.1}</text>"##,
                    ry = y + 4.0,
                    tx = label_w + w + 4.0,
                    ty = y + 15.0
                );
            }
            None => {
                let _ = write!(
                    svg,
                    r##"<text x="{tx}" y="{ty}" font-size="11" fill="#777">—</text>"##,
                    tx = label_w + 4.0,
                    ty = y + 15.0
                );
            }
        }
    }
    svg.push_str("</svg>");
    svg
}

/// One stacked bar with the count of each verdict and a legend.
pub fn verdict_bar(v: &ByVerdict, lang: Lang) -> String {
    let parts = [
        (Verdict::Compliant, v.compliant, "#2e7d32"),
        (Verdict::Partial, v.partial, "#f9a825"),
        (Verdict::NonCompliant, v.non_compliant, "#c62828"),
        (Verdict::NotApplicable, v.not_applicable, "#90a4ae"),
        (Verdict::NotAssessed, v.not_assessed, "#e0e0e0"),
    ];
    let total: usize = parts.iter().map(|p| p.1).sum();
    let width = 600.0;
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} 90" width="100%" role="img">"#
    );
    let mut x = 0.0;
    for (_, n, colour) in parts.iter().filter(|p| total > 0 && p.1 > 0) {
        let w = width * *n as f64 / total as f64;
        let _ = write!(
            svg,
            r#"<rect x="{x:.1}" y="0" width="{w:.1}" height="26" fill="{colour}"/>"#
        );
        x += w;
    }
    for (i, (verdict, n, colour)) in parts.iter().enumerate() {
        let lx = (i % 3) as f64 * 200.0;
        let ly = 46.0 + (i / 3) as f64 * 20.0;
        let label = escape(verdict.label(lang));
        let _ = write!(
            svg,
            r##"<rect x="{lx}" y="{ry}" width="12" height="12" fill="{colour}"/><text x="{tx}" y="{ty}" font-size="12" fill="#222">{label} {n}</text>"##,
            ry = ly - 10.0,
            tx = lx + 18.0,
            ty = ly
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Text;
    use crate::domain::analysis::Figures;

    #[test]
    fn category_names_are_escaped_inside_the_svg() {
        let c = CategoryFigures {
            pack: "p".into(),
            code: "X".into(),
            name: Text::new("<script>alert(1)</script>", "a & b"),
            coverage: crate::domain::analysis::Coverage::Mlps,
            rollup: Verdict::Partial,
            figures: Figures {
                applicable: 2,
                assessed: 1,
                compliance_rate: Some(50.0),
            },
        };
        let svg = category_bars(&[c], Lang::Zh);
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
    }

    #[test]
    fn verdict_bar_lists_every_verdict_even_when_empty() {
        let svg = verdict_bar(&ByVerdict::default(), Lang::En);
        for v in Verdict::ALL {
            assert!(svg.contains(v.label(Lang::En)), "{v}");
        }
    }
}
