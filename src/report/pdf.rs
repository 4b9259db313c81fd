//! Printing the HTML report to PDF with headless Chromium, when it is installed.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::{Error, Result};

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

/// Prints `html` to `pdf`. Without Chromium, says how to install it.
pub fn print(html: &Path, pdf: &Path) -> Result<()> {
    let Some(chromium) = find_chromium() else {
        return Err(Error::input(format!(
            "cannot write {}: Chromium is not installed (Debian/Ubuntu: apt-get install chromium; or set DENGBAO_CHROMIUM); the HTML report was written to {}",
            pdf.display(),
            html.display()
        )));
    };
    let html = std::fs::canonicalize(html).map_err(|e| Error::Io {
        path: html.display().to_string(),
        source: e,
    })?;
    let profile = tempfile::tempdir().map_err(|e| Error::Io {
        path: "temporary folder".into(),
        source: e,
    })?;
    let output = Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .stdin(Stdio::null())
        .output()
        .map_err(|e| Error::Io {
            path: chromium.display().to_string(),
            source: e,
        })?;
    if !output.status.success() || !pdf.exists() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no message");
        return Err(Error::input(format!(
            "Chromium could not print {}: {last}",
            pdf.display()
        )));
    }
    Ok(())
}
