//! Human readable pieces of violation messages.

use super::PathSeg;
use serde_json::Value;

pub(crate) const T_NULL: u8 = 1;
pub(crate) const T_BOOL: u8 = 2;
pub(crate) const T_INT: u8 = 4;
pub(crate) const T_NUM: u8 = 8;
pub(crate) const T_STR: u8 = 16;
pub(crate) const T_ARR: u8 = 32;
pub(crate) const T_OBJ: u8 = 64;

const MAX_SHOWN: usize = 40;

pub(crate) fn type_bit(name: &str) -> Option<u8> {
    Some(match name {
        "null" => T_NULL,
        "boolean" => T_BOOL,
        "integer" => T_INT,
        "number" => T_NUM,
        "string" => T_STR,
        "array" => T_ARR,
        "object" => T_OBJ,
        _ => return None,
    })
}

/// The type bit of a value (integers report `T_INT | T_NUM`).
pub(crate) fn value_types(v: &Value) -> u8 {
    match v {
        Value::Null => T_NULL,
        Value::Bool(_) => T_BOOL,
        Value::Number(n) => {
            let int = n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0);
            if int {
                T_INT | T_NUM
            } else {
                T_NUM
            }
        }
        Value::String(_) => T_STR,
        Value::Array(_) => T_ARR,
        Value::Object(_) => T_OBJ,
    }
}

/// "a string, an array or an object"
pub(crate) fn type_phrase(mask: u8) -> String {
    let mut names = Vec::new();
    let mask = if mask & T_NUM != 0 {
        mask & !T_INT
    } else {
        mask
    };
    for (bit, name) in [
        (T_OBJ, "an object"),
        (T_ARR, "an array"),
        (T_STR, "a string"),
        (T_NUM, "a number"),
        (T_INT, "an integer"),
        (T_BOOL, "a boolean"),
        (T_NULL, "null"),
    ] {
        if mask & bit != 0 {
            names.push(name);
        }
    }
    // Put the common scalar types first, as people list them.
    names.reverse();
    let order = |n: &&str| match *n {
        "a string" => 0,
        "a number" | "an integer" => 1,
        "a boolean" => 2,
        "an array" => 3,
        "an object" => 4,
        _ => 5,
    };
    names.sort_by_key(order);
    join_or(&names)
}

fn join_or(items: &[&str]) -> String {
    match items.len() {
        0 => "nothing".to_string(),
        1 => items[0].to_string(),
        n => format!("{} or {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

fn is_plain_key(k: &str) -> bool {
    !k.is_empty()
        && k.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '$' || c == '@')
}

fn render_path(path: &[PathSeg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            PathSeg::Key(k) if is_plain_key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            PathSeg::Key(k) => {
                s.push('[');
                s.push_str(&truncate(&Value::String(k.clone()).to_string()));
                s.push(']');
            }
            PathSeg::Index(i) => {
                s.push_str(&format!("[{i}]"));
            }
        }
    }
    s
}

/// How a location is named in messages: "`jobs.build`", "`layers[2]`" or
/// "the document". Paths deeper than four segments are shortened to their
/// last three.
pub(crate) fn subject(path: &[PathSeg]) -> String {
    if path.is_empty() {
        return "the document".to_string();
    }
    if path.len() > 4 {
        return format!("`…{}`", render_path(&path[path.len() - 3..]));
    }
    format!("`{}`", render_path(path))
}

/// Shortens to `MAX_SHOWN` characters with an ellipsis.
pub(crate) fn truncate(s: &str) -> String {
    if s.chars().count() <= MAX_SHOWN {
        return s.to_string();
    }
    let mut t: String = s.chars().take(MAX_SHOWN - 1).collect();
    t.push('…');
    t
}

/// Compact JSON, shortened. Nesting deeper than three levels and long
/// containers are elided, so this never recurses far or builds big strings.
pub(crate) fn short(v: &Value) -> String {
    let mut out = String::new();
    render(v, 0, &mut out);
    truncate(&out)
}

fn render(v: &Value, depth: usize, out: &mut String) {
    if out.len() > MAX_SHOWN * 4 {
        out.push('…');
        return;
    }
    match v {
        Value::Array(a) if depth >= 3 || a.len() > 20 => out.push_str("[…]"),
        Value::Object(o) if depth >= 3 || o.len() > 20 => out.push_str("{…}"),
        Value::Array(a) => {
            out.push('[');
            for (i, item) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                render(item, depth + 1, out);
            }
            out.push(']');
        }
        Value::Object(o) => {
            out.push('{');
            for (i, (k, item)) in o.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                render(item, depth + 1, out);
            }
            out.push('}');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// "the string \"0.1x\"", "the number 3", "an array", ...
pub(crate) fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(_) => format!("the string {}", short(v)),
        Value::Array(a) if a.is_empty() => "an empty array".to_string(),
        Value::Array(_) => "an array".to_string(),
        Value::Object(o) if o.is_empty() => "an empty object".to_string(),
        Value::Object(_) => "an object".to_string(),
    }
}

/// "\"debug\", \"info\", \"warn\"" (at most 8 values, then "…").
pub(crate) fn list_values(values: &[Value]) -> String {
    let mut parts: Vec<String> = values.iter().take(8).map(short).collect();
    if values.len() > 8 {
        parts.push("…".to_string());
    }
    parts.join(", ")
}

pub(crate) fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The closest candidate within edit distance 2 (ties: first in order).
pub(crate) fn suggest<'a>(key: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == key {
            continue;
        }
        let d = edit_distance(&key.to_lowercase(), &c.to_lowercase());
        let limit = if key.chars().count() <= 2 { 1 } else { 2 };
        if d <= limit && best.is_none_or(|(bd, bc)| d < bd || (d == bd && c < bc)) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_descriptions() {
        let p = vec![PathSeg::Key("layers".into()), PathSeg::Index(2)];
        assert_eq!(subject(&p), "`layers[2]`");
        assert_eq!(subject(&[]), "the document");
        let p = vec![PathSeg::Key("jobs".into()), PathSeg::Key("a b".into())];
        assert_eq!(subject(&p), "`jobs[\"a b\"]`");
        let deep: Vec<PathSeg> = ["a", "b", "c", "d", "e"]
            .iter()
            .map(|s| PathSeg::Key(s.to_string()))
            .collect();
        assert_eq!(subject(&deep), "`…c.d.e`");
        assert_eq!(
            describe(&Value::String("0.1x".into())),
            "the string \"0.1x\""
        );
        let long = Value::String("x".repeat(100));
        assert!(describe(&long).ends_with('…'));
        assert_eq!(
            type_phrase(T_OBJ | T_STR | T_ARR),
            "a string, an array or an object"
        );
        assert_eq!(
            suggest("runs_on", ["runs-on", "steps"].into_iter()),
            Some("runs-on")
        );
        assert_eq!(suggest("zzzzzz", ["runs-on"].into_iter()), None);
    }
}
