//! `.env` files into the positioned [`Node`] tree: one `Map` of `KEY` → value.
//!
//! Accepted lines: blank lines, `# comments`, `KEY=value`, `export KEY=value`, spaces
//! around `=`, `KEY="double quoted"` (escapes `\n`, `\r`, `\t`, `\"`, `\\`, `\$`; may span
//! lines), `KEY='single quoted'` (literal; may span lines), unquoted values ending at
//! ` # comment`, CRLF line ends. Every value is a string: `SingleQuoted` when written in
//! single quotes, `DoubleQuoted` otherwise (convert with `Mode::Strings`).
//!
//! Problems do not stop the parse; they are returned as [`EnvIssue`]s. A repeated key
//! keeps both entries in the map (the converter and `locate` take the last, as dotenv
//! loaders do) and is reported.

use std::collections::HashMap;

use super::LineIndex;
use crate::checks::config::yaml::{Node, Span, Style, Value};

/// A line that could not be read as intended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvIssue {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

fn is_valid_name(key: &str) -> bool {
    let mut chars = key.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// End of the line that starts at or contains `from`: the offset of its `\n` (or the end).
fn line_end(src: &str, from: usize) -> usize {
    src[from..].find('\n').map_or(src.len(), |i| from + i)
}

/// Parse a `.env` file into a `Map` node and the problems found.
pub fn parse(src: &str) -> (Node, Vec<EnvIssue>) {
    let idx = LineIndex::new(src);
    let mut issues = Vec::new();
    let mut entries: Vec<(Node, Node)> = Vec::new();
    // key -> (line first set, times set)
    let mut seen: HashMap<String, (usize, usize)> = HashMap::new();
    let issue = |issues: &mut Vec<EnvIssue>, at: usize, message: String| {
        let p = idx.pos(at);
        issues.push(EnvIssue {
            line: p.line,
            column: p.column,
            message,
        });
    };
    let span = |a: usize, b: usize| Span {
        start: idx.pos(a),
        end: idx.pos(b),
    };

    let mut i = if src.starts_with('\u{feff}') { 3 } else { 0 };
    while i < src.len() {
        let end = line_end(src, i);
        let next_line = (end + 1).min(src.len());
        let line = src[i..end].trim_end_matches('\r');
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let body = &line[indent..];
        let body_at = i + indent;
        let line_no = idx.pos(i).line;
        if body.is_empty() || body.starts_with('#') {
            i = next_line;
            continue;
        }
        let mut stmt = body;
        let mut stmt_at = body_at;
        if let Some(rest) = body.strip_prefix("export") {
            if rest.starts_with([' ', '\t']) {
                let trimmed = rest.trim_start_matches([' ', '\t']);
                stmt_at += body.len() - trimmed.len();
                stmt = trimmed;
            }
        }
        let Some(eq) = stmt.find('=') else {
            issue(
                &mut issues,
                body_at,
                format!("line {line_no} is not KEY=value"),
            );
            i = next_line;
            continue;
        };
        let key = stmt[..eq].trim_end_matches([' ', '\t']);
        if key.is_empty() {
            issue(
                &mut issues,
                body_at,
                format!("line {line_no} is not KEY=value"),
            );
            i = next_line;
            continue;
        }
        if !is_valid_name(key) {
            issue(
                &mut issues,
                stmt_at,
                format!(
                    "invalid key name `{key}` (use letters, digits and `_`, not starting with a digit)"
                ),
            );
        }
        match seen.get_mut(key) {
            None => {
                seen.insert(key.to_string(), (line_no, 1));
            }
            Some((first, times)) => {
                *times += 1;
                let how = if *times == 2 { "twice" } else { "again" };
                let first = *first;
                issue(
                    &mut issues,
                    stmt_at,
                    format!("`{key}` is set {how} (first on line {first})"),
                );
            }
        }
        let key_node = Node {
            span: span(stmt_at, stmt_at + key.len()),
            value: Value::Scalar {
                text: key.to_string(),
                style: Style::DoubleQuoted,
            },
        };

        let after_eq = stmt_at + eq + 1;
        let raw = &src[after_eq..end];
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let lead = raw.len() - raw.trim_start_matches([' ', '\t']).len();
        let v_at = after_eq + lead;
        let first = raw[lead..].chars().next();

        let (value_node, resume) = match first {
            Some(q @ ('"' | '\'')) => match quoted(src, v_at, q) {
                Some((text, close)) => {
                    // After the closing quote: only blanks and a comment.
                    let close_end = line_end(src, close);
                    let tail = src[close..close_end].trim_end_matches('\r');
                    let tail_trim = tail.trim_start_matches([' ', '\t']);
                    if !tail_trim.is_empty() && !tail_trim.starts_with('#') {
                        issue(
                            &mut issues,
                            close + (tail.len() - tail_trim.len()),
                            "unexpected text after the closing quote".to_string(),
                        );
                    }
                    let style = if q == '"' {
                        Style::DoubleQuoted
                    } else {
                        Style::SingleQuoted
                    };
                    let node = Node {
                        span: span(v_at, close),
                        value: Value::Scalar { text, style },
                    };
                    (node, (close_end + 1).min(src.len()))
                }
                None => {
                    let kind = if q == '"' { "double" } else { "single" };
                    issue(
                        &mut issues,
                        v_at,
                        format!("unterminated {kind}-quoted value"),
                    );
                    // Keep what is on this line and go on with the next one.
                    let text = raw[lead + 1..].to_string();
                    let style = if q == '"' {
                        Style::DoubleQuoted
                    } else {
                        Style::SingleQuoted
                    };
                    let node = Node {
                        span: span(v_at, after_eq + raw.len()),
                        value: Value::Scalar { text, style },
                    };
                    (node, next_line)
                }
            },
            _ => {
                let value = &raw[lead..];
                // A comment starts at a `#` that follows a blank.
                let cut = value
                    .char_indices()
                    .find(|&(j, c)| c == '#' && j > 0 && value[..j].ends_with([' ', '\t']))
                    .map_or(value.len(), |(j, _)| j);
                let value = value[..cut].trim_end_matches([' ', '\t']);
                let node = Node {
                    span: span(v_at, v_at + value.len()),
                    value: Value::Scalar {
                        text: value.to_string(),
                        style: Style::DoubleQuoted,
                    },
                };
                (node, next_line)
            }
        };
        entries.push((key_node, value_node));
        i = resume.max(next_line);
    }
    let root = Node {
        span: span(0, src.len()),
        value: Value::Map(entries),
    };
    (root, issues)
}

/// The value of a quoted string starting at `at` (the quote), and the offset just past
/// its closing quote; `None` when it is never closed.
fn quoted(src: &str, at: usize, q: char) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut chars = src[at + 1..].char_indices().peekable();
    while let Some((j, c)) = chars.next() {
        match c {
            c if c == q => return Some((out, at + 1 + j + 1)),
            '\\' if q == '"' => match chars.peek().map(|&(_, e)| e) {
                Some(e @ ('n' | 'r' | 't' | '"' | '\\' | '$')) => {
                    chars.next();
                    out.push(match e {
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        other => other,
                    });
                }
                _ => out.push('\\'),
            },
            '\r' if chars.peek().map(|&(_, e)| e) == Some('\n') => {}
            c => out.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::config::yaml::Pos;

    fn lc(p: Pos) -> (usize, usize) {
        (p.line, p.column)
    }

    fn clean(src: &str) -> Node {
        let (root, issues) = parse(src);
        assert!(issues.is_empty(), "{issues:?}");
        root
    }

    #[test]
    fn every_syntax() {
        let src = concat!(
            "# comment\n",
            "\n",
            "PLAIN=value\n",
            "export EXPORTED=yes\n",
            "  SPACED = padded value   # trailing comment\n",
            "DQ=\"line\\nnext \\\"q\\\" \\$HOME \\x\"\n",
            "SQ='single \\n $kept'\n",
            "MULTI=\"first\n",
            "second\"\n",
            "EMPTY=\n",
            "HASH=a#b\n",
            "URL=http://x/#frag # note\n",
            "QC=\"quoted\" # comment\n",
            "ÜBER=x\n",
        );
        let (r, issues) = parse(src);
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert_eq!(
            issues[0].message,
            "invalid key name `ÜBER` (use letters, digits and `_`, not starting with a digit)"
        );
        assert_eq!((issues[0].line, issues[0].column), (14, 1));
        let (k, v) = r.get_entry("PLAIN").unwrap();
        assert_eq!((lc(k.span.start), lc(k.span.end)), ((3, 1), (3, 6)));
        assert_eq!((lc(v.span.start), lc(v.span.end)), ((3, 7), (3, 12)));
        assert_eq!(v.style(), Some(Style::DoubleQuoted));
        let (k, v) = r.get_entry("EXPORTED").unwrap();
        assert_eq!(lc(k.span.start), (4, 8));
        assert_eq!(v.as_str(), Some("yes"));
        let (k, v) = r.get_entry("SPACED").unwrap();
        assert_eq!(lc(k.span.start), (5, 3));
        assert_eq!(v.as_str(), Some("padded value"));
        assert_eq!(lc(v.span.start), (5, 12));
        assert_eq!(v.raw(src), "padded value");
        let v = r.get("DQ").unwrap();
        assert_eq!(v.as_str(), Some("line\nnext \"q\" $HOME \\x"));
        assert_eq!(v.style(), Some(Style::DoubleQuoted));
        assert_eq!(lc(v.span.start), (6, 4));
        let v = r.get("SQ").unwrap();
        assert_eq!(v.as_str(), Some("single \\n $kept"));
        assert_eq!(v.style(), Some(Style::SingleQuoted));
        let v = r.get("MULTI").unwrap();
        assert_eq!(v.as_str(), Some("first\nsecond"));
        assert_eq!((lc(v.span.start), lc(v.span.end)), ((8, 7), (9, 8)));
        let v = r.get("EMPTY").unwrap();
        assert_eq!(v.as_str(), Some(""));
        assert_eq!((lc(v.span.start), lc(v.span.end)), ((10, 7), (10, 7)));
        assert_eq!(r.get_str("HASH"), Some("a#b"));
        assert_eq!(r.get_str("URL"), Some("http://x/#frag"));
        assert_eq!(r.get_str("QC"), Some("quoted"));
        assert_eq!(r.get_str("ÜBER"), Some("x"));
        assert_eq!(r.entries().len(), 11);
    }

    #[test]
    fn crlf_line_ends() {
        let src = "A=1\r\nB=\"two\r\nlines\"\r\nC='c' \r\n\r\nD=d # x\r\n";
        let r = clean(src);
        assert_eq!(r.get_str("A"), Some("1"));
        assert_eq!(r.get("A").unwrap().raw(src), "1");
        assert_eq!(r.get_str("B"), Some("two\nlines"));
        assert_eq!(r.get_str("C"), Some("c"));
        assert_eq!(r.get_str("D"), Some("d"));
        assert_eq!(lc(r.get_entry("D").unwrap().0.span.start), (6, 1));
        assert_eq!(lc(r.get_entry("C").unwrap().0.span.start), (4, 1));
    }

    #[test]
    fn issues() {
        let src = concat!(
            "API_URL=a\n",  // 1
            "API_URL=b\n",  // 2
            "just words\n", // 3
            "  =novalue\n", // 4
            "1BAD=x\n",     // 5
            "Q=\"open\n",   // 6
            "AFTER=ok\n",   // 7
            "S='x' tail\n", // 8
            "API_URL=c\n",  // 9
            "export\n",     // 10
        );
        let (r, issues) = parse(src);
        let got: Vec<(usize, usize, &str)> = issues
            .iter()
            .map(|i| (i.line, i.column, i.message.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (2, 1, "`API_URL` is set twice (first on line 1)"),
                (3, 1, "line 3 is not KEY=value"),
                (4, 3, "line 4 is not KEY=value"),
                (5, 1, "invalid key name `1BAD` (use letters, digits and `_`, not starting with a digit)"),
                (6, 3, "unterminated double-quoted value"),
                (8, 7, "unexpected text after the closing quote"),
                (9, 1, "`API_URL` is set again (first on line 1)"),
                (10, 1, "line 10 is not KEY=value"),
            ]
        );
        // An unterminated quote keeps its line and does not swallow the next ones.
        assert_eq!(r.get_str("Q"), Some("open"));
        assert_eq!(r.get_str("AFTER"), Some("ok"));
        assert_eq!(lc(r.get_entry("AFTER").unwrap().0.span.start), (7, 1));
        // Repeated keys stay in the map; `get` sees the first, conversion takes the last.
        assert_eq!(
            r.entries()
                .iter()
                .filter(|(k, _)| k.as_str() == Some("API_URL"))
                .count(),
            3
        );
        let unterminated = parse("K='never closed\n").1;
        assert_eq!(unterminated[0].message, "unterminated single-quoted value");
    }

    #[test]
    fn empty_and_bom() {
        let (r, issues) = parse("");
        assert!(r.entries().is_empty() && issues.is_empty());
        let r = clean("\u{feff}A=1\n");
        assert_eq!(lc(r.get_entry("A").unwrap().0.span.start), (1, 1));
        let r = clean("# only\n\n   \n");
        assert!(r.entries().is_empty());
    }
}
