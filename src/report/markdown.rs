//! `--format markdown`: the GitHub step summary. A table per severity order, snippets
//! already redacted, Markdown-special characters escaped.
use super::Report;
use crate::finding::Severity;
use std::fmt::Write;

fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('`', "'")
        .replace(['\n', '\r'], " ")
}

pub fn render(r: &Report<'_>) -> String {
    let s = r.summary;
    let mut out = String::from("## picket\n\n");
    if r.findings.is_empty() {
        let _ = writeln!(out, "No findings in {} files.", s.files_scanned);
    } else {
        let counts: Vec<String> = Severity::ALL
            .iter()
            .rev()
            .filter_map(|sev| s.by_severity.get(sev).map(|n| format!("{n} {sev}")))
            .collect();
        let _ = writeln!(
            out,
            "**{} finding{}** ({}) in {} files.\n",
            s.findings,
            if s.findings == 1 { "" } else { "s" },
            counts.join(", "),
            s.files_scanned
        );
        out.push_str("| Severity | Rule | Location | Message |\n|---|---|---|---|\n");
        let mut sorted: Vec<_> = r.findings.iter().collect();
        sorted.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then_with(|| a.sort_key().cmp(&b.sort_key()))
        });
        for f in sorted {
            let _ = writeln!(
                out,
                "| {} | `{}` | `{}:{}` | {} |",
                f.severity,
                cell(&f.rule_id),
                cell(&f.path),
                f.line,
                cell(&f.message)
            );
        }
    }
    if s.suppressed > 0 {
        let _ = writeln!(
            out,
            "\n{} finding(s) suppressed by comments, `picket.toml` or the baseline.",
            s.suppressed
        );
    }
    out.push_str(
        "\nRun `picket explain RULE` for what a rule means and how to fix or suppress it.\n",
    );
    out
}
