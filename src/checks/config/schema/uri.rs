//! Minimal RFC 3986 reference resolution, enough for `$id` / `$ref` handling.

struct Parts<'a> {
    scheme: Option<&'a str>,
    authority: Option<&'a str>,
    path: &'a str,
    query: Option<&'a str>,
    fragment: Option<&'a str>,
}

fn parse(s: &str) -> Parts<'_> {
    let (rest, fragment) = match s.split_once('#') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    let (rest, query) = match rest.split_once('?') {
        Some((a, b)) => (a, Some(b)),
        None => (rest, None),
    };
    let mut scheme = None;
    let mut rest = rest;
    if let Some(pos) = rest.find(':') {
        let cand = &rest[..pos];
        let mut chars = cand.chars();
        let ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if ok {
            scheme = Some(cand);
            rest = &rest[pos + 1..];
        }
    }
    let mut authority = None;
    if let Some(after) = rest.strip_prefix("//") {
        let end = after.find('/').unwrap_or(after.len());
        authority = Some(&after[..end]);
        rest = &after[end..];
    }
    Parts {
        scheme,
        authority,
        path: rest,
        query,
        fragment,
    }
}

fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let absolute = path.starts_with('/');
    let segs: Vec<&str> = path.split('/').collect();
    let n = segs.len();
    for (i, seg) in segs.iter().enumerate() {
        let last = i + 1 == n;
        match *seg {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > usize::from(absolute) {
                    out.pop();
                }
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    let mut s = out.join("/");
    if absolute && !s.starts_with('/') {
        s.insert(0, '/');
    }
    s
}

fn merge(base: &Parts<'_>, rel_path: &str) -> String {
    if base.authority.is_some() && base.path.is_empty() {
        return format!("/{rel_path}");
    }
    match base.path.rfind('/') {
        Some(i) => format!("{}{}", &base.path[..=i], rel_path),
        None => rel_path.to_string(),
    }
}

fn recompose(
    scheme: Option<&str>,
    authority: Option<&str>,
    path: &str,
    query: Option<&str>,
    fragment: Option<&str>,
) -> String {
    let mut s = String::new();
    if let Some(sc) = scheme {
        s.push_str(sc);
        s.push(':');
    }
    if let Some(a) = authority {
        s.push_str("//");
        s.push_str(a);
    }
    s.push_str(path);
    if let Some(q) = query {
        s.push('?');
        s.push_str(q);
    }
    if let Some(f) = fragment {
        if !f.is_empty() {
            s.push('#');
            s.push_str(f);
        }
    }
    s
}

/// Resolves `reference` against `base` (RFC 3986 section 5.2.2). An empty
/// fragment is dropped from the result.
pub(crate) fn resolve(base: &str, reference: &str) -> String {
    let r = parse(reference);
    let b = parse(base);
    if r.scheme.is_some() {
        let path = remove_dot_segments(r.path);
        return recompose(r.scheme, r.authority, &path, r.query, r.fragment);
    }
    if r.authority.is_some() {
        let path = remove_dot_segments(r.path);
        return recompose(b.scheme, r.authority, &path, r.query, r.fragment);
    }
    if r.path.is_empty() {
        let query = r.query.or(b.query);
        return recompose(b.scheme, b.authority, b.path, query, r.fragment);
    }
    let path = if r.path.starts_with('/') {
        remove_dot_segments(r.path)
    } else {
        remove_dot_segments(&merge(&b, r.path))
    };
    recompose(b.scheme, b.authority, &path, r.query, r.fragment)
}

/// Splits a URI into the part before `#` and the (raw) fragment.
pub(crate) fn split_fragment(uri: &str) -> (&str, &str) {
    match uri.split_once('#') {
        Some((a, b)) => (a, b),
        None => (uri, ""),
    }
}

/// Escapes one JSON pointer token.
pub(crate) fn escape_token(t: &str) -> String {
    t.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_references() {
        let base = "file:///repo/schemas/model.json";
        assert_eq!(
            resolve(base, "common.json#/definitions/x"),
            "file:///repo/schemas/common.json#/definitions/x"
        );
        assert_eq!(resolve(base, "../a.json"), "file:///repo/a.json");
        assert_eq!(resolve(base, "#foo"), "file:///repo/schemas/model.json#foo");
        assert_eq!(resolve(base, ""), base);
        assert_eq!(
            resolve("http://x.com/a/b/c", "./d/../e"),
            "http://x.com/a/b/e"
        );
        assert_eq!(resolve("http://x.com", "y.json"), "http://x.com/y.json");
        assert_eq!(
            resolve("urn:uuid:1234", "#/$defs/a"),
            "urn:uuid:1234#/$defs/a"
        );
        assert_eq!(resolve("http://a/b", "//c/d"), "http://c/d");
    }
}
