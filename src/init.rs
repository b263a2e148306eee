//! `picket init`: writes a commented `picket.toml` that a team edits instead of reading the
//! docs, and prints the pre-commit and GitHub Actions snippets to wire picket in.
use crate::app::Outcome;
use std::path::Path;

pub const TEMPLATE: &str = r#"# picket configuration. Every key is optional; the values shown are the defaults unless
# the comment says otherwise. `picket explain RULE` describes any rule id used below.

[scan]
# Paths (globs, relative to this file) that are never scanned.
exclude = ["vendor/**", "node_modules/**", "**/*.min.js"]
# Files larger than this are skipped with a note (model files: at least 512MB).
max-file-size = "10MB"
# Which checks run: secrets, dockerfile, deps, models, code, pii (default: all).
# checks = ["secrets", "deps"]
# The exit code is 1 when a finding is at or above this severity (or "never").
fail-on = "high"
# Findings below this are not reported (`info` shows identifiers such as bucket names).
min-severity = "low"

[rules]
# Rule ids or prefixes (`dockerfile/`) to turn off, or to keep exclusively.
ignore = []
# select = ["secrets/"]
# Opt-in policy rules, by exact id.
enable = []
# Severity overrides.
# severity = { "deps/unpinned-requirement" = "medium" }

# A documented exception: every entry needs a reason, and may expire.
# [[allow]]
# rules = ["secrets/generic-secret"]
# paths = ["tests/fixtures/**"]
# reason = "synthetic values in test fixtures"
# expires = "2027-06-30"

[dockerfile]
# Registries base images may come from (empty: any). `.hadolint.yaml` is read too.
trusted-registries = []

[deps]
# The OSV database `picket db update` fills (default: the user cache folder).
# advisory-db = "/srv/osv"
# A database older than this is reported as stale.
max-age-days = 7
# Accepted advisories (any OSV id or alias), with a reason and an optional expiry.
# [[deps.ignore]]
# id = "CVE-2023-30861"
# reason = "we do not use permanent sessions"
# expires = "2027-01-31"
"#;

const PRE_COMMIT: &str = r#"# .pre-commit-config.yaml
repos:
  - repo: https://github.com/picket-scanner/picket
    rev: v0.1.0  # pin to a release (or its commit)
    hooks:
      - id: picket
"#;

const ACTIONS: &str = r#"# .github/workflows/picket.yml
on: [push, pull_request]
permissions: {}
jobs:
  picket:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      security-events: write   # to upload SARIF to code scanning
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683  # v4.2.2
        with:
          fetch-depth: 0
          persist-credentials: false
      - uses: picket-scanner/picket@v0.1.0  # pin to a commit for supply-chain safety
"#;

pub fn run(dir: &Path, force: bool) -> Outcome {
    let path = dir.join("picket.toml");
    if path.exists() && !force {
        return Outcome::error(format!(
            "{} already exists; use --force to overwrite it",
            path.display()
        ));
    }
    if let Err(e) = crate::app::write_atomic(&path, TEMPLATE.as_bytes()) {
        return Outcome::error(format!("cannot write {}: {e}", path.display()));
    }
    let text = format!(
        "wrote {}\n\nTo block commits, add to .pre-commit-config.yaml:\n\n{PRE_COMMIT}\nTo scan in CI and upload SARIF, add a workflow:\n\n{ACTIONS}",
        path.display()
    );
    Outcome {
        code: 0,
        stdout: text.into_bytes(),
        stderr: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_template_is_a_valid_config() {
        let dir = tempfile::TempDir::new().unwrap();
        let p = dir.path().join("picket.toml");
        std::fs::write(&p, super::TEMPLATE).unwrap();
        let cfg = crate::config::load(&p).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(cfg.deps.max_age_days, Some(7));
        assert_eq!(cfg.scan.exclude.len(), 3);
    }
}
