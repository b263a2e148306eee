//! Go modules: `go.mod` and `go.sum`.

use std::collections::HashMap;

use super::super::types::{Ecosystem, Package, ParseError, Parsed, Source};
use super::err;

/// `v1.2.3` → `1.2.3` (OSV writes Go versions without the `v`).
fn osv_version(v: &str) -> String {
    match v.strip_prefix('v') {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => rest.to_string(),
        _ => v.to_string(),
    }
}

/// One line of a go.mod file: its words (quotes removed, `(`, `)` and `=>` as words of
/// their own) and whether its comment marks the requirement `// indirect`.
fn tokenize(line: &str, n: usize) -> Result<(Vec<String>, bool), ParseError> {
    let mut words = Vec::new();
    let mut comment = None;
    let mut chars = line.char_indices().peekable();
    let mut word = String::new();
    let flush = |word: &mut String, words: &mut Vec<String>| {
        if !word.is_empty() {
            words.push(std::mem::take(word));
        }
    };
    while let Some((i, c)) = chars.next() {
        match c {
            '/' if chars.peek().map(|&(_, c)| c) == Some('/') => {
                comment = Some(&line[i + 2..]);
                break;
            }
            '"' | '`' => {
                flush(&mut word, &mut words);
                let mut s = String::new();
                let mut closed = false;
                while let Some((_, q)) = chars.next() {
                    if q == c {
                        closed = true;
                        break;
                    }
                    if q == '\\' && c == '"' {
                        if let Some((_, e)) = chars.next() {
                            s.push(e);
                        }
                        continue;
                    }
                    s.push(q);
                }
                if !closed {
                    return Err(err(n, "a quoted string in go.mod is never closed"));
                }
                words.push(s);
            }
            '(' | ')' => {
                flush(&mut word, &mut words);
                words.push(c.to_string());
            }
            '=' if chars.peek().map(|&(_, c)| c) == Some('>') => {
                chars.next();
                flush(&mut word, &mut words);
                words.push("=>".to_string());
            }
            c if c.is_whitespace() => flush(&mut word, &mut words),
            c => word.push(c),
        }
    }
    flush(&mut word, &mut words);
    let indirect = comment.is_some_and(|c| {
        let c = c.trim();
        c == "indirect" || c.starts_with("indirect;")
    });
    Ok((words, indirect))
}

struct Require {
    path: String,
    version: String,
    line: usize,
    indirect: bool,
}

struct Replace {
    new_path: String,
    new_version: Option<String>,
    line: usize,
}

/// `go.mod`: `require` lines (single and block form; `// indirect` → `direct = Some(false)`),
/// with `replace` directives applied: a module replacement gives the new module path and
/// version, a local-directory replacement gives `Source::Path` and no version; a replaced
/// package's line is the `replace` line (where its version is written). `module`, `go`,
/// `toolchain`, `exclude`, `retract` and unknown directives are skipped.
pub(super) fn parse_go_mod(text: &str) -> Result<Parsed, ParseError> {
    let mut requires = Vec::new();
    // (old path, old version or None for all versions) → replacement.
    let mut replaces: HashMap<(String, Option<String>), Replace> = HashMap::new();
    let mut block: Option<(String, usize)> = None;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let (words, indirect) = tokenize(raw, n)?;
        if words.is_empty() {
            continue;
        }
        let args: &[String] = match &block {
            Some(_) if words[0] == ")" => {
                if words.len() > 1 {
                    return Err(err(
                        n,
                        format!("unexpected `{}` after `)`", words[1..].join(" ")),
                    ));
                }
                block = None;
                continue;
            }
            Some(_) => &words,
            None => {
                if words.len() == 2 && words[1] == "(" {
                    block = Some((words[0].clone(), n));
                    continue;
                }
                if words[0] == "(" || words[0] == ")" {
                    return Err(err(n, format!("unexpected `{}` outside a block", words[0])));
                }
                &words[1..]
            }
        };
        let verb = match &block {
            Some((verb, _)) => verb.as_str(),
            None => words[0].as_str(),
        };
        match verb {
            "require" => {
                let [path, version] = args else {
                    return Err(err(
                        n,
                        format!(
                            "expected `MODULE VERSION` in a require, found `{}`",
                            args.join(" ")
                        ),
                    ));
                };
                requires.push(Require {
                    path: path.clone(),
                    version: version.clone(),
                    line: n,
                    indirect,
                });
            }
            "replace" => {
                let arrow = args.iter().position(|w| w == "=>");
                let (old, new) = match arrow {
                    Some(a) => (&args[..a], &args[a + 1..]),
                    None => (args, &[][..]),
                };
                if arrow.is_none()
                    || old.is_empty()
                    || old.len() > 2
                    || new.is_empty()
                    || new.len() > 2
                {
                    return Err(err(
                        n,
                        format!(
                            "expected `MODULE [VERSION] => MODULE VERSION` or `MODULE [VERSION] => ./dir` in a replace, found `{}`",
                            args.join(" ")
                        ),
                    ));
                }
                replaces.insert(
                    (old[0].clone(), old.get(1).cloned()),
                    Replace {
                        new_path: new[0].clone(),
                        new_version: new.get(1).cloned(),
                        line: n,
                    },
                );
            }
            _ => {}
        }
    }
    if let Some((verb, line)) = block {
        return Err(err(line, format!("the `{verb} (` block is never closed")));
    }

    let mut out = Parsed::default();
    for r in requires {
        let replacement = replaces
            .get(&(r.path.clone(), Some(r.version.clone())))
            .or_else(|| replaces.get(&(r.path.clone(), None)));
        let (name, version, source, line) = match replacement {
            None => (
                r.path,
                Some(osv_version(&r.version)),
                Source::Registry,
                r.line,
            ),
            Some(rep) => match &rep.new_version {
                Some(v) => (
                    rep.new_path.clone(),
                    Some(osv_version(v)),
                    Source::Registry,
                    rep.line,
                ),
                None => (r.path, None, Source::Path(rep.new_path.clone()), rep.line),
            },
        };
        out.packages.push(Package {
            name,
            version,
            requirement: None,
            ecosystem: Ecosystem::Go,
            line,
            direct: Some(!r.indirect),
            dev: None,
            source,
            hashed: false,
        });
    }
    Ok(out)
}

/// `go.sum`: one package per module version whose module content is hashed
/// (`MODULE VERSION h1:...`); versions with only a `/go.mod` hash were consulted for
/// version selection but not built, and are left out. `direct` is unknown.
pub(super) fn parse_go_sum(text: &str) -> Result<Parsed, ParseError> {
    let mut out = Parsed::default();
    let mut seen = HashMap::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let words: Vec<&str> = raw.split_whitespace().collect();
        match words.as_slice() {
            [] => continue,
            [module, version, hash] => {
                if !hash.contains(':') {
                    return Err(err(
                        n,
                        format!("expected a hash like `h1:...` after `{module} {version}`, found `{hash}`"),
                    ));
                }
                if version.ends_with("/go.mod") {
                    continue;
                }
                let key = (module.to_string(), version.to_string());
                if seen.insert(key, n).is_some() {
                    continue;
                }
                out.packages.push(Package {
                    name: module.to_string(),
                    version: Some(osv_version(version)),
                    requirement: None,
                    ecosystem: Ecosystem::Go,
                    line: n,
                    direct: None,
                    dev: None,
                    source: Source::Registry,
                    hashed: true,
                });
            }
            _ => {
                return Err(err(
                    n,
                    format!(
                        "expected `MODULE VERSION HASH` (3 fields) in go.sum, found {} field{}",
                        words.len(),
                        if words.len() == 1 { "" } else { "s" }
                    ),
                ))
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
