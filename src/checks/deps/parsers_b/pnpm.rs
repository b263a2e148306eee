//! `pnpm-lock.yaml`, lockfileVersion 5.x, 6.x and 9.x.
//!
//! One package per `packages` entry, keyed
//! - 5.x: `/name/1.2.3`, `/@scope/name/1.2.3_peer@1.0.0` (peer suffix after `_`),
//! - 6.x: `/name@1.2.3`, `/@scope/name@1.2.3(peer@1.0.0)`,
//! - 9.x: `name@1.2.3` (peer variants live in `snapshots`);
//!
//! an entry's own `name`/`version` fields (written for git and tarball packages) win over
//! the key. `resolution.integrity` → hashed; `resolution.tarball` → a URL (a GitHub
//! `codeload` tarball → git with its commit; a registry `…/-/…` tarball → registry);
//! `type: git` with `repo` and `commit` → git; `type: directory` → a path.
//!
//! Direct: the packages that `importers` (or, in 5.x/6.x single-project files, the top-level
//! `dependencies`, `devDependencies`, `optionalDependencies`) point at; `None` when the file
//! lists no importer dependencies at all. Dev: 5.x/6.x write `dev: true/false` on each
//! package (absent: `None`, pnpm omits it for packages used both ways in some versions);
//! 9.x does not, so the `snapshots` dependency graph is walked from the importers'
//! production and dev dependencies: reachable from production → `Some(false)`, only from
//! dev → `Some(true)`, from neither → `None`. `deprecated` → [`Fact::Deprecated`].

use std::collections::{HashMap, HashSet, VecDeque};

use super::util::{err, is_hex40, package, resolved_source};
use super::yaml::{self, Node};
use super::{Ecosystem, Fact, ParseError, Parsed, Source};

const FILE: &str = "pnpm-lock.yaml";

pub(crate) fn parse(text: &str) -> Result<Parsed, ParseError> {
    let root = yaml::parse(text, FILE)?;
    match root {
        Node::Map(_) => {}
        Node::Null => return Ok(Parsed::default()),
        _ => {
            return Err(err(
                1,
                format!("{FILE} is not valid: expected a mapping at the top"),
            ))
        }
    }

    // The importers' dependencies: (name, reference, is dev).
    let importers: Vec<&Node<'_>> = match root.get("importers") {
        Some(Node::Map(entries)) => entries.iter().map(|e| &e.value).collect(),
        _ => vec![&root],
    };
    let mut roots: Vec<(&str, &str, bool)> = Vec::new();
    for importer in importers {
        for (section, dev) in [
            ("dependencies", false),
            ("optionalDependencies", false),
            ("devDependencies", true),
        ] {
            for dep in importer.get(section).map(Node::entries).unwrap_or(&[]) {
                let reference = match &dep.value {
                    Node::Str(s) => s.as_ref(),
                    value => value.str_of("version").unwrap_or(""),
                };
                if !reference.is_empty() && !reference.starts_with("link:") {
                    roots.push((dep.key.as_ref(), reference, dev));
                }
            }
        }
    }
    let mut direct: HashSet<String> = HashSet::new();
    for &(name, reference, _) in &roots {
        for key in [
            reference.to_string(),
            format!("/{name}/{reference}"),
            format!("/{name}@{reference}"),
            format!("{name}@{reference}"),
        ] {
            let stripped = strip_peers(&key);
            if stripped.len() != key.len() {
                direct.insert(stripped.to_string());
            }
            direct.insert(key);
        }
    }
    let has_importers = !roots.is_empty();
    let graph_dev = match root.get("snapshots") {
        Some(snapshots @ Node::Map(_)) => Some(dev_from_graph(snapshots, &roots)),
        _ => None,
    };

    let mut out = Parsed::default();
    for entry in root.get("packages").map(Node::entries).unwrap_or(&[]) {
        let value = &entry.value;
        if !matches!(value, Node::Map(_)) {
            return Err(err(
                entry.line,
                format!(
                    "{FILE} is not valid: package `{}` is not a mapping",
                    entry.key
                ),
            ));
        }
        let (key_name, key_version) = split_key(&entry.key);
        let name = value.str_of("name").unwrap_or(key_name);
        if name.is_empty() {
            return Err(err(
                entry.line,
                format!(
                    "{FILE} is not valid: cannot tell the package name in `{}`",
                    entry.key
                ),
            ));
        }
        let mut p = package(Ecosystem::Npm, name, entry.line);
        p.version = value.str_of("version").or(key_version).map(str::to_string);
        let resolution = value.get("resolution");
        p.source = resolution.map_or(Source::Registry, resolution_source);
        p.hashed = resolution
            .and_then(|r| r.str_of("integrity"))
            .is_some_and(|i| !i.is_empty());
        p.direct = has_importers.then(|| direct.contains(entry.key.as_ref()));
        p.dev = match value.str_of("dev") {
            Some("true") => Some(true),
            Some("false") => Some(false),
            _ => graph_dev
                .as_ref()
                .and_then(|g| g.get(entry.key.as_ref()).copied()),
        };
        if let Some(message) = value.str_of("deprecated") {
            out.facts.push(Fact::Deprecated {
                name: name.to_string(),
                message: message.to_string(),
                line: entry.line,
            });
        }
        out.packages.push(p);
    }
    Ok(out)
}

/// `name@1.2.3(peer@1.0.0)` → `name@1.2.3`.
fn strip_peers(key: &str) -> &str {
    key.split('(').next().unwrap_or(key)
}

/// A `packages` key → name and version (without peer suffix), for every layout.
fn split_key(key: &str) -> (&str, Option<&str>) {
    let k = key.strip_prefix('/').unwrap_or(key);
    let name_end = if k.starts_with('@') {
        k.find('/')
            .and_then(|slash| k[slash + 1..].find(['/', '@']).map(|i| slash + 1 + i))
    } else {
        k.find(['/', '@'])
    };
    let Some(end) = name_end else {
        return (k, None);
    };
    let rest = &k[end + 1..];
    let version = if k.as_bytes()[end] == b'/' {
        rest.split('_').next()
    } else {
        rest.split('(').next()
    };
    (&k[..end], version.filter(|v| !v.is_empty()))
}

fn resolution_source(resolution: &Node) -> Source {
    match resolution.str_of("type") {
        Some("git") => Source::Git {
            url: resolution.str_of("repo").unwrap_or("").to_string(),
            rev: resolution
                .str_of("commit")
                .filter(|c| is_hex40(c))
                .map(str::to_string),
        },
        Some("directory") => Source::Path(resolution.str_of("directory").unwrap_or("").to_string()),
        _ => match resolution.str_of("tarball") {
            Some(tarball) => match tarball.strip_prefix("file:") {
                Some(path) => Source::Path(path.to_string()),
                None => resolved_source(tarball),
            },
            None => Source::Registry,
        },
    }
}

/// 9.x: walk `snapshots` from the importers' dependencies; per `packages` key, whether it is
/// reachable from production (`false`) or only from dev dependencies (`true`).
fn dev_from_graph<'a>(
    snapshots: &'a Node<'_>,
    roots: &[(&str, &str, bool)],
) -> HashMap<&'a str, bool> {
    let index: HashMap<&str, &Node<'_>> = snapshots
        .entries()
        .iter()
        .map(|e| (e.key.as_ref(), &e.value))
        .collect();
    let resolve = |name: &str, reference: &str| -> Option<&'a str> {
        let base = strip_peers(reference);
        let key = if base.get(1..).is_some_and(|b| b.contains('@')) {
            reference.to_string()
        } else {
            format!("{name}@{reference}")
        };
        index.get_key_value(key.as_str()).map(|(k, _)| *k)
    };
    let walk = |dev: bool| -> HashSet<&'a str> {
        let mut seen: HashSet<&'a str> = HashSet::new();
        let mut queue: VecDeque<&'a str> = roots
            .iter()
            .filter(|r| r.2 == dev)
            .filter_map(|&(name, reference, _)| resolve(name, reference))
            .collect();
        while let Some(key) = queue.pop_front() {
            if !seen.insert(key) {
                continue;
            }
            let Some(node) = index.get(key) else { continue };
            for section in ["dependencies", "optionalDependencies"] {
                for dep in node.get(section).map(Node::entries).unwrap_or(&[]) {
                    if let Some(next) = dep.value.as_str().and_then(|r| resolve(&dep.key, r)) {
                        if !seen.contains(next) {
                            queue.push_back(next);
                        }
                    }
                }
            }
        }
        seen
    };
    let prod = walk(false);
    let dev = walk(true);
    let mut out: HashMap<&'a str, bool> = HashMap::new();
    for key in dev {
        out.insert(strip_peers(key), true);
    }
    for key in prod {
        out.insert(strip_peers(key), false);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::util::testing::{assert_packages, fuzz, git, pkg};
    use super::super::Package;
    use super::*;

    const V5: &str = r##"lockfileVersion: 5.4

specifiers:
  '@scope/a': ^1.0.0
  alias: npm:real@^3.0.0
  b: ^2.0.0
  mylib: github:o/mylib

dependencies:
  '@scope/a': 1.0.0_react@17.0.2
  alias: /real/3.0.0
  mylib: github.com/o/mylib/0123456789abcdef0123456789abcdef01234567

devDependencies:
  b: 2.1.0

packages:

  /@scope/a/1.0.0_react@17.0.2:
    resolution: {integrity: sha512-AAA==}
    peerDependencies:
      react: ^17.0.0
    dependencies:
      c: 0.1.0
      react: 17.0.2
    dev: false

  /b/2.1.0:
    resolution: {integrity: sha512-BBB==}
    dev: true

  /c/0.1.0:
    resolution: {integrity: sha512-CCC==}
    deprecated: c is no longer maintained
    dev: false

  /react/17.0.2:
    resolution: {integrity: sha512-DDD==}
    os:
      - darwin
      - linux
    dev: false

  /real/3.0.0:
    resolution: {integrity: sha512-RRR==}
    dev: false

  github.com/o/mylib/0123456789abcdef0123456789abcdef01234567:
    resolution: {tarball: https://codeload.github.com/o/mylib/tar.gz/0123456789abcdef0123456789abcdef01234567}
    name: mylib
    version: 1.0.0
    dev: false
"##;

    const V6: &str = r##"lockfileVersion: '6.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

importers:

  .:
    dependencies:
      '@scope/a':
        specifier: ^1.0.0
        version: 1.0.0(react@17.0.2)
      local-lib:
        specifier: link:../local-lib
        version: link:../local-lib
    devDependencies:
      b:
        specifier: ^2.0.0
        version: 2.1.0

  packages/sub:
    dependencies:
      gitdep:
        specifier: git+https://example.com/gitdep.git
        version: example.com/gitdep/89abcdef0123456789abcdef0123456789abcdef

packages:

  /@scope/a@1.0.0(react@17.0.2):
    resolution: {integrity: sha512-AAA==}
    peerDependencies:
      react: ^17.0.0
    dependencies:
      react: 17.0.2
    dev: false

  /b@2.1.0:
    resolution: {integrity: sha512-BBB==}
    engines: {node: '>=14'}
    cpu: [x64]
    dev: true

  /opt@1.0.0:
    resolution: {integrity: sha512-OOO==}
    requiresBuild: true
    optional: true

  /react@17.0.2:
    resolution: {integrity: sha512-DDD==, tarball: https://npm.example.com/react/-/react-17.0.2.tgz}
    dev: false

  /tarpkg@1.0.0:
    resolution: {tarball: https://example.com/tarpkg-1.0.0.tgz}
    name: tarpkg
    version: 1.0.0
    dev: false

  example.com/gitdep/89abcdef0123456789abcdef0123456789abcdef:
    resolution: {type: git, repo: https://example.com/gitdep.git, commit: 89abcdef0123456789abcdef0123456789abcdef}
    name: gitdep
    version: 2.0.0
    dev: false
"##;

    const V9: &str = r##"lockfileVersion: '9.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

importers:

  .:
    dependencies:
      '@scope/a':
        specifier: ^1.0.0
        version: 1.0.0(react@17.0.2)
      alias:
        specifier: npm:real@^3.0.0
        version: real@3.0.0
    devDependencies:
      b:
        specifier: ^2.0.0
        version: 2.1.0
      react:
        specifier: ^17.0.0
        version: 17.0.2

packages:

  '@scope/a@1.0.0':
    resolution: {integrity: sha512-AAA==}
    peerDependencies:
      react: ^17.0.0

  b@2.1.0:
    resolution: {integrity: sha512-BBB==}
    deprecated: use c

  c@0.1.0:
    resolution: {integrity: sha512-CCC==}

  d@4.0.0:
    resolution: {integrity: sha512-DDD==}

  orphan@1.0.0:
    resolution: {directory: ../orphan, type: directory}

  react@17.0.2:
    resolution: {integrity: sha512-RRR==}

  real@3.0.0:
    resolution: {integrity: sha512-EEE==}

snapshots:

  '@scope/a@1.0.0(react@17.0.2)':
    dependencies:
      d: 4.0.0
      react: 17.0.2

  b@2.1.0:
    dependencies:
      c: 0.1.0

  c@0.1.0: {}

  d@4.0.0: {}

  orphan@1.0.0: {}

  react@17.0.2: {}

  real@3.0.0: {}
"##;

    const SHA: &str = "0123456789abcdef0123456789abcdef01234567";
    const SHA2: &str = "89abcdef0123456789abcdef0123456789abcdef";

    fn npm(
        name: &str,
        version: &str,
        line: usize,
        direct: Option<bool>,
        dev: Option<bool>,
        source: Source,
        hashed: bool,
    ) -> Package {
        pkg(
            Ecosystem::Npm,
            name,
            Some(version),
            None,
            line,
            direct,
            dev,
            source,
            hashed,
        )
    }

    #[test]
    fn v5_top_level_importer_and_dev_flags() {
        let parsed = parse(V5).unwrap();
        let (t, f) = (Some(true), Some(false));
        let r = Source::Registry;
        assert_packages(
            &parsed.packages,
            &[
                npm("@scope/a", "1.0.0", 19, t, f, r.clone(), true),
                npm("b", "2.1.0", 28, t, t, r.clone(), true),
                npm("c", "0.1.0", 32, f, f, r.clone(), true),
                npm("react", "17.0.2", 37, f, f, r.clone(), true),
                npm("real", "3.0.0", 44, t, f, r, true),
                npm(
                    "mylib",
                    "1.0.0",
                    48,
                    t,
                    f,
                    git("https://github.com/o/mylib", Some(SHA)),
                    false,
                ),
            ],
        );
        assert_eq!(
            parsed.facts,
            vec![Fact::Deprecated {
                name: "c".into(),
                message: "c is no longer maintained".into(),
                line: 32
            }]
        );
    }

    #[test]
    fn v6_importers_peers_tarballs_git() {
        let parsed = parse(V6).unwrap();
        let (t, f) = (Some(true), Some(false));
        let r = Source::Registry;
        assert_packages(
            &parsed.packages,
            &[
                npm("@scope/a", "1.0.0", 30, t, f, r.clone(), true),
                npm("b", "2.1.0", 38, t, t, r.clone(), true),
                npm("opt", "1.0.0", 44, f, None, r.clone(), true),
                npm("react", "17.0.2", 49, f, f, r, true),
                npm(
                    "tarpkg",
                    "1.0.0",
                    53,
                    f,
                    f,
                    Source::Url("https://example.com/tarpkg-1.0.0.tgz".into()),
                    false,
                ),
                npm(
                    "gitdep",
                    "2.0.0",
                    59,
                    t,
                    f,
                    git("https://example.com/gitdep.git", Some(SHA2)),
                    false,
                ),
            ],
        );
        assert!(parsed.facts.is_empty());
    }

    #[test]
    fn v9_snapshots_decide_dev() {
        let parsed = parse(V9).unwrap();
        let (t, f) = (Some(true), Some(false));
        let r = Source::Registry;
        assert_packages(
            &parsed.packages,
            &[
                npm("@scope/a", "1.0.0", 27, t, f, r.clone(), true),
                npm("b", "2.1.0", 32, t, t, r.clone(), true),
                npm("c", "0.1.0", 36, f, t, r.clone(), true),
                npm("d", "4.0.0", 39, f, f, r.clone(), true),
                npm(
                    "orphan",
                    "1.0.0",
                    42,
                    f,
                    None,
                    Source::Path("../orphan".into()),
                    false,
                ),
                // A dev dependency that production also reaches (through @scope/a).
                npm("react", "17.0.2", 45, t, f, r.clone(), true),
                npm("real", "3.0.0", 48, t, f, r, true),
            ],
        );
        assert_eq!(
            parsed.facts,
            vec![Fact::Deprecated {
                name: "b".into(),
                message: "use c".into(),
                line: 32
            }]
        );
    }

    #[test]
    fn keys() {
        assert_eq!(split_key("/a/1.0.0"), ("a", Some("1.0.0")));
        assert_eq!(
            split_key("/@s/a/1.0.0_b@2.0.0+c@1.0.0"),
            ("@s/a", Some("1.0.0"))
        );
        assert_eq!(
            split_key("/@s/a@1.0.0(b@2.0.0)(c@1.0.0)"),
            ("@s/a", Some("1.0.0"))
        );
        assert_eq!(split_key("a@1.0.0-rc.1"), ("a", Some("1.0.0-rc.1")));
        assert_eq!(split_key("@s/a"), ("@s/a", None));
        assert_eq!(split_key("/"), ("", None));
        assert_eq!(split_key(""), ("", None));
        assert_eq!(split_key("@"), ("@", None));
    }

    #[test]
    fn malformed() {
        let e = parse("lockfileVersion: '9.0'\npackages:\n  /a/1.0.0: 5\n").unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
        assert!(e.message.contains("not a mapping"), "{e:?}");
        let e =
            parse("lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution: {integrity: x\n")
                .unwrap_err();
        assert!(e.line >= 4, "{e:?}");
        assert!(
            e.message.starts_with("pnpm-lock.yaml is not valid YAML"),
            "{e:?}"
        );
        let e = parse("- a\n- b\n").unwrap_err();
        assert_eq!(e.line, 1, "{e:?}");
        let e = parse("lockfileVersion: '9.0'\n packages: {}\n").unwrap_err();
        assert_eq!(e.line, 2, "{e:?}");
    }

    #[test]
    fn garbled_files_never_panic() {
        for text in [V5, V6, V9] {
            fuzz(text, 11, |t| parse(t).is_ok());
        }
    }
}
