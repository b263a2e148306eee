//! The models check end to end: a malicious pickle fails the scan, a benign one does not,
//! `pytorch_model.bin` is recognised by content, and a corrupt file is a finding.
use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use tempfile::TempDir;

/// `os.system("id")` through GLOBAL and REDUCE, protocol 2.
const MALICIOUS: &[u8] = b"\x80\x02cos\nsystem\nq\x00X\x02\x00\x00\x00idq\x01\x85q\x02Rq\x03.";
/// `{"w": 1}`, protocol 2.
const BENIGN: &[u8] = b"\x80\x02}q\x00X\x01\x00\x00\x00wq\x01K\x01s.";

fn scan(files: &[(&str, &[u8])]) -> (i32, Vec<(String, String)>) {
    let dir = TempDir::new().unwrap();
    for (p, d) in files {
        fs::write(dir.path().join(p), d).unwrap();
    }
    let out = Command::cargo_bin("picket")
        .unwrap()
        .current_dir(dir.path())
        .args(["scan", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["path"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (out.status.code().unwrap(), f)
}

#[test]
fn malicious_pickles_fail_the_scan() {
    let (code, f) = scan(&[("model.pkl", MALICIOUS), ("pytorch_model.bin", MALICIOUS)]);
    assert_eq!(code, 1);
    for p in ["model.pkl", "pytorch_model.bin"] {
        assert!(
            f.contains(&("models/dangerous-import".to_string(), p.to_string())),
            "{p}: {f:?}"
        );
    }
}

#[test]
fn benign_and_corrupt_files() {
    let (code, f) = scan(&[("model.pkl", BENIGN), ("firmware.bin", b"\x7fELF\x02\x01")]);
    assert_eq!((code, f.len()), (0, 0), "{f:?}");
    let (_, f) = scan(&[("model.pkl", &BENIGN[..6])]);
    assert_eq!(f, [("models/corrupt".to_string(), "model.pkl".to_string())]);
}
