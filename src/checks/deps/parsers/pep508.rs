//! PEP 508 requirement strings (`name[extra] >=1,<2 ; marker`, `name @ URL`) and the
//! URL/path forms pip accepts, shared by requirements files, `pyproject.toml` and PDM.

use super::super::types::Source;
use super::{full_commit, strip_prefix_ci};
use crate::text::percent_decode;

/// A parsed requirement (only what the parsers use).
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Requirement {
    /// The name as written; for a bare URL or path, a name taken from `#egg=`, the
    /// archive's file name, or the last path part.
    pub name: String,
    /// Exact pin (`==1.2.3`, `===1.2.3`, or a wheel URL's version).
    pub version: Option<String>,
    /// The version specifier as written when it is not an exact pin.
    pub requirement: Option<String>,
    pub source: Source,
}

const OPERATORS: [&str; 8] = ["===", "==", "!=", "~=", "<=", ">=", "<", ">"];

/// Parse a PEP 508 requirement string (`requests[socks]>=2.0; python_version<"3.12"`).
pub(super) fn parse_pep508(text: &str) -> Result<Requirement, String> {
    let text = text.trim();
    let name_len = text
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        .map_or(text.len(), |(i, _)| i);
    let (name, rest) = text.split_at(name_len);
    if name.is_empty() {
        return Err(match text.chars().next() {
            Some(c) => format!("expected a package name, found `{c}`"),
            None => "expected a package name".to_string(),
        });
    }
    if !name.starts_with(|c: char| c.is_ascii_alphanumeric())
        || !name.ends_with(|c: char| c.is_ascii_alphanumeric())
    {
        return Err(format!(
            "`{name}` is not a valid package name (it must start and end with a letter or digit)"
        ));
    }
    let mut rest = rest.trim_start();
    if let Some(after) = rest.strip_prefix('[') {
        let Some(close) = after.find(']') else {
            return Err(format!(
                "`[` after `{name}` opens a list of extras that never closes"
            ));
        };
        let extras = &after[..close];
        if let Some(bad) = extras
            .split(',')
            .map(str::trim)
            .find(|e| !e.is_empty() && !is_name(e))
        {
            return Err(format!("`{bad}` is not a valid extra name"));
        }
        rest = after[close + 1..].trim_start();
    }
    if let Some(after_at) = rest.strip_prefix('@') {
        return direct_reference(name, after_at);
    }
    let (spec_part, marker) = match rest.split_once(';') {
        Some((spec, marker)) => (spec.trim(), Some(marker)),
        None => (rest.trim(), None),
    };
    if let Some(marker) = marker {
        check_marker(name, &format!(";{marker}"))?;
    }
    let spec = match spec_part.strip_prefix('(') {
        Some(inner) => match inner.strip_suffix(')') {
            Some(inner) => inner.trim(),
            None => return Err(format!("`(` after `{name}` is never closed")),
        },
        None => spec_part,
    };
    if spec.is_empty() {
        return Ok(Requirement {
            name: name.to_string(),
            version: None,
            requirement: None,
            source: Source::Registry,
        });
    }
    check_specifier(name, spec)?;
    let version = exact_version(spec);
    Ok(Requirement {
        name: name.to_string(),
        requirement: if version.is_some() {
            None
        } else {
            Some(spec.to_string())
        },
        version,
        source: Source::Registry,
    })
}

/// `name @ URL [; marker]`, from the text after `@`.
fn direct_reference(name: &str, after_at: &str) -> Result<Requirement, String> {
    let after_at = after_at.trim_start();
    let url_end = after_at.find(char::is_whitespace).unwrap_or(after_at.len());
    let (url, tail) = after_at.split_at(url_end);
    if url.is_empty() {
        return Err(format!("`{name} @` must be followed by a URL"));
    }
    let tail = tail.trim();
    if !tail.is_empty() && !tail.starts_with(';') {
        return Err(format!(
            "unexpected `{tail}` after the URL of `{name}` (an environment marker starts with `;`)"
        ));
    }
    check_marker(name, tail)?;
    let (source, file_name, file_version) = classify_url(url);
    // A wheel's version is exact when the wheel is of this package.
    let version = file_version.filter(|_| {
        file_name
            .as_deref()
            .is_some_and(|f| super::normalize_py(f) == super::normalize_py(name))
    });
    Ok(Requirement {
        name: name.to_string(),
        version,
        requirement: None,
        source,
    })
}

fn check_marker(name: &str, tail: &str) -> Result<(), String> {
    match tail.strip_prefix(';') {
        Some(marker) if marker.trim().is_empty() => Err(format!(
            "`;` after `{name}` must be followed by an environment marker"
        )),
        _ => Ok(()),
    }
}

fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.starts_with(|c: char| c.is_ascii_alphanumeric())
        && s.ends_with(|c: char| c.is_ascii_alphanumeric())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// Every comma-separated clause must be an operator and a version.
fn check_specifier(name: &str, spec: &str) -> Result<(), String> {
    for clause in spec.split(',') {
        let clause = clause.trim();
        let Some(op) = OPERATORS.iter().find(|op| clause.starts_with(**op)) else {
            return Err(if clause.is_empty() {
                format!("empty clause in the version specifier `{spec}` of `{name}`")
            } else {
                format!(
                    "`{clause}` in the requirement for `{name}` is not a version specifier \
                     (expected an operator such as `==` or `>=` and a version)"
                )
            });
        };
        let version = clause[op.len()..].trim();
        let valid = !version.is_empty()
            && (*op == "==="
                || version
                    .chars()
                    // `${VAR}`: pip expands environment variables before reading.
                    .all(|c| {
                        c.is_ascii_alphanumeric()
                            || matches!(c, '.' | '*' | '+' | '!' | '_' | '-' | '$' | '{' | '}')
                    }));
        if !valid {
            return Err(format!(
                "`{clause}` in the requirement for `{name}` has no valid version after `{op}`"
            ));
        }
    }
    Ok(())
}

/// The pinned version when a specifier has an exact clause (`==1.2.3` without a
/// wildcard, or `===1.2.3`).
pub(super) fn exact_version(spec: &str) -> Option<String> {
    spec.split(',').find_map(|clause| {
        let clause = clause.trim();
        if let Some(v) = clause.strip_prefix("===") {
            return Some(v.trim().to_string());
        }
        let v = clause.strip_prefix("==")?.trim();
        (!v.is_empty() && !v.contains('*')).then(|| v.to_string())
    })
}

/// Whether a requirements-file entry is a URL or a path rather than a PEP 508 name
/// (pip's rules: a scheme, a VCS prefix, a path separator, a leading `.`/`~`, or an
/// archive file name).
pub(super) fn looks_like_url_or_path(token: &str) -> bool {
    let lower = token.to_ascii_lowercase();
    lower.contains("://")
        || lower.starts_with("file:")
        || ["git+", "hg+", "svn+", "bzr+"]
            .iter()
            .any(|p| lower.starts_with(p))
        || token.starts_with(['.', '/', '~', '\\', '$'])
        || token.contains(['/', '\\'])
        || is_archive(&lower)
        || (token.len() > 2 && token.as_bytes().get(1) == Some(&b':'))
}

fn is_archive(lower: &str) -> bool {
    let lower = lower.split(['#', '?']).next().unwrap_or(lower);
    [
        ".whl", ".tar.gz", ".tgz", ".zip", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tar",
    ]
    .iter()
    .any(|ext| lower.ends_with(ext))
}

/// A requirement that is only a URL or a path (`git+https://...#egg=x`, `./pkg`,
/// `https://host/x-1.0-py3-none-any.whl`), optionally with `[extras]` after a path.
pub(super) fn parse_url_requirement(token: &str) -> Requirement {
    let (source, file_name, file_version) = classify_url(token);
    let egg = egg_name(token);
    let name = egg
        .clone()
        .or(file_name.clone())
        .unwrap_or_else(|| fallback_name(token, &source));
    // A wheel's version is exact; use it when the name comes from the same file.
    let version = match (&egg, &file_name) {
        (Some(e), Some(f)) if super::normalize_py(e) != super::normalize_py(f) => None,
        _ => file_version,
    };
    Requirement {
        name,
        version,
        requirement: None,
        source,
    }
}

/// Where a URL or path points, and the distribution name and wheel version its file name
/// gives, if any.
pub(super) fn classify_url(url: &str) -> (Source, Option<String>, Option<String>) {
    let lower = url.to_ascii_lowercase();
    let source = if let Some(rest) = strip_prefix_ci(url, "git+") {
        git_source(rest)
    } else if ["hg+", "svn+", "bzr+"].iter().any(|p| lower.starts_with(p)) {
        Source::Url(url.to_string())
    } else if lower.starts_with("file:") || !lower.contains("://") {
        Source::Path(strip_extras_suffix(url).to_string())
    } else {
        Source::Url(url.to_string())
    };
    let (file_name, file_version) = match source {
        Source::Git { .. } => (None, None),
        _ => archive_name_version(url),
    };
    (source, file_name, file_version)
}

/// `https://host/org/repo.git@rev#egg=x` (after `git+`): the repository URL and a full
/// commit when `rev` is one. The revision is after the last `@` of the URL's path.
fn git_source(url: &str) -> Source {
    let base = url.split('#').next().unwrap_or(url);
    let path_start = match base.find("://") {
        Some(i) => base[i + 3..].find('/').map_or(base.len(), |j| i + 3 + j),
        None => base.find(':').map_or(0, |i| i + 1),
    };
    let (repo, rev) = match base[path_start..].rfind('@') {
        Some(at) => (&base[..path_start + at], Some(&base[path_start + at + 1..])),
        None => (base, None),
    };
    Source::Git {
        url: repo.to_string(),
        rev: full_commit(rev),
    }
}

/// `#egg=name` (or `&egg=name`) in a URL's fragment.
fn egg_name(url: &str) -> Option<String> {
    let (_, fragment) = url.split_once('#')?;
    fragment.split('&').find_map(|part| {
        let egg = part.strip_prefix("egg=")?;
        let egg = egg.split('[').next().unwrap_or(egg).trim();
        (!egg.is_empty()).then(|| egg.to_string())
    })
}

/// A wheel's `{name}-{version}-...whl` or an sdist's `{name}-{version}.tar.gz`.
fn archive_name_version(url: &str) -> (Option<String>, Option<String>) {
    let path = url.split(['#', '?']).next().unwrap_or(url);
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let lower = file.to_ascii_lowercase();
    if lower.ends_with(".whl") {
        let parts: Vec<&str> = file[..file.len() - 4].split('-').collect();
        if parts.len() >= 5 && !parts[0].is_empty() && !parts[1].is_empty() {
            return (Some(parts[0].to_string()), Some(percent_decode(parts[1])));
        }
        return (None, None);
    }
    let stem = [".tar.gz", ".tgz", ".zip", ".tar.bz2", ".tar.xz", ".tar"]
        .iter()
        .find_map(|ext| {
            lower
                .ends_with(ext)
                .then(|| &file[..file.len() - ext.len()])
        });
    let name = stem.and_then(|stem| {
        let cut = stem
            .char_indices()
            .filter(|&(i, c)| c == '-' && stem[i + 1..].starts_with(|d: char| d.is_ascii_digit()))
            .map(|(i, _)| i)
            .next_back()?;
        (cut > 0).then(|| stem[..cut].to_string())
    });
    (name, None)
}

/// `./pkg[dev]` → `./pkg`.
fn strip_extras_suffix(path: &str) -> &str {
    if path.ends_with(']') {
        if let Some(open) = path.rfind('[') {
            return &path[..open];
        }
    }
    path
}

/// A name for a URL or path with nothing better: the last path part (without `.git` and
/// extras), or the text as written.
fn fallback_name(token: &str, source: &Source) -> String {
    let base = match source {
        Source::Git { url, .. } => url.as_str(),
        _ => strip_extras_suffix(token.split(['#', '?']).next().unwrap_or(token)),
    };
    let last = base
        .trim_end_matches(['/', '\\'])
        .rsplit(['/', '\\', ':'])
        .next()
        .unwrap_or("");
    let last = last.strip_suffix(".git").unwrap_or(last);
    if base.is_empty() {
        token.to_string()
    } else if last.is_empty() || last == "." || last == ".." {
        base.to_string()
    } else {
        last.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(
        name: &str,
        version: Option<&str>,
        requirement: Option<&str>,
        source: Source,
    ) -> Requirement {
        Requirement {
            name: name.into(),
            version: version.map(Into::into),
            requirement: requirement.map(Into::into),
            source,
        }
    }

    #[test]
    fn names_specifiers_and_markers() {
        assert_eq!(
            parse_pep508("requests").unwrap(),
            req("requests", None, None, Source::Registry)
        );
        assert_eq!(
            parse_pep508("requests[socks, security] >= 2.8.1, == 2.8.*").unwrap(),
            req(
                "requests",
                None,
                Some(">= 2.8.1, == 2.8.*"),
                Source::Registry
            )
        );
        assert_eq!(
            parse_pep508("Django==4.2.1 ; python_version >= \"3.8\"").unwrap(),
            req("Django", Some("4.2.1"), None, Source::Registry)
        );
        assert_eq!(
            parse_pep508("torch===2.0.1+cu118").unwrap(),
            req("torch", Some("2.0.1+cu118"), None, Source::Registry)
        );
        assert_eq!(
            parse_pep508("name (>=1.0,<2)").unwrap(),
            req("name", None, Some(">=1.0,<2"), Source::Registry)
        );
        assert_eq!(
            parse_pep508("zope.interface~=5.0;sys_platform=='win32'").unwrap(),
            req("zope.interface", None, Some("~=5.0"), Source::Registry)
        );
    }

    #[test]
    fn direct_references() {
        let sha = "0123456789abcdef0123456789abcdef01234567";
        assert_eq!(
            parse_pep508(&format!("pip @ git+https://github.com/pypa/pip.git@{sha}")).unwrap(),
            req(
                "pip",
                None,
                None,
                Source::Git {
                    url: "https://github.com/pypa/pip.git".into(),
                    rev: Some(sha.into())
                }
            )
        );
        assert_eq!(
            parse_pep508("pip @ git+ssh://git@github.com/pypa/pip.git@22.0 ; python_version>'3'")
                .unwrap(),
            req(
                "pip",
                None,
                None,
                Source::Git {
                    url: "ssh://git@github.com/pypa/pip.git".into(),
                    rev: None
                }
            )
        );
        assert_eq!(
            parse_pep508("torch @ https://h/whl/torch-2.0.1%2Bcpu-cp311-cp311-linux_x86_64.whl")
                .unwrap(),
            req(
                "torch",
                Some("2.0.1+cpu"),
                None,
                Source::Url("https://h/whl/torch-2.0.1%2Bcpu-cp311-cp311-linux_x86_64.whl".into())
            )
        );
        assert_eq!(
            parse_pep508("mylib @ file:///opt/mylib").unwrap(),
            req(
                "mylib",
                None,
                None,
                Source::Path("file:///opt/mylib".into())
            )
        );
    }

    #[test]
    fn url_only_requirements() {
        let r = parse_url_requirement("git+https://github.com/org/proj.git@main#egg=proj-core");
        assert_eq!(
            r,
            req(
                "proj-core",
                None,
                None,
                Source::Git {
                    url: "https://github.com/org/proj.git".into(),
                    rev: None
                }
            )
        );
        let r = parse_url_requirement("git+https://github.com/org/proj");
        assert_eq!(r.name, "proj");
        let r = parse_url_requirement("https://example.com/dl/pkg_x-1.2.3-py3-none-any.whl");
        assert_eq!(r.name, "pkg_x");
        assert_eq!(r.version.as_deref(), Some("1.2.3"));
        let r = parse_url_requirement("https://example.com/dl/pkg-x-1.2.3.tar.gz");
        assert_eq!((r.name.as_str(), r.version), ("pkg-x", None));
        let r = parse_url_requirement("./libs/helper[extra]");
        assert_eq!(
            r,
            req("helper", None, None, Source::Path("./libs/helper".into()))
        );
        assert_eq!(parse_url_requirement(".").name, ".");
        assert!(looks_like_url_or_path("./x") && looks_like_url_or_path("pkg-1.0.tar.gz"));
        assert!(!looks_like_url_or_path("requests>=1"));
    }

    #[test]
    fn bad_requirements() {
        for bad in [
            "requests = 1.0",
            "foo >=",
            "foo[bar",
            "-foo",
            "foo @",
            "foo @ https://x junk",
            "foo ==1.0;",
            "foo (>=1.0",
            "foo bar",
            "<<<<<<< HEAD",
        ] {
            assert!(parse_pep508(bad).is_err(), "{bad} should fail");
        }
    }
}
