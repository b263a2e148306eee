//! The `config` check: YAML, JSON, TOML and `.env` files are parsed with positions, then
//! - a file that does not parse is `config/parse-error` (templates excepted);
//! - documents are validated against the schema that applies (`schemas`): the user's
//!   `[[schemas]]`, the built-in ones by path, the Kubernetes one by content (`validate`);
//! - GitHub workflows and actions get the zizmor-class rules (`actions/`);
//! - Kubernetes manifests, compose files, Helm values and app configs get the rules of
//!   `k8s/`; namespaces without a NetworkPolicy are judged over the whole scan (`finish`);
//! - `.env` files get their hygiene rules (`envfile`).
pub mod actions;
mod envfile;
pub mod k8s;
pub mod schema;
pub mod schemas;
pub mod tree;
mod validate;
pub mod yaml;

use super::{builtin, Check, CheckOptions, SourceFile};
use crate::classify::FileKind;
use crate::finding::{CheckId, Finding, Severity};
use std::path::PathBuf;
use std::sync::Mutex;
use tree::convert::Mode;
use yaml::{Node, YamlError};

/// Files larger than this are not parsed: data dumps, not configuration.
const MAX_PARSE: usize = 8 << 20;

pub struct ConfigCheck {
    actions: actions::Settings,
    schemas: schemas::Schemas,
    root: Option<PathBuf>,
    /// Namespaces seen with workloads (a ready finding for the first mention in each file)
    /// and namespaces that have a NetworkPolicy: judged once every file is seen.
    namespaces: Mutex<Namespaces>,
}

#[derive(Default)]
struct Namespaces {
    workloads: Vec<(String, Finding)>,
    policies: Vec<String>,
}

impl ConfigCheck {
    /// `schemas`: `(files glob, schema)` from `[[schemas]]`, relative to `root`.
    pub fn new(
        trusted_action_owners: Vec<String>,
        schemas: &[(String, String)],
        root: Option<PathBuf>,
    ) -> Result<ConfigCheck, String> {
        Ok(ConfigCheck {
            actions: actions::Settings {
                trusted_owners: trusted_action_owners,
            },
            schemas: schemas::Schemas::new(schemas, root.as_deref())?,
            root,
            namespaces: Mutex::new(Namespaces::default()),
        })
    }

    /// The check with built-in schemas only (examples and tests).
    pub fn builtin() -> ConfigCheck {
        ConfigCheck::new(Vec::new(), &[], None).expect("built-in schemas load")
    }

    /// The findings of the check on one example file (for the rule tests), the
    /// repository-wide rules included.
    pub fn scan_example(&self, path: &str, text: &str) -> Vec<Finding> {
        let kind = crate::classify::classify(path, text.as_bytes());
        let file = SourceFile::new(path, text.as_bytes(), kind);
        let mut out = Vec::new();
        let opts = CheckOptions::default();
        self.scan(&file, &opts, &mut out);
        out.extend(self.finish(&opts));
        out
    }

    fn parse_error(&self, file: &SourceFile<'_>, e: &YamlError, opts: &CheckOptions) -> Finding {
        let rule = builtin("config/parse-error");
        file.line_finding(rule, e.line, Some(e.column), e.message.clone(), opts)
    }

    /// Rules and schemas over the parsed documents of one file.
    fn judge(
        &self,
        file: &SourceFile<'_>,
        text: &str,
        docs: &[&Node],
        mode: Mode,
        opts: &CheckOptions,
        out: &mut Vec<Finding>,
    ) {
        let templated = is_template(text);
        if !templated {
            validate::documents(&self.schemas, file, docs, mode, opts, out);
        }
        if let Some(kind) = actions::kind_of(file.path) {
            let root = docs.first().copied().unwrap_or(Node::null());
            for h in actions::analyse_tree(kind, text, root, &self.actions) {
                let rule = builtin(h.rule);
                out.push(file.line_finding(rule, h.line, Some(h.column), h.message, opts));
            }
            return;
        }
        if mode == Mode::Strings {
            return;
        }
        for h in k8s::analyse_file(file.path, docs) {
            let rule = builtin(h.rule);
            let mut f = file.line_finding(rule, h.line, Some(h.column), h.message.clone(), opts);
            if let Some(s) = k8s::raised_severity(&h).and_then(Severity::parse) {
                f.severity = s;
            }
            out.push(f);
        }
        self.note_namespaces(file, docs, opts);
    }

    fn note_namespaces(&self, file: &SourceFile<'_>, docs: &[&Node], opts: &CheckOptions) {
        let facts = k8s::kube_facts(docs);
        if facts.workload_namespaces.is_empty() && facts.policy_namespaces.is_empty() {
            return;
        }
        let rule = builtin("config/k8s-namespace-without-network-policy");
        let mut seen: Vec<&str> = Vec::new();
        let mut found = Vec::new();
        for (ns, line, col) in &facts.workload_namespaces {
            if seen.contains(&ns.as_str()) || k8s::SYSTEM_NAMESPACES.contains(&ns.as_str()) {
                continue;
            }
            seen.push(ns);
            let msg = format!("namespace `{ns}` runs workloads but no NetworkPolicy in the scanned files selects it, so all pod traffic is allowed");
            found.push((
                ns.clone(),
                file.line_finding(rule, *line, Some(*col), msg, opts),
            ));
        }
        let mut n = self.namespaces.lock().unwrap_or_else(|e| e.into_inner());
        n.workloads.extend(found);
        n.policies.extend(facts.policy_namespaces);
    }
}

/// Helm and other templates (`{{ .Values.x }}`) are not YAML until rendered; GitHub's
/// `${{ }}` expressions are plain strings.
fn is_template(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memmem::find_iter(b, b"{{").any(|i| i == 0 || b[i - 1] != b'$')
}

/// JSON files whose tools accept comments and trailing commas.
fn allows_comments(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    lower.ends_with(".jsonc")
        || lower.contains(".vscode/")
        || lower.contains(".devcontainer")
        || name.starts_with("tsconfig")
        || name.starts_with("jsconfig")
        || name.starts_with(".eslintrc")
        || matches!(
            name,
            ".babelrc"
                | "turbo.json"
                | "devcontainer.json"
                | "deno.json"
                | "biome.json"
                | "renovate.json"
                | ".swcrc"
        )
}

impl Check for ConfigCheck {
    fn id(&self) -> CheckId {
        CheckId::Config
    }

    fn accepts(&self, kind: FileKind) -> bool {
        matches!(
            kind,
            FileKind::GithubWorkflow
                | FileKind::GithubAction
                | FileKind::Yaml
                | FileKind::Json
                | FileKind::Toml
                | FileKind::DotEnv
        )
    }

    fn scan(&self, file: &SourceFile<'_>, opts: &CheckOptions, out: &mut Vec<Finding>) {
        if file.data.len() > MAX_PARSE {
            return;
        }
        let text = String::from_utf8_lossy(file.data);
        let dup = builtin("config/duplicate-key");
        match file.kind {
            FileKind::DotEnv => {
                let (root, issues) = tree::env::parse(&text);
                let rule = builtin("config/env-syntax");
                for i in issues {
                    out.push(file.line_finding(rule, i.line, Some(i.column), i.message, opts));
                }
                envfile::check(file, &root, self.root.as_deref(), opts, out);
                self.judge(file, &text, &[&root], Mode::Strings, opts, out);
            }
            FileKind::Json | FileKind::Toml => {
                let parsed = if file.kind == FileKind::Json {
                    tree::json::parse(&text, allows_comments(file.path))
                } else {
                    tree::toml::parse(&text)
                };
                match parsed {
                    Ok(p) => {
                        for (pos, key) in p.duplicate_keys {
                            let msg = format!("`{key}` is set twice in the same object; readers disagree on which value wins");
                            out.push(file.line_finding(dup, pos.line, Some(pos.column), msg, opts));
                        }
                        if let Some(root) = &p.root {
                            self.judge(file, &text, &[root], Mode::Yaml12, opts, out);
                        }
                    }
                    Err(e) if !is_template(&text) => out.push(self.parse_error(file, &e, opts)),
                    Err(_) => {}
                }
            }
            _ => match yaml::parse_documents(&text) {
                Ok(parsed) => {
                    for (pos, key) in parsed.duplicate_keys {
                        let msg = format!("`{key}` is set twice in the same mapping; YAML forbids it and readers disagree on which value wins");
                        out.push(file.line_finding(dup, pos.line, Some(pos.column), msg, opts));
                    }
                    let docs: Vec<&Node> = parsed.docs.iter().flatten().collect();
                    self.judge(file, &text, &docs, Mode::Yaml12, opts, out);
                }
                Err(e) if !is_template(&text) => out.push(self.parse_error(file, &e, opts)),
                Err(_) => {}
            },
        }
    }

    fn finish(&self, _opts: &CheckOptions) -> Vec<Finding> {
        let mut n = self.namespaces.lock().unwrap_or_else(|e| e.into_inner());
        let n = std::mem::take(&mut *n);
        let covered = |ns: &str| n.policies.iter().any(|p| p == ns || p == "*");
        let mut out: Vec<Finding> = Vec::new();
        let mut workloads = n.workloads;
        workloads.sort_by(|a, b| (&a.0, &a.1.path, a.1.line).cmp(&(&b.0, &b.1.path, b.1.line)));
        for (ns, f) in workloads {
            if covered(&ns)
                || out
                    .iter()
                    .any(|o| o.metadata.get("namespace").and_then(|v| v.as_str()) == Some(&ns))
            {
                continue;
            }
            let mut f = f;
            f.metadata.insert("namespace".into(), ns.into());
            out.push(f);
        }
        out
    }
}
