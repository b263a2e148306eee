//! The `pii` check: personal data in data and log files (CSV, TSV, JSON, JSON Lines,
//! logs, plain text, notebooks). Source code is not scanned: an address in a docstring is
//! not a data leak. `detect` finds the values; this module picks the files and turns each
//! kind found into one finding per file, with the count and the first lines, and the
//! values redacted.
pub mod detect;

use super::{builtin, Check, CheckOptions, SourceFile};
use crate::classify::FileKind;
use crate::finding::{CheckId, Finding};
use detect::{Options, Summary};

/// Extensions of data and log files.
const DATA_EXTENSIONS: &[&str] = &[
    "csv", "tsv", "psv", "json", "jsonl", "ndjson", "log", "txt", "ipynb", "out", "dat", "xml",
    "sql",
];

/// JSON files that are manifests and configuration, where names and addresses of maintainers
/// are published on purpose.
const MANIFESTS: &[&str] = &[
    "package.json",
    "package-lock.json",
    "composer.json",
    "composer.lock",
    "bower.json",
    "manifest.json",
    "tsconfig.json",
    "renovate.json",
    ".all-contributorsrc",
    "license.txt",
    "authors.txt",
    "contributors.txt",
    "maintainers.txt",
    "notice.txt",
    "requirements.txt",
    "constraints.txt",
    "cmakelists.txt",
    "robots.txt",
];

pub struct PiiCheck;

/// Whether a path is a data or log file this check reads.
pub fn is_data_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    if MANIFESTS.contains(&name.as_str()) || name.starts_with("requirements") {
        return false;
    }
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    DATA_EXTENSIONS.contains(&ext) || name.ends_with(".log.1") || name.contains(".log.")
}

impl Check for PiiCheck {
    fn id(&self) -> CheckId {
        CheckId::Pii
    }

    fn accepts(&self, kind: FileKind) -> bool {
        matches!(kind, FileKind::Text | FileKind::Json | FileKind::Notebook)
    }

    fn scan(&self, file: &SourceFile<'_>, opts: &CheckOptions, out: &mut Vec<Finding>) {
        if !is_data_file(file.path) {
            return;
        }
        for summary in detect::scan(file.data, &Options::default()) {
            out.push(finding(file, &summary, opts));
        }
    }
}

fn finding(file: &SourceFile<'_>, s: &Summary, opts: &CheckOptions) -> Finding {
    let rule = builtin(s.kind.rule_id());
    let first = s.first[0];
    let lines: Vec<usize> = s
        .first
        .iter()
        .map(|h| file.lines().position(file.data, h.start).0)
        .collect();
    let noun = s.kind.noun();
    let message = if s.count == 1 {
        format!("1 {noun} (line {})", lines[0])
    } else {
        let shown: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        format!("{} {noun}s; first at lines {}", s.count, shown.join(", "))
    };
    let mut f = file.finding(rule, (first.start, first.end), true, message, opts);
    // The fingerprint names the kind, not the first value: a file keeps its finding (and
    // its baseline entry) when rows are added or the first row changes.
    f.fingerprint = crate::text::fingerprint(&f.rule_id, file.path, b"");
    f.metadata.insert("count".into(), s.count.into());
    f.metadata.insert(
        "lines".into(),
        lines.into_iter().map(serde_json::Value::from).collect(),
    );
    f
}

/// The findings of the check on one example file (for the rule tests).
pub fn scan_example(path: &str, text: &str) -> Vec<Finding> {
    let kind = crate::classify::classify(path, text.as_bytes());
    let file = SourceFile::new(path, text.as_bytes(), kind);
    let mut out = Vec::new();
    if PiiCheck.accepts(kind) {
        PiiCheck.scan(&file, &CheckOptions::default(), &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_only() {
        for p in [
            "exports/users.csv",
            "logs/app.log",
            "a/b.jsonl",
            "nb.ipynb",
            "dump.sql",
            "app.log.1",
        ] {
            assert!(is_data_file(p), "{p}");
        }
        for p in [
            "src/app.py",
            "package.json",
            "README.md",
            "requirements-dev.txt",
            "main.rs",
            "AUTHORS.txt",
        ] {
            assert!(!is_data_file(p), "{p}");
        }
    }

    #[test]
    fn one_redacted_finding_per_kind_with_count_and_lines() {
        let text = "id,email,phone\n1,ana.silva@northwind-mail.net,+44 20 7946 0321\n2,b.okafor@northwind-mail.net,\n3,c.lee@northwind-mail.net,\n";
        let f = scan_example("users.csv", text);
        let email = f.iter().find(|f| f.rule_id == "pii/email").unwrap();
        assert_eq!(email.metadata["count"], 3);
        assert_eq!(email.metadata["lines"], serde_json::json!([2, 3, 4]));
        assert_eq!(email.line, 2);
        assert!(!email.snippet.contains("ana.silva@northwind-mail.net"));
        assert!(f.iter().any(|f| f.rule_id == "pii/phone"));
        assert!(scan_example("users.py", text).is_empty());
    }
}
