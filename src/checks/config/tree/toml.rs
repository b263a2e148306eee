//! TOML into the positioned [`Node`] tree, through `toml_edit`'s span-keeping parser.
//!
//! Every table (root, `[header]`, implicit parents of `[a.b]` and of dotted keys,
//! `[[array]]` elements, inline tables) becomes a `Map`; arrays and arrays of tables become
//! `Seq`s. Scalars:
//! - strings: `DoubleQuoted` with their value;
//! - integers and booleans: `Plain`, in canonical decimal text (`0xff`, `1_000` are
//!   rewritten `255`, `1000`) so that the YAML 1.2 core schema reads the same number;
//! - floats: `Plain` in Rust's round-trip notation (`1000.0`, `1e300`); `inf`, `-inf`
//!   and `nan` stay as that plain text, which the core schema reads as a string;
//! - date-times: `SingleQuoted` with their TOML text.
//!
//! A table with no span of its own (an implicit parent, a dotted-key table) spans its
//! children; its key node points at the header or dotted key that created it. TOML forbids
//! duplicate keys, so [`Parsed::duplicate_keys`] is always empty (they are parse errors).

use toml_edit::{ImDocument, InlineTable, Item, Table, Value as TValue};

use super::{LineIndex, Parsed};
use crate::checks::config::yaml::{Node, Span, Style, Value, YamlError, MAX_DEPTH};

/// Parse a TOML document. An empty document is an empty table.
pub fn parse(src: &str) -> Result<Parsed, YamlError> {
    let idx = LineIndex::new(src);
    let doc = ImDocument::parse(src).map_err(|e| {
        let p = idx.pos(e.span().map_or(0, |s| s.start));
        YamlError {
            line: p.line,
            column: p.column,
            message: clean_message(e.message()),
        }
    })?;
    let b = Builder { idx: &idx };
    let whole = Span {
        start: idx.pos(0),
        end: idx.pos(src.len()),
    };
    let mut root = b.table(doc.as_table(), whole, 0)?;
    root.span = whole;
    Ok(Parsed {
        root: Some(root),
        duplicate_keys: Vec::new(),
    })
}

/// toml_edit's message on one line: `invalid table header; expected `.`, `]``.
fn clean_message(message: &str) -> String {
    let parts: Vec<&str> = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if parts.is_empty() {
        return "invalid TOML".to_string();
    }
    parts.join("; ")
}

struct Builder<'a> {
    idx: &'a LineIndex<'a>,
}

fn too_deep(at: Span) -> YamlError {
    YamlError {
        line: at.start.line,
        column: at.start.column,
        message: format!("nesting deeper than {MAX_DEPTH} levels"),
    }
}

/// The smallest span covering `nodes`, or `fallback` when there are none.
fn cover<'n>(nodes: impl Iterator<Item = &'n Node>, fallback: Span) -> Span {
    let mut out: Option<Span> = None;
    for n in nodes {
        out = Some(match out {
            None => n.span,
            Some(s) => Span {
                start: if n.span.start.offset < s.start.offset {
                    n.span.start
                } else {
                    s.start
                },
                end: if n.span.end.offset > s.end.offset {
                    n.span.end
                } else {
                    s.end
                },
            },
        });
    }
    out.unwrap_or(fallback)
}

impl Builder<'_> {
    fn span(&self, range: Option<std::ops::Range<usize>>, fallback: Span) -> Span {
        match range {
            Some(r) => Span {
                start: self.idx.pos(r.start),
                end: self.idx.pos(r.end),
            },
            None => fallback,
        }
    }

    fn key_node(&self, text: &str, range: Option<std::ops::Range<usize>>, fallback: Span) -> Node {
        Node {
            span: self.span(range, fallback),
            value: Value::Scalar {
                text: text.to_string(),
                style: Style::DoubleQuoted,
            },
        }
    }

    /// `at` is the span of the key that names this table (used when it has none itself).
    fn table(&self, t: &Table, at: Span, depth: usize) -> Result<Node, YamlError> {
        if depth > MAX_DEPTH {
            return Err(too_deep(at));
        }
        let own = t.span().map(|_| self.span(t.span(), at));
        let mut entries = Vec::new();
        for (k, item) in t.iter() {
            let key = self.key_node(k, t.key(k).and_then(|k| k.span()), own.unwrap_or(at));
            let value = self.item(item, key.span, depth + 1)?;
            entries.push((key, value));
        }
        let span = match own {
            Some(s) => s,
            None => cover(entries.iter().flat_map(|(k, v)| [k, v]), at),
        };
        Ok(Node {
            span,
            value: Value::Map(entries),
        })
    }

    fn item(&self, item: &Item, at: Span, depth: usize) -> Result<Node, YamlError> {
        match item {
            Item::Value(v) => self.value(v, at, depth),
            Item::Table(t) => self.table(t, at, depth),
            Item::ArrayOfTables(a) => {
                if depth > MAX_DEPTH {
                    return Err(too_deep(at));
                }
                let mut items = Vec::with_capacity(a.len());
                for t in a.iter() {
                    items.push(self.table(t, at, depth + 1)?);
                }
                let span = match a.span() {
                    Some(r) => self.span(Some(r), at),
                    None => cover(items.iter(), at),
                };
                Ok(Node {
                    span,
                    value: Value::Seq(items),
                })
            }
            Item::None => Ok(Node {
                span: at,
                value: Value::Scalar {
                    text: String::new(),
                    style: Style::Plain,
                },
            }),
        }
    }

    fn inline_table(&self, t: &InlineTable, at: Span, depth: usize) -> Result<Node, YamlError> {
        if depth > MAX_DEPTH {
            return Err(too_deep(at));
        }
        let own = t.span().map(|_| self.span(t.span(), at));
        let mut entries = Vec::new();
        for (k, v) in t.iter() {
            let key = self.key_node(k, t.key(k).and_then(|k| k.span()), own.unwrap_or(at));
            let value = self.value(v, key.span, depth + 1)?;
            entries.push((key, value));
        }
        let span = match own {
            Some(s) => s,
            None => cover(entries.iter().flat_map(|(k, v)| [k, v]), at),
        };
        Ok(Node {
            span,
            value: Value::Map(entries),
        })
    }

    fn value(&self, v: &TValue, at: Span, depth: usize) -> Result<Node, YamlError> {
        let span = self.span(v.span(), at);
        let (text, style) = match v {
            TValue::String(s) => (s.value().clone(), Style::DoubleQuoted),
            TValue::Integer(i) => (i.value().to_string(), Style::Plain),
            TValue::Float(f) => {
                let x = *f.value();
                let text = if x.is_nan() {
                    "nan".to_string()
                } else if x.is_infinite() {
                    if x > 0.0 { "inf" } else { "-inf" }.to_string()
                } else {
                    format!("{x:?}")
                };
                (text, Style::Plain)
            }
            TValue::Boolean(b) => (b.value().to_string(), Style::Plain),
            TValue::Datetime(d) => (d.value().to_string(), Style::SingleQuoted),
            TValue::Array(a) => {
                if depth > MAX_DEPTH {
                    return Err(too_deep(span));
                }
                let mut items = Vec::with_capacity(a.len());
                for item in a.iter() {
                    items.push(self.value(item, span, depth + 1)?);
                }
                return Ok(Node {
                    span,
                    value: Value::Seq(items),
                });
            }
            TValue::InlineTable(t) => return self.inline_table(t, at, depth),
        };
        Ok(Node {
            span,
            value: Value::Scalar { text, style },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::config::yaml::Pos;

    fn root(src: &str) -> Node {
        parse(src).unwrap().root.unwrap()
    }

    fn lc(p: Pos) -> (usize, usize) {
        (p.line, p.column)
    }

    #[test]
    fn tables_and_dotted_keys() {
        let src = "title = \"t\"\nsite.owner.name = \"me\"\n\n[server]\nhost = \"h\"\nport = 8080\n\n[x.y]\nz = true\n";
        let r = root(src);
        assert_eq!(lc(r.span.start), (1, 1));
        let (k, v) = r.get_entry("title").unwrap();
        assert_eq!((lc(k.span.start), lc(v.span.start)), ((1, 1), (1, 9)));
        assert_eq!(v.style(), Some(Style::DoubleQuoted));
        assert_eq!(v.raw(src), "\"t\"");
        // Dotted keys nest; each key node points at its part of the dotted key.
        let (sk, site) = r.get_entry("site").unwrap();
        assert_eq!(lc(sk.span.start), (2, 1));
        let (ok, owner) = site.get_entry("owner").unwrap();
        assert_eq!(lc(ok.span.start), (2, 6));
        let (nk, name) = owner.get_entry("name").unwrap();
        assert_eq!(lc(nk.span.start), (2, 12));
        assert_eq!(lc(name.span.start), (2, 19));
        assert_eq!(name.as_str(), Some("me"));
        assert_eq!(lc(site.span.start), (2, 6));
        // A [table] header.
        let (hk, server) = r.get_entry("server").unwrap();
        assert_eq!(lc(hk.span.start), (4, 2));
        assert_eq!(lc(server.span.start), (4, 1));
        assert_eq!(lc(server.span.end), (6, 12));
        let port = server.get("port").unwrap();
        assert_eq!(
            (port.as_str(), port.style()),
            (Some("8080"), Some(Style::Plain))
        );
        assert_eq!(lc(port.span.start), (6, 8));
        // [x.y]: the implicit `x` points at the header.
        let (xk, x) = r.get_entry("x").unwrap();
        assert_eq!(lc(xk.span.start), (8, 2));
        let (yk, y) = x.get_entry("y").unwrap();
        assert_eq!(lc(yk.span.start), (8, 4));
        assert_eq!(lc(y.span.start), (8, 1));
        assert_eq!(y.get_str("z"), Some("true"));
        assert_eq!(lc(y.get("z").unwrap().span.start), (9, 5));
    }

    #[test]
    fn arrays_of_tables() {
        let src = "[[bin]]\nname = \"a\"\n\n[[bin]]\nname = \"b\"\npath = \"src/b.rs\"\n";
        let r = root(src);
        let (k, bins) = r.get_entry("bin").unwrap();
        assert_eq!(lc(k.span.start), (1, 3));
        let items = bins.items();
        assert_eq!(items.len(), 2);
        assert_eq!(lc(items[1].span.start), (4, 1));
        assert_eq!(lc(items[1].span.end), (6, 18));
        let (nk, nv) = items[1].get_entry("name").unwrap();
        assert_eq!((lc(nk.span.start), lc(nv.span.start)), ((5, 1), (5, 8)));
        assert_eq!(nv.as_str(), Some("b"));
        assert_eq!(lc(bins.span.start), (1, 1));
        assert_eq!(lc(bins.span.end), (6, 18));
        // A sub-table of the last element.
        let r = root("[[a]]\nx = 1\n[[a]]\n[a.b]\ny = 2\n");
        let second = &r.get("a").unwrap().items()[1];
        assert_eq!(
            lc(second.get("b").unwrap().get("y").unwrap().span.start),
            (5, 5)
        );
    }

    #[test]
    fn inline_tables_arrays_and_scalars() {
        let src = "dep = { version = \"1\", features = [\"a\", \"b\"], opt.x = 0x1F }\nf = 1_000.5\ni = 1_000\ninf = -inf\nnan = nan\nexp = 1e3\nb = false\nlit = 'C:\\x'\n";
        let r = root(src);
        let dep = r.get("dep").unwrap();
        assert_eq!(lc(dep.span.start), (1, 7));
        assert_eq!(lc(dep.span.end), (1, 61));
        let (vk, vv) = dep.get_entry("version").unwrap();
        assert_eq!((lc(vk.span.start), lc(vv.span.start)), ((1, 9), (1, 19)));
        let features = dep.get("features").unwrap().items();
        assert_eq!(lc(features[1].span.start), (1, 41));
        assert_eq!(features[1].as_str(), Some("b"));
        let opt = dep.get("opt").unwrap();
        assert_eq!(opt.get_str("x"), Some("31"));
        assert_eq!(lc(opt.get("x").unwrap().span.start), (1, 55));
        assert_eq!(r.get_str("f"), Some("1000.5"));
        assert_eq!(r.get_str("i"), Some("1000"));
        assert_eq!(r.get_str("inf"), Some("-inf"));
        assert_eq!(r.get_str("nan"), Some("nan"));
        assert_eq!(r.get_str("exp"), Some("1000.0"));
        assert_eq!(r.get_str("b"), Some("false"));
        assert_eq!(r.get("b").unwrap().style(), Some(Style::Plain));
        assert_eq!(r.get_str("lit"), Some("C:\\x"));
        assert_eq!(r.get("lit").unwrap().style(), Some(Style::DoubleQuoted));
    }

    #[test]
    fn datetimes_are_single_quoted_strings() {
        let src = "odt = 1979-05-27T07:32:00Z\nld = 1979-05-27\nlt = 07:32:00\n";
        let r = root(src);
        let odt = r.get("odt").unwrap();
        assert_eq!(odt.as_str(), Some("1979-05-27T07:32:00Z"));
        assert_eq!(odt.style(), Some(Style::SingleQuoted));
        assert_eq!(lc(odt.span.start), (1, 7));
        assert_eq!(r.get_str("ld"), Some("1979-05-27"));
        assert_eq!(r.get_str("lt"), Some("07:32:00"));
    }

    #[test]
    fn errors_have_positions() {
        let e = parse("a = 1\n[server\nport = 1\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 8));
        assert_eq!(e.message, "invalid table header; expected `.`, `]`");
        let e = parse("a = 1\nb = 2\na = 3\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 1));
        assert_eq!(e.message, "duplicate key `a` in document root");
        let e = parse("name = \"é\" x\n").unwrap_err();
        assert_eq!((e.line, e.column), (1, 12));
        assert_eq!(e.message, "expected newline, `#`");
        let e = parse("a = \n").unwrap_err();
        assert_eq!((e.line, e.column), (1, 5));
        assert_eq!(e.message, "invalid string; expected `\"`, `'`");
        let e = parse("a = ").unwrap_err();
        assert_eq!((e.line, e.column), (1, 5));
        assert_eq!(e.message, "invalid TOML");
    }

    #[test]
    fn empty_document_and_bom() {
        let r = root("");
        assert!(r.entries().is_empty());
        let r = root("# just a comment\n");
        assert!(r.entries().is_empty());
        let src = "\u{feff}a = 1\n";
        let r = root(src);
        let (k, v) = r.get_entry("a").unwrap();
        assert_eq!(lc(k.span.start), (1, 1));
        assert_eq!(k.span.start.offset, 3);
        assert_eq!(lc(v.span.start), (1, 5));
        assert!(parse(src).unwrap().duplicate_keys.is_empty());
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let ok = format!("[{}]\nv = 1\n", vec!["k"; 50].join("."));
        assert!(parse(&ok).is_ok());
        // toml_edit bounds each header, dotted key and inline value on its own...
        let deep = format!("[{}]\nv = 1\n", vec!["k"; 1000].join("."));
        assert!(parse(&deep).is_err());
        let inline = format!("a = {}1{}\n", "[".repeat(500), "]".repeat(500));
        assert!(parse(&inline).is_err());
        // ...but together they can go deeper than MAX_DEPTH: our own bound applies.
        let k70 = vec!["k"; 70].join(".");
        let combined = format!("[{k70}]\n{k70} = {}1{}\n", "[".repeat(70), "]".repeat(70));
        let e = parse(&combined).unwrap_err();
        assert_eq!(e.message, format!("nesting deeper than {MAX_DEPTH} levels"));
        assert_eq!(e.line, 2);
    }
}
