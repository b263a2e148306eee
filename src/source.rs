//! Where file contents come from: the work tree, walked in parallel with `ignore`, or
//! files named on the command line. Yields each file's reported path and bytes.
use crate::classify::{self, FileKind};
use crate::finding::CommitInfo;
use globset::GlobSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One file read from disk, decoded to the bytes the checks see.
pub struct Loaded {
    pub path: String,
    pub data: Vec<u8>,
    pub kind: FileKind,
    /// Bytes on disk.
    pub size: u64,
    /// For history scans: the commit that introduced this content.
    pub commit: Option<CommitInfo>,
}

/// Content that does not come from the work tree: the git index, or a blob from history.
pub struct Blob {
    pub path: String,
    pub data: Vec<u8>,
    pub commit: Option<CommitInfo>,
}

pub enum Outcome {
    File(Loaded),
    /// Skipped with a reason worth telling the user (too large).
    Skipped(String),
    /// Skipped silently (symlink, special file, excluded).
    Ignored,
    Error(String),
}

/// The repository root above `start` (the directory holding `.git`), if any.
pub fn git_root(start: &Path) -> Option<PathBuf> {
    let start = start.canonicalize().ok()?;
    start
        .ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

/// The path as reported: relative to `root`, with `/`.
pub fn relative(root: &Path, path: &Path) -> String {
    // The walker's paths extend the root byte for byte; comparing bytes first spares
    // `strip_prefix`'s component walk, which showed in profiles (twice per file).
    let (r, p) = (
        root.as_os_str().as_encoded_bytes(),
        path.as_os_str().as_encoded_bytes(),
    );
    let fast = p.strip_prefix(r).and_then(|rest| {
        let trimmed = &rest[rest.iter().take_while(|&&b| b == b'/').count()..];
        (rest.is_empty() || r.ends_with(b"/") || trimmed.len() < rest.len()).then_some(trimmed)
    });
    let s = match fast {
        Some(rest) => String::from_utf8_lossy(rest),
        None => path.strip_prefix(root).unwrap_or(path).to_string_lossy(),
    };
    let s = if s.contains('\\') {
        s.replace('\\', "/")
    } else {
        s.into_owned()
    };
    match s.strip_prefix("./") {
        Some(t) => t.to_string(),
        None => s,
    }
}

pub fn excluded(excludes: &GlobSet, rel: &str) -> bool {
    !excludes.is_empty()
        && (excludes.is_match(rel)
            || rel
                .split('/')
                .scan(String::new(), |acc, part| {
                    if !acc.is_empty() {
                        acc.push('/');
                    }
                    acc.push_str(part);
                    Some(acc.clone())
                })
                .any(|prefix| excludes.is_match(format!("{prefix}/"))))
}

/// The size limit for model files when the models check runs.
pub const MODEL_MAX_SIZE: u64 = 512 << 20;
/// Bytes read before a file is classified.
const HEAD: u64 = 8192;

/// Reads a file for scanning: the first block decides its kind; binary files that no check
/// reads by content are not read further.
pub fn load(abs: &Path, rel: String, max_size: u64, want_binary: bool) -> Outcome {
    let meta = match std::fs::symlink_metadata(abs) {
        Ok(m) => m,
        Err(e) => return Outcome::Error(format!("{rel}: {e}")),
    };
    if !meta.is_file() {
        return Outcome::Ignored;
    }
    // Model files are routinely hundreds of megabytes; the analyser reads them with its own
    // bounds, so they get a larger limit than text.
    let lower = rel.to_ascii_lowercase();
    let max_size = if want_binary && (classify::is_model_name(&lower) || lower.ends_with(".bin")) {
        max_size.max(MODEL_MAX_SIZE)
    } else {
        max_size
    };
    if meta.len() > max_size {
        return Outcome::Skipped(format!(
            "{rel}: skipped, {} bytes is over the size limit of {max_size}",
            meta.len()
        ));
    }
    let mut f = match std::fs::File::open(abs) {
        Ok(f) => f,
        Err(e) => return Outcome::Error(format!("{rel}: {e}")),
    };
    // The head decides whether the rest is read (binary files are classified on it alone).
    // Read straight into the buffer: no zeroed scratch array, and a file shorter than the
    // head is done after the read that reports its end.
    let mut data = Vec::with_capacity(meta.len().min(max_size) as usize + 1);
    let head = HEAD.min(max_size);
    if let Err(e) = (&mut f).take(head).read_to_end(&mut data) {
        return Outcome::Error(format!("{rel}: {e}"));
    }
    let kind = classify::classify(&rel, &data);
    let whole = (data.len() as u64) < head;
    if !whole && (kind.is_text() || (want_binary && kind == classify::FileKind::Model)) {
        if let Err(e) = f.take(max_size - head).read_to_end(&mut data) {
            return Outcome::Error(format!("{rel}: {e}"));
        }
    }
    Outcome::File(Loaded {
        path: rel,
        data: decode_text(data),
        kind,
        size: meta.len(),
        commit: None,
    })
}

/// UTF-16 with a BOM becomes UTF-8; a UTF-8 BOM is dropped so columns match editors.
pub fn decode_text(data: Vec<u8>) -> Vec<u8> {
    let utf16 = |le: bool| {
        let units: Vec<u16> = data[2..]
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units).into_bytes()
    };
    if data.starts_with(&[0xFF, 0xFE]) {
        utf16(true)
    } else if data.starts_with(&[0xFE, 0xFF]) {
        utf16(false)
    } else if data.starts_with(&[0xEF, 0xBB, 0xBF]) {
        data[3..].to_vec()
    } else {
        data
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_bom() {
        let mut le = vec![0xFF, 0xFE];
        for u in "a=1\nb".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode_text(le), b"a=1\nb");
        assert_eq!(decode_text(b"\xEF\xBB\xBFx".to_vec()), b"x");
    }

    #[test]
    fn relative_paths_match_component_stripping() {
        let cases = [
            (".", "./src/a.rs", "src/a.rs"),
            (".", ".", ""),
            ("./", "./.env", ".env"),
            ("repo", "repo/x/y", "x/y"),
            ("repo/", "repo/x", "x"),
            ("repo", "repo//x", "x"),
            ("repo", "repo", ""),
            ("/", "/etc/passwd", "etc/passwd"),
            ("a/./b", "a/./b/c", "c"),
            // Not under the root byte for byte: the component rules decide.
            ("repo", "repository/x", "repository/x"),
            ("a/./b", "a/b/c", "c"),
        ];
        for (root, path, want) in cases {
            assert_eq!(
                relative(Path::new(root), Path::new(path)),
                want,
                "{root} {path}"
            );
        }
    }

    #[test]
    fn excludes_match_files_and_their_directories() {
        let mut b = globset::GlobSetBuilder::new();
        b.add(globset::Glob::new("vendor/**").unwrap());
        b.add(globset::Glob::new("*.min.js").unwrap());
        let g = b.build().unwrap();
        assert!(excluded(&g, "vendor/a/b.py"));
        assert!(excluded(&g, "web/app.min.js"));
        assert!(!excluded(&g, "src/vendor.py"));
    }
}
