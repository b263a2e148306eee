//! A small YAML tree that keeps the position of every node.
//!
//! Built from the event stream of the parser that `serde-saphyr` re-exports, so that
//! mapping keys, scalar values and collections all know their line and column, and so
//! that the raw source text of any node (e.g. a multi-line `run: |` block) can be sliced
//! out to find the true line of something inside it.
//!
//! Aliases are expanded (GitHub Actions accepts anchors), but the total number of nodes
//! is bounded so that an alias bomb (`a: &a [*b, *b, ...]`) fails instead of exhausting
//! memory; nesting depth is bounded too.

use std::collections::HashMap;

use serde_saphyr::granit_parser::{Event, Marker, Parser, ScalarStyle, Span as PSpan};

/// Deepest nesting of collections accepted.
pub const MAX_DEPTH: usize = 200;
/// Most nodes materialised in one document, alias expansions and merges included.
pub const MAX_NODES: usize = 500_000;

/// A position in the source: 1-based line and column (in characters), byte offset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

/// A range of source text, `end` exclusive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

/// How a scalar was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Clone, Debug)]
pub enum Value {
    Scalar { text: String, style: Style },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// One node of the tree with its source span.
#[derive(Clone, Debug)]
pub struct Node {
    pub span: Span,
    pub value: Value,
}

/// Why a text could not be turned into a tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

static NULL_NODE: Node = Node {
    span: Span {
        start: Pos {
            line: 1,
            column: 1,
            offset: 0,
        },
        end: Pos {
            line: 1,
            column: 1,
            offset: 0,
        },
    },
    value: Value::Scalar {
        text: String::new(),
        style: Style::Plain,
    },
};

impl Node {
    /// An empty plain scalar, used for empty documents.
    pub fn null() -> &'static Node {
        &NULL_NODE
    }

    /// The text of a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    pub fn style(&self) -> Option<Style> {
        match &self.value {
            Value::Scalar { style, .. } => Some(*style),
            _ => None,
        }
    }

    /// True for `~`, `null`, an empty plain scalar (e.g. `key:` with nothing after it).
    pub fn is_null(&self) -> bool {
        match &self.value {
            Value::Scalar {
                text,
                style: Style::Plain,
            } => matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"),
            _ => false,
        }
    }

    pub fn is_map(&self) -> bool {
        matches!(self.value, Value::Map(_))
    }

    pub fn entries(&self) -> &[(Node, Node)] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(items) => items,
            _ => &[],
        }
    }

    /// Value of the first entry whose key is the scalar `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.get_entry(key).map(|(_, v)| v)
    }

    /// Key and value of the first entry whose key is the scalar `key`.
    pub fn get_entry(&self, key: &str) -> Option<(&Node, &Node)> {
        self.entries()
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(k, v)| (k, v))
    }

    /// Scalar text of the value at `key`.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Node::as_str)
    }

    /// The source text this node was parsed from (empty if the span is not in `src`).
    pub fn raw<'a>(&self, src: &'a str) -> &'a str {
        src.get(self.span.start.offset..self.span.end.offset)
            .unwrap_or("")
    }

    /// Number of nodes in this subtree.
    pub fn size(&self) -> usize {
        let mut n = 0usize;
        let mut todo: Vec<&Node> = vec![self];
        while let Some(node) = todo.pop() {
            n += 1;
            match &node.value {
                Value::Scalar { .. } => {}
                Value::Seq(items) => todo.extend(items.iter()),
                Value::Map(entries) => {
                    for (k, v) in entries {
                        todo.push(k);
                        todo.push(v);
                    }
                }
            }
        }
        n
    }
}

fn pos(m: &Marker) -> Pos {
    Pos {
        line: m.line().max(1),
        column: m.col() + 1,
        offset: m.byte_offset().unwrap_or(0),
    }
}

fn span(s: &PSpan) -> Span {
    Span {
        start: pos(&s.start),
        end: pos(&s.end),
    }
}

fn style(s: ScalarStyle) -> Style {
    match s {
        ScalarStyle::SingleQuoted => Style::SingleQuoted,
        ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
        ScalarStyle::Literal => Style::Literal,
        ScalarStyle::Folded => Style::Folded,
        _ => Style::Plain,
    }
}

enum Frame {
    Seq {
        start: Span,
        flow: bool,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: Span,
        flow: bool,
        anchor: usize,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
    },
}

struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, usize)>,
    /// One entry per document; `None` for an empty document.
    roots: Vec<Option<Node>>,
    duplicates: Vec<(Pos, String)>,
    nodes: usize,
}

/// Every document of a YAML stream, and the keys that appear twice in one mapping
/// (parsers disagree on which of the two wins, so a duplicate is worth reporting).
#[derive(Debug, Default)]
pub struct Documents {
    pub docs: Vec<Option<Node>>,
    pub duplicate_keys: Vec<(Pos, String)>,
}

fn err_at(p: Pos, message: impl Into<String>) -> YamlError {
    YamlError {
        line: p.line,
        column: p.column,
        message: message.into(),
    }
}

impl Builder {
    fn count(&mut self, n: usize, at: Pos) -> Result<(), YamlError> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > MAX_NODES {
            return Err(err_at(
                at,
                format!("document too large after alias expansion (more than {MAX_NODES} nodes)"),
            ));
        }
        Ok(())
    }

    /// Attach a finished node to its parent (or make it the root). The copy kept for an
    /// anchor counts against the node budget too, so nested anchors cannot multiply memory.
    fn push(&mut self, node: Node, anchor: usize) -> Result<(), YamlError> {
        if anchor != 0 {
            let size = node.size();
            self.count(size, node.span.start)?;
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            None => match self.roots.last_mut() {
                Some(slot @ None) => *slot = Some(node),
                _ => self.roots.push(Some(node)),
            },
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
        Ok(())
    }

    /// Apply `<<` merge keys: entries of the merged mappings that are not already present.
    fn merge(
        &mut self,
        entries: Vec<(Node, Node)>,
        at: Pos,
    ) -> Result<Vec<(Node, Node)>, YamlError> {
        let is_merge = |k: &Node| matches!(&k.value, Value::Scalar { text, style: Style::Plain } if text == "<<");
        if !entries.iter().any(|(k, _)| is_merge(k)) {
            return Ok(entries);
        }
        let mut own: Vec<(Node, Node)> = Vec::with_capacity(entries.len());
        let mut merged: Vec<(Node, Node)> = Vec::new();
        for (k, v) in entries {
            if is_merge(&k) {
                let sources: Vec<&Node> = match &v.value {
                    Value::Map(_) => vec![&v],
                    Value::Seq(items) => items.iter().filter(|n| n.is_map()).collect(),
                    Value::Scalar { .. } => Vec::new(),
                };
                for src in sources {
                    for (mk, mv) in src.entries() {
                        merged.push((mk.clone(), mv.clone()));
                    }
                }
            } else {
                own.push((k, v));
            }
        }
        let extra: usize = merged.iter().map(|(k, v)| k.size() + v.size()).sum();
        self.count(extra, at)?;
        for (mk, mv) in merged {
            let present = own
                .iter()
                .any(|(k, _)| k.as_str().is_some() && k.as_str() == mk.as_str());
            if !present {
                own.push((mk, mv));
            }
        }
        Ok(own)
    }
}

/// Parse the first document of `src` into a tree. `Ok(None)` for an empty document.
/// Later documents are still parsed, so an error anywhere in the stream is reported.
pub fn parse(src: &str) -> Result<Option<Node>, YamlError> {
    Ok(parse_documents(src)?.docs.into_iter().next().flatten())
}

/// Parse every document of `src`. The node budget is shared by the whole stream.
pub fn parse_documents(src: &str) -> Result<Documents, YamlError> {
    let mut b = Builder {
        stack: Vec::new(),
        anchors: HashMap::new(),
        roots: Vec::new(),
        duplicates: Vec::new(),
        nodes: 0,
    };
    let mut last = Pos {
        line: 1,
        column: 1,
        offset: 0,
    };
    for item in Parser::new_from_str(src) {
        let (event, pspan) = match item {
            Ok(x) => x,
            Err(e) => {
                let m = e.marker();
                return Err(YamlError {
                    line: m.line().max(1),
                    column: m.col() + 1,
                    message: e.info().to_string(),
                });
            }
        };
        let sp = span(&pspan);
        last = sp.start;
        match event {
            Event::DocumentStart(..) => {
                b.roots.push(None);
                // Anchors do not cross documents.
                b.anchors.clear();
            }
            Event::Scalar(text, st, anchor, _) => {
                b.count(1, sp.start)?;
                let node = Node {
                    span: sp,
                    value: Value::Scalar {
                        text: text.into_owned(),
                        style: style(st),
                    },
                };
                b.push(node, anchor)?;
            }
            Event::Alias(id) => {
                let Some(size) = b.anchors.get(&id).map(|(_, n)| *n) else {
                    return Err(err_at(sp.start, "alias to an unknown anchor"));
                };
                b.count(size, sp.start)?;
                let Some(node) = b.anchors.get(&id).map(|(t, _)| t.clone()) else {
                    return Err(err_at(sp.start, "alias to an unknown anchor"));
                };
                b.push(node, 0)?;
            }
            Event::SequenceStart(st, anchor, _) => {
                if b.stack.len() >= MAX_DEPTH {
                    return Err(err_at(
                        sp.start,
                        format!("nesting deeper than {MAX_DEPTH} levels"),
                    ));
                }
                b.count(1, sp.start)?;
                b.stack.push(Frame::Seq {
                    start: sp,
                    flow: matches!(st, serde_saphyr::granit_parser::StructureStyle::Flow),
                    anchor,
                    items: Vec::new(),
                });
            }
            Event::MappingStart(st, anchor, _) => {
                if b.stack.len() >= MAX_DEPTH {
                    return Err(err_at(
                        sp.start,
                        format!("nesting deeper than {MAX_DEPTH} levels"),
                    ));
                }
                b.count(1, sp.start)?;
                b.stack.push(Frame::Map {
                    start: sp,
                    flow: matches!(st, serde_saphyr::granit_parser::StructureStyle::Flow),
                    anchor,
                    entries: Vec::new(),
                    key: None,
                });
            }
            Event::SequenceEnd => {
                if let Some(Frame::Seq {
                    start,
                    flow,
                    anchor,
                    items,
                }) = b.stack.pop()
                {
                    let end = if flow {
                        sp.end
                    } else {
                        items.last().map_or(start.end, |n| n.span.end)
                    };
                    let node = Node {
                        span: Span {
                            start: start.start,
                            end,
                        },
                        value: Value::Seq(items),
                    };
                    b.push(node, anchor)?;
                } else {
                    return Err(err_at(sp.start, "unbalanced sequence end"));
                }
            }
            Event::MappingEnd => {
                if let Some(Frame::Map {
                    start,
                    flow,
                    anchor,
                    entries,
                    key,
                }) = b.stack.pop()
                {
                    let mut entries = entries;
                    if let Some(k) = key {
                        // A key without a value: treat the value as null.
                        let null = Node {
                            span: Span {
                                start: k.span.end,
                                end: k.span.end,
                            },
                            value: Value::Scalar {
                                text: String::new(),
                                style: Style::Plain,
                            },
                        };
                        entries.push((k, null));
                    }
                    let end = if flow {
                        sp.end
                    } else {
                        entries.last().map_or(start.end, |(_, v)| v.span.end)
                    };
                    note_duplicates(&entries, &mut b.duplicates);
                    let entries = b.merge(entries, start.start)?;
                    let node = Node {
                        span: Span {
                            start: start.start,
                            end,
                        },
                        value: Value::Map(entries),
                    };
                    b.push(node, anchor)?;
                } else {
                    return Err(err_at(sp.start, "unbalanced mapping end"));
                }
            }
            _ => {}
        }
    }
    if !b.stack.is_empty() {
        return Err(err_at(last, "unexpected end of input"));
    }
    Ok(Documents {
        docs: b.roots,
        duplicate_keys: b.duplicates,
    })
}

fn note_duplicates(entries: &[(Node, Node)], out: &mut Vec<(Pos, String)>) {
    if entries.len() < 2 {
        return;
    }
    let mut seen = std::collections::HashSet::new();
    for (k, _) in entries {
        if let Some(key) = k.as_str() {
            if key != "<<" && !seen.insert(key) {
                out.push((k.span.start, key.to_string()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(src: &str) -> Node {
        parse(src).expect("parses").expect("has a root")
    }

    #[test]
    fn block_mapping_positions() {
        let src = "name: CI\non:\n  push:\n    branches: [main]\njobs:\n  build:\n    runs-on: ubuntu-latest\n";
        let root = tree(src);
        let (k, v) = root.get_entry("jobs").unwrap();
        assert_eq!((k.span.start.line, k.span.start.column), (5, 1));
        let (bk, bv) = v.get_entry("build").unwrap();
        assert_eq!((bk.span.start.line, bk.span.start.column), (6, 3));
        let ro = bv.get("runs-on").unwrap();
        assert_eq!(ro.as_str(), Some("ubuntu-latest"));
        assert_eq!((ro.span.start.line, ro.span.start.column), (7, 14));
        assert_eq!(ro.raw(src), "ubuntu-latest");
        let branches = root
            .get("on")
            .unwrap()
            .get("push")
            .unwrap()
            .get("branches")
            .unwrap();
        assert_eq!(branches.items()[0].as_str(), Some("main"));
        assert_eq!(branches.items()[0].span.start.line, 4);
        assert_eq!(branches.items()[0].span.start.column, 16);
    }

    #[test]
    fn every_document_and_duplicate_keys() {
        let src = "a: 1\n---\n---\nkind: Pod\nkind: Service\n";
        let parsed = parse_documents(src).unwrap();
        assert_eq!(parsed.docs.len(), 3);
        assert!(parsed.docs[1].as_ref().is_none_or(|n| n.is_null()));
        let third = parsed.docs[2].as_ref().unwrap();
        assert_eq!(third.span.start.line, 4);
        assert_eq!(parsed.duplicate_keys.len(), 1);
        assert_eq!(parsed.duplicate_keys[0].0.line, 5);
        assert_eq!(parsed.duplicate_keys[0].1, "kind");
        assert!(parse("").unwrap().is_none());
    }

    #[test]
    fn flow_positions() {
        let src = "a: {b: 1, c: [x, \"y\"]}\n";
        let root = tree(src);
        let a = root.get("a").unwrap();
        let (ck, cv) = a.get_entry("c").unwrap();
        assert_eq!((ck.span.start.line, ck.span.start.column), (1, 11));
        assert_eq!(cv.items()[1].as_str(), Some("y"));
        assert_eq!(cv.items()[1].style(), Some(Style::DoubleQuoted));
        assert_eq!(cv.items()[1].span.start.column, 18);
        assert_eq!(a.raw(src), "{b: 1, c: [x, \"y\"]}");
    }

    #[test]
    fn literal_block_lines() {
        let src = "steps:\n  - run: |\n      echo one\n\n      echo two\n  - run: >\n      folded\n      text\n";
        let root = tree(src);
        let steps = root.get("steps").unwrap().items();
        let run = steps[0].get("run").unwrap();
        assert_eq!(run.style(), Some(Style::Literal));
        assert_eq!(run.as_str(), Some("echo one\n\necho two\n"));
        let raw = run.raw(src);
        let idx = raw.find("echo two").unwrap();
        let line = run.span.start.line + raw[..idx].matches('\n').count();
        assert_eq!(line, 5);
        let folded = steps[1].get("run").unwrap();
        assert_eq!(folded.style(), Some(Style::Folded));
        assert_eq!(folded.as_str(), Some("folded text\n"));
        let raw = folded.raw(src);
        let idx = raw.find("text").unwrap();
        assert_eq!(folded.span.start.line + raw[..idx].matches('\n').count(), 8);
    }

    #[test]
    fn empty_value_is_null() {
        let root = tree("a:\nb: ~\nc: ''\n");
        assert!(root.get("a").unwrap().is_null());
        assert!(root.get("b").unwrap().is_null());
        assert!(!root.get("c").unwrap().is_null());
    }

    #[test]
    fn anchors_and_merge() {
        let root = tree("x: &e {A: 1, B: 2}\ny: *e\nz:\n  <<: *e\n  B: 3\n");
        assert_eq!(root.get("y").unwrap().get_str("A"), Some("1"));
        let z = root.get("z").unwrap();
        assert_eq!(z.get_str("A"), Some("1"));
        assert_eq!(z.get_str("B"), Some("3"));
        // The alias keeps the position of its definition.
        assert_eq!(root.get("y").unwrap().span.start.line, 1);
    }

    #[test]
    fn alias_bomb_is_bounded() {
        let mut src = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            src.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let e = parse(&src).unwrap_err();
        assert!(e.message.contains("too large"), "{}", e.message);
    }

    #[test]
    fn nested_anchors_are_bounded() {
        // Each level is anchored: keeping a copy per anchor must not escape the budget.
        let mut src = String::from("x: &x0 [");
        src.push_str(&"a, ".repeat(20_000));
        src.push_str("]\n");
        let mut inner = String::from("*x0");
        for i in 1..150 {
            inner = format!("&x{i} [{inner}]");
        }
        src.push_str(&format!("y: {inner}\n"));
        assert!(parse(&src).is_err());
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let src = format!("{}{}", "[".repeat(1000), "]".repeat(1000));
        let e = parse(&src).unwrap_err();
        assert!(
            e.message.contains("nesting") || e.message.contains("recursion"),
            "{}",
            e.message
        );
        // Our own bound applies below the parser's.
        let src = format!("{}{}", "[".repeat(MAX_DEPTH + 5), "]".repeat(MAX_DEPTH + 5));
        assert!(parse(&src).is_err());
        let src = format!("{}{}", "[".repeat(50), "]".repeat(50));
        assert!(parse(&src).is_ok());
    }

    #[test]
    fn syntax_error_position() {
        let e = parse("a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        assert!(e.line >= 2, "{e:?}");
        let e = parse("a: 'unterminated\n").unwrap_err();
        assert_eq!(e.line, 2);
        let e = parse("key: value\n  bad: indent\n").unwrap_err();
        assert_eq!(e.line, 2, "{e:?}");
    }

    #[test]
    fn empty_document() {
        assert!(parse("").unwrap().is_none());
        assert!(parse("# only a comment\n").unwrap().is_none());
    }

    #[test]
    fn unicode_columns_and_offsets() {
        let src = "é: \"ü ${{ x }}\"\n";
        let root = tree(src);
        let v = root.get("é").unwrap();
        assert_eq!(v.span.start.column, 4);
        assert_eq!(v.raw(src), "\"ü ${{ x }}\"");
    }
}
