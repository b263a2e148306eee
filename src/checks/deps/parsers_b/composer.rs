//! Composer `composer.lock`.
//!
//! `packages` (dev `Some(false)`) and `packages-dev` (dev `Some(true)`); the lockfile does not
//! say which packages `composer.json` requires, so `direct` is `None`. The version is kept
//! as written (`v1.2.3` keeps its `v`: Packagist versions are tags, and whoever compares
//! them with advisories normalizes both sides). The line is that of the entry's `"name"`.
//!
//! Source: a `path` dist → a path; a package from a Composer repository (it has a
//! `notification-url`) at a release version → the registry; a branch (`dev-…`) or a package
//! from a VCS repository → git, with the commit from `source.reference` when it is a full
//! hash; else the dist URL. Hashed when `dist.shasum` is set (Composer rarely fills it).
//! `abandoned` → [`Fact::Deprecated`] ("abandoned; use X instead" when it names a
//! replacement).

use serde::Deserialize;

use super::json_lines::{key_lines, LineCursor, Seg};
use super::util::{is_hex40, json_error, package};
use super::{Ecosystem, Fact, Package, ParseError, Parsed, Source};

const FILE: &str = "composer.lock";

#[derive(Deserialize)]
struct Lock {
    #[serde(default)]
    packages: Option<Vec<Entry>>,
    #[serde(default, rename = "packages-dev")]
    packages_dev: Option<Vec<Entry>>,
}

#[derive(Deserialize)]
struct Entry {
    name: String,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    source: Option<Location>,
    #[serde(default)]
    dist: Option<Location>,
    #[serde(default, rename = "notification-url")]
    notification_url: Option<String>,
    #[serde(default)]
    abandoned: Option<serde_json::Value>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Location {
    #[serde(rename = "type")]
    kind: Option<String>,
    url: Option<String>,
    reference: Option<String>,
    shasum: Option<String>,
}

pub(crate) fn parse(text: &str) -> Result<Parsed, ParseError> {
    let lock: Lock = serde_json::from_str(text).map_err(|e| json_error(&e, FILE))?;
    let mut buckets = key_lines(text, 2, |path, key| match (path, key) {
        ([Seg::Key("packages"), Seg::Index], "name") => Some(0),
        ([Seg::Key("packages-dev"), Seg::Index], "name") => Some(1),
        _ => None,
    })
    .into_iter();
    let mut out = Parsed::default();
    for (entries, dev) in [(lock.packages, false), (lock.packages_dev, true)] {
        let mut lines = LineCursor::new(buckets.next().unwrap_or_default());
        for entry in entries.unwrap_or_default() {
            let line = lines.line_of("name");
            if let Some(message) = abandoned(entry.abandoned.as_ref()) {
                out.facts.push(Fact::Deprecated {
                    name: entry.name.clone(),
                    message,
                    line,
                });
            }
            out.packages.push(to_package(entry, line, dev));
        }
    }
    Ok(out)
}

fn abandoned(value: Option<&serde_json::Value>) -> Option<String> {
    match value? {
        serde_json::Value::Bool(true) => Some("abandoned".to_string()),
        serde_json::Value::String(s) if s.is_empty() => Some("abandoned".to_string()),
        serde_json::Value::String(s) => Some(format!("abandoned; use {s} instead")),
        _ => None,
    }
}

fn to_package(entry: Entry, line: usize, dev: bool) -> Package {
    let mut p = package(Ecosystem::Packagist, &entry.name, line);
    p.dev = Some(dev);
    let version = entry.version.unwrap_or_default();
    let source = entry.source.unwrap_or_default();
    let dist = entry.dist.unwrap_or_default();
    p.hashed = dist.shasum.as_deref().is_some_and(|s| !s.is_empty());
    let branch = version.starts_with("dev-") || version.ends_with("-dev");
    p.source = if dist.kind.as_deref() == Some("path") {
        Source::Path(dist.url.unwrap_or_default())
    } else if entry.notification_url.is_some() && !branch {
        Source::Registry
    } else if let (Some("git"), Some(url)) = (source.kind.as_deref(), source.url) {
        Source::Git {
            url,
            rev: source.reference.filter(|r| is_hex40(r)),
        }
    } else if let Some(url) = dist.url.filter(|u| !u.is_empty()) {
        Source::Url(url)
    } else {
        Source::Registry
    };
    if !version.is_empty() {
        p.version = Some(version);
    }
    p
}

#[cfg(test)]
mod tests {
    use super::super::util::testing::{assert_packages, fuzz, git, pkg};
    use super::*;

    const LOCK: &str = r##"{
    "_readme": [
        "This file locks the dependencies of your project to a known state"
    ],
    "content-hash": "abc",
    "packages": [
        {
            "name": "monolog/monolog",
            "version": "2.9.1",
            "source": {
                "type": "git",
                "url": "https://github.com/Seldaek/monolog.git",
                "reference": "f259e2b15fb95494c83f52d3caad003bbf5ffaa1"
            },
            "dist": {
                "type": "zip",
                "url": "https://api.github.com/repos/Seldaek/monolog/zipball/f259e2b15fb95494c83f52d3caad003bbf5ffaa1",
                "reference": "f259e2b15fb95494c83f52d3caad003bbf5ffaa1",
                "shasum": ""
            },
            "require": {
                "php": ">=7.2",
                "psr/log": "^1.0.1 || ^2.0 || ^3.0"
            },
            "type": "library",
            "notification-url": "https://packagist.org/downloads/",
            "license": ["MIT"]
        },
        {
            "name": "acme/private",
            "version": "dev-main",
            "source": {
                "type": "git",
                "url": "git@git.example.com:acme/private.git",
                "reference": "0123456789abcdef0123456789abcdef01234567"
            },
            "type": "library"
        },
        {
            "name": "acme/local",
            "version": "1.0.0",
            "dist": {
                "type": "path",
                "url": "../local",
                "reference": "abc"
            },
            "type": "library"
        },
        {
            "name": "old/thing",
            "version": "v1.2.3",
            "dist": {
                "type": "zip",
                "url": "https://example.com/thing.zip",
                "shasum": "0123456789abcdef0123456789abcdef01234567"
            },
            "abandoned": "new/thing"
        }
    ],
    "packages-dev": [
        {
            "name": "phpunit/phpunit",
            "version": "9.6.0",
            "source": {"type": "git", "url": "https://github.com/sebastianbergmann/phpunit.git", "reference": "x"},
            "notification-url": "https://packagist.org/downloads/",
            "abandoned": true
        }
    ],
    "aliases": [],
    "minimum-stability": "stable",
    "platform": {"php": ">=8.1"}
}
"##;

    fn php(
        name: &str,
        version: &str,
        line: usize,
        dev: bool,
        source: Source,
        hashed: bool,
    ) -> Package {
        pkg(
            Ecosystem::Packagist,
            name,
            Some(version),
            None,
            line,
            None,
            Some(dev),
            source,
            hashed,
        )
    }

    #[test]
    fn packages_and_dev_packages() {
        let parsed = parse(LOCK).unwrap();
        assert_packages(
            &parsed.packages,
            &[
                php(
                    "monolog/monolog",
                    "2.9.1",
                    8,
                    false,
                    Source::Registry,
                    false,
                ),
                php(
                    "acme/private",
                    "dev-main",
                    30,
                    false,
                    git(
                        "git@git.example.com:acme/private.git",
                        Some("0123456789abcdef0123456789abcdef01234567"),
                    ),
                    false,
                ),
                php(
                    "acme/local",
                    "1.0.0",
                    40,
                    false,
                    Source::Path("../local".into()),
                    false,
                ),
                php(
                    "old/thing",
                    "v1.2.3",
                    50,
                    false,
                    Source::Url("https://example.com/thing.zip".into()),
                    true,
                ),
                php(
                    "phpunit/phpunit",
                    "9.6.0",
                    62,
                    true,
                    Source::Registry,
                    false,
                ),
            ],
        );
        assert_eq!(
            parsed.facts,
            vec![
                Fact::Deprecated {
                    name: "old/thing".into(),
                    message: "abandoned; use new/thing instead".into(),
                    line: 50
                },
                Fact::Deprecated {
                    name: "phpunit/phpunit".into(),
                    message: "abandoned".into(),
                    line: 62
                },
            ]
        );
    }

    #[test]
    fn dev_section_first_in_file() {
        let text = "{\n\"packages-dev\": [\n{\"name\": \"d/d\", \"version\": \"1.0.0\"}\n],\n\"packages\": [\n{\"name\": \"p/p\", \"version\": \"2.0.0\"}\n]\n}";
        let parsed = parse(text).unwrap();
        assert_packages(
            &parsed.packages,
            &[
                php("p/p", "2.0.0", 6, false, Source::Registry, false),
                php("d/d", "1.0.0", 3, true, Source::Registry, false),
            ],
        );
    }

    #[test]
    fn malformed() {
        let e = parse("{\n  \"packages\": [\n    {\"version\": \"1.0.0\"}\n  ]\n}").unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
        assert!(e.message.contains("missing field `name`"), "{e:?}");
        let e = parse("{\n  \"packages\": {}\n}").unwrap_err();
        assert_eq!(e.line, 2, "{e:?}");
    }

    #[test]
    fn garbled_files_never_panic() {
        fuzz(LOCK, 3, |t| parse(t).is_ok());
    }
}
