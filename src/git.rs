//! What picket asks of git, through the `git` command (local only, never the network):
//! the staged content for pre-commit, and the lines changed since a merge base for pull
//! requests.
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[derive(Debug)]
pub struct GitError(pub String);

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "core.quotepath=off"])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| GitError(format!("cannot run git: {e}")))?;
    if !out.status.success() {
        return Err(GitError(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(out.stdout)
}

/// The top of the work tree containing `dir`.
pub fn toplevel(dir: &Path) -> Result<PathBuf, GitError> {
    let out = git(dir, &["rev-parse", "--show-toplevel"])?;
    Ok(PathBuf::from(
        String::from_utf8_lossy(&out).trim_end_matches(['\n', '\r']),
    ))
}

/// Added, copied, modified and renamed files in the index, with their staged content
/// (not the work tree's). Works before the first commit.
pub fn staged(root: &Path) -> Result<Vec<(String, Vec<u8>)>, GitError> {
    let names = git(
        root,
        &[
            "diff",
            "--cached",
            "--name-only",
            "-z",
            "--diff-filter=ACMR",
            "--no-renames",
        ],
    )?;
    let names: Vec<String> = names
        .split(|&b| b == 0)
        .filter(|n| !n.is_empty())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect();
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| GitError(format!("cannot run git: {e}")))?;
    let mut stdin = child.stdin.take().expect("piped");
    let list: Vec<u8> = names
        .iter()
        .flat_map(|n| format!(":{n}\n").into_bytes())
        .collect();
    // Write from a thread: git answers while we write, and both pipes have limits.
    let writer = std::thread::spawn(move || stdin.write_all(&list));
    let mut reader = BufReader::new(child.stdout.take().expect("piped"));
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let mut header = String::new();
        reader
            .read_line(&mut header)
            .map_err(|e| GitError(e.to_string()))?;
        let parts: Vec<&str> = header.split_whitespace().collect();
        if parts.len() != 3 || parts[1] != "blob" {
            // A submodule (commit) or a missing entry: nothing to read.
            continue;
        }
        let size: usize = parts[2]
            .parse()
            .map_err(|_| GitError(format!("bad cat-file header: {header}")))?;
        let mut data = vec![0; size];
        reader
            .read_exact(&mut data)
            .map_err(|e| GitError(e.to_string()))?;
        let mut nl = [0u8; 1];
        reader
            .read_exact(&mut nl)
            .map_err(|e| GitError(e.to_string()))?;
        out.push((name, data));
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(out)
}

/// Lines added or changed in each file since the merge base of `rev` and HEAD, as
/// inclusive 1-based ranges (the work tree is compared, so uncommitted edits count).
pub fn changed_lines(
    root: &Path,
    rev: &str,
) -> Result<BTreeMap<String, Vec<(usize, usize)>>, GitError> {
    let base = git(root, &["merge-base", rev, "HEAD"])?;
    let base = String::from_utf8_lossy(&base).trim().to_string();
    let diff = git(
        root,
        &[
            "diff",
            "-U0",
            "--no-color",
            "--no-ext-diff",
            "--no-renames",
            &base,
            "--",
        ],
    )?;
    Ok(parse_unified_zero(&diff))
}

/// Parses `git diff -U0`: `+++ b/path` then `@@ -a,b +c,d @@` hunks.
pub fn parse_unified_zero(diff: &[u8]) -> BTreeMap<String, Vec<(usize, usize)>> {
    let mut out: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in diff.split(|&b| b == b'\n') {
        if let Some(p) = line.strip_prefix(b"+++ ") {
            current = p
                .strip_prefix(b"b/")
                .map(|p| String::from_utf8_lossy(p).into_owned());
            if let Some(c) = &current {
                out.entry(c.clone()).or_default();
            }
        } else if line.starts_with(b"@@ ") {
            let Some(file) = &current else { continue };
            let text = String::from_utf8_lossy(line);
            let Some(plus) = text.split_whitespace().find(|t| t.starts_with('+')) else {
                continue;
            };
            let mut it = plus[1..].splitn(2, ',');
            let start: usize = it.next().and_then(|s| s.parse().ok()).unwrap_or(0);
            let count: usize = it.next().and_then(|s| s.parse().ok()).unwrap_or(1);
            if count > 0 {
                out.entry(file.clone())
                    .or_default()
                    .push((start, start + count - 1));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hunks() {
        let d = b"diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,0 +2,3 @@\n+a\n+b\n+c\n@@ -9 +12 @@\n-q\n+r\n@@ -20,2 +22,0 @@\n-x\n-y\ndiff --git a/gone b/gone\n--- a/gone\n+++ /dev/null\n@@ -1 +0,0 @@\n-z\n";
        let m = parse_unified_zero(d);
        assert_eq!(m["x"], vec![(2, 4), (12, 12)]);
        assert!(!m.contains_key("gone"));
    }
}
