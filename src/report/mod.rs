//! The printable report: a view model ([`model`]) rendered with tera from `templates/`
//! (embedded; a folder given with `--templates` overrides files by name) into one
//! self-contained HTML file: inline CSS, inline SVG charts, `data:` thumbnails, and a
//! Content-Security-Policy that forbids scripts and external requests. Never touches
//! the terminal.

pub mod chapters;
pub mod charts;
pub mod check;
pub mod docx;
pub mod model;
pub mod pdf;

use std::collections::BTreeMap;
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
    ("method.html", include_str!("../../templates/method.html")),
    (
        "tool_reports.html",
        include_str!("../../templates/tool_reports.html"),
    ),
    ("labels.toml", include_str!("../../templates/labels.toml")),
];

/// Largest image embedded as a thumbnail, in bytes.
const THUMBNAIL_MAX_BYTES: u64 = 512 << 10;

/// Total bytes of images embedded in one report: beyond it, images are listed by hash
/// like any other file, so a report with thousands of screenshots stays printable.
const THUMBNAIL_BUDGET_BYTES: u64 = 16 << 20;

/// Image types a browser shows from a `data:` URI.
const THUMBNAIL_TYPES: &[&str] = &["image/png", "image/jpeg", "image/gif", "image/webp"];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Labels {
    #[serde(default)]
    zh: BTreeMap<String, String>,
    #[serde(default)]
    en: BTreeMap<String, String>,
}

impl Labels {
    fn parse(name: &str, text: &str) -> Result<Labels> {
        toml::from_str(text)
            .map_err(|e: toml::de::Error| ReportError::Template(format!("{name}: {}", one_line(e.message()))))
    }

    /// Takes the keys `other` has; the rest stay.
    fn merge(&mut self, other: Labels) {
        self.zh.extend(other.zh);
        self.en.extend(other.en);
    }
}

/// Largest template or labels file read from a templates folder.
const TEMPLATE_MAX_BYTES: u64 = 4 << 20;

/// Largest image (a logo, a seal) read from a templates folder.
const IMAGE_MAX_BYTES: u64 = 2 << 20;

/// Image files a templates folder may hold, by extension, with their media types.
const IMAGE_TYPES: &[(&str, &str)] = &[
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("gif", "image/gif"),
    ("webp", "image/webp"),
    ("svg", "image/svg+xml"),
];

/// What the templates are made of: the template texts by name, the labels, and the
/// images (`a.NAME` in a template, as `data:` URIs).
struct TemplateSet {
    files: BTreeMap<String, String>,
    labels: Labels,
    images: BTreeMap<String, String>,
}

/// The embedded templates, with a folder's files over them: templates (`*.html`,
/// `*.css`) replace the embedded ones by name or add partials for `{% include %}`, a
/// `labels.toml` (whole or partial) merges over the embedded labels, images become
/// `a.NAME`.
fn template_set(dir: Option<&Path>) -> Result<TemplateSet> {
    let mut files: BTreeMap<String, String> = TEMPLATES
        .iter()
        .filter(|(name, _)| *name != "labels.toml")
        .map(|(name, text)| (name.to_string(), text.to_string()))
        .collect();
    let embedded = TEMPLATES
        .iter()
        .find(|(n, _)| *n == "labels.toml")
        .map(|(_, t)| *t)
        .unwrap_or("");
    let mut labels = Labels::parse("labels.toml", embedded)?;
    let mut images = BTreeMap::new();
    let Some(dir) = dir else {
        return Ok(TemplateSet {
            files,
            labels,
            images,
        });
    };
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |e: std::io::Error| ReportError::Io { path, source: e }
    };
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(io(dir))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let text = || {
            crate::files::read_text(&path, TEMPLATE_MAX_BYTES)
                .map_err(|why| ReportError::Template(format!("{}: {why}", path.display())))
        };
        if name == "labels.toml" {
            labels.merge(Labels::parse(&name, &text()?)?);
        } else if ext == "html" || ext == "css" {
            files.insert(name, text()?);
        } else if let Some((_, media)) = IMAGE_TYPES.iter().find(|(e, _)| *e == ext) {
            let size = std::fs::metadata(&path).map_err(io(&path))?.len();
            if size > IMAGE_MAX_BYTES {
                return Err(ReportError::Template(format!(
                    "{}: {size} bytes is more than the {} an image may have",
                    path.display(),
                    IMAGE_MAX_BYTES
                )));
            }
            let bytes = std::fs::read(&path).map_err(io(&path))?;
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
            images.insert(stem, format!("data:{media};base64,{b64}"));
        }
    }
    Ok(TemplateSet {
        files,
        labels,
        images,
    })
}

/// A template error in one line: the template, the line and column, what is wrong.
fn template_error(e: &tera::Error) -> String {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let message = r.message();
            // "Field `x` is not defined. Available fields: …" — the first sentence says it.
            let first = message.split(". Available").next().unwrap_or(message);
            format!(
                "{}:{}:{}: {}",
                r.filename(),
                r.span().start_line,
                r.span().start_col + 1,
                one_line(first)
            )
        }
        _ => {
            let mut text = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                text = format!("{text}: {s}");
                source = s.source();
            }
            one_line(&text)
        }
    }
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

/// Renders the report of the engagement in `store` as HTML.
pub fn render(store: &Store, lang: Lang, options: Options<'_>) -> Result<String> {
    let set = template_set(options.templates)?;
    let labels = match lang {
        Lang::Zh => &set.labels.zh,
        Lang::En => &set.labels.en,
    };
    let snapshot = Snapshot::load(store)?;
    let report = view(store, &snapshot, lang, options, true)?;
    let mut tera = tera::Tera::new();
    tera.add_raw_templates(set.files.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| ReportError::Template(format!("template {}", template_error(&e))))?;
    let mut ctx = tera::Context::new();
    ctx.insert("r", &report);
    ctx.insert("l", labels);
    ctx.insert("a", &set.images);
    let main = if snapshot.details.template() == "2021" {
        "report-2021.html"
    } else {
        "report.html"
    };
    let mut html = tera
        .render(main, &ctx)
        .map_err(|e| ReportError::Template(format!("template {}", template_error(&e))))?;
    // Lets a later `report --force` recognise this file as a report of this engagement.
    html.push_str(&format!(
        "\n<!-- {} -->\n",
        crate::output::marker(snapshot.engagement.uid.as_str())
    ));
    Ok(html)
}

/// Renders the report as an editable Word document (.docx bytes), with the same
/// chapters and figures and the same labels as the HTML.
pub fn render_docx(store: &Store, lang: Lang, options: Options<'_>) -> Result<Vec<u8>> {
    let set = template_set(options.templates)?;
    let labels = match lang {
        Lang::Zh => &set.labels.zh,
        Lang::En => &set.labels.en,
    };
    let snapshot = Snapshot::load(store)?;
    let report = view(store, &snapshot, lang, options, false)?;
    let marker = crate::output::marker(snapshot.engagement.uid.as_str());
    docx::render(&report, labels, &marker).map_err(|e| ReportError::Template(format!("docx: {e}")))
}

/// The view model, with image thumbnails read from the store when `images` asks.
fn view(
    store: &Store,
    snapshot: &Snapshot,
    lang: Lang,
    options: Options<'_>,
    images: bool,
) -> Result<model::Report> {
    let analysis = Analysis::of(snapshot);
    let mut thumbnails = BTreeMap::new();
    let mut budget = if images { THUMBNAIL_BUDGET_BYTES } else { 0 };
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
        snapshot,
        analysis: &analysis,
        thumbnails: &thumbnails,
        generated_at: crate::store::now(),
        lang,
        evidence_full: options.evidence_full,
    };
    Ok(model::build(&input))
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_exists_in_both_languages() {
        let labels = template_set(None).unwrap().labels;
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
