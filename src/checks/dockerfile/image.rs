//! Image references (`registry/name:tag@digest`) and the `ARG` substitution that FROM lines
//! need (`${VAR}`, `${VAR:-default}`, `$VAR`).
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// As written, after substitution.
    pub text: String,
    /// The registry host when one is named (`ghcr.io`, `localhost:5000`).
    pub registry: Option<String>,
    pub name: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
    /// A variable is left that no ARG default resolves.
    pub unresolved: bool,
}

impl ImageRef {
    pub fn parse(text: &str) -> ImageRef {
        let unresolved = text.contains('$');
        let (rest, digest) = match text.split_once('@') {
            Some((r, d)) => (r, Some(d.to_string())),
            None => (text, None),
        };
        let slash = rest.rfind('/').map_or(0, |i| i + 1);
        let (path, tag) = match rest[slash..].rfind(':') {
            Some(i) => (&rest[..slash + i], Some(rest[slash + i + 1..].to_string())),
            None => (rest, None),
        };
        let (registry, name) = match path.split_once('/') {
            Some((first, more))
                if first.contains('.') || first.contains(':') || first == "localhost" =>
            {
                (Some(first.to_string()), more.to_string())
            }
            _ => (None, path.to_string()),
        };
        ImageRef {
            text: text.to_string(),
            registry,
            name,
            tag,
            digest,
            unresolved,
        }
    }

    pub fn is_scratch(&self) -> bool {
        self.text.eq_ignore_ascii_case("scratch")
    }

    /// The registry, with Docker Hub's implied name.
    pub fn registry_or_hub(&self) -> &str {
        self.registry.as_deref().unwrap_or("docker.io")
    }
}

/// Replaces `$VAR`, `${VAR}`, `${VAR:-default}` and `${VAR-default}` from `vars`; unknown
/// variables without a default are left as written.
pub fn substitute(text: &str, vars: &HashMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(body) = after.strip_prefix('{') {
            let Some(end) = body.find('}') else {
                out.push_str(&rest[i..]);
                return out;
            };
            let inner = &body[..end];
            let (name, default) = match inner.find([':', '-']) {
                Some(j) => {
                    let op = &inner[j..];
                    let default = op
                        .strip_prefix(":-")
                        .or_else(|| op.strip_prefix('-'))
                        .map(str::to_string);
                    (&inner[..j], default)
                }
                None => (inner, None),
            };
            match vars
                .get(name)
                .filter(|v| !v.is_empty())
                .cloned()
                .or(default)
            {
                Some(v) => out.push_str(&v),
                None => out.push_str(&rest[i..i + 2 + end + 1]),
            }
            rest = &body[end + 1..];
        } else {
            let len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            let name = &after[..len];
            match vars.get(name) {
                Some(v) if !name.is_empty() => out.push_str(v),
                _ => out.push_str(&rest[i..i + 1 + len]),
            }
            rest = &after[len..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        let r = ImageRef::parse("ghcr.io/org/app:1.2@sha256:abc");
        assert_eq!(r.registry.as_deref(), Some("ghcr.io"));
        assert_eq!(r.name, "org/app");
        assert_eq!(r.tag.as_deref(), Some("1.2"));
        assert_eq!(r.digest.as_deref(), Some("sha256:abc"));
        let r = ImageRef::parse("localhost:5000/app");
        assert_eq!(r.registry.as_deref(), Some("localhost:5000"));
        assert_eq!(r.tag, None);
        let r = ImageRef::parse("library/ubuntu:22.04");
        assert_eq!(r.registry, None);
        assert_eq!(r.registry_or_hub(), "docker.io");
        assert!(ImageRef::parse("${BASE}").unresolved);
    }

    #[test]
    fn substitution() {
        let vars: HashMap<String, String> = [
            ("V".to_string(), "3.19".to_string()),
            ("E".into(), String::new()),
        ]
        .into();
        assert_eq!(substitute("alpine:${V}", &vars), "alpine:3.19");
        assert_eq!(substitute("alpine:$V-x", &vars), "alpine:3.19-x");
        assert_eq!(substitute("py:${PY:-3.12}-slim", &vars), "py:3.12-slim");
        assert_eq!(substitute("py:${E:-1}", &vars), "py:1");
        assert_eq!(substitute("${UNSET}", &vars), "${UNSET}");
        assert_eq!(substitute("a$", &vars), "a$");
        assert_eq!(substitute("${open", &vars), "${open");
    }
}
