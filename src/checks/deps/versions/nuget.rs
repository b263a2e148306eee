//! NuGet versions (`NuGetVersion`): SemVer 2.0 with NuGet's relaxations.
//!
//! - One to four numeric parts; missing ones are 0 (`1.0` == `1.0.0` == `1.0.0.0`), the
//!   fourth being the legacy "revision". Leading zeros are allowed and ignored (`1.01` ==
//!   `1.1`), as NuGet normalises them away.
//! - An optional `-` pre-release label of `.`-separated identifiers, compared as SemVer does
//!   (numeric identifiers as numbers and below alphanumeric ones, a longer list wins when it
//!   extends a shorter one) except that alphanumeric identifiers compare case-insensitively
//!   (`1.0.0-Beta == 1.0.0-beta`); a release is above its pre-releases.
//! - Optional `+` metadata, ignored for ordering.
//! - Surrounding whitespace is allowed; a `v` prefix is not (NuGet rejects it).

use std::cmp::Ordering;

use super::{cmp_digits, is_digits};

struct Version<'a> {
    release: [&'a str; 4],
    pre: Vec<&'a str>,
}

fn parse(v: &str) -> Option<Version<'_>> {
    let s = v.trim();
    let s = match s.split_once('+') {
        Some((s, meta)) => {
            if meta.is_empty()
                || !meta.split('.').all(|p| {
                    !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                })
            {
                return None;
            }
            s
        }
        None => s,
    };
    let (release, pre) = match s.split_once('-') {
        Some((r, p)) => (r, Some(p)),
        None => (s, None),
    };
    let mut parts = [""; 4];
    for (n, p) in release.split('.').enumerate() {
        let slot = parts.get_mut(n)?;
        if !is_digits(p) {
            return None;
        }
        *slot = p;
    }
    let pre = match pre {
        None => Vec::new(),
        Some(p) => {
            let ids: Vec<&str> = p.split('.').collect();
            if ids.iter().any(|id| {
                id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            }) {
                return None;
            }
            ids
        }
    };
    Some(Version {
        release: parts,
        pre,
    })
}

/// Whether `v` is a NuGet version.
pub fn parses(v: &str) -> bool {
    parse(v).is_some()
}

fn cmp_identifier(a: &str, b: &str) -> Ordering {
    match (is_digits(a), is_digits(b)) {
        (true, true) => cmp_digits(a, b),
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => a
            .bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.bytes().map(|c| c.to_ascii_lowercase())),
    }
}

/// Orders two NuGet versions; None when either does not parse.
pub fn compare(a: &str, b: &str) -> Option<Ordering> {
    let a = parse(a)?;
    let b = parse(b)?;
    for (x, y) in a.release.iter().zip(b.release.iter()) {
        let ord = cmp_digits(x, y);
        if ord != Ordering::Equal {
            return Some(ord);
        }
    }
    Some(match (a.pre.is_empty(), b.pre.is_empty()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        (false, false) => {
            for (x, y) in a.pre.iter().zip(b.pre.iter()) {
                let ord = cmp_identifier(x, y);
                if ord != Ordering::Equal {
                    return Some(ord);
                }
            }
            a.pre.len().cmp(&b.pre.len())
        }
    })
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
    fn four_parts_and_padding() {
        eq("1.0", "1.0.0.0");
        eq("1", "1.0.0");
        lt("1.0.0", "1.0.0.1");
        lt("1.0.0.9", "1.0.0.10");
        lt("1.2.3.4", "1.2.4");
    }

    #[test]
    fn leading_zeros() {
        eq("1.01", "1.1");
        eq("01.002.0003", "1.2.3");
        lt("1.09", "1.10");
    }

    #[test]
    fn prerelease_labels() {
        eq("1.0.0-Beta", "1.0.0-beta");
        eq("1.0.0-RC.1", "1.0.0-rc.1");
        lt("1.0.0-alpha", "1.0.0-Beta");
        lt("1.0.0-beta", "1.0.0");
        lt("1.0.0-beta.2", "1.0.0-beta.10");
        lt("1.0.0-1", "1.0.0-alpha");
        lt("1.0.0-beta", "1.0.0-beta.1");
        lt("1.0.0.1-beta", "1.0.0.1");
        lt("1.0.0", "1.0.0.1-beta");
        lt("1.0.0-beta01", "1.0.0-beta02");
    }

    #[test]
    fn metadata_ignored() {
        eq("1.0.0+abc", "1.0.0+def");
        eq("1.0.0-rc.1+build.5", "1.0.0-RC.1");
    }

    #[test]
    fn invalid() {
        for bad in [
            "",
            "v1.0.0",
            "1.0.0.0.0",
            "1..0",
            "1.0-",
            "1.0-a..b",
            "1.0+",
            "a.b",
            "1.0.0-beta_1",
            "[1.0,2.0)",
        ] {
            assert!(!parses(bad), "{bad:?} parsed");
        }
        assert!(parses(" 1.0.0 "));
        assert!(parses("4294967296.0"));
    }
}
