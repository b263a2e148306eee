//! `Cargo.lock`, lock format versions 1 to 4.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use toml::Spanned;

use super::super::types::{Ecosystem, Package, ParseError, Parsed, Source};
use super::{err, from_toml, full_commit, split_locked_git_url, Kind, Lines};

#[derive(Deserialize)]
struct CargoLock {
    package: Option<Vec<Spanned<CargoPackage>>>,
    /// Version 1 keeps checksums here: `"checksum NAME VERSION (SOURCE)" = "HASH"`.
    metadata: Option<BTreeMap<String, toml::Value>>,
}

#[derive(Debug, Default, Deserialize, PartialEq)]
struct CargoPackage {
    name: Option<String>,
    version: Option<String>,
    source: Option<String>,
    checksum: Option<String>,
    dependencies: Option<Vec<String>>,
}

/// `Cargo.lock`. Packages without `source` (workspace members and path dependencies) are
/// skipped; `direct` is whether one of them depends on the package. `registry+`/`sparse+`
/// sources are the registry; `git+URL?branch=x#COMMIT` is a git source pinned to `COMMIT`.
pub(super) fn parse_cargo_lock(text: &str) -> Result<Parsed, ParseError> {
    let lines = Lines::new(text);
    let (entries, v1_checksums) = match parse_generated(text) {
        Some(entries) => (entries, BTreeSet::new()),
        None => parse_toml(text, &lines)?,
    };

    let mut direct = BTreeSet::new();
    let mut has_local = false;
    for (_, p) in &entries {
        if p.source.is_none() {
            has_local = true;
            // `name`, `name version` or `name version (source)`.
            for dep in p.dependencies.iter().flatten() {
                if let Some(name) = dep.split_whitespace().next() {
                    direct.insert(name.to_string());
                }
            }
        }
    }

    let mut out = Parsed::default();
    for (start, p) in entries {
        let line = lines.line_of(start);
        let Some(name) = p.name.filter(|n| !n.is_empty()) else {
            return Err(err(
                line,
                format!("expected `name = \"...\"` in [[package]] starting at line {line}"),
            ));
        };
        let Some(version) = p.version else {
            return Err(err(
                line,
                format!("expected `version = \"...\"` for `{name}` in [[package]] starting at line {line}"),
            ));
        };
        let Some(source) = p.source else {
            continue;
        };
        let source = if source.starts_with("registry+") || source.starts_with("sparse+") {
            Source::Registry
        } else if source.starts_with("git+") {
            let (url, commit) = split_locked_git_url(&source);
            Source::Git {
                url,
                rev: full_commit(commit),
            }
        } else if let Some(path) = source.strip_prefix("path+") {
            Source::Path(path.to_string())
        } else {
            Source::Url(source)
        };
        let hashed = p.checksum.is_some_and(|c| !c.is_empty())
            || v1_checksums.contains(&(name.clone(), version.clone()));
        out.packages.push(Package {
            direct: has_local.then(|| direct.contains(&name)),
            name,
            version: Some(version),
            requirement: None,
            ecosystem: Ecosystem::CratesIo,
            line,
            dev: None,
            source,
            hashed,
        });
    }
    Ok(out)
}

/// A `[[package]]` entry and the offset of its header.
type Entry = (usize, CargoPackage);
/// Version 1's `[metadata]` checksums: (name, version).
type Checksums = BTreeSet<(String, String)>;

/// Any lock file, through the TOML parser: entries, and version 1's checksums.
fn parse_toml(text: &str, lines: &Lines) -> Result<(Vec<Entry>, Checksums), ParseError> {
    let doc: CargoLock = from_toml(Kind::CargoLock, text, lines)?;
    let v1_checksums = doc
        .metadata
        .unwrap_or_default()
        .into_iter()
        .filter(|(_, hash)| {
            hash.as_str()
                .is_some_and(|h| !h.is_empty() && h != "<none>")
        })
        .filter_map(|(key, _)| {
            let mut words = key.strip_prefix("checksum ")?.split_whitespace();
            Some((words.next()?.to_string(), words.next()?.to_string()))
        })
        .collect();
    let entries = doc
        .package
        .unwrap_or_default()
        .into_iter()
        .map(|e| (e.span().start, e.into_inner()))
        .collect();
    Ok((entries, v1_checksums))
}

/// A lock file exactly as Cargo writes it (format 3 and 4), read line by line: the TOML
/// parser was most of the cost of the dependency check on a Rust tree. Anything Cargo does
/// not write (escapes, trailing comments, inline tables, `[metadata]`, unknown keys, a
/// repeated key) gives `None`, and the TOML parser decides. Every file accepted here is
/// valid TOML with the same meaning.
fn parse_generated(text: &str) -> Option<Vec<Entry>> {
    let mut out: Vec<Entry> = Vec::new();
    let mut version_seen = false;
    // `lines` ends lines at `\n` or `\r\n` as TOML does; a bare `\r` stays and fails below.
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.is_empty() || (line.starts_with('#') && !has_control(line)) {
            continue;
        }
        if line == "[[package]]" {
            let start = line.as_ptr() as usize - text.as_ptr() as usize;
            out.push((start, CargoPackage::default()));
            continue;
        }
        let (key, value) = line.split_once(" = ")?;
        let Some((_, p)) = out.last_mut() else {
            // Before the first package only the format version.
            let digits = value.bytes().all(|b| b.is_ascii_digit());
            if key != "version"
                || version_seen
                || !digits
                || value.is_empty()
                || (value.len() > 1 && value.starts_with('0'))
            {
                return None;
            }
            version_seen = true;
            continue;
        };
        let field = match key {
            "name" => &mut p.name,
            "version" => &mut p.version,
            "source" => &mut p.source,
            "checksum" => &mut p.checksum,
            "dependencies" if value == "[" && p.dependencies.is_none() => {
                let mut deps = Vec::new();
                loop {
                    let item = lines.next()?;
                    if item == "]" {
                        break;
                    }
                    let item = item.strip_prefix(' ')?.strip_suffix(',')?;
                    deps.push(plain_string(item)?.to_string());
                }
                p.dependencies = Some(deps);
                continue;
            }
            _ => return None,
        };
        if field.is_some() {
            return None;
        }
        *field = Some(plain_string(value)?.to_string());
    }
    Some(out)
}

/// The contents of `"..."` when it needs no unescaping: no quote, backslash or control
/// character inside.
fn plain_string(s: &str) -> Option<&str> {
    let inner = s.strip_prefix('"')?.strip_suffix('"')?;
    (!inner.contains(['"', '\\']) && !has_control(inner)).then_some(inner)
}

/// A control character TOML allows in neither strings nor comments (tab is allowed).
fn has_control(s: &str) -> bool {
    s.bytes().any(|b| (b < 0x20 && b != b'\t') || b == 0x7f)
}

#[cfg(test)]
mod tests;
