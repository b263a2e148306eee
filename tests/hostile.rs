//! Repositories nobody cleaned: huge lines, sparse giants, broken encodings, odd line
//! endings, loops, special files and unprintable names. Each must be scanned or skipped
//! with a note, never crash or hang the scan, and never lose the findings elsewhere.
use assert_cmd::Command;
use picket::checks::secrets::verify::expected_checksum;
use serde_json::Value;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

fn token() -> String {
    let body = "Zq4mP0aB7cD9eF1gH2iJ3kL5nO6rS8";
    format!("ghp_{body}{}", expected_checksum(body.as_bytes()))
}

fn scan(dir: &Path, extra: &[&str]) -> (i32, Value, String) {
    let out = Command::cargo_bin("picket")
        .unwrap()
        .current_dir(dir)
        .args(["scan", "--checks", "secrets", "--format", "json"])
        .args(extra)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    });
    (
        out.status.code().unwrap_or(-1),
        v,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn positions(v: &Value) -> Vec<(String, u64, u64)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_50_mb_single_line_is_scanned_to_its_end() {
    let dir = TempDir::new().unwrap();
    let mut line = "x".repeat(50 << 20);
    line.push_str(&format!(" token = \"{}\"\n", token()));
    fs::write(dir.path().join("minified.js"), &line).unwrap();
    let (code, v, _) = scan(dir.path(), &["--max-file-size", "64MB"]);
    assert_eq!(code, 1);
    let p = positions(&v);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!((p[0].1, p[0].2), (1, (50u64 << 20) + 11));
}

#[test]
fn a_2_gb_sparse_file_is_skipped_by_size_without_reading_it() {
    let dir = TempDir::new().unwrap();
    let f = fs::File::create(dir.path().join("disk.img")).unwrap();
    f.set_len(2 << 30).unwrap();
    fs::write(dir.path().join("app.py"), format!("T = \"{}\"\n", token())).unwrap();
    let start = std::time::Instant::now();
    let (code, v, err) = scan(dir.path(), &[]);
    assert!(start.elapsed().as_secs() < 30, "it was read");
    assert_eq!(code, 1);
    assert_eq!(positions(&v).len(), 1);
    assert!(
        err.contains("disk.img") && err.contains("size limit"),
        "{err}"
    );
}

#[test]
fn encodings_and_line_endings_keep_positions() {
    let dir = TempDir::new().unwrap();
    let t = token();
    // UTF-16 LE with a BOM.
    let text = format!("# é\nkey = \"{t}\"\n");
    let mut utf16 = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    fs::write(dir.path().join("utf16.txt"), utf16).unwrap();
    fs::write(
        dir.path().join("crlf.txt"),
        format!("a\r\nb\r\nkey = \"{t}\"\r\n"),
    )
    .unwrap();
    fs::write(dir.path().join("cr.txt"), format!("a\rb\rkey = \"{t}\"\r")).unwrap();
    let mut bad = b"broken \xc3\x28 utf-8 \xff\xfd\n".to_vec();
    bad.extend_from_slice(format!("key = \"{t}\"\n").as_bytes());
    fs::write(dir.path().join("invalid.txt"), bad).unwrap();
    let (_, v, _) = scan(dir.path(), &[]);
    let mut p = positions(&v);
    p.sort();
    assert_eq!(
        p,
        [
            ("cr.txt".into(), 3, 8),
            ("crlf.txt".into(), 3, 8),
            ("invalid.txt".into(), 2, 8),
            ("utf16.txt".into(), 2, 8),
        ]
    );
}

#[cfg(unix)]
#[test]
fn loops_special_files_and_strange_names() {
    use std::os::unix::ffi::OsStrExt;
    let dir = TempDir::new().unwrap();
    let t = token();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    assert!(std::process::Command::new("mkfifo")
        .arg(dir.path().join("pipe"))
        .status()
        .unwrap()
        .success());
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero")).unwrap();
    let names: [&[u8]; 3] = [b"with space.py", b"new\nline.py", b"bad\xffbyte.py"];
    for n in names {
        let p = dir.path().join(std::ffi::OsStr::from_bytes(n));
        fs::write(p, format!("key = \"{t}\"\n")).unwrap();
    }
    let (code, v, _) = scan(dir.path(), &[]);
    assert_eq!(code, 1);
    let mut paths: Vec<String> = positions(&v).into_iter().map(|p| p.0).collect();
    paths.sort();
    assert_eq!(
        paths,
        ["bad\u{fffd}byte.py", "new\nline.py", "with space.py"]
    );
    // Every format renders them without breaking its syntax.
    for format in ["sarif", "junit", "markdown", "github", "human"] {
        let out = Command::cargo_bin("picket")
            .unwrap()
            .current_dir(dir.path())
            .args(["scan", "--checks", "secrets", "--format", format])
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        let text = String::from_utf8_lossy(&out.stdout);
        // SARIF locations are URIs: the space is percent-encoded there.
        let name = if format == "sarif" {
            "with%20space.py"
        } else {
            "with space.py"
        };
        assert!(text.contains(name), "{format}: {text}");
        if format == "sarif" {
            let _: Value = serde_json::from_slice(&out.stdout).unwrap();
        }
        if format == "github" {
            // One workflow command per finding: the newline in the name must be escaped.
            assert_eq!(
                text.lines().filter(|l| l.starts_with("::")).count(),
                3,
                "{text}"
            );
        }
    }
}

/// Nesting far past any parser's limit, an alias bomb and zip bombs go to every check: each
/// is a finding or a quiet skip, never a crash, and the secret beside them is still found.
#[test]
fn deep_nesting_alias_bombs_and_zip_bombs() {
    let dir = TempDir::new().unwrap();
    let p = dir.path();
    let deep = 200_000;
    fs::write(
        p.join("deep.json"),
        format!("{}{}", "[".repeat(deep), "]".repeat(deep)),
    )
    .unwrap();
    fs::write(
        p.join("deep.yaml"),
        format!("a: {}{}\n", "[".repeat(deep), "]".repeat(deep)),
    )
    .unwrap();
    let mut block = String::new();
    for i in 0..5_000 {
        block.push_str(&" ".repeat(i));
        block.push_str("k:\n");
    }
    fs::write(p.join("block.yaml"), block).unwrap();
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let prev = (b'a' + i - 1) as char;
        let cur = (b'a' + i) as char;
        bomb.push_str(&format!("{cur}: &{cur} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    fs::write(p.join("bomb.yaml"), bomb).unwrap();
    // A zip whose one member inflates 1000-fold to 256 MiB: a PyTorch checkpoint and a
    // JAR-like archive by name.
    let zeros = vec![0u8; 256 << 20];
    let deflated = miniz_oxide::deflate::compress_to_vec(&zeros, 6);
    drop(zeros);
    let zip = zip_with_one_member("archive/data.pkl", &deflated, 256 << 20);
    fs::write(p.join("model.pt"), &zip).unwrap();
    fs::write(p.join("app.py"), format!("TOKEN = \"{}\"\n", token())).unwrap();
    let out = Command::cargo_bin("picket")
        .unwrap()
        .current_dir(p)
        .args(["scan", "--format", "json", "--min-severity", "info", "."])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("internal error"), "{err}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().into(),
                f["rule_id"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(
        found.contains(&("app.py".into(), "secrets/github-pat-classic".into())),
        "{found:?}"
    );
    for file in ["deep.json", "deep.yaml", "bomb.yaml"] {
        assert!(
            found.contains(&(file.into(), "config/parse-error".into())),
            "{file}: {found:?}"
        );
    }
}

/// A zip archive (stored central directory, one deflated member) written by hand.
fn zip_with_one_member(name: &str, deflated: &[u8], size: u32) -> Vec<u8> {
    let crc = 0u32; // not checked before the size limits apply
    let mut z = Vec::new();
    let local = |z: &mut Vec<u8>| {
        z.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        z.extend_from_slice(&[20, 0, 0, 0, 8, 0, 0, 0, 0, 0]);
        z.extend_from_slice(&crc.to_le_bytes());
        z.extend_from_slice(&(deflated.len() as u32).to_le_bytes());
        z.extend_from_slice(&size.to_le_bytes());
        z.extend_from_slice(&(name.len() as u16).to_le_bytes());
        z.extend_from_slice(&0u16.to_le_bytes());
        z.extend_from_slice(name.as_bytes());
    };
    local(&mut z);
    z.extend_from_slice(deflated);
    let cd_start = z.len() as u32;
    z.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
    z.extend_from_slice(&[20, 0, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0]);
    z.extend_from_slice(&crc.to_le_bytes());
    z.extend_from_slice(&(deflated.len() as u32).to_le_bytes());
    z.extend_from_slice(&size.to_le_bytes());
    z.extend_from_slice(&(name.len() as u16).to_le_bytes());
    z.extend_from_slice(&[0; 12]);
    z.extend_from_slice(&0u32.to_le_bytes());
    z.extend_from_slice(name.as_bytes());
    let cd_len = z.len() as u32 - cd_start;
    z.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    z.extend_from_slice(&[0, 0, 0, 0, 1, 0, 1, 0]);
    z.extend_from_slice(&cd_len.to_le_bytes());
    z.extend_from_slice(&cd_start.to_le_bytes());
    z.extend_from_slice(&0u16.to_le_bytes());
    z
}
