//! The check trait and the registry. A check is one folder under `checks/` and one line in
//! `registry()`. Checks never print: they return findings.
pub mod code;
pub mod config;
pub mod deps;
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

    /// A finding on one line (1-based), from `column` (1-based, in characters; `None`: the
    /// first non-blank character) to the end of the line's text. A line past the end (a
    /// parser may place an error at the end of the input, one line down) is the last line.
    pub fn line_finding(
        &self,
        rule: &RuleSpec,
        line: usize,
        column: Option<usize>,
        message: String,
        opts: &CheckOptions,
    ) -> Finding {
        let line = line.clamp(1, self.lines().line_count());
        let (s, e) = self.lines().line_range(self.data, line);
        let text = &self.data[s..e];
        let start = match column {
            Some(c) => self.offset_of(line, c),
            None => s + text.iter().take_while(|b| b.is_ascii_whitespace()).count(),
        };
        let trail = text
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
        let end = (e - trail).max(start);
        self.finding(rule, (start, end), false, message, opts)
    }

    /// The byte offset of a 1-based line and column (in characters, as parsers of the
    /// lossily decoded text count them: an invalid UTF-8 sequence is one character). Past
    /// the end of the line: the end of the line.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let line = line.clamp(1, self.lines().line_count());
        let (s, e) = self.lines().line_range(self.data, line);
        let mut left = column.saturating_sub(1);
        let mut at = s;
        for chunk in self.data[s..e].utf8_chunks() {
            for ch in chunk.valid().chars() {
                if left == 0 {
                    return at;
                }
                left -= 1;
                at += ch.len_utf8();
            }
            if !chunk.invalid().is_empty() {
                if left == 0 {
                    return at;
                }
                left -= 1;
                at += chunk.invalid().len();
            }
        }
        e
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
    /// Things the user must know after the scan (a missing advisory database). Notes
    /// starting with `verbose: ` are shown only with --verbose.
    fn notes(&self) -> Vec<String> {
        Vec::new()
    }
    /// Findings that need every file seen first (a namespace without a NetworkPolicy
    /// anywhere). Called once, after the last file.
    fn finish(&self, _opts: &CheckOptions) -> Vec<Finding> {
        Vec::new()
    }
}

/// The checks of this build. Checks the issues have not delivered yet are absent, and
/// `available()` says so, so that `--checks dockerfile` can tell the user instead of
/// silently scanning nothing.
pub fn registry(
    config: &Config,
    advisory_db: Option<&std::path::Path>,
    root: Option<&std::path::Path>,
) -> Result<Vec<Box<dyn Check>>, String> {
    let today = crate::config::today();
    let schemas: Vec<(String, String)> = config
        .schemas
        .iter()
        .map(|s| (s.files.get_ref().clone(), s.schema.clone()))
        .collect();
    let deps = deps::DepsSettings {
        db_root: deps::db::locate(advisory_db, config.deps.advisory_db.as_deref()),
        index_dir: Some(deps::db::cache_dir().join("index")),
        max_age: std::time::Duration::from_secs(
            u64::from(config.deps.max_age_days.unwrap_or(7)) * 86_400,
        ),
        // An expired ignore no longer applies, so the finding comes back.
        ignored: config
            .deps
            .ignore
            .iter()
            .filter(|i| {
                i.expires.as_ref().is_none_or(|e| {
                    crate::config::parse_date(e.get_ref()).is_none_or(|d| d >= today)
                })
            })
            .map(|i| (i.id.clone(), i.reason.clone()))
            .collect(),
        root: root.map(std::path::Path::to_path_buf),
    };
    let docker = dockerfile::Settings {
        trusted_registries: config.dockerfile.trusted_registries.clone(),
    };
    Ok(vec![
        Box::new(secrets::SecretsCheck::new(&config.secrets.rules)?),
        Box::new(dockerfile::DockerfileCheck::new(docker)),
        Box::new(pii::PiiCheck),
        Box::new(models::ModelsCheck),
        Box::new(deps::DepsCheck::new(deps)),
        Box::new(code::CodeCheck),
        Box::new(config::ConfigCheck::new(
            config.config.trusted_action_owners.clone(),
            &schemas,
            root.map(|r| r.to_path_buf()),
        )?),
    ])
}

pub fn available() -> &'static [CheckId] {
    &[
        CheckId::Secrets,
        CheckId::Dockerfile,
        CheckId::Pii,
        CheckId::Models,
        CheckId::Deps,
        CheckId::Code,
        CheckId::Config,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by fuzzing (`fuzz/`, target `all_checks`): the YAML parser placed its error
    /// for `%` and an invalid byte on line 2 of a one-line `action.yml`, and the config
    /// check's finding indexed past the last line.
    #[test]
    fn a_finding_past_the_last_line_is_on_the_last_line() {
        let input: &[u8] = b"%\x9d";
        let file = SourceFile::new("action.yml", input, FileKind::GithubAction);
        let mut out = Vec::new();
        config::ConfigCheck::builtin().scan(&file, &CheckOptions::default(), &mut out);
        assert!(
            !out.is_empty() && out.iter().all(|f| f.line == 1),
            "{out:?}"
        );

        let file = SourceFile::new("a.txt", b"a\nb\n", FileKind::Text);
        let rule = builtin("config/parse-error");
        let f = file.line_finding(rule, 9, None, String::new(), &CheckOptions::default());
        assert_eq!((f.line, f.column), (3, 1));
        let f = file.line_finding(rule, 0, None, String::new(), &CheckOptions::default());
        assert_eq!((f.line, f.column), (1, 1));
    }

    /// Found by fuzzing (`fuzz/`, target `config_trees`): a `.env.example` with invalid
    /// UTF-8 before a secret-looking value; the value's offsets in the decoded text ran past
    /// the file's bytes.
    #[test]
    fn positions_map_back_to_bytes_through_invalid_utf8() {
        let input: &[u8] = b"A\xff\xffB=1\nPASSWD\xba\xba=x\nTOKEN=\xbaq8Zr2LwX9mKp4TvB7nYc3HdF\n";
        let file = SourceFile::new(".env.example", input, FileKind::DotEnv);
        assert_eq!(file.offset_of(1, 2), 1);
        assert_eq!(file.offset_of(1, 4), 3);
        assert_eq!(file.offset_of(3, 7), 24);
        assert_eq!(file.offset_of(3, 8), 25);
        assert_eq!(file.offset_of(3, 999), input.len() - 1);
        let mut out = Vec::new();
        config::ConfigCheck::builtin().scan(&file, &CheckOptions::default(), &mut out);
        let f = out
            .iter()
            .find(|f| f.rule_id == "config/env-example-real-value")
            .expect("the value is still found");
        assert_eq!((f.line, f.column), (3, 7));
        assert!(!f.snippet.contains("q8Zr2LwX9mKp4TvB7nYc3HdF"), "redacted");
    }
}
