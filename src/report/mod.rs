//! The one place that renders findings. Each format is a module; all take the sorted
//! findings and the summary and return the bytes to write.
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod progress;
pub mod rules;
pub mod sarif;

use crate::finding::Finding;
use crate::scan::Summary;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    /// A Markdown summary (GitHub's `$GITHUB_STEP_SUMMARY`).
    Markdown,
    /// GitHub Actions workflow commands: annotations on the changed files.
    Github,
    /// JUnit XML for GitLab and Jenkins test reports.
    Junit,
}

/// What every reporter may need besides the findings.
pub struct Report<'a> {
    pub findings: &'a [Finding],
    pub summary: &'a Summary,
    /// Absolute scan root, for SARIF's `originalUriBaseIds`.
    pub root: &'a std::path::Path,
    pub notes: &'a [String],
    pub color: bool,
}

pub fn render(format: Format, report: &Report<'_>) -> Vec<u8> {
    match format {
        Format::Human => human::render(report).into_bytes(),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report),
        Format::Markdown => markdown::render(report).into_bytes(),
        Format::Github => github::render(report).into_bytes(),
        Format::Junit => junit::render(report).into_bytes(),
    }
}
