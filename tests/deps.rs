//! The deps check end to end against a small OSV database written by the test: findings
//! with their metadata, alias grouping, ignores with expiry, the warning when the database
//! is missing, and the index cache.
mod support;

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

fn scan(dir: &Path, db: &Path, extra: &[&str]) -> (i32, Value, String) {
    let cache = dir.join(".cache");
    let out = Command::cargo_bin("picket")
        .unwrap()
        .current_dir(dir)
        .env("XDG_CACHE_HOME", &cache)
        .env_remove("PICKET_ADVISORY_DB")
        .args([
            "scan",
            "--checks",
            "deps",
            "--format",
            "json",
            "--advisory-db",
        ])
        .arg(db)
        .args(extra)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (
        out.status.code().unwrap(),
        v,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn project() -> (TempDir, TempDir) {
    let db = TempDir::new().unwrap();
    support::osv::write_db(db.path());
    let dir = TempDir::new().unwrap();
    fs::write(
        dir.path().join("requirements.txt"),
        "# web\nflask==2.2.2\nrequests==2.31.0\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("Cargo.lock"),
        "version = 3\n\n[[package]]\nname = \"smallvec\"\nversion = \"1.6.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n",
    )
    .unwrap();
    (dir, db)
}

#[test]
fn vulnerable_packages_are_found_with_aliases_grouped() {
    let (dir, db) = project();
    let (code, v, _) = scan(dir.path(), db.path(), &[]);
    let f = v["findings"].as_array().unwrap();
    let vulns: Vec<&Value> = f
        .iter()
        .filter(|f| f["rule_id"] == "deps/vulnerable")
        .collect();
    assert_eq!(vulns.len(), 2, "{f:#?}");
    let flask = vulns
        .iter()
        .find(|f| f["metadata"]["package"] == "flask")
        .unwrap();
    assert_eq!(flask["path"], "requirements.txt");
    assert_eq!(flask["line"], 2);
    assert_eq!(flask["metadata"]["version"], "2.2.2");
    assert_eq!(flask["metadata"]["ecosystem"], "PyPI");
    // The GHSA and PYSEC records alias each other: one finding lists both and the CVE.
    assert_eq!(
        flask["metadata"]["advisories"],
        serde_json::json!(["GHSA-m2qf-hxjv-5gpq", "PYSEC-2023-62"])
    );
    assert_eq!(
        flask["metadata"]["aliases"],
        serde_json::json!(["CVE-2023-30861"])
    );
    assert_eq!(
        flask["metadata"]["fixed_versions"],
        serde_json::json!(["2.2.5"])
    );
    // AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N scores 5.9.
    assert_eq!(flask["severity"], "medium", "severity from the CVSS vector");
    assert!(flask["metadata"]["severity_source"]
        .as_str()
        .unwrap()
        .starts_with("CVSS:3.1/"));
    let sv = vulns
        .iter()
        .find(|f| f["metadata"]["package"] == "smallvec")
        .unwrap();
    assert_eq!(sv["path"], "Cargo.lock");
    assert_eq!(
        sv["metadata"]["fixed_versions"],
        serde_json::json!(["1.6.1"])
    );
    assert_eq!(sv["severity"], "high", "no rating: the rule's default");
    assert_eq!(code, 1, "high findings fail the scan");
    // The withdrawn record on requests reports nothing.
    assert!(!f
        .iter()
        .any(|f| f["message"].as_str().unwrap().contains("requests")));
}

#[test]
fn ignores_apply_by_any_alias_and_expire() {
    let (dir, db) = project();
    fs::write(
        dir.path().join("picket.toml"),
        "[[deps.ignore]]\nid = \"CVE-2023-30861\"\nreason = \"no session cookies\"\n",
    )
    .unwrap();
    let (_, v, _) = scan(dir.path(), db.path(), &[]);
    let pkgs: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["metadata"]["package"].as_str())
        .collect();
    assert_eq!(pkgs, ["smallvec"]);
    fs::write(
        dir.path().join("picket.toml"),
        "[[deps.ignore]]\nid = \"GHSA-m2qf-hxjv-5gpq\"\nreason = \"no session cookies\"\nexpires = \"2020-01-01\"\n\n[[deps.ignore]]\nid = \"CVE-1999-0001\"\nreason = \"old\"\n",
    )
    .unwrap();
    let (_, v, err) = scan(dir.path(), db.path(), &["--verbose"]);
    assert_eq!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule_id"] == "deps/vulnerable")
            .count(),
        2
    );
    assert!(err.contains("CVE-1999-0001 matched nothing"), "{err}");
}

#[test]
fn a_missing_database_is_said_plainly() {
    let (dir, _) = project();
    let (_, v, err) = scan(dir.path(), &dir.path().join("no-such-db"), &[]);
    assert!(
        err.contains("NOT checked for known vulnerabilities"),
        "{err}"
    );
    assert!(!v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule_id"] == "deps/vulnerable"));
}

#[test]
fn the_index_is_cached_and_rebuilt_when_the_database_changes() {
    let (dir, db) = project();
    scan(dir.path(), db.path(), &[]);
    let index = dir.path().join(".cache/picket/index");
    let cached: Vec<_> = fs::read_dir(&index).unwrap().flatten().collect();
    assert_eq!(cached.len(), 2, "one index per ecosystem");
    // Remove the flask records: the fingerprint changes and the finding goes away.
    fs::remove_dir_all(db.path().join("PyPI/flask")).unwrap();
    let (_, v, _) = scan(dir.path(), db.path(), &[]);
    assert!(!v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["metadata"]["package"] == "flask"));
}

#[test]
fn hygiene_and_parse_errors() {
    let db = TempDir::new().unwrap();
    support::osv::write_db(db.path());
    let dir = TempDir::new().unwrap();
    fs::write(
        dir.path().join("requirements.txt"),
        "--extra-index-url http://pkgs.internal.example/simple\nreqeusts==2.31.0\nacme @ git+https://github.com/acme/acme.git@main\nflask>=2\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("package-lock.json"),
        "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n",
    )
    .unwrap();
    let (_, v, _) = scan(dir.path(), db.path(), &["--min-severity", "info"]);
    let mut got: Vec<(String, u64)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    got.sort();
    for want in [
        ("deps/extra-index-url", 1),
        ("deps/insecure-index", 1),
        ("deps/typosquat", 2),
        ("deps/unpinned-git", 3),
        ("deps/unpinned-requirement", 4),
    ] {
        assert!(
            got.contains(&(want.0.to_string(), want.1)),
            "{want:?} not in {got:?}"
        );
    }
    assert!(got.iter().any(|(r, _)| r == "deps/parse-error"), "{got:?}");
}

#[test]
fn manifests_without_a_lockfile_anywhere_above_them() {
    let db = TempDir::new().unwrap();
    let dir = TempDir::new().unwrap();
    fs::create_dir_all(dir.path().join("packages/web")).unwrap();
    fs::write(
        dir.path().join("packages/web/package.json"),
        "{\"name\": \"web\", \"dependencies\": {\"express\": \"^4.18.0\"}}\n",
    )
    .unwrap();
    let rules = |dir: &Path| -> Vec<String> {
        let (_, v, _) = scan(dir, db.path(), &[]);
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule_id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(rules(dir.path()), ["deps/no-lockfile"]);
    // A workspace keeps its lockfile at the top.
    fs::write(
        dir.path().join("package-lock.json"),
        "{\"lockfileVersion\": 3, \"packages\": {}}\n",
    )
    .unwrap();
    assert!(rules(dir.path()).is_empty());
}
