//! Parsers for the JavaScript (npm, Yarn, pnpm), PHP (Composer), .NET (NuGet) and JVM
//! (Gradle) manifests and lockfiles.
//!
//! Every parser takes the whole text of one file and returns the packages it names, each
//! with the 1-based line where its entry starts. Nothing here panics, prints or touches the
//! file system; a file that is not what its name says gives a [`ParseError`] with the line
//! where it went wrong.
//!
//! Choices that apply across formats:
//! - An empty (or whitespace-only) file gives an empty [`Parsed`], for every format: there is
//!   nothing in it to judge, and an error would only be noise.
//! - A UTF-8 byte order mark at the start is ignored (NuGet files written on Windows often
//!   carry one).
//! - Workspace members and local links (`link: true`, `workspace:`, `linkType: soft`, NuGet
//!   `Project`) are the project's own code, not dependencies: they are skipped.
//! - Versions are kept as the file writes them (Composer's `v1.2.3` keeps its `v`).

mod composer;
mod gradle;
mod json_lines;
mod npm;
mod nuget;
mod pnpm;
mod util;
mod yaml;
mod yarn;

use super::types::{Ecosystem, Fact, Package, ParseError, Parsed, Source};

/// Which parser reads a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// npm `package-lock.json` or `npm-shrinkwrap.json` (lockfileVersion 1, 2 and 3).
    NpmLock,
    /// npm `package.json` (the manifest: ranges, not pins).
    PackageJson,
    /// `yarn.lock`, classic (v1) or Berry (v2+, YAML); told apart by content.
    YarnLock,
    /// `pnpm-lock.yaml` (lockfileVersion 5.x, 6.x, 9.x).
    PnpmLock,
    /// Composer `composer.lock`.
    ComposerLock,
    /// NuGet `packages.lock.json`.
    NugetLock,
    /// Gradle dependency lock (`gradle.lockfile`, or per-configuration files under
    /// `gradle/dependency-locks/`).
    GradleLock,
}

impl Kind {
    /// A short name for reports (`package-lock.json`, `yarn.lock`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Kind::NpmLock => "package-lock.json",
            Kind::PackageJson => "package.json",
            Kind::YarnLock => "yarn.lock",
            Kind::PnpmLock => "pnpm-lock.yaml",
            Kind::ComposerLock => "composer.lock",
            Kind::NugetLock => "packages.lock.json",
            Kind::GradleLock => "gradle.lockfile",
        }
    }

    /// The ecosystem of every package this kind of file names.
    pub fn ecosystem(self) -> Ecosystem {
        match self {
            Kind::NpmLock | Kind::PackageJson | Kind::YarnLock | Kind::PnpmLock => Ecosystem::Npm,
            Kind::ComposerLock => Ecosystem::Packagist,
            Kind::NugetLock => Ecosystem::NuGet,
            Kind::GradleLock => Ecosystem::Maven,
        }
    }
}

/// Which parser handles a file, by its name (and path); None = not a manifest or lockfile we read.
pub fn kind_of(path: &str) -> Option<Kind> {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    match name {
        "package-lock.json" | "npm-shrinkwrap.json" => Some(Kind::NpmLock),
        "package.json" => Some(Kind::PackageJson),
        "yarn.lock" => Some(Kind::YarnLock),
        "pnpm-lock.yaml" => Some(Kind::PnpmLock),
        "composer.lock" => Some(Kind::ComposerLock),
        "packages.lock.json" => Some(Kind::NugetLock),
        "gradle.lockfile" | "buildscript-gradle.lockfile" => Some(Kind::GradleLock),
        _ if name.ends_with(".lockfile") && in_gradle_locks_dir(path) => Some(Kind::GradleLock),
        _ => None,
    }
}

/// Gradle's older layout: one `<configuration>.lockfile` per configuration in
/// `gradle/dependency-locks/`.
fn in_gradle_locks_dir(path: &str) -> bool {
    let mut parts = path.rsplit(['/', '\\']);
    let _file = parts.next();
    let dir = parts.next();
    let parent = parts.next();
    dir == Some("dependency-locks") && parent == Some("gradle")
}

pub fn parse(kind: Kind, text: &str) -> Result<Parsed, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Ok(Parsed::default());
    }
    match kind {
        Kind::NpmLock => npm::parse_lock(text),
        Kind::PackageJson => npm::parse_manifest(text),
        Kind::YarnLock => yarn::parse(text),
        Kind::PnpmLock => pnpm::parse(text),
        Kind::ComposerLock => composer::parse(text),
        Kind::NugetLock => nuget::parse(text),
        Kind::GradleLock => gradle::parse(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_name() {
        assert_eq!(kind_of("package-lock.json"), Some(Kind::NpmLock));
        assert_eq!(kind_of("a/b/npm-shrinkwrap.json"), Some(Kind::NpmLock));
        assert_eq!(kind_of("web\\package.json"), Some(Kind::PackageJson));
        assert_eq!(kind_of("ui/yarn.lock"), Some(Kind::YarnLock));
        assert_eq!(kind_of("pnpm-lock.yaml"), Some(Kind::PnpmLock));
        assert_eq!(kind_of("php/composer.lock"), Some(Kind::ComposerLock));
        assert_eq!(kind_of("src/App/packages.lock.json"), Some(Kind::NugetLock));
        assert_eq!(kind_of("gradle.lockfile"), Some(Kind::GradleLock));
        assert_eq!(
            kind_of("app/buildscript-gradle.lockfile"),
            Some(Kind::GradleLock)
        );
        assert_eq!(
            kind_of("app/gradle/dependency-locks/compileClasspath.lockfile"),
            Some(Kind::GradleLock)
        );
        assert_eq!(kind_of("other/compileClasspath.lockfile"), None);
        assert_eq!(kind_of("composer.json"), None);
        assert_eq!(kind_of("package-lock.json.bak"), None);
        assert_eq!(kind_of("Cargo.lock"), None);
        assert_eq!(kind_of(""), None);
    }

    #[test]
    fn empty_files_are_empty() {
        for kind in [
            Kind::NpmLock,
            Kind::PackageJson,
            Kind::YarnLock,
            Kind::PnpmLock,
            Kind::ComposerLock,
            Kind::NugetLock,
            Kind::GradleLock,
        ] {
            assert_eq!(parse(kind, ""), Ok(Parsed::default()), "{kind:?}");
            assert_eq!(
                parse(kind, "\u{feff} \n\n"),
                Ok(Parsed::default()),
                "{kind:?}"
            );
        }
    }
}
