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
        let summaries = if file.path.to_ascii_lowercase().ends_with(".ipynb") {
            notebook_outputs_only(file.data)
        } else {
            detect::scan(file.data, &Options::default())
        };
        for summary in summaries {
            out.push(finding(file, &summary, opts));
        }
    }
}

/// In a notebook only the cells' outputs are data; the sources are code, which this check
/// leaves alone.
fn notebook_outputs_only(data: &[u8]) -> Vec<Summary> {
    let regions = output_regions(data);
    if regions.is_empty() {
        return Vec::new();
    }
    let all = Options {
        keep: usize::MAX,
        ..Options::default()
    };
    detect::scan(data, &all)
        .into_iter()
        .filter_map(|s| {
            let hits: Vec<detect::Hit> = s
                .first
                .into_iter()
                .filter(|h| regions.iter().any(|r| r.contains(&h.start)))
                .collect();
            (!hits.is_empty()).then(|| Summary {
                kind: s.kind,
                count: hits.len() as u64,
                first: hits.into_iter().take(Options::default().keep).collect(),
            })
        })
        .collect()
}

/// Byte ranges of the `"outputs": [...]` arrays of a notebook's JSON.
fn output_regions(data: &[u8]) -> Vec<std::ops::Range<usize>> {
    let key = b"\"outputs\"";
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(k) = memchr::memmem::find(&data[from..], key) {
        let mut i = from + k + key.len();
        while i < data.len() && matches!(data[i], b' ' | b'\t' | b'\r' | b'\n' | b':') {
            i += 1;
        }
        from = i;
        if data.get(i) != Some(&b'[') {
            continue;
        }
        let start = i;
        let (mut depth, mut in_str, mut esc) = (0usize, false, false);
        while i < data.len() {
            let c = data[i];
            if in_str {
                if esc {
                    esc = false;
                } else if c == b'\\' {
                    esc = true;
                } else if c == b'"' {
                    in_str = false;
                }
            } else if c == b'"' {
                in_str = true;
            } else if c == b'[' || c == b'{' {
                depth += 1;
            } else if c == b']' || c == b'}' {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            i += 1;
        }
        out.push(start..i.min(data.len()));
        from = i.min(data.len());
    }
    out
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

    #[test]
    fn notebooks_only_their_outputs() {
        let nb = r#"{"cells": [{"cell_type": "code", "source": ["send(\"ops@northwind-mail.net\")"],
  "outputs": [{"output_type": "stream", "text": ["sent to \"b.okafor@northwind-mail.net\" [ok]\n",
  "and c.lee@northwind-mail.net\n"]}]}]}"#;
        let f = scan_example("report.ipynb", nb);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            f[0].metadata["count"], 2,
            "the address in the source is not counted"
        );
        assert!(scan_example(
            "report.ipynb",
            r#"{"cells": [{"source": ["a@northwind-mail.net"]}]}"#
        )
        .is_empty());
    }
}
