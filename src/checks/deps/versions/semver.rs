//! Semantic Versioning 2.0.0 (npm, crates.io, and OSV ranges of type `SEMVER`).
//!
//! Parsing is the `semver` crate's (strict SemVer 2.0: three numeric parts without leading
//! zeros, pre-release identifiers, build metadata). Precedence is SemVer section 11:
//! major, minor, patch numerically; a pre-release sorts before its release; pre-release
//! identifiers compare one by one, numeric ones as numbers and below alphanumeric ones,
//! alphanumeric ones in ASCII order; a longer list wins when it extends a shorter one. Build
//! metadata does not take part (`1.0.0+a == 1.0.0+b`), unlike the `semver` crate's own `Ord`.
//!
//! As npm does, a leading `=` and/or `v` and surrounding whitespace are tolerated
//! (`=v1.2.3`, `v1.2.3`); crates.io never writes them, so accepting them costs nothing.

use std::cmp::Ordering;

use ::semver::Version;

/// Parses a SemVer 2.0 version, tolerating npm's `=`/`v` prefixes and surrounding blanks.
pub fn parse(v: &str) -> Option<Version> {
    let mut s = v.trim();
    if let Some(rest) = s.strip_prefix('=') {
        s = rest.trim_start();
    }
    if let Some(rest) = s.strip_prefix(['v', 'V']) {
        s = rest;
    }
    Version::parse(s).ok()
}

/// Whether `v` is a SemVer 2.0 version (see [`parse`]).
pub fn parses(v: &str) -> bool {
    parse(v).is_some()
}

/// SemVer precedence: build metadata is ignored.
pub fn precedence(a: &Version, b: &Version) -> Ordering {
    (a.major, a.minor, a.patch)
        .cmp(&(b.major, b.minor, b.patch))
        .then_with(|| a.pre.cmp(&b.pre))
}

/// Orders two SemVer versions by precedence; None when either does not parse.
pub fn compare(a: &str, b: &str) -> Option<Ordering> {
    Some(precedence(&parse(a)?, &parse(b)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lt(a: &str, b: &str) {
        assert_eq!(compare(a, b), Some(Ordering::Less), "{a} < {b}");
        assert_eq!(compare(b, a), Some(Ordering::Greater), "{b} > {a}");
    }

    #[test]
    fn prerelease_precedence_from_the_spec() {
        let ordered = [
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.1-0",
            "1.0.1",
            "1.1.0",
            "2.0.0",
            "10.0.0",
        ];
        for w in ordered.windows(2) {
            lt(w[0], w[1]);
        }
    }

    #[test]
    fn identifiers_numeric_versus_alphanumeric() {
        lt("1.0.0-2", "1.0.0-10");
        lt("1.0.0-10", "1.0.0-a");
        lt("1.0.0-Z", "1.0.0-a");
        lt("1.0.0-alpha.9", "1.0.0-alpha.10");
        lt("1.0.0-alpha.1a", "1.0.0-alpha.a");
        lt("1.0.0-0.0", "1.0.0-0.0.0");
    }

    #[test]
    fn build_metadata_is_ignored() {
        assert_eq!(
            compare("1.0.0+build.1", "1.0.0+build.2"),
            Some(Ordering::Equal)
        );
        assert_eq!(compare("1.0.0+x", "1.0.0"), Some(Ordering::Equal));
        lt("1.0.0-rc.1+build", "1.0.0");
    }

    #[test]
    fn npm_prefixes_are_tolerated() {
        assert_eq!(compare("v1.2.3", "1.2.3"), Some(Ordering::Equal));
        assert_eq!(compare("=1.2.3", "1.2.3"), Some(Ordering::Equal));
        assert_eq!(compare("=v1.2.3", "1.2.3"), Some(Ordering::Equal));
        assert_eq!(compare(" 1.2.3 ", "1.2.3"), Some(Ordering::Equal));
    }

    #[test]
    fn rejects_non_semver() {
        for bad in [
            "",
            "1",
            "1.2",
            "1.2.3.4",
            "01.2.3",
            "1.2.3-",
            "1.2.3-01",
            "1.2.3+",
            "^1.2.3",
            "1.2.x",
            "vv1.2.3",
            "1.2.3 4",
            "99999999999999999999999.0.0",
        ] {
            assert!(!parses(bad), "{bad:?} parsed");
        }
    }
}
