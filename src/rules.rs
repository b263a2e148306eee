//! The rule catalog: metadata of every rule, read from the YAML files under `rules/`
//! (embedded at build time as JSON by build.rs). Checks look their rules up here; `picket rules` and
//! `picket explain` render it.
use crate::finding::{CheckId, Confidence, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

include!(concat!(env!("OUT_DIR"), "/rule_files.rs"));

/// One rule as written in a rule file (or in `picket.toml` for custom secret rules).
/// Fields after `examples` only matter to the check that owns the rule.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RuleSpec {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub confidence: Confidence,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub remediation: Option<String>,
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(default)]
    pub equivalents: Vec<String>,
    #[serde(default)]
    pub examples: Examples,
    /// A policy some teams want and others do not (digest pinning, HEALTHCHECK): reported
    /// only when enabled by id in `[rules] enable` or `--select`.
    #[serde(default)]
    pub opt_in: bool,
    // secrets
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub pattern: Option<String>,
    #[serde(default)]
    pub min_entropy: Option<f64>,
    #[serde(default)]
    pub verify: Option<String>,
    #[serde(default)]
    pub nearby: Option<Nearby>,
    /// A broad rule that more specific rules refine (any JWT, any `Authorization: Bearer`):
    /// it reports a secret only when no other rule matched the same value.
    #[serde(default)]
    pub fallback: bool,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    #[serde(default)]
    pub positive: Vec<Example>,
    #[serde(default)]
    pub negative: Vec<Example>,
}

/// An example is a line of text, a whole file with a name when the rule depends on it, or
/// a binary file (model files) written as hex.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Example {
    Text(String),
    File { path: String, text: String },
    Binary { path: String, hex: String },
}

impl Example {
    pub fn path(&self) -> &str {
        match self {
            Example::Text(_) => "example.txt",
            Example::File { path, .. } | Example::Binary { path, .. } => path,
        }
    }
    /// The text of a text example; empty for a binary one.
    pub fn text(&self) -> &str {
        match self {
            Example::Text(t) | Example::File { text: t, .. } => t,
            Example::Binary { .. } => "",
        }
    }
    /// The example's bytes (hex decoded for binary examples; invalid hex gives nothing).
    pub fn bytes(&self) -> Vec<u8> {
        match self {
            Example::Binary { hex, .. } => (0..hex.len() / 2)
                .filter_map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok())
                .collect(),
            _ => self.text().as_bytes().to_vec(),
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Nearby {
    pub pattern: String,
    #[serde(default = "default_nearby_lines")]
    pub lines: usize,
}

fn default_nearby_lines() -> usize {
    5
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    rules: Vec<RuleSpec>,
}

/// Everything the catalog knows about one rule.
#[derive(Debug)]
pub struct Rule {
    pub spec: RuleSpec,
    pub check: CheckId,
    /// The rule file it came from, relative to `rules/`.
    pub file: &'static str,
}

impl Rule {
    pub fn help_uri(&self) -> String {
        self.spec.references.first().cloned().unwrap_or_else(|| {
            format!(
                "https://github.com/picket-scanner/picket/blob/main/rules/{}",
                self.file
            )
        })
    }
}

pub struct Catalog {
    pub rules: Vec<Rule>,
    by_id: BTreeMap<String, usize>,
}

#[derive(Debug)]
pub struct CatalogError(pub String);

impl Catalog {
    fn load() -> Result<Catalog, CatalogError> {
        let mut rules = Vec::new();
        let mut by_id = BTreeMap::new();
        for (file, text, _) in RULE_FILES {
            let parsed: RuleFile = serde_json::from_str(text)
                .map_err(|e| CatalogError(format!("rules/{file}: {e}")))?;
            for spec in parsed.rules {
                let check = CheckId::of_rule(&spec.id).ok_or_else(|| {
                    CatalogError(format!("rules/{file}: rule id {} names no check", spec.id))
                })?;
                if by_id.insert(spec.id.clone(), rules.len()).is_some() {
                    return Err(CatalogError(format!(
                        "rules/{file}: duplicate rule id {}",
                        spec.id
                    )));
                }
                rules.push(Rule { spec, check, file });
            }
        }
        Ok(Catalog { rules, by_id })
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.by_id.get(id).map(|&i| &self.rules[i])
    }

    pub fn of_check(&self, check: CheckId) -> impl Iterator<Item = &Rule> {
        self.rules.iter().filter(move |r| r.check == check)
    }
}

/// The embedded catalog, parsed on first use. The rule files are part of the binary and
/// `tests/rules.rs` parses them, so a failure here is a build defect.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| match Catalog::load() {
        Ok(c) => c,
        Err(e) => panic!("embedded rule files are invalid: {}", e.0),
    })
}

/// The examples of a built-in rule (parsed on first use: scans never need them). A custom
/// rule's examples are in its own `RuleSpec`.
pub fn examples(id: &str) -> &'static Examples {
    static ALL: OnceLock<BTreeMap<String, Examples>> = OnceLock::new();
    static NONE: Examples = Examples {
        positive: Vec::new(),
        negative: Vec::new(),
    };
    ALL.get_or_init(|| {
        let mut all = BTreeMap::new();
        for (file, _, text) in RULE_FILES {
            let parsed: BTreeMap<String, Examples> = serde_json::from_str(text)
                .unwrap_or_else(|e| panic!("embedded examples of rules/{file}: {e}"));
            all.extend(parsed);
        }
        all
    })
    .get(id)
    .unwrap_or(&NONE)
}

/// Ids of the rules whose equivalents name one of `ids` in `tool` (`hadolint`, `DL3008`).
pub fn with_equivalents(tool: &str, ids: &[String]) -> Vec<String> {
    catalog()
        .rules
        .iter()
        .filter(|r| {
            r.spec.equivalents.iter().any(|e| {
                e.split_once(':')
                    .is_some_and(|(t, i)| t == tool && ids.iter().any(|x| x == i))
            })
        })
        .map(|r| r.spec.id.clone())
        .collect()
}

/// Checks the embedded rule files without panicking (for tests and `picket rules`).
pub fn validate_embedded() -> Result<usize, CatalogError> {
    Catalog::load().map(|c| c.rules.len())
}
