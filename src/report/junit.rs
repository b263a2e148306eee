//! `--format junit`: one test suite per check, one failing test case per finding, for
//! GitLab and Jenkins test reports. Snippets are already redacted.
use super::Report;
use std::collections::BTreeMap;
use std::fmt::Write;

fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

pub fn render(r: &Report<'_>) -> String {
    let mut by_check: BTreeMap<&str, Vec<&crate::finding::Finding>> = BTreeMap::new();
    for f in r.findings {
        by_check.entry(f.check.as_str()).or_default().push(f);
    }
    let time = r.summary.duration_ms as f64 / 1000.0;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"picket\" tests=\"{n}\" failures=\"{n}\" time=\"{time:.3}\">",
        n = r.findings.len()
    );
    if by_check.is_empty() {
        let _ = writeln!(out, "  <testsuite name=\"picket\" tests=\"1\" failures=\"0\">\n    <testcase name=\"no findings\" classname=\"picket\"/>\n  </testsuite>");
    }
    for (check, findings) in by_check {
        let _ = writeln!(
            out,
            "  <testsuite name=\"picket.{check}\" tests=\"{n}\" failures=\"{n}\">",
            n = findings.len()
        );
        for f in findings {
            let _ = writeln!(
                out,
                "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\">\n      <failure type=\"{}\" message=\"{}\">{}:{}:{} {} [{}]\n{}</failure>\n    </testcase>",
                xml(&format!("{} {}:{}", f.rule_id, f.path, f.line)),
                xml(&f.path),
                xml(&f.path),
                f.line,
                xml(&f.rule_id),
                xml(&f.message),
                xml(&f.path),
                f.line,
                f.column,
                xml(&f.message),
                f.severity,
                xml(&f.snippet)
            );
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
