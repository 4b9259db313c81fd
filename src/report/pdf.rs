//! Printing the HTML report to PDF with headless Chromium, when it is installed. The
//! browser prints into a temporary file beside the target, which replaces the target
//! only once complete.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::{ReportError, Result};
use crate::output::{self, Replace};

/// Names Chromium goes by; `DENGBAO_CHROMIUM` names another binary.
const CANDIDATES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

fn find_chromium() -> Option<PathBuf> {
    if let Ok(explicit) = std::env::var("DENGBAO_CHROMIUM") {
        return Some(PathBuf::from(explicit));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| CANDIDATES.iter().map(move |c| dir.join(c)))
        .find(|p| p.is_file())
}

/// Whether a browser to print with is there.
pub fn available() -> bool {
    find_chromium().is_some()
}

/// Prints the HTML file `html` to `pdf`. Without Chromium, says how to install it. The
/// PDF carries the engagement's marker in a comment after its end.
pub fn print(html: &Path, pdf: &Path, engagement: &Path, uid: &str, replace: Replace<'_>) -> Result<()> {
    let Some(chromium) = find_chromium() else {
        return Err(ReportError::Browser(format!(
            "cannot write {}: Chromium is not installed (Debian/Ubuntu: apt-get install chromium; or set DENGBAO_CHROMIUM); the HTML report was written to {}",
            pdf.display(),
            html.display()
        )));
    };
    let html = std::fs::canonicalize(html).map_err(|e| ReportError::Io {
        path: html.display().to_string(),
        source: e,
    })?;
    let profile = tempfile::tempdir().map_err(|e| ReportError::Io {
        path: "temporary folder".into(),
        source: e,
    })?;
    let mut failure: Option<ReportError> = None;
    let written = output::write_by_path(pdf, engagement, replace, |temp| {
        let printed = run(&chromium, profile.path(), &html, temp).and_then(|()| {
            let mut f = std::fs::OpenOptions::new()
                .append(true)
                .open(temp)
                .map_err(|e| ReportError::Io {
                    path: pdf.display().to_string(),
                    source: e,
                })?;
            writeln!(f, "\n%{}", output::marker(uid)).map_err(|e| ReportError::Io {
                path: pdf.display().to_string(),
                source: e,
            })
        });
        printed.map_err(|e| {
            let message = e.to_string();
            failure = Some(e);
            std::io::Error::other(message)
        })
    });
    match (written, failure) {
        (Ok(()), _) => Ok(()),
        (Err(_), Some(e)) => Err(e),
        (Err(e), None) => Err(e.into()),
    }
}

fn run(chromium: &Path, profile: &Path, html: &Path, temp: &Path) -> Result<()> {
    let output = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            // Bookmarks from the headings, for the reader's outline pane.
            "--generate-pdf-document-outline",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", temp.display()))
        .arg(format!("file://{}", html.display()))
        .stdin(Stdio::null())
        .output()
        .map_err(|e| ReportError::Io {
            path: chromium.display().to_string(),
            source: e,
        })?;
    let printed = std::fs::metadata(temp).map(|m| m.len() > 0).unwrap_or(false);
    if !output.status.success() || !printed {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no message");
        return Err(ReportError::Browser(format!(
            "Chromium could not print the PDF: {last}"
        )));
    }
    Ok(())
}
