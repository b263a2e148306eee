//! Version ordering per ecosystem, and the names advisories are indexed under.
//!
//! Each ecosystem has its own module with `parses` and `compare`; this module dispatches on
//! [`Ecosystem`]. Every comparator is total on the versions it parses and returns `None` for
//! a string it does not accept, so a caller can tell "not affected" from "cannot tell".
//! Nothing here panics on any input: numbers of any length are compared as digit strings.

use std::cmp::Ordering;

use super::types::Ecosystem;

pub mod composer;
pub mod go;
pub mod maven;
pub mod nuget;
pub mod pep440;
pub mod rubygems;
pub mod semver;

/// Orders two versions of an ecosystem; None when either cannot be parsed.
pub fn compare(eco: Ecosystem, a: &str, b: &str) -> Option<Ordering> {
    match eco {
        Ecosystem::PyPI => pep440::compare(a, b),
        Ecosystem::Npm | Ecosystem::CratesIo => semver::compare(a, b),
        Ecosystem::Go => go::compare(a, b),
        Ecosystem::RubyGems => rubygems::compare(a, b),
        Ecosystem::Packagist => composer::compare(a, b),
        Ecosystem::NuGet => nuget::compare(a, b),
        Ecosystem::Maven => maven::compare(a, b),
    }
}

/// Whether a version string parses for that ecosystem.
pub fn parses(eco: Ecosystem, v: &str) -> bool {
    match eco {
        Ecosystem::PyPI => pep440::parses(v),
        Ecosystem::Npm | Ecosystem::CratesIo => semver::parses(v),
        Ecosystem::Go => go::parses(v),
        Ecosystem::RubyGems => rubygems::parses(v),
        Ecosystem::Packagist => composer::parses(v),
        Ecosystem::NuGet => nuget::parses(v),
        Ecosystem::Maven => maven::parses(v),
    }
}

/// The name under which advisories are indexed, so that the name in a lockfile and the name
/// in an advisory compare equal with `==`:
///
/// - PyPI: PEP 503 (lowercase, every run of `-`, `_`, `.` becomes one `-`).
/// - crates.io: lowercase with `_` as `-`. crates.io refuses a new crate whose name differs
///   from an existing one only by case or by `-`/`_`, so the folded form names one crate.
/// - NuGet and Packagist: lowercase (both registries are case-insensitive).
/// - npm, Go, RubyGems, Maven: as written (case-sensitive registries; Go module paths and
///   Maven coordinates are case-sensitive, npm has legacy mixed-case names such as
///   `JSONStream`, and gem names such as `RedCloth` are matched exactly by Bundler).
///
/// Surrounding whitespace is dropped in every case.
pub fn normalize_name(eco: Ecosystem, name: &str) -> String {
    let name = name.trim();
    match eco {
        Ecosystem::PyPI => {
            let mut out = String::with_capacity(name.len());
            let mut in_sep = false;
            for c in name.chars() {
                if matches!(c, '-' | '_' | '.') {
                    if !in_sep {
                        out.push('-');
                    }
                    in_sep = true;
                } else {
                    out.extend(c.to_lowercase());
                    in_sep = false;
                }
            }
            out
        }
        Ecosystem::CratesIo => name
            .chars()
            .map(|c| {
                if c == '_' {
                    '-'
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect(),
        Ecosystem::NuGet | Ecosystem::Packagist => name.to_lowercase(),
        Ecosystem::Npm | Ecosystem::Go | Ecosystem::RubyGems | Ecosystem::Maven => name.to_string(),
    }
}

/// Compares two strings of ASCII digits as unbounded non-negative integers (leading zeros
/// ignored), so that no version number can overflow.
pub(crate) fn cmp_digits(a: &str, b: &str) -> Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// Whether `s` is a non-empty run of ASCII digits.
pub(crate) fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_compare_without_overflow() {
        assert_eq!(cmp_digits("007", "7"), Ordering::Equal);
        assert_eq!(cmp_digits("10", "9"), Ordering::Greater);
        assert_eq!(
            cmp_digits("99999999999999999999999999", "100000000000000000000000000"),
            Ordering::Less
        );
        assert_eq!(cmp_digits("0", "000"), Ordering::Equal);
    }

    #[test]
    fn names_normalise_per_ecosystem() {
        assert_eq!(normalize_name(Ecosystem::PyPI, "Foo_Bar"), "foo-bar");
        assert_eq!(normalize_name(Ecosystem::PyPI, " Foo.-_Bar "), "foo-bar");
        assert_eq!(
            normalize_name(Ecosystem::PyPI, "zope.interface"),
            "zope-interface"
        );
        assert_eq!(
            normalize_name(Ecosystem::CratesIo, "Serde_JSON"),
            "serde-json"
        );
        assert_eq!(
            normalize_name(Ecosystem::NuGet, "Newtonsoft.Json"),
            "newtonsoft.json"
        );
        assert_eq!(
            normalize_name(Ecosystem::Packagist, "Symfony/HTTP-Kernel"),
            "symfony/http-kernel"
        );
        assert_eq!(normalize_name(Ecosystem::Npm, "JSONStream"), "JSONStream");
        assert_eq!(
            normalize_name(Ecosystem::Go, "github.com/BurntSushi/toml"),
            "github.com/BurntSushi/toml"
        );
        assert_eq!(normalize_name(Ecosystem::RubyGems, "RedCloth"), "RedCloth");
        assert_eq!(
            normalize_name(Ecosystem::Maven, "org.Foo:Bar"),
            "org.Foo:Bar"
        );
    }

    /// Deterministic pseudo-random version-like strings.
    fn junk(count: usize) -> Vec<String> {
        const ALPHABET: &[u8] = b"0123456789012345.....---_+!vVabcdeprsoltmxyz* ";
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..count)
            .map(|_| {
                let len = (next() % 14) as usize;
                (0..len)
                    .map(|_| char::from(ALPHABET[(next() % ALPHABET.len() as u64) as usize]))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn comparators_are_total_orders_on_what_they_parse() {
        use Ecosystem::*;
        let mut inputs = junk(3000);
        inputs.extend(
            [
                "1.0",
                "1.0.0",
                "1.0.0-alpha",
                "1.0.0-alpha.1",
                "1.0a1",
                "1.0.post1",
                "1.0-1",
                "v1.2.3",
                "1.2.3+incompatible",
                "1!1.0",
                "1.0+local",
                "1.0-SNAPSHOT",
                "1.0.RC1",
                "2.0.0-beta2-dev",
                "1.x-dev",
                "1.0.0.0",
                "1.0.a",
                "01.2",
                "0",
            ]
            .map(str::to_string),
        );
        for major in ["0", "1", "10"] {
            for minor in ["0", "2"] {
                for patch in ["0", "3"] {
                    for pre in ["", "-alpha", "-alpha.1", "-0", "-rc.10", "-beta.2", "-1a"] {
                        for build in ["", "+b1"] {
                            inputs.push(format!("{major}.{minor}.{patch}{pre}{build}"));
                        }
                    }
                }
            }
        }
        for eco in [PyPI, Npm, CratesIo, Go, RubyGems, Packagist, NuGet, Maven] {
            let parsed: Vec<&String> = inputs.iter().filter(|v| parses(eco, v)).collect();
            assert!(
                parsed.len() >= 150,
                "{eco:?}: only {} inputs parse",
                parsed.len()
            );
            for a in &parsed {
                assert_eq!(compare(eco, a, a), Some(Ordering::Equal), "{eco:?} {a:?}");
            }
            // Antisymmetry and transitivity on a sample (all pairs, triples by window).
            let sample: Vec<&String> = parsed.iter().rev().take(100).copied().collect();
            for a in &sample {
                for b in &sample {
                    let ab = compare(eco, a, b);
                    assert!(ab.is_some(), "{eco:?} {a:?} {b:?}");
                    assert_eq!(
                        ab.map(Ordering::reverse),
                        compare(eco, b, a),
                        "{eco:?} {a:?} {b:?}"
                    );
                }
            }
            let mut sorted = sample.clone();
            sorted.sort_by(|a, b| compare(eco, a, b).unwrap_or(Ordering::Equal));
            for i in 0..sorted.len() {
                for j in i..sorted.len() {
                    assert_ne!(
                        compare(eco, sorted[i], sorted[j]),
                        Some(Ordering::Greater),
                        "{eco:?}: {:?} sorted before {:?}",
                        sorted[i],
                        sorted[j]
                    );
                }
            }
            // Unparseable input is None, never a panic.
            for v in &inputs {
                if !parses(eco, v) {
                    assert_eq!(compare(eco, v, "1.0.0"), None, "{eco:?} {v:?}");
                }
            }
        }
    }

    #[test]
    fn dispatch_uses_the_ecosystem_rules() {
        use Ecosystem::*;
        assert_eq!(compare(PyPI, "1.0", "1.0.0"), Some(Ordering::Equal));
        assert_eq!(compare(Npm, "1.0.0-alpha", "1.0.0"), Some(Ordering::Less));
        assert_eq!(compare(CratesIo, "0.9.0", "0.10.0"), Some(Ordering::Less));
        assert_eq!(compare(Go, "v1.2.3", "1.2.3"), Some(Ordering::Equal));
        assert_eq!(compare(RubyGems, "1.0.0", "1"), Some(Ordering::Equal));
        assert_eq!(compare(Packagist, "v1.0.0", "1.0"), Some(Ordering::Equal));
        assert_eq!(compare(NuGet, "1.0.0.0", "1.0"), Some(Ordering::Equal));
        assert_eq!(compare(Maven, "1.0-RC1", "1.0"), Some(Ordering::Less));
        // The same string is not a version everywhere.
        assert!(parses(PyPI, "1.0"));
        assert!(!parses(Npm, "1.0"));
        assert!(!parses(CratesIo, "not a version"));
        for eco in [PyPI, Npm, CratesIo, Go, RubyGems, Packagist, NuGet, Maven] {
            assert!(!parses(eco, ""), "{eco:?} accepts the empty string");
            assert!(!parses(eco, "   "), "{eco:?} accepts blanks");
            assert_eq!(compare(eco, "", "1.0.0"), None);
        }
    }
}
