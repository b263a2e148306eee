//! Files that must never be committed, judged by name and, where the name alone is not
//! enough, by whether they hold a credential.
use super::placeholder::is_placeholder;
use crate::classify::FileKind;

/// A file-level match: the rule and, when one line carries the credential, its byte span.
pub struct FileMatch {
    pub rule: &'static str,
    pub span: Option<(usize, usize)>,
    pub message: String,
}

fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

const TEMPLATE_SUFFIXES: [&str; 9] = [
    ".example",
    ".sample",
    ".template",
    ".tmpl",
    ".tpl",
    ".dist",
    ".defaults",
    ".schema",
    ".test",
];

pub fn scan(path: &str, kind: FileKind, data: &[u8], out: &mut Vec<FileMatch>) {
    let name = basename(path).to_ascii_lowercase();
    match kind {
        FileKind::Keystore => out.push(FileMatch {
            rule: "secrets/keystore-file",
            span: None,
            message: format!("The key store `{}` is committed; it holds private keys or certificates with their keys.", basename(path)),
        }),
        FileKind::DotEnv if !TEMPLATE_SUFFIXES.iter().any(|s| name.ends_with(s)) => {
            if let Some(span) = first_env_value(data) {
                out.push(FileMatch {
                    rule: "secrets/env-file",
                    span: Some(span),
                    message: format!("`{}` holds values; environment files belong outside version control.", basename(path)),
                });
            }
        }
        _ => {}
    }
    match name.as_str() {
        "id_rsa" | "id_dsa" | "id_ecdsa" | "id_ed25519" | "id_ecdsa_sk" | "id_ed25519_sk" => out.push(FileMatch {
            rule: "secrets/private-key-file",
            span: None,
            message: format!("`{}` is an SSH private key file.", basename(path)),
        }),
        "terraform.tfstate" | "terraform.tfstate.backup" => out.push(FileMatch {
            rule: "secrets/terraform-state",
            span: None,
            message: "Terraform state is committed; it stores resource attributes, often passwords and keys, in plain text.".into(),
        }),
        ".git-credentials" => {
            if let Some(span) = find_line(data, |l| l.contains("://") && l.contains('@') && l.contains(':')) {
                out.push(FileMatch { rule: "secrets/git-credentials", span: Some(span), message: "`.git-credentials` stores Git passwords or tokens in plain text.".into() });
            }
        }
        ".pypirc" => {
            if let Some(span) = key_value(data, &["password"]) {
                out.push(FileMatch { rule: "secrets/pypirc-credentials", span: Some(span), message: "`.pypirc` holds a package index password or token.".into() });
            }
        }
        ".npmrc" | ".yarnrc" => {
            if let Some(span) = key_value(data, &["_authtoken", "_password", "_auth"]) {
                out.push(FileMatch { rule: "secrets/npmrc-credentials", span: Some(span), message: "`.npmrc` holds a registry token or password.".into() });
            }
        }
        _ => {}
    }
    if name.ends_with(".tfstate") && name != "terraform.tfstate" {
        out.push(FileMatch {
            rule: "secrets/terraform-state",
            span: None,
            message: "Terraform state is committed; it stores resource attributes, often passwords and keys, in plain text.".into(),
        });
    }
}

fn lines(data: &[u8]) -> impl Iterator<Item = (usize, &str)> {
    let mut off = 0;
    data.split(|&b| b == b'\n').map(move |l| {
        let start = off;
        off += l.len() + 1;
        (start, std::str::from_utf8(l).unwrap_or(""))
    })
}

/// The value span of the first `KEY=value` line with a real value.
fn first_env_value(data: &[u8]) -> Option<(usize, usize)> {
    for (start, line) in lines(data) {
        let t = line.trim_start();
        if t.starts_with('#') {
            continue;
        }
        let t = t.strip_prefix("export ").unwrap_or(t);
        let Some((k, v)) = t.split_once('=') else {
            continue;
        };
        if k.trim().is_empty() || k.contains(' ') {
            continue;
        }
        let v = v.trim_end_matches('\r').trim();
        let v = v.split(" #").next().unwrap_or(v).trim();
        if is_placeholder(v) {
            continue;
        }
        let vstart =
            start + line.len() - line.trim_start().len() + (t.len() - t.trim_start().len());
        let offset = line.find(v).map(|i| start + i).unwrap_or(vstart);
        return Some((offset, offset + v.len()));
    }
    None
}

fn find_line(data: &[u8], pred: impl Fn(&str) -> bool) -> Option<(usize, usize)> {
    lines(data)
        .find(|(_, l)| pred(l))
        .map(|(s, l)| (s, s + l.trim_end_matches('\r').len()))
}

/// `key = value` / `key: value` lines (INI, npmrc; keys may carry a `//registry/:` scope).
fn key_value(data: &[u8], keys: &[&str]) -> Option<(usize, usize)> {
    for (start, line) in lines(data) {
        let Some((k, v)) = line.split_once('=').or_else(|| line.split_once(": ")) else {
            continue;
        };
        let k = k.trim().to_ascii_lowercase();
        let k = k.rsplit(':').next().unwrap_or(&k);
        if !keys.contains(&k) {
            continue;
        }
        let v = v.trim_end_matches('\r').trim();
        if is_placeholder(v) {
            continue;
        }
        let i = start + line.rfind(v)?;
        return Some((i, i + v.len()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(path: &str, kind: FileKind, data: &str) -> Vec<&'static str> {
        let mut out = Vec::new();
        scan(path, kind, data.as_bytes(), &mut out);
        out.into_iter().map(|m| m.rule).collect()
    }

    #[test]
    fn env_files_with_values_but_not_templates() {
        assert_eq!(
            rules(".env", FileKind::DotEnv, "# db\nDB_HOST=db.internal\n"),
            ["secrets/env-file"]
        );
        assert!(rules(".env.example", FileKind::DotEnv, "DB_HOST=db.internal\n").is_empty());
        assert!(rules(".env", FileKind::DotEnv, "DB_PASSWORD=\nTOKEN=${TOKEN}\n").is_empty());
    }

    #[test]
    fn credential_files() {
        assert_eq!(
            rules("certs/a.p12", FileKind::Keystore, ""),
            ["secrets/keystore-file"]
        );
        assert_eq!(
            rules("infra/terraform.tfstate", FileKind::Json, "{}"),
            ["secrets/terraform-state"]
        );
        assert_eq!(
            rules(
                ".npmrc",
                FileKind::Text,
                "//registry.npmjs.org/:_authToken=q8Zr1Kx0pW7vN3mT\n"
            ),
            ["secrets/npmrc-credentials"]
        );
        assert!(rules(
            ".npmrc",
            FileKind::Text,
            "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n"
        )
        .is_empty());
        assert_eq!(
            rules("home/.ssh/id_ed25519", FileKind::Text, "x"),
            ["secrets/private-key-file"]
        );
    }
}
