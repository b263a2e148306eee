//! Gives every file one `FileKind`, from its name and, when the name is not enough, its
//! first bytes. Checks declare the kinds they take; nothing else sniffs files.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileKind {
    Dockerfile,
    GithubWorkflow,
    GithubAction,
    Yaml,
    Json,
    Toml,
    DotEnv,
    Properties,
    Ini,
    Shell,
    Python,
    Terraform,
    Notebook,
    Lockfile,
    /// Serialised ML models (pickles, PyTorch archives, ...).
    Model,
    /// Key stores and other binary credential containers, judged by name.
    Keystore,
    /// Source code and other text.
    Text,
    Binary,
}

impl FileKind {
    pub fn is_text(self) -> bool {
        !matches!(
            self,
            FileKind::Binary | FileKind::Model | FileKind::Keystore
        )
    }
}

/// Model files by extension (lower-case name).
pub fn is_model_name(lower: &str) -> bool {
    let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    matches!(
        ext,
        "pkl"
            | "pickle"
            | "joblib"
            | "dill"
            | "pt"
            | "pth"
            | "ckpt"
            | "npy"
            | "npz"
            | "keras"
            | "h5"
            | "hdf5"
            | "safetensors"
            | "onnx"
    )
}

/// Extensions that make `Dockerfile.<ext>` a source file or a document, not a Dockerfile.
const NOT_DOCKERFILE_EXT: &[&str] = &[
    "rs", "py", "go", "js", "mjs", "cjs", "ts", "java", "kt", "rb", "php", "cs", "c", "h", "cc",
    "cpp", "hpp", "swift", "scala", "sh", "bash", "ps1", "md", "rst", "txt", "adoc", "html",
    "json", "yaml", "yml", "toml", "xml", "lock", "snap", "orig", "rej", "bak", "swp", "patch",
    "diff", "png", "svg",
];

/// How many leading bytes the binary sniff looks at.
const SNIFF: usize = 8192;

pub fn classify(path: &str, head: &[u8]) -> FileKind {
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    if matches!(ext, "p12" | "pfx" | "jks" | "keystore" | "bks" | "jceks") {
        return FileKind::Keystore;
    }
    if is_model_name(&lower) {
        return FileKind::Model;
    }
    // `pytorch_model.bin` and friends: a zip archive or a binary pickle.
    if ext == "bin"
        && (head.starts_with(b"PK\x03\x04")
            || (head.first() == Some(&0x80) && head.get(1).is_some_and(|p| (2..=5).contains(p))))
    {
        return FileKind::Model;
    }
    if is_binary(head) {
        return FileKind::Binary;
    }
    // `Dockerfile.dev` is a Dockerfile; `dockerfile.rs` or `Dockerfile.md` is code or docs
    // about one.
    let variant = (lower.starts_with("dockerfile.") || lower.starts_with("containerfile."))
        && !NOT_DOCKERFILE_EXT.contains(&ext);
    if lower == "dockerfile"
        || lower == "containerfile"
        || variant
        || lower.ends_with(".dockerfile")
        || lower.ends_with(".containerfile")
    {
        return FileKind::Dockerfile;
    }
    if lower == ".env" || lower.starts_with(".env.") || lower.ends_with(".env") {
        return FileKind::DotEnv;
    }
    match ext {
        "yml" | "yaml" => {
            if path.contains(".github/workflows/") {
                return FileKind::GithubWorkflow;
            }
            if lower == "action.yml" || lower == "action.yaml" {
                return FileKind::GithubAction;
            }
            return FileKind::Yaml;
        }
        "json" | "jsonc" | "json5" => return FileKind::Json,
        "toml" => return FileKind::Toml,
        "properties" => return FileKind::Properties,
        "ini" | "cfg" | "conf" => return FileKind::Ini,
        "sh" | "bash" | "zsh" | "ksh" => return FileKind::Shell,
        "py" | "pyi" => return FileKind::Python,
        "tf" | "tfvars" | "hcl" => return FileKind::Terraform,
        "ipynb" => return FileKind::Notebook,
        _ => {}
    }
    if matches!(
        lower.as_str(),
        "cargo.lock"
            | "poetry.lock"
            | "uv.lock"
            | "pipfile.lock"
            | "pdm.lock"
            | "yarn.lock"
            | "gemfile.lock"
            | "composer.lock"
            | "go.sum"
            | "gradle.lockfile"
    ) {
        return FileKind::Lockfile;
    }
    if head.starts_with(b"#!") {
        let first = head.split(|&b| b == b'\n').next().unwrap_or(b"");
        let first = String::from_utf8_lossy(first);
        if first.contains("python") {
            return FileKind::Python;
        }
        if first.contains("sh") {
            return FileKind::Shell;
        }
    }
    FileKind::Text
}

/// A NUL byte in the first block means binary, unless the file starts with a UTF-16 BOM.
pub fn is_binary(head: &[u8]) -> bool {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    memchr::memchr(0, &head[..head.len().min(SNIFF)]).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_content() {
        assert_eq!(classify("a/Dockerfile", b"FROM x"), FileKind::Dockerfile);
        assert_eq!(classify("api.Dockerfile", b""), FileKind::Dockerfile);
        assert_eq!(classify("Dockerfile.prod", b""), FileKind::Dockerfile);
        assert_eq!(
            classify(".github/workflows/ci.yml", b""),
            FileKind::GithubWorkflow
        );
        assert_eq!(classify("k8s/deploy.yaml", b""), FileKind::Yaml);
        assert_eq!(classify(".env.production", b"A=1"), FileKind::DotEnv);
        assert_eq!(classify("certs/server.p12", b"\0\x01"), FileKind::Keystore);
        for name in [
            "Dockerfile",
            "Dockerfile.dev",
            "api.Dockerfile",
            "Containerfile.ci",
            "x.dockerfile",
        ] {
            assert_eq!(classify(name, b"FROM a"), FileKind::Dockerfile, "{name}");
        }
        for name in [
            "dockerfile.rs",
            "Dockerfile.md",
            "benches/dockerfile.py",
            "dockerfile.yaml",
        ] {
            assert_ne!(classify(name, b"x"), FileKind::Dockerfile, "{name}");
        }
        assert_eq!(classify("model.pkl", b"\x80\x04"), FileKind::Model);
        assert_eq!(
            classify("bin/run", b"#!/usr/bin/env python3\n"),
            FileKind::Python
        );
        assert_eq!(
            classify("image.png", b"\x89PNG\r\n\x1a\n\0\0"),
            FileKind::Binary
        );
        assert_eq!(classify("notes.txt", b"\xFF\xFEh\0i\0"), FileKind::Text);
        assert_eq!(classify("nb.ipynb", b"{}"), FileKind::Notebook);
    }
}
