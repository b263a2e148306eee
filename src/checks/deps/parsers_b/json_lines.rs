//! Line numbers for JSON: serde_json gives values but no positions, so one pass over the text
//! notes the line of each object key the caller picks, in file order. The parsers read the
//! same mappings in file order (see [`super::util::Pairs`]) and take the lines in step.

/// One step of the path from the document's root to an object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Seg<'a> {
    /// The value of this key (as written between the quotes, escapes untouched).
    Key(&'a str),
    /// An element of an array.
    Index,
}

/// One key the caller picked: its text as written (without quotes) and its 1-based line.
pub(crate) type KeyLine<'a> = (&'a str, usize);

/// Scan `text` (valid JSON: run it after serde_json has accepted the text) once, and call
/// `pick(path, key)` for every object key, where `path` leads to the object that holds the
/// key. A key for which `pick` returns `Some(b)` is noted in bucket `b` (`b < buckets`), so a
/// parser can read several mappings whose order in the file it does not know.
pub(crate) fn key_lines<'a>(
    text: &'a str,
    buckets: usize,
    mut pick: impl FnMut(&[Seg<'a>], &'a str) -> Option<usize>,
) -> Vec<Vec<KeyLine<'a>>> {
    let mut out: Vec<Vec<KeyLine<'a>>> = vec![Vec::new(); buckets];
    let b = text.as_bytes();
    let mut i = 0;
    let mut line = 1;
    let mut path: Vec<Seg<'a>> = Vec::new();
    // Open containers: is it an object, and its key being read.
    let mut stack: Vec<(bool, &'a str)> = Vec::new();
    let mut expect_key = false;
    while i < b.len() {
        match b[i] {
            b'\n' => {
                line += 1;
                i += 1;
            }
            b'"' => {
                let start = i + 1;
                let mut j = start;
                let start_line = line;
                while j < b.len() && b[j] != b'"' {
                    match b[j] {
                        b'\\' => j += 2,
                        b'\n' => {
                            line += 1;
                            j += 1;
                        }
                        _ => j += 1,
                    }
                }
                let end = j.min(b.len());
                let s = text.get(start..end).unwrap_or("");
                i = j + 1;
                if expect_key {
                    if let Some(top) = stack.last_mut() {
                        if top.0 {
                            top.1 = s;
                            if let Some(bucket) = pick(&path, s).and_then(|k| out.get_mut(k)) {
                                bucket.push((s, start_line));
                            }
                        }
                    }
                    expect_key = false;
                }
            }
            open @ (b'{' | b'[') => {
                if let Some(&(is_object, key)) = stack.last() {
                    path.push(if is_object { Seg::Key(key) } else { Seg::Index });
                }
                stack.push((open == b'{', ""));
                expect_key = open == b'{';
                i += 1;
            }
            b'}' | b']' => {
                if stack.pop().is_some() && !stack.is_empty() {
                    path.pop();
                }
                expect_key = false;
                i += 1;
            }
            b',' => {
                expect_key = stack.last().is_some_and(|f| f.0);
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// Hands out the lines of one bucket in step with the entries a parser reads, checking that
/// the names agree (a key with escapes is taken on trust); after a disagreement it looks a
/// little ahead, so one odd key does not shift every later line.
pub(crate) struct LineCursor<'a> {
    keys: Vec<KeyLine<'a>>,
    next: usize,
    last: usize,
}

impl<'a> LineCursor<'a> {
    pub(crate) fn new(keys: Vec<KeyLine<'a>>) -> Self {
        LineCursor {
            keys,
            next: 0,
            last: 1,
        }
    }

    /// The line of the next key, which should be `key`.
    pub(crate) fn line_of(&mut self, key: &str) -> usize {
        if let Some(&(raw, line)) = self.keys.get(self.next) {
            if raw == key || raw.contains('\\') {
                self.next += 1;
                self.last = line;
                return line;
            }
        }
        let ahead = self.keys.get(self.next..).unwrap_or(&[]);
        if let Some(off) = ahead.iter().take(64).position(|&(raw, _)| raw == key) {
            let line = ahead[off].1;
            self.next += off + 1;
            self.last = line;
            return line;
        }
        self.last
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_keys_by_path() {
        let text = r#"{
  "a": {"x": 1,
    "y": {"x": 2}},
  "b": [ {"x": "q\"}{"}, {"z": 0,
    "x": [1, {"x": 3}]} ],
  "x": "last"
}"#;
        let found = key_lines(text, 3, |path, key| match (path, key) {
            ([Seg::Key("a")], "x") => Some(0),
            ([Seg::Key("b"), Seg::Index], "x") => Some(1),
            ([], _) => Some(2),
            _ => None,
        });
        assert_eq!(found[0], vec![("x", 2)]);
        assert_eq!(found[1], vec![("x", 4), ("x", 5)]);
        assert_eq!(found[2], vec![("a", 2), ("b", 4), ("x", 6)]);
    }

    #[test]
    fn never_panics_on_garbage() {
        for text in ["\"", "{\"a", "{\"\\", "}}]]", "{\"a\":[{\"b\\\"", "é\"é\\é"] {
            let _ = key_lines(text, 1, |_, _| Some(0));
            let _ = key_lines(text, 0, |_, _| Some(5));
        }
    }

    #[test]
    fn cursor_resyncs() {
        let mut c = LineCursor::new(vec![("a", 2), ("b", 3), ("c", 4)]);
        assert_eq!(c.line_of("a"), 2);
        assert_eq!(c.line_of("c"), 4);
        assert_eq!(c.line_of("zzz"), 4);
    }
}
