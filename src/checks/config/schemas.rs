//! Which JSON Schema a file is checked against: the user's `[[schemas]]` first, then the
//! built-in schemas by path, then the Kubernetes schema for any document with `apiVersion`
//! and `kind`. Schemas compile on first use, so a scan that meets no such file pays nothing.
use super::schema::{Draft, Loader, SchemaError, Validator};
use globset::{Glob, GlobMatcher};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Base URI of the embedded schemas; `$ref`s between them resolve against it and are
/// served from the binary (it is never fetched).
const BASE: &str = "https://picket.invalid/schemas/";

struct Builtin {
    name: &'static str,
    file: &'static str,
    text: &'static str,
    /// Paths it applies to (globs against the repository-relative path). Empty: only by
    /// content (Kubernetes) or when named in `[[schemas]]`.
    globs: &'static [&'static str],
}

macro_rules! embed {
    ($file:literal) => {
        ($file, include_str!(concat!("../../../schemas/", $file)))
    };
}

const fn builtin(
    name: &'static str,
    f: (&'static str, &'static str),
    globs: &'static [&'static str],
) -> Builtin {
    Builtin {
        name,
        file: f.0,
        text: f.1,
        globs,
    }
}

const BUILTINS: &[Builtin] = &[
    builtin(
        "github-workflow",
        embed!("github-workflow.json"),
        &[
            "**/.github/workflows/*.{yml,yaml}",
            ".github/workflows/*.{yml,yaml}",
        ],
    ),
    builtin(
        "github-action",
        embed!("github-action.json"),
        &["**/action.{yml,yaml}", "action.{yml,yaml}"],
    ),
    builtin(
        "dependabot",
        embed!("dependabot.json"),
        &[
            "**/.github/dependabot.{yml,yaml}",
            ".github/dependabot.{yml,yaml}",
        ],
    ),
    builtin(
        "pre-commit-config",
        embed!("pre-commit-config.json"),
        &[
            "**/.pre-commit-config.{yaml,yml}",
            ".pre-commit-config.{yaml,yml}",
        ],
    ),
    builtin(
        "kustomization",
        embed!("kustomization.json"),
        &["**/kustomization.{yaml,yml}", "kustomization.{yaml,yml}"],
    ),
    builtin(
        "docker-compose",
        embed!("docker-compose.json"),
        &[
            "**/{docker-,}compose*.{yml,yaml}",
            "{docker-,}compose*.{yml,yaml}",
        ],
    ),
    builtin("kubernetes", embed!("kubernetes.json"), &[]),
];

/// Documents the built-in schemas refer to, but which are not schemas of their own.
const SHARED: &[(&str, &str)] = &[
    embed!("k8s-defs.json"),
    embed!("k8s-deployment.json"),
    embed!("k8s-statefulset.json"),
    embed!("k8s-daemonset.json"),
    embed!("k8s-job.json"),
    embed!("k8s-cronjob.json"),
    embed!("k8s-pod.json"),
    embed!("k8s-service.json"),
    embed!("k8s-ingress.json"),
    embed!("k8s-configmap.json"),
    embed!("k8s-secret.json"),
    embed!("k8s-networkpolicy.json"),
];

/// The names `builtin:NAME` accepts.
pub fn builtin_names() -> Vec<&'static str> {
    BUILTINS.iter().map(|b| b.name).collect()
}

/// Serves the embedded schemas by URI, and the user's schema files by `file://` URI.
struct Files;

impl Loader for Files {
    fn load(&self, uri: &str) -> Option<Value> {
        let uri = uri.split('#').next().unwrap_or(uri);
        if let Some(file) = uri.strip_prefix(BASE) {
            let text = BUILTINS
                .iter()
                .map(|b| (b.file, b.text))
                .chain(SHARED.iter().copied())
                .find(|(f, _)| *f == file)?
                .1;
            return serde_json::from_str(text).ok();
        }
        let path = uri.strip_prefix("file://")?;
        read_schema(Path::new(path)).ok()
    }
}

fn read_schema(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let lower = path.to_string_lossy().to_ascii_lowercase();
    if lower.ends_with(".yaml") || lower.ends_with(".yml") {
        let tree = super::yaml::parse(&text)
            .map_err(|e| format!("{}:{}: {}", path.display(), e.line, e.message))?
            .ok_or_else(|| format!("{} is empty", path.display()))?;
        return Ok(super::tree::convert::to_json(
            &tree,
            super::tree::convert::Mode::Yaml12,
        ));
    }
    serde_json::from_str(&text).map_err(|e| format!("{} is not valid JSON: {e}", path.display()))
}

/// A schema, compiled on first use.
pub struct Schema {
    pub name: String,
    source: Source,
    compiled: OnceLock<Result<Arc<Validator>, String>>,
}

enum Source {
    Builtin(&'static Builtin),
    File(PathBuf),
}

impl Schema {
    fn new(name: String, source: Source) -> Schema {
        Schema {
            name,
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The validator, or why the schema cannot be used (reported once per file).
    pub fn validator(&self) -> Result<&Validator, &str> {
        self.compiled
            .get_or_init(|| {
                let (doc, uri) = match &self.source {
                    Source::Builtin(b) => (
                        serde_json::from_str(b.text).map_err(|e| e.to_string())?,
                        format!("{BASE}{}", b.file),
                    ),
                    Source::File(p) => (read_schema(p)?, format!("file://{}", p.display())),
                };
                Validator::compile(&doc, &uri, Draft::Draft7, &Files)
                    .map(Arc::new)
                    .map_err(|e: SchemaError| format!("schema {}: {e}", self.name))
            })
            .as_ref()
            .map(|v| v.as_ref())
            .map_err(|e| e.as_str())
    }
}

struct UserEntry {
    files: GlobMatcher,
    schema: Arc<Schema>,
}

pub struct Schemas {
    user: Vec<UserEntry>,
    by_path: Vec<(Vec<GlobMatcher>, Arc<Schema>)>,
    kubernetes: Arc<Schema>,
}

impl Schemas {
    /// `entries`: `(files glob, schema)` from `[[schemas]]`; a schema is `builtin:NAME` or a
    /// path relative to `root`. Unknown built-ins and missing files are errors here, so a
    /// typo in picket.toml is not a silently skipped check.
    pub fn new(entries: &[(String, String)], root: Option<&Path>) -> Result<Schemas, String> {
        let builtins: Vec<Arc<Schema>> = BUILTINS
            .iter()
            .map(|b| Arc::new(Schema::new(b.name.to_string(), Source::Builtin(b))))
            .collect();
        let find = |name: &str| builtins.iter().find(|s| s.name == name).cloned();
        let mut user = Vec::new();
        for (files, schema) in entries {
            let matcher = Glob::new(files)
                .map_err(|e| format!("[[schemas]] files `{files}`: {e}"))?
                .compile_matcher();
            let schema = if let Some(name) = schema.strip_prefix("builtin:") {
                find(name).ok_or_else(|| {
                    format!(
                        "[[schemas]] `{schema}`: no such built-in schema (known: {})",
                        builtin_names().join(", ")
                    )
                })?
            } else {
                let path = root.unwrap_or(Path::new(".")).join(schema);
                if !path.is_file() {
                    return Err(format!(
                        "[[schemas]] `{schema}`: {} does not exist",
                        path.display()
                    ));
                }
                let s = Schema::new(schema.clone(), Source::File(path));
                // Compiled now: a broken schema is the user's error to fix, not a finding.
                s.validator()
                    .map_err(|e| format!("[[schemas]] `{schema}`: {e}"))?;
                Arc::new(s)
            };
            user.push(UserEntry {
                files: matcher,
                schema,
            });
        }
        let by_path = BUILTINS
            .iter()
            .zip(&builtins)
            .filter(|(b, _)| !b.globs.is_empty())
            .map(|(b, s)| {
                let globs = b
                    .globs
                    .iter()
                    .map(|g| Glob::new(g).expect("built-in glob").compile_matcher())
                    .collect();
                (globs, s.clone())
            })
            .collect();
        Ok(Schemas {
            user,
            by_path,
            kubernetes: find("kubernetes").expect("kubernetes schema"),
        })
    }

    /// The schema for a file by its path, if any.
    pub fn for_path(&self, path: &str) -> Option<&Arc<Schema>> {
        if let Some(u) = self.user.iter().find(|u| u.files.is_match(path)) {
            return Some(&u.schema);
        }
        self.by_path
            .iter()
            .find(|(g, _)| g.iter().any(|m| m.is_match(path)))
            .map(|(_, s)| s)
    }

    pub fn kubernetes(&self) -> &Arc<Schema> {
        &self.kubernetes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_compiles_without_warnings() {
        let s = Schemas::new(&[], None).unwrap();
        for b in BUILTINS {
            let schema = s
                .by_path
                .iter()
                .map(|(_, s)| s)
                .chain([&s.kubernetes])
                .find(|x| x.name == b.name)
                .unwrap();
            let v = schema
                .validator()
                .unwrap_or_else(|e| panic!("{}: {e}", b.name));
            assert!(v.warnings().is_empty(), "{}: {:?}", b.name, v.warnings());
        }
    }

    #[test]
    fn paths_pick_schemas() {
        let s = Schemas::new(
            &[("conf/*.yaml".into(), "builtin:docker-compose".into())],
            None,
        )
        .unwrap();
        let name = |p: &str| s.for_path(p).map(|x| x.name.clone());
        assert_eq!(
            name(".github/workflows/ci.yml").as_deref(),
            Some("github-workflow")
        );
        assert_eq!(
            name("sub/.github/dependabot.yaml").as_deref(),
            Some("dependabot")
        );
        assert_eq!(
            name("deploy/docker-compose.prod.yml").as_deref(),
            Some("docker-compose")
        );
        assert_eq!(name("conf/app.yaml").as_deref(), Some("docker-compose"));
        assert_eq!(name("values.yaml"), None);
        assert!(Schemas::new(&[("x".into(), "builtin:nope".into())], None).is_err());
        assert!(Schemas::new(
            &[("x".into(), "missing.json".into())],
            Some(Path::new("/nonexistent"))
        )
        .is_err());
    }
}
