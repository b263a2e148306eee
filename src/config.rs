//! `picket.toml` / `.picket.toml`: found from the scan root upwards, or named with
//! `--config`. Unknown keys and bad values are errors that name the file and line.
use crate::finding::{CheckId, Severity};
use crate::rules::RuleSpec;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use toml::Spanned;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    #[serde(default)]
    pub scan: ScanSection,
    #[serde(default)]
    pub rules: RulesSection,
    #[serde(default)]
    pub allow: Vec<AllowEntry>,
    #[serde(default)]
    pub schemas: Vec<SchemaEntry>,
    #[serde(default)]
    pub deps: DepsSection,
    #[serde(default)]
    pub secrets: SecretsSection,
    #[serde(default)]
    pub dockerfile: DockerfileSection,
    #[serde(default)]
    pub config: ConfigSection,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigSection {
    /// Owners whose GitHub Actions may be pinned to a tag instead of a commit SHA.
    #[serde(default)]
    pub trusted_action_owners: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DockerfileSection {
    /// Registries base images may come from (`docker.io`, `ghcr.io`, `*.gcr.io`); empty
    /// means any. `.hadolint.yaml`'s `trustedRegistries` is added to it.
    #[serde(default)]
    pub trusted_registries: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ScanSection {
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    pub max_file_size: Option<Spanned<ByteSize>>,
    pub checks: Option<Vec<Spanned<String>>>,
    pub fail_on: Option<FailOn>,
    /// Findings below this severity are not reported (default `low`).
    pub min_severity: Option<Severity>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RulesSection {
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub select: Vec<String>,
    /// Opt-in rules to turn on (by exact id).
    #[serde(default)]
    pub enable: Vec<String>,
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AllowEntry {
    #[serde(default)]
    pub rules: Vec<String>,
    #[serde(default)]
    pub paths: Vec<Spanned<String>>,
    pub values: Option<Spanned<String>>,
    pub reason: String,
    pub expires: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SchemaEntry {
    pub files: Spanned<String>,
    pub schema: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DepsSection {
    pub advisory_db: Option<String>,
    /// A database older than this many days is reported as stale (default 7).
    pub max_age_days: Option<u32>,
    #[serde(default)]
    pub ignore: Vec<IgnoredAdvisory>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct IgnoredAdvisory {
    pub id: String,
    pub reason: String,
    pub expires: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SecretsSection {
    /// Custom rules, in the same format as `rules/secrets/*.yaml`.
    #[serde(default)]
    pub rules: Vec<Spanned<RuleSpec>>,
}

/// `fail-on`: a severity, or `never`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    At(Severity),
    Never,
}

impl FailOn {
    pub fn parse(s: &str) -> Option<FailOn> {
        if s == "never" {
            Some(FailOn::Never)
        } else {
            Severity::parse(s).map(FailOn::At)
        }
    }
}

impl<'de> Deserialize<'de> for FailOn {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        FailOn::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown fail-on value `{s}`, expected one of info, low, medium, high, critical, never"
            ))
        })
    }
}

/// A size in bytes, written as a number or a string like `"2MB"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ByteSize(pub u64);

impl ByteSize {
    pub fn parse(s: &str) -> Option<ByteSize> {
        let s = s.trim();
        let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let (num, unit) = s.split_at(split);
        let n: u64 = num.parse().ok()?;
        let mult = match unit.trim().to_ascii_lowercase().as_str() {
            "" | "b" => 1,
            "k" | "kb" | "kib" => 1 << 10,
            "m" | "mb" | "mib" => 1 << 20,
            "g" | "gb" | "gib" => 1 << 30,
            _ => return None,
        };
        n.checked_mul(mult).map(ByteSize)
    }
}

impl<'de> Deserialize<'de> for ByteSize {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            N(u64),
            S(String),
        }
        match Raw::deserialize(d)? {
            Raw::N(n) => Ok(ByteSize(n)),
            Raw::S(s) => ByteSize::parse(&s).ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "`{s}` is not a size (examples: 1048576, \"512KB\", \"2MB\")"
                ))
            }),
        }
    }
}

#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.path.display(), l, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

pub const FILE_NAMES: [&str; 2] = ["picket.toml", ".picket.toml"];

/// The config file that applies to `root`: the first `picket.toml`/`.picket.toml` found in
/// it or a parent directory.
pub fn discover(root: &Path) -> Option<PathBuf> {
    let start = root.canonicalize().ok()?;
    let start = if start.is_file() {
        start.parent()?.to_path_buf()
    } else {
        start
    };
    for dir in start.ancestors() {
        for name in FILE_NAMES {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        path: path.to_path_buf(),
        line: None,
        message: format!("cannot read: {e}"),
    })?;
    parse(&text, path)
}

pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let err = |span: Option<std::ops::Range<usize>>, message: String| ConfigError {
        path: path.to_path_buf(),
        line: span.map(|s| line_of(text, s.start)),
        message,
    };
    let cfg: Config = toml::from_str(text).map_err(|e| err(e.span(), e.message().to_string()))?;
    // Values serde cannot judge on its own.
    for g in cfg
        .scan
        .exclude
        .iter()
        .chain(cfg.allow.iter().flat_map(|a| a.paths.iter()))
    {
        if let Err(e) = globset::Glob::new(g.get_ref()) {
            return Err(err(
                Some(g.span()),
                format!("invalid glob `{}`: {}", g.get_ref(), e.kind()),
            ));
        }
    }
    for s in &cfg.schemas {
        if let Err(e) = globset::Glob::new(s.files.get_ref()) {
            return Err(err(
                Some(s.files.span()),
                format!("invalid glob `{}`: {}", s.files.get_ref(), e.kind()),
            ));
        }
    }
    if let Some(checks) = &cfg.scan.checks {
        for c in checks {
            if CheckId::parse(c.get_ref()).is_none() {
                return Err(err(
                    Some(c.span()),
                    format!(
                        "unknown check `{}`, expected one of {}",
                        c.get_ref(),
                        check_names()
                    ),
                ));
            }
        }
    }
    for a in &cfg.allow {
        if let Some(v) = &a.values {
            if let Err(e) = regex::Regex::new(v.get_ref()) {
                return Err(err(
                    Some(v.span()),
                    format!("invalid regex in `values`: {e}"),
                ));
            }
        }
        if let Some(d) = &a.expires {
            if parse_date(d.get_ref()).is_none() {
                return Err(err(
                    Some(d.span()),
                    format!("`{}` is not a date (YYYY-MM-DD)", d.get_ref()),
                ));
            }
        }
        if a.reason.trim().is_empty() {
            return Err(err(
                None,
                "every [[allow]] entry needs a non-empty `reason`".into(),
            ));
        }
    }
    for i in &cfg.deps.ignore {
        if let Some(d) = &i.expires {
            if parse_date(d.get_ref()).is_none() {
                return Err(err(
                    Some(d.span()),
                    format!("`{}` is not a date (YYYY-MM-DD)", d.get_ref()),
                ));
            }
        }
    }
    for r in &cfg.secrets.rules {
        let spec = r.get_ref();
        if !spec.id.starts_with("secrets/") {
            return Err(err(
                Some(r.span()),
                format!(
                    "custom secret rule id `{}` must start with `secrets/`",
                    spec.id
                ),
            ));
        }
        match &spec.pattern {
            None => {
                return Err(err(
                    Some(r.span()),
                    format!("custom secret rule `{}` needs a `pattern`", spec.id),
                ))
            }
            Some(p) => {
                if let Err(e) = regex::bytes::Regex::new(p) {
                    return Err(err(
                        Some(r.span()),
                        format!("rule `{}`: invalid pattern: {e}", spec.id),
                    ));
                }
            }
        }
    }
    Ok(cfg)
}

pub fn check_names() -> String {
    CheckId::ALL
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date.
pub fn parse_date(s: &str) -> Option<i64> {
    let mut it = s.trim().splitn(3, '-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let d: i64 = it.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146097 + doe - 719468)
}

/// Today, in days since 1970-01-01 (UTC).
pub fn today() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    secs.div_euclid(86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<Config, ConfigError> {
        parse(text, Path::new("picket.toml"))
    }

    #[test]
    fn full_config_parses() {
        let c = p(r#"
[scan]
exclude = ["vendor/**", "*.min.js"]
max-file-size = "2MB"
checks = ["secrets"]
fail-on = "medium"

[rules]
ignore = ["secrets/generic-password"]
severity = { "secrets/jwt" = "low" }

[[allow]]
rules = ["secrets/aws-access-key-id"]
paths = ["docs/**"]
values = "EXAMPLE$"
reason = "documentation"
expires = "2030-01-01"
"#)
        .unwrap();
        assert_eq!(
            c.scan.max_file_size.unwrap().into_inner(),
            ByteSize(2 << 20)
        );
        assert_eq!(c.scan.fail_on, Some(FailOn::At(Severity::Medium)));
        assert_eq!(c.allow.len(), 1);
        assert_eq!(c.rules.severity["secrets/jwt"], Severity::Low);
    }

    #[test]
    fn unknown_key_names_the_line() {
        let e = p("[scan]\nexclude = []\nexlude = []\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.contains("exlude"), "{e}");
    }

    #[test]
    fn bad_values_name_the_line() {
        assert_eq!(
            p("[scan]\n\nfail-on = \"hgh\"\n").unwrap_err().line,
            Some(3)
        );
        assert_eq!(
            p("[scan]\nchecks = [\"secrets\", \"nope\"]\n")
                .unwrap_err()
                .line,
            Some(2)
        );
        assert_eq!(
            p("[scan]\nexclude = [\"a/[\"]\n").unwrap_err().line,
            Some(2)
        );
        let e = p("[[allow]]\nreason = \"x\"\nexpires = \"soon\"\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert_eq!(
            p("[scan]\nmax-file-size = \"lots\"\n").unwrap_err().line,
            Some(2)
        );
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2000-03-01"), Some(11017));
        assert_eq!(parse_date("2026-13-01"), None);
        assert!(today() > parse_date("2025-01-01").unwrap());
    }
}
