//! NuGet `packages.lock.json`.
//!
//! `dependencies` holds one mapping per target framework (`net8.0`, `net8.0/win-x64`, …) of
//! package → `type` (`Direct`, `Transitive`, `CentralTransitive`, `Project`), `requested`,
//! `resolved`, `contentHash`. `Project` entries (the solution's own projects) are skipped.
//! A package locked for several frameworks counts once per version (names compared without
//! case, as NuGet does), at its first line, direct when any framework has it `Direct`.
//! Hashed when `contentHash` is set; dev is `None` (the file does not say).

use std::collections::HashMap;

use serde::Deserialize;

use super::json_lines::{key_lines, LineCursor, Seg};
use super::util::{json_error, package, Pairs};
use super::{Ecosystem, ParseError, Parsed};

const FILE: &str = "packages.lock.json";

#[derive(Deserialize)]
struct Lock {
    #[serde(default)]
    dependencies: Option<Pairs<String, Option<Pairs<String, Entry>>>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Entry {
    #[serde(rename = "type")]
    kind: Option<String>,
    resolved: Option<String>,
    #[serde(rename = "contentHash")]
    content_hash: Option<String>,
}

pub(crate) fn parse(text: &str) -> Result<Parsed, ParseError> {
    let lock: Lock = serde_json::from_str(text).map_err(|e| json_error(&e, FILE))?;
    let keys = key_lines(text, 1, |path, _| {
        matches!(path, [Seg::Key("dependencies"), Seg::Key(_)]).then_some(0)
    });
    let mut lines = LineCursor::new(keys.into_iter().next().unwrap_or_default());
    let mut out = Parsed::default();
    let mut seen: HashMap<(String, Option<String>), usize> = HashMap::new();
    for (_framework, packages) in lock.dependencies.unwrap_or_default().0 {
        for (name, entry) in packages.unwrap_or_default().0 {
            let line = lines.line_of(&name);
            let kind = entry.kind.as_deref().unwrap_or("");
            if kind.eq_ignore_ascii_case("project") {
                continue;
            }
            let direct = kind.eq_ignore_ascii_case("direct");
            let key = (name.to_ascii_lowercase(), entry.resolved.clone());
            if let Some(&i) = seen.get(&key) {
                if direct {
                    if let Some(p) = out.packages.get_mut(i) {
                        p.direct = Some(true);
                    }
                }
                continue;
            }
            let mut p = package(Ecosystem::NuGet, &name, line);
            p.version = entry.resolved;
            p.direct = Some(direct);
            p.hashed = entry.content_hash.as_deref().is_some_and(|h| !h.is_empty());
            seen.insert(key, out.packages.len());
            out.packages.push(p);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::util::testing::{assert_packages, fuzz, pkg};
    use super::super::{Package, Source};
    use super::*;

    const LOCK: &str = r##"{
  "version": 1,
  "dependencies": {
    "net6.0": {
      "Newtonsoft.Json": {
        "type": "Direct",
        "requested": "[13.0.1, )",
        "resolved": "13.0.1",
        "contentHash": "ppPFpBcvxdsfUonNcvITKqLl3bqxWbDCZIzDWHzjpdAHRFfZe0Dw9HmA0+za13IdyrgJwpkDTDA9fHaxOrt20A=="
      },
      "Microsoft.Extensions.Logging": {
        "type": "Transitive",
        "resolved": "6.0.0",
        "contentHash": "abc=",
        "dependencies": {
          "Microsoft.Extensions.DependencyInjection": "6.0.0"
        }
      },
      "MyLib": {
        "type": "Project",
        "dependencies": {
          "Newtonsoft.Json": "[13.0.1, )"
        }
      }
    },
    "net8.0": {
      "Microsoft.Extensions.Logging": {
        "type": "Direct",
        "requested": "[6.0.0, )",
        "resolved": "6.0.0",
        "contentHash": "abc="
      },
      "newtonsoft.json": {
        "type": "Transitive",
        "resolved": "13.0.3"
      }
    }
  }
}
"##;

    fn nuget(name: &str, version: &str, line: usize, direct: bool, hashed: bool) -> Package {
        pkg(
            Ecosystem::NuGet,
            name,
            Some(version),
            None,
            line,
            Some(direct),
            None,
            Source::Registry,
            hashed,
        )
    }

    #[test]
    fn frameworks_deduped_projects_skipped() {
        let parsed = parse(LOCK).unwrap();
        assert_packages(
            &parsed.packages,
            &[
                nuget("Newtonsoft.Json", "13.0.1", 5, true, true),
                // Transitive for net6.0, direct for net8.0: direct.
                nuget("Microsoft.Extensions.Logging", "6.0.0", 11, true, true),
                nuget("newtonsoft.json", "13.0.3", 33, false, false),
            ],
        );
    }

    #[test]
    fn byte_order_mark_is_ignored() {
        let text = "\u{feff}{\"version\": 1, \"dependencies\": {\"net8.0\": {\"A\": {\"type\": \"Direct\", \"resolved\": \"1.0.0\"}}}}";
        let parsed = super::super::parse(super::super::Kind::NugetLock, text).unwrap();
        assert_packages(&parsed.packages, &[nuget("A", "1.0.0", 1, true, false)]);
    }

    #[test]
    fn malformed() {
        let e = parse("{\n  \"dependencies\": {\n    \"net8.0\": {\n      \"A\": {\"type\": 3}\n    }\n  }\n}").unwrap_err();
        assert_eq!(e.line, 4, "{e:?}");
        let e = parse("{\n  \"dependencies\": {\n    \"net8.0\": {\n").unwrap_err();
        assert_eq!(e.line, 4, "{e:?}");
    }

    #[test]
    fn garbled_files_never_panic() {
        fuzz(LOCK, 2, |t| parse(t).is_ok());
    }
}
