//! `picket db update` end to end against a local HTTP server on 127.0.0.1: the first
//! download, an unchanged re-run (ETag), an interrupted download and a corrupt archive,
//! which must both leave the previous database intact. No other network is used.
mod support;

use assert_cmd::Command;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tempfile::TempDir;

fn crc32(data: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in data {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0xEDB8_8320
            } else {
                c >> 1
            };
        }
    }
    !c
}

/// A zip with stored (uncompressed) entries.
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let mut header = Vec::new();
        header.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        header.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        header.extend_from_slice(&crc.to_le_bytes());
        header.extend_from_slice(&(data.len() as u32).to_le_bytes());
        header.extend_from_slice(&(data.len() as u32).to_le_bytes());
        header.extend_from_slice(&(name.len() as u16).to_le_bytes());
        header.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(&header);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&(data.len() as u32).to_le_bytes());
        central.extend_from_slice(&(data.len() as u32).to_le_bytes());
        central.extend_from_slice(&(name.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0; 12]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// Serves `/good/PyPI/all.zip` (ETag "v1"), `/cut/...` (closes halfway) and `/bad/...`
/// (not a zip). Counts full downloads.
fn server(archive: Vec<u8>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = format!("http://{}", listener.local_addr().unwrap());
    let downloads = Arc::new(AtomicUsize::new(0));
    let count = downloads.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut first = String::new();
            if reader.read_line(&mut first).is_err() {
                continue;
            }
            let mut if_none_match = None;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("if-none-match:") {
                    if_none_match = Some(v.trim().to_string());
                }
            }
            let path = first.split_whitespace().nth(1).unwrap_or("").to_string();
            let mut s = stream;
            let _ = if path.starts_with("/good/") && if_none_match.as_deref() == Some("\"v1\"") {
                s.write_all(
                    b"HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nConnection: close\r\n\r\n",
                )
            } else if path.starts_with("/good/") {
                count.fetch_add(1, Ordering::SeqCst);
                let head = format!("HTTP/1.1 200 OK\r\nETag: \"v1\"\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", archive.len());
                s.write_all(head.as_bytes())
                    .and_then(|_| s.write_all(&archive))
            } else if path.starts_with("/cut/") {
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    archive.len()
                );
                s.write_all(head.as_bytes())
                    .and_then(|_| s.write_all(&archive[..archive.len() / 2]))
            } else if path.starts_with("/bad/") {
                s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 12\r\nConnection: close\r\n\r\nnot a zip!!!")
            } else {
                s.write_all(
                    b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                )
            };
            let _ = s.flush();
            let _ = s.shutdown(std::net::Shutdown::Both);
        }
    });
    (addr, downloads)
}

fn update(db: &Path, base: &str) -> (i32, String) {
    let out = Command::cargo_bin("picket")
        .unwrap()
        .args(["db", "update", "--ecosystem", "PyPI", "--advisory-db"])
        .arg(db)
        .args(["--base-url", base])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn update_downloads_revalidates_and_never_breaks_the_database() {
    let archive = zip(&[
        (
            "GHSA-m2qf-hxjv-5gpq.json",
            support::osv::FLASK_GHSA.as_bytes(),
        ),
        (
            "GHSA-0000-0000-0000.json",
            support::osv::WITHDRAWN.as_bytes(),
        ),
    ]);
    let (base, downloads) = server(archive.clone());
    let db = TempDir::new().unwrap();
    let (code, out) = update(db.path(), &format!("{base}/good"));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("PyPI: updated, 2 advisories"), "{out}");
    let zip_path = db.path().join("PyPI/all.zip");
    assert_eq!(std::fs::read(&zip_path).unwrap(), archive);
    // Unchanged: the ETag comes back and nothing is downloaded again.
    let (code, out) = update(db.path(), &format!("{base}/good"));
    assert_eq!((code, downloads.load(Ordering::SeqCst)), (0, 1), "{out}");
    assert!(out.contains("PyPI: unchanged"), "{out}");
    // Interrupted and corrupt downloads fail and leave the archive as it was.
    for bad in ["cut", "bad"] {
        let (code, out) = update(db.path(), &format!("{base}/{bad}"));
        assert_eq!(code, 2, "{bad}: {out}");
        assert!(
            out.contains("existing database is unchanged"),
            "{bad}: {out}"
        );
        assert_eq!(std::fs::read(&zip_path).unwrap(), archive, "{bad}");
        assert!(!db.path().join("PyPI/all.zip.partial").exists());
    }
    // The downloaded archive is a database a scan can use.
    let out = Command::cargo_bin("picket")
        .unwrap()
        .env("XDG_CACHE_HOME", db.path().join(".cache"))
        .args(["db", "status", "--advisory-db"])
        .arg(db.path())
        .output()
        .unwrap();
    let status = String::from_utf8_lossy(&out.stdout);
    assert!(
        status.contains("PyPI") && status.contains("1 advisories"),
        "{status}"
    );
    // Only https, except on this machine.
    let (code, out) = update(db.path(), "http://mirror.example/osv");
    assert_eq!(code, 2);
    assert!(out.contains("only fetched over https://"), "{out}");
}
