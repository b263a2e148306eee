//! The Dockerfile check end to end: files found by name, findings at the instruction's
//! line, hadolint's inline and file-level suppressions honoured, trusted registries and
//! opt-in rules from the config, broken files reported, not fatal.
mod support;

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::Path;
use support::tree;

/// `(rule_id, path, line)` of every finding, with info findings included.
fn findings(dir: &Path, extra: &[&str]) -> Vec<(String, String, u64)> {
    let out = Command::cargo_bin("picket")
        .unwrap()
        .current_dir(dir)
        .args(["scan", "--checks", "dockerfile", "--min-severity", "info"])
        .args(["--format", "json", "--fail-on", "never"])
        .args(extra)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    });
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn has(f: &[(String, String, u64)], rule: &str, path: &str, line: u64) -> bool {
    f.iter()
        .any(|(r, p, l)| r == rule && p == path && *l == line)
}

const APP: &str = "FROM python:latest\n\
RUN apt-get update && \\\n    apt-get install -y curl\n\
# hadolint ignore=DL3013\n\
RUN pip install flask\n\
COPY .env /app/.env\n\
USER root\n";

#[test]
fn files_are_found_by_name_and_findings_have_true_lines() {
    let dir = tree(&[
        ("Dockerfile", APP),
        ("build/api.Dockerfile", APP),
        ("Containerfile.dev", APP),
        ("docs/notes.txt", APP),
    ]);
    let f = findings(dir.path(), &[]);
    for path in ["Dockerfile", "build/api.Dockerfile", "Containerfile.dev"] {
        assert!(has(&f, "dockerfile/image-latest", path, 1), "{path}: {f:?}");
        assert!(has(&f, "dockerfile/apt-unpinned", path, 2), "{path}");
        assert!(has(&f, "dockerfile/copy-secret-file", path, 6), "{path}");
        assert!(has(&f, "dockerfile/user-root", path, 7), "{path}");
        // `# hadolint ignore=DL3013` on the line above silences the pip pin rule only.
        assert!(!f
            .iter()
            .any(|(r, p, _)| r == "dockerfile/pip-unpinned" && p == path));
        assert!(has(&f, "dockerfile/pip-cache", path, 5), "{path}");
    }
    assert!(!f.iter().any(|(_, p, _)| p == "docs/notes.txt"));
}

#[test]
fn hadolint_yaml_is_honoured() {
    let dir = tree(&[
        ("Dockerfile", "FROM quay.io/org/app:1.0\nRUN apk add curl\n"),
        (
            ".hadolint.yaml",
            "ignored:\n  - DL3018\ntrustedRegistries:\n  - docker.io\n",
        ),
    ]);
    let f = findings(dir.path(), &[]);
    assert!(
        !f.iter().any(|(r, _, _)| r == "dockerfile/apk-unpinned"),
        "{f:?}"
    );
    assert!(has(&f, "dockerfile/apk-no-cache", "Dockerfile", 2));
    assert!(has(&f, "dockerfile/untrusted-registry", "Dockerfile", 1));
    // Without the file, both come back and no registry list applies.
    fs::remove_file(dir.path().join(".hadolint.yaml")).unwrap();
    let f = findings(dir.path(), &[]);
    assert!(has(&f, "dockerfile/apk-unpinned", "Dockerfile", 2));
    assert!(!f
        .iter()
        .any(|(r, _, _)| r == "dockerfile/untrusted-registry"));
    // A broken .hadolint.yaml is an error that names it.
    fs::write(dir.path().join(".hadolint.yaml"), "ignored: [unclosed\n").unwrap();
    let out = Command::cargo_bin("picket")
        .unwrap()
        .current_dir(dir.path())
        .args(["scan"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(".hadolint.yaml"));
}

#[test]
fn registries_and_opt_in_rules_come_from_picket_toml() {
    let dir = tree(&[
        ("Dockerfile", "FROM ghcr.io/org/app:1.0\nFROM quay.io/org/b:2\nUSER 10001\n"),
        (
            "picket.toml",
            "[dockerfile]\ntrusted-registries = [\"ghcr.io\"]\n[rules]\nenable = [\"dockerfile/image-not-pinned-by-digest\"]\n",
        ),
    ]);
    let f = findings(dir.path(), &[]);
    assert!(
        has(&f, "dockerfile/untrusted-registry", "Dockerfile", 2),
        "{f:?}"
    );
    assert!(!has(&f, "dockerfile/untrusted-registry", "Dockerfile", 1));
    assert!(has(
        &f,
        "dockerfile/image-not-pinned-by-digest",
        "Dockerfile",
        1
    ));
    // Opt-in rules stay off unless enabled or selected by exact id.
    fs::write(dir.path().join("picket.toml"), "").unwrap();
    let f = findings(dir.path(), &[]);
    assert!(
        !f.iter()
            .any(|(r, _, _)| r.ends_with("not-pinned-by-digest")
                || r.ends_with("healthcheck-missing"))
    );
    let f = findings(dir.path(), &["--select", "dockerfile/healthcheck-missing"]);
    assert_eq!(f.len(), 1, "{f:?}");
}

#[test]
fn broken_dockerfiles_are_findings_not_failures() {
    let dir = tree(&[
        ("Dockerfile", "FROM alpine:3.19\nRUNN echo\nRUN <<EOF\necho never closed\n"),
        ("b/Dockerfile", "\u{0}\u{1}garbage\nFROM\n"),
        ("c/Dockerfile", "# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nRUN echo a `\n  b\nUSER ContainerUser\n"),
    ]);
    let out = Command::cargo_bin("picket")
        .unwrap()
        .current_dir(dir.path())
        .args(["scan", "--format", "json", "--checks", "dockerfile"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "parse errors are medium: under the default threshold"
    );
    let f = findings(dir.path(), &[]);
    assert!(has(&f, "dockerfile/parse-error", "Dockerfile", 2), "{f:?}");
    assert!(has(&f, "dockerfile/parse-error", "Dockerfile", 3));
    assert!(!f
        .iter()
        .any(|(r, p, _)| r == "dockerfile/parse-error" && p == "c/Dockerfile"));
}
