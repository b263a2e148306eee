//! Gradle dependency locks: `gradle.lockfile` (`group:artifact:version=conf1,conf2`, and
//! `empty=…` for configurations that resolve nothing) and the older per-configuration files
//! (`group:artifact:version` alone).
//!
//! Name `group:artifact`, ecosystem Maven. Dev is `Some(true)` when every configuration is
//! a test one (`test…`, or a camel-case `…Test…` part as in `integrationTestRuntimeClasspath`
//! or `androidTestCompileClasspath`), `Some(false)` when any is not, `None` when the line
//! names none. The file does not say what is direct, nor carry hashes (Gradle keeps those
//! in `verification-metadata.xml`).

use super::util::{err, package};
use super::{Ecosystem, ParseError, Parsed};

pub(crate) fn parse(text: &str) -> Result<Parsed, ParseError> {
    let mut out = Parsed::default();
    for (idx, raw) in text.lines().enumerate() {
        let line = idx + 1;
        let content = raw.trim();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let (coordinates, configurations) = match content.split_once('=') {
            Some((c, confs)) => (c.trim(), Some(confs)),
            None => (content, None),
        };
        if coordinates == "empty" {
            continue;
        }
        let mut parts = coordinates.split(':');
        let (Some(group), Some(artifact), Some(version), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(err(
                line,
                format!(
                    "gradle.lockfile is not valid: expected `group:artifact:version=configurations`, found `{}`",
                    content.chars().take(80).collect::<String>()
                ),
            ));
        };
        let (group, artifact, version) = (group.trim(), artifact.trim(), version.trim());
        if group.is_empty() || artifact.is_empty() || version.is_empty() {
            return Err(err(
                line,
                "gradle.lockfile is not valid: empty group, artifact or version",
            ));
        }
        let mut p = package(Ecosystem::Maven, &format!("{group}:{artifact}"), line);
        p.version = Some(version.to_string());
        let confs = || {
            configurations
                .unwrap_or("")
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
        };
        p.dev = confs()
            .next()
            .is_some()
            .then(|| confs().all(is_test_configuration));
        out.packages.push(p);
    }
    Ok(out)
}

fn is_test_configuration(name: &str) -> bool {
    name.starts_with("test") || name.contains("Test")
}

#[cfg(test)]
mod tests {
    use super::super::util::testing::{assert_packages, fuzz, pkg};
    use super::super::{Package, Source};
    use super::*;

    const LOCK: &str = "# This is a Gradle generated file for dependency locking.
# Manual edits can break the build and are not advised.
# This file is expected to be part of source control.
com.google.guava:guava:31.1-jre=compileClasspath,runtimeClasspath,testCompileClasspath,testRuntimeClasspath
junit:junit:4.13.2=testCompileClasspath,testRuntimeClasspath
org.mockito:mockito-core:5.0.0=integrationTestRuntimeClasspath,androidTestCompileClasspath
org.projectlombok:lombok:1.18.30=annotationProcessor
empty=testAnnotationProcessor
";

    fn maven(name: &str, version: &str, line: usize, dev: Option<bool>) -> Package {
        pkg(
            Ecosystem::Maven,
            name,
            Some(version),
            None,
            line,
            None,
            dev,
            Source::Registry,
            false,
        )
    }

    #[test]
    fn lockfile() {
        let parsed = parse(LOCK).unwrap();
        assert_packages(
            &parsed.packages,
            &[
                maven("com.google.guava:guava", "31.1-jre", 4, Some(false)),
                maven("junit:junit", "4.13.2", 5, Some(true)),
                maven("org.mockito:mockito-core", "5.0.0", 6, Some(true)),
                maven("org.projectlombok:lombok", "1.18.30", 7, Some(false)),
            ],
        );
    }

    #[test]
    fn per_configuration_file() {
        let parsed = parse("# comment\r\ncom.a:b:1.0\r\n\r\norg.c:d:2.0-SNAPSHOT\r\n").unwrap();
        assert_packages(
            &parsed.packages,
            &[
                maven("com.a:b", "1.0", 2, None),
                maven("org.c:d", "2.0-SNAPSHOT", 4, None),
            ],
        );
    }

    #[test]
    fn malformed() {
        let e = parse("# x\ncom.a:b:1.0=compileClasspath\ncom.a:b=compileClasspath\n").unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
        assert!(e.message.contains("group:artifact:version"), "{e:?}");
        let e = parse("a::1.0=x\n").unwrap_err();
        assert_eq!(e.line, 1, "{e:?}");
    }

    #[test]
    fn garbled_files_never_panic() {
        fuzz(LOCK, 1, |t| parse(t).is_ok());
    }
}
