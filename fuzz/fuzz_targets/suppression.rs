//! Inline suppressions (`picket:ignore[...]`, `gitleaks:allow`, `hadolint ignore=`,
//! `nosec`, `zizmor: ignore[...]`) on arbitrary file text, and rule-id patterns.
//!
//! Input: byte 0 picks a rule of the catalog, bytes 1-2 the finding's line (which may be
//! past the end of the file, or 0), the rest is the file; the first line of the file is also
//! used as a `--select`/`--ignore` pattern against the rule id.
#![no_main]

use libfuzzer_sys::fuzz_target;
use picket::checks::{CheckOptions, SourceFile};
use picket::classify::FileKind;
use picket::filter::{inline_suppressed, rule_matches};
use picket::rules::catalog;

fuzz_target!(|data: &[u8]| {
    let [r, l0, l1, rest @ ..] = data else {
        return;
    };
    let rules = &catalog().rules;
    let rule = &rules[usize::from(*r) % rules.len()].spec;
    let file = SourceFile::new("file.txt", rest, FileKind::Text);
    let line = usize::from(u16::from_le_bytes([*l0, *l1]));
    let mut finding = file.file_finding(rule, String::new());
    finding.line = line;
    let _ = inline_suppressed(&finding, rest, file.lines());
    // A finding built the way the checks build them, on an existing line.
    if line >= 1 && line <= file.lines().line_count() {
        let f = file.line_finding(rule, line, None, String::new(), &CheckOptions::default());
        let _ = inline_suppressed(&f, rest, file.lines());
    }
    let text = String::from_utf8_lossy(rest);
    let pattern = text.lines().next().unwrap_or("");
    let _ = rule_matches(pattern, &rule.id);
    let _ = rule_matches(&rule.id, pattern);
});
