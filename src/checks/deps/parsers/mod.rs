//! Parsers for Python, Rust, Go and Ruby manifests and lockfiles.
//!
//! [`kind_of`] picks a parser by file name; [`parse`] turns the text into [`Parsed`]
//! (packages with their 1-based lines, plus index/include facts). A file that is not what
//! its name says gives a [`ParseError`] with the line where reading stopped; no input
//! panics. An empty (or blank) file gives an empty [`Parsed`].
//!
//! Conventions shared by every format here:
//! - `version` is the exact version the file pins; Go versions lose their leading `v`
//!   (`v1.2.3` → `1.2.3`, as OSV writes them); a Ruby platform suffix is dropped.
//! - A git source's `url` is the repository URL without the `git+` prefix, the query and
//!   the fragment; `rev` is set only when the file names a full commit (40 or 64 hex
//!   digits), never for a branch or tag.
//! - Entries that are the project itself (workspace crates, uv's root project) are skipped.

mod cargo;
mod golang;
mod pep508;
mod pylock;
mod pypi;
mod ruby;

use super::types::{Ecosystem, ParseError, Parsed};

/// The formats these parsers read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// pip requirements and constraints files (`requirements*.txt`, `constraints*.txt`,
    /// `*-requirements.txt`, pip-tools `requirements*.in`, `requirements/*.txt`).
    Requirements,
    /// `pyproject.toml`: PEP 621, PEP 735 dependency groups, Poetry, uv and PDM tables.
    Pyproject,
    /// `poetry.lock`.
    PoetryLock,
    /// `uv.lock`.
    UvLock,
    /// `Pipfile.lock`.
    PipfileLock,
    /// `pdm.lock`.
    PdmLock,
    /// PEP 751 `pylock.toml` / `pylock.NAME.toml`.
    Pylock,
    /// `Cargo.lock`.
    CargoLock,
    /// `go.mod`.
    GoMod,
    /// `go.sum` (and `go.work.sum`).
    GoSum,
    /// `Gemfile.lock` (and `gems.locked`).
    GemfileLock,
}

impl Kind {
    /// The ecosystem of the packages this kind of file names.
    pub fn ecosystem(self) -> Ecosystem {
        match self {
            Kind::Requirements
            | Kind::Pyproject
            | Kind::PoetryLock
            | Kind::UvLock
            | Kind::PipfileLock
            | Kind::PdmLock
            | Kind::Pylock => Ecosystem::PyPI,
            Kind::CargoLock => Ecosystem::CratesIo,
            Kind::GoMod | Kind::GoSum => Ecosystem::Go,
            Kind::GemfileLock => Ecosystem::RubyGems,
        }
    }

    /// A short name for messages (`requirements`, `uv.lock`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Requirements => "requirements",
            Kind::Pyproject => "pyproject.toml",
            Kind::PoetryLock => "poetry.lock",
            Kind::UvLock => "uv.lock",
            Kind::PipfileLock => "Pipfile.lock",
            Kind::PdmLock => "pdm.lock",
            Kind::Pylock => "pylock.toml",
            Kind::CargoLock => "Cargo.lock",
            Kind::GoMod => "go.mod",
            Kind::GoSum => "go.sum",
            Kind::GemfileLock => "Gemfile.lock",
        }
    }

    /// Whether the file is a lockfile (every entry pinned) rather than a manifest.
    pub fn is_lockfile(self) -> bool {
        !matches!(self, Kind::Requirements | Kind::Pyproject | Kind::GoMod)
    }
}

/// Which parser handles a file, by its name (and path); None = not a manifest or lockfile we read.
pub fn kind_of(path: &str) -> Option<Kind> {
    let mut parts = path.rsplit(['/', '\\']);
    let name = parts.next().unwrap_or("");
    let parent = parts.next().unwrap_or("");
    let kind = match name {
        "pyproject.toml" => Kind::Pyproject,
        "poetry.lock" => Kind::PoetryLock,
        "uv.lock" => Kind::UvLock,
        "Pipfile.lock" => Kind::PipfileLock,
        "pdm.lock" => Kind::PdmLock,
        "pylock.toml" => Kind::Pylock,
        "Cargo.lock" => Kind::CargoLock,
        "go.mod" => Kind::GoMod,
        "go.sum" | "go.work.sum" => Kind::GoSum,
        "Gemfile.lock" | "gems.locked" => Kind::GemfileLock,
        _ if name.starts_with("pylock.") && name.ends_with(".toml") && name.len() > 12 => {
            Kind::Pylock
        }
        _ if is_requirements_name(name, parent) => Kind::Requirements,
        _ => return None,
    };
    Some(kind)
}

/// `requirements.txt`, `requirements-dev.txt`, `dev-requirements.txt`, `constraints.txt`,
/// pip-tools inputs `requirements.in`, and any `.txt`/`.in` file in a `requirements/`
/// folder.
fn is_requirements_name(name: &str, parent: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let stem = match lower
        .strip_suffix(".txt")
        .or_else(|| lower.strip_suffix(".in"))
    {
        Some(stem) if !stem.is_empty() => stem,
        _ => return false,
    };
    let parent = parent.to_ascii_lowercase();
    if parent == "requirements" || parent == "requirements.d" || parent == "constraints" {
        return true;
    }
    ["requirements", "constraints"].iter().any(|word| {
        stem.starts_with(word)
            || stem
                .strip_suffix(word)
                .is_some_and(|rest| rest.ends_with(['-', '_', '.']))
    })
}

/// Parse `text` as a file of `kind`.
pub fn parse(kind: Kind, text: &str) -> Result<Parsed, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Ok(Parsed::default());
    }
    let parsed = match kind {
        Kind::Requirements => pypi::parse_requirements(text),
        Kind::Pyproject => pypi::parse_pyproject(text),
        Kind::PoetryLock => pylock::parse_poetry_lock(text),
        Kind::UvLock => pylock::parse_uv_lock(text),
        Kind::PipfileLock => pylock::parse_pipfile_lock(text),
        Kind::PdmLock => pylock::parse_pdm_lock(text),
        Kind::Pylock => pylock::parse_pylock(text),
        Kind::CargoLock => cargo::parse_cargo_lock(text),
        Kind::GoMod => golang::parse_go_mod(text),
        Kind::GoSum => golang::parse_go_sum(text),
        Kind::GemfileLock => ruby::parse_gemfile_lock(text),
    };
    // Readers may point just past the end (an unclosed table or object at the last
    // newline); report the last line instead.
    parsed.map_err(|mut e| {
        e.line = e.line.clamp(1, text.lines().count().max(1));
        e
    })
}

/// Byte offset → 1-based line.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1)
                // A final newline ends the last line; it does not start another.
                .filter(|&start| start < text.len()),
        );
        Lines { starts }
    }

    fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i.max(1),
        }
    }
}

/// Deserialize a TOML document; a syntax or shape error becomes a [`ParseError`] at the
/// line the TOML reader points at.
fn from_toml<T: serde::de::DeserializeOwned>(
    kind: Kind,
    text: &str,
    lines: &Lines,
) -> Result<T, ParseError> {
    toml::from_str(text).map_err(|e| ParseError {
        line: e.span().map(|s| lines.line_of(s.start)).unwrap_or(1),
        message: format!("{} is not valid: {}", kind.name(), e.message().trim_end()),
    })
}

fn err(line: usize, message: impl Into<String>) -> ParseError {
    ParseError {
        line,
        message: message.into(),
    }
}

/// A full commit hash (SHA-1 or SHA-256 object name).
fn is_full_commit(rev: &str) -> bool {
    (rev.len() == 40 || rev.len() == 64) && rev.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `Some(rev)` when `rev` is a full commit hash.
fn full_commit(rev: Option<&str>) -> Option<String> {
    rev.filter(|r| is_full_commit(r)).map(str::to_string)
}

/// Whether a URL uses plain `http://`.
fn is_plain_http(url: &str) -> bool {
    url.trim()
        .get(..7)
        .is_some_and(|s| s.eq_ignore_ascii_case("http://"))
}

/// A git URL as lockfiles write it (`https://host/repo?branch=x#<commit>`): the repository
/// URL (no `git+`, query or fragment) and the fragment.
fn split_locked_git_url(url: &str) -> (String, Option<&str>) {
    let url = strip_prefix_ci(url, "git+").unwrap_or(url);
    let (base, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let base = base.split_once('?').map_or(base, |(b, _)| b);
    (base.to_string(), fragment)
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

/// PEP 503 normalised Python package name (for matching, never for output).
fn normalize_py(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut sep = false;
    for c in name.trim().chars() {
        if matches!(c, '-' | '_' | '.') {
            sep = true;
        } else {
            if sep && !out.is_empty() {
                out.push('-');
            }
            sep = false;
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// Whether a dependency group or extra is, by its name, for development only
/// (`dev`, `test`, `tests`, `lint`, `docs`, `typing`, ... or a name with such a part,
/// like `test-unit` or `dev_tools`).
fn is_dev_group(name: &str) -> bool {
    const DEV: &[&str] = &[
        "dev",
        "devel",
        "develop",
        "development",
        "test",
        "tests",
        "testing",
        "lint",
        "lints",
        "linting",
        "linter",
        "linters",
        "doc",
        "docs",
        "documentation",
        "typing",
        "types",
        "mypy",
        "typecheck",
        "style",
        "format",
        "formatting",
        "fmt",
        "qa",
        "check",
        "checks",
        "coverage",
        "cov",
        "bench",
        "benchmark",
        "benchmarks",
        "ci",
        "pre-commit",
    ];
    let lower = name.to_ascii_lowercase();
    DEV.contains(&lower.as_str()) || lower.split(['-', '_', '.']).any(|part| DEV.contains(&part))
}

#[cfg(test)]
mod tests;
