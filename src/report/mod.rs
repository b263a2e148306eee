//! The one place that renders findings. Each format is a module; all take the sorted
//! findings and the summary and return the bytes to write.
pub mod human;
pub mod json;
pub mod rules;
pub mod sarif;

use crate::finding::Finding;
use crate::scan::Summary;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
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
    }
}
