//! The printable report: a view model ([`model`]) rendered with tera from `templates/`
//! (embedded; a folder given with `--templates` overrides files by name) into one
//! self-contained HTML file: inline CSS, inline SVG charts, `data:` thumbnails, and a
//! Content-Security-Policy that forbids scripts and external requests. Never touches
//! the terminal.

pub mod chapters;
pub mod charts;
pub mod check;
pub mod model;
pub mod pdf;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use base64::Engine;
use serde::Deserialize;

use crate::domain::Lang;
use crate::domain::analysis::Analysis;
use crate::domain::snapshot::Snapshot;
use crate::store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Output(#[from] crate::output::OutputError),
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{0}")]
    Template(String),
    #[error("{0}")]
    Browser(String),
}

pub type Result<T, E = ReportError> = std::result::Result<T, E>;

/// Template files, embedded at build time.
const TEMPLATES: &[(&str, &str)] = &[
    ("report.html", include_str!("../../templates/report.html")),
    (
        "report-2021.html",
        include_str!("../../templates/report-2021.html"),
    ),
    ("report.css", include_str!("../../templates/report.css")),
    ("labels.toml", include_str!("../../templates/labels.toml")),
];

/// Largest image embedded as a thumbnail, in bytes.
const THUMBNAIL_MAX_BYTES: u64 = 512 << 10;

/// Total bytes of images embedded in one report: beyond it, images are listed by hash
/// like any other file, so a report with thousands of screenshots stays printable.
const THUMBNAIL_BUDGET_BYTES: u64 = 16 << 20;

/// Image types a browser shows from a `data:` URI.
const THUMBNAIL_TYPES: &[&str] = &["image/png", "image/jpeg", "image/gif", "image/webp"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Labels {
    zh: BTreeMap<String, String>,
    en: BTreeMap<String, String>,
}

/// The template files to use: embedded ones, overridden by name from `dir`.
fn template_files(dir: Option<&Path>) -> Result<HashMap<&'static str, String>> {
    let mut files = HashMap::new();
    for (name, text) in TEMPLATES {
        let text = match dir.map(|d| d.join(name)).filter(|p| p.exists()) {
            Some(p) => std::fs::read_to_string(&p).map_err(|e| ReportError::Io {
                path: p.display().to_string(),
                source: e,
            })?,
            None => text.to_string(),
        };
        files.insert(*name, text);
    }
    Ok(files)
}

/// How a report is rendered besides its language.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// A folder whose files replace the built-in templates by name.
    pub templates: Option<&'a Path>,
    /// The evidence appendix in full (`Some(true)`) or compact; `None` takes the
    /// engagement's setting.
    pub evidence_full: Option<bool>,
}

/// Renders the report of the engagement in `store`.
pub fn render(store: &Store, lang: Lang, options: Options<'_>) -> Result<String> {
    let templates = options.templates;
    let files = template_files(templates)?;
    let labels: Labels = toml::from_str(&files["labels.toml"])
        .map_err(|e| ReportError::Template(format!("labels.toml: {}", e.message().trim())))?;
    let labels = match lang {
        Lang::Zh => labels.zh,
        Lang::En => labels.en,
    };
    let snapshot = Snapshot::load(store)?;
    let analysis = Analysis::of(&snapshot);
    let mut thumbnails = BTreeMap::new();
    let mut budget = THUMBNAIL_BUDGET_BYTES;
    for e in snapshot
        .evidence
        .iter()
        .filter(|e| !e.sensitive && e.size <= THUMBNAIL_MAX_BYTES)
    {
        if THUMBNAIL_TYPES.contains(&e.media_type.as_str()) && e.size <= budget {
            budget -= e.size;
            let mut bytes = Vec::with_capacity(e.size as usize);
            store.read_content(e.content_id, &mut |chunk| {
                bytes.extend_from_slice(chunk);
                Ok(())
            })?;
            let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
            thumbnails.insert(e.id, format!("data:{};base64,{b64}", e.media_type));
        }
    }
    let input = model::ReportInput {
        snapshot: &snapshot,
        analysis: &analysis,
        thumbnails: &thumbnails,
        generated_at: crate::store::now(),
        lang,
        evidence_full: options.evidence_full,
    };
    let report = model::build(&input);
    let mut tera = tera::Tera::new();
    tera.add_raw_templates(
        ["report.css", "report.html", "report-2021.html"].map(|name| (name, files[name].as_str())),
    )
    .map_err(|e| ReportError::Template(format!("templates: {}", one_line(&e.to_string()))))?;
    let mut ctx = tera::Context::new();
    ctx.insert("r", &report);
    ctx.insert("l", &labels);
    let main = if snapshot.details.template() == "2021" {
        "report-2021.html"
    } else {
        "report.html"
    };
    let mut html = tera.render(main, &ctx).map_err(|e| {
        ReportError::Template(format!(
            "rendering the report failed: {}",
            one_line(&format!("{e:?}"))
        ))
    })?;
    // Lets a later `report --force` recognise this file as a report of this engagement.
    html.push_str(&format!(
        "\n<!-- {} -->\n",
        crate::output::marker(snapshot.engagement.uid.as_str())
    ));
    Ok(html)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_exists_in_both_languages() {
        let labels: Labels = toml::from_str(TEMPLATES[3].1).unwrap();
        let zh: Vec<_> = labels.zh.keys().collect();
        let en: Vec<_> = labels.en.keys().collect();
        assert_eq!(zh, en);
        assert!(
            labels
                .zh
                .values()
                .chain(labels.en.values())
                .all(|v| !v.contains('"')),
            "labels go into CSS strings"
        );
    }
}
