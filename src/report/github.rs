//! `--format github`: workflow commands, so findings appear as annotations on the pull
//! request's files. Values are escaped as the runner expects.
use super::Report;
use crate::finding::Severity;
use std::fmt::Write;

/// Escaping for the message part of a workflow command.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping for a property value (also `:` and `,`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(r: &Report<'_>) -> String {
    let mut out = String::new();
    for f in r.findings {
        let level = match f.severity {
            Severity::Critical | Severity::High => "error",
            Severity::Medium => "warning",
            Severity::Low | Severity::Info => "notice",
        };
        let _ = writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            property(&f.path),
            f.line,
            f.column,
            f.end_line.max(f.line),
            f.end_column,
            property(&format!("{} ({})", f.rule_id, f.severity)),
            data(&format!("{} {}", f.message, f.snippet))
        );
    }
    out
}
