//! SARIF 2.1.0 for GitHub code scanning: one run, only the rules that fired, relative URIs
//! against `%SRCROOT%`, partial fingerprints, and truncation with a note when GitHub's
//! limits would be exceeded.
use super::Report;
use crate::finding::{Finding, Severity};
use crate::rules::catalog;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// GitHub rejects runs with more results than this.
pub const MAX_RESULTS: usize = 25_000;
/// GitHub rejects files larger than 10 MB; stay under with room for the envelope.
pub const MAX_BYTES: usize = 9_500_000;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub's `security-severity` scale (0.0-10.0).
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

/// Percent-encodes a relative path for a URI reference, keeping `/`.
pub fn uri_path(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn rule_descriptor(f: &Finding) -> Value {
    let rule = catalog().get(&f.rule_id);
    let (description, remediation, help_uri, equivalents) = match rule {
        Some(r) => (
            r.spec.description.clone(),
            r.spec.remediation.clone().unwrap_or_default(),
            r.help_uri(),
            r.spec.equivalents.clone(),
        ),
        None => (
            f.title.clone(),
            String::new(),
            "https://github.com/picket-scanner/picket".into(),
            vec![],
        ),
    };
    let description = if description.trim().is_empty() {
        f.title.clone()
    } else {
        description.trim().to_string()
    };
    let mut markdown = format!("**{}**\n\n{}\n", f.title, description);
    if !remediation.is_empty() {
        markdown.push_str(&format!("\n**How to fix:** {}\n", remediation.trim()));
    }
    markdown.push_str(&format!(
        "\n**How to suppress:** add `picket:ignore[{}]` in a comment on the line or the line above, or an `[[allow]]` entry with a reason in `picket.toml`.\n",
        f.rule_id
    ));
    let mut text = description.clone();
    if !remediation.is_empty() {
        text.push_str(&format!(" How to fix: {}", remediation.trim()));
    }
    let precision = match f.confidence {
        crate::finding::Confidence::High => "very-high",
        crate::finding::Confidence::Medium => "high",
        crate::finding::Confidence::Low => "medium",
    };
    let default_severity = rule.map(|r| r.spec.severity).unwrap_or(f.severity);
    json!({
        "id": f.rule_id,
        "name": f.rule_id.replace(['/', '-'], "_"),
        "shortDescription": {"text": f.title},
        "fullDescription": {"text": description},
        "helpUri": help_uri,
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": level(default_severity)},
        "properties": {
            "security-severity": security_severity(default_severity),
            "precision": precision,
            "tags": ["security", f.check.as_str()],
            "equivalents": equivalents,
        }
    })
}

fn result(f: &Finding, index: usize) -> Value {
    let mut region = json!({
        "startLine": f.line,
        "startColumn": f.column,
        "endLine": f.end_line.max(f.line),
        "endColumn": if f.end_line == f.line { f.end_column.max(f.column + 1) } else { f.end_column.max(1) },
    });
    if !f.snippet.is_empty() {
        region["snippet"] = json!({"text": f.snippet});
    }
    let mut r = json!({
        "ruleId": f.rule_id,
        "ruleIndex": index,
        "level": level(f.severity),
        "message": {"text": f.message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri_path(&f.path), "uriBaseId": "%SRCROOT%"},
                "region": region,
            }
        }],
        "partialFingerprints": {"picketFingerprint/v1": f.fingerprint},
        "properties": {"severity": f.severity.as_str(), "confidence": f.confidence.as_str()},
    });
    if let Some(c) = &f.commit {
        r["properties"]["commit"] = json!(c);
    }
    if !f.metadata.is_empty() {
        r["properties"]["metadata"] = Value::Object(f.metadata.clone());
    }
    r
}

pub fn render(rep: &Report<'_>) -> Vec<u8> {
    let mut notes: Vec<Value> = rep
        .notes
        .iter()
        .map(|n| json!({"level": "warning", "message": {"text": n}}))
        .collect();
    let mut findings: &[Finding] = rep.findings;
    if findings.len() > MAX_RESULTS {
        notes.push(json!({"level": "warning", "message": {"text": format!(
            "picket found {} results; only the first {MAX_RESULTS} are in this file because GitHub code scanning rejects more. Use --format json for all of them.",
            findings.len()
        )}}));
        findings = &findings[..MAX_RESULTS];
    }
    loop {
        let out = build(rep, findings, &notes);
        if out.len() <= MAX_BYTES || findings.is_empty() {
            return out;
        }
        let keep = findings.len() * MAX_BYTES / out.len() * 9 / 10;
        notes.retain(|n| {
            !n["message"]["text"]
                .as_str()
                .unwrap_or("")
                .starts_with("The SARIF file")
        });
        notes.push(json!({"level": "warning", "message": {"text": format!(
            "The SARIF file would exceed GitHub's 10 MB limit; only the first {keep} of {} results are included. Use --format json for all of them.",
            rep.findings.len()
        )}}));
        findings = &findings[..keep];
    }
}

fn build(rep: &Report<'_>, findings: &[Finding], notes: &[Value]) -> Vec<u8> {
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut rules = Vec::new();
    let mut results = Vec::with_capacity(findings.len());
    for f in findings {
        let i = *index.entry(&f.rule_id).or_insert_with(|| {
            rules.push(rule_descriptor(f));
            rules.len() - 1
        });
        results.push(result(f, i));
    }
    let root = rep.root.to_string_lossy().replace('\\', "/");
    let root_uri = format!(
        "file://{}{}/",
        if root.starts_with('/') { "" } else { "/" },
        uri_path(root.trim_end_matches('/'))
    );
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "picket",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/picket-scanner/picket",
                "rules": rules,
            }},
            "invocations": [{
                "executionSuccessful": true,
                "toolExecutionNotifications": notes,
            }],
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root_uri}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut out = serde_json::to_vec_pretty(&doc).expect("sarif serialises");
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{CheckId, Confidence};
    use crate::scan::Summary;

    fn finding(i: usize) -> Finding {
        Finding {
            rule_id: "secrets/generic-secret".into(),
            check: CheckId::Secrets,
            severity: Severity::High,
            confidence: Confidence::Medium,
            title: "t".into(),
            message: "m".into(),
            path: format!("f{i}.py"),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 5,
            snippet: "x".repeat(200),
            fingerprint: format!("{i:032}"),
            commit: None,
            metadata: Default::default(),
            snippet_span: (0, 1),
            secret: None,
            whole_file: false,
        }
    }

    fn render_n(n: usize) -> serde_json::Value {
        let findings: Vec<Finding> = (0..n).map(finding).collect();
        let summary = Summary::default();
        let rep = Report {
            findings: &findings,
            summary: &summary,
            root: std::path::Path::new("/r"),
            notes: &[],
            color: false,
        };
        let out = render(&rep);
        assert!(out.len() <= MAX_BYTES, "{} bytes", out.len());
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn truncates_at_githubs_limits_with_a_note() {
        let v = render_n(MAX_RESULTS + 10);
        let run = &v["runs"][0];
        let n = run["results"].as_array().unwrap().len();
        assert!(n <= MAX_RESULTS);
        let notes = run["invocations"][0]["toolExecutionNotifications"]
            .as_array()
            .unwrap();
        assert!(!notes.is_empty(), "truncation is never silent");
        let small = render_n(3);
        assert_eq!(small["runs"][0]["results"].as_array().unwrap().len(), 3);
        assert!(
            small["runs"][0]["invocations"][0]["toolExecutionNotifications"]
                .as_array()
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri_path("a b/c#d.py"), "a%20b/c%23d.py");
        assert_eq!(uri_path("src/é.py"), "src/%C3%A9.py");
    }
}
