//! The secrets check: provider rules from `rules/secrets/*.yaml` (and `picket.toml`),
//! generic name=value detection, files that must never be committed, and secrets hidden in
//! base64 (Kubernetes Secrets and other blobs).
mod base64;
mod encoded;
pub mod engine;
mod files;
mod generic;
mod keywords;
pub mod placeholder;
pub mod verify;

use super::{builtin, Check, CheckOptions, SourceFile};
use crate::classify::FileKind;
use crate::finding::{CheckId, Finding};
use crate::rules::{catalog, RuleSpec};
use crate::text::LineIndex;
use engine::{Engine, RawMatch};
use std::cell::OnceCell;
use toml::Spanned;

pub use verify::VERIFIERS;

pub struct SecretsCheck {
    engine: Engine,
}

/// Index of the generic detector's pseudo-rule in the engine: it has keywords and no
/// pattern, so the prefilter decides whether `generic::scan` runs.
const GENERIC: usize = 0;

/// A match before it becomes a finding.
struct Hit<'r> {
    spec: &'r RuleSpec,
    span: (usize, usize),
    /// Who wins when two matches overlap: 0 a specific rule, 1 a `fallback` rule or a file
    /// rule, 2 the generic name=value detector. A higher tier loses to any lower one.
    tier: u8,
    how: How,
    unverified: bool,
    /// Set for file rules, which say something about the file rather than the value.
    message: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum How {
    Plain,
    Base64,
    KubernetesSecret,
}

impl SecretsCheck {
    pub fn new(custom: &[Spanned<RuleSpec>]) -> Result<SecretsCheck, String> {
        let generic = RuleSpec {
            keywords: generic::KEYWORDS.iter().map(|s| s.to_string()).collect(),
            pattern: None,
            ..builtin(generic::PASSWORD_RULE).clone()
        };
        let mut specs = vec![generic];
        specs.extend(
            catalog()
                .of_check(CheckId::Secrets)
                .filter(|r| r.spec.pattern.is_some())
                .map(|r| r.spec.clone()),
        );
        for c in custom {
            let spec = c.get_ref().clone();
            if catalog().get(&spec.id).is_some() {
                return Err(format!(
                    "custom rule `{}` has the id of a built-in rule",
                    spec.id
                ));
            }
            specs.push(spec);
        }
        Ok(SecretsCheck {
            engine: Engine::new(specs),
        })
    }

    /// Provider and generic matches in one buffer.
    fn find(&self, data: &[u8], kind: FileKind, path: &str) -> Vec<Hit<'_>> {
        let lines = OnceCell::new();
        let mut raw: Vec<RawMatch> = Vec::new();
        let mut hits = Vec::new();
        for t in self.engine.triggered(data) {
            if t.rule == GENERIC {
                let mut g = Vec::new();
                generic::scan(data, &t.windows, kind, path, &mut g);
                hits.extend(g.into_iter().map(|m| Hit {
                    spec: builtin(m.rule),
                    span: m.secret,
                    tier: 2,
                    how: How::Plain,
                    unverified: false,
                    message: None,
                }));
            } else {
                self.engine.scan_rule(
                    &t,
                    data,
                    &|| lines.get_or_init(|| LineIndex::new(data)),
                    &mut raw,
                );
            }
        }
        hits.extend(raw.into_iter().map(|m| {
            let spec = &self.engine.rules[m.rule].spec;
            Hit {
                spec,
                span: m.secret,
                tier: u8::from(spec.fallback),
                how: How::Plain,
                unverified: m.unverified,
                message: None,
            }
        }));
        hits
    }

    /// `find`, then what base64 hides, down to `encoded::MAX_DEPTH`.
    fn find_deep(&self, data: &[u8], kind: FileKind, path: &str, depth: u8) -> Vec<Hit<'_>> {
        let mut hits = self.find(data, kind, path);
        if depth < encoded::MAX_DEPTH {
            for (span, decoded) in encoded::blobs(data) {
                if hits.iter().any(|h| overlaps(h.span, span)) {
                    continue;
                }
                if let Some(inner) = self
                    .find_deep(&decoded, FileKind::Text, path, depth + 1)
                    .into_iter()
                    .find(|h| h.tier < 2)
                {
                    hits.push(Hit {
                        span,
                        how: How::Base64,
                        ..inner
                    });
                }
            }
        }
        hits
    }

    fn kubernetes_secrets<'s>(&'s self, file: &SourceFile<'_>, hits: &mut Vec<Hit<'s>>) {
        for entry in encoded::kubernetes_secret_data(file.data) {
            let mut synthetic = format!("{}: ", entry.key).into_bytes();
            synthetic.extend_from_slice(&entry.decoded);
            let inner = dedupe(self.find_deep(&synthetic, FileKind::Yaml, file.path, 1));
            if let Some(h) = inner.into_iter().next() {
                hits.push(Hit {
                    span: entry.value,
                    how: How::KubernetesSecret,
                    ..h
                });
            } else if encoded::looks_like_text(&entry.decoded) || entry.decoded.len() >= 16 {
                let text = String::from_utf8_lossy(&entry.decoded);
                if !placeholder::is_placeholder(&text) {
                    hits.push(Hit {
                        spec: builtin("secrets/kubernetes-secret-value"),
                        span: entry.value,
                        tier: 2,
                        how: How::Plain,
                        unverified: false,
                        message: None,
                    });
                }
            }
        }
    }
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// One finding per secret: a provider rule beats the generic detector on the same value,
/// and two rules on exactly the same span report once (the more confident).
fn dedupe(mut hits: Vec<Hit<'_>>) -> Vec<Hit<'_>> {
    hits.sort_by(|a, b| {
        (
            a.tier,
            a.unverified,
            std::cmp::Reverse(a.spec.confidence),
            std::cmp::Reverse(a.spec.severity),
            a.span.0,
        )
            .cmp(&(
                b.tier,
                b.unverified,
                std::cmp::Reverse(b.spec.confidence),
                std::cmp::Reverse(b.spec.severity),
                b.span.0,
            ))
    });
    let mut kept: Vec<Hit<'_>> = Vec::new();
    for h in hits {
        let clash = kept
            .iter()
            .any(|k| k.span == h.span || (h.tier > k.tier && overlaps(k.span, h.span)));
        if !clash {
            kept.push(h);
        }
    }
    kept
}

fn message(h: &Hit<'_>) -> String {
    if let Some(m) = &h.message {
        return m.clone();
    }
    if h.unverified {
        return format!(
            "Looks like a {}, but its checksum or structure does not verify: probably a test or placeholder value. Confirm it is not a mangled real credential.",
            h.spec.title
        );
    }
    match h.how {
        How::Plain => format!("{} committed in plain text.", h.spec.title),
        How::Base64 => format!(
            "{} hidden in base64-encoded data (an encoding, not protection).",
            h.spec.title
        ),
        How::KubernetesSecret => format!(
            "{} in the `data` of a Kubernetes Secret; base64 is an encoding, not encryption.",
            h.spec.title
        ),
    }
}

impl Check for SecretsCheck {
    fn id(&self) -> CheckId {
        CheckId::Secrets
    }

    fn accepts(&self, _kind: FileKind) -> bool {
        // Every kind: binary files are judged by name (key stores), text by content.
        true
    }

    fn scan(&self, file: &SourceFile<'_>, opts: &CheckOptions, out: &mut Vec<Finding>) {
        let mut named = Vec::new();
        files::scan(file.path, file.kind, file.data, &mut named);
        // File rules that point at a value join the other matches, so that a content rule
        // on the same value (a `.npmrc` token rule, say) reports it once.
        let mut hits = Vec::new();
        for m in named {
            let spec = builtin(m.rule);
            match m.span {
                Some(span) if m.rule != "secrets/env-file" => hits.push(Hit {
                    spec,
                    span,
                    tier: 1,
                    how: How::Plain,
                    unverified: false,
                    message: Some(m.message),
                }),
                Some(span) => out.push(file.finding(spec, span, true, m.message, opts)),
                None => out.push(file.file_finding(spec, m.message)),
            }
        }
        if file.kind.is_text() {
            hits.extend(self.find_deep(file.data, file.kind, file.path, 0));
        }
        if matches!(file.kind, FileKind::Yaml)
            && memchr::memmem::find(file.data, b"kind: Secret").is_some()
        {
            hits.retain(|h| h.how != How::Base64);
            self.kubernetes_secrets(file, &mut hits);
        }
        for h in dedupe(hits) {
            let mut f = file.finding(h.spec, h.span, true, message(&h), opts);
            if h.unverified {
                f.severity = f.severity.min(crate::finding::Severity::Low);
                f.confidence = crate::finding::Confidence::Low;
                f.metadata.insert("verified".into(), false.into());
            } else if h.spec.verify.is_some() {
                f.metadata.insert("verified".into(), true.into());
            }
            match h.how {
                How::Plain => {}
                How::Base64 => {
                    f.metadata.insert("encoding".into(), "base64".into());
                }
                How::KubernetesSecret => {
                    f.metadata.insert("encoding".into(), "base64".into());
                    f.metadata
                        .insert("source".into(), "kubernetes-secret".into());
                }
            }
            out.push(f);
        }
    }
}

impl SecretsCheck {
    /// Rule regexes compiled so far: a one-file scan compiles only the rules whose
    /// keywords it contains.
    pub fn compiled_rules(&self) -> usize {
        self.engine.compiled()
    }

    pub fn rule_count(&self) -> usize {
        self.engine.rules.len()
    }
}

/// Scans one example text as a file would be scanned: used by the rule-example test and
/// by `picket explain` to show that the examples hold.
pub fn scan_example(check: &SecretsCheck, path: &str, text: &str) -> Vec<Finding> {
    let kind = crate::classify::classify(path, text.as_bytes());
    let file = SourceFile::new(path, text.as_bytes(), kind);
    let mut out = Vec::new();
    check.scan(&file, &CheckOptions::default(), &mut out);
    out
}
