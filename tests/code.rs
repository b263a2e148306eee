//! The code check end to end: findings at the offending line of a multi-line call, and
//! `# nosec` honoured for the rules whose Bandit ids it names.
use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use tempfile::TempDir;

fn findings(src: &str) -> Vec<(String, u64)> {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("app.py"), src).unwrap();
    let out = Command::cargo_bin("picket")
        .unwrap()
        .current_dir(dir.path())
        .args([
            "scan",
            "--checks",
            "code",
            "--format",
            "json",
            "--min-severity",
            "info",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn multi_line_calls_aliases_and_nosec() {
    let src = "import subprocess as sp\nimport yaml\n\nsp.run(\n    cmd,\n    shell=True,\n)\nyaml.load(open('c.yml'))  # nosec B506\nyaml.load(open('d.yml'))  # nosec B101\nyaml.safe_load(open('e.yml'))\n";
    let f = findings(src);
    assert!(f.contains(&("code/subprocess-shell".into(), 6)), "{f:?}");
    assert!(
        !f.iter()
            .any(|(r, l)| r == "code/yaml-unsafe-load" && *l == 8),
        "{f:?}"
    );
    assert!(
        f.contains(&("code/yaml-unsafe-load".into(), 9)),
        "another id does not silence it: {f:?}"
    );
    assert!(!f.iter().any(|(_, l)| *l == 10));
}
