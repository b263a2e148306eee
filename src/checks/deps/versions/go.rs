//! Go module versions: semantic versions with a `v` prefix.
//!
//! go.mod and go.sum write `v1.2.3`; the Go vulnerability database's OSV export writes the
//! same versions without the `v`, so both spellings are accepted. Go's own shorthands `v1`
//! and `v1.2` (meaning `v1.0.0` and `v1.2.0`) are accepted too.
//!
//! Pseudo-versions need no special case: `v0.0.0-20191109021931-daa7c04131f5` is a
//! pre-release of v0.0.0 and `v1.2.4-0.20191109021931-daa7c04131f5` a pre-release of v1.2.4
//! (so after v1.2.3 and before v1.2.4), which SemVer precedence orders correctly, the
//! timestamp being compared within an identifier of fixed width. `+incompatible` is build
//! metadata and does not take part in the order.

use std::cmp::Ordering;

use ::semver::Version;

use super::is_digits;

/// Parses a Go module version (`v` optional).
pub fn parse(v: &str) -> Option<Version> {
    let s = v.trim();
    let s = s.strip_prefix('v').unwrap_or(s);
    if let Ok(parsed) = Version::parse(s) {
        return Some(parsed);
    }
    // Shorthands: `v1` and `v1.2`, without pre-release or build.
    let mut parts = s.split('.');
    let major = parts.next()?;
    let minor = parts.next().unwrap_or("0");
    if parts.next().is_some() {
        return None;
    }
    for part in [major, minor] {
        if !is_digits(part) || (part.len() > 1 && part.starts_with('0')) {
            return None;
        }
    }
    Some(Version::new(major.parse().ok()?, minor.parse().ok()?, 0))
}

/// Whether `v` is a Go module version.
pub fn parses(v: &str) -> bool {
    parse(v).is_some()
}

/// Orders two Go module versions; None when either does not parse.
pub fn compare(a: &str, b: &str) -> Option<Ordering> {
    Some(super::semver::precedence(&parse(a)?, &parse(b)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lt(a: &str, b: &str) {
        assert_eq!(compare(a, b), Some(Ordering::Less), "{a} < {b}");
        assert_eq!(compare(b, a), Some(Ordering::Greater), "{b} > {a}");
    }

    fn eq(a: &str, b: &str) {
        assert_eq!(compare(a, b), Some(Ordering::Equal), "{a} == {b}");
    }

    #[test]
    fn v_prefix_is_optional() {
        eq("v1.2.3", "1.2.3");
        lt("v1.2.3", "v1.10.0");
        eq("v1", "v1.0.0");
        eq("v1.2", "1.2.0");
    }

    #[test]
    fn pseudo_versions() {
        // Before any tagged version.
        lt("v0.0.0-20191109021931-daa7c04131f5", "v0.0.1");
        lt(
            "v0.0.0-20191109021931-daa7c04131f5",
            "v0.0.0-20200101000000-0123456789ab",
        );
        // After v1.2.3, before v1.2.4.
        lt("v1.2.3", "v1.2.4-0.20191109021931-daa7c04131f5");
        lt("v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4");
        lt(
            "v1.2.4-0.20191109021931-daa7c04131f5",
            "v1.2.4-0.20200101000000-0123456789ab",
        );
        // After a pre-release: vX.Y.Z-pre.0.yyyymmddhhmmss-hash.
        lt("v1.2.4-rc.1", "v1.2.4-rc.1.0.20191109021931-daa7c04131f5");
        lt("v1.2.4-rc.1.0.20191109021931-daa7c04131f5", "v1.2.4");
    }

    #[test]
    fn incompatible_is_build_metadata() {
        eq("v2.0.0+incompatible", "v2.0.0");
        lt("v2.0.0+incompatible", "v2.0.1+incompatible");
        lt("v1.9.9", "v2.0.0+incompatible");
    }

    #[test]
    fn rejects_non_versions() {
        for bad in [
            "", "latest", "v1.2.3.4", "v01.2.3", "v1.02", "v1.2-pre", "master", "vv1.0.0",
        ] {
            assert!(!parses(bad), "{bad:?} parsed");
        }
    }
}
