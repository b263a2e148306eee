//! The finding every check returns, and the small enums it is made of.
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Info,
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// The checks picket knows. The JSON contract names them in lowercase.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckId {
    Secrets,
    Dockerfile,
    Config,
    Deps,
    Models,
    Code,
    Pii,
}

impl CheckId {
    pub const ALL: [CheckId; 7] = [
        CheckId::Secrets,
        CheckId::Dockerfile,
        CheckId::Config,
        CheckId::Deps,
        CheckId::Models,
        CheckId::Code,
        CheckId::Pii,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::Secrets => "secrets",
            CheckId::Dockerfile => "dockerfile",
            CheckId::Config => "config",
            CheckId::Deps => "deps",
            CheckId::Models => "models",
            CheckId::Code => "code",
            CheckId::Pii => "pii",
        }
    }
    pub fn parse(s: &str) -> Option<CheckId> {
        CheckId::ALL.into_iter().find(|c| c.as_str() == s)
    }
    /// The check a rule id belongs to (`secrets/github-pat` -> secrets).
    pub fn of_rule(rule_id: &str) -> Option<CheckId> {
        CheckId::parse(rule_id.split('/').next()?)
    }
}

impl fmt::Display for CheckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitInfo {
    pub id: String,
    pub author: String,
    pub date: String,
    /// Position in the history walk, oldest first: decides which commit introduced a
    /// finding that several commits contain.
    #[serde(skip)]
    pub order: u64,
}

/// One problem found in one file. Serialised as the design's JSON contract.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub rule_id: String,
    pub check: CheckId,
    pub severity: Severity,
    pub confidence: Confidence,
    pub title: String,
    pub message: String,
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// The offending line, with any secret redacted unless `--show-secrets`.
    pub snippet: String,
    pub fingerprint: String,
    pub commit: Option<CommitInfo>,
    pub metadata: serde_json::Map<String, serde_json::Value>,
    /// Where in `snippet` the finding starts and ends (code points), for the caret.
    #[serde(skip)]
    pub snippet_span: (usize, usize),
    /// The matched value itself; used by `[[allow]] values` and never serialised.
    #[serde(skip)]
    pub secret: Option<String>,
    /// About the whole file (a committed `.env`) rather than a line: a `--diff` scan
    /// reports it whenever the file changed.
    #[serde(skip)]
    pub whole_file: bool,
}

impl Finding {
    /// Sort key that makes output identical whatever the thread order.
    pub fn sort_key(&self) -> (&str, usize, usize, &str, &str) {
        (
            &self.path,
            self.line,
            self.column,
            &self.rule_id,
            &self.fingerprint,
        )
    }
}
