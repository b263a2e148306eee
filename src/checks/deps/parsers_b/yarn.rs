//! `yarn.lock`: classic (v1, Yarn's own format) and Berry (v2+, YAML with `__metadata`).
//!
//! Classic: one entry per resolved package, headed by its specifiers
//! (`"a@^1.0.0", a@^1.1.0:`) and followed by indented `version "1.2.3"`, `resolved`,
//! `integrity`, `dependencies:` … The file does not say which packages the project names,
//! nor which are for development: `direct` and `dev` are `None`. The name is the real
//! package's (`alias@npm:real@^1` names `real`). The source comes from the specifier (git,
//! `github:`, URL, `file:`) else the registry; hashed when `integrity` is set, or when the
//! `resolved` URL carries the SHA-1 fragment (`…tgz#<sha1>`) that Yarn classic checks.
//!
//! Berry: entries keyed by descriptors (`"a@npm:^1.0.0, a@npm:^1.1.0"`) with `version`,
//! `resolution` (`a@npm:1.2.3`), `checksum` (→ hashed), `linkType`. `linkType: soft` entries
//! (workspaces, `link:`, `portal:`) and `workspace:` resolutions are the project's own code
//! and are skipped; the workspaces' `dependencies` (which Berry records with the dev ones
//! merged in) tell which packages are direct: `Some(true)`/`Some(false)` when the file has
//! a workspace entry, else `None`; `dev` is `None`. A `patch:` resolution names the package
//! it patches (`resolve@patch:resolve@npm%3A1.22.10#…` → `resolve` 1.22.10); when the
//! unpatched entry is also in the file (as with Yarn's built-in compatibility patches) the
//! two count as one package.

use std::collections::{HashMap, HashSet};

use super::util::{
    codeload_git, err, git_source, is_git_spec, is_hex40, local_path, package, resolved_source,
    split_name_range,
};
use super::yaml::{self, Node};
use super::{Ecosystem, Package, ParseError, Parsed, Source};
use crate::text::percent_decode;

pub(crate) fn parse(text: &str) -> Result<Parsed, ParseError> {
    let berry = text.starts_with("__metadata:") || text.contains("\n__metadata:");
    if berry {
        parse_berry(text)
    } else {
        parse_classic(text)
    }
}

// ---------------------------------------------------------------------------------------
// Classic (v1).

struct ClassicEntry {
    line: usize,
    specifiers: Vec<String>,
    version: Option<String>,
    resolved: Option<String>,
    integrity: Option<String>,
}

fn parse_classic(text: &str) -> Result<Parsed, ParseError> {
    let mut out = Parsed::default();
    let mut current: Option<ClassicEntry> = None;
    // Indentation of the fields of the current entry, and whether a nested block
    // (`dependencies:`) is open.
    let mut field_indent: Option<usize> = None;
    let mut in_block = false;
    for (idx, raw) in text.split('\n').enumerate() {
        let line = idx + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let content = raw.trim_start_matches(' ');
        let indent = raw.len() - content.len();
        let content = content.trim_end();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if content.starts_with('\t') {
            return Err(err(
                line,
                "yarn.lock is not valid: tabs are not allowed for indentation",
            ));
        }
        if indent == 0 {
            if let Some(entry) = current.take() {
                out.packages.push(classic_package(entry)?);
            }
            let header = content.strip_suffix(':').ok_or_else(|| {
                err(
                    line,
                    format!(
                        "yarn.lock is not valid: expected an entry header like `\"name@^1.0.0\":`, found `{}`",
                        clip(content)
                    ),
                )
            })?;
            let specifiers = split_specifiers(header).ok_or_else(|| {
                err(
                    line,
                    "yarn.lock is not valid: unterminated quote in entry header",
                )
            })?;
            if specifiers.is_empty() {
                return Err(err(
                    line,
                    "yarn.lock is not valid: entry header names no package",
                ));
            }
            current = Some(ClassicEntry {
                line,
                specifiers,
                version: None,
                resolved: None,
                integrity: None,
            });
            field_indent = None;
            in_block = false;
            continue;
        }
        let Some(entry) = current.as_mut() else {
            return Err(err(
                line,
                "yarn.lock is not valid: an indented line comes before any entry header",
            ));
        };
        let fields_at = *field_indent.get_or_insert(indent);
        if indent > fields_at {
            if !in_block {
                return Err(err(
                    line,
                    "yarn.lock is not valid: unexpected indentation (only `dependencies:`-like fields open a nested block)",
                ));
            }
            continue;
        }
        if indent < fields_at {
            return Err(err(
                line,
                "yarn.lock is not valid: inconsistent indentation",
            ));
        }
        let (key, value) = split_field(content).ok_or_else(|| {
            err(
                line,
                format!(
                    "yarn.lock is not valid: cannot read field `{}`",
                    clip(content)
                ),
            )
        })?;
        in_block = value.is_none();
        let value = value.map(str::to_string);
        match key.as_str() {
            "version" => entry.version = value,
            "resolved" => entry.resolved = value,
            "integrity" => entry.integrity = value,
            _ => {}
        }
    }
    if let Some(entry) = current.take() {
        out.packages.push(classic_package(entry)?);
    }
    Ok(out)
}

/// At most 60 characters of a line, for messages.
fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// `"a@^1", a@^2` → the specifiers, unquoted. None on an unterminated quote.
fn split_specifiers(header: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut chars = header.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ' ' || *c == ',') {
            chars.next();
        }
        let Some(&c) = chars.peek() else { break };
        let mut spec = String::new();
        if c == '"' {
            chars.next();
            loop {
                match chars.next()? {
                    '"' => break,
                    '\\' => spec.push(chars.next()?),
                    other => spec.push(other),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ',' {
                    break;
                }
                spec.push(c);
                chars.next();
            }
            spec.truncate(spec.trim_end().len());
        }
        if !spec.is_empty() {
            out.push(spec);
        }
    }
    Some(out)
}

/// `key value`, `"key" "value"` or `key:` (a nested block: value None).
fn split_field(content: &str) -> Option<(String, Option<&str>)> {
    let (key, rest) = if let Some(stripped) = content.strip_prefix('"') {
        let end = stripped.find('"')?;
        (stripped[..end].to_string(), &stripped[end + 1..])
    } else {
        let end = content.find([' ', ':']).unwrap_or(content.len());
        (content[..end].to_string(), &content[end..])
    };
    if rest == ":" {
        return Some((key, None));
    }
    let rest = rest.strip_prefix(':').unwrap_or(rest).trim_start();
    if rest.is_empty() {
        return None;
    }
    let value = match rest.strip_prefix('"') {
        Some(q) => q.strip_suffix('"')?,
        None => rest,
    };
    Some((key, Some(value)))
}

fn classic_package(entry: ClassicEntry) -> Result<Package, ParseError> {
    let first = entry.specifiers.first().map(String::as_str).unwrap_or("");
    let (mut name, mut range) = split_name_range(first).unwrap_or((first, ""));
    if let Some((real, r)) = range.strip_prefix("npm:").and_then(split_name_range) {
        name = real;
        range = r;
    }
    let Some(version) = entry.version else {
        return Err(err(
            entry.line,
            format!(
                "yarn.lock is not valid: entry `{}` has no `version`",
                clip(first)
            ),
        ));
    };
    let mut p = package(Ecosystem::Npm, name, entry.line);
    p.version = Some(version);
    let resolved = entry.resolved.as_deref();
    p.source = if is_git_spec(range) {
        git_source(resolved.unwrap_or(range))
    } else if let Some(path) = local_path(range) {
        Source::Path(path.to_string())
    } else if range.starts_with("http://") || range.starts_with("https://") {
        let url = resolved.unwrap_or(range);
        codeload_git(url).unwrap_or_else(|| resolved_source(url))
    } else {
        Source::Registry
    };
    let sha1_fragment = resolved
        .and_then(|r| r.rsplit_once('#'))
        .is_some_and(|(_, h)| is_hex40(h));
    p.hashed = entry.integrity.as_deref().is_some_and(|s| !s.is_empty())
        || (sha1_fragment && !matches!(p.source, Source::Git { .. }));
    Ok(p)
}

// ---------------------------------------------------------------------------------------
// Berry (v2+).

fn parse_berry(text: &str) -> Result<Parsed, ParseError> {
    let root = yaml::parse(text, "yarn.lock")?;
    if !matches!(root, Node::Map(_) | Node::Null) {
        return Err(err(
            1,
            "yarn.lock is not valid: expected a mapping of entries",
        ));
    }
    // Descriptors (`name@range`) that the workspaces depend on.
    let mut workspace_deps: HashSet<String> = HashSet::new();
    let mut has_workspace = false;
    for entry in root.entries() {
        let resolution = entry.value.str_of("resolution").unwrap_or("");
        if resolution.contains("@workspace:") {
            has_workspace = true;
            for section in ["dependencies", "devDependencies", "optionalDependencies"] {
                for dep in entry.value.get(section).map(Node::entries).unwrap_or(&[]) {
                    if let Some(range) = dep.value.as_str() {
                        workspace_deps.insert(format!("{}@{}", dep.key, range));
                    }
                }
            }
        }
    }

    let mut out = Parsed::default();
    // (package, is a patch) in file order.
    let mut found: Vec<(Package, bool)> = Vec::new();
    for entry in root.entries() {
        if entry.key == "__metadata" {
            continue;
        }
        let value = &entry.value;
        if !matches!(value, Node::Map(_)) {
            return Err(err(
                entry.line,
                format!(
                    "yarn.lock is not valid: entry `{}` is not a mapping",
                    clip(&entry.key)
                ),
            ));
        }
        if value.str_of("linkType") == Some("soft") {
            continue;
        }
        let first_descriptor = entry.key.split(',').next().unwrap_or("").trim();
        let resolution = value.str_of("resolution").unwrap_or(first_descriptor);
        let Some((mut name, mut range)) = split_name_range(resolution) else {
            return Err(err(
                entry.line,
                format!(
                    "yarn.lock is not valid: cannot read the resolution `{}`",
                    clip(resolution)
                ),
            ));
        };
        let inner: String;
        let patch = range.starts_with("patch:");
        if let Some(spec) = range.strip_prefix("patch:") {
            // Yarn Berry writes `npm%3A1.2.3` inside `patch:` locators.
            inner = percent_decode(spec.split('#').next().unwrap_or(spec));
            if let Some((n, r)) = split_name_range(&inner) {
                name = n;
                range = r;
            }
        }
        if range.starts_with("workspace:") {
            continue;
        }
        let Some(version) = value.str_of("version") else {
            return Err(err(
                entry.line,
                format!(
                    "yarn.lock is not valid: entry `{}` has no `version`",
                    clip(&entry.key)
                ),
            ));
        };
        let mut p = package(Ecosystem::Npm, name, entry.line);
        p.version = Some(version.to_string());
        p.source = berry_source(range);
        p.hashed = value.str_of("checksum").is_some_and(|c| !c.is_empty());
        p.direct = has_workspace.then(|| {
            entry
                .key
                .split(',')
                .any(|d| workspace_deps.contains(d.trim()))
        });
        found.push((p, patch));
    }

    // A patched package whose unpatched entry is also here counts once (direct if either
    // is).
    let mut plain: HashMap<(String, Option<String>), usize> = HashMap::new();
    for (i, (p, patch)) in found.iter().enumerate() {
        if !patch {
            plain
                .entry((p.name.clone(), p.version.clone()))
                .or_insert(i);
        }
    }
    let mut keep = vec![true; found.len()];
    for i in 0..found.len() {
        if !found[i].1 {
            continue;
        }
        let key = (found[i].0.name.clone(), found[i].0.version.clone());
        if let Some(&j) = plain.get(&key) {
            keep[i] = false;
            if found[i].0.direct == Some(true) {
                found[j].0.direct = Some(true);
            }
        }
    }
    out.packages = found
        .into_iter()
        .zip(keep)
        .filter_map(|((p, _), k)| k.then_some(p))
        .collect();
    Ok(out)
}

fn berry_source(range: &str) -> Source {
    if range.starts_with("npm:") {
        return Source::Registry;
    }
    if is_git_spec(range) {
        return git_source(range);
    }
    if let Some(path) = range
        .strip_prefix("file:")
        .or_else(|| range.strip_prefix("exec:"))
    {
        return Source::Path(path.to_string());
    }
    if range.starts_with("http://") || range.starts_with("https://") {
        return codeload_git(range).unwrap_or_else(|| Source::Url(range.to_string()));
    }
    Source::Registry
}

#[cfg(test)]
mod tests {
    use super::super::util::testing::{assert_packages, fuzz, git, pkg};
    use super::*;

    const CLASSIC: &str = r##"# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.
# yarn lockfile v1


"@babel/code-frame@^7.0.0", "@babel/code-frame@^7.10.4":
  version "7.16.7"
  resolved "https://registry.yarnpkg.com/@babel/code-frame/-/code-frame-7.16.7.tgz#44416b6bd7624b998f5b1af5d470856c40138789"
  integrity sha512-AAA==
  dependencies:
    "@babel/highlight" "^7.16.7"

js-tokens@^4.0.0, "js-tokens@^3.0.0 || ^4.0.0":
  version "4.0.0"
  resolved "https://registry.yarnpkg.com/js-tokens/-/js-tokens-4.0.0.tgz#19203fb59991df98e3a287050d4647cdeaf32499"

"string-width-cjs@npm:string-width@^4.2.0":
  version "4.2.3"
  resolved "https://registry.yarnpkg.com/string-width/-/string-width-4.2.3.tgz"
  integrity sha512-BBB==

"mylib@github:o/mylib":
  version "1.0.0"
  resolved "https://codeload.github.com/o/mylib/tar.gz/0123456789abcdef0123456789abcdef01234567"

"other@git+https://example.com/other.git#v2":
  version "2.0.0"
  resolved "git+https://example.com/other.git#89abcdef0123456789abcdef0123456789abcdef"

"local@file:../local":
  version "0.0.1"

"tar@https://example.com/tar-1.0.0.tgz":
  version "1.0.0"
  resolved "https://example.com/tar-1.0.0.tgz#1111111111111111111111111111111111111111"
  optionalDependencies:
    fsevents "~2.3.2"
"##;

    const BERRY: &str = r##"# This file is generated by running "yarn install" inside your project.
# Manual changes might be lost - proceed with caution!

__metadata:
  version: 8
  cacheKey: 10c0

"@scope/a@npm:^1.0.0, @scope/a@npm:^1.1.0":
  version: 1.2.0
  resolution: "@scope/a@npm:1.2.0"
  dependencies:
    js-tokens: "npm:^4.0.0"
  checksum: 10c0/aaaa
  languageName: node
  linkType: hard

"app@workspace:.":
  version: 0.0.0-use.local
  resolution: "app@workspace:."
  dependencies:
    "@scope/a": "npm:^1.1.0"
    mylib: "github:o/mylib#commit=0123456789abcdef0123456789abcdef01234567"
    resolve: "patch:resolve@npm%3A^1.22.0#optional!builtin<compat/resolve>"
    sub: "workspace:packages/sub"
  languageName: unknown
  linkType: soft

"js-tokens@npm:^4.0.0":
  version: 4.0.0
  resolution: "js-tokens@npm:4.0.0"
  checksum: 10c0/bbbb
  languageName: node
  linkType: hard

"mylib@github:o/mylib#commit=0123456789abcdef0123456789abcdef01234567":
  version: 1.0.0
  resolution: "mylib@https://github.com/o/mylib.git#commit=0123456789abcdef0123456789abcdef01234567"
  languageName: node
  linkType: hard

"resolve@npm:^1.22.0":
  version: 1.22.8
  resolution: "resolve@npm:1.22.8"
  checksum: 10c0/cccc
  languageName: node
  linkType: hard

"resolve@patch:resolve@npm%3A^1.22.0#optional!builtin<compat/resolve>":
  version: 1.22.8
  resolution: "resolve@patch:resolve@npm%3A1.22.8#optional!builtin<compat/resolve>::version=1.22.8&hash=c3c19d"
  checksum: 10c0/dddd
  languageName: node
  linkType: hard

"left-pad@patch:left-pad@npm%3A1.3.0#./patches/left-pad.patch::locator=app%40workspace%3A.":
  version: 1.3.0
  resolution: "left-pad@patch:left-pad@npm%3A1.3.0#./patches/left-pad.patch::version=1.3.0&hash=abc123&locator=app%40workspace%3A."
  checksum: 10c0/eeee
  languageName: node
  linkType: hard

"sub@workspace:packages/sub":
  version: 0.0.0-use.local
  resolution: "sub@workspace:packages/sub"
  languageName: unknown
  linkType: soft
"##;

    const SHA: &str = "0123456789abcdef0123456789abcdef01234567";

    fn npm(
        name: &str,
        version: &str,
        line: usize,
        direct: Option<bool>,
        source: Source,
        hashed: bool,
    ) -> Package {
        pkg(
            Ecosystem::Npm,
            name,
            Some(version),
            None,
            line,
            direct,
            None,
            source,
            hashed,
        )
    }

    #[test]
    fn classic() {
        let parsed = parse(CLASSIC).unwrap();
        let r = Source::Registry;
        assert_packages(
            &parsed.packages,
            &[
                npm("@babel/code-frame", "7.16.7", 5, None, r.clone(), true),
                npm("js-tokens", "4.0.0", 12, None, r.clone(), true),
                npm("string-width", "4.2.3", 16, None, r, true),
                npm("mylib", "1.0.0", 21, None, git("https://github.com/o/mylib", Some(SHA)), false),
                npm(
                    "other",
                    "2.0.0",
                    25,
                    None,
                    git(
                        "git+https://example.com/other.git",
                        Some("89abcdef0123456789abcdef0123456789abcdef"),
                    ),
                    false,
                ),
                npm("local", "0.0.1", 29, None, Source::Path("../local".into()), false),
                npm(
                    "tar",
                    "1.0.0",
                    32,
                    None,
                    Source::Url(
                        "https://example.com/tar-1.0.0.tgz#1111111111111111111111111111111111111111"
                            .into(),
                    ),
                    true,
                ),
            ],
        );
        assert!(parsed.facts.is_empty());
    }

    #[test]
    fn classic_with_crlf_and_unquoted_values() {
        let text = "# yarn lockfile v1\r\n\r\na@^1:\r\n  version 1.0.0\r\n  integrity sha512-x\r\n";
        let parsed = parse(text).unwrap();
        assert_packages(
            &parsed.packages,
            &[npm("a", "1.0.0", 3, None, Source::Registry, true)],
        );
    }

    #[test]
    fn berry() {
        let parsed = parse(BERRY).unwrap();
        let (t, f) = (Some(true), Some(false));
        let r = Source::Registry;
        assert_packages(
            &parsed.packages,
            &[
                npm("@scope/a", "1.2.0", 8, t, r.clone(), true),
                npm("js-tokens", "4.0.0", 28, f, r.clone(), true),
                npm(
                    "mylib",
                    "1.0.0",
                    35,
                    t,
                    git("https://github.com/o/mylib.git", Some(SHA)),
                    false,
                ),
                npm("resolve", "1.22.8", 41, t, r.clone(), true),
                npm("left-pad", "1.3.0", 55, f, r, true),
            ],
        );
    }

    #[test]
    fn berry_without_workspace_entry_does_not_know_direct() {
        let text = "__metadata:\n  version: 6\n\n\"a@npm:^1\":\n  version: 1.0.0\n  resolution: \"a@npm:1.0.0\"\n";
        let parsed = parse(text).unwrap();
        assert_packages(
            &parsed.packages,
            &[npm("a", "1.0.0", 4, None, Source::Registry, false)],
        );
    }

    #[test]
    fn malformed_classic() {
        let e = parse("a@^1:\n  version \"1.0.0\"\n    nested \"x\"\n").unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
        let e = parse("a@^1:\n  resolved \"x\"\n\nb@^1:\n  version \"1\"\n").unwrap_err();
        assert_eq!(e.line, 1, "{e:?}");
        assert!(e.message.contains("has no `version`"), "{e:?}");
        let e = parse("# c\n  version \"1\"\n").unwrap_err();
        assert_eq!(e.line, 2, "{e:?}");
        let e = parse("a@^1:\n  version \"1\"\nnot a header\n").unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
        let e = parse("\"a@^1:\n  version \"1\"\n").unwrap_err();
        assert_eq!(e.line, 1, "{e:?}");
    }

    #[test]
    fn malformed_berry() {
        let e =
            parse("__metadata:\n  version: 8\n\n\"a@npm:^1\":\n  resolution: \"a@npm:1.0.0\"\n")
                .unwrap_err();
        assert_eq!(e.line, 4, "{e:?}");
        assert!(e.message.contains("has no `version`"), "{e:?}");
        let e =
            parse("__metadata:\n  version: 8\n\"a@npm:^1\":\n  version: [1.0.0\n  resolution: x\n")
                .unwrap_err();
        assert!(e.line >= 4, "{e:?}");
        assert!(
            e.message.starts_with("yarn.lock is not valid YAML"),
            "{e:?}"
        );
        let e = parse("__metadata:\n  version: 8\n\"a@npm:^1\": 5\n").unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
    }

    #[test]
    fn garbled_files_never_panic() {
        fuzz(CLASSIC, 7, |t| parse(t).is_ok());
        fuzz(BERRY, 7, |t| parse(t).is_ok());
    }
}
