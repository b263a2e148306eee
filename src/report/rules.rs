//! `picket rules` and `picket explain`: the catalog rendered for people and scripts.
use crate::rules::{catalog, Rule};
use serde_json::json;
use std::fmt::Write;

pub fn json() -> Vec<u8> {
    let list: Vec<_> = catalog()
        .rules
        .iter()
        .map(|r| {
            json!({
                "id": r.spec.id,
                "check": r.check.as_str(),
                "severity": r.spec.severity,
                "confidence": r.spec.confidence,
                "title": r.spec.title,
                "description": r.spec.description.trim(),
                "help_uri": r.help_uri(),
                "equivalents": r.spec.equivalents,
            })
        })
        .collect();
    let mut out = serde_json::to_vec_pretty(&list).expect("rules serialise");
    out.push(b'\n');
    out
}

pub fn table() -> String {
    let mut rules: Vec<&Rule> = catalog().rules.iter().collect();
    rules.sort_by(|a, b| a.spec.id.cmp(&b.spec.id));
    let w = rules.iter().map(|r| r.spec.id.len()).max().unwrap_or(2);
    let mut out = format!(
        "{:<w$}  {:<8}  {:<10}  TITLE\n",
        "ID", "SEVERITY", "CONFIDENCE"
    );
    for r in &rules {
        let _ = writeln!(
            out,
            "{:<w$}  {:<8}  {:<10}  {}",
            r.spec.id,
            r.spec.severity.as_str(),
            r.spec.confidence.as_str(),
            r.spec.title
        );
    }
    let _ = writeln!(
        out,
        "\n{} rules. `picket explain RULE` tells more about one.",
        rules.len()
    );
    out
}

pub fn explain(id: &str) -> Option<String> {
    let r = catalog().get(id)?;
    let s = &r.spec;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  ({} severity, {} confidence)\n{}\n",
        s.id,
        s.severity,
        s.confidence.as_str(),
        s.title
    );
    let _ = writeln!(
        out,
        "What it is and why it matters\n  {}\n",
        s.description.trim()
    );
    if let Some(rem) = &s.remediation {
        let _ = writeln!(out, "How to fix\n  {}\n", rem.trim());
    }
    let _ = writeln!(
        out,
        "How to suppress\n  On the line or the line above: `picket:ignore[{id}]` in a comment.\n  For a path or a value, with a reason, in picket.toml:\n    [[allow]]\n    rules = [\"{id}\"]\n    paths = [\"tests/fixtures/**\"]\n    reason = \"synthetic test data\"\n"
    );
    let examples = crate::rules::examples(&s.id);
    if !examples.positive.is_empty() {
        let _ = writeln!(out, "Flagged (examples, synthetic)");
        for e in &examples.positive {
            let _ = writeln!(out, "  {}: {}", e.path(), e.text().replace('\n', "\\n"));
        }
        out.push('\n');
    }
    if !examples.negative.is_empty() {
        let _ = writeln!(out, "Not flagged");
        for e in &examples.negative {
            let _ = writeln!(out, "  {}: {}", e.path(), e.text().replace('\n', "\\n"));
        }
        out.push('\n');
    }
    if !s.equivalents.is_empty() {
        let _ = writeln!(
            out,
            "Same rule in other tools: {}",
            s.equivalents.join(", ")
        );
    }
    for u in &s.references {
        let _ = writeln!(out, "Reference: {u}");
    }
    Some(out)
}
