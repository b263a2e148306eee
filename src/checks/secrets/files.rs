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

const TEMPLATE_SUFFIXES: [&str; 9] = [".example", ".sample", ".template", ".tmpl", ".tpl", ".dist", ".defaults", ".schema", ".test"];

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
        ".netrc" | "_netrc" => {
            if let Some(span) = value_after(data, "password") {
                out.push(FileMatch { rule: "secrets/netrc-file", span: Some(span), message: "A netrc file with a password is committed.".into() });
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
        "kaggle.json" => {
            if let Some(span) = json_string_value(data, "key") {
                out.push(FileMatch { rule: "secrets/kaggle-json", span: Some(span), message: "`kaggle.json` holds a Kaggle API key.".into() });
            }
        }
        "config.json" if path.contains(".docker/") || memchr::memmem::find(data, b"\"auths\"").is_some() => {
            if let Some(span) = json_string_value(data, "auth") {
                out.push(FileMatch { rule: "secrets/docker-config-auths", span: Some(span), message: "A Docker `config.json` with registry credentials in `auths` is committed.".into() });
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
        let Some((k, v)) = t.split_once('=') else { continue };
        if k.trim().is_empty() || k.contains(' ') {
            continue;
        }
        let v = v.trim_end_matches('\r').trim();
        let v = v.split(" #").next().unwrap_or(v).trim();
        if is_placeholder(v) {
            continue;
        }
        let vstart = start + line.len() - line.trim_start().len() + (t.len() - t.trim_start().len());
        let offset = line.find(v).map(|i| start + i).unwrap_or(vstart);
        return Some((offset, offset + v.len()));
    }
    None
}

fn find_line(data: &[u8], pred: impl Fn(&str) -> bool) -> Option<(usize, usize)> {
    lines(data).find(|(_, l)| pred(l)).map(|(s, l)| (s, s + l.trim_end_matches('\r').len()))
}

/// The token after `word` (netrc syntax: `machine h login u password p`).
fn value_after(data: &[u8], word: &str) -> Option<(usize, usize)> {
    for (start, line) in lines(data) {
        let mut it = line.split_whitespace().peekable();
        while let Some(w) = it.next() {
            if w == word {
                let v = it.peek()?;
                if is_placeholder(v) {
                    break;
                }
                let off = start + line.find(&format!("{word} ")).unwrap_or(0);
                let i = line[off - start..].find(*v)? + off;
                return Some((i, i + v.len()));
            }
        }
    }
    None
}

/// `key = value` / `key: value` lines (INI, npmrc; keys may carry a `//registry/:` scope).
fn key_value(data: &[u8], keys: &[&str]) -> Option<(usize, usize)> {
    for (start, line) in lines(data) {
        let Some((k, v)) = line.split_once('=').or_else(|| line.split_once(": ")) else { continue };
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

/// The span of a non-empty JSON string value of `"key"` (first occurrence).
fn json_string_value(data: &[u8], key: &str) -> Option<(usize, usize)> {
    let needle = format!("\"{key}\"");
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&data[from..], needle.as_bytes()) {
        let mut j = from + i + needle.len();
        while j < data.len() && (data[j] == b' ' || data[j] == b':' || data[j] == b'\t') {
            j += 1;
        }
        if data.get(j) == Some(&b'"') {
            let s = j + 1;
            let e = s + memchr::memchr(b'"', &data[s..])?;
            let v = std::str::from_utf8(&data[s..e]).ok()?;
            if !is_placeholder(v) && v.len() >= 8 {
                return Some((s, e));
            }
        }
        from = j;
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
        assert_eq!(rules(".env", FileKind::DotEnv, "# db\nDB_HOST=db.internal\n"), ["secrets/env-file"]);
        assert!(rules(".env.example", FileKind::DotEnv, "DB_HOST=db.internal\n").is_empty());
        assert!(rules(".env", FileKind::DotEnv, "DB_PASSWORD=\nTOKEN=${TOKEN}\n").is_empty());
    }

    #[test]
    fn credential_files() {
        assert_eq!(rules("certs/a.p12", FileKind::Keystore, ""), ["secrets/keystore-file"]);
        assert_eq!(rules("infra/terraform.tfstate", FileKind::Json, "{}"), ["secrets/terraform-state"]);
        assert_eq!(rules(".npmrc", FileKind::Text, "//registry.npmjs.org/:_authToken=q8Zr1Kx0pW7vN3mT\n"), ["secrets/npmrc-credentials"]);
        assert!(rules(".npmrc", FileKind::Text, "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n").is_empty());
        assert_eq!(rules("kaggle.json", FileKind::Json, r#"{"username":"u","key":"0123456789abcdef0123456789abcdef"}"#), ["secrets/kaggle-json"]);
        assert_eq!(rules(".docker/config.json", FileKind::Json, r#"{"auths":{"r":{"auth":"dXNlcjpwYXNzd29yZDE="}}}"#), ["secrets/docker-config-auths"]);
        assert_eq!(rules(".netrc", FileKind::Text, "machine h login u password q8Zr1Kx0\n"), ["secrets/netrc-file"]);
        assert_eq!(rules("home/.ssh/id_ed25519", FileKind::Text, "x"), ["secrets/private-key-file"]);
    }
}
