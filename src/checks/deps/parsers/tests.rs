//! Shared test helpers, `kind_of`, and no-panic checks on mangled inputs.

use super::super::types::{Ecosystem, Package, Parsed, Source};
use super::*;

/// A package with the defaults of most expectations (no requirement, direct and dev
/// unknown, registry source, not hashed); tests override fields with `..pkg(...)`.
pub(super) fn pkg(ecosystem: Ecosystem, name: &str, version: Option<&str>, line: usize) -> Package {
    Package {
        name: name.to_string(),
        version: version.map(str::to_string),
        requirement: None,
        ecosystem,
        line,
        direct: None,
        dev: None,
        source: Source::Registry,
        hashed: false,
    }
}

pub(super) fn git(url: &str, rev: Option<&str>) -> Source {
    Source::Git {
        url: url.to_string(),
        rev: rev.map(str::to_string),
    }
}

/// Parse, failing the test with the parser's message on an error.
pub(super) fn ok(kind: Kind, text: &str) -> Parsed {
    match parse(kind, text) {
        Ok(parsed) => parsed,
        Err(e) => panic!("{} failed at line {}: {}", kind.name(), e.line, e.message),
    }
}

/// Parse, expecting an error; returns its line (and checks the message is not empty).
pub(super) fn fails_at(kind: Kind, text: &str) -> usize {
    match parse(kind, text) {
        Ok(parsed) => panic!("{} parsed a malformed file: {parsed:?}", kind.name()),
        Err(e) => {
            assert!(!e.message.trim().is_empty());
            assert!(e.line >= 1);
            e.line
        }
    }
}

/// Parse `text` truncated at every character boundary, with each line dropped, and with
/// bytes replaced by characters that matter to the formats; nothing may panic, and every
/// error line must be inside the input.
pub(super) fn no_panic(kind: Kind, text: &str) {
    let check = |input: &str| {
        if let Err(e) = parse(kind, input) {
            let lines = input.lines().count().max(1);
            assert!(
                e.line >= 1 && e.line <= lines,
                "{}: error line {} outside 1..={lines}: {}",
                kind.name(),
                e.line,
                e.message
            );
        }
    };
    for (i, _) in text.char_indices() {
        check(&text[..i]);
    }
    let lines: Vec<&str> = text.lines().collect();
    for skip in 0..lines.len() {
        let mangled: Vec<&str> = lines
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != skip)
            .map(|(_, l)| *l)
            .collect();
        check(&mangled.join("\n"));
    }
    let bytes = text.as_bytes();
    let step = (bytes.len() / 400).max(1);
    for at in (0..bytes.len()).step_by(step) {
        for b in [b'"', b'[', b']', b'{', b'\n', b'\\', b'=', b'(', b'#', b' '] {
            let mut garbled = bytes.to_vec();
            garbled[at] = b;
            check(&String::from_utf8_lossy(&garbled));
        }
    }
}

#[test]
fn kinds_by_file_name() {
    let cases = [
        ("requirements.txt", Some(Kind::Requirements)),
        ("app/requirements-dev.txt", Some(Kind::Requirements)),
        ("requirements_notebook.txt", Some(Kind::Requirements)),
        ("dev-requirements.txt", Some(Kind::Requirements)),
        ("test_requirements.in", Some(Kind::Requirements)),
        ("requirements.in", Some(Kind::Requirements)),
        ("constraints.txt", Some(Kind::Requirements)),
        ("ci/constraints-py3.txt", Some(Kind::Requirements)),
        ("requirements/base.txt", Some(Kind::Requirements)),
        ("C:\\src\\requirements\\dev.in", Some(Kind::Requirements)),
        ("pyproject.toml", Some(Kind::Pyproject)),
        ("x/poetry.lock", Some(Kind::PoetryLock)),
        ("uv.lock", Some(Kind::UvLock)),
        ("Pipfile.lock", Some(Kind::PipfileLock)),
        ("pdm.lock", Some(Kind::PdmLock)),
        ("pylock.toml", Some(Kind::Pylock)),
        ("pylock.dev.toml", Some(Kind::Pylock)),
        ("Cargo.lock", Some(Kind::CargoLock)),
        ("go.mod", Some(Kind::GoMod)),
        ("go.sum", Some(Kind::GoSum)),
        ("go.work.sum", Some(Kind::GoSum)),
        ("Gemfile.lock", Some(Kind::GemfileLock)),
        ("gems.locked", Some(Kind::GemfileLock)),
        ("README.txt", None),
        ("MANIFEST.in", None),
        ("Makefile.in", None),
        ("requirements.md", None),
        ("myrequirements.txt", None),
        ("docs/requirements/index.md", None),
        ("pylock..toml", None),
        ("Pipfile", None),
        ("Cargo.toml", None),
        ("package-lock.json", None),
        ("", None),
    ];
    for (path, kind) in cases {
        assert_eq!(kind_of(path), kind, "{path}");
    }
}

#[test]
fn empty_and_blank_files_give_nothing() {
    for kind in [
        Kind::Requirements,
        Kind::Pyproject,
        Kind::PoetryLock,
        Kind::UvLock,
        Kind::PipfileLock,
        Kind::PdmLock,
        Kind::Pylock,
        Kind::CargoLock,
        Kind::GoMod,
        Kind::GoSum,
        Kind::GemfileLock,
    ] {
        assert_eq!(
            parse(kind, "").unwrap(),
            Parsed::default(),
            "{}",
            kind.name()
        );
        assert_eq!(
            parse(kind, " \n\n\t\n").unwrap(),
            Parsed::default(),
            "{}",
            kind.name()
        );
        assert_eq!(
            parse(kind, "\u{feff}").unwrap(),
            Parsed::default(),
            "{}",
            kind.name()
        );
        assert!(
            kind.is_lockfile()
                || matches!(kind, Kind::Requirements | Kind::Pyproject | Kind::GoMod)
        );
        no_panic(kind, "\u{feff}[[]]\"\\\n\t(\u{0}é");
    }
}

#[test]
fn helpers() {
    assert!(is_full_commit("0123456789abcdef0123456789ABCDEF01234567"));
    assert!(!is_full_commit("0123456789abcdef"));
    assert!(!is_full_commit("v1.2.3"));
    assert_eq!(normalize_py("Foo.Bar__baz"), "foo-bar-baz");
    assert!(is_dev_group("dev") && is_dev_group("Test") && is_dev_group("lint-tools"));
    assert!(!is_dev_group("aws") && !is_dev_group("all") && !is_dev_group("io-image"));
    assert_eq!(
        split_locked_git_url("git+https://github.com/a/b?branch=main#abc"),
        ("https://github.com/a/b".to_string(), Some("abc"))
    );
    let lines = Lines::new("a\nbc\n\nd");
    assert_eq!(
        [0, 1, 2, 4, 5, 6, 100].map(|o| lines.line_of(o)),
        [1, 1, 2, 2, 3, 4, 4]
    );
    assert!(is_plain_http("HTTP://x") && !is_plain_http("https://x") && !is_plain_http("ht"));
}

#[test]
fn deep_nesting_and_long_lines_do_not_overflow() {
    let deep_toml = format!("x = {}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_json = format!(
        "{{\"default\": {}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    for kind in [
        Kind::Pyproject,
        Kind::PoetryLock,
        Kind::UvLock,
        Kind::PdmLock,
        Kind::Pylock,
        Kind::CargoLock,
    ] {
        let _ = parse(kind, &deep_toml);
    }
    let _ = parse(Kind::PipfileLock, &deep_json);
    let long = "a".repeat(1_000_000);
    for kind in [
        Kind::Requirements,
        Kind::GoMod,
        Kind::GoSum,
        Kind::GemfileLock,
    ] {
        let _ = parse(kind, &long);
        let _ = parse(kind, &"\\\n".repeat(100_000));
        let _ = parse(kind, &"(".repeat(100_000));
    }
}
