//! Bundler's `Gemfile.lock`.

use std::collections::{BTreeSet, HashSet};

use super::super::types::{Ecosystem, Fact, Package, ParseError, Parsed, Source};
use super::{err, full_commit, is_plain_http};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    /// `GEM`, `GIT`, `PATH`, `PLUGIN SOURCE`: a source with `specs:`.
    Source(SourceKind),
    Dependencies,
    Checksums,
    /// `PLATFORMS`, `RUBY VERSION`, `BUNDLED WITH` and sections this parser does not know.
    Other,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SourceKind {
    Gem,
    Git,
    Path,
    Plugin,
}

/// The source section being read: its options and the packages of its `specs:`.
struct Current {
    kind: SourceKind,
    remote: Option<String>,
    revision: Option<String>,
    in_specs: bool,
    remotes_seen: usize,
    packages: Vec<(Package, String)>,
}

/// `    name (version[-platform])` → `(name, full version, version)`.
fn spec_entry(text: &str) -> Option<(&str, &str, &str)> {
    let (name, rest) = text.trim().split_once(" (")?;
    let full = rest.strip_suffix(')')?;
    if name.is_empty() || name.contains(char::is_whitespace) || full.is_empty() {
        return None;
    }
    // Gem versions have no `-`; what follows one is the platform (`x86_64-linux`).
    let version = full.split('-').next().unwrap_or(full);
    Some((name, full, version))
}

/// `Gemfile.lock`: gems of the `specs:` of `GEM` (the registry), `GIT` (`remote:` +
/// `revision:`) and `PATH` sections at four spaces (six-space lines are their own
/// requirements); `DEPENDENCIES` marks `direct`; a `CHECKSUMS` section (Bundler 2.5+) marks
/// `hashed`. Platform variants of one gem version are reported once. A plain-http `GEM`
/// remote is an insecure index; a second remote in one `GEM` section is an extra index.
pub(super) fn parse_gemfile_lock(text: &str) -> Result<Parsed, ParseError> {
    let mut out = Parsed::default();
    let mut all: Vec<(Package, String)> = Vec::new();
    let mut section = Section::Other;
    let mut current: Option<Current> = None;
    let mut direct: Option<HashSet<String>> = None;
    let mut checksums: HashSet<(String, String)> = HashSet::new();

    let finish = |current: &mut Option<Current>, all: &mut Vec<(Package, String)>| {
        if let Some(cur) = current.take() {
            let source = match cur.kind {
                SourceKind::Gem => Source::Registry,
                SourceKind::Git => Source::Git {
                    url: cur.remote.clone().unwrap_or_default(),
                    rev: full_commit(cur.revision.as_deref()),
                },
                SourceKind::Path => Source::Path(cur.remote.clone().unwrap_or_default()),
                SourceKind::Plugin => Source::Url(cur.remote.clone().unwrap_or_default()),
            };
            for (mut pkg, full) in cur.packages {
                pkg.source = source.clone();
                all.push((pkg, full));
            }
        }
    };

    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let indent = raw.len() - raw.trim_start_matches(' ').len();
        let line = raw.trim();
        if indent == 0 {
            finish(&mut current, &mut all);
            section = match line {
                "GEM" => Section::Source(SourceKind::Gem),
                "GIT" => Section::Source(SourceKind::Git),
                "PATH" => Section::Source(SourceKind::Path),
                "PLUGIN SOURCE" => Section::Source(SourceKind::Plugin),
                "DEPENDENCIES" => Section::Dependencies,
                "CHECKSUMS" => Section::Checksums,
                other
                    if other
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c == ' ' || c == '_') =>
                {
                    Section::Other
                }
                other => {
                    return Err(err(
                        n,
                        format!(
                        "expected a section name such as `GEM` or `DEPENDENCIES`, found `{other}`"
                    ),
                    ))
                }
            };
            if let Section::Source(kind) = section {
                current = Some(Current {
                    kind,
                    remote: None,
                    revision: None,
                    in_specs: false,
                    remotes_seen: 0,
                    packages: Vec::new(),
                });
            }
            if section == Section::Dependencies {
                direct.get_or_insert_with(HashSet::new);
            }
            continue;
        }
        match section {
            Section::Source(kind) => {
                let Some(cur) = current.as_mut() else {
                    continue;
                };
                if indent == 2 {
                    cur.in_specs = false;
                    if line == "specs:" {
                        cur.in_specs = true;
                    } else if let Some(remote) = line.strip_prefix("remote:") {
                        let remote = remote.trim().to_string();
                        cur.remotes_seen += 1;
                        if kind == SourceKind::Gem {
                            if cur.remotes_seen > 1 {
                                out.facts.push(Fact::ExtraIndex {
                                    url: remote.clone(),
                                    line: n,
                                });
                            }
                            if is_plain_http(&remote) {
                                out.facts.push(Fact::InsecureIndex {
                                    url: remote.clone(),
                                    line: n,
                                });
                            }
                        }
                        cur.remote.get_or_insert(remote);
                    } else if let Some(rev) = line.strip_prefix("revision:") {
                        cur.revision = Some(rev.trim().to_string());
                    }
                } else if indent == 4 && cur.in_specs {
                    let Some((name, full, version)) = spec_entry(line) else {
                        return Err(err(
                            n,
                            format!("expected `name (version)` in specs, found `{line}`"),
                        ));
                    };
                    let pkg = Package {
                        name: name.to_string(),
                        version: Some(version.to_string()),
                        requirement: None,
                        ecosystem: Ecosystem::RubyGems,
                        line: n,
                        direct: None,
                        dev: None,
                        source: Source::Registry,
                        hashed: false,
                    };
                    cur.packages.push((pkg, full.to_string()));
                }
                // Six spaces: a requirement of the gem above.
            }
            Section::Dependencies if indent == 2 => {
                // `name`, `name!`, `name (>= 1.0)`, `name (>= 1, < 2)!`.
                let name = line.split([' ', '(', '!']).next().unwrap_or("");
                if name.is_empty() {
                    return Err(err(
                        n,
                        format!("expected a gem name in DEPENDENCIES, found `{line}`"),
                    ));
                }
                if let Some(set) = direct.as_mut() {
                    set.insert(name.to_string());
                }
            }
            Section::Checksums if indent == 2 => {
                if let Some((name, full, _)) =
                    line.split_once(" sha").and_then(|(e, _)| spec_entry(e))
                {
                    checksums.insert((name.to_string(), full.to_string()));
                }
            }
            _ => {}
        }
    }
    finish(&mut current, &mut all);

    let mut seen = BTreeSet::new();
    for (mut pkg, full) in all {
        pkg.hashed = checksums.contains(&(pkg.name.clone(), full));
        pkg.direct = direct.as_ref().map(|d| d.contains(&pkg.name));
        let key = (
            pkg.name.clone(),
            pkg.version.clone(),
            format!("{:?}", pkg.source),
        );
        if seen.insert(key) {
            out.packages.push(pkg);
        } else if pkg.hashed {
            // A later platform variant with a checksum: the gem is hashed.
            if let Some(first) = out
                .packages
                .iter_mut()
                .find(|p| p.name == pkg.name && p.version == pkg.version && p.source == pkg.source)
            {
                first.hashed = true;
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
