//! A hand-written JSON (and JSONC) parser that builds the positioned [`Node`] tree.
//!
//! Strings become `DoubleQuoted` scalars; numbers, `true`, `false` and `null` become
//! `Plain` scalars holding their source text, which the YAML 1.2 core schema reads back as
//! the same value. Every node's span covers its source text (quotes and brackets included);
//! object keys are nodes of their own.
//!
//! With `allow_comments` (JSONC, e.g. `tsconfig.json`, VS Code settings) `//` and `/* */`
//! comments and trailing commas are accepted, and a file holding nothing but whitespace
//! and comments parses to `root: None`; in strict JSON such a file is an "empty document"
//! error. Duplicate keys are not an error: they are collected in
//! [`Parsed::duplicate_keys`].

use std::collections::HashSet;

use super::Parsed;
use crate::checks::config::yaml::{Node, Pos, Span, Style, Value, YamlError, MAX_DEPTH, MAX_NODES};

/// Parse `src` as JSON, or as JSONC when `allow_comments` is set.
pub fn parse(src: &str, allow_comments: bool) -> Result<Parsed, YamlError> {
    parse_limited(src, allow_comments, MAX_NODES)
}

fn parse_limited(src: &str, allow_comments: bool, max_nodes: usize) -> Result<Parsed, YamlError> {
    let mut p = Parser {
        src,
        bytes: src.as_bytes(),
        i: 0,
        line: 1,
        col: 1,
        jsonc: allow_comments,
        nodes: 0,
        max_nodes,
        duplicates: Vec::new(),
    };
    if src.starts_with('\u{feff}') {
        // The byte order mark is not a column anyone can see.
        p.i = 3;
    }
    p.skip_ws()?;
    if p.peek().is_none() {
        if allow_comments {
            return Ok(Parsed::default());
        }
        return Err(p.err_here("empty document"));
    }
    let root = p.value(0)?;
    p.skip_ws()?;
    if let Some(c) = p.peek_char() {
        return Err(p.err_here(format!(
            "unexpected {} after the end of the JSON value",
            show(c)
        )));
    }
    let mut duplicates = p.duplicates;
    duplicates.sort_by_key(|(pos, _)| pos.offset);
    Ok(Parsed {
        root: Some(root),
        duplicate_keys: duplicates,
    })
}

/// How a character is shown in a message.
fn show(c: char) -> String {
    if c.is_control() || c.is_whitespace() {
        format!("character U+{:04X}", c as u32)
    } else {
        format!("`{c}`")
    }
}

struct Parser<'a> {
    src: &'a str,
    bytes: &'a [u8],
    i: usize,
    line: usize,
    col: usize,
    jsonc: bool,
    nodes: usize,
    max_nodes: usize,
    duplicates: Vec<(Pos, String)>,
}

fn err_at(p: Pos, message: impl Into<String>) -> YamlError {
    YamlError {
        line: p.line,
        column: p.column,
        message: message.into(),
    }
}

impl<'a> Parser<'a> {
    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            column: self.col,
            offset: self.i,
        }
    }

    fn err_here(&self, message: impl Into<String>) -> YamlError {
        err_at(self.pos(), message)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.i).copied()
    }

    fn peek_char(&self) -> Option<char> {
        self.src[self.i..].chars().next()
    }

    /// Step over one character.
    fn bump(&mut self) {
        if let Some(c) = self.peek_char() {
            self.i += c.len_utf8();
            if c == '\n' {
                self.line += 1;
                self.col = 1;
            } else {
                self.col += 1;
            }
        }
    }

    fn count(&mut self, at: Pos) -> Result<(), YamlError> {
        self.nodes += 1;
        if self.nodes > self.max_nodes {
            return Err(err_at(
                at,
                format!("document too large (more than {} nodes)", self.max_nodes),
            ));
        }
        Ok(())
    }

    /// Skip whitespace, and comments in JSONC.
    fn skip_ws(&mut self) -> Result<(), YamlError> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r' | b'\n') => self.bump(),
                Some(b'/') => {
                    let next = self.bytes.get(self.i + 1).copied();
                    if !matches!(next, Some(b'/' | b'*')) {
                        return Ok(());
                    }
                    if !self.jsonc {
                        return Err(self.err_here("comments are not allowed in JSON"));
                    }
                    let start = self.pos();
                    self.bump();
                    self.bump();
                    if next == Some(b'/') {
                        while !matches!(self.peek(), None | Some(b'\n')) {
                            self.bump();
                        }
                    } else {
                        loop {
                            match self.peek() {
                                None => return Err(err_at(start, "unterminated comment")),
                                Some(b'*') if self.bytes.get(self.i + 1) == Some(&b'/') => {
                                    self.bump();
                                    self.bump();
                                    break;
                                }
                                Some(_) => self.bump(),
                            }
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn unclosed(&self, what: char, at: Pos) -> YamlError {
        self.err_here(format!(
            "unexpected end of input: the `{what}` on line {}, column {} is never closed",
            at.line, at.column
        ))
    }

    fn value(&mut self, depth: usize) -> Result<Node, YamlError> {
        let Some(c) = self.peek_char() else {
            return Err(self.err_here("unexpected end of input: expected a value"));
        };
        match c {
            '{' | '[' => {
                if depth >= MAX_DEPTH {
                    return Err(self.err_here(format!("nesting deeper than {MAX_DEPTH} levels")));
                }
                if c == '{' {
                    self.object(depth)
                } else {
                    self.array(depth)
                }
            }
            '"' => self.string(),
            '-' | '0'..='9' => self.number(),
            'a'..='z' | 'A'..='Z' | '_' => self.literal(),
            '\'' => Err(self.err_here("strings must be in double quotes, found `'`")),
            c => Err(self.err_here(format!("expected a JSON value, found {}", show(c)))),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Node, YamlError> {
        let start = self.pos();
        self.count(start)?;
        self.bump();
        let mut entries: Vec<(Node, Node)> = Vec::new();
        self.skip_ws()?;
        if self.peek() == Some(b'}') {
            self.bump();
        } else {
            loop {
                match self.peek_char() {
                    Some('"') => {}
                    None => return Err(self.unclosed('{', start)),
                    Some(c) => {
                        return Err(self.err_here(format!(
                            "expected an object key in double quotes, found {}",
                            show(c)
                        )))
                    }
                }
                let key = self.string()?;
                self.skip_ws()?;
                match self.peek() {
                    Some(b':') => self.bump(),
                    None => return Err(self.unclosed('{', start)),
                    Some(_) => return Err(self.err_here("expected `:` after an object key")),
                }
                self.skip_ws()?;
                let value = self.value(depth + 1)?;
                entries.push((key, value));
                self.skip_ws()?;
                match self.peek() {
                    Some(b',') => {
                        let comma = self.pos();
                        self.bump();
                        self.skip_ws()?;
                        if self.peek() == Some(b'}') {
                            if !self.jsonc {
                                return Err(err_at(comma, "trailing comma"));
                            }
                            self.bump();
                            break;
                        }
                    }
                    Some(b'}') => {
                        self.bump();
                        break;
                    }
                    None => return Err(self.unclosed('{', start)),
                    Some(_) => {
                        return Err(self.err_here("expected `,` or `}` after an object member"))
                    }
                }
            }
        }
        self.note_duplicates(&entries);
        Ok(Node {
            span: Span {
                start,
                end: self.pos(),
            },
            value: Value::Map(entries),
        })
    }

    fn note_duplicates(&mut self, entries: &[(Node, Node)]) {
        if entries.len() < 2 {
            return;
        }
        let mut seen: HashSet<&str> = HashSet::with_capacity(entries.len());
        for (k, _) in entries {
            let text = k.as_str().unwrap_or("");
            if !seen.insert(text) {
                self.duplicates.push((k.span.start, text.to_string()));
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Node, YamlError> {
        let start = self.pos();
        self.count(start)?;
        self.bump();
        let mut items = Vec::new();
        self.skip_ws()?;
        if self.peek() == Some(b']') {
            self.bump();
        } else {
            loop {
                if self.peek().is_none() {
                    return Err(self.unclosed('[', start));
                }
                items.push(self.value(depth + 1)?);
                self.skip_ws()?;
                match self.peek() {
                    Some(b',') => {
                        let comma = self.pos();
                        self.bump();
                        self.skip_ws()?;
                        if self.peek() == Some(b']') {
                            if !self.jsonc {
                                return Err(err_at(comma, "trailing comma"));
                            }
                            self.bump();
                            break;
                        }
                    }
                    Some(b']') => {
                        self.bump();
                        break;
                    }
                    None => return Err(self.unclosed('[', start)),
                    Some(_) => {
                        return Err(self.err_here("expected `,` or `]` after an array element"))
                    }
                }
            }
        }
        Ok(Node {
            span: Span {
                start,
                end: self.pos(),
            },
            value: Value::Seq(items),
        })
    }

    fn string(&mut self) -> Result<Node, YamlError> {
        let start = self.pos();
        self.count(start)?;
        self.bump();
        let mut out = String::new();
        loop {
            // Copy the run of ordinary characters in one go.
            let rest = &self.bytes[self.i..];
            let run = rest
                .iter()
                .position(|b| *b == b'"' || *b == b'\\' || *b < 0x20)
                .unwrap_or(rest.len());
            if run > 0 {
                let chunk = &self.src[self.i..self.i + run];
                out.push_str(chunk);
                self.col += chunk.chars().count();
                self.i += run;
            }
            let Some(c) = self.peek_char() else {
                return Err(err_at(start, "unterminated string"));
            };
            match c {
                '"' => {
                    self.bump();
                    break;
                }
                '\\' => {
                    let esc = self.pos();
                    self.bump();
                    let Some(e) = self.peek_char() else {
                        return Err(err_at(start, "unterminated string"));
                    };
                    if e == '\n' {
                        return Err(err_at(esc, "invalid escape: `\\` at the end of a line"));
                    }
                    self.bump();
                    match e {
                        '"' => out.push('"'),
                        '\\' => out.push('\\'),
                        '/' => out.push('/'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'n' => out.push('\n'),
                        'r' => out.push('\r'),
                        't' => out.push('\t'),
                        'u' => {
                            let c = self.unicode_escape(esc)?;
                            out.push(c);
                        }
                        e => {
                            return Err(err_at(
                                esc,
                                format!("invalid escape `\\{}`", e.escape_debug()),
                            ))
                        }
                    }
                }
                '\n' => return Err(err_at(start, "unterminated string")),
                c => {
                    return Err(self.err_here(format!(
                        "control character in string (U+{:04X} must be written as an escape)",
                        c as u32
                    )))
                }
            }
        }
        Ok(Node {
            span: Span {
                start,
                end: self.pos(),
            },
            value: Value::Scalar {
                text: out,
                style: Style::DoubleQuoted,
            },
        })
    }

    /// Four hex digits after `\u` (already consumed).
    fn hex4(&mut self, esc: Pos) -> Result<u32, YamlError> {
        let digits = self.bytes.get(self.i..self.i + 4).unwrap_or(&[]);
        if digits.len() != 4 || !digits.iter().all(u8::is_ascii_hexdigit) {
            return Err(err_at(
                esc,
                "invalid escape: `\\u` must be followed by four hex digits",
            ));
        }
        let text = &self.src[self.i..self.i + 4];
        for _ in 0..4 {
            self.bump();
        }
        u32::from_str_radix(text, 16).map_err(|_| err_at(esc, "invalid escape"))
    }

    /// The character of a `\uXXXX` escape, joining surrogate pairs; an unpaired surrogate
    /// becomes U+FFFD, as in most JSON parsers that accept it.
    fn unicode_escape(&mut self, esc: Pos) -> Result<char, YamlError> {
        let hi = self.hex4(esc)?;
        if (0xD800..0xDC00).contains(&hi) && self.src[self.i..].starts_with("\\u") {
            let second = self.pos();
            let saved = (self.i, self.line, self.col);
            self.bump();
            self.bump();
            let lo = self.hex4(second)?;
            if (0xDC00..0xE000).contains(&lo) {
                let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                return Ok(char::from_u32(c).unwrap_or('\u{fffd}'));
            }
            // Not a low surrogate: leave the second escape to be read on its own.
            (self.i, self.line, self.col) = saved;
        }
        Ok(char::from_u32(hi).unwrap_or('\u{fffd}'))
    }

    fn digits(&mut self) -> usize {
        let mut n = 0;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.bump();
            n += 1;
        }
        n
    }

    fn number(&mut self) -> Result<Node, YamlError> {
        let start = self.pos();
        self.count(start)?;
        if self.peek() == Some(b'-') {
            self.bump();
        }
        match self.peek() {
            Some(b'0') => {
                self.bump();
                if matches!(self.peek(), Some(b'0'..=b'9')) {
                    return Err(err_at(
                        start,
                        "invalid number: leading zeros are not allowed",
                    ));
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.err_here("invalid number: expected a digit")),
        }
        let mut float = false;
        if self.peek() == Some(b'.') {
            float = true;
            self.bump();
            if self.digits() == 0 {
                return Err(self.err_here("invalid number: expected a digit after `.`"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            float = true;
            self.bump();
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.bump();
            }
            if self.digits() == 0 {
                return Err(self.err_here("invalid number: expected a digit in the exponent"));
            }
        }
        let text = &self.src[start.offset..self.i];
        if float && !text.parse::<f64>().is_ok_and(f64::is_finite) {
            return Err(err_at(start, "number out of range"));
        }
        Ok(Node {
            span: Span {
                start,
                end: self.pos(),
            },
            value: Value::Scalar {
                text: text.to_string(),
                style: Style::Plain,
            },
        })
    }

    fn literal(&mut self) -> Result<Node, YamlError> {
        let start = self.pos();
        self.count(start)?;
        while matches!(self.peek(), Some(b) if b.is_ascii_alphanumeric() || b == b'_') {
            self.bump();
        }
        let word = &self.src[start.offset..self.i];
        if !matches!(word, "true" | "false" | "null") {
            return Err(err_at(
                start,
                format!(
                    "invalid literal `{word}` (strings need double quotes; the literals are `true`, `false` and `null`)"
                ),
            ));
        }
        Ok(Node {
            span: Span {
                start,
                end: self.pos(),
            },
            value: Value::Scalar {
                text: word.to_string(),
                style: Style::Plain,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(src: &str) -> Node {
        parse(src, false).unwrap().root.unwrap()
    }

    fn lc(p: Pos) -> (usize, usize) {
        (p.line, p.column)
    }

    fn err(src: &str, jsonc: bool) -> (usize, usize, String) {
        let e = parse(src, jsonc).unwrap_err();
        (e.line, e.column, e.message)
    }

    #[test]
    fn nested_member_positions_after_multibyte_text() {
        let src =
            "{\n  \"名前\": \"ü\",\n  \"outer\": {\n    \"inner\": [1, \"é\", true]\n  }\n}\n";
        let r = root(src);
        let (k, v) = r.get_entry("名前").unwrap();
        assert_eq!(lc(k.span.start), (2, 3));
        assert_eq!(lc(k.span.end), (2, 7));
        assert_eq!(lc(v.span.start), (2, 9));
        assert_eq!(v.style(), Some(Style::DoubleQuoted));
        assert_eq!(v.raw(src), "\"ü\"");
        let (ok, ov) = r.get_entry("outer").unwrap();
        assert_eq!(lc(ok.span.start), (3, 3));
        assert_eq!(lc(ov.span.start), (3, 12));
        assert_eq!(lc(ov.span.end), (5, 4));
        let (ik, iv) = ov.get_entry("inner").unwrap();
        assert_eq!(lc(ik.span.start), (4, 5));
        assert_eq!(ik.raw(src), "\"inner\"");
        assert_eq!(lc(iv.span.start), (4, 14));
        let items = iv.items();
        assert_eq!(items.len(), 3);
        assert_eq!(lc(items[1].span.start), (4, 18));
        assert_eq!(items[1].as_str(), Some("é"));
        assert_eq!(lc(items[2].span.start), (4, 23));
        assert_eq!(items[2].style(), Some(Style::Plain));
        assert_eq!(items[2].raw(src), "true");
        // Byte offsets, character columns.
        assert_eq!(
            &src[items[1].span.start.offset..items[1].span.end.offset],
            "\"é\""
        );
        assert_eq!(lc(r.span.start), (1, 1));
        assert_eq!(lc(r.span.end), (6, 2));
    }

    #[test]
    fn scalars_keep_source_text_and_styles() {
        let r = root(
            r#"{"a": -1.5e3, "b": null, "c": false, "d": "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00", "e": 0}"#,
        );
        assert_eq!(r.get_str("a"), Some("-1.5e3"));
        assert_eq!(r.get("a").unwrap().style(), Some(Style::Plain));
        assert_eq!(r.get_str("b"), Some("null"));
        assert_eq!(r.get_str("c"), Some("false"));
        assert_eq!(r.get_str("d"), Some("x\"\\/\u{8}\u{c}\n\r\té😀"));
        assert_eq!(r.get_str("e"), Some("0"));
        // An unpaired surrogate becomes U+FFFD rather than failing the file.
        assert_eq!(
            root(r#"["\ud800x"]"#).items()[0].as_str(),
            Some("\u{fffd}x")
        );
        assert_eq!(root("\"top\"").as_str(), Some("top"));
        assert_eq!(root(" 42 ").as_str(), Some("42"));
        assert!(root("[]").items().is_empty());
        assert!(root("{}").entries().is_empty());
    }

    #[test]
    fn jsonc_comments_and_trailing_commas() {
        let src = "// settings\n{\n  /* block\n     comment */ \"a\": 1, // after\n  \"b\": [1, 2,],\n}\n";
        let p = parse(src, true).unwrap();
        let r = p.root.unwrap();
        let (k, v) = r.get_entry("a").unwrap();
        assert_eq!(lc(k.span.start), (4, 17));
        assert_eq!(v.as_str(), Some("1"));
        assert_eq!(r.get("b").unwrap().items().len(), 2);
        // The same text is not JSON.
        assert_eq!(
            err(src, false),
            (1, 1, "comments are not allowed in JSON".into())
        );
        assert_eq!(
            err("{\"a\": 1 /* x */}", false).2,
            "comments are not allowed in JSON"
        );
        assert_eq!(err("{\"a\": 1,}", false), (1, 8, "trailing comma".into()));
        assert_eq!(err("[1,\n  2,\n]", false), (2, 4, "trailing comma".into()));
        assert_eq!(
            err("{\"a\": 1 /* never", true),
            (1, 9, "unterminated comment".into())
        );
        // Only comments: no document in JSONC, an error in JSON.
        assert!(parse("// nothing\n", true).unwrap().root.is_none());
        assert!(parse("  \n", true).unwrap().root.is_none());
        // A lone slash is still an error in JSONC.
        assert_eq!(
            err("[1, /]", true),
            (1, 5, "expected a JSON value, found `/`".into())
        );
        // Still only one trailing comma.
        assert_eq!(
            err("[1,,]", true),
            (1, 4, "expected a JSON value, found `,`".into())
        );
    }

    #[test]
    fn error_messages_and_positions() {
        assert_eq!(err("", false), (1, 1, "empty document".into()));
        assert_eq!(err("\n  \n", false), (3, 1, "empty document".into()));
        assert_eq!(
            err("{\"a\": 1\n \"b\": 2}", false),
            (2, 2, "expected `,` or `}` after an object member".into())
        );
        assert_eq!(
            err("[1 2]", false),
            (1, 4, "expected `,` or `]` after an array element".into())
        );
        assert_eq!(
            err("{\"a\" 1}", false),
            (1, 6, "expected `:` after an object key".into())
        );
        assert_eq!(
            err("{a: 1}", false),
            (
                1,
                2,
                "expected an object key in double quotes, found `a`".into()
            )
        );
        assert_eq!(
            err("{\"a\": \"x}", false),
            (1, 7, "unterminated string".into())
        );
        assert_eq!(
            err("[\"ab\n\"]", false),
            (1, 2, "unterminated string".into())
        );
        assert_eq!(
            err("[\"a\\qb\"]", false),
            (1, 4, "invalid escape `\\q`".into())
        );
        assert_eq!(
            err("[\"\\u12G4\"]", false),
            (
                1,
                3,
                "invalid escape: `\\u` must be followed by four hex digits".into()
            )
        );
        assert_eq!(
            err("[\"a\tb\"]", false),
            (
                1,
                4,
                "control character in string (U+0009 must be written as an escape)".into()
            )
        );
        assert_eq!(
            err("{\"a\": [1,", false),
            (
                1,
                10,
                "unexpected end of input: the `[` on line 1, column 7 is never closed".into()
            )
        );
        assert_eq!(
            err("{\"a\": [1", false),
            (
                1,
                9,
                "unexpected end of input: the `[` on line 1, column 7 is never closed".into()
            )
        );
        assert_eq!(
            err("{\n\"a\": 1", false),
            (
                2,
                7,
                "unexpected end of input: the `{` on line 1, column 1 is never closed".into()
            )
        );
        assert_eq!(
            err("{\"a\":", false).2,
            "unexpected end of input: expected a value"
        );
        assert_eq!(err("[1e999]", false), (1, 2, "number out of range".into()));
        assert_eq!(
            err("[01]", false),
            (1, 2, "invalid number: leading zeros are not allowed".into())
        );
        assert_eq!(
            err("[1.]", false),
            (1, 4, "invalid number: expected a digit after `.`".into())
        );
        assert_eq!(
            err("[1e+]", false),
            (
                1,
                5,
                "invalid number: expected a digit in the exponent".into()
            )
        );
        assert_eq!(
            err("[-x]", false),
            (1, 3, "invalid number: expected a digit".into())
        );
        assert_eq!(
            err("[+1]", false),
            (1, 2, "expected a JSON value, found `+`".into())
        );
        assert_eq!(
            err("[True]", false),
            (1, 2, "invalid literal `True` (strings need double quotes; the literals are `true`, `false` and `null`)".into())
        );
        assert_eq!(
            err("['a']", false),
            (1, 2, "strings must be in double quotes, found `'`".into())
        );
        assert_eq!(
            err("{} x", false),
            (
                1,
                4,
                "unexpected `x` after the end of the JSON value".into()
            )
        );
        assert_eq!(
            err("{\"a\": }", false),
            (1, 7, "expected a JSON value, found `}`".into())
        );
        // Columns count characters.
        assert_eq!(
            err("{\"éé\": 1 2}", false),
            (1, 10, "expected `,` or `}` after an object member".into())
        );
    }

    #[test]
    fn depth_limit_is_an_error_not_a_crash() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok, false).is_ok());
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        let e = parse(&deep, false).unwrap_err();
        assert_eq!(e.message, format!("nesting deeper than {MAX_DEPTH} levels"));
        assert_eq!((e.line, e.column), (1, MAX_DEPTH + 1));
        let huge = "{\"a\":".repeat(100_000);
        assert!(parse(&huge, false)
            .unwrap_err()
            .message
            .starts_with("nesting deeper"));
    }

    #[test]
    fn node_limit() {
        let e = parse_limited("[1, 2, 3, 4]", false, 4).unwrap_err();
        assert_eq!((e.line, e.column), (1, 11));
        assert_eq!(e.message, "document too large (more than 4 nodes)");
        assert!(parse_limited("[1, 2, 3]", false, 4).is_ok());
    }

    #[test]
    fn byte_order_mark_is_skipped() {
        let src = "\u{feff}{\"a\": 1}";
        let r = root(src);
        let (k, _) = r.get_entry("a").unwrap();
        assert_eq!(lc(k.span.start), (1, 2));
        assert_eq!(k.span.start.offset, 4);
        assert_eq!(k.raw(src), "\"a\"");
        assert_eq!(err("\u{feff}", false), (1, 1, "empty document".into()));
    }

    #[test]
    fn duplicate_keys_are_collected() {
        let src = "{\"a\": 1, \"b\": {\"x\": 1, \"x\": 2},\n \"a\": 3}";
        let p = parse(src, false).unwrap();
        let dups: Vec<_> = p
            .duplicate_keys
            .iter()
            .map(|(pos, k)| (pos.line, pos.column, k.as_str()))
            .collect();
        assert_eq!(dups, vec![(1, 24, "x"), (2, 2, "a")]);
        // Both entries are kept in the tree.
        assert_eq!(p.root.unwrap().entries().len(), 3);
    }
}
