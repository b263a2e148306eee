//! Helpers shared by the parsers: errors, an order-keeping map for serde, and the reading
//! of npm-style specs and URLs (git, tarball, local path).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};

use super::{Ecosystem, Package, ParseError, Source};

pub(crate) fn err(line: usize, message: impl Into<String>) -> ParseError {
    ParseError {
        line: line.max(1),
        message: message.into(),
    }
}

/// A serde_json error as a [`ParseError`]: its line, and its message without the
/// ` at line L column C` that serde_json appends (the line is reported apart).
pub(crate) fn json_error(e: &serde_json::Error, file: &str) -> ParseError {
    let full = e.to_string();
    let message = match full.rfind(" at line ") {
        Some(i) => &full[..i],
        None => full.as_str(),
    };
    err(e.line(), format!("{file} is not valid: {message}"))
}

/// A package with the defaults: no version, registry source, nothing known.
pub(crate) fn package(ecosystem: Ecosystem, name: &str, line: usize) -> Package {
    Package {
        name: name.to_string(),
        version: None,
        requirement: None,
        ecosystem,
        line,
        direct: None,
        dev: None,
        source: Source::Registry,
        hashed: false,
    }
}

/// A JSON or YAML mapping read as its entries in file order (duplicates kept). serde_json's
/// own map sorts its keys, which would lose the order the line scanner relies on.
pub(crate) struct Pairs<K, V>(pub Vec<(K, V)>);

impl<K, V> Default for Pairs<K, V> {
    fn default() -> Self {
        Pairs(Vec::new())
    }
}

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for Pairs<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PairsVisitor<K, V>(PhantomData<(K, V)>);
        impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for PairsVisitor<K, V> {
            type Value = Pairs<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(4096));
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Pairs(entries))
            }
        }
        deserializer.deserialize_map(PairsVisitor(PhantomData))
    }
}

pub(crate) fn is_hex40(s: &str) -> bool {
    s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `name@range` split at the `@` that ends the name (a scoped `@scope/name` keeps its
/// leading `@`). None when there is no such `@`.
pub(crate) fn split_name_range(spec: &str) -> Option<(&str, &str)> {
    let at = spec.get(1..)?.find('@')? + 1;
    Some((&spec[..at], &spec[at + 1..]))
}

/// An exact semver version (`1.2.3`, `1.2.3-rc.1+build`), optionally written `=1.2.3` or
/// `v1.2.3`; returns it without the prefix.
pub(crate) fn exact_version(spec: &str) -> Option<&str> {
    let v = spec.trim();
    let v = v.strip_prefix('=').unwrap_or(v).trim_start();
    let v = v.strip_prefix('v').unwrap_or(v);
    let (core, build) = match v.split_once('+') {
        Some((c, b)) => (c, Some(b)),
        None => (v, None),
    };
    let (core, pre) = match core.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (core, None),
    };
    let mut parts = 0;
    for part in core.split('.') {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        parts += 1;
    }
    let ident_ok = |s: &str| {
        !s.is_empty()
            && s.split('.')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    };
    if parts != 3 || pre.is_some_and(|p| !ident_ok(p)) || build.is_some_and(|b| !ident_ok(b)) {
        return None;
    }
    Some(v)
}

/// Is this spec or URL a git one (`git+https://…`, `git://…`, `github:u/r`, `u/r#ref`…)?
pub(crate) fn is_git_spec(spec: &str) -> bool {
    let lower = spec.get(..12).unwrap_or(spec).to_ascii_lowercase();
    if [
        "git+",
        "git:",
        "git@",
        "github:",
        "gitlab:",
        "bitbucket:",
        "gist:",
        "ssh://",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
    {
        return true;
    }
    let base = spec.split('#').next().unwrap_or(spec);
    if (spec.starts_with("http://") || spec.starts_with("https://"))
        && (base.ends_with(".git") || spec.contains("#commit="))
    {
        return true;
    }
    is_github_shorthand(spec)
}

/// npm's `user/repo` or `user/repo#ref` shorthand for a GitHub repository.
fn is_github_shorthand(spec: &str) -> bool {
    let base = spec.split('#').next().unwrap_or(spec);
    let Some((user, repo)) = base.split_once('/') else {
        return false;
    };
    let ok = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    };
    ok(user) && ok(repo) && !user.starts_with('.') && !spec.starts_with('@')
}

/// A git source from a spec or URL: the URL before `#`, and the commit when the fragment is
/// a full hash (`#<sha>`, or Berry's `#commit=<sha>` among `&`-joined parameters).
pub(crate) fn git_source(spec: &str) -> Source {
    if let Some(source) = codeload_git(spec) {
        return source;
    }
    let (url, fragment) = spec.split_once('#').unwrap_or((spec, ""));
    let rev = fragment
        .split('&')
        .map(|p| p.strip_prefix("commit=").unwrap_or(p))
        .find(|p| is_hex40(p))
        .map(str::to_string);
    Source::Git {
        url: url.to_string(),
        rev,
    }
}

/// A GitHub tarball (`https://codeload.github.com/<owner>/<repo>/tar.gz/<sha>`), which is
/// how npm, Yarn and pnpm fetch `github:` dependencies, as the git source it stands for.
pub(crate) fn codeload_git(url: &str) -> Option<Source> {
    let rest = url
        .strip_prefix("https://codeload.github.com/")
        .or_else(|| url.strip_prefix("http://codeload.github.com/"))?;
    let mut parts = rest.split('/');
    let owner = parts.next().filter(|s| !s.is_empty())?;
    let repo = parts.next().filter(|s| !s.is_empty())?;
    let _format = parts.next();
    let rev = parts
        .next()
        .map(|r| r.split(['#', '?']).next().unwrap_or(r))
        .filter(|r| is_hex40(r))
        .map(str::to_string);
    Some(Source::Git {
        url: format!("https://github.com/{owner}/{repo}"),
        rev,
    })
}

/// Where an npm-style `resolved` URL (or spec) points: a registry tarball (`…/-/…`), git, a
/// local path, or another URL.
pub(crate) fn resolved_source(resolved: &str) -> Source {
    if is_git_spec(resolved) {
        return git_source(resolved);
    }
    if let Some(source) = codeload_git(resolved) {
        return source;
    }
    if resolved.starts_with("http://") || resolved.starts_with("https://") {
        if resolved.contains("/-/") {
            return Source::Registry;
        }
        return Source::Url(resolved.to_string());
    }
    for prefix in ["file:", "link:", "portal:"] {
        if let Some(path) = resolved.strip_prefix(prefix) {
            return Source::Path(path.to_string());
        }
    }
    if resolved.contains("://") {
        return Source::Url(resolved.to_string());
    }
    Source::Path(resolved.to_string())
}

/// Is this a local path spec (`file:`, `link:`, `./x`, `../x`, `/x`, `~/x`)?
pub(crate) fn local_path(spec: &str) -> Option<&str> {
    for prefix in ["file:", "link:", "portal:"] {
        if let Some(path) = spec.strip_prefix(prefix) {
            return Some(path);
        }
    }
    if spec.starts_with("./")
        || spec.starts_with("../")
        || spec.starts_with('/')
        || spec.starts_with("~/")
    {
        return Some(spec);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_versions() {
        assert_eq!(exact_version("1.2.3"), Some("1.2.3"));
        assert_eq!(exact_version("=1.2.3"), Some("1.2.3"));
        assert_eq!(exact_version("v1.2.3-rc.1+b.5"), Some("1.2.3-rc.1+b.5"));
        assert_eq!(exact_version("^1.2.3"), None);
        assert_eq!(exact_version("1.2"), None);
        assert_eq!(exact_version("1.2.x"), None);
        assert_eq!(exact_version("1.2.3 - 2.0.0"), None);
        assert_eq!(exact_version("1.2.3-"), None);
        assert_eq!(exact_version("latest"), None);
        assert_eq!(exact_version(""), None);
    }

    #[test]
    fn names_and_ranges() {
        assert_eq!(split_name_range("a@^1"), Some(("a", "^1")));
        assert_eq!(split_name_range("@s/a@npm:^1"), Some(("@s/a", "npm:^1")));
        assert_eq!(split_name_range("@s/a"), None);
        assert_eq!(split_name_range(""), None);
        assert_eq!(split_name_range("@"), None);
    }

    #[test]
    fn git_specs() {
        let sha = "0123456789abcdef0123456789abcdef01234567";
        assert!(is_git_spec("git+ssh://git@github.com/a/b.git"));
        assert!(is_git_spec("github:a/b"));
        assert!(is_git_spec("a/b#main"));
        assert!(is_git_spec("https://github.com/a/b.git#x"));
        assert!(!is_git_spec("https://registry.npmjs.org/a/-/a-1.0.0.tgz"));
        assert!(!is_git_spec("@s/a"));
        assert!(!is_git_spec("../a/b"));
        assert!(!is_git_spec("^1.0.0"));
        assert_eq!(
            git_source(&format!("git+https://x.org/a/b.git#{sha}")),
            Source::Git {
                url: "git+https://x.org/a/b.git".into(),
                rev: Some(sha.into())
            }
        );
        assert_eq!(
            git_source(&format!("https://x.org/a/b.git#head=main&commit={sha}")),
            Source::Git {
                url: "https://x.org/a/b.git".into(),
                rev: Some(sha.into())
            }
        );
        assert_eq!(
            git_source("github:a/b#main"),
            Source::Git {
                url: "github:a/b".into(),
                rev: None
            }
        );
        assert_eq!(
            resolved_source(&format!("https://codeload.github.com/o/r/tar.gz/{sha}")),
            Source::Git {
                url: "https://github.com/o/r".into(),
                rev: Some(sha.into())
            }
        );
        assert_eq!(
            resolved_source("https://r.example/a/-/a-1.tgz"),
            Source::Registry
        );
        assert_eq!(
            resolved_source("https://example.com/a.tgz"),
            Source::Url("https://example.com/a.tgz".into())
        );
        assert_eq!(resolved_source("file:../a"), Source::Path("../a".into()));
        assert_eq!(resolved_source("../a"), Source::Path("../a".into()));
    }
}

/// Test helpers shared by the parsers' tests.
#[cfg(test)]
pub(crate) mod testing {
    use super::super::{Ecosystem, Package, Source};

    /// A package as the tests expect it: (name, version, line, direct, dev, source, hashed).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn pkg(
        ecosystem: Ecosystem,
        name: &str,
        version: Option<&str>,
        requirement: Option<&str>,
        line: usize,
        direct: Option<bool>,
        dev: Option<bool>,
        source: Source,
        hashed: bool,
    ) -> Package {
        Package {
            name: name.to_string(),
            version: version.map(str::to_string),
            requirement: requirement.map(str::to_string),
            ecosystem,
            line,
            direct,
            dev,
            source,
            hashed,
        }
    }

    pub(crate) fn git(url: &str, rev: Option<&str>) -> Source {
        Source::Git {
            url: url.to_string(),
            rev: rev.map(str::to_string),
        }
    }

    /// Compare package by package, so a failure names the first one that differs.
    pub(crate) fn assert_packages(got: &[Package], want: &[Package]) {
        for (i, (g, w)) in got.iter().zip(want).enumerate() {
            assert_eq!(g, w, "package #{i}");
        }
        assert_eq!(got.len(), want.len(), "package count: got {got:#?}");
    }

    /// Every prefix of the text (at char boundaries, every `step` bytes), and the text with
    /// bytes replaced by special ones: the parser must return, never panic.
    pub(crate) fn fuzz(text: &str, step: usize, parse: impl Fn(&str) -> bool) {
        let mut cut = 0;
        while cut <= text.len() {
            if let Some(prefix) = text.get(..cut) {
                let _ = parse(prefix);
            }
            cut += step.max(1);
        }
        let specials = [
            b'"', b'{', b'}', b'[', b':', b'\n', b' ', b'@', b'#', b'\'', b'-', b',',
        ];
        // Three of the special bytes at each position, in turn.
        for (k, (i, _)) in text.char_indices().step_by(step.max(1)).enumerate() {
            for c in (0..3).map(|j| specials[(k * 3 + j) % specials.len()]) {
                let mut bytes = text.as_bytes().to_vec();
                bytes[i] = c;
                if let Ok(s) = String::from_utf8(bytes) {
                    let _ = parse(&s);
                }
            }
        }
    }
}
