//! Reads the parts of `.hadolint.yaml` a team moving from hadolint needs to keep:
//! `ignored` rule ids and `trustedRegistries`. Everything else in the file is left alone.
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct HadolintConfig {
    #[serde(default)]
    pub ignored: Vec<String>,
    #[serde(default)]
    pub trusted_registries: Vec<String>,
}

/// `.hadolint.yaml` or `.hadolint.yml` in `root`, if present. A file that is not valid
/// YAML is an error the user should see, not silently ignored.
pub fn load(root: &Path) -> Result<Option<HadolintConfig>, String> {
    for name in [".hadolint.yaml", ".hadolint.yml"] {
        let p = root.join(name);
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        return parse(&text)
            .map(Some)
            .map_err(|e| format!("{}: {e}", p.display()));
    }
    Ok(None)
}

pub fn parse(text: &str) -> Result<HadolintConfig, String> {
    if text.trim().is_empty() {
        return Ok(HadolintConfig::default());
    }
    serde_saphyr::from_str(text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ignored_and_registries() {
        let c = parse("ignored:\n  - DL3008\n  - DL3013\ntrustedRegistries:\n  - docker.io\n  - \"*.gcr.io\"\nfailure-threshold: warning\noverride:\n  error: [DL3001]\n").unwrap();
        assert_eq!(c.ignored, ["DL3008", "DL3013"]);
        assert_eq!(c.trusted_registries, ["docker.io", "*.gcr.io"]);
        assert_eq!(parse("").unwrap(), HadolintConfig::default());
        assert!(parse("ignored: [unclosed").is_err());
    }
}
