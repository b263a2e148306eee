//! PyPI versions: PEP 440 (the version scheme of the Python packaging specifications).
//!
//! Parsing and ordering come from `pep440_rs`, which implements the whole normalisation of
//! PEP 440 (epochs, `v` prefix, `-`/`_`/`.` separators, alternate spellings such as `c`,
//! `pre`, `preview`, `rev`, `r`, implicit post releases `1.0-1`, case-insensitivity) and its
//! ordering: epoch, then release with implicit zeros, then
//! `.devN` < `aN` < `bN` < `rcN` < final < `.postN`, a `.devN` sorting before the release it
//! is attached to (`1.0a1.dev1 < 1.0a1`, `1.0.post1.dev1 < 1.0.post1`), then the local label.

use std::cmp::Ordering;
use std::str::FromStr;

use pep440_rs::Version;

/// Parses a PEP 440 version; surrounding whitespace is allowed, as the spec says.
pub fn parse(v: &str) -> Option<Version> {
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    Version::from_str(v).ok()
}

/// Whether `v` is a PEP 440 version.
pub fn parses(v: &str) -> bool {
    parse(v).is_some()
}

/// Orders two PEP 440 versions; None when either does not parse.
pub fn compare(a: &str, b: &str) -> Option<Ordering> {
    Some(parse(a)?.cmp(&parse(b)?))
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
    fn epochs_dominate() {
        lt("2.0", "1!1.0");
        lt("1!1.0", "1!1.1");
        eq("0!1.0", "1.0");
        lt("1!2.0", "2!0.1");
    }

    #[test]
    fn dev_pre_final_post_order() {
        // The ordering given in PEP 440's summary of permitted suffixes.
        let ordered = [
            "1.0.dev456",
            "1.0a1",
            "1.0a2.dev456",
            "1.0a12.dev456",
            "1.0a12",
            "1.0b1.dev456",
            "1.0b2",
            "1.0b2.post345.dev456",
            "1.0b2.post345",
            "1.0rc1.dev456",
            "1.0rc1",
            "1.0",
            "1.0+abc.5",
            "1.0+abc.7",
            "1.0+5",
            "1.0.post456.dev34",
            "1.0.post456",
            "1.0.15",
            "1.1.dev1",
        ];
        for w in ordered.windows(2) {
            lt(w[0], w[1]);
        }
        lt("1.0a1.dev1", "1.0a1");
        lt("1.0a1", "1.0a1.post1");
        lt("1.0a1.post1", "1.0a2");
    }

    #[test]
    fn implicit_zeros() {
        eq("1.0", "1.0.0");
        eq("1", "1.0.0.0");
        lt("1.0", "1.0.1");
        eq("1.0.0a1", "1.0a1");
    }

    #[test]
    fn local_versions() {
        lt("1.0", "1.0+local");
        lt("1.0+local", "1.0.post1");
        // Segments compare one by one: numbers as integers, above any letter segment;
        // letters case-insensitively; a longer label wins when it extends a shorter one.
        lt("1.0+abc", "1.0+abd");
        lt("1.0+abc", "1.0+1");
        lt("1.0+2", "1.0+10");
        lt("1.0+abc", "1.0+abc.1");
        eq("1.0+ABC", "1.0+abc");
        eq("1.0+abc-1", "1.0+abc.1");
        lt("1.0a1+local", "1.0a1.post1");
    }

    #[test]
    fn normalisation() {
        eq("1.0-rc1", "1.0rc1");
        eq("1.0.RC.1", "1.0rc1");
        eq("1.0c1", "1.0rc1");
        eq("1.0pre1", "1.0rc1");
        eq("1.0preview1", "1.0rc1");
        eq("1.0alpha1", "1.0a1");
        eq("1.0beta2", "1.0b2");
        eq("v1.0", "1.0");
        eq("V1.0", "1.0");
        eq("1.0_a1", "1.0a1");
        eq("1.0-a-1", "1.0a1");
        eq("1.0a", "1.0a0");
        eq("1.0-1", "1.0.post1");
        eq("1.0-r1", "1.0.post1");
        eq("1.0.rev1", "1.0.post1");
        eq("1.0.post", "1.0.post0");
        eq("1.0-dev1", "1.0.dev1");
        eq("1.0dev", "1.0.dev0");
        eq("  1.0  ", "1.0");
        eq("\t1.0.0\n", "1.0");
        eq("1.0RC1", "1.0rc1");
        eq("1.0.DEV1", "1.0.dev1");
        eq("01.002", "1.2");
    }

    #[test]
    fn rejects_non_versions() {
        for bad in [
            "", " ", "abc", "1.0.*", "1.0-", "1..0", "1.0+", "1.0+a+b", "==1.0", "1.0 1",
        ] {
            assert!(!parses(bad), "{bad:?} parsed");
        }
        // Huge numbers and long inputs never panic.
        let _ = parses("1.99999999999999999999999999999999");
        let _ = parses(&"1.".repeat(10_000));
        let _ = compare("1!99999999999999999999999", "1.0");
    }
}
