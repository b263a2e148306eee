//! Shared types of the deps check (copy this file verbatim into your crate as
//! `src/deps/types.rs`; do not change existing items — you may propose additions in your
//! final report).

/// A package ecosystem, named as OSV names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ecosystem {
    PyPI,
    Npm,
    CratesIo,
    Go,
    RubyGems,
    Packagist,
    NuGet,
    Maven,
}

impl Ecosystem {
    /// The OSV ecosystem name (`PyPI`, `npm`, `crates.io`, `Go`, `RubyGems`, `Packagist`,
    /// `NuGet`, `Maven`).
    pub fn osv_name(self) -> &'static str {
        match self {
            Ecosystem::PyPI => "PyPI",
            Ecosystem::Npm => "npm",
            Ecosystem::CratesIo => "crates.io",
            Ecosystem::Go => "Go",
            Ecosystem::RubyGems => "RubyGems",
            Ecosystem::Packagist => "Packagist",
            Ecosystem::NuGet => "NuGet",
            Ecosystem::Maven => "Maven",
        }
    }
}

/// Where a package comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The ecosystem's registry (or an index named in the file).
    Registry,
    /// A git repository; `rev` is a full commit hash when the file pins one.
    Git { url: String, rev: Option<String> },
    /// A direct URL (tarball, wheel).
    Url(String),
    /// A local path.
    Path(String),
}

/// One package a manifest or lockfile names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Package {
    /// As written in the file.
    pub name: String,
    /// The exact version when the file pins one (every lockfile entry; `==1.2.3` in a
    /// requirements file). `None` for ranges and unpinned names.
    pub version: Option<String>,
    /// The requirement as written when it is not an exact pin (`>=1.2,<2`, `^4.17.0`, `*`),
    /// or `None`.
    pub requirement: Option<String>,
    pub ecosystem: Ecosystem,
    /// 1-based line in the file where the package's entry starts.
    pub line: usize,
    /// Direct dependency of the project (`Some(true)`), transitive (`Some(false)`), or
    /// unknown (`None`) when the format does not say.
    pub direct: Option<bool>,
    /// Development-only dependency when the format says so.
    pub dev: Option<bool>,
    pub source: Source,
    /// The entry carries integrity hashes (`--hash=`, `integrity`, `checksum`).
    pub hashed: bool,
}

/// Facts about a file that the hygiene rules judge (not packages).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fact {
    /// `--extra-index-url URL` (requirements) or an extra index/registry in a manifest.
    ExtraIndex { url: String, line: usize },
    /// An index or registry URL over plain `http://`.
    InsecureIndex { url: String, line: usize },
    /// `-r other.txt` / `-c constraints.txt`: another file to read (path as written,
    /// relative to this file's directory).
    Include {
        path: String,
        constraint: bool,
        line: usize,
    },
    /// A package marked deprecated by its registry (npm lockfiles carry `deprecated`).
    Deprecated {
        name: String,
        message: String,
        line: usize,
    },
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    pub packages: Vec<Package>,
    pub facts: Vec<Fact>,
}

/// A file that is not what its name says: the line (1-based) and a message a person
/// understands ("expected `version = "..."` in [[package]] starting at line 12").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}
