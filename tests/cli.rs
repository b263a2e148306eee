//! End-to-end tests of the `picket` binary over fixture trees built in temporary
//! directories. Tokens are synthetic: made here, following each provider's public format.
mod support;

use assert_cmd::Command;
use picket::checks::secrets::verify::expected_checksum;
use serde_json::Value;
use std::fs;
use std::path::Path;
use support::tree;
use tempfile::TempDir;

fn github_token(seed: &str) -> String {
    let body: String = seed.chars().cycle().take(30).collect();
    format!("ghp_{body}{}", expected_checksum(body.as_bytes()))
}

fn picket(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("picket").unwrap();
    c.current_dir(dir).env_remove("NO_COLOR");
    c
}

fn scan_json(dir: &Path, extra: &[&str]) -> (i32, Value) {
    let out = picket(dir)
        .args(["scan", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), v)
}

fn rule_ids(v: &Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap().to_string())
        .collect()
}

/// Compares with a file under tests/snapshots; `UPDATE_SNAPSHOTS=1` rewrites it.
fn snapshot(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing snapshot {name}; run with UPDATE_SNAPSHOTS=1"));
    assert_eq!(
        expected, actual,
        "snapshot {name} differs; run with UPDATE_SNAPSHOTS=1 to accept"
    );
}

fn fixture() -> TempDir {
    let tok = github_token("Zq4mP0aB7cD9eF1gH2iJ3kL5nO6rS8");
    tree(&[
        (
            "src/settings.py",
            &format!("import os\n\nGITHUB_TOKEN = \"{tok}\"\nDB = os.environ[\"DB\"]\n"),
        ),
        (
            "config/app.yaml",
            "server:\n  port: 8080\n  password: Wq7pLz2Rx91\n",
        ),
        ("README.md", "Nothing to see.\n"),
    ])
}

#[test]
fn json_output_follows_the_contract() {
    let dir = fixture();
    let (code, v) = scan_json(dir.path(), &["--threads", "2"]);
    assert_eq!(code, 1);
    assert_eq!(v["version"], 1);
    assert_eq!(v["tool"]["name"], "picket");
    let f = &v["findings"][0];
    let contract = [
        "rule_id",
        "check",
        "severity",
        "confidence",
        "title",
        "message",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "snippet",
        "fingerprint",
        "commit",
        "metadata",
    ];
    let mut keys: Vec<&str> = f.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    let mut want = contract.to_vec();
    keys.sort();
    want.sort();
    assert_eq!(keys, want);
    // ... and in the contract's order in the raw output.
    let raw = String::from_utf8(
        picket(dir.path())
            .args(["scan", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let first = &raw[raw.find("\"findings\"").unwrap()..];
    let pos: Vec<usize> = contract
        .iter()
        .map(|k| first.find(&format!("\"{k}\":")).unwrap())
        .collect();
    assert!(pos.windows(2).all(|w| w[0] < w[1]), "field order {pos:?}");
    assert_eq!(f["path"], "config/app.yaml");
    assert_eq!(f["line"], 3);
    assert_eq!(f["column"], 13);
    assert_eq!(f["check"], "secrets");
    assert!(f["commit"].is_null());
    let g = &v["findings"][1];
    assert_eq!(g["rule_id"], "secrets/github-pat-classic");
    assert_eq!(g["path"], "src/settings.py");
    assert_eq!(
        (
            g["line"].as_u64(),
            g["column"].as_u64(),
            g["end_column"].as_u64()
        ),
        (Some(3), Some(17), Some(57))
    );
    let s = &v["summary"];
    assert_eq!(s["files_scanned"], 3);
    assert_eq!(s["findings"], 2);
    assert_eq!(
        s["by_severity"]["high"].as_u64().unwrap()
            + s["by_severity"]["critical"].as_u64().unwrap_or(0),
        2
    );
    let mut normal = v.clone();
    normal["summary"]["duration_ms"] = 0.into();
    snapshot(
        "fixture.json",
        &serde_json::to_string_pretty(&normal).unwrap(),
    );
}

#[test]
fn secrets_are_redacted_unless_asked() {
    let dir = fixture();
    let tok = github_token("Zq4mP0aB7cD9eF1gH2iJ3kL5nO6rS8");
    for format in ["human", "json", "sarif"] {
        let out = picket(dir.path())
            .args(["scan", "--format", format])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.contains(&tok), "{format} shows the token");
        assert!(!text.contains("Wq7pLz2Rx91"), "{format} shows the password");
    }
    let out = picket(dir.path())
        .args(["scan", "--show-secrets"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains(&tok));
}

#[test]
fn human_output_groups_by_file_with_a_caret() {
    let dir = fixture();
    let out = picket(dir.path())
        .args(["scan", "--color", "never"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let (body, summary) = text.trim_end().rsplit_once('\n').unwrap();
    assert!(
        summary.starts_with("2 findings (2 high) in 3 files"),
        "{summary}"
    );
    assert!(!body.contains("\x1b["), "no color when not asked");
    snapshot("fixture.human.txt", &format!("{body}\n"));
    let colored = picket(dir.path())
        .args(["scan", "--color", "always"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&colored.stdout).contains("\x1b[1;31mhigh"));
}

#[test]
fn sarif_output_has_what_github_needs() {
    let dir = fixture();
    let out = picket(dir.path())
        .args(["scan", "--format", "sarif"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 2, "only the rules that fired");
    for r in rules {
        assert!(r["helpUri"].as_str().unwrap().starts_with("https://"));
        assert!(r["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("picket:ignore"));
        assert!(r["properties"]["security-severity"].as_str().is_some());
        assert!(r["properties"]["tags"]
            .as_array()
            .unwrap()
            .contains(&"security".into()));
    }
    for res in run["results"].as_array().unwrap() {
        let idx = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], res["ruleId"]);
        let loc = &res["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(!loc["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .starts_with('/'));
        assert!(
            res["partialFingerprints"]["picketFingerprint/v1"]
                .as_str()
                .unwrap()
                .len()
                == 32
        );
    }
    // .ci/run validates this file with the SARIF Multitool and GitHub's ingestion rules.
    let ci = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/picket-ci");
    fs::create_dir_all(&ci).unwrap();
    fs::write(ci.join("fixture.sarif"), &out.stdout).unwrap();
    let mut normal = v.clone();
    normal["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] = "file:///ROOT/".into();
    snapshot(
        "fixture.sarif",
        &serde_json::to_string_pretty(&normal).unwrap(),
    );
}

#[test]
fn output_is_identical_across_thread_counts() {
    let mut files: Vec<(String, String)> = Vec::new();
    for i in 0..60 {
        files.push((
            format!("d{}/f{i}.py", i % 7),
            format!("x = {i}\napi_key = \"q8Zr1Kx0pW7vN3mT{i:04}\"\n"),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let dir = tree(&refs);
    let run = |t: &str| {
        let (_, mut v) = scan_json(dir.path(), &["--threads", t]);
        v["summary"]["duration_ms"] = 0.into();
        v
    };
    let one = run("1");
    assert_eq!(one["findings"].as_array().unwrap().len(), 60);
    assert_eq!(one, run("8"));
}

#[test]
fn exit_codes() {
    let clean = tree(&[("a.txt", "hello\n")]);
    let dir = fixture();
    let cases: [(&Path, &[&str], i32); 9] = [
        (clean.path(), &["scan"][..], 0),
        (dir.path(), &["scan"][..], 1),
        (dir.path(), &["scan", "--fail-on", "critical"][..], 0),
        (dir.path(), &["scan", "--fail-on", "never"][..], 0),
        (dir.path(), &["scan", "--fail-on", "bogus"][..], 2),
        (dir.path(), &["scan", "--no-such-flag"][..], 2),
        (dir.path(), &["scan", "does/not/exist"][..], 2),
        (dir.path(), &["scan", "--checks", "nope"][..], 2),
        (dir.path(), &["explain", "secrets/nope"][..], 2),
    ];
    for (root, args, code) in cases {
        picket(root).args(args).assert().code(code);
    }
    fs::write(
        dir.path().join("picket.toml"),
        "[scan]\nfail-on = \"never\"\n",
    )
    .unwrap();
    picket(dir.path()).arg("scan").assert().code(0);
}

#[test]
fn config_errors_name_the_file_and_line() {
    let dir = tree(&[
        (
            "picket.toml",
            "[scan]\nexclude = [\"a/**\"]\nmax-size = 3\n",
        ),
        ("a.txt", "x"),
    ]);
    let out = picket(dir.path()).arg("scan").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("picket.toml:3:") && err.contains("max-size"),
        "{err}"
    );
    let dir = tree(&[
        (
            "conf/picket.toml",
            "[rules]\nseverity = { \"secrets/x\" = \"urgent\" }\n",
        ),
        ("a.txt", "x"),
    ]);
    let out = picket(dir.path())
        .args(["scan", "--config", "conf/picket.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("conf/picket.toml:2:") && err.contains("urgent"),
        "{err}"
    );
}

#[test]
fn suppression_routes() {
    let secret = "q8Zr1Kx0pW7vN3mTa9Yb";
    let dir = tree(&[
        ("a.py", &format!("api_key = \"{secret}01\"  # picket:ignore\n")),
        ("b.py", &format!("# picket:ignore[secrets/generic-secret]\napi_key = \"{secret}02\"\n")),
        ("c.py", &format!("# picket:ignore[secrets/other-rule]\napi_key = \"{secret}03\"\n")),
        ("d.py", &format!("api_key = \"{secret}04\"  # gitleaks:allow\n")),
        ("docs/e.py", &format!("api_key = \"{secret}05\"\n")),
        ("f.py", &format!("api_key = \"{secret}DOCS\"\n")),
        ("g.py", &format!("api_key = \"{secret}07\"\n")),
        (
            "picket.toml",
            "[[allow]]\npaths = [\"docs/**\"]\nreason = \"documentation\"\n\n[[allow]]\nrules = [\"secrets/generic-secret\"]\nvalues = \"DOCS$\"\nreason = \"documentation values\"\n\n[[allow]]\npaths = [\"g.py\"]\nreason = \"expired\"\nexpires = \"2020-01-01\"\n",
        ),
    ]);
    let out = picket(dir.path())
        .args(["scan", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["c.py", "g.py"]);
    assert_eq!(v["summary"]["suppressed"], 5);
    assert!(String::from_utf8_lossy(&out.stderr).contains("expired on 2020-01-01"));
    // --ignore and --select by id and by prefix; severity overrides.
    let (_, v) = scan_json(dir.path(), &["--ignore", "secrets/generic-secret"]);
    assert!(rule_ids(&v).is_empty());
    let (_, v) = scan_json(dir.path(), &["--select", "dockerfile/"]);
    assert!(rule_ids(&v).is_empty());
    let (_, v) = scan_json(dir.path(), &["--select", "secrets/"]);
    assert_eq!(rule_ids(&v).len(), 2);
    fs::write(
        dir.path().join("picket.toml"),
        "[rules]\nseverity = { \"secrets/generic-secret\" = \"low\" }\n",
    )
    .unwrap();
    let (code, v) = scan_json(dir.path(), &[]);
    assert_eq!(code, 0, "low is under the default threshold");
    assert_eq!(v["findings"][0]["severity"], "low");
}

#[test]
fn excludes_apply_to_files_given_by_name() {
    let dir = tree(&[
        ("picket.toml", "[scan]\nexclude = [\"fixtures/**\"]\n"),
        ("fixtures/a.py", "api_key = \"q8Zr1Kx0pW7vN3mTa9Yb\"\n"),
        ("src/b.py", "api_key = \"q8Zr1Kx0pW7vN3mTa9Yc\"\n"),
    ]);
    let (code, v) = scan_json(dir.path(), &["fixtures/a.py", "src/b.py"]);
    assert_eq!(code, 1);
    let paths: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["src/b.py"]);
    let (code, _) = scan_json(dir.path(), &["fixtures/a.py"]);
    assert_eq!(code, 0);
}

#[test]
fn walk_respects_gitignore_skips_git_binary_and_large_files() {
    let dir = tree(&[
        (".gitignore", "build/\n"),
        ("build/out.py", "api_key = \"q8Zr1Kx0pW7vN3mTa9Yb\"\n"),
        (".git/config", "api_key = \"q8Zr1Kx0pW7vN3mTa9Yb\"\n"),
        (
            "big.py",
            &format!("api_key = \"q8Zr1Kx0pW7vN3mTa9Yb\"\n{}", "#\n".repeat(2000)),
        ),
        ("ok.py", "x = 1\n"),
    ]);
    fs::write(
        dir.path().join("blob.bin"),
        b"\0\x01api_key = \"q8Zr1Kx0pW7vN3mTa9Yb\"",
    )
    .unwrap();
    let out = picket(dir.path())
        .args(["scan", "--format", "json", "--max-file-size", "1KB"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(rule_ids(&v).is_empty(), "{v}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("big.py: skipped"));
    // Named explicitly, an ignored file is scanned.
    let (_, v) = scan_json(dir.path(), &["build/out.py"]);
    assert_eq!(rule_ids(&v), ["secrets/generic-secret"]);
}

#[cfg(unix)]
#[test]
fn symlinks_are_not_followed_out_of_the_root() {
    let outside = tree(&[("secret.py", "api_key = \"q8Zr1Kx0pW7vN3mTa9Yb\"\n")]);
    let dir = tree(&[("a.txt", "x")]);
    std::os::unix::fs::symlink(outside.path().join("secret.py"), dir.path().join("link.py"))
        .unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("linkdir")).unwrap();
    let (code, v) = scan_json(dir.path(), &[]);
    assert_eq!(code, 0, "{v}");
}

#[test]
fn fingerprints_follow_content_not_lines() {
    let tok = "api_key = \"q8Zr1Kx0pW7vN3mTa9Yb\"\n";
    let a = tree(&[("x.py", tok)]);
    let b = tree(&[("x.py", &format!("\n\n# moved\n{tok}"))]);
    let (_, va) = scan_json(a.path(), &[]);
    let (_, vb) = scan_json(b.path(), &[]);
    assert_ne!(va["findings"][0]["line"], vb["findings"][0]["line"]);
    assert_eq!(
        va["findings"][0]["fingerprint"],
        vb["findings"][0]["fingerprint"]
    );
}

#[test]
fn secrets_in_every_file_type() {
    let tok = github_token("Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0");
    let b64 = |s: &str| {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let b = s.as_bytes();
        let mut out = String::new();
        for c in b.chunks(3) {
            let n = (c[0] as u32) << 16
                | (*c.get(1).unwrap_or(&0) as u32) << 8
                | *c.get(2).unwrap_or(&0) as u32;
            for i in 0..4 {
                if i <= c.len() {
                    out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    };
    let dir = tree(&[
        ("code.js", &format!("const t = '{tok}';\n")),
        ("conf.yaml", &format!("github:\n  token: {tok}\n")),
        ("conf.json", &format!("{{\"github\": {{\"token\": \"{tok}\"}}}}\n")),
        ("conf.toml", &format!("[github]\ntoken = \"{tok}\"\n")),
        ("app/.env", &format!("GH={tok}\n")),
        ("app.properties", &format!("github.token={tok}\n")),
        ("deploy.sh", &format!("#!/bin/sh\nexport GH_TOKEN={tok}\n")),
        ("Dockerfile", &format!("FROM alpine:3.20\nENV GH_TOKEN={tok}\n")),
        ("nb.ipynb", &format!("{{\n \"cells\": [\n  {{\n   \"source\": [\n    \"import os\\n\",\n    \"token = \\\"{tok}\\\"\\n\"\n   ]\n  }}\n ]\n}}\n")),
        ("k8s/secret.yaml", &format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: gh\ndata:\n  token: {}\n", b64(&tok))),
        ("deploy/values.yaml", &format!("replicas: 2\nbootstrap: {}\n", b64(&format!("export GH_TOKEN={tok}\n")))),
    ]);
    let (_, v) = scan_json(dir.path(), &["--select", "secrets/github-pat-classic"]);
    let mut got: Vec<(String, u64)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    got.sort();
    let want: Vec<(String, u64)> = [
        ("Dockerfile", 2),
        ("app.properties", 1),
        ("app/.env", 1),
        ("code.js", 1),
        ("conf.json", 1),
        ("conf.toml", 2),
        ("conf.yaml", 2),
        ("deploy.sh", 2),
        ("deploy/values.yaml", 2),
        ("k8s/secret.yaml", 6),
        ("nb.ipynb", 6),
    ]
    .iter()
    .map(|(p, l)| (p.to_string(), *l))
    .collect();
    assert_eq!(got, want);
    let k8s = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "k8s/secret.yaml")
        .unwrap();
    assert_eq!(k8s["metadata"]["source"], "kubernetes-secret");
    let blob = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "deploy/values.yaml")
        .unwrap();
    assert_eq!(blob["metadata"]["encoding"], "base64");
    assert_eq!(blob["column"], 12, "points at the encoded value");
}

#[test]
fn custom_rules_from_the_config() {
    let dir = tree(&[
        (
            "picket.toml",
            "[[secrets.rules]]\nid = \"secrets/acme-internal-token\"\ntitle = \"ACME internal token\"\nseverity = \"critical\"\nconfidence = \"high\"\nkeywords = [\"acme_\"]\npattern = '\\b(acme_[a-z0-9]{24})\\b'\n",
        ),
        ("a.py", "T = 'acme_0123456789abcdefghijklmn'\n"),
    ]);
    let (code, v) = scan_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(rule_ids(&v), ["secrets/acme-internal-token"]);
    assert_eq!(v["findings"][0]["severity"], "critical");
}

#[test]
fn rules_listing_and_explain() {
    let dir = tree(&[]);
    let out = picket(dir.path())
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &v[0];
    for k in [
        "id",
        "check",
        "severity",
        "confidence",
        "title",
        "description",
        "help_uri",
        "equivalents",
    ] {
        assert!(first.get(k).is_some(), "{k}");
    }
    let out = picket(dir.path())
        .args(["explain", "secrets/generic-password"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for part in [
        "Hard-coded password",
        "How to fix",
        "How to suppress",
        "picket:ignore[secrets/generic-password]",
        "Not flagged",
    ] {
        assert!(text.contains(part), "{part}");
    }
    picket(dir.path())
        .args(["completions", "bash"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("picket"));
    picket(dir.path())
        .arg("--version")
        .assert()
        .code(0)
        .stdout(predicates::str::contains(env!("CARGO_PKG_VERSION")));
}

#[cfg(unix)]
#[test]
fn a_broken_pipe_is_success() {
    let mut files = Vec::new();
    for i in 0..300 {
        files.push((
            format!("f{i}.py"),
            format!("api_key = \"q8Zr1Kx0pW7vN3mT{i:04}\"\n"),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let dir = tree(&refs);
    let bin = assert_cmd::cargo::cargo_bin("picket");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' scan --format json . | head -c 10 >/dev/null; exit ${{PIPESTATUS:-0}}",
            bin.display()
        ))
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "set -o pipefail; '{}' scan --format json --fail-on never . | head -c 10 >/dev/null",
            bin.display()
        ))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn output_file_is_written() {
    let dir = fixture();
    picket(dir.path())
        .args(["scan", "--format", "sarif", "--output", "out.sarif"])
        .assert()
        .code(1)
        .stdout("");
    let v: Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("out.sarif")).unwrap()).unwrap();
    assert_eq!(v["version"], "2.1.0");
}

/// A small well-formedness check: balanced tags, quoted attributes, known entities.
fn assert_well_formed_xml(xml: &str) {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .expect("XML declaration");
    let mut stack: Vec<String> = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find(['<', '&']) {
        let text = &rest[..i];
        assert!(!text.contains('>'), "stray > in text: {text}");
        rest = &rest[i..];
        if rest.starts_with('&') {
            let end = rest.find(';').expect("entity ends");
            assert!(
                ["&amp", "&lt", "&gt", "&quot", "&apos"].contains(&&rest[..end]),
                "entity {}",
                &rest[..end]
            );
            rest = &rest[end + 1..];
            continue;
        }
        let end = rest.find('>').expect("tag ends");
        let tag = &rest[1..end];
        assert!(!tag.contains('<'), "< inside a tag: {tag}");
        assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes: {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "closing {name}");
        } else if !tag.ends_with('/') {
            stack.push(tag.split_whitespace().next().unwrap().to_string());
        }
        rest = &rest[end + 1..];
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
}

#[test]
fn ci_formats_markdown_github_junit() {
    let dir = fixture();
    let tok = github_token("Zq4mP0aB7cD9eF1gH2iJ3kL5nO6rS8");
    let run = |format: &str| {
        let out = picket(dir.path())
            .args(["scan", "--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(!text.contains(&tok), "{format} shows the token");
        text
    };
    let md = run("markdown");
    assert!(
        md.contains("| high | `secrets/github-pat-classic` | `src/settings.py:3` |"),
        "{md}"
    );
    snapshot("fixture.md", &md);
    let gh = run("github");
    assert!(gh.lines().all(|l| l.starts_with("::error file=")), "{gh}");
    assert!(
        gh.contains("::error file=src/settings.py,line=3,col=17,"),
        "{gh}"
    );
    snapshot("fixture.github.txt", &gh);
    let junit = run("junit");
    assert_well_formed_xml(&junit);
    assert!(junit.contains("<testsuite name=\"picket.secrets\" tests=\"2\" failures=\"2\">"));
    let stable: String = junit
        .lines()
        .map(|l| {
            if l.starts_with("<testsuites ") {
                "<testsuites …>"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    snapshot("fixture.junit.xml", &stable);
    // A clean tree is still a valid, passing report.
    let clean = tree(&[("a.txt", "hello\n")]);
    let out = picket(clean.path())
        .args(["scan", "--format", "junit"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_well_formed_xml(&String::from_utf8(out.stdout).unwrap());
}

#[test]
fn info_findings_are_opt_in() {
    let dir = tree(&[(
        "deploy.sh",
        "aws s3 cp x s3://acme-build-artifacts/x --role arn:aws:iam::123456789012:role/deploy\n",
    )]);
    let (code, v) = scan_json(dir.path(), &[]);
    assert_eq!(code, 0);
    assert!(rule_ids(&v).is_empty(), "{v}");
    let (_, v) = scan_json(dir.path(), &["--min-severity", "info"]);
    assert!(rule_ids(&v).contains(&"secrets/aws-arn".to_string()), "{v}");
    fs::write(
        dir.path().join("picket.toml"),
        "[scan]\nmin-severity = \"info\"\n",
    )
    .unwrap();
    let (_, v) = scan_json(dir.path(), &[]);
    assert!(rule_ids(&v).contains(&"secrets/aws-arn".to_string()), "{v}");
}

#[cfg(unix)]
#[test]
fn output_to_a_pipe_or_device_is_written_in_place() {
    // Renaming a temporary file over `--output` would replace /dev/null or a FIFO with a
    // regular file; picket writes such outputs in place.
    let dir = fixture();
    let fifo = dir.path().join("report.fifo");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
    };
    picket(dir.path())
        .args(["scan", "--format", "json", "--output"])
        .arg(&fifo)
        .assert()
        .code(1);
    let text = reader.join().unwrap();
    assert!(text.contains("\"findings\""), "{text}");
    use std::os::unix::fs::FileTypeExt;
    assert!(
        fs::metadata(&fifo).unwrap().file_type().is_fifo(),
        "still a FIFO"
    );
}

#[test]
fn the_summary_says_what_was_skipped_and_no_progress_line_when_redirected() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("blob.bin"), b"\x00\x01\x02binary\x00").unwrap();
    std::fs::write(dir.path().join("big.txt"), "x".repeat(4096)).unwrap();
    std::fs::write(dir.path().join("ok.txt"), "hello\n").unwrap();
    let out = picket(dir.path())
        .args(["scan", "--color", "never", "--max-file-size", "1KB", "."])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.trim_end()
            .ends_with("; skipped 1 binary, 1 over the size limit"),
        "{text}"
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("scanning:") && !err.contains('\r'), "{err}");
    let json = picket(dir.path())
        .args(["scan", "--format", "json", "--max-file-size", "1KB", "."])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["summary"]["skipped"]["binary"], 1);
    assert_eq!(v["summary"]["skipped"]["over the size limit"], 1);
}
