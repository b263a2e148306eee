//! Python lockfiles: `poetry.lock`, `uv.lock`, `pdm.lock`, PEP 751 `pylock.toml` and
//! `Pipfile.lock`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Deserialize;
use toml::Spanned;

use super::super::types::{Ecosystem, Fact, Package, ParseError, Parsed, Source};
use super::{
    err, from_toml, full_commit, is_dev_group, is_plain_http, normalize_py, split_locked_git_url,
    Kind, Lines,
};

fn locked(name: String, version: Option<String>, line: usize, source: Source) -> Package {
    Package {
        name,
        version,
        requirement: None,
        ecosystem: Ecosystem::PyPI,
        line,
        direct: None,
        dev: None,
        source,
        hashed: false,
    }
}

/// `name` and `version` of a `[[package]]` table, or an error naming what is missing.
fn name_version(
    kind: Kind,
    table: &str,
    name: &Option<String>,
    version: &Option<String>,
    version_required: bool,
    line: usize,
) -> Result<(String, Option<String>), ParseError> {
    let Some(name) = name.as_ref().filter(|n| !n.trim().is_empty()) else {
        return Err(err(
            line,
            format!(
                "expected `name = \"...\"` in [[{table}]] starting at line {line} of {}",
                kind.name()
            ),
        ));
    };
    if version_required && version.is_none() {
        return Err(err(
            line,
            format!(
                "expected `version = \"...\"` for `{name}` in [[{table}]] starting at line {line} of {}",
                kind.name()
            ),
        ));
    }
    Ok((name.clone(), version.clone()))
}

/// Whether a list of `{file = ..., hash = ...}` / `{url = ..., hash = ...}` tables has a
/// hash.
fn files_hashed(files: &[toml::Value]) -> bool {
    files.iter().any(|f| {
        f.get("hash")
            .and_then(toml::Value::as_str)
            .is_some_and(|h| !h.is_empty())
    })
}

// ---------------------------------------------------------------------------------------
// poetry.lock

#[derive(Deserialize)]
struct PoetryLock {
    package: Option<Vec<Spanned<PoetryPackage>>>,
    metadata: Option<PoetryMetadata>,
}

#[derive(Deserialize)]
struct PoetryPackage {
    name: Option<String>,
    version: Option<String>,
    category: Option<String>,
    groups: Option<Vec<String>>,
    files: Option<Vec<toml::Value>>,
    source: Option<PoetrySource>,
}

#[derive(Deserialize)]
struct PoetrySource {
    #[serde(rename = "type")]
    kind: Option<String>,
    url: Option<String>,
    resolved_reference: Option<String>,
}

#[derive(Deserialize)]
struct PoetryMetadata {
    files: Option<BTreeMap<String, Vec<toml::Value>>>,
}

/// `poetry.lock`: dev from `category = "dev"` (lock format 1.x) or from `groups` without
/// `main` (Poetry 2); hashes from `files` (2.x) or `[metadata.files]` (1.x).
pub(super) fn parse_poetry_lock(text: &str) -> Result<Parsed, ParseError> {
    let lines = Lines::new(text);
    let doc: PoetryLock = from_toml(Kind::PoetryLock, text, &lines)?;
    let old_files: HashMap<String, bool> = doc
        .metadata
        .and_then(|m| m.files)
        .unwrap_or_default()
        .into_iter()
        .map(|(name, files)| (normalize_py(&name), files_hashed(&files)))
        .collect();
    let mut out = Parsed::default();
    for entry in doc.package.unwrap_or_default() {
        let line = lines.line_of(entry.span().start);
        let p = entry.into_inner();
        let (name, version) =
            name_version(Kind::PoetryLock, "package", &p.name, &p.version, true, line)?;
        let source = match &p.source {
            None => Source::Registry,
            Some(s) => {
                let url = s.url.clone().unwrap_or_default();
                match s.kind.as_deref() {
                    Some("git") => Source::Git {
                        url: split_locked_git_url(&url).0,
                        rev: full_commit(s.resolved_reference.as_deref()),
                    },
                    Some("url") => Source::Url(url),
                    Some("file") | Some("directory") => Source::Path(url),
                    // `legacy` (a private index), `pypi`.
                    _ => {
                        if is_plain_http(&url) && !has_insecure(&out.facts, &url) {
                            out.facts.push(Fact::InsecureIndex { url, line });
                        }
                        Source::Registry
                    }
                }
            }
        };
        let dev = match (&p.category, &p.groups) {
            (Some(c), _) => Some(c == "dev"),
            (None, Some(g)) if !g.is_empty() => Some(!g.iter().any(|g| g == "main")),
            _ => None,
        };
        let hashed = p.files.as_deref().is_some_and(files_hashed)
            || old_files
                .get(&normalize_py(&name))
                .copied()
                .unwrap_or(false);
        let mut pkg = locked(name, version, line, source);
        pkg.dev = dev;
        pkg.hashed = hashed;
        out.packages.push(pkg);
    }
    Ok(out)
}

fn has_insecure(facts: &[Fact], url: &str) -> bool {
    facts
        .iter()
        .any(|f| matches!(f, Fact::InsecureIndex { url: u, .. } if u == url))
}

// ---------------------------------------------------------------------------------------
// uv.lock

#[derive(Deserialize)]
struct UvLock {
    package: Option<Vec<Spanned<UvPackage>>>,
    manifest: Option<UvManifest>,
}

#[derive(Deserialize)]
struct UvManifest {
    members: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct UvPackage {
    name: Option<String>,
    version: Option<String>,
    source: Option<toml::Table>,
    dependencies: Option<Vec<toml::Value>>,
    #[serde(rename = "optional-dependencies")]
    optional_dependencies: Option<BTreeMap<String, Vec<toml::Value>>>,
    #[serde(rename = "dev-dependencies")]
    dev_dependencies: Option<BTreeMap<String, Vec<toml::Value>>>,
    sdist: Option<toml::Value>,
    wheels: Option<Vec<toml::Value>>,
}

fn dep_names(deps: &[toml::Value]) -> impl Iterator<Item = String> + '_ {
    deps.iter()
        .filter_map(|d| d.get("name").and_then(toml::Value::as_str))
        .map(normalize_py)
}

/// `uv.lock`. The project itself (`source = { virtual = ... }`, `{ editable = "." }`, or a
/// `[manifest] members` entry) is skipped; `direct` says whether such a root lists the
/// package; `dev` is `Some(true)` for packages reached only through the roots'
/// dev-dependency groups.
pub(super) fn parse_uv_lock(text: &str) -> Result<Parsed, ParseError> {
    let lines = Lines::new(text);
    let doc: UvLock = from_toml(Kind::UvLock, text, &lines)?;
    let members: BTreeSet<String> = doc
        .manifest
        .and_then(|m| m.members)
        .unwrap_or_default()
        .iter()
        .map(|m| normalize_py(m))
        .collect();
    let entries = doc.package.unwrap_or_default();

    // Roots and the dependency graph (by normalised name).
    let mut graph: HashMap<String, Vec<String>> = HashMap::new();
    let mut main_seeds = Vec::new();
    let mut dev_seeds = Vec::new();
    let mut roots = BTreeSet::new();
    for entry in &entries {
        let p = entry.get_ref();
        let Some(name) = p.name.as_deref() else {
            continue;
        };
        let key = normalize_py(name);
        let mut edges: Vec<String> = dep_names(p.dependencies.as_deref().unwrap_or(&[])).collect();
        for deps in p.optional_dependencies.iter().flat_map(|m| m.values()) {
            edges.extend(dep_names(deps));
        }
        if is_uv_root(p, &key, &members) {
            roots.insert(key.clone());
            main_seeds.extend(edges.iter().cloned());
            for deps in p.dev_dependencies.iter().flat_map(|m| m.values()) {
                dev_seeds.extend(dep_names(deps));
            }
        }
        graph.entry(key).or_default().extend(edges);
    }
    let direct: BTreeSet<String> = main_seeds.iter().chain(&dev_seeds).cloned().collect();
    let main = reachable(&graph, main_seeds);
    let dev = reachable(&graph, dev_seeds);

    let mut out = Parsed::default();
    for entry in entries {
        let line = lines.line_of(entry.span().start);
        let p = entry.into_inner();
        let (name, version) =
            name_version(Kind::UvLock, "package", &p.name, &p.version, false, line)?;
        let key = normalize_py(&name);
        if roots.contains(&key) {
            continue;
        }
        let source = uv_source(p.source.as_ref(), line, &mut out.facts);
        let hashed = p
            .sdist
            .as_ref()
            .is_some_and(|s| files_hashed(std::slice::from_ref(s)))
            || p.wheels.as_deref().is_some_and(files_hashed);
        let mut pkg = locked(name, version, line, source);
        pkg.hashed = hashed;
        if !roots.is_empty() {
            pkg.direct = Some(direct.contains(&key));
            pkg.dev = if main.contains(&key) {
                Some(false)
            } else if dev.contains(&key) {
                Some(true)
            } else {
                None
            };
        }
        out.packages.push(pkg);
    }
    Ok(out)
}

fn is_uv_root(p: &UvPackage, key: &str, members: &BTreeSet<String>) -> bool {
    if members.contains(key) {
        return true;
    }
    let Some(source) = &p.source else {
        return false;
    };
    source.contains_key("virtual")
        || source
            .get("editable")
            .and_then(toml::Value::as_str)
            .is_some_and(|path| path == "." || path == "./")
}

fn uv_source(source: Option<&toml::Table>, line: usize, facts: &mut Vec<Fact>) -> Source {
    let Some(source) = source else {
        return Source::Registry;
    };
    let get = |k: &str| source.get(k).and_then(toml::Value::as_str);
    if let Some(url) = get("registry") {
        if is_plain_http(url) && !has_insecure(facts, url) {
            facts.push(Fact::InsecureIndex {
                url: url.to_string(),
                line,
            });
        }
        Source::Registry
    } else if let Some(url) = get("git") {
        let (url, commit) = split_locked_git_url(url);
        Source::Git {
            url,
            rev: full_commit(commit),
        }
    } else if let Some(url) = get("url") {
        Source::Url(url.to_string())
    } else if let Some(path) = get("path")
        .or_else(|| get("directory"))
        .or_else(|| get("editable"))
        .or_else(|| get("virtual"))
    {
        Source::Path(path.to_string())
    } else {
        Source::Registry
    }
}

fn reachable(graph: &HashMap<String, Vec<String>>, seeds: Vec<String>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = seeds;
    while let Some(name) = stack.pop() {
        if seen.insert(name.clone()) {
            if let Some(next) = graph.get(&name) {
                stack.extend(next.iter().filter(|n| !seen.contains(*n)).cloned());
            }
        }
    }
    seen
}

// ---------------------------------------------------------------------------------------
// pdm.lock

#[derive(Deserialize)]
struct PdmLock {
    package: Option<Vec<Spanned<PdmPackage>>>,
    metadata: Option<PdmMetadata>,
}

#[derive(Deserialize)]
struct PdmPackage {
    name: Option<String>,
    version: Option<String>,
    #[serde(alias = "sections")]
    groups: Option<Vec<String>>,
    files: Option<Vec<toml::Value>>,
    git: Option<String>,
    revision: Option<String>,
    path: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize)]
struct PdmMetadata {
    files: Option<BTreeMap<String, Vec<toml::Value>>>,
}

/// `pdm.lock`: `dev = Some(false)` for packages of the `default` group, `Some(true)` when
/// every group they belong to has a development name (`dev`, `test`, `docs`, ...),
/// `Some(false)` otherwise (optional extras). Hashes from `files` (lock 4.x) or
/// `[metadata.files]` keyed `"name version"` (older locks).
pub(super) fn parse_pdm_lock(text: &str) -> Result<Parsed, ParseError> {
    let lines = Lines::new(text);
    let doc: PdmLock = from_toml(Kind::PdmLock, text, &lines)?;
    let old_files: HashMap<String, bool> = doc
        .metadata
        .and_then(|m| m.files)
        .unwrap_or_default()
        .into_iter()
        .map(|(key, files)| (key.to_ascii_lowercase(), files_hashed(&files)))
        .collect();
    let mut out = Parsed::default();
    for entry in doc.package.unwrap_or_default() {
        let line = lines.line_of(entry.span().start);
        let p = entry.into_inner();
        let version_required = p.git.is_none() && p.path.is_none() && p.url.is_none();
        let (name, version) = name_version(
            Kind::PdmLock,
            "package",
            &p.name,
            &p.version,
            version_required,
            line,
        )?;
        let source = if let Some(url) = &p.git {
            Source::Git {
                url: split_locked_git_url(url).0,
                rev: full_commit(p.revision.as_deref()),
            }
        } else if let Some(path) = &p.path {
            Source::Path(path.clone())
        } else if let Some(url) = &p.url {
            if url.to_ascii_lowercase().starts_with("file:") {
                Source::Path(url.clone())
            } else {
                Source::Url(url.clone())
            }
        } else {
            Source::Registry
        };
        let dev = p.groups.as_ref().filter(|g| !g.is_empty()).map(|groups| {
            !groups.iter().any(|g| g == "default") && groups.iter().all(|g| is_dev_group(g))
        });
        let old_key = format!("{} {}", name, version.as_deref().unwrap_or("")).to_ascii_lowercase();
        let hashed = p.files.as_deref().is_some_and(files_hashed)
            || old_files.get(&old_key).copied().unwrap_or(false);
        let mut pkg = locked(name, version, line, source);
        pkg.dev = dev;
        pkg.hashed = hashed;
        out.packages.push(pkg);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// pylock.toml (PEP 751)

#[derive(Deserialize)]
struct Pylock {
    packages: Option<Vec<Spanned<PylockPackage>>>,
}

#[derive(Deserialize)]
struct PylockPackage {
    name: Option<String>,
    version: Option<String>,
    index: Option<String>,
    vcs: Option<PylockVcs>,
    directory: Option<PylockPath>,
    archive: Option<PylockFile>,
    sdist: Option<PylockFile>,
    wheels: Option<Vec<PylockFile>>,
}

#[derive(Deserialize)]
struct PylockVcs {
    #[serde(rename = "type")]
    kind: Option<String>,
    url: Option<String>,
    path: Option<String>,
    #[serde(rename = "commit-id")]
    commit_id: Option<String>,
}

#[derive(Deserialize)]
struct PylockPath {
    path: Option<String>,
}

#[derive(Deserialize)]
struct PylockFile {
    url: Option<String>,
    path: Option<String>,
    hashes: Option<BTreeMap<String, String>>,
}

impl PylockFile {
    fn hashed(&self) -> bool {
        self.hashes
            .as_ref()
            .is_some_and(|h| h.values().any(|v| !v.is_empty()))
    }
}

/// PEP 751 `pylock.toml`: `[[packages]]` with a `vcs`, `directory` or `archive` source, or
/// `sdist`/`wheels` from an index; hashed when any of its files lists a hash.
pub(super) fn parse_pylock(text: &str) -> Result<Parsed, ParseError> {
    let lines = Lines::new(text);
    let doc: Pylock = from_toml(Kind::Pylock, text, &lines)?;
    let mut out = Parsed::default();
    for entry in doc.packages.unwrap_or_default() {
        let line = lines.line_of(entry.span().start);
        let p = entry.into_inner();
        let (name, version) =
            name_version(Kind::Pylock, "packages", &p.name, &p.version, false, line)?;
        let source = if let Some(vcs) = &p.vcs {
            let location = vcs.url.clone().or(vcs.path.clone()).unwrap_or_default();
            if vcs.kind.as_deref().unwrap_or("git") == "git" {
                Source::Git {
                    url: split_locked_git_url(&location).0,
                    rev: full_commit(vcs.commit_id.as_deref()),
                }
            } else {
                Source::Url(location)
            }
        } else if let Some(dir) = &p.directory {
            Source::Path(dir.path.clone().unwrap_or_default())
        } else if let Some(archive) = &p.archive {
            match (&archive.url, &archive.path) {
                (Some(url), _) => Source::Url(url.clone()),
                (None, Some(path)) => Source::Path(path.clone()),
                (None, None) => Source::Url(String::new()),
            }
        } else {
            if let Some(index) = &p.index {
                if is_plain_http(index) && !has_insecure(&out.facts, index) {
                    out.facts.push(Fact::InsecureIndex {
                        url: index.clone(),
                        line,
                    });
                }
            }
            Source::Registry
        };
        let hashed = p.archive.as_ref().is_some_and(PylockFile::hashed)
            || p.sdist.as_ref().is_some_and(PylockFile::hashed)
            || p.wheels.iter().flatten().any(PylockFile::hashed);
        let mut pkg = locked(name, version, line, source);
        pkg.hashed = hashed;
        out.packages.push(pkg);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Pipfile.lock (JSON)

/// `Pipfile.lock`: `default` (dev = false) and `develop` (dev = true) sections; `version`
/// `"==1.2.3"` gives `1.2.3`; `hashes` → hashed; `git`/`ref`, `path`, `file` entries.
pub(super) fn parse_pipfile_lock(text: &str) -> Result<Parsed, ParseError> {
    let doc: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        err(
            e.line().max(1),
            format!("Pipfile.lock is not valid JSON: {e}"),
        )
    })?;
    let Some(top) = doc.as_object() else {
        return Err(err(
            1,
            "Pipfile.lock must be a JSON object with `default` and `develop` sections",
        ));
    };
    let key_lines = json_key_lines(text);
    let line_of = |section: &str, name: &str| {
        key_lines
            .get(&(section.to_string(), name.to_string()))
            .copied()
            .unwrap_or(1)
    };
    let mut out = Parsed::default();
    for section in ["default", "develop"] {
        let Some(entries) = top.get(section) else {
            continue;
        };
        let Some(entries) = entries.as_object() else {
            return Err(err(
                line_of("", section),
                format!("`{section}` in Pipfile.lock must be an object of packages"),
            ));
        };
        let mut section_packages = Vec::new();
        for (name, entry) in entries {
            let line = line_of(section, name);
            let Some(entry) = entry.as_object() else {
                return Err(err(
                    line,
                    format!("the entry for `{name}` in `{section}` must be an object"),
                ));
            };
            let get = |k: &str| entry.get(k).and_then(serde_json::Value::as_str);
            let version = get("version").map(|v| {
                let v = v.trim();
                v.strip_prefix("===")
                    .or_else(|| v.strip_prefix("=="))
                    .unwrap_or(v)
                    .trim()
                    .to_string()
            });
            let source = if let Some(url) = get("git") {
                Source::Git {
                    url: url.strip_prefix("git+").unwrap_or(url).to_string(),
                    rev: full_commit(get("ref")),
                }
            } else if let Some(path) = get("path") {
                Source::Path(path.to_string())
            } else if let Some(file) = get("file") {
                if file.contains("://") && !file.to_ascii_lowercase().starts_with("file:") {
                    Source::Url(file.to_string())
                } else {
                    Source::Path(file.to_string())
                }
            } else {
                Source::Registry
            };
            let hashed = entry
                .get("hashes")
                .and_then(serde_json::Value::as_array)
                .is_some_and(|h| !h.is_empty());
            let mut pkg = locked(name.clone(), version, line, source);
            pkg.dev = Some(section == "develop");
            pkg.hashed = hashed;
            section_packages.push(pkg);
        }
        section_packages.sort_by_key(|p| p.line);
        out.packages.extend(section_packages);
    }
    let sources = top
        .get("_meta")
        .and_then(|m| m.get("sources"))
        .and_then(serde_json::Value::as_array);
    for url in sources
        .into_iter()
        .flatten()
        .filter_map(|s| s.get("url")?.as_str())
    {
        if is_plain_http(url) {
            let line = text
                .lines()
                .position(|l| l.contains(url))
                .map_or(1, |i| i + 1);
            out.facts.push(Fact::InsecureIndex {
                url: url.to_string(),
                line,
            });
        }
    }
    Ok(out)
}

/// The lines of the keys of a JSON document at depths 1 and 2: `("", key)` for top-level
/// keys and `(parent, key)` for keys of a top-level object. Assumes valid JSON.
fn json_key_lines(text: &str) -> HashMap<(String, String), usize> {
    let mut lines = HashMap::new();
    let mut depth_keys: Vec<Option<String>> = Vec::new();
    let mut line = 1;
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        match c {
            '\n' => line += 1,
            '{' | '[' => depth_keys.push(None),
            '}' | ']' => {
                depth_keys.pop();
            }
            '"' => {
                let start_line = line;
                let mut s = String::new();
                let mut escaped = false;
                for (_, c) in chars.by_ref() {
                    if escaped {
                        s.push(c);
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        break;
                    } else {
                        if c == '\n' {
                            line += 1;
                        }
                        s.push(c);
                    }
                }
                // A key is a string followed by `:`.
                while let Some(&(_, w)) = chars.peek() {
                    if w == '\n' {
                        line += 1;
                    }
                    if w.is_whitespace() {
                        chars.next();
                    } else {
                        break;
                    }
                }
                if chars.peek().map(|&(_, c)| c) == Some(':') {
                    let depth = depth_keys.len();
                    let parent = match depth {
                        1 => Some(String::new()),
                        2 => depth_keys.first().cloned().flatten(),
                        _ => None,
                    };
                    if let Some(parent) = parent {
                        lines.entry((parent, s.clone())).or_insert(start_line);
                    }
                    if let Some(slot) = depth_keys.last_mut() {
                        *slot = Some(s);
                    }
                }
            }
            _ => {}
        }
    }
    lines
}

#[cfg(test)]
mod tests;
