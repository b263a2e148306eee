//! npm: `package-lock.json` / `npm-shrinkwrap.json` (lockfileVersion 1, 2, 3) and
//! `package.json`.
//!
//! Lockfile v2/v3 (`packages`, keyed by install path):
//! - name: the `name` field when present (an alias `"node_modules/x": {"name": "real"}` names
//!   the real package), else the last `node_modules/` segment (`@scope/name` kept whole);
//! - direct: a top-level install (`node_modules/x`) that the root entry `""` (or a workspace
//!   member's entry) lists in its `dependencies`, `devDependencies`, `optionalDependencies`
//!   or `peerDependencies`; an install nested under a workspace member's folder is direct when
//!   that member lists it; any other nested install is transitive. Without a root entry,
//!   top-level installs are `None`;
//! - dev: `dev: true` → `Some(true)`; otherwise `Some(false)` (`devOptional` marks a package
//!   that production needs as an optional dependency, so it is not dev-only);
//! - `link: true` entries and the project's own folders (`""`, workspace members) are
//!   skipped: they are the project's code;
//! - source from `resolved` (registry tarball `…/-/…`, git, `file:`, other URL), hashed when
//!   `integrity` is set, `deprecated` → [`Fact::Deprecated`].
//!
//! Lockfile v1 (nested `dependencies`; used when there is no `packages`): the file does not
//! name the project's own dependencies, so top-level entries have `direct: None` and nested
//! ones `Some(false)`; aliases (`"version": "npm:real@1.2.3"`) name the real package; a git,
//! URL or `file:` "version" becomes the source and the version is `None`.
//!
//! `package.json`: `dependencies`, `devDependencies` (dev) and `optionalDependencies`, all
//! direct. `peerDependencies` are skipped: they name what the host project must provide, and
//! the project that installs this one declares (and locks) them itself. A spec that is an
//! exact version gives `version`; any other range or tag is kept as `requirement` (an empty
//! spec, which npm reads as any version, as `*`); git,
//! URL and path specs give the source (no requirement); `workspace:` specs are skipped.

use std::collections::{HashMap, HashSet};

use serde::de::IgnoredAny;
use serde::Deserialize;

use super::json_lines::{key_lines, LineCursor, Seg};
use super::util::{
    codeload_git, exact_version, git_source, is_git_spec, json_error, local_path, package,
    resolved_source, split_name_range, Pairs,
};
use super::{Ecosystem, Fact, Package, ParseError, Parsed, Source};

const LOCK: &str = "package-lock.json";

#[derive(Deserialize)]
struct LockHead {
    #[serde(default)]
    packages: Option<Pairs<String, Entry>>,
}

#[derive(Deserialize)]
struct LockV1 {
    #[serde(default)]
    dependencies: Option<Pairs<String, V1Dep>>,
}

/// Names only: the values (ranges) are not needed here.
type NameSet = Option<Pairs<String, IgnoredAny>>;

#[derive(Deserialize, Default)]
#[serde(default)]
struct Entry {
    name: Option<String>,
    version: Option<String>,
    resolved: Option<String>,
    integrity: Option<String>,
    dev: bool,
    link: bool,
    deprecated: Option<serde_json::Value>,
    dependencies: NameSet,
    #[serde(rename = "devDependencies")]
    dev_dependencies: NameSet,
    #[serde(rename = "optionalDependencies")]
    optional_dependencies: NameSet,
    #[serde(rename = "peerDependencies")]
    peer_dependencies: NameSet,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct V1Dep {
    version: Option<String>,
    resolved: Option<String>,
    integrity: Option<String>,
    dev: bool,
    dependencies: Option<Pairs<String, V1Dep>>,
}

pub(crate) fn parse_lock(text: &str) -> Result<Parsed, ParseError> {
    let head: LockHead = serde_json::from_str(text).map_err(|e| json_error(&e, LOCK))?;
    match head.packages {
        Some(packages) => Ok(parse_packages(text, packages.0)),
        None => {
            let v1: LockV1 = serde_json::from_str(text).map_err(|e| json_error(&e, LOCK))?;
            Ok(parse_v1(text, v1.dependencies.unwrap_or_default().0))
        }
    }
}

/// Is this `packages` key one of the project's own folders (root `""`, a workspace member)
/// rather than an install under `node_modules`?
fn is_project_key(key: &str) -> bool {
    !(key.starts_with("node_modules/") || key.contains("/node_modules/"))
}

fn parse_packages(text: &str, entries: Vec<(String, Entry)>) -> Parsed {
    let mut lines = LineCursor::new(
        key_lines(text, 1, |path, _| {
            matches!(path, [Seg::Key("packages")]).then_some(0)
        })
        .pop()
        .unwrap_or_default(),
    );

    // What each of the project's folders depends on directly.
    let mut declared: HashMap<&str, HashSet<&str>> = HashMap::new();
    for (key, entry) in &entries {
        if !is_project_key(key) || entry.link {
            continue;
        }
        let set = declared.entry(key.as_str()).or_default();
        for section in [
            &entry.dependencies,
            &entry.dev_dependencies,
            &entry.optional_dependencies,
            &entry.peer_dependencies,
        ] {
            for (name, _) in section.iter().flat_map(|p| p.0.iter()) {
                set.insert(name.as_str());
            }
        }
    }
    let top_level: HashSet<&str> = declared.values().flatten().copied().collect();

    let mut out = Parsed::default();
    for (key, entry) in &entries {
        let line = lines.line_of(key);
        if is_project_key(key) || entry.link {
            continue;
        }
        let Some(at) = key.rfind("node_modules/") else {
            continue;
        };
        let install_name = &key[at + "node_modules/".len()..];
        let parent = key[..at].trim_end_matches('/');
        let name = entry.name.as_deref().unwrap_or(install_name);
        if name.is_empty() {
            continue;
        }
        let direct = if parent.is_empty() {
            (!declared.is_empty()).then(|| top_level.contains(install_name))
        } else {
            Some(
                declared
                    .get(parent)
                    .is_some_and(|s| s.contains(install_name)),
            )
        };
        let mut p = package(Ecosystem::Npm, name, line);
        p.version = entry.version.clone();
        p.direct = direct;
        p.dev = Some(entry.dev);
        p.source = entry
            .resolved
            .as_deref()
            .map_or(Source::Registry, resolved_source);
        p.hashed = entry.integrity.as_deref().is_some_and(|s| !s.is_empty());
        if let Some(message) = deprecation(entry.deprecated.as_ref()) {
            out.facts.push(Fact::Deprecated {
                name: name.to_string(),
                message,
                line,
            });
        }
        out.packages.push(p);
    }
    out
}

/// npm writes the registry's deprecation message; anything else is taken as "deprecated".
fn deprecation(value: Option<&serde_json::Value>) -> Option<String> {
    match value? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Bool(false) | serde_json::Value::Null => None,
        _ => Some("deprecated".to_string()),
    }
}

fn parse_v1(text: &str, deps: Vec<(String, V1Dep)>) -> Parsed {
    // Keys of `dependencies`, `dependencies.X.dependencies`, ... at any depth.
    let keys = key_lines(text, 1, |path, _| {
        let shape = path.len() % 2 == 1
            && path
                .iter()
                .step_by(2)
                .all(|s| *s == Seg::Key("dependencies"));
        shape.then_some(0)
    });
    let mut lines = LineCursor::new(keys.into_iter().next().unwrap_or_default());
    let mut out = Parsed::default();
    // Depth-first in file order, which is the order of the keys.
    let mut stack: Vec<(std::vec::IntoIter<(String, V1Dep)>, bool)> =
        vec![(deps.into_iter(), true)];
    while let Some((iter, top)) = stack.last_mut() {
        let top = *top;
        let Some((name, dep)) = iter.next() else {
            stack.pop();
            continue;
        };
        let line = lines.line_of(&name);
        out.packages.push(v1_package(&name, &dep, line, top));
        if let Some(nested) = dep.dependencies {
            stack.push((nested.0.into_iter(), false));
        }
    }
    out
}

fn v1_package(name: &str, dep: &V1Dep, line: usize, top: bool) -> Package {
    let mut p = package(Ecosystem::Npm, name, line);
    p.direct = if top { None } else { Some(false) };
    p.dev = Some(dep.dev);
    p.hashed = dep.integrity.as_deref().is_some_and(|s| !s.is_empty());
    let resolved_or_registry = || {
        dep.resolved
            .as_deref()
            .map_or(Source::Registry, resolved_source)
    };
    match dep.version.as_deref() {
        Some(v) => {
            if let Some((real, version)) = v.strip_prefix("npm:").and_then(split_name_range) {
                p.name = real.to_string();
                p.version = Some(version.to_string());
                p.source = resolved_or_registry();
            } else if is_git_spec(v) {
                p.source = git_source(dep.resolved.as_deref().unwrap_or(v));
            } else if let Some(path) = local_path(v) {
                p.source = Source::Path(path.to_string());
            } else if v.starts_with("http://") || v.starts_with("https://") {
                p.source = codeload_git(v).unwrap_or_else(|| Source::Url(v.to_string()));
            } else {
                p.version = Some(v.to_string());
                p.source = resolved_or_registry();
            }
        }
        None => p.source = resolved_or_registry(),
    }
    p
}

#[derive(Deserialize)]
struct Manifest {
    #[serde(default)]
    dependencies: Option<Pairs<String, String>>,
    #[serde(default, rename = "devDependencies")]
    dev_dependencies: Option<Pairs<String, String>>,
    #[serde(default, rename = "optionalDependencies")]
    optional_dependencies: Option<Pairs<String, String>>,
}

pub(crate) fn parse_manifest(text: &str) -> Result<Parsed, ParseError> {
    let manifest: Manifest =
        serde_json::from_str(text).map_err(|e| json_error(&e, "package.json"))?;
    let sections = ["dependencies", "devDependencies", "optionalDependencies"];
    let mut buckets = key_lines(text, sections.len(), |path, _| match path {
        [Seg::Key(section)] => sections.iter().position(|s| s == section),
        _ => None,
    })
    .into_iter();
    let mut out = Parsed::default();
    for (deps, dev) in [
        (manifest.dependencies, false),
        (manifest.dev_dependencies, true),
        (manifest.optional_dependencies, false),
    ] {
        let mut lines = LineCursor::new(buckets.next().unwrap_or_default());
        for (name, spec) in deps.unwrap_or_default().0 {
            let line = lines.line_of(&name);
            if let Some(p) = manifest_package(&name, &spec, line, dev) {
                out.packages.push(p);
            }
        }
    }
    Ok(out)
}

fn manifest_package(name: &str, spec: &str, line: usize, dev: bool) -> Option<Package> {
    let spec = spec.trim();
    if spec.starts_with("workspace:") {
        return None;
    }
    let mut p = package(Ecosystem::Npm, name, line);
    p.direct = Some(true);
    p.dev = Some(dev);
    let mut range = spec;
    if let Some(alias) = spec.strip_prefix("npm:") {
        match split_name_range(alias) {
            Some((real, r)) => {
                p.name = real.to_string();
                range = r;
            }
            None => {
                p.name = alias.to_string();
                range = "";
            }
        }
    }
    if is_git_spec(range) {
        p.source = git_source(range);
    } else if let Some(path) = local_path(range) {
        p.source = Source::Path(path.to_string());
    } else if range.starts_with("http://") || range.starts_with("https://") {
        p.source = codeload_git(range).unwrap_or_else(|| Source::Url(range.to_string()));
    } else if let Some(version) = exact_version(range) {
        p.version = Some(version.to_string());
    } else if range.is_empty() {
        p.requirement = Some("*".to_string());
    } else {
        p.requirement = Some(range.to_string());
    }
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::super::util::testing::{assert_packages, fuzz, git, pkg};
    use super::*;

    const V1: &str = r##"{
  "name": "app",
  "version": "1.0.0",
  "lockfileVersion": 1,
  "requires": true,
  "dependencies": {
    "@scope/a": {
      "version": "1.0.0",
      "resolved": "https://registry.npmjs.org/@scope/a/-/a-1.0.0.tgz",
      "integrity": "sha512-AAA",
      "requires": {
        "b": "^2.0.0"
      },
      "dependencies": {
        "b": {
          "version": "2.1.0",
          "resolved": "https://registry.npmjs.org/b/-/b-2.1.0.tgz",
          "integrity": "sha512-BBB",
          "dependencies": {
            "c": {
              "version": "0.1.0",
              "dev": true
            }
          }
        }
      }
    },
    "alias": {
      "version": "npm:real@3.0.0",
      "resolved": "https://registry.npmjs.org/real/-/real-3.0.0.tgz",
      "integrity": "sha512-CCC"
    },
    "b": {
      "version": "1.0.0",
      "dev": true
    },
    "gitdep": {
      "version": "git+ssh://git@github.com/o/gitdep.git#0123456789abcdef0123456789abcdef01234567",
      "from": "gitdep@github:o/gitdep"
    },
    "local": {
      "version": "file:../local"
    },
    "tarball": {
      "version": "https://example.com/t.tgz",
      "integrity": "sha512-TTT"
    }
  }
}
"##;

    const V2: &str = r##"{
  "name": "app",
  "lockfileVersion": 2,
  "requires": true,
  "packages": {
    "": {
      "dependencies": {
        "a": "^1.0.0"
      }
    },
    "node_modules/a": {
      "version": "1.0.1",
      "resolved": "https://registry.npmjs.org/a/-/a-1.0.1.tgz",
      "integrity": "sha512-AAA"
    }
  },
  "dependencies": {
    "a": {
      "version": "1.0.1",
      "resolved": "https://registry.npmjs.org/a/-/a-1.0.1.tgz",
      "integrity": "sha512-AAA"
    },
    "only-in-v1-section": {
      "version": "9.9.9"
    }
  }
}
"##;

    const V3: &str = r##"{
  "name": "app",
  "version": "1.0.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {
      "name": "app",
      "version": "1.0.0",
      "workspaces": ["packages/*"],
      "dependencies": {
        "@scope/a": "^1.0.0",
        "alias": "npm:real@^3.0.0",
        "gitdep": "github:o/gitdep"
      },
      "devDependencies": {
        "jest": "^29.0.0"
      }
    },
    "node_modules/@scope/a": {
      "version": "1.0.0",
      "resolved": "https://registry.npmjs.org/@scope/a/-/a-1.0.0.tgz",
      "integrity": "sha512-AAA",
      "dependencies": {
        "b": "^2.0.0"
      }
    },
    "node_modules/@scope/a/node_modules/b": {
      "version": "2.1.0",
      "resolved": "https://registry.npmjs.org/b/-/b-2.1.0.tgz",
      "integrity": "sha512-BBB",
      "deprecated": "b 2 is unsupported"
    },
    "node_modules/alias": {
      "name": "real",
      "version": "3.0.0",
      "resolved": "https://registry.npmjs.org/real/-/real-3.0.0.tgz",
      "integrity": "sha512-CCC"
    },
    "node_modules/b": {
      "version": "1.0.0",
      "resolved": "https://registry.npmjs.org/b/-/b-1.0.0.tgz",
      "dev": true
    },
    "node_modules/fsevents": {
      "version": "2.3.3",
      "resolved": "https://registry.npmjs.org/fsevents/-/fsevents-2.3.3.tgz",
      "integrity": "sha512-DDD",
      "devOptional": true,
      "optional": true
    },
    "node_modules/gitdep": {
      "version": "0.1.0",
      "resolved": "git+ssh://git@github.com/o/gitdep.git#0123456789abcdef0123456789abcdef01234567"
    },
    "node_modules/jest": {
      "version": "29.7.0",
      "resolved": "https://registry.npmjs.org/jest/-/jest-29.7.0.tgz",
      "integrity": "sha512-EEE",
      "dev": true
    },
    "node_modules/ws-lib": {
      "resolved": "packages/ws-lib",
      "link": true
    },
    "packages/ws-lib": {
      "version": "0.0.1",
      "dependencies": {
        "left-pad": "1.3.0"
      }
    },
    "packages/ws-lib/node_modules/left-pad": {
      "version": "1.3.0",
      "resolved": "https://example.com/left-pad.tgz"
    },
    "node_modules/\u0040weird": {
      "version": "0.0.1",
      "deprecated": true
    }
  }
}
"##;

    const MANIFEST: &str = r##"{
  "name": "app",
  "version": "1.0.0",
  "dependencies": {
    "exact": "1.2.3",
    "caret": "^4.17.21",
    "tag": "latest",
    "any": "",
    "alias": "npm:@real/pkg@^2.0.0",
    "aliasexact": "npm:real2@2.0.1",
    "gh": "github:o/r#0123456789abcdef0123456789abcdef01234567",
    "short": "o/r2",
    "gitssh": "git+ssh://git@github.com/o/r3.git#v1.0",
    "tar": "https://example.com/t.tgz",
    "local": "file:../local",
    "rel": "./vendor/x",
    "ws": "workspace:*"
  },
  "devDependencies": {
    "@types/node": "~20.1.0"
  },
  "optionalDependencies": {
    "fsevents": ">=2 <3"
  },
  "peerDependencies": {
    "react": "^18"
  }
}
"##;

    const SHA: &str = "0123456789abcdef0123456789abcdef01234567";

    fn npm(
        name: &str,
        version: Option<&str>,
        line: usize,
        direct: Option<bool>,
        dev: Option<bool>,
        source: Source,
        hashed: bool,
    ) -> Package {
        pkg(
            Ecosystem::Npm,
            name,
            version,
            None,
            line,
            direct,
            dev,
            source,
            hashed,
        )
    }

    #[test]
    fn lockfile_v3_nested_scoped_alias_workspace() {
        let parsed = parse_lock(V3).unwrap();
        let (t, f) = (Some(true), Some(false));
        let registry = Source::Registry;
        assert_packages(
            &parsed.packages,
            &[
                npm("@scope/a", Some("1.0.0"), 20, t, f, registry.clone(), true),
                npm("b", Some("2.1.0"), 28, f, f, registry.clone(), true),
                npm("real", Some("3.0.0"), 34, t, f, registry.clone(), true),
                npm("b", Some("1.0.0"), 40, f, t, registry.clone(), false),
                npm("fsevents", Some("2.3.3"), 45, f, f, registry.clone(), true),
                npm(
                    "gitdep",
                    Some("0.1.0"),
                    52,
                    t,
                    f,
                    git("git+ssh://git@github.com/o/gitdep.git", Some(SHA)),
                    false,
                ),
                npm("jest", Some("29.7.0"), 56, t, t, registry.clone(), true),
                npm(
                    "left-pad",
                    Some("1.3.0"),
                    72,
                    t,
                    f,
                    Source::Url("https://example.com/left-pad.tgz".into()),
                    false,
                ),
                npm("@weird", Some("0.0.1"), 76, f, f, registry, false),
            ],
        );
        assert_eq!(
            parsed.facts,
            vec![
                Fact::Deprecated {
                    name: "b".into(),
                    message: "b 2 is unsupported".into(),
                    line: 28
                },
                Fact::Deprecated {
                    name: "@weird".into(),
                    message: "deprecated".into(),
                    line: 76
                },
            ]
        );
    }

    #[test]
    fn lockfile_v2_reads_packages_not_the_v1_section() {
        let parsed = parse_lock(V2).unwrap();
        assert_packages(
            &parsed.packages,
            &[npm(
                "a",
                Some("1.0.1"),
                11,
                Some(true),
                Some(false),
                Source::Registry,
                true,
            )],
        );
    }

    #[test]
    fn lockfile_v1_nested_dependencies() {
        let parsed = parse_lock(V1).unwrap();
        let (t, f) = (Some(true), Some(false));
        let registry = Source::Registry;
        assert_packages(
            &parsed.packages,
            &[
                npm(
                    "@scope/a",
                    Some("1.0.0"),
                    7,
                    None,
                    f,
                    registry.clone(),
                    true,
                ),
                npm("b", Some("2.1.0"), 15, f, f, registry.clone(), true),
                npm("c", Some("0.1.0"), 20, f, t, registry.clone(), false),
                npm("real", Some("3.0.0"), 28, None, f, registry.clone(), true),
                npm("b", Some("1.0.0"), 33, None, t, registry, false),
                npm(
                    "gitdep",
                    None,
                    37,
                    None,
                    f,
                    git("git+ssh://git@github.com/o/gitdep.git", Some(SHA)),
                    false,
                ),
                npm(
                    "local",
                    None,
                    41,
                    None,
                    f,
                    Source::Path("../local".into()),
                    false,
                ),
                npm(
                    "tarball",
                    None,
                    44,
                    None,
                    f,
                    Source::Url("https://example.com/t.tgz".into()),
                    true,
                ),
            ],
        );
        assert!(parsed.facts.is_empty());
    }

    #[test]
    fn manifest_sections_and_specs() {
        let parsed = parse_manifest(MANIFEST).unwrap();
        let m = |name: &str,
                 version: Option<&str>,
                 requirement: Option<&str>,
                 line: usize,
                 dev: bool,
                 source: Source| {
            pkg(
                Ecosystem::Npm,
                name,
                version,
                requirement,
                line,
                Some(true),
                Some(dev),
                source,
                false,
            )
        };
        let r = Source::Registry;
        assert_packages(
            &parsed.packages,
            &[
                m("exact", Some("1.2.3"), None, 5, false, r.clone()),
                m("caret", None, Some("^4.17.21"), 6, false, r.clone()),
                m("tag", None, Some("latest"), 7, false, r.clone()),
                m("any", None, Some("*"), 8, false, r.clone()),
                m("@real/pkg", None, Some("^2.0.0"), 9, false, r.clone()),
                m("real2", Some("2.0.1"), None, 10, false, r.clone()),
                m("gh", None, None, 11, false, git("github:o/r", Some(SHA))),
                m("short", None, None, 12, false, git("o/r2", None)),
                m(
                    "gitssh",
                    None,
                    None,
                    13,
                    false,
                    git("git+ssh://git@github.com/o/r3.git", None),
                ),
                m(
                    "tar",
                    None,
                    None,
                    14,
                    false,
                    Source::Url("https://example.com/t.tgz".into()),
                ),
                m(
                    "local",
                    None,
                    None,
                    15,
                    false,
                    Source::Path("../local".into()),
                ),
                m(
                    "rel",
                    None,
                    None,
                    16,
                    false,
                    Source::Path("./vendor/x".into()),
                ),
                m("@types/node", None, Some("~20.1.0"), 20, true, r.clone()),
                m("fsevents", None, Some(">=2 <3"), 23, false, r),
            ],
        );
    }

    #[test]
    fn manifest_without_dependencies() {
        assert_eq!(
            parse_manifest("{\"name\": \"x\", \"dependencies\": null}"),
            Ok(Parsed::default())
        );
    }

    #[test]
    fn malformed_lockfiles() {
        let e = parse_lock(
            "{\n  \"packages\": {\n    \"node_modules/a\": {\n      \"version\": 1\n    }\n  }\n}",
        )
        .unwrap_err();
        assert_eq!(e.line, 4, "{e:?}");
        assert!(
            e.message.starts_with(
                "package-lock.json is not valid: invalid type: integer `1`, expected a string"
            ),
            "{e:?}"
        );
        let e = parse_lock("{\n  \"packages\": {\n    \"node_modules/a\": {\n").unwrap_err();
        assert_eq!(e.line, 4, "{e:?}");
        assert!(e.message.contains("EOF"), "{e:?}");
        let e = parse_lock(
            "{\n  \"lockfileVersion\": 1,\n  \"dependencies\": {\"a\": {\"dev\": \"yes\"}}\n}",
        )
        .unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
        let e = parse_lock("[1, 2]").unwrap_err();
        assert_eq!(e.line, 1, "{e:?}");
    }

    #[test]
    fn malformed_manifests() {
        let e =
            parse_manifest("{\n  \"name\": \"x\",\n  \"dependencies\": [\"a\"]\n}").unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
        let e = parse_manifest("{\n  \"devDependencies\": {\n    \"a\": 1\n  }\n}").unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
        assert!(e.message.contains("expected a string"), "{e:?}");
    }

    #[test]
    fn garbled_files_never_panic() {
        for text in [V1, V2, V3] {
            fuzz(text, 7, |t| parse_lock(t).is_ok());
        }
        fuzz(MANIFEST, 3, |t| parse_manifest(t).is_ok());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!(
            "{{\"dependencies\": {}{}}}",
            "{\"a\": ".repeat(50_000),
            "}".repeat(50_000)
        );
        assert!(parse_lock(&deep).is_err());
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse_manifest(&deep).is_err());
    }
}
