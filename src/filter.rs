//! The one place that decides which findings are shown: inline comments, `[[allow]]`
//! entries, `--select`/`--ignore`, severity overrides and the baseline. Every check's
//! findings pass through here the same way.
use crate::config::{self, Config};
use crate::finding::{CheckId, Finding, Severity};
use crate::rules::catalog;
use crate::text::LineIndex;
use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::Regex;
use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;

/// `secrets/` or `secrets` selects a whole check; anything else is a rule id or an id prefix.
pub fn rule_matches(pattern: &str, id: &str) -> bool {
    let p = pattern.trim();
    id == p
        || (p.ends_with('/') && id.starts_with(p))
        || id.strip_prefix(p).is_some_and(|r| r.starts_with('/'))
}

/// Inline suppression on the finding's line, or on a comment-only line just above it (a
/// trailing comment on the previous statement belongs to that statement, as in Bandit).
pub fn inline_suppressed(f: &Finding, data: &[u8], lines: &LineIndex) -> bool {
    let text = |l: usize| {
        let (s, e) = lines.line_range(data, l);
        String::from_utf8_lossy(&data[s..e]).into_owned()
    };
    if (1..=lines.line_count()).contains(&f.line) && line_suppresses(&text(f.line), f) {
        return true;
    }
    f.line > 1 && f.line - 1 <= lines.line_count() && {
        let above = text(f.line - 1);
        is_comment_line(&above) && line_suppresses(&above, f)
    }
}

/// A line with nothing but a comment (`#`, `//`, `--`, `;`, `<!--`, `/*`, `*`).
fn is_comment_line(line: &str) -> bool {
    let t = line.trim_start();
    ["#", "//", "--", ";", "<!--", "/*", "*", "%", "REM "]
        .iter()
        .any(|p| t.starts_with(p))
}

fn line_suppresses(line: &str, f: &Finding) -> bool {
    if let Some(i) = line.find("picket:ignore") {
        let rest = &line[i + "picket:ignore".len()..];
        return match rest.strip_prefix('[') {
            Some(list) => {
                let list = list.split(']').next().unwrap_or("");
                list.split(',').any(|p| rule_matches(p.trim(), &f.rule_id))
            }
            None => true,
        };
    }
    let equivalents = || {
        catalog()
            .get(&f.rule_id)
            .map(|r| r.spec.equivalents.clone())
            .unwrap_or_default()
    };
    match f.check {
        CheckId::Secrets => {
            line.contains("gitleaks:allow") || line.contains("pragma: allowlist secret")
        }
        CheckId::Dockerfile => line.find("hadolint ignore=").is_some_and(|i| {
            let ids = &line[i + "hadolint ignore=".len()..];
            let ids: Vec<&str> = ids
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|s| !s.is_empty())
                .collect();
            equivalents().iter().any(|e| {
                e.strip_prefix("hadolint:")
                    .is_some_and(|h| ids.contains(&h))
            })
        }),
        CheckId::Code => line.find("nosec").is_some_and(|i| {
            let ids: Vec<&str> = line[i + 5..]
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|s| s.starts_with('B'))
                .collect();
            ids.is_empty()
                || equivalents()
                    .iter()
                    .any(|e| e.strip_prefix("bandit:").is_some_and(|b| ids.contains(&b)))
        }),
        CheckId::Config => line.find("zizmor: ignore[").is_some_and(|i| {
            let list = line[i + "zizmor: ignore[".len()..]
                .split(']')
                .next()
                .unwrap_or("");
            equivalents().iter().any(|e| {
                e.strip_prefix("zizmor:")
                    .is_some_and(|z| list.split(',').any(|x| x.trim() == z))
            })
        }),
        _ => false,
    }
}

struct Allow {
    rules: Vec<String>,
    paths: Option<GlobSet>,
    values: Option<Regex>,
}

/// Filters built from the config and the command line.
pub struct Filters {
    select: Vec<String>,
    /// Opt-in rules turned on by exact id.
    enabled: Vec<String>,
    ignore: Vec<String>,
    severity: BTreeMap<String, Severity>,
    allow: Vec<Allow>,
    baseline: HashSet<String>,
    /// Baseline fingerprints that matched a finding in this scan (the rest are stale).
    baseline_seen: Mutex<HashSet<String>>,
    /// Findings below this severity (after overrides) are not reported.
    min_severity: Severity,
    /// `--diff`: the changed lines per file; findings elsewhere are not new.
    diff: Option<BTreeMap<String, Vec<(usize, usize)>>>,
    /// Notes for the user (expired allow entries), printed by the binary.
    pub warnings: Vec<String>,
}

impl Filters {
    pub fn new(
        cfg: &Config,
        select: &[String],
        ignore: &[String],
        baseline: HashSet<String>,
    ) -> Filters {
        let today = config::today();
        let mut warnings = Vec::new();
        let mut allow = Vec::new();
        for a in &cfg.allow {
            if let Some(exp) = &a.expires {
                if config::parse_date(exp.get_ref()).is_some_and(|d| d < today) {
                    warnings.push(format!(
                        "an [[allow]] entry expired on {} and no longer applies (reason was: {})",
                        exp.get_ref(),
                        a.reason
                    ));
                    continue;
                }
            }
            let paths = (!a.paths.is_empty()).then(|| {
                let mut b = GlobSetBuilder::new();
                for p in &a.paths {
                    if let Ok(g) = Glob::new(p.get_ref()) {
                        b.add(g);
                    }
                }
                b.build().unwrap_or_else(|_| GlobSet::empty())
            });
            allow.push(Allow {
                rules: a.rules.clone(),
                paths,
                values: a.values.as_ref().and_then(|v| Regex::new(v.get_ref()).ok()),
            });
        }
        let mut sel: Vec<String> = cfg.rules.select.clone();
        sel.extend(select.iter().cloned());
        let mut ign: Vec<String> = cfg.rules.ignore.clone();
        ign.extend(ignore.iter().cloned());
        let mut enabled = cfg.rules.enable.clone();
        enabled.extend(sel.iter().cloned());
        Filters {
            enabled,
            select: sel,
            ignore: ign,
            severity: cfg.rules.severity.clone(),
            allow,
            baseline,
            baseline_seen: Mutex::new(HashSet::new()),
            min_severity: cfg.scan.min_severity.unwrap_or(Severity::Low),
            diff: None,
            warnings,
        }
    }

    pub fn with_min_severity(mut self, s: Severity) -> Filters {
        self.min_severity = s;
        self
    }

    /// Reports only findings on the lines of this diff (and whole-file findings of the files
    /// it touches).
    pub fn with_diff(mut self, diff: BTreeMap<String, Vec<(usize, usize)>>) -> Filters {
        self.diff = Some(diff);
        self
    }

    /// Baseline fingerprints no finding matched in this scan, sorted.
    pub fn stale_baseline(&self) -> Vec<String> {
        let seen = self.baseline_seen.lock().unwrap_or_else(|e| e.into_inner());
        let mut stale: Vec<String> = self
            .baseline
            .iter()
            .filter(|f| !seen.contains(*f))
            .cloned()
            .collect();
        stale.sort();
        stale
    }

    /// Adjusts severity and says whether the finding stays.
    pub fn keep(&self, f: &mut Finding) -> bool {
        if let Some(diff) = &self.diff {
            let Some(ranges) = diff.get(&f.path) else {
                return false;
            };
            if !f.whole_file && !ranges.iter().any(|&(s, e)| (s..=e).contains(&f.line)) {
                return false;
            }
        }
        if catalog().get(&f.rule_id).is_some_and(|r| r.spec.opt_in)
            && !self.enabled.contains(&f.rule_id)
        {
            return false;
        }
        if !self.select.is_empty() && !self.select.iter().any(|p| rule_matches(p, &f.rule_id)) {
            return false;
        }
        if self.ignore.iter().any(|p| rule_matches(p, &f.rule_id)) {
            return false;
        }
        if let Some(s) = self.severity.get(&f.rule_id) {
            f.severity = *s;
        }
        if f.severity < self.min_severity {
            return false;
        }
        for a in &self.allow {
            let rule_ok = a.rules.is_empty() || a.rules.iter().any(|p| rule_matches(p, &f.rule_id));
            let path_ok = a.paths.as_ref().is_none_or(|g| g.is_match(&f.path));
            let value_ok = a
                .values
                .as_ref()
                .is_none_or(|re| f.secret.as_deref().is_some_and(|s| re.is_match(s)));
            if rule_ok && path_ok && value_ok {
                return false;
            }
        }
        if self.baseline.contains(&f.fingerprint) {
            self.baseline_seen
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(f.fingerprint.clone());
            return false;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: &str, line: usize) -> Finding {
        Finding {
            rule_id: rule.into(),
            check: CheckId::of_rule(rule).unwrap(),
            severity: Severity::High,
            confidence: crate::finding::Confidence::High,
            title: String::new(),
            message: String::new(),
            path: "a/b.py".into(),
            line,
            column: 1,
            end_line: line,
            end_column: 2,
            snippet: String::new(),
            fingerprint: "f".into(),
            commit: None,
            metadata: Default::default(),
            snippet_span: (0, 0),
            secret: Some("AKIAEXAMPLEVALUE".into()),
            whole_file: false,
        }
    }

    #[test]
    fn rule_patterns() {
        assert!(rule_matches("secrets/", "secrets/aws-key"));
        assert!(rule_matches("secrets", "secrets/aws-key"));
        assert!(rule_matches("secrets/aws-key", "secrets/aws-key"));
        assert!(!rule_matches("secrets/aws", "secrets/aws-key"));
        assert!(!rule_matches("secret", "secrets/aws-key"));
    }

    /// Found by fuzzing (`fuzz/`, target `suppression`): a finding on line 0 (no line)
    /// underflowed the line index instead of being judged not suppressed.
    #[test]
    fn a_finding_on_line_0_is_not_suppressed() {
        let data: &[u8] = b"\0\0\0\0\0\0\0\0\x04# zizmlate-injection]\n# picket:ignore\n";
        let idx = LineIndex::new(data);
        assert!(!inline_suppressed(
            &finding("config/actions-template-injection", 0),
            data,
            &idx
        ));
        assert!(!inline_suppressed(&finding("secrets/a", 0), data, &idx));
        assert!(inline_suppressed(&finding("secrets/a", 2), data, &idx));
    }

    #[test]
    fn inline_comments_on_the_line_or_above() {
        let data = b"x = 1 # picket:ignore\n# picket:ignore[secrets/other]\ny = 2\n# picket:ignore[secrets/]\nz = 3\nw = 4 # gitleaks:allow\n";
        let idx = LineIndex::new(data);
        assert!(inline_suppressed(&finding("secrets/a", 1), data, &idx));
        assert!(!inline_suppressed(&finding("secrets/a", 3), data, &idx));
        assert!(inline_suppressed(&finding("secrets/other", 3), data, &idx));
        assert!(inline_suppressed(&finding("secrets/a", 5), data, &idx));
        assert!(inline_suppressed(&finding("secrets/a", 6), data, &idx));
    }

    #[test]
    fn allow_entries_select_ignore_and_severity() {
        let cfg = config::parse(
            "[rules]\nseverity = { \"secrets/a\" = \"low\" }\n[[allow]]\nrules = [\"secrets/b\"]\npaths = [\"a/**\"]\nvalues = \"EXAMPLE\"\nreason = \"docs\"\n[[allow]]\nrules = [\"secrets/c\"]\nreason = \"old\"\nexpires = \"2001-01-01\"\n",
            std::path::Path::new("picket.toml"),
        )
        .unwrap();
        let f = Filters::new(&cfg, &[], &["secrets/d".into()], HashSet::new());
        let mut a = finding("secrets/a", 1);
        assert!(f.keep(&mut a));
        assert_eq!(a.severity, Severity::Low);
        assert!(!f.keep(&mut finding("secrets/b", 1)));
        assert!(
            f.keep(&mut finding("secrets/c", 1)),
            "expired entries no longer apply"
        );
        assert_eq!(f.warnings.len(), 1);
        assert!(!f.keep(&mut finding("secrets/d", 1)));
        let only = Filters::new(&cfg, &["secrets/c".into()], &[], ["f".to_string()].into());
        assert!(!only.keep(&mut finding("secrets/a", 1)));
        assert!(
            !only.keep(&mut finding("secrets/c", 1)),
            "baseline hides it"
        );
    }
}
