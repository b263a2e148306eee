//! A small OSV database for tests, written from public advisory facts: Flask's
//! CVE-2023-30861 (as its GHSA and PYSEC records, which alias each other) and smallvec's
//! RUSTSEC-2021-0003.
#![allow(dead_code)]
use std::fs;
use std::path::Path;

pub const FLASK_GHSA: &str = r#"{
  "id": "GHSA-m2qf-hxjv-5gpq",
  "modified": "2024-01-01T00:00:00Z",
  "aliases": ["CVE-2023-30861"],
  "summary": "Flask may disclose a permanent session cookie (missing Vary: Cookie)",
  "affected": [{
    "package": {"ecosystem": "PyPI", "name": "Flask"},
    "ranges": [{"type": "ECOSYSTEM", "events": [
      {"introduced": "0"}, {"fixed": "2.2.5"}, {"introduced": "2.3.0"}, {"fixed": "2.3.2"}
    ]}]
  }],
  "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N"}]
}"#;

pub const FLASK_PYSEC: &str = "id: PYSEC-2023-62
modified: 2024-01-01T00:00:00Z
aliases:
- CVE-2023-30861
- GHSA-m2qf-hxjv-5gpq
affected:
- package:
    ecosystem: PyPI
    name: flask
  ranges:
  - type: ECOSYSTEM
    events:
    - introduced: '0'
    - fixed: 2.2.5
    - introduced: 2.3.0
    - fixed: 2.3.2
";

pub const SMALLVEC: &str = r#"{
  "id": "RUSTSEC-2021-0003",
  "modified": "2024-01-01T00:00:00Z",
  "aliases": ["CVE-2021-25900", "GHSA-43w2-9j62-hq99"],
  "summary": "Buffer overflow in SmallVec::insert_many",
  "affected": [{
    "package": {"ecosystem": "crates.io", "name": "smallvec"},
    "ranges": [{"type": "SEMVER", "events": [
      {"introduced": "0.6.3"}, {"fixed": "0.6.14"}, {"introduced": "1.0.0"}, {"fixed": "1.6.1"}
    ]}]
  }]
}"#;

/// A withdrawn record must never produce a finding.
pub const WITHDRAWN: &str = r#"{
  "id": "GHSA-0000-0000-0000",
  "modified": "2024-01-01T00:00:00Z",
  "withdrawn": "2024-01-02T00:00:00Z",
  "affected": [{
    "package": {"ecosystem": "PyPI", "name": "requests"},
    "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]
  }]
}"#;

pub fn write_db(root: &Path) {
    let py = root.join("PyPI/flask");
    fs::create_dir_all(&py).unwrap();
    fs::write(py.join("GHSA-m2qf-hxjv-5gpq.json"), FLASK_GHSA).unwrap();
    fs::write(py.join("PYSEC-2023-62.yaml"), FLASK_PYSEC).unwrap();
    fs::write(root.join("PyPI/GHSA-0000-0000-0000.json"), WITHDRAWN).unwrap();
    fs::create_dir_all(root.join("crates.io")).unwrap();
    fs::write(root.join("crates.io/RUSTSEC-2021-0003.json"), SMALLVEC).unwrap();
}
