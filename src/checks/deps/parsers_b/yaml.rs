//! YAML for lockfiles (`pnpm-lock.yaml`, Yarn Berry's `yarn.lock`), as a small tree whose
//! mapping entries carry the line of their key.
//!
//! Two readers. Lockfile generators write a narrow, regular subset of YAML: block mappings
//! and sequences, plain and quoted scalars, one-line flow collections (`{integrity: …}`,
//! `[x64]`), comments. A line-based reader takes that subset fast (a 10 MB lockfile in tens
//! of milliseconds). Anything outside it, valid or not (anchors, tags, block scalars,
//! multi-line scalars or flow collections, several documents, odd indentation…), sends the
//! whole text to serde-saphyr, a full YAML parser, which reads what is valid and gives the
//! error line and message for what is not. The fast reader never accepts a text that YAML
//! would read differently: when in doubt it declines.
//!
//! Scalars are kept as text (`1.0` stays `"1.0"`); null (`~`, `null`, or nothing) is
//! [`Node::Null`]. Through serde-saphyr, numbers and booleans come back typed and are
//! turned back into text (`1.10` would read as `1.1`), which only matters for hand-made
//! files.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::util::err;
use super::ParseError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Node<'a> {
    Null,
    Str(Cow<'a, str>),
    Seq(Vec<Node<'a>>),
    Map(Vec<Entry<'a>>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Entry<'a> {
    pub key: Cow<'a, str>,
    /// 1-based line of the key.
    pub line: usize,
    pub value: Node<'a>,
}

impl<'a> Node<'a> {
    /// The value of `key` in a mapping (the first, should a key repeat).
    pub(crate) fn get(&self, key: &str) -> Option<&Node<'a>> {
        self.entries()
            .iter()
            .find(|e| e.key == key)
            .map(|e| &e.value)
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Node::Str(s) => Some(s),
            _ => None,
        }
    }

    /// `self[key]` as text.
    pub(crate) fn str_of(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Node::as_str)
    }

    /// A mapping's entries; none for anything else.
    pub(crate) fn entries(&self) -> &[Entry<'a>] {
        match self {
            Node::Map(entries) => entries,
            _ => &[],
        }
    }
}

/// Read a YAML text; `file` names the format in error messages.
pub(crate) fn parse<'a>(text: &'a str, file: &str) -> Result<Node<'a>, ParseError> {
    if let Some(node) = Fast::parse(text) {
        return Ok(node);
    }
    slow(text, file)
}

// ---------------------------------------------------------------------------------------
// The fast reader.

struct Line<'a> {
    no: usize,
    indent: usize,
    text: &'a str,
}

struct Fast<'a> {
    lines: Vec<Line<'a>>,
    pos: usize,
}

/// How deep blocks and flow collections may nest before the fast reader declines.
const MAX_DEPTH: usize = 64;

impl<'a> Fast<'a> {
    fn parse(text: &'a str) -> Option<Node<'a>> {
        let mut lines = Vec::new();
        for (idx, raw) in text.split('\n').enumerate() {
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            let content = raw.trim_start_matches(' ');
            let indent = raw.len() - content.len();
            let content = content.trim_end_matches([' ', '\t']);
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            if content.starts_with('\t') {
                return None;
            }
            if indent == 0
                && (content.starts_with("---")
                    || content.starts_with("...")
                    || content.starts_with('%'))
            {
                return None;
            }
            lines.push(Line {
                no: idx + 1,
                indent,
                text: content,
            });
        }
        let mut fast = Fast { lines, pos: 0 };
        let Some(first) = fast.lines.first() else {
            return Some(Node::Null);
        };
        let root = fast.block(first.indent, 0)?;
        (fast.pos == fast.lines.len()).then_some(root)
    }

    fn block(&mut self, indent: usize, depth: usize) -> Option<Node<'a>> {
        if depth > MAX_DEPTH {
            return None;
        }
        if is_seq_item(self.lines.get(self.pos)?.text) {
            self.seq(indent, depth)
        } else {
            self.map(indent, depth)
        }
    }

    /// The value of a key that has nothing after its colon: a nested block, a sequence at
    /// the key's own indentation, or null.
    fn block_value(&mut self, parent_indent: usize, depth: usize) -> Option<Node<'a>> {
        match self.lines.get(self.pos) {
            Some(l) if l.indent > parent_indent => self.block(l.indent, depth),
            Some(l) if l.indent == parent_indent && is_seq_item(l.text) => {
                self.seq(parent_indent, depth)
            }
            _ => Some(Node::Null),
        }
    }

    fn map(&mut self, indent: usize, depth: usize) -> Option<Node<'a>> {
        let mut entries = Vec::new();
        while let Some(l) = self.lines.get(self.pos) {
            if l.indent < indent {
                break;
            }
            if l.indent > indent || is_seq_item(l.text) {
                return None;
            }
            let (key, rest) = split_key(l.text)?;
            let line = l.no;
            self.pos += 1;
            let value = if rest.is_empty() || rest.starts_with('#') {
                self.block_value(indent, depth + 1)?
            } else {
                let value = inline(rest, line, depth)?;
                if self.lines.get(self.pos).is_some_and(|n| n.indent > indent) {
                    return None;
                }
                value
            };
            entries.push(Entry { key, line, value });
        }
        Some(Node::Map(entries))
    }

    fn seq(&mut self, indent: usize, depth: usize) -> Option<Node<'a>> {
        let mut items = Vec::new();
        while let Some(l) = self.lines.get(self.pos) {
            if l.indent < indent || (l.indent == indent && !is_seq_item(l.text)) {
                break;
            }
            if l.indent > indent {
                return None;
            }
            let rest = l.text.get(1..)?.trim_start_matches(' ');
            if rest.is_empty() || rest.starts_with('#') {
                return None;
            }
            let line = l.no;
            self.pos += 1;
            items.push(inline(rest, line, depth)?);
            if self.lines.get(self.pos).is_some_and(|n| n.indent > indent) {
                return None;
            }
        }
        Some(Node::Seq(items))
    }
}

fn is_seq_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// May a plain scalar start this way? (Not with an indicator that means something else.)
fn plain_start_ok(s: &str) -> bool {
    let b = s.as_bytes();
    let Some(&first) = b.first() else {
        return false;
    };
    if matches!(
        first,
        b',' | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
            | b'\t'
            | b' '
    ) {
        return false;
    }
    !(matches!(first, b'-' | b'?' | b':') && matches!(b.get(1), None | Some(b' ' | b'\t')))
}

/// `key: rest` (or `key:`) → the key and what follows the colon (spaces trimmed).
fn split_key(text: &str) -> Option<(Cow<'_, str>, &str)> {
    let (key, after) = match text.as_bytes().first()? {
        b'"' => {
            let (key, used) = double_quoted(text)?;
            (key, text.get(used..)?.trim_start_matches(' '))
        }
        b'\'' => {
            let (key, used) = single_quoted(text)?;
            (key, text.get(used..)?.trim_start_matches(' '))
        }
        _ => {
            let b = text.as_bytes();
            let colon = (0..b.len())
                .find(|&i| b[i] == b':' && matches!(b.get(i + 1), None | Some(b' ')))?;
            let key = text[..colon].trim_end_matches(' ');
            if !plain_start_ok(key) || key.contains(" #") || key.contains('\t') || key == "<<" {
                return None;
            }
            (Cow::Borrowed(key), &text[colon..])
        }
    };
    let rest = after.strip_prefix(':')?;
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some((key, rest.trim_start_matches(' ')))
}

/// A value written on the key's line.
fn inline(rest: &str, line: usize, depth: usize) -> Option<Node<'_>> {
    let (node, used) = match rest.as_bytes().first()? {
        b'{' | b'[' => {
            let mut i = 0;
            let node = flow(rest, &mut i, line, depth + 1)?;
            (node, i)
        }
        b'"' => {
            let (s, used) = double_quoted(rest)?;
            (Node::Str(s), used)
        }
        b'\'' => {
            let (s, used) = single_quoted(rest)?;
            (Node::Str(s), used)
        }
        _ => return plain_block(rest),
    };
    let tail = rest.get(used..)?;
    let tail_ok = tail.is_empty() || (tail.starts_with(' ') && tail.trim_start().starts_with('#'));
    tail_ok.then_some(node)
}

fn plain_block(s: &str) -> Option<Node<'_>> {
    let s = match s.find(" #") {
        Some(i) => s[..i].trim_end(),
        None => s,
    };
    if !plain_start_ok(s) || s.contains(": ") || s.ends_with(':') {
        return None;
    }
    Some(scalar(s))
}

fn scalar(s: &str) -> Node<'_> {
    match s {
        "~" | "null" | "Null" | "NULL" => Node::Null,
        _ => Node::Str(Cow::Borrowed(s)),
    }
}

fn skip_spaces(b: &[u8], i: &mut usize) {
    while b.get(*i) == Some(&b' ') {
        *i += 1;
    }
}

/// A one-line flow collection or scalar starting at `s[*i..]`; leaves `*i` after it.
fn flow<'a>(s: &'a str, i: &mut usize, line: usize, depth: usize) -> Option<Node<'a>> {
    if depth > MAX_DEPTH {
        return None;
    }
    let b = s.as_bytes();
    skip_spaces(b, i);
    match *b.get(*i)? {
        b'{' => {
            *i += 1;
            let mut entries = Vec::new();
            loop {
                skip_spaces(b, i);
                if *b.get(*i)? == b'}' {
                    *i += 1;
                    break;
                }
                let key = flow_key(s, i)?;
                skip_spaces(b, i);
                let value = match *b.get(*i)? {
                    b',' | b'}' => Node::Null,
                    _ => flow(s, i, line, depth + 1)?,
                };
                entries.push(Entry { key, line, value });
                skip_spaces(b, i);
                match *b.get(*i)? {
                    b',' => *i += 1,
                    b'}' => {
                        *i += 1;
                        break;
                    }
                    _ => return None,
                }
            }
            Some(Node::Map(entries))
        }
        b'[' => {
            *i += 1;
            let mut items = Vec::new();
            loop {
                skip_spaces(b, i);
                if *b.get(*i)? == b']' {
                    *i += 1;
                    break;
                }
                items.push(flow(s, i, line, depth + 1)?);
                skip_spaces(b, i);
                match *b.get(*i)? {
                    b',' => *i += 1,
                    b']' => {
                        *i += 1;
                        break;
                    }
                    _ => return None,
                }
            }
            Some(Node::Seq(items))
        }
        b'"' => {
            let (v, used) = double_quoted(s.get(*i..)?)?;
            *i += used;
            Some(Node::Str(v))
        }
        b'\'' => {
            let (v, used) = single_quoted(s.get(*i..)?)?;
            *i += used;
            Some(Node::Str(v))
        }
        _ => {
            let start = *i;
            let mut j = start;
            while let Some(&c) = b.get(j) {
                match c {
                    b',' | b'[' | b']' | b'{' | b'}' => break,
                    b':' if matches!(
                        b.get(j + 1),
                        None | Some(b' ' | b',' | b'[' | b']' | b'{' | b'}')
                    ) =>
                    {
                        return None
                    }
                    b'#' if j > start && b[j - 1] == b' ' => return None,
                    _ => j += 1,
                }
            }
            let token = s.get(start..j)?.trim_end_matches(' ');
            if !plain_start_ok(token) {
                return None;
            }
            *i = j;
            Some(scalar(token))
        }
    }
}

/// A key in a flow mapping, and its colon.
fn flow_key<'a>(s: &'a str, i: &mut usize) -> Option<Cow<'a, str>> {
    let b = s.as_bytes();
    let key = match *b.get(*i)? {
        b'"' => {
            let (k, used) = double_quoted(s.get(*i..)?)?;
            *i += used;
            k
        }
        b'\'' => {
            let (k, used) = single_quoted(s.get(*i..)?)?;
            *i += used;
            k
        }
        _ => {
            let start = *i;
            let mut j = start;
            loop {
                match *b.get(j)? {
                    b',' | b'[' | b']' | b'{' | b'}' => return None,
                    b'#' if j > start && b[j - 1] == b' ' => return None,
                    b':' if matches!(b.get(j + 1), None | Some(b' ' | b',' | b']' | b'}')) => break,
                    _ => j += 1,
                }
            }
            let key = s.get(start..j)?.trim_end_matches(' ');
            if !plain_start_ok(key) || key == "<<" {
                return None;
            }
            *i = j;
            Cow::Borrowed(key)
        }
    };
    skip_spaces(b, i);
    if *b.get(*i)? != b':' {
        return None;
    }
    *i += 1;
    Some(key)
}

/// A double-quoted scalar at the start of `s` (on one line): its value and the bytes used.
fn double_quoted(s: &str) -> Option<(Cow<'_, str>, usize)> {
    let body = s.strip_prefix('"')?;
    if let Some(end) = body.find(['"', '\\']) {
        if body.as_bytes()[end] == b'"' {
            return Some((Cow::Borrowed(&body[..end]), end + 2));
        }
    }
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((Cow::Owned(out), i + 2)),
            '\\' => {
                let (_, e) = chars.next()?;
                let simple = match e {
                    '"' => Some('"'),
                    '\\' => Some('\\'),
                    '/' => Some('/'),
                    ' ' => Some(' '),
                    '0' => Some('\0'),
                    'a' => Some('\u{7}'),
                    'b' => Some('\u{8}'),
                    't' | '\t' => Some('\t'),
                    'n' => Some('\n'),
                    'v' => Some('\u{b}'),
                    'f' => Some('\u{c}'),
                    'r' => Some('\r'),
                    'e' => Some('\u{1b}'),
                    'N' => Some('\u{85}'),
                    '_' => Some('\u{a0}'),
                    'L' => Some('\u{2028}'),
                    'P' => Some('\u{2029}'),
                    _ => None,
                };
                if let Some(c) = simple {
                    out.push(c);
                    continue;
                }
                let digits = match e {
                    'x' => 2,
                    'u' => 4,
                    'U' => 8,
                    _ => return None,
                };
                let mut code = 0u32;
                for _ in 0..digits {
                    code = code * 16 + chars.next()?.1.to_digit(16)?;
                }
                out.push(char::from_u32(code)?);
            }
            _ => out.push(c),
        }
    }
    None
}

/// A single-quoted scalar at the start of `s` (on one line): its value and the bytes used.
fn single_quoted(s: &str) -> Option<(Cow<'_, str>, usize)> {
    let body = s.strip_prefix('\'')?;
    let end = body.find('\'')?;
    if body.as_bytes().get(end + 1) != Some(&b'\'') {
        return Some((Cow::Borrowed(&body[..end]), end + 2));
    }
    let mut out = String::new();
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\'' {
            if chars.peek().is_some_and(|&(_, n)| n == '\'') {
                chars.next();
                out.push('\'');
            } else {
                return Some((Cow::Owned(out), i + 2));
            }
        } else {
            out.push(c);
        }
    }
    None
}

// ---------------------------------------------------------------------------------------
// The full reader: serde-saphyr into the same tree.

struct Slow(Node<'static>);

impl<'de> Deserialize<'de> for Slow {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SlowVisitor)
    }
}

struct SlowVisitor;

impl<'de> Visitor<'de> for SlowVisitor {
    type Value = Slow;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Slow, E> {
        Ok(Slow(Node::Str(Cow::Owned(v.to_string()))))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Slow, E> {
        Ok(Slow(Node::Str(Cow::Owned(v.to_string()))))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Slow, E> {
        Ok(Slow(Node::Str(Cow::Owned(v.to_string()))))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Slow, E> {
        Ok(Slow(Node::Str(Cow::Owned(v.to_string()))))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Slow, E> {
        Ok(Slow(Node::Str(Cow::Owned(v.to_string()))))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Slow, E> {
        Ok(Slow(Node::Str(Cow::Owned(v.to_string()))))
    }
    fn visit_char<E>(self, v: char) -> Result<Slow, E> {
        Ok(Slow(Node::Str(Cow::Owned(v.to_string()))))
    }
    fn visit_str<E>(self, v: &str) -> Result<Slow, E> {
        Ok(Slow(Node::Str(Cow::Owned(v.to_string()))))
    }
    fn visit_string<E>(self, v: String) -> Result<Slow, E> {
        Ok(Slow(Node::Str(Cow::Owned(v))))
    }
    fn visit_bytes<E>(self, v: &[u8]) -> Result<Slow, E> {
        Ok(Slow(Node::Str(Cow::Owned(
            String::from_utf8_lossy(v).into_owned(),
        ))))
    }
    fn visit_unit<E>(self) -> Result<Slow, E> {
        Ok(Slow(Node::Null))
    }
    fn visit_none<E>(self) -> Result<Slow, E> {
        Ok(Slow(Node::Null))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Slow, D::Error> {
        Slow::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Slow, A::Error> {
        let mut items = Vec::new();
        while let Some(Slow(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Slow(Node::Seq(items)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Slow, A::Error> {
        let mut entries = Vec::new();
        while let Some((key, Slow(value))) = map.next_entry::<Spanned<String>, Slow>()? {
            entries.push(Entry {
                line: usize::try_from(key.referenced.line()).unwrap_or(0).max(1),
                key: Cow::Owned(key.value),
                value,
            });
        }
        Ok(Slow(Node::Map(entries)))
    }
}

fn slow(text: &str, file: &str) -> Result<Node<'static>, ParseError> {
    // The default budget suits configuration files; lockfiles are larger. Scale the limits
    // on events and nodes with the text, which bounds the work by the input's size.
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: text.len().saturating_mul(2).max(1_000_000),
            max_nodes: text.len().max(250_000),
        },
    };
    match serde_saphyr::from_str_with_options::<Slow>(text, options) {
        Ok(Slow(node)) => Ok(node),
        Err(e) => {
            let line = e
                .location()
                .and_then(|l| usize::try_from(l.line()).ok())
                .unwrap_or(1);
            let full = e.without_snippet().to_string();
            let first = full.lines().next().unwrap_or("");
            // serde-saphyr starts with "line L column C: "; the line is reported apart.
            let message = match first.strip_prefix("line ").and_then(|r| r.split_once(": ")) {
                Some((_, m)) => m,
                None => first,
            };
            Err(err(line, format!("{file} is not valid YAML: {message}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Node<'static> {
        Node::Str(Cow::Owned(v.to_string()))
    }

    fn e(key: &str, line: usize, value: Node<'static>) -> Entry<'static> {
        Entry {
            key: Cow::Owned(key.to_string()),
            line,
            value,
        }
    }

    const SAMPLE: &str = "# comment\nlockfileVersion: '9.0'\n\nsettings:\n  auto: true\n\npackages:\n\n  '@a/b@1.0.0':\n    resolution: {integrity: sha512-x==, tarball: https://h/x.tgz}\n    cpu: [x64, arm64]\n    engines: {node: '>=6'}\n    hasBin: true # trailing comment\n\n  /c/2.0.0:\n    dev: false\n    os:\n    - darwin\n    - 'linux'\n  \"d@npm:1\":\n    e: ~\n    f:\n    g: \"q\\\"\\u00e9\"\n";

    fn expected() -> Node<'static> {
        Node::Map(vec![
            e("lockfileVersion", 2, s("9.0")),
            e("settings", 4, Node::Map(vec![e("auto", 5, s("true"))])),
            e(
                "packages",
                7,
                Node::Map(vec![
                    e(
                        "@a/b@1.0.0",
                        9,
                        Node::Map(vec![
                            e(
                                "resolution",
                                10,
                                Node::Map(vec![
                                    e("integrity", 10, s("sha512-x==")),
                                    e("tarball", 10, s("https://h/x.tgz")),
                                ]),
                            ),
                            e("cpu", 11, Node::Seq(vec![s("x64"), s("arm64")])),
                            e("engines", 12, Node::Map(vec![e("node", 12, s(">=6"))])),
                            e("hasBin", 13, s("true")),
                        ]),
                    ),
                    e(
                        "/c/2.0.0",
                        15,
                        Node::Map(vec![
                            e("dev", 16, s("false")),
                            e("os", 17, Node::Seq(vec![s("darwin"), s("linux")])),
                        ]),
                    ),
                    e(
                        "d@npm:1",
                        20,
                        Node::Map(vec![
                            e("e", 21, Node::Null),
                            e("f", 22, Node::Null),
                            e("g", 23, s("q\"é")),
                        ]),
                    ),
                ]),
            ),
        ])
    }

    #[test]
    fn fast_reads_the_subset() {
        assert_eq!(Fast::parse(SAMPLE), Some(expected()));
        assert_eq!(parse(SAMPLE, "x"), Ok(expected()));
    }

    #[test]
    fn slow_agrees_with_fast() {
        // Same text, read by serde-saphyr: same tree (its scalars come back typed and are
        // turned into the same text here).
        assert_eq!(slow(SAMPLE, "x"), Ok(expected()));
    }

    #[test]
    fn fast_declines_what_it_does_not_know() {
        for text in [
            "a: &x 1\nb: *x\n",
            "a: |\n  text\n",
            "a: b\n  c\n",
            "a: {x: 1,\n  y: 2}\n",
            "---\na: 1\n",
            "a: 1\n b: 2\n",
            "a:\n\t- 1\n",
            "- a: 1\n",
            "a: 'unterminated\n",
            "a: b: c\n",
            "? a\n: b\n",
            "a: !tag x\n",
            "<<: {a: 1}\n",
            "a: \"\\q\"\n",
            "a: [b, {c}]\n",
        ] {
            assert_eq!(Fast::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn falls_back_to_full_yaml() {
        let node = parse("a: &x\n  k: v\nb: *x\nc: |\n  two\n  lines\n", "x").unwrap();
        assert_eq!(node.get("b").and_then(|b| b.str_of("k")), Some("v"));
        assert_eq!(node.str_of("c"), Some("two\nlines\n"));
        assert_eq!(node.entries()[1].line, 3);
    }

    #[test]
    fn errors_have_lines() {
        let e = parse("a: 1\nb: [1, 2\nc: 3\n", "pnpm-lock.yaml").unwrap_err();
        assert!(e.line >= 2, "{e:?}");
        assert!(
            e.message.starts_with("pnpm-lock.yaml is not valid YAML: "),
            "{e:?}"
        );
        let e = parse("a:\n  b: 1\n c: 2\n", "x").unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
    }

    #[test]
    fn empty_and_comments_only() {
        assert_eq!(parse("", "x"), Ok(Node::Null));
        assert_eq!(parse("# just a comment\n\n", "x"), Ok(Node::Null));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let flow = format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse(&flow, "x").is_err());
        let mut block = String::new();
        for depth in 0..300 {
            block.push_str(&" ".repeat(depth));
            block.push_str("k:\n");
        }
        assert!(parse(&block, "x").is_err());
    }
}
