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

#[derive(Deserialize)]
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
    let doc: CargoLock = from_toml(Kind::CargoLock, text, &lines)?;
    let v1_checksums: BTreeSet<(String, String)> = doc
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
    let entries = doc.package.unwrap_or_default();

    let mut direct = BTreeSet::new();
    let mut has_local = false;
    for entry in &entries {
        let p = entry.get_ref();
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
    for entry in entries {
        let line = lines.line_of(entry.span().start);
        let p = entry.into_inner();
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

#[cfg(test)]
mod tests;
