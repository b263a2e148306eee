//! Every manifest and lockfile parser (`deps::parsers`, `deps::parsers_b`), and the version
//! comparators of every ecosystem.
//!
//! First byte: below 0xC0 picks a parser (by file name, through `deps::format_of`, as a
//! scan does); 0xC0 and above is the version mode: the rest is up to three versions, one a
//! line, compared in one ecosystem: the order must be reflexive, antisymmetric and transitive.
#![no_main]

use libfuzzer_sys::fuzz_target;
use picket::checks::deps::{self, types::Ecosystem, versions};
use std::cmp::Ordering;

const PATHS: &[&str] = &[
    "requirements.txt",
    "pyproject.toml",
    "poetry.lock",
    "uv.lock",
    "Pipfile.lock",
    "pdm.lock",
    "pylock.toml",
    "Cargo.lock",
    "go.mod",
    "go.sum",
    "Gemfile.lock",
    "package-lock.json",
    "package.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "composer.lock",
    "packages.lock.json",
    "gradle.lockfile",
    "gradle/dependency-locks/compileClasspath.lockfile",
    "requirements/dev.in",
];

const ECOSYSTEMS: &[Ecosystem] = &[
    Ecosystem::PyPI,
    Ecosystem::Npm,
    Ecosystem::CratesIo,
    Ecosystem::Go,
    Ecosystem::RubyGems,
    Ecosystem::Packagist,
    Ecosystem::NuGet,
    Ecosystem::Maven,
];

fn versions_mode(selector: u8, rest: &[u8]) {
    let eco = ECOSYSTEMS[usize::from(selector) % ECOSYSTEMS.len()];
    let text = String::from_utf8_lossy(rest);
    let vs: Vec<&str> = text.splitn(3, '\n').collect();
    for v in &vs {
        let _ = versions::parses(eco, v);
        let _ = versions::normalize_name(eco, v);
        if let Some(o) = versions::compare(eco, v, v) {
            assert_eq!(o, Ordering::Equal, "{eco:?}: {v:?} is not equal to itself");
        }
    }
    // Antisymmetry: cmp(a, b) == cmp(b, a).reverse() for every pair.
    for (i, a) in vs.iter().enumerate() {
        for b in &vs[i + 1..] {
            let ab = versions::compare(eco, a, b);
            let ba = versions::compare(eco, b, a);
            assert_eq!(
                ab,
                ba.map(Ordering::reverse),
                "{eco:?}: compare({a:?}, {b:?}) = {ab:?} but compare(b, a) = {ba:?}"
            );
        }
    }
    // Transitivity: a <= b and b <= c imply a <= c. Not for Maven: the Maven 3.0-3.8
    // `ComparableVersion` rules that versions/maven.rs follows are not transitive when a
    // qualifier meets a 0 (`1.s < 1.0.rc < 1 < 1.s`); see README.md, "Known findings".
    let transitive = eco != Ecosystem::Maven;
    if let ([a, b, c], true) = (&vs[..], transitive) {
        let le = |x: &str, y: &str| versions::compare(eco, x, y).map(|o| o != Ordering::Greater);
        if le(a, b) == Some(true) && le(b, c) == Some(true) {
            assert_eq!(
                le(a, c),
                Some(true),
                "{eco:?}: {a:?} <= {b:?} <= {c:?} but not {a:?} <= {c:?}"
            );
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    if selector >= 0xC0 {
        versions_mode(selector, rest);
        return;
    }
    let path = PATHS[usize::from(selector) % PATHS.len()];
    let format = deps::format_of(path).expect("every path in PATHS has a parser");
    let text = String::from_utf8_lossy(rest);
    if let Ok(parsed) = deps::parse(format, &text) {
        // What the check does next with every package: order its version.
        for p in &parsed.packages {
            if let Some(v) = p.version.as_deref() {
                let _ = versions::parses(p.ecosystem, v);
                let _ = versions::compare(p.ecosystem, v, "1.0.0");
                let _ = versions::normalize_name(p.ecosystem, &p.name);
            }
        }
    }
});
