//! picket where it lives: in git hooks and pull-request gates. Each test builds a real
//! repository with the `git` command in a temporary directory.
use assert_cmd::Command;
use picket::checks::secrets::verify::expected_checksum;
use serde_json::Value;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

fn token(seed: &str) -> String {
    let body: String = seed.chars().cycle().take(30).collect();
    format!("ghp_{body}{}", expected_checksum(body.as_bytes()))
}

fn git(dir: &Path, args: &[&str]) {
    let st = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&st.stderr)
    );
}

fn repo() -> TempDir {
    let d = TempDir::new().unwrap();
    git(d.path(), &["init", "-q"]);
    d
}

fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

fn scan(dir: &Path, args: &[&str]) -> (i32, Value, String) {
    let out = Command::cargo_bin("picket")
        .unwrap()
        .current_dir(dir)
        .args(["scan", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out.status.code().unwrap();
    let v = if code == 2 {
        Value::Null
    } else {
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"))
    };
    (code, v, stderr)
}

fn located(v: &Value) -> Vec<(String, u64, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().into(),
                f["line"].as_u64().unwrap(),
                f["rule_id"].as_str().unwrap().into(),
            )
        })
        .collect()
}

#[test]
fn staged_content_wins_over_the_work_tree_even_before_the_first_commit() {
    let d = repo();
    let tok = token("Zq4mP0aB7cD9eF1gH2iJ3kL5nO6rS8");
    write(d.path(), "app/settings.py", &format!("TOKEN = \"{tok}\"\n"));
    write(d.path(), "clean.py", "x = 1\n");
    git(d.path(), &["add", "app/settings.py", "clean.py"]);
    // The work tree no longer has the token, the index still does.
    write(
        d.path(),
        "app/settings.py",
        "TOKEN = os.environ[\"TOKEN\"]\n",
    );
    // Unstaged files are not part of the commit.
    write(d.path(), "notes.py", &format!("T = \"{tok}\"\n"));
    let sub = d.path().join("app");
    let (code, v, _) = scan(&sub, &["--staged"]);
    assert_eq!(code, 1);
    assert_eq!(
        located(&v),
        [(
            "app/settings.py".to_string(),
            1,
            "secrets/github-pat-classic".to_string()
        )]
    );
    // And the other way round: a fixed file staged, the work tree still dirty.
    git(d.path(), &["add", "app/settings.py"]);
    write(d.path(), "app/settings.py", &format!("TOKEN = \"{tok}\"\n"));
    let (code, v, _) = scan(d.path(), &["--staged"]);
    assert_eq!(code, 0, "{v}");
}

#[test]
fn staged_scans_honour_config_excludes() {
    let d = repo();
    write(
        d.path(),
        "picket.toml",
        "[scan]\nexclude = [\"fixtures/**\"]\n",
    );
    write(
        d.path(),
        "fixtures/t.py",
        &format!("T = \"{}\"\n", token("Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0")),
    );
    git(d.path(), &["add", "."]);
    let (code, v, _) = scan(d.path(), &["--staged"]);
    assert_eq!(code, 0, "{v}");
}

#[test]
fn diff_reports_only_what_the_branch_added() {
    let d = repo();
    let old = token("Old0Old1Old2Old3Old4Old5Old6Ol");
    let new = token("New0New1New2New3New4New5New6Ne");
    write(d.path(), "a.py", &format!("OLD = \"{old}\"\n\nx = 1\n"));
    git(d.path(), &["add", "."]);
    git(d.path(), &["commit", "-qm", "main"]);
    git(d.path(), &["checkout", "-qb", "feature"]);
    write(
        d.path(),
        "a.py",
        &format!("OLD = \"{old}\"\n\nx = 1\nNEW = \"{new}\"\n"),
    );
    write(d.path(), ".env", "API_HOST=api.internal\n");
    git(d.path(), &["add", "."]);
    git(d.path(), &["commit", "-qm", "feature"]);
    let (code, v, _) = scan(d.path(), &["--diff", "main"]);
    assert_eq!(code, 1);
    assert_eq!(
        located(&v),
        [
            (".env".to_string(), 1, "config/env-not-ignored".to_string()),
            (".env".to_string(), 1, "secrets/env-file".to_string()),
            (
                "a.py".to_string(),
                4,
                "secrets/github-pat-classic".to_string()
            )
        ]
    );
    // The full scan still sees the old one.
    let (_, v, _) = scan(d.path(), &[]);
    assert_eq!(v["findings"].as_array().unwrap().len(), 4);
    let (code, _, err) = scan(d.path(), &["--diff", "no-such-branch"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn baseline_round_trip() {
    let d = repo();
    let t1 = token("One1One1One1One1One1One1One1On");
    write(d.path(), "a.py", &format!("A = \"{t1}\"\n"));
    let out = Command::cargo_bin("picket")
        .unwrap()
        .current_dir(d.path())
        .args(["scan", "--write-baseline", "baseline.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = fs::read_to_string(d.path().join("baseline.json")).unwrap();
    assert!(!text.contains(&t1), "no secret in the baseline");
    assert!(!text.contains(&t1[..12]), "not even the redacted prefix");
    let b: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(b["findings"].as_array().unwrap().len(), 1);
    // Writing twice gives the same bytes (no churn in review).
    Command::cargo_bin("picket")
        .unwrap()
        .current_dir(d.path())
        .args(["scan", "--write-baseline", "baseline.json"])
        .assert()
        .code(0);
    assert_eq!(
        text,
        fs::read_to_string(d.path().join("baseline.json")).unwrap()
    );

    let (code, v, _) = scan(d.path(), &["--baseline", "baseline.json"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["summary"]["suppressed"], 1);
    // Moving the old secret keeps it hidden; a new one shows.
    let t2 = token("Two2Two2Two2Two2Two2Two2Two2Tw");
    write(
        d.path(),
        "a.py",
        &format!("# moved\nA = \"{t1}\"\nB = \"{t2}\"\n"),
    );
    let (code, v, _) = scan(d.path(), &["--baseline", "baseline.json"]);
    assert_eq!(code, 1);
    assert_eq!(
        located(&v),
        [(
            "a.py".to_string(),
            3,
            "secrets/github-pat-classic".to_string()
        )]
    );
    // A fixed finding becomes a stale entry, reported with --verbose.
    write(d.path(), "a.py", "A = 1\n");
    let (code, _, err) = scan(d.path(), &["--baseline", "baseline.json", "--verbose"]);
    assert_eq!(code, 0);
    assert!(
        err.contains("stale baseline entry: secrets/github-pat-classic in a.py"),
        "{err}"
    );
    fs::write(
        d.path().join("bad.json"),
        "{\"version\": 1, \"findings\": [}",
    )
    .unwrap();
    let (code, _, err) = scan(d.path(), &["--baseline", "bad.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.json:1"), "{err}");
}

#[test]
fn history_finds_a_deleted_secret_and_names_the_commit() {
    let d = repo();
    let tok = token("Hist0Hist1Hist2Hist3Hist4Hist5");
    write(d.path(), "README.md", "hello\n");
    git(d.path(), &["add", "."]);
    git(d.path(), &["commit", "-qm", "first"]);
    write(d.path(), "app/config.py", &format!("TOKEN = \"{tok}\"\n"));
    git(d.path(), &["add", "."]);
    git(d.path(), &["commit", "-qm", "add token"]);
    let introduced = String::from_utf8(
        std::process::Command::new("git")
            .args(["rev-parse", "HEAD"])
            .current_dir(d.path())
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    // Later versions keep the token (same blob content moves down a line), then it is deleted.
    write(
        d.path(),
        "app/config.py",
        &format!("# settings\nTOKEN = \"{tok}\"\n"),
    );
    git(d.path(), &["commit", "-qam", "edit"]);
    write(
        d.path(),
        "app/config.py",
        "import os\nTOKEN = os.environ[\"TOKEN\"]\n",
    );
    git(d.path(), &["commit", "-qam", "remove token"]);
    // On another branch, the same README blob again: scanned once.
    git(d.path(), &["checkout", "-qb", "other"]);
    write(d.path(), "copy.md", "hello\n");
    git(d.path(), &["add", "."]);
    git(d.path(), &["commit", "-qm", "copy"]);

    // The work tree is clean...
    let (code, _, _) = scan(d.path(), &[]);
    assert_eq!(code, 0);
    // ...history is not.
    for threads in ["1", "4"] {
        let (code, v, err) = scan(d.path(), &["--history", "--threads", threads]);
        assert_eq!(code, 1, "{err}");
        let f = v["findings"].as_array().unwrap();
        assert_eq!(f.len(), 1, "{v}");
        assert_eq!(f[0]["path"], "app/config.py");
        assert_eq!(f[0]["line"], 1);
        assert_eq!(f[0]["commit"]["id"], introduced.trim());
        assert_eq!(f[0]["commit"]["author"], "Test <test@example.com>");
        assert!(f[0]["commit"]["date"].as_str().unwrap().len() >= 20);
    }
    // Bounded walks.
    let (code, v, _) = scan(d.path(), &["--history", "--max-commits", "2"]);
    assert_eq!(code, 0, "{v}");
    let (code, _, _) = scan(d.path(), &["--history", "--since", "HEAD~1"]);
    assert_eq!(code, 0);
    let (code, _, err) = scan(d.path(), &["--history", "--since", "nope"]);
    assert_eq!(code, 2, "{err}");
    // SARIF carries the commit too.
    let out = Command::cargo_bin("picket")
        .unwrap()
        .current_dir(d.path())
        .args(["scan", "--history", "--format", "sarif"])
        .output()
        .unwrap();
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        s["runs"][0]["results"][0]["properties"]["commit"]["id"],
        introduced.trim()
    );
}
