//! `picket init` writes a config that picket then reads, prints the snippets, and does not
//! overwrite an existing file unless asked.
use assert_cmd::Command;
use tempfile::TempDir;

fn init(dir: &std::path::Path, extra: &[&str]) -> std::process::Output {
    Command::cargo_bin("picket")
        .unwrap()
        .current_dir(dir)
        .arg("init")
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn init_writes_a_working_config_and_prints_snippets() {
    let dir = TempDir::new().unwrap();
    let out = init(dir.path(), &[]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(".pre-commit-config.yaml") && text.contains("id: picket"));
    assert!(text.contains("persist-credentials: false") && text.contains("security-events: write"));
    let scan = Command::cargo_bin("picket")
        .unwrap()
        .current_dir(dir.path())
        .args(["scan", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        scan.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&scan.stderr)
    );
    let again = init(dir.path(), &[]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert!(init(dir.path(), &["--force"]).status.success());
}
