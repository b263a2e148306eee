//! `picket db update`: fetches OSV's `all.zip` for each ecosystem into the database folder.
//! The download goes through the system `curl` (HTTPS with the system's certificates,
//! ETag revalidation, a progress bar on a terminal), so the binary carries no TLS stack of
//! its own. A download lands in a temporary file, is checked to be a readable zip of OSV
//! records, and only then replaces the old copy by a rename: an interrupted or corrupt
//! download never leaves a broken database.
use super::db::UPDATED_MARKER;
use crate::checks::models::analysis::zip;
use std::path::Path;
use std::process::Command;

pub const DEFAULT_BASE_URL: &str = "https://osv-vulnerabilities.storage.googleapis.com";

/// What happened to one ecosystem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Updated { bytes: u64, records: usize },
    Unchanged,
}

/// Only HTTPS, except for a server on this machine (tests, local mirrors).
pub fn check_url(base: &str) -> Result<(), String> {
    if base.starts_with("https://") {
        return Ok(());
    }
    let local = ["http://127.0.0.1", "http://localhost", "http://[::1]"];
    if local.iter().any(|l| {
        base.strip_prefix(l)
            .is_some_and(|r| r.is_empty() || r.starts_with(':') || r.starts_with('/'))
    }) {
        return Ok(());
    }
    Err(format!(
        "{base}: the advisory database is only fetched over https:// (http is allowed for 127.0.0.1 and localhost)"
    ))
}

/// Downloads `{base}/{ecosystem}/all.zip` into `{root}/{ecosystem}/all.zip`.
pub fn update(root: &Path, base: &str, ecosystem: &str, progress: bool) -> Result<Outcome, String> {
    check_url(base)?;
    let dir = root.join(ecosystem);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let target = dir.join("all.zip");
    let partial = dir.join("all.zip.partial");
    let etag = dir.join(".etag");
    let etag_new = dir.join(".etag.partial");
    let url = format!("{}/{}/all.zip", base.trim_end_matches('/'), ecosystem);
    let _ = std::fs::remove_file(&partial);
    let mut cmd = Command::new("curl");
    cmd.args([
        "--fail",
        "--location",
        "--proto",
        "=https,http",
        "--retry",
        "2",
    ])
    .args(["--connect-timeout", "20", "--output"])
    .arg(&partial)
    .args(["--write-out", "%{http_code}", "--etag-save"])
    .arg(&etag_new);
    if target.exists() && etag.exists() {
        cmd.arg("--etag-compare").arg(&etag);
    }
    cmd.arg(if progress {
        "--progress-bar"
    } else {
        "--silent"
    })
    .arg("--show-error")
    .arg(&url);
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run curl ({e}); picket db update needs curl on the PATH"))?;
    let code = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !out.status.success() {
        let _ = std::fs::remove_file(&partial);
        let _ = std::fs::remove_file(&etag_new);
        return Err(format!(
            "{url}: download failed (HTTP {code}): {}; the existing database is unchanged",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    if code == "304" {
        let _ = std::fs::remove_file(&partial);
        let _ = std::fs::remove_file(&etag_new);
        touch_marker(root)?;
        return Ok(Outcome::Unchanged);
    }
    let data = std::fs::read(&partial).map_err(|e| format!("{}: {e}", partial.display()))?;
    let records = match verify(&data) {
        Ok(n) => n,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            let _ = std::fs::remove_file(&etag_new);
            return Err(format!(
                "{url}: the download is not a valid OSV archive ({e}); the existing database is unchanged"
            ));
        }
    };
    std::fs::rename(&partial, &target).map_err(|e| format!("{}: {e}", target.display()))?;
    if etag_new.exists() {
        let _ = std::fs::rename(&etag_new, &etag);
    }
    touch_marker(root)?;
    Ok(Outcome::Updated {
        bytes: data.len() as u64,
        records,
    })
}

fn touch_marker(root: &Path) -> Result<(), String> {
    std::fs::write(root.join(UPDATED_MARKER), b"").map_err(|e| format!("{}: {e}", root.display()))
}

/// The archive opens, every record entry inflates with a matching checksum, and at least
/// the first one is an OSV record (has an `id`).
pub fn verify(data: &[u8]) -> Result<usize, String> {
    let limits = super::db::ZIP_LIMITS;
    let archive = zip::open(data, &limits).map_err(|e| format!("{e:?}"))?;
    let mut budget = limits.max_total_uncompressed;
    let mut n = 0;
    for e in archive.entries.iter().filter(|e| !e.is_dir()) {
        let (bytes, _) = archive
            .read(e, &limits, &mut budget)
            .map_err(|err| format!("{}: {err:?}", e.name))?;
        if n == 0 {
            let v: serde_json::Value = serde_json::from_slice(&bytes)
                .map_err(|err| format!("{}: not JSON: {err}", e.name))?;
            if v.get("id").is_none() {
                return Err(format!("{}: not an OSV record (no id)", e.name));
            }
        }
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_local() {
        assert!(check_url("https://osv-vulnerabilities.storage.googleapis.com").is_ok());
        assert!(check_url("http://127.0.0.1:8080").is_ok());
        assert!(check_url("http://localhost/osv").is_ok());
        assert!(check_url("http://localhost.evil.example").is_err());
        assert!(check_url("http://mirror.example").is_err());
        assert!(check_url("ftp://x").is_err());
    }
}
