//! A Dockerfile parser that keeps true line numbers: parser directives (`# syntax=`,
//! `# escape=`), line continuations with comments and blank lines inside them, heredocs,
//! flags, and exec (JSON) and shell forms. It never fails as a whole: what it cannot
//! understand becomes a `ParseError` with the line, and parsing goes on.

/// A parsed Dockerfile.
#[derive(Debug, Default)]
pub struct Dockerfile {
    pub escape: char,
    pub syntax: Option<String>,
    pub instructions: Vec<Instruction>,
    pub errors: Vec<ParseError>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

/// One instruction, with its continuation lines joined.
#[derive(Debug, Clone)]
pub struct Instruction {
    /// Upper-case keyword (`RUN`, `COPY`, ...).
    pub keyword: String,
    /// 1-based line of the keyword.
    pub line: usize,
    /// 1-based last line, heredoc bodies included.
    pub end_line: usize,
    pub flags: Vec<Flag>,
    /// Everything after the keyword and flags, continuations joined.
    pub rest: String,
    /// For RUN, CMD, ENTRYPOINT and SHELL: the JSON array when the exec form is used.
    pub exec: Option<Vec<String>>,
    pub heredocs: Vec<Heredoc>,
    /// `(offset in rest, line)` where each physical line's text starts in `rest`.
    segments: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Flag {
    pub name: String,
    pub value: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Heredoc {
    pub delimiter: String,
    /// Whether the delimiter was quoted (no expansion in the body).
    pub quoted: bool,
    /// `<<-`: leading tabs are stripped.
    pub strip_tabs: bool,
    pub body: String,
    /// 1-based line of the body's first line.
    pub first_line: usize,
}

const KEYWORDS: &[&str] = &[
    "FROM",
    "RUN",
    "CMD",
    "LABEL",
    "MAINTAINER",
    "EXPOSE",
    "ENV",
    "ADD",
    "COPY",
    "ENTRYPOINT",
    "VOLUME",
    "USER",
    "WORKDIR",
    "ARG",
    "ONBUILD",
    "STOPSIGNAL",
    "HEALTHCHECK",
    "SHELL",
];

/// Instructions that take `--flag` options.
const TAKES_FLAGS: &[&str] = &["FROM", "RUN", "COPY", "ADD", "HEALTHCHECK"];
/// Instructions whose arguments may be a JSON array.
const EXEC_FORM: &[&str] = &["RUN", "CMD", "ENTRYPOINT", "SHELL", "VOLUME", "COPY", "ADD"];

impl Instruction {
    pub fn is(&self, keyword: &str) -> bool {
        self.keyword == keyword
    }

    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.name == name)
    }

    /// The physical line a byte offset of `rest` comes from.
    pub fn line_of(&self, offset: usize) -> usize {
        self.segments
            .iter()
            .rev()
            .find(|(o, _)| *o <= offset)
            .map(|&(_, l)| l)
            .unwrap_or(self.line)
    }

    /// The arguments split into words, honouring quotes (for FROM, COPY, USER, ...).
    pub fn words(&self) -> Vec<String> {
        if let Some(exec) = &self.exec {
            return exec.clone();
        }
        split_words(&self.rest)
    }

    /// `key=value` pairs of ENV, ARG and LABEL (and the legacy `ENV key value`).
    pub fn pairs(&self) -> Vec<(String, Option<String>)> {
        let words = split_words(&self.rest);
        if self.is("ENV") && words.first().is_some_and(|w| !w.contains('=')) {
            let key = words[0].clone();
            let value = self
                .rest
                .trim_start()
                .strip_prefix(key.as_str())
                .map(|v| unquote(v.trim()))
                .unwrap_or_default();
            return vec![(key, Some(value))];
        }
        words
            .into_iter()
            .map(|w| match w.split_once('=') {
                Some((k, v)) => (k.to_string(), Some(v.to_string())),
                None => (w, None),
            })
            .collect()
    }
}

pub fn parse(text: &str) -> Dockerfile {
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let mut df = Dockerfile {
        escape: '\\',
        ..Dockerfile::default()
    };
    let mut i = 0;
    // Directives are only read before the first comment, blank line or instruction.
    while i < lines.len() {
        match directive(lines[i]) {
            Some((k, v)) if k == "escape" => {
                match v.as_str() {
                    "\\" => df.escape = '\\',
                    "`" => df.escape = '`',
                    _ => df.errors.push(ParseError {
                        line: i + 1,
                        message: format!("invalid escape directive `{v}`: use \\ or `"),
                    }),
                }
                i += 1;
            }
            Some((k, v)) if k == "syntax" => {
                df.syntax = Some(v);
                i += 1;
            }
            Some(_) => i += 1,
            None => break,
        }
    }
    while i < lines.len() {
        let t = lines[i].trim();
        if t.is_empty() || t.starts_with('#') {
            i += 1;
            continue;
        }
        let first = i;
        let mut rest = String::new();
        let mut segments = Vec::new();
        loop {
            let (content, continues) = strip_continuation(lines[i], df.escape);
            segments.push((rest.len(), i + 1));
            rest.push_str(content);
            i += 1;
            if !continues {
                break;
            }
            // Comments and blank lines inside a continuation are dropped, as BuildKit does.
            while i < lines.len() && {
                let t = lines[i].trim();
                t.is_empty() || t.starts_with('#')
            } {
                i += 1;
            }
            if i >= lines.len() {
                break;
            }
        }
        let mut ins = instruction(&rest, first + 1, segments, &mut df.errors);
        if matches!(ins.keyword.as_str(), "RUN" | "COPY" | "ADD") {
            for (delimiter, quoted, strip_tabs) in heredoc_markers(&ins.rest) {
                let first_line = i + 1;
                let mut body = String::new();
                let mut closed = false;
                while i < lines.len() {
                    let l = lines[i];
                    i += 1;
                    let l = if strip_tabs {
                        l.trim_start_matches('\t')
                    } else {
                        l
                    };
                    if l == delimiter {
                        closed = true;
                        break;
                    }
                    body.push_str(l);
                    body.push('\n');
                }
                if !closed {
                    df.errors.push(ParseError {
                        line: ins.line,
                        message: format!("heredoc `{delimiter}` is never terminated"),
                    });
                }
                ins.heredocs.push(Heredoc {
                    delimiter,
                    quoted,
                    strip_tabs,
                    body,
                    first_line,
                });
            }
        }
        ins.end_line = i.max(first + 1);
        df.instructions.push(ins);
    }
    check_structure(&mut df);
    df
}

/// `# key=value` at the top of the file.
fn directive(line: &str) -> Option<(String, String)> {
    let body = line.trim().strip_prefix('#')?;
    let (k, v) = body.split_once('=')?;
    let k = k.trim().to_ascii_lowercase();
    if k.is_empty() || !k.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    Some((k, v.trim().to_string()))
}

/// The line without its trailing escape character, and whether it continues.
fn strip_continuation(line: &str, escape: char) -> (&str, bool) {
    let trimmed = line.trim_end();
    match trimmed.strip_suffix(escape) {
        Some(c) => (c, true),
        None => (line, false),
    }
}

fn instruction(
    logical: &str,
    line: usize,
    mut segments: Vec<(usize, usize)>,
    errors: &mut Vec<ParseError>,
) -> Instruction {
    let lead = logical.len() - logical.trim_start().len();
    let body = &logical[lead..];
    let kw_len = body.find(|c: char| c.is_whitespace()).unwrap_or(body.len());
    let keyword = body[..kw_len].to_ascii_uppercase();
    let mut pos = lead + kw_len;
    if !KEYWORDS.contains(&keyword.as_str()) {
        errors.push(ParseError {
            line,
            message: format!("unknown instruction `{}`", &body[..kw_len]),
        });
    }
    let mut flags = Vec::new();
    if TAKES_FLAGS.contains(&keyword.as_str()) {
        loop {
            let after = &logical[pos..];
            let skip = after.len() - after.trim_start().len();
            let tok_start = pos + skip;
            if !logical[tok_start..].starts_with("--") {
                break;
            }
            let (word, end) = next_word(logical, tok_start);
            let text = &word[2..];
            let flag = match text.split_once('=') {
                Some((n, v)) => Flag {
                    name: n.to_ascii_lowercase(),
                    value: Some(v.to_string()),
                },
                None => Flag {
                    name: text.to_ascii_lowercase(),
                    value: None,
                },
            };
            flags.push(flag);
            pos = end;
        }
    }
    let rest_start = pos + (logical[pos..].len() - logical[pos..].trim_start().len());
    let rest = logical[rest_start..].trim_end().to_string();
    for s in &mut segments {
        s.0 = s.0.saturating_sub(rest_start);
    }
    // Every known instruction needs an argument.
    if rest.is_empty() && KEYWORDS.contains(&keyword.as_str()) {
        errors.push(ParseError {
            line,
            message: format!("{keyword} needs arguments"),
        });
    }
    let exec = if EXEC_FORM.contains(&keyword.as_str()) && rest.starts_with('[') {
        // Docker runs a malformed JSON array as a shell command, not an error.
        serde_json::from_str::<Vec<String>>(&rest).ok()
    } else {
        None
    };
    for f in &flags {
        if f.name == "mount" {
            if let Some(msg) = mount_problem(f.value.as_deref().unwrap_or("")) {
                errors.push(ParseError { line, message: msg });
            }
        }
    }
    Instruction {
        keyword,
        line,
        end_line: line,
        flags,
        rest,
        exec,
        heredocs: Vec::new(),
        segments,
    }
}

/// What is wrong with a `--mount=` value, if anything.
fn mount_problem(value: &str) -> Option<String> {
    let mut kind = "bind";
    let mut has_target = false;
    for part in value.split(',') {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        match k.trim() {
            "type" => kind = v.trim(),
            "target" | "dst" | "destination" => has_target = !v.trim().is_empty(),
            _ => {}
        }
    }
    // A bind mount without a target is accepted by BuildKit (docker/cli builds with
    // `--mount=ro`); cache and tmpfs mounts are rejected without one.
    match kind {
        "cache" | "tmpfs" if !has_target => Some(format!(
            "--mount={value}: a {kind} mount needs a target (target=/path)"
        )),
        "bind" | "cache" | "tmpfs" | "secret" | "ssh" => None,
        other => Some(format!("--mount={value}: unknown mount type `{other}`")),
    }
}

/// The word starting at `start` (quotes honoured and removed) and the offset after it.
fn next_word(s: &str, start: usize) -> (String, usize) {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    let mut end = s.len();
    let mut chars = s[start..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => out.push(c),
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '\\' => {
                if let Some((_, n)) = chars.next() {
                    out.push(n);
                }
            }
            None if c.is_whitespace() => {
                end = start + i;
                break;
            }
            None => out.push(c),
        }
    }
    (out, end)
}

/// Whitespace-separated words with quotes removed.
pub fn split_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < s.len() {
        let skip = s[pos..].len() - s[pos..].trim_start().len();
        pos += skip;
        if pos >= s.len() {
            break;
        }
        let (w, end) = next_word(s, pos);
        out.push(w);
        pos = end;
    }
    out
}

fn unquote(s: &str) -> String {
    let b = s.as_bytes();
    if b.len() >= 2 && (b[0] == b'"' || b[0] == b'\'') && b[b.len() - 1] == b[0] {
        s[1..s.len() - 1].to_string()
    } else {
        s.to_string()
    }
}

/// Heredoc markers (`<<EOF`, `<<-EOF`, `<<"EOF"`) outside quotes, in order.
pub fn heredoc_markers(s: &str) -> Vec<(String, bool, bool)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut quote = 0u8;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if quote != 0 {
            if c == quote {
                quote = 0;
            } else if c == b'\\' && quote == b'"' {
                i += 1;
            }
            i += 1;
            continue;
        }
        match c {
            b'\'' | b'"' => quote = c,
            b'\\' => i += 1,
            b'<' if b.get(i + 1) == Some(&b'<')
                && b.get(i + 2) != Some(&b'<')
                && (i == 0 || b[i - 1] != b'<') =>
            {
                let mut j = i + 2;
                let strip = b.get(j) == Some(&b'-');
                if strip {
                    j += 1;
                }
                let q = match b.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        j += 1;
                        q
                    }
                    _ => 0,
                };
                let start = j;
                while j < b.len()
                    && (b[j].is_ascii_alphanumeric() || matches!(b[j], b'_' | b'.' | b'-' | b'/'))
                {
                    j += 1;
                }
                if j > start && (q == 0 || b.get(j) == Some(&q)) {
                    out.push((s[start..j].to_string(), q != 0, strip));
                    i = if q != 0 { j + 1 } else { j };
                    continue;
                }
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Errors that need the whole file: nothing but ARG before the first FROM.
fn check_structure(df: &mut Dockerfile) {
    for ins in &df.instructions {
        if ins.is("FROM") {
            return;
        }
        if !ins.is("ARG") && KEYWORDS.contains(&ins.keyword.as_str()) {
            df.errors.push(ParseError {
                line: ins.line,
                message: format!("{} before the first FROM", ins.keyword),
            });
            return;
        }
    }
    if !df.instructions.is_empty() {
        df.errors.push(ParseError {
            line: df.instructions[0].line,
            message: "no FROM instruction".into(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuations_keep_line_numbers_and_drop_comments() {
        let df = parse(
            "FROM alpine:3.19\n\nRUN apk add \\\n  # a comment\n\n  curl \\\n  git\nUSER app\n",
        );
        assert!(df.errors.is_empty(), "{:?}", df.errors);
        let run = &df.instructions[1];
        assert_eq!((run.line, run.end_line), (3, 7));
        assert_eq!(run.rest, "apk add   curl   git");
        assert_eq!(run.line_of(run.rest.find("git").unwrap()), 7);
        assert_eq!(df.instructions[2].line, 8);
    }

    #[test]
    fn directives_and_backtick_escape() {
        let df = parse(
            "# syntax=docker/dockerfile:1\n# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir C:\\ `\n  && echo done\n",
        );
        assert_eq!(df.escape, '`');
        assert_eq!(df.syntax.as_deref(), Some("docker/dockerfile:1"));
        assert_eq!(df.instructions[1].rest, "dir C:\\   && echo done");
        // A directive after an instruction is a comment.
        let df = parse("FROM a:1\n# escape=`\nRUN x \\\n y\n");
        assert_eq!(df.escape, '\\');
        assert_eq!(df.instructions[1].rest, "x  y");
    }

    #[test]
    fn heredocs() {
        let df = parse(
            "FROM a:1\nRUN <<EOF\napt-get update\nEOF\nCOPY <<-\"A\" /a <<B /b\n\tone\n\tA\ntwo\nB\nRUN python3 - <<'PY' && echo ok\nprint(1)\nPY\nUSER x\n",
        );
        assert!(df.errors.is_empty(), "{:?}", df.errors);
        let run = &df.instructions[1];
        assert_eq!(run.heredocs[0].body, "apt-get update\n");
        assert_eq!((run.line, run.end_line), (2, 4));
        let copy = &df.instructions[2];
        assert_eq!(copy.heredocs.len(), 2);
        assert_eq!(copy.heredocs[0].delimiter, "A");
        assert!(copy.heredocs[0].quoted && copy.heredocs[0].strip_tabs);
        assert_eq!(copy.heredocs[0].body, "one\n");
        assert_eq!(copy.heredocs[1].body, "two\n");
        assert_eq!(copy.heredocs[1].first_line, 8);
        assert_eq!(df.instructions[3].heredocs[0].body, "print(1)\n");
        assert_eq!(df.instructions[4].line, 13);
        // `<<<` is a here-string, not a heredoc; quoted `<<` is text.
        assert!(heredoc_markers("cat <<< x; echo '<<A'").is_empty());
    }

    #[test]
    fn flags_forms_and_pairs() {
        let df = parse(
            "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nRUN --mount=type=cache,target=/root/.cache --network=none go build\nCMD [\"/app\", \"--port\", \"8080\"]\nENTRYPOINT /app --x\nENV A=1 B=\"two words\"\nENV LEGACY some value\nARG TOKEN\nCOPY --from=build --chown=app:app /out /app\n",
        );
        assert!(df.errors.is_empty(), "{:?}", df.errors);
        let from = &df.instructions[0];
        assert_eq!(
            from.flag("platform").unwrap().value.as_deref(),
            Some("$BUILDPLATFORM")
        );
        assert_eq!(from.words(), ["golang:1.22", "AS", "build"]);
        assert_eq!(df.instructions[1].flags.len(), 2);
        assert_eq!(df.instructions[1].rest, "go build");
        assert_eq!(
            df.instructions[2].exec.as_deref(),
            Some(&["/app".to_string(), "--port".into(), "8080".into()][..])
        );
        assert!(df.instructions[3].exec.is_none());
        assert_eq!(
            df.instructions[4].pairs(),
            [
                ("A".into(), Some("1".into())),
                ("B".into(), Some("two words".into()))
            ]
        );
        assert_eq!(
            df.instructions[5].pairs(),
            [("LEGACY".into(), Some("some value".into()))]
        );
        assert_eq!(df.instructions[6].pairs(), [("TOKEN".into(), None)]);
        assert_eq!(
            df.instructions[7].flag("from").unwrap().value.as_deref(),
            Some("build")
        );
    }

    #[test]
    fn errors_have_lines_and_never_stop_the_parse() {
        let df =
            parse("FROM a:1\nRUNN echo\nRUN\nRUN --mount=type=cache echo\nRUN <<EOF\nno end\n");
        let lines: Vec<usize> = df.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3, 4, 5], "{:?}", df.errors);
        assert_eq!(df.instructions.len(), 5);
        let df = parse("RUN echo\nFROM a\n");
        assert_eq!(df.errors[0].line, 1);
        assert!(parse("").errors.is_empty());
        assert_eq!(parse("# only a comment\n").instructions.len(), 0);
        // CRLF line endings.
        let df = parse("FROM a:1\r\nRUN echo \\\r\n  hi\r\n");
        assert_eq!(df.instructions[1].rest, "echo   hi");
    }
}
