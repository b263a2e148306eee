//! Python manifests: pip requirements/constraints files and `pyproject.toml`.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::super::types::{Ecosystem, Fact, Package, ParseError, Parsed, Source};
use super::pep508::{self, Requirement};
use super::{
    err, from_toml, full_commit, is_dev_group, is_plain_http, normalize_py, split_locked_git_url,
    Kind, Lines,
};

fn package(req: Requirement, line: usize, dev: Option<bool>, hashed: bool) -> Package {
    Package {
        name: req.name,
        version: req.version,
        requirement: req.requirement,
        ecosystem: Ecosystem::PyPI,
        line,
        direct: Some(true),
        dev,
        source: req.source,
        hashed,
    }
}

// ---------------------------------------------------------------------------------------
// requirements.txt

/// Logical lines of a requirements file: `\` continuations joined, then comments removed
/// (pip's order: a comment ending in `\` swallows the next line); each with the 1-based
/// line where it starts.
fn logical_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut buf = String::new();
    let mut start = 0;
    for (i, raw) in text.lines().enumerate() {
        if buf.is_empty() {
            start = i + 1;
        }
        let is_comment = raw.trim_start().starts_with('#');
        match raw.strip_suffix('\\') {
            Some(head) if !is_comment => buf.push_str(head),
            _ => {
                buf.push_str(raw);
                out.push((start, strip_comment(&buf).to_string()));
                buf.clear();
            }
        }
    }
    if !buf.is_empty() {
        out.push((start, strip_comment(&buf).to_string()));
    }
    out
}

/// pip's comment rule: `#` at the start of the line or after whitespace starts a comment
/// (`pkg @ https://host/x#egg=pkg` keeps its fragment).
fn strip_comment(line: &str) -> &str {
    let mut prev_space = true;
    for (i, c) in line.char_indices() {
        if c == '#' && prev_space {
            return &line[..i];
        }
        prev_space = c.is_whitespace();
    }
    line
}

/// Split `-r file`, `-rfile`, `--requirement=file`, `--requirement file` into the option
/// and the text after it.
fn split_option(line: &str) -> (&str, Option<&str>) {
    let first_end = line.find(char::is_whitespace).unwrap_or(line.len());
    let (first, rest) = line.split_at(first_end);
    let rest = rest.trim();
    let rest = (!rest.is_empty()).then_some(rest);
    if first.starts_with("--") {
        match first.split_once('=') {
            Some((opt, _)) => (opt, Some(line[opt.len() + 1..].trim())),
            None => (first, rest),
        }
    } else if first.len() > 2 && first.is_char_boundary(2) {
        // `-rfile`, `-e.`
        (&first[..2], Some(line[2..].trim()))
    } else {
        (first, rest)
    }
}

/// The first word of an option's value, without the quotes pip's shell-like splitting
/// removes (`-e ".[docs]"`).
fn first_word(value: &str) -> &str {
    let value = value.trim_start();
    for quote in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(quote) {
            return inner.split(quote).next().unwrap_or("");
        }
    }
    value.split_whitespace().next().unwrap_or("")
}

pub(super) fn parse_requirements(text: &str) -> Result<Parsed, ParseError> {
    let mut out = Parsed::default();
    for (line, logical) in logical_lines(text) {
        let logical = logical.trim();
        if logical.is_empty() {
            continue;
        }
        if logical.starts_with('-') {
            requirements_option(logical, line, &mut out)?;
        } else {
            let (req, hashed) = requirement_line(logical).map_err(|m| err(line, m))?;
            out.packages.push(package(req, line, None, hashed));
        }
    }
    Ok(out)
}

fn requirements_option<'a>(
    logical: &'a str,
    line: usize,
    out: &mut Parsed,
) -> Result<(), ParseError> {
    let (option, value) = split_option(logical);
    let needs_value = |value: Option<&'a str>| -> Result<&'a str, ParseError> {
        value
            .map(first_word)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| err(line, format!("`{option}` must be followed by a value")))
    };
    match option {
        "-r" | "--requirement" | "-c" | "--constraint" => {
            let path = needs_value(value)?;
            out.facts.push(Fact::Include {
                path: path.to_string(),
                constraint: matches!(option, "-c" | "--constraint"),
                line,
            });
        }
        "-e" | "--editable" => {
            let target = needs_value(value)?;
            let req = if pep508::looks_like_url_or_path(target) {
                pep508::parse_url_requirement(target)
            } else {
                // `-e name @ url` is not pip syntax, but a PEP 508 string is the best guess.
                pep508::parse_pep508(value.unwrap_or(target)).map_err(|m| err(line, m))?
            };
            out.packages.push(package(req, line, None, false));
        }
        "-i" | "--index-url" => {
            let url = needs_value(value)?;
            if is_plain_http(url) {
                out.facts.push(Fact::InsecureIndex {
                    url: url.to_string(),
                    line,
                });
            }
        }
        "--extra-index-url" => {
            let url = needs_value(value)?;
            out.facts.push(Fact::ExtraIndex {
                url: url.to_string(),
                line,
            });
            if is_plain_http(url) {
                out.facts.push(Fact::InsecureIndex {
                    url: url.to_string(),
                    line,
                });
            }
        }
        "-f" | "--find-links" => {
            // Packages fetched from a plain-http page are as exposed as from an index.
            let url = needs_value(value)?;
            if is_plain_http(url) {
                out.facts.push(Fact::InsecureIndex {
                    url: url.to_string(),
                    line,
                });
            }
        }
        // --trusted-host, --pre, --no-index, --prefer-binary, --only-binary, --no-binary,
        // --require-hashes, --use-feature, ... say nothing about packages.
        _ => {}
    }
    Ok(())
}

/// A requirement line: the requirement and whether it carries `--hash` options.
fn requirement_line(logical: &str) -> Result<(Requirement, bool), String> {
    // Per-requirement options start at the first word that begins with `-`.
    let mut options_at = logical.len();
    let mut prev_space = false;
    for (i, c) in logical.char_indices() {
        if c == '-' && prev_space {
            options_at = i;
            break;
        }
        prev_space = c.is_whitespace();
    }
    let (req_text, options) = logical.split_at(options_at);
    let hashed = options
        .split_whitespace()
        .any(|w| w == "--hash" || w.starts_with("--hash="));
    let req_text = req_text.trim();
    // The URL or path ends at whitespace or at a `;` that starts a marker.
    let first = req_text.split_whitespace().next().unwrap_or("");
    let first = first.split(';').next().unwrap_or(first);
    let req = if pep508::looks_like_url_or_path(first) && !is_named_reference(req_text) {
        pep508::parse_url_requirement(first)
    } else {
        pep508::parse_pep508(req_text)?
    };
    Ok((req, hashed))
}

/// `name @ URL` or `name[extra]@URL` (a PEP 508 direct reference).
fn is_named_reference(text: &str) -> bool {
    let Some(at) = text.find('@') else {
        return false;
    };
    let head = text[..at].trim();
    let head = head.split('[').next().unwrap_or(head).trim();
    !head.is_empty()
        && head
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

// ---------------------------------------------------------------------------------------
// pyproject.toml

type StrList = Vec<Spanned<String>>;
type PoetryDeps = BTreeMap<Spanned<String>, toml::Value>;

#[derive(Deserialize)]
struct Pyproject {
    project: Option<Project>,
    #[serde(rename = "dependency-groups")]
    dependency_groups: Option<BTreeMap<Spanned<String>, Vec<Spanned<toml::Value>>>>,
    tool: Option<Tool>,
}

#[derive(Deserialize)]
struct Project {
    name: Option<String>,
    dependencies: Option<StrList>,
    #[serde(rename = "optional-dependencies")]
    optional_dependencies: Option<BTreeMap<String, StrList>>,
}

#[derive(Deserialize)]
struct Tool {
    setuptools: Option<Setuptools>,
    poetry: Option<Poetry>,
    uv: Option<Uv>,
    pdm: Option<Pdm>,
}

#[derive(Deserialize)]
struct Setuptools {
    dynamic: Option<SetuptoolsDynamic>,
}

/// `dependencies = { file = ["requirements.txt"] }`: dependencies read from other files.
#[derive(Deserialize)]
struct SetuptoolsDynamic {
    dependencies: Option<DynamicFile>,
    #[serde(rename = "optional-dependencies")]
    optional_dependencies: Option<BTreeMap<String, DynamicFile>>,
}

#[derive(Deserialize)]
struct DynamicFile {
    file: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize)]
struct Poetry {
    dependencies: Option<PoetryDeps>,
    #[serde(rename = "dev-dependencies")]
    dev_dependencies: Option<PoetryDeps>,
    group: Option<BTreeMap<String, PoetryGroup>>,
    source: Option<Vec<IndexSource>>,
}

#[derive(Deserialize)]
struct PoetryGroup {
    dependencies: Option<PoetryDeps>,
}

#[derive(Deserialize)]
struct IndexSource {
    url: Option<Spanned<String>>,
    priority: Option<String>,
    secondary: Option<bool>,
}

#[derive(Deserialize)]
struct Uv {
    #[serde(rename = "dev-dependencies")]
    dev_dependencies: Option<StrList>,
    index: Option<Vec<IndexSource>>,
    #[serde(rename = "index-url")]
    index_url: Option<Spanned<String>>,
    #[serde(rename = "extra-index-url")]
    extra_index_url: Option<StrList>,
    /// `name = { git = ..., rev = ... }`, `{ path = ... }`, `{ url = ... }`,
    /// `{ workspace = true }`, `{ index = ... }`, or a list of such tables.
    sources: Option<BTreeMap<String, toml::Value>>,
}

#[derive(Deserialize)]
struct Pdm {
    #[serde(rename = "dev-dependencies")]
    dev_dependencies: Option<BTreeMap<String, StrList>>,
    source: Option<Vec<IndexSource>>,
}

/// `pyproject.toml`. Dev-only (`dev = Some(true)`): PEP 735 `[dependency-groups]`, Poetry
/// groups and `dev-dependencies`, `[tool.uv] dev-dependencies`, `[tool.pdm.dev-dependencies]`,
/// and optional-dependency extras whose name says so (`dev`, `test`, `lint`, `docs`, ...,
/// see `is_dev_group`); other extras and `[project] dependencies` are `Some(false)`.
/// `[tool.setuptools.dynamic]` dependency files are `Fact::Include`s.
/// Poetry's `python` entry is not a package, nor is the project itself (`"demo[test]"` in
/// demo's own lists).
pub(super) fn parse_pyproject(text: &str) -> Result<Parsed, ParseError> {
    let lines = Lines::new(text);
    let doc: Pyproject = from_toml(Kind::Pyproject, text, &lines)?;
    let mut out = Parsed::default();
    let line_of = |s: &std::ops::Range<usize>| lines.line_of(s.start);

    let pep508_list = |list: &StrList, dev: bool, out: &mut Parsed| -> Result<(), ParseError> {
        for item in list {
            let line = line_of(&item.span());
            let value = item.get_ref();
            let req = if value.trim_start().starts_with("-e") {
                // PDM writes editable entries as `-e file:///${PROJECT_ROOT}/#egg=x`.
                let target = value.trim_start()[2..].trim();
                pep508::parse_url_requirement(target)
            } else {
                pep508::parse_pep508(value).map_err(|m| err(line, m))?
            };
            out.packages.push(package(req, line, Some(dev), false));
        }
        Ok(())
    };

    if let Some(project) = &doc.project {
        if let Some(deps) = &project.dependencies {
            pep508_list(deps, false, &mut out)?;
        }
        for (extra, deps) in project.optional_dependencies.iter().flatten() {
            pep508_list(deps, is_dev_group(extra), &mut out)?;
        }
    }
    for items in doc.dependency_groups.iter().flat_map(|g| g.values()) {
        for item in items {
            // `{include-group = "x"}` tables repeat another group's entries.
            if let toml::Value::String(s) = item.get_ref() {
                let line = line_of(&item.span());
                let req = pep508::parse_pep508(s).map_err(|m| err(line, m))?;
                out.packages.push(package(req, line, Some(true), false));
            }
        }
    }
    if let Some(tool) = &doc.tool {
        let dynamic = tool.setuptools.as_ref().and_then(|s| s.dynamic.as_ref());
        if let Some(dynamic) = dynamic {
            let files = dynamic
                .dependencies
                .iter()
                .chain(
                    dynamic
                        .optional_dependencies
                        .iter()
                        .flat_map(|m| m.values()),
                )
                .filter_map(|d| d.file.as_ref());
            for file in files {
                let line = line_of(&file.span());
                let paths = match file.get_ref() {
                    toml::Value::Array(items) => items.iter().filter_map(|v| v.as_str()).collect(),
                    other => other.as_str().into_iter().collect::<Vec<_>>(),
                };
                for path in paths {
                    out.facts.push(Fact::Include {
                        path: path.to_string(),
                        constraint: false,
                        line,
                    });
                }
            }
        }
        if let Some(poetry) = &tool.poetry {
            if let Some(deps) = &poetry.dependencies {
                poetry_deps(deps, false, &lines, &mut out)?;
            }
            if let Some(deps) = &poetry.dev_dependencies {
                poetry_deps(deps, true, &lines, &mut out)?;
            }
            for group in poetry.group.iter().flat_map(|g| g.values()) {
                if let Some(deps) = &group.dependencies {
                    poetry_deps(deps, true, &lines, &mut out)?;
                }
            }
            for source in poetry.source.iter().flatten() {
                let extra = source.secondary == Some(true)
                    || source.priority.as_deref() == Some("supplemental");
                index_fact(source.url.as_ref(), extra, &lines, &mut out);
            }
        }
        if let Some(uv) = &tool.uv {
            if let Some(deps) = &uv.dev_dependencies {
                pep508_list(deps, true, &mut out)?;
            }
            index_fact(uv.index_url.as_ref(), false, &lines, &mut out);
            for url in uv.extra_index_url.iter().flatten() {
                index_fact(Some(url), true, &lines, &mut out);
            }
            for index in uv.index.iter().flatten() {
                index_fact(index.url.as_ref(), false, &lines, &mut out);
            }
        }
        if let Some(pdm) = &tool.pdm {
            for deps in pdm.dev_dependencies.iter().flat_map(|g| g.values()) {
                pep508_list(deps, true, &mut out)?;
            }
            for source in pdm.source.iter().flatten() {
                index_fact(source.url.as_ref(), false, &lines, &mut out);
            }
        }
    }
    // `"demo[extra]"` in demo's own lists pulls in its own extras: not a dependency.
    if let Some(own) = doc.project.as_ref().and_then(|p| p.name.as_deref()) {
        let own = normalize_py(own);
        out.packages.retain(|p| normalize_py(&p.name) != own);
    }
    if let Some(sources) = doc
        .tool
        .as_ref()
        .and_then(|t| t.uv.as_ref()?.sources.as_ref())
    {
        apply_uv_sources(sources, &mut out.packages);
    }
    out.packages.sort_by_key(|p| p.line);
    Ok(out)
}

/// `[tool.uv.sources]` says where a PEP 508 name comes from instead of the index.
fn apply_uv_sources(sources: &BTreeMap<String, toml::Value>, packages: &mut [Package]) {
    let by_name: BTreeMap<String, Source> = sources
        .iter()
        .filter_map(|(name, value)| {
            let table = match value {
                toml::Value::Array(items) => items.first()?,
                other => other,
            };
            let get = |k: &str| table.get(k).and_then(toml::Value::as_str);
            let source = if let Some(url) = get("git") {
                Source::Git {
                    url: split_locked_git_url(url).0,
                    rev: full_commit(get("rev")),
                }
            } else if let Some(path) = get("path") {
                Source::Path(path.to_string())
            } else if let Some(url) = get("url") {
                Source::Url(url.to_string())
            } else {
                // `workspace = true` (a member of this workspace) or `index = "name"`.
                return None;
            };
            Some((normalize_py(name), source))
        })
        .collect();
    for pkg in packages {
        if pkg.source == Source::Registry {
            if let Some(source) = by_name.get(&normalize_py(&pkg.name)) {
                pkg.source = source.clone();
            }
        }
    }
}

fn index_fact(url: Option<&Spanned<String>>, extra: bool, lines: &Lines, out: &mut Parsed) {
    let Some(url) = url else { return };
    let line = lines.line_of(url.span().start);
    let url = url.get_ref().clone();
    if extra {
        out.facts.push(Fact::ExtraIndex {
            url: url.clone(),
            line,
        });
    }
    if is_plain_http(&url) {
        out.facts.push(Fact::InsecureIndex { url, line });
    }
}

/// `[tool.poetry.dependencies]`-style tables: `name = "^1.2"`, `name = { version = ...,
/// git/path/url = ... }`, or a list of such tables (one entry per element).
fn poetry_deps(
    deps: &PoetryDeps,
    dev: bool,
    lines: &Lines,
    out: &mut Parsed,
) -> Result<(), ParseError> {
    for (key, value) in deps {
        let name = key.get_ref();
        if name.eq_ignore_ascii_case("python") {
            continue;
        }
        let line = lines.line_of(key.span().start);
        let values = match value {
            toml::Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for value in values {
            let (version, requirement, source) =
                poetry_dep(name, value).map_err(|m| err(line, m))?;
            out.packages.push(Package {
                name: name.clone(),
                version,
                requirement,
                ecosystem: Ecosystem::PyPI,
                line,
                direct: Some(true),
                dev: Some(dev),
                source,
                hashed: false,
            });
        }
    }
    Ok(())
}

type VersionInfo = (Option<String>, Option<String>, Source);

fn poetry_dep(name: &str, value: &toml::Value) -> Result<VersionInfo, String> {
    let constraint = |c: &str| -> (Option<String>, Option<String>) {
        match poetry_exact(c) {
            Some(v) => (Some(v), None),
            None => (None, Some(c.trim().to_string())),
        }
    };
    match value {
        toml::Value::String(c) => {
            let (version, requirement) = constraint(c);
            Ok((version, requirement, Source::Registry))
        }
        toml::Value::Table(t) => {
            let get = |k: &str| t.get(k).and_then(toml::Value::as_str);
            let (version, requirement) = match get("version") {
                Some(c) => constraint(c),
                None => (None, None),
            };
            let source = if let Some(url) = get("git") {
                let rev = get("rev");
                Source::Git {
                    url: url.strip_prefix("git+").unwrap_or(url).to_string(),
                    rev: full_commit(rev),
                }
            } else if let Some(path) = get("path") {
                Source::Path(path.to_string())
            } else if let Some(url) = get("url") {
                Source::Url(url.to_string())
            } else {
                Source::Registry
            };
            Ok((version, requirement, source))
        }
        _ => Err(format!(
            "the entry for `{name}` must be a version string or a table such as {{ version = \"...\" }}"
        )),
    }
}

/// Poetry pins with `1.2.3` or `==1.2.3`; anything with an operator, `*`, `^`, `~` or a
/// comma is a range.
fn poetry_exact(constraint: &str) -> Option<String> {
    let c = constraint.trim();
    let v = c.strip_prefix("==").unwrap_or(c).trim();
    let ok = v.starts_with(|ch: char| ch.is_ascii_digit())
        && v.chars()
            .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '.' | '+' | '!' | '-' | '_'));
    ok.then(|| v.to_string())
}

#[cfg(test)]
mod tests;
