//! Supply-chain hygiene, judged from the parsed files alone (no advisory database):
//! extra and plain-http indexes, unpinned git dependencies, ranges where a pin is
//! expected, hashes on some requirements but not others, deprecated packages, and names
//! one edit away from popular packages.
use super::finding_at;
use super::types::{Ecosystem, Fact, Package, Parsed, Source};
use crate::checks::{builtin, CheckOptions, SourceFile};
use crate::finding::Finding;
use std::collections::HashSet;
use std::sync::OnceLock;

/// Popular package names per ecosystem (`ecosystem name` per line), for typosquatting.
const POPULAR: &str = include_str!("popular.txt");

fn popular(eco: Ecosystem) -> &'static HashSet<String> {
    static SETS: OnceLock<Vec<(Ecosystem, HashSet<String>)>> = OnceLock::new();
    static EMPTY: OnceLock<HashSet<String>> = OnceLock::new();
    let sets = SETS.get_or_init(|| {
        let mut py = HashSet::new();
        let mut npm = HashSet::new();
        for line in POPULAR.lines() {
            match line.split_once(' ') {
                Some(("pypi", n)) => {
                    py.insert(super::versions::normalize_name(Ecosystem::PyPI, n.trim()));
                }
                Some(("npm", n)) => {
                    npm.insert(n.trim().to_string());
                }
                _ => {}
            }
        }
        vec![(Ecosystem::PyPI, py), (Ecosystem::Npm, npm)]
    });
    sets.iter()
        .find(|(e, _)| *e == eco)
        .map(|(_, s)| s)
        .unwrap_or_else(|| EMPTY.get_or_init(HashSet::new))
}

/// Optimal string alignment distance, capped: only "is it exactly 1" matters.
fn one_edit(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[p..], &b[p..]);
    ra.get(1..) == rb.get(1..) // substitution
        || ra.get(1..) == Some(rb) // deletion from a
        || Some(ra) == rb.get(1..) // insertion into a
        || (ra.len() >= 2 && rb.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
}

/// The popular package a name imitates, if it is one edit away from one and is not
/// popular itself.
pub fn typosquat_of(eco: Ecosystem, name: &str) -> Option<String> {
    let set = popular(eco);
    let n = if eco == Ecosystem::PyPI {
        super::versions::normalize_name(eco, name)
    } else {
        name.to_string()
    };
    if n.len() < 5 || set.contains(&n) {
        return None;
    }
    let mut hits: Vec<&String> = set
        .iter()
        .filter(|p| p.len() >= 5 && one_edit(&n, p))
        .collect();
    hits.sort();
    hits.first().map(|s| s.to_string())
}

fn is_requirements(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    (name.starts_with("requirements") || name.starts_with("constraints"))
        && (name.ends_with(".txt") || name.ends_with(".pip"))
        || (path.contains("requirements/") && name.ends_with(".txt"))
}

pub fn check(file: &SourceFile<'_>, parsed: &Parsed, opts: &CheckOptions, out: &mut Vec<Finding>) {
    let mut push = |rule: &str, line: usize, msg: String| {
        out.push(finding_at(file, builtin(rule), line, msg, opts));
    };
    for fact in &parsed.facts {
        match fact {
            Fact::ExtraIndex { url, line } => push(
                "deps/extra-index-url",
                *line,
                format!("--extra-index-url {url}: pip takes the highest version from any index, so anyone who registers one of your private names on PyPI wins"),
            ),
            Fact::InsecureIndex { url, line } => push(
                "deps/insecure-index",
                *line,
                format!("{url} is plain http: packages can be replaced in transit"),
            ),
            Fact::Deprecated { name, message, line } => push(
                "deps/deprecated",
                *line,
                format!("{name} is deprecated by its publisher: {message}"),
            ),
            Fact::Include { .. } => {}
        }
    }
    let requirements = is_requirements(file.path);
    let registry: Vec<&Package> = parsed
        .packages
        .iter()
        .filter(|p| p.source == Source::Registry)
        .collect();
    let some_hashed = registry.iter().any(|p| p.hashed);
    for p in &parsed.packages {
        match &p.source {
            Source::Git { url, rev } if !rev.as_deref().is_some_and(is_commit) => push(
                "deps/unpinned-git",
                p.line,
                format!("{} comes from {url} without a full commit hash: the branch or tag can move", p.name),
            ),
            Source::Registry if requirements && p.version.is_none() => push(
                "deps/unpinned-requirement",
                p.line,
                match &p.requirement {
                    Some(r) => format!("{} {r} is a range: each install can resolve a different release; pin with == or use a lockfile", p.name),
                    None => format!("{} has no version: each install takes the newest release; pin with == or use a lockfile", p.name),
                },
            ),
            _ => {}
        }
        if requirements && some_hashed && !p.hashed && p.source == Source::Registry {
            push(
                "deps/missing-hash",
                p.line,
                format!("{} has no --hash while other requirements do; with hashes pip refuses the install, without them the check is lost", p.name),
            );
        }
        if p.direct != Some(false) {
            if let Some(real) = typosquat_of(p.ecosystem, &p.name) {
                push(
                    "deps/typosquat",
                    p.line,
                    format!("{} is one letter away from the popular package {real}: check that it is the one you meant", p.name),
                );
            }
        }
    }
}

/// Lockfiles that pin what a manifest only ranges, by manifest name.
const LOCKFILES: &[(&str, &[&str])] = &[
    (
        "package.json",
        &[
            "package-lock.json",
            "npm-shrinkwrap.json",
            "yarn.lock",
            "pnpm-lock.yaml",
            "bun.lock",
            "bun.lockb",
        ],
    ),
    ("pyproject.toml", &["poetry.lock"]),
];

/// For a manifest with dependencies and no lockfile in its folder or any folder above it
/// (up to the root: workspaces keep one lockfile at the top), what to say. Only
/// `package.json` and Poetry projects: a library's pyproject.toml has no lockfile by design.
pub fn missing_lockfile(
    root: &std::path::Path,
    path: &str,
    text: &str,
    parsed: &Parsed,
) -> Option<String> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let (_, locks) = LOCKFILES.iter().find(|(m, _)| *m == name)?;
    if path.contains("node_modules/") || parsed.packages.iter().all(|p| p.dev == Some(true)) {
        return None;
    }
    if name == "pyproject.toml" && !text.contains("[tool.poetry") {
        return None;
    }
    let mut dir = std::path::Path::new(path).parent();
    while let Some(d) = dir {
        if locks.iter().any(|l| root.join(d).join(l).is_file()) {
            return None;
        }
        dir = d.parent();
    }
    Some(format!(
        "{name} has dependencies but no lockfile ({}): every install resolves the ranges again, so builds differ and a malicious release is picked up at once",
        locks.join(", ")
    ))
}

fn is_commit(rev: &str) -> bool {
    rev.len() >= 40 && rev.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typosquats() {
        assert_eq!(
            typosquat_of(Ecosystem::PyPI, "reqeusts").as_deref(),
            Some("requests")
        );
        assert_eq!(
            typosquat_of(Ecosystem::PyPI, "requestss").as_deref(),
            Some("requests")
        );
        assert_eq!(
            typosquat_of(Ecosystem::Npm, "expresss").as_deref(),
            Some("express")
        );
        assert_eq!(typosquat_of(Ecosystem::PyPI, "requests"), None);
        assert_eq!(typosquat_of(Ecosystem::PyPI, "Requests"), None);
        assert_eq!(typosquat_of(Ecosystem::PyPI, "my-internal-lib"), None);
        assert!(one_edit("abcd", "abdc") && one_edit("abc", "abcd") && !one_edit("abc", "abc"));
    }
}
