//! The check trait and the registry. A check is one folder under `checks/` and one line in
//! `registry()`. Checks never print: they return findings.
pub mod dockerfile;
pub mod models;
pub mod pii;
pub mod secrets;

use crate::classify::FileKind;
use crate::config::Config;
use crate::finding::{CheckId, Finding};
use crate::rules::RuleSpec;
use crate::text::{self, LineIndex};
use std::cell::OnceCell;

/// Settings every check may consult.
#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    pub show_secrets: bool,
}

/// One file handed to the checks: its path as reported, its (text-decoded) bytes, its kind.
pub struct SourceFile<'a> {
    pub path: &'a str,
    pub data: &'a [u8],
    pub kind: FileKind,
    lines: OnceCell<LineIndex>,
}

impl<'a> SourceFile<'a> {
    pub fn new(path: &'a str, data: &'a [u8], kind: FileKind) -> SourceFile<'a> {
        SourceFile {
            path,
            data,
            kind,
            lines: OnceCell::new(),
        }
    }

    /// Built on first use: most files have no finding and never pay for it.
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.data))
    }

    /// A finding for `rule` over the byte range `span`. When `redact` is set the span is a
    /// secret: the snippet hides it (unless `--show-secrets`) and the finding keeps it
    /// only in its unserialised `secret` field.
    pub fn finding(
        &self,
        rule: &RuleSpec,
        span: (usize, usize),
        redact: bool,
        message: String,
        opts: &CheckOptions,
    ) -> Finding {
        let idx = self.lines();
        let (line, column) = idx.position(self.data, span.0);
        let (end_line, end_column) = idx.position(self.data, span.1);
        let (snippet, snippet_span) =
            text::snippet(self.data, idx, span, redact && !opts.show_secrets);
        let content = &self.data[span.0..span.1];
        Finding {
            line,
            column,
            end_line,
            end_column,
            snippet,
            snippet_span,
            fingerprint: text::fingerprint(&rule.id, self.path, content),
            secret: redact.then(|| String::from_utf8_lossy(content).into_owned()),
            whole_file: false,
            ..self.file_finding(rule, message)
        }
    }

    /// A finding about the whole file (a committed `.env`, a key store).
    pub fn file_finding(&self, rule: &RuleSpec, message: String) -> Finding {
        Finding {
            rule_id: rule.id.clone(),
            check: CheckId::of_rule(&rule.id).unwrap_or(CheckId::Secrets),
            severity: rule.severity,
            confidence: rule.confidence,
            title: rule.title.clone(),
            message,
            path: self.path.to_string(),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
            snippet: String::new(),
            fingerprint: text::fingerprint(&rule.id, self.path, b""),
            commit: None,
            metadata: serde_json::Map::new(),
            snippet_span: (0, 0),
            secret: None,
            whole_file: true,
        }
    }
}

pub trait Check: Send + Sync {
    fn id(&self) -> CheckId;
    /// Whether this check wants files of this kind at all.
    fn accepts(&self, kind: FileKind) -> bool;
    fn scan(&self, file: &SourceFile<'_>, opts: &CheckOptions, out: &mut Vec<Finding>);
}

/// The checks of this build. Checks the issues have not delivered yet are absent, and
/// `available()` says so, so that `--checks dockerfile` can tell the user instead of
/// silently scanning nothing.
/// `large` says the scan will read a lot (a directory tree or a history), so checks may
/// spend more on setup to scan faster.
pub fn registry(config: &Config, large: bool) -> Result<Vec<Box<dyn Check>>, String> {
    let docker = dockerfile::Settings {
        trusted_registries: config.dockerfile.trusted_registries.clone(),
    };
    Ok(vec![
        Box::new(secrets::SecretsCheck::new(&config.secrets.rules, large)?),
        Box::new(dockerfile::DockerfileCheck::new(docker)),
        Box::new(pii::PiiCheck),
        Box::new(models::ModelsCheck),
    ])
}

pub fn available() -> &'static [CheckId] {
    &[
        CheckId::Secrets,
        CheckId::Dockerfile,
        CheckId::Pii,
        CheckId::Models,
    ]
}

/// Look up the metadata of a built-in rule. Panics on an unknown id: rule ids used in code
/// are fixed at build time and `tests/rules.rs` covers them.
pub fn builtin(id: &str) -> &'static RuleSpec {
    &crate::rules::catalog()
        .get(id)
        .unwrap_or_else(|| panic!("rule {id} is not in rules/"))
        .spec
}
