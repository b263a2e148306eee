//! From the positioned tree to JSON values, and from a JSON path back to a position.
//!
//! Scalar resolution: a scalar whose style is not `Plain` is a string. A `Plain` scalar is
//! resolved by the YAML 1.2 core schema (`Mode::Yaml12`), optionally with the YAML 1.1
//! extras that older parsers still apply (`Mode::Yaml11`), or kept as text (`Mode::Strings`,
//! for `.env` files). Mapping keys are always strings (their source text). When a key
//! appears twice in one mapping the last entry wins, both in [`to_json`] and in [`locate`].

use serde_json::{Map, Number, Value as J};

use crate::checks::config::yaml::{Node, Style, Value};

/// How plain scalars are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// YAML 1.2 core schema.
    Yaml12,
    /// The core schema plus YAML 1.1's `yes/no/on/off/y/n` booleans (any case), `0777`
    /// octal integers and `1:20` sexagesimal numbers.
    Yaml11,
    /// Every scalar is a string (`.env` files).
    Strings,
}

/// One step of a path into a document (the validator's type: its violations name paths).
pub use crate::checks::config::schema::PathSeg;

/// The deepest node [`locate`] reached.
#[derive(Clone, Copy, Debug)]
pub struct Located<'a> {
    /// The key node of the last step taken, when that step was a mapping key.
    pub key: Option<&'a Node>,
    /// The node reached.
    pub value: &'a Node,
    /// How many segments of the path were followed (`== path.len()` when it was found).
    pub matched: usize,
}

/// The JSON value of a tree. Keys are always strings; integers that fit neither `i64`
/// nor `u64`, floats that overflow `f64`, and `.inf`/`.nan` become strings.
pub fn to_json(node: &Node, mode: Mode) -> J {
    enum Frame<'a> {
        Seq(std::slice::Iter<'a, Node>, Vec<J>),
        Map(std::slice::Iter<'a, (Node, Node)>, Map<String, J>, String),
    }
    // An explicit stack: no recursion however deep the tree.
    let mut stack: Vec<Frame> = Vec::new();
    let mut current = node;
    loop {
        // Descend: a scalar gives a value at once, a collection opens a frame.
        let mut value = match &current.value {
            Value::Scalar { text, style } => Some(scalar(text, *style, mode)),
            Value::Seq(items) => {
                stack.push(Frame::Seq(items.iter(), Vec::with_capacity(items.len())));
                None
            }
            Value::Map(entries) => {
                stack.push(Frame::Map(entries.iter(), Map::new(), String::new()));
                None
            }
        };
        // Ascend: hand the value to its parent and find the next child to visit.
        loop {
            let Some(frame) = stack.last_mut() else {
                return value.unwrap_or(J::Null);
            };
            let child = match frame {
                Frame::Seq(iter, out) => {
                    if let Some(v) = value.take() {
                        out.push(v);
                    }
                    iter.next()
                }
                Frame::Map(iter, out, key) => {
                    if let Some(v) = value.take() {
                        out.insert(std::mem::take(key), v);
                    }
                    iter.next().map(|(k, v)| {
                        *key = key_text(k, mode);
                        v
                    })
                }
            };
            if let Some(child) = child {
                current = child;
                break;
            }
            value = match stack.pop() {
                Some(Frame::Seq(_, out)) => Some(J::Array(out)),
                Some(Frame::Map(_, out, _)) => Some(J::Object(out)),
                None => None,
            };
        }
    }
}

/// The string a mapping key stands for: its text, or the compact JSON of a complex key.
fn key_text(key: &Node, mode: Mode) -> String {
    match &key.value {
        Value::Scalar { text, .. } => text.clone(),
        _ => serde_json::to_string(&to_json(key, mode)).unwrap_or_default(),
    }
}

/// The value of one scalar.
fn scalar(text: &str, style: Style, mode: Mode) -> J {
    if style != Style::Plain || mode == Mode::Strings {
        return J::String(text.to_string());
    }
    if mode == Mode::Yaml11 {
        if let Some((v, _)) = yaml11_extra(text) {
            return v;
        }
    }
    core(text)
}

fn all_digits(s: &str, radix: u32) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_digit(radix))
}

/// YAML 1.2 core schema resolution of a plain scalar.
fn core(text: &str) -> J {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return J::Null,
        "true" | "True" | "TRUE" => return J::Bool(true),
        "false" | "False" | "FALSE" => return J::Bool(false),
        _ => {}
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if all_digits(unsigned, 10) {
        if let Ok(i) = text.parse::<i64>() {
            return J::from(i);
        }
        if let Ok(u) = text.parse::<u64>() {
            return J::from(u);
        }
        return J::String(text.to_string());
    }
    for (prefix, radix) in [("0o", 8), ("0x", 16)] {
        if let Some(digits) = text.strip_prefix(prefix) {
            if all_digits(digits, radix) {
                return match u64::from_str_radix(digits, radix) {
                    Ok(u) => J::from(u),
                    Err(_) => J::String(text.to_string()),
                };
            }
        }
    }
    if is_core_float(unsigned) {
        if let Some(n) = text.parse::<f64>().ok().and_then(Number::from_f64) {
            return J::Number(n);
        }
    }
    // `.inf`, `-.inf` and `.nan` are floats in YAML but JSON cannot hold them: strings.
    J::String(text.to_string())
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` (sign already removed).
fn is_core_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    let int = digits(&mut i);
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let frac = digits(&mut i);
        if int == 0 && frac == 0 {
            return false;
        }
    } else if int == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// What YAML 1.1 reads into a plain scalar where it goes beyond the core schema, and which
/// rule applied: `"boolean"`, `"octal number"` or `"sexagesimal number"`.
fn yaml11_extra(text: &str) -> Option<(J, &'static str)> {
    let lower = text.to_ascii_lowercase();
    match lower.as_str() {
        "yes" | "y" | "on" => return Some((J::Bool(true), "boolean")),
        "no" | "n" | "off" => return Some((J::Bool(false), "boolean")),
        _ => {}
    }
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let sign = |v: i64| if negative { -v } else { v };
    // [-+]?0[0-7_]+
    if let Some(rest) = unsigned.strip_prefix('0') {
        if !rest.is_empty() && rest.chars().all(|c| matches!(c, '0'..='7' | '_')) {
            let digits: String = rest.chars().filter(|c| *c != '_').collect();
            if digits.is_empty() {
                return None;
            }
            return i64::from_str_radix(&digits, 8)
                .ok()
                .map(|v| (J::from(sign(v)), "octal number"));
        }
    }
    // [-+]?[1-9][0-9_]*(:[0-5]?[0-9])+ and the float form [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*
    if unsigned.contains(':') {
        let (body, frac) = match unsigned.split_once('.') {
            Some((b, f)) => (b, Some(f)),
            None => (unsigned, None),
        };
        let mut parts = body.split(':');
        let head = parts.next()?;
        if !all_digits(&head.replace('_', ""), 10)
            || !head.starts_with(|c: char| c.is_ascii_digit())
        {
            return None;
        }
        if frac.is_none() && head.starts_with('0') {
            return None;
        }
        let mut total: f64 = head.replace('_', "").parse::<f64>().ok()?;
        for part in parts {
            if part.is_empty() || part.len() > 2 || !all_digits(part, 10) {
                return None;
            }
            let v: u32 = part.parse().ok()?;
            if v >= 60 || (part.len() == 2 && part.as_bytes()[0] > b'5') {
                return None;
            }
            total = total * 60.0 + f64::from(v);
        }
        match frac {
            None => {
                if total > 9.0e15 {
                    return None;
                }
                // Exact: every step stayed an integer well inside f64's exact range.
                #[allow(clippy::cast_possible_truncation)]
                let v = total as i64;
                return Some((J::from(sign(v)), "sexagesimal number"));
            }
            Some(f) => {
                if !f.chars().all(|c| c.is_ascii_digit() || c == '_') {
                    return None;
                }
                let f: String = f.chars().filter(|c| *c != '_').collect();
                let fraction: f64 = format!("0.{f}0").parse().ok()?;
                let v = total + fraction;
                let v = if negative { -v } else { v };
                return Number::from_f64(v).map(|n| (J::Number(n), "sexagesimal number"));
            }
        }
    }
    None
}

/// Walk `path` from `root` as far as it goes. Never fails: an empty path, or a step that
/// does not exist, leaves the deepest node reached (see [`Located::matched`]).
pub fn locate<'a>(root: &'a Node, path: &[PathSeg]) -> Located<'a> {
    let mut here = Located {
        key: None,
        value: root,
        matched: 0,
    };
    for seg in path {
        let step = match (seg, &here.value.value) {
            (PathSeg::Key(k), Value::Map(entries)) => entries
                .iter()
                .rev()
                .find(|(kn, _)| match kn.as_str() {
                    Some(text) => text == k,
                    None => key_text(kn, Mode::Yaml12) == *k,
                })
                .map(|(kn, v)| (Some(kn), v)),
            (PathSeg::Index(i), Value::Seq(items)) => items.get(*i).map(|v| (None, v)),
            _ => None,
        };
        let Some((key, value)) = step else { break };
        here = Located {
            key,
            value,
            matched: here.matched + 1,
        };
    }
    here
}

/// Plain scalar values (not keys) that YAML 1.1 reads differently from YAML 1.2: `NO`
/// (boolean in 1.1, string in 1.2), `0755` (octal 493 in 1.1, decimal 755 in 1.2), `1:30`
/// (90 in 1.1, a string in 1.2). In document order.
pub fn yaml11_ambiguities(node: &Node) -> Vec<(Vec<PathSeg>, &Node, &'static str)> {
    enum Step<'a> {
        Visit(&'a Node, Option<PathSeg>),
        Leave,
    }
    let mut found = Vec::new();
    // One shared path, grown on the way down and shrunk on the way up: the walk costs
    // O(nodes), however deep, and a path is copied only for what is reported.
    let mut path: Vec<PathSeg> = Vec::new();
    let mut todo: Vec<Step> = vec![Step::Visit(node, None)];
    while let Some(step) = todo.pop() {
        let (n, seg) = match step {
            Step::Leave => {
                path.pop();
                continue;
            }
            Step::Visit(n, seg) => (n, seg),
        };
        if let Some(seg) = seg {
            path.push(seg);
            todo.push(Step::Leave);
        }
        match &n.value {
            Value::Scalar {
                text,
                style: Style::Plain,
            } => {
                if let Some((v11, kind)) = yaml11_extra(text) {
                    if v11 != core(text) {
                        found.push((path.clone(), n, kind));
                    }
                }
            }
            Value::Scalar { .. } => {}
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    todo.push(Step::Visit(item, Some(PathSeg::Index(i))));
                }
            }
            Value::Map(entries) => {
                for (k, v) in entries.iter().rev() {
                    todo.push(Step::Visit(
                        v,
                        Some(PathSeg::Key(key_text(k, Mode::Yaml12))),
                    ));
                }
            }
        }
    }
    found
}

/// A path as people read it: `jobs.build.steps[2].with`, `env["MY.VAR"]`; the empty path
/// is "the document".
pub fn describe(path: &[PathSeg]) -> String {
    if path.is_empty() {
        return "the document".to_string();
    }
    let mut out = String::new();
    for seg in path {
        match seg {
            PathSeg::Index(i) => out.push_str(&format!("[{i}]")),
            PathSeg::Key(k) => {
                let bare = !k.is_empty()
                    && k.chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
                if bare {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                } else {
                    let quoted = serde_json::to_string(k).unwrap_or_else(|_| format!("\"{k}\""));
                    out.push('[');
                    out.push_str(&quoted);
                    out.push(']');
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::config::tree::{env, json, toml};
    use crate::checks::config::yaml::{parse_documents, Pos, Span};
    use serde_json::json;

    fn yaml(src: &str) -> Node {
        parse_documents(src)
            .unwrap()
            .docs
            .into_iter()
            .next()
            .flatten()
            .unwrap()
    }

    fn key(k: &str) -> PathSeg {
        PathSeg::Key(k.to_string())
    }

    fn lc(p: Pos) -> (usize, usize) {
        (p.line, p.column)
    }

    const SCALARS: &str = "\
n1: null
n2: ~
n3:
b1: True
b2: FALSE
i1: -42
i2: 0o17
i3: 0x1F
i4: +7
f1: 1.5
f2: -.5e3
f3: 1e3
f4: 1.
inf: -.inf
nan: .NaN
big: 99999999999999999999
u64: 18446744073709551615
i64min: -9223372036854775808
huge: 1e999
s1: \"123\"
s2: 'true'
s3: plain text
no: NO
yes: yes
oct: 0755
sexa: 1:30
1: one
true: t
";

    #[test]
    fn yaml12_core_schema() {
        let v = to_json(&yaml(SCALARS), Mode::Yaml12);
        assert_eq!(
            v,
            json!({
                "n1": null, "n2": null, "n3": null,
                "b1": true, "b2": false,
                "i1": -42, "i2": 15, "i3": 31, "i4": 7,
                "f1": 1.5, "f2": -500.0, "f3": 1000.0, "f4": 1.0,
                "inf": "-.inf", "nan": ".NaN",
                "big": "99999999999999999999",
                "u64": 18446744073709551615u64,
                "i64min": -9223372036854775808i64,
                "huge": "1e999",
                "s1": "123", "s2": "true", "s3": "plain text",
                "no": "NO", "yes": "yes", "oct": 755, "sexa": "1:30",
                "1": "one", "true": "t"
            })
        );
        assert!(v["i1"].is_i64() && v["f3"].is_f64() && v["u64"].is_u64());
    }

    #[test]
    fn yaml11_extras() {
        let src = "a: yes\nb: NO\nc: On\nd: y\ne: N\nf: oFF\ng: 0755\nh: -0755\ni: 1:30\nj: 190:20:30\nk: 1:30.5\nl: \"yes\"\nm: 0o17\nn: 08\no: true\np: 1:60\nq: 0_755\n";
        let v = to_json(&yaml(src), Mode::Yaml11);
        assert_eq!(
            v,
            json!({
                "a": true, "b": false, "c": true, "d": true, "e": false, "f": false,
                "g": 493, "h": -493, "i": 90, "j": 685_230, "k": 90.5, "l": "yes",
                "m": 15, "n": 8, "o": true, "p": "1:60", "q": 493
            })
        );
        // The same document read as YAML 1.2.
        let v = to_json(&yaml(src), Mode::Yaml12);
        assert_eq!(v["a"], json!("yes"));
        assert_eq!(v["g"], json!(755));
        assert_eq!(v["i"], json!("1:30"));
        assert_eq!(v["q"], json!("0_755"));
    }

    #[test]
    fn strings_mode() {
        let (root, _) = env::parse("PORT=8080\nDEBUG=true\nEMPTY=\nNULLISH=null\n");
        let v = to_json(&root, Mode::Strings);
        assert_eq!(
            v,
            json!({"PORT": "8080", "DEBUG": "true", "EMPTY": "", "NULLISH": "null"})
        );
        let v = to_json(&yaml("a: [1, true, ~]\n"), Mode::Strings);
        assert_eq!(v, json!({"a": ["1", "true", "~"]}));
        // Repeated .env keys: the last one wins.
        let (root, _) = env::parse("A=1\nA=2\n");
        assert_eq!(to_json(&root, Mode::Strings), json!({"A": "2"}));
    }

    #[test]
    fn json_round_trips_like_serde_json() {
        let src = r#"{"a": [1, -2.5e-3, 1E+2, true, false, null, "x\u00e9\n"], "b": {"c": {}}, "d": 18446744073709551615, "e": -1, "f": 0.1}"#;
        let tree = json::parse(src, false).unwrap().root.unwrap();
        let ours = to_json(&tree, Mode::Yaml12);
        let theirs: J = serde_json::from_str(src).unwrap();
        assert_eq!(ours, theirs);
        // Duplicate keys: the last wins, as in most JSON parsers.
        let tree = json::parse(r#"{"a": 1, "a": 2}"#, false)
            .unwrap()
            .root
            .unwrap();
        assert_eq!(to_json(&tree, Mode::Yaml12), json!({"a": 2}));
        // A string that looks like a number stays a string.
        let tree = json::parse(r#"["1", "true", "null"]"#, false)
            .unwrap()
            .root
            .unwrap();
        assert_eq!(to_json(&tree, Mode::Yaml12), json!(["1", "true", "null"]));
        // Big integers that fit no machine type become strings rather than losing digits.
        let tree = json::parse("[123456789012345678901234567890]", false)
            .unwrap()
            .root
            .unwrap();
        assert_eq!(
            to_json(&tree, Mode::Yaml12),
            json!(["123456789012345678901234567890"])
        );
    }

    #[test]
    fn toml_values() {
        let src = "i = 0xff\nf = 1_0.5\nx = 3e2\nn = -inf\nnan = nan\nd = 1979-05-27\ns = \"07\"\nb = true\n[t]\narr = [1, \"two\"]\n";
        let root = toml::parse(src).unwrap().root.unwrap();
        assert_eq!(
            to_json(&root, Mode::Yaml12),
            json!({"i": 255, "f": 10.5, "x": 300.0, "n": "-inf", "nan": "nan",
                   "d": "1979-05-27", "s": "07", "b": true, "t": {"arr": [1, "two"]}})
        );
        // Float text survives the round trip exactly.
        let root = toml::parse("a = 0.1\nb = 1e-7\nc = 1.7976931348623157e308\n")
            .unwrap()
            .root
            .unwrap();
        assert_eq!(
            to_json(&root, Mode::Yaml12),
            json!({"a": 0.1, "b": 1e-7, "c": f64::MAX})
        );
    }

    #[test]
    fn locate_in_json() {
        let src = "{\n  \"jobs\": {\n    \"build\": {\n      \"steps\": [\n        {\"run\": \"a\"},\n        {\"uses\": \"x\", \"with\": {\"k\": 1}}\n      ]\n    }\n  }\n}";
        let root = json::parse(src, false).unwrap().root.unwrap();
        let path = [
            key("jobs"),
            key("build"),
            key("steps"),
            PathSeg::Index(1),
            key("with"),
        ];
        let at = locate(&root, &path);
        assert_eq!(at.matched, 5);
        assert_eq!(lc(at.key.unwrap().span.start), (6, 23));
        assert_eq!(lc(at.value.span.start), (6, 31));
        // An index step has no key node.
        let at = locate(&root, &path[..4]);
        assert!(at.key.is_none());
        assert_eq!(lc(at.value.span.start), (6, 9));
        // A missing step stops at the deepest node reached.
        let at = locate(
            &root,
            &[key("jobs"), key("build"), key("nope"), key("deeper")],
        );
        assert_eq!(at.matched, 2);
        assert_eq!(at.key.unwrap().as_str(), Some("build"));
        assert_eq!(lc(at.key.unwrap().span.start), (3, 5));
        let at = locate(
            &root,
            &[key("jobs"), key("build"), key("steps"), PathSeg::Index(9)],
        );
        assert_eq!((at.matched, at.key.unwrap().as_str()), (3, Some("steps")));
        // An index into a map, a key into a sequence: no step taken.
        let at = locate(&root, &[PathSeg::Index(0)]);
        assert_eq!(at.matched, 0);
        // The empty path is the root.
        let at = locate(&root, &[]);
        assert!(at.key.is_none());
        assert_eq!(lc(at.value.span.start), (1, 1));
        // Duplicates: the last entry, as in to_json.
        let root = json::parse("{\"a\": 1,\n \"a\": 2}", false)
            .unwrap()
            .root
            .unwrap();
        assert_eq!(locate(&root, &[key("a")]).value.span.start.line, 2);
    }

    #[test]
    fn locate_in_toml_and_yaml() {
        let src = "[package]\nname = \"x\"\n\n[[bin]]\nname = \"a\"\n\n[[bin]]\nname = \"b\"\n";
        let root = toml::parse(src).unwrap().root.unwrap();
        let at = locate(&root, &[key("bin"), PathSeg::Index(1), key("name")]);
        assert_eq!(at.matched, 3);
        assert_eq!(lc(at.key.unwrap().span.start), (8, 1));
        assert_eq!(lc(at.value.span.start), (8, 8));

        let src = "on: push\njobs:\n  build:\n    steps:\n      - uses: a\n      - run: |\n          echo\n";
        let root = yaml(src);
        let at = locate(
            &root,
            &[
                key("jobs"),
                key("build"),
                key("steps"),
                PathSeg::Index(1),
                key("run"),
            ],
        );
        assert_eq!(at.matched, 5);
        assert_eq!(lc(at.key.unwrap().span.start), (6, 9));
        assert_eq!(at.value.as_str(), Some("echo\n"));
        let at = locate(&root, &[key("on")]);
        assert_eq!(at.value.as_str(), Some("push"));
    }

    #[test]
    fn yaml11_ambiguities_on_values_only() {
        let src = "\
on: push
country: NO
quoted: \"NO\"
single: 'yes'
enabled: yes
t: true
mode: 0755
small: 07
time: 1:30
list: [on, off, 'on']
nested:
  y: n
";
        let root = yaml(src);
        let found: Vec<(String, usize, &str)> = yaml11_ambiguities(&root)
            .into_iter()
            .map(|(p, n, kind)| (describe(&p), n.span.start.line, kind))
            .collect();
        assert_eq!(
            found,
            vec![
                ("country".to_string(), 2, "boolean"),
                ("enabled".to_string(), 5, "boolean"),
                ("mode".to_string(), 7, "octal number"),
                ("time".to_string(), 9, "sexagesimal number"),
                ("list[0]".to_string(), 10, "boolean"),
                ("list[1]".to_string(), 10, "boolean"),
                ("nested.y".to_string(), 12, "boolean"),
            ]
        );
        let (_, node, _) = &yaml11_ambiguities(&root)[0];
        assert_eq!(lc(node.span.start), (2, 10));
        // A document without such values.
        assert!(yaml11_ambiguities(&yaml("a: \"NO\"\nb: '0755'\nc: 12\n")).is_empty());
    }

    #[test]
    fn describe_paths() {
        assert_eq!(describe(&[]), "the document");
        assert_eq!(
            describe(&[
                key("jobs"),
                key("build"),
                key("steps"),
                PathSeg::Index(2),
                key("with")
            ]),
            "jobs.build.steps[2].with"
        );
        assert_eq!(describe(&[key("env"), key("MY.VAR")]), "env[\"MY.VAR\"]");
        assert_eq!(describe(&[key("a b"), key("runs-on")]), "[\"a b\"].runs-on");
        assert_eq!(describe(&[PathSeg::Index(0), key("")]), "[0][\"\"]");
        assert_eq!(describe(&[key("q\"uote")]), "[\"q\\\"uote\"]");
    }

    #[test]
    fn complex_keys_are_json_text() {
        let root = yaml("? [a, b]\n: 1\n");
        assert_eq!(to_json(&root, Mode::Yaml12), json!({"[\"a\",\"b\"]": 1}));
        assert_eq!(locate(&root, &[key("[\"a\",\"b\"]")]).matched, 1);
    }

    #[test]
    fn no_recursion_on_deep_trees() {
        let leaf = Node {
            span: Span::default(),
            value: Value::Scalar {
                text: "x".into(),
                style: Style::Plain,
            },
        };
        let mut node = leaf;
        for _ in 0..100_000 {
            node = Node {
                span: Span::default(),
                value: Value::Seq(vec![node]),
            };
        }
        let v = to_json(&node, Mode::Yaml12);
        let path = vec![PathSeg::Index(0); 100_000];
        assert_eq!(locate(&node, &path).value.as_str(), Some("x"));
        assert!(yaml11_ambiguities(&node).is_empty());
        let mut inner = &v;
        let mut depth = 0;
        while let J::Array(items) = inner {
            inner = &items[0];
            depth += 1;
        }
        assert_eq!((depth, inner), (100_000, &json!("x")));
        // Both trees' derived destructors recurse: leak them instead of dropping.
        std::mem::forget(v);
        std::mem::forget(node);
    }
}
