//! GitHub Actions `${{ ... }}` expressions: finding them in text, parsing them, and
//! telling which contexts (`github.event.issue.title`, `steps.x.outputs.y`, ...) are used
//! and which of those can flow into the expression's value.

use std::fmt;

/// Deepest nesting of an expression accepted by the parser.
const MAX_DEPTH: usize = 64;
/// Longest expression (in tokens) that is parsed; longer ones are only scanned for
/// context names, which keeps operator chains (and their trees) small.
const MAX_TOKENS: usize = 4096;

/// One `${{ ... }}` occurrence: byte range of the whole thing in the searched text, and
/// the text between the braces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found<'a> {
    pub start: usize,
    pub end: usize,
    pub inner: &'a str,
}

/// Every `${{ ... }}` in `text`, in order. String literals (`'...'`) inside an expression
/// may contain `}}`. An unterminated expression ends the search.
pub fn find(text: &str) -> Vec<Found<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0usize;
    while let Some(rel) = text.get(i..).and_then(|t| t.find("${{")) {
        let start = i + rel;
        let body = start + 3;
        let mut j = body;
        let mut in_str = false;
        let mut close = None;
        while j < bytes.len() {
            let c = bytes[j];
            if in_str {
                if c == b'\'' {
                    if bytes.get(j + 1) == Some(&b'\'') {
                        j += 2;
                        continue;
                    }
                    in_str = false;
                }
            } else if c == b'\'' {
                in_str = true;
            } else if c == b'}' && bytes.get(j + 1) == Some(&b'}') {
                close = Some(j);
                break;
            }
            j += 1;
        }
        let Some(close) = close else { break };
        if let Some(inner) = text.get(body..close) {
            out.push(Found {
                start,
                end: close + 2,
                inner,
            });
        }
        i = close + 2;
    }
    out
}

/// A context reference such as `github.event.issue.title`; `*` stands for `.*`, `[*]`
/// or an index that is not a literal.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ContextPath(pub Vec<String>);

impl ContextPath {
    pub fn root(&self) -> &str {
        self.0.first().map_or("", String::as_str)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn segment(&self, i: usize) -> Option<&str> {
        self.0.get(i).map(String::as_str)
    }

    /// Case-insensitive match against a dotted pattern in which `*` matches one segment.
    /// The path must have exactly as many segments as the pattern.
    pub fn matches(&self, pattern: &str) -> bool {
        let pat: Vec<&str> = pattern.split('.').collect();
        pat.len() == self.0.len()
            && pat
                .iter()
                .zip(&self.0)
                .all(|(p, s)| *p == "*" || p.eq_ignore_ascii_case(s))
    }

    /// Case-insensitive: the path starts with the dotted `prefix` (`*` matches a segment).
    pub fn starts_with(&self, prefix: &str) -> bool {
        let pat: Vec<&str> = prefix.split('.').collect();
        pat.len() <= self.0.len()
            && pat
                .iter()
                .zip(&self.0)
                .all(|(p, s)| *p == "*" || p.eq_ignore_ascii_case(s))
    }
}

impl fmt::Display for ContextPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("."))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    /// A context path, with the non-literal index expressions used in it.
    Context(ContextPath, Vec<Expr>),
    Call(String, Vec<Expr>),
    /// Property or index access on something that is not a plain context
    /// (e.g. `fromJSON(x).a`).
    Access(Box<Expr>),
    Not(Box<Expr>),
    Bin(BinOp, Box<Expr>, Box<Expr>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    And,
    Or,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(f64),
    LParen,
    RParen,
    LBracket,
    RBracket,
    Dot,
    Comma,
    Star,
    Not,
    Op(BinOp),
}

fn lex(src: &str) -> Option<Vec<Tok>> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0usize;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' | '\n' | '\r' => i += 1,
            '(' => {
                out.push(Tok::LParen);
                i += 1;
            }
            ')' => {
                out.push(Tok::RParen);
                i += 1;
            }
            '[' => {
                out.push(Tok::LBracket);
                i += 1;
            }
            ']' => {
                out.push(Tok::RBracket);
                i += 1;
            }
            ',' => {
                out.push(Tok::Comma);
                i += 1;
            }
            '*' => {
                out.push(Tok::Star);
                i += 1;
            }
            '.' if !chars.get(i + 1).is_some_and(char::is_ascii_digit) => {
                out.push(Tok::Dot);
                i += 1;
            }
            '!' => {
                if chars.get(i + 1) == Some(&'=') {
                    out.push(Tok::Op(BinOp::Ne));
                    i += 2;
                } else {
                    out.push(Tok::Not);
                    i += 1;
                }
            }
            '=' if chars.get(i + 1) == Some(&'=') => {
                out.push(Tok::Op(BinOp::Eq));
                i += 2;
            }
            '<' | '>' => {
                let eq = chars.get(i + 1) == Some(&'=');
                out.push(Tok::Op(match (c, eq) {
                    ('<', false) => BinOp::Lt,
                    ('<', true) => BinOp::Le,
                    (_, false) => BinOp::Gt,
                    (_, true) => BinOp::Ge,
                }));
                i += if eq { 2 } else { 1 };
            }
            '&' if chars.get(i + 1) == Some(&'&') => {
                out.push(Tok::Op(BinOp::And));
                i += 2;
            }
            '|' if chars.get(i + 1) == Some(&'|') => {
                out.push(Tok::Op(BinOp::Or));
                i += 2;
            }
            '\'' => {
                let mut s = String::new();
                i += 1;
                loop {
                    let ch = *chars.get(i)?;
                    if ch == '\'' {
                        if chars.get(i + 1) == Some(&'\'') {
                            s.push('\'');
                            i += 2;
                            continue;
                        }
                        i += 1;
                        break;
                    }
                    s.push(ch);
                    i += 1;
                }
                out.push(Tok::Str(s));
            }
            c if c.is_ascii_digit() || c == '-' || c == '+' || c == '.' => {
                let start = i;
                i += 1;
                while i < chars.len()
                    && (chars[i].is_ascii_alphanumeric()
                        || chars[i] == '.'
                        || ((chars[i] == '-' || chars[i] == '+')
                            && matches!(chars[i - 1], 'e' | 'E')))
                {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                let n = if let Some(hex) = text.strip_prefix("0x") {
                    i64::from_str_radix(hex, 16).ok().map(|v| v as f64)
                } else {
                    text.parse::<f64>().ok()
                };
                out.push(Tok::Num(n.unwrap_or(f64::NAN)));
            }
            c if c.is_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '-')
                {
                    i += 1;
                }
                out.push(Tok::Ident(chars[start..i].iter().collect()));
            }
            _ => return None,
        }
    }
    Some(out)
}

struct P {
    toks: Vec<Tok>,
    i: usize,
    depth: usize,
}

impl P {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.i).cloned();
        self.i += 1;
        t
    }

    fn eat(&mut self, t: &Tok) -> bool {
        if self.peek() == Some(t) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    fn or(&mut self) -> Option<Expr> {
        self.enter()?;
        let mut lhs = self.and()?;
        while self.eat(&Tok::Op(BinOp::Or)) {
            let rhs = self.and()?;
            lhs = Expr::Bin(BinOp::Or, Box::new(lhs), Box::new(rhs));
        }
        self.depth -= 1;
        Some(lhs)
    }

    fn and(&mut self) -> Option<Expr> {
        let mut lhs = self.eq()?;
        while self.eat(&Tok::Op(BinOp::And)) {
            let rhs = self.eq()?;
            lhs = Expr::Bin(BinOp::And, Box::new(lhs), Box::new(rhs));
        }
        Some(lhs)
    }

    fn eq(&mut self) -> Option<Expr> {
        let mut lhs = self.cmp()?;
        while let Some(Tok::Op(op @ (BinOp::Eq | BinOp::Ne))) = self.peek() {
            let op = *op;
            self.i += 1;
            let rhs = self.cmp()?;
            lhs = Expr::Bin(op, Box::new(lhs), Box::new(rhs));
        }
        Some(lhs)
    }

    fn cmp(&mut self) -> Option<Expr> {
        let mut lhs = self.unary()?;
        while let Some(Tok::Op(op @ (BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge))) = self.peek()
        {
            let op = *op;
            self.i += 1;
            let rhs = self.unary()?;
            lhs = Expr::Bin(op, Box::new(lhs), Box::new(rhs));
        }
        Some(lhs)
    }

    fn unary(&mut self) -> Option<Expr> {
        if self.eat(&Tok::Not) {
            self.enter()?;
            let e = self.unary()?;
            self.depth -= 1;
            return Some(Expr::Not(Box::new(e)));
        }
        self.postfix()
    }

    fn postfix(&mut self) -> Option<Expr> {
        let mut e = self.primary()?;
        loop {
            match self.peek() {
                Some(Tok::Dot) => {
                    self.i += 1;
                    let seg = match self.next()? {
                        Tok::Ident(s) => s,
                        Tok::Star => "*".to_string(),
                        _ => return None,
                    };
                    e = match e {
                        Expr::Context(mut p, ix) => {
                            p.0.push(seg);
                            Expr::Context(p, ix)
                        }
                        Expr::Access(b) => Expr::Access(b),
                        other => Expr::Access(Box::new(other)),
                    };
                }
                Some(Tok::LBracket) => {
                    self.i += 1;
                    let mut dynamic = None;
                    let seg = if self.eat(&Tok::Star) {
                        "*".to_string()
                    } else {
                        match self.or()? {
                            Expr::Str(s) => s,
                            Expr::Num(n) if n.fract() == 0.0 && n >= 0.0 => format!("{n}"),
                            other => {
                                dynamic = Some(other);
                                "*".to_string()
                            }
                        }
                    };
                    if !self.eat(&Tok::RBracket) {
                        return None;
                    }
                    e = match e {
                        Expr::Context(mut p, mut ix) => {
                            p.0.push(seg);
                            ix.extend(dynamic);
                            Expr::Context(p, ix)
                        }
                        Expr::Access(b) => Expr::Access(b),
                        other => Expr::Access(Box::new(other)),
                    };
                }
                _ => break,
            }
        }
        Some(e)
    }

    fn primary(&mut self) -> Option<Expr> {
        match self.next()? {
            Tok::Str(s) => Some(Expr::Str(s)),
            Tok::Num(n) => Some(Expr::Num(n)),
            Tok::LParen => {
                let e = self.or()?;
                self.eat(&Tok::RParen).then_some(e)
            }
            Tok::Ident(name) => {
                if self.eat(&Tok::LParen) {
                    let mut args = Vec::new();
                    if !self.eat(&Tok::RParen) {
                        loop {
                            args.push(self.or()?);
                            if self.eat(&Tok::Comma) {
                                continue;
                            }
                            if self.eat(&Tok::RParen) {
                                break;
                            }
                            return None;
                        }
                    }
                    return Some(Expr::Call(name, args));
                }
                match name.as_str() {
                    "true" => Some(Expr::Bool(true)),
                    "false" => Some(Expr::Bool(false)),
                    "null" => Some(Expr::Null),
                    _ => Some(Expr::Context(ContextPath(vec![name]), Vec::new())),
                }
            }
            _ => None,
        }
    }
}

/// Parse the text between `${{` and `}}`.
pub fn parse(src: &str) -> Option<Expr> {
    let toks = lex(src)?;
    if toks.len() > MAX_TOKENS {
        return None;
    }
    let mut p = P {
        toks,
        i: 0,
        depth: 0,
    };
    let e = p.or()?;
    (p.i == p.toks.len()).then_some(e)
}

/// Functions whose result carries none of their arguments' text.
fn is_opaque_fn(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "contains"
            | "startswith"
            | "endswith"
            | "success"
            | "always"
            | "cancelled"
            | "failure"
            | "hashfiles"
    )
}

impl Expr {
    /// Contexts whose value may end up (as text) in the value of this expression.
    pub fn dataflow(&self) -> Vec<ContextPath> {
        let mut out = Vec::new();
        self.flow_into(&mut out);
        out
    }

    fn flow_into(&self, out: &mut Vec<ContextPath>) {
        match self {
            Expr::Str(_) | Expr::Num(_) | Expr::Bool(_) | Expr::Null | Expr::Not(_) => {}
            Expr::Context(p, _) => out.push(p.clone()),
            Expr::Call(name, args) => {
                if !is_opaque_fn(name) {
                    for a in args {
                        a.flow_into(out);
                    }
                }
            }
            Expr::Access(base) => base.flow_into(out),
            Expr::Bin(op, l, r) => match op {
                BinOp::And => r.flow_into(out),
                BinOp::Or => {
                    l.flow_into(out);
                    r.flow_into(out);
                }
                _ => {}
            },
        }
    }

    /// Every context referenced anywhere in the expression.
    pub fn contexts(&self) -> Vec<ContextPath> {
        let mut out = Vec::new();
        let mut todo = vec![self];
        while let Some(e) = todo.pop() {
            match e {
                Expr::Context(p, ix) => {
                    out.push(p.clone());
                    todo.extend(ix.iter().rev());
                }
                Expr::Call(_, args) => todo.extend(args.iter().rev()),
                Expr::Access(b) | Expr::Not(b) => todo.push(b),
                Expr::Bin(_, l, r) => {
                    todo.push(r);
                    todo.push(l);
                }
                _ => {}
            }
        }
        out
    }
}

const ROOTS: &[&str] = &[
    "github", "env", "vars", "job", "jobs", "steps", "runner", "secrets", "strategy", "matrix",
    "needs", "inputs",
];

/// Fallback for text that does not parse: dotted names that start with a known context.
fn scan_contexts(src: &str) -> Vec<ContextPath> {
    let mut out = Vec::new();
    let chars: Vec<char> = src.chars().collect();
    let mut i = 0usize;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
            continue;
        }
        if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || matches!(chars[i], '_' | '-' | '.' | '*'))
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let parts: Vec<String> = word
                .split('.')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            let preceded_by_dot = start > 0 && chars[start - 1] == '.';
            if parts.len() > 1
                && !preceded_by_dot
                && ROOTS.iter().any(|r| r.eq_ignore_ascii_case(&parts[0]))
            {
                out.push(ContextPath(parts));
            }
            continue;
        }
        i += 1;
    }
    out
}

/// Contexts that may flow into the value of the expression text `inner`; when it does not
/// parse, every context-looking name in it.
pub fn dataflow_contexts(inner: &str) -> Vec<ContextPath> {
    match parse(inner) {
        Some(e) => e.dataflow(),
        None => scan_contexts(inner),
    }
}

/// Every context used in the expression text `inner`.
pub fn all_contexts(inner: &str) -> Vec<ContextPath> {
    match parse(inner) {
        Some(e) => e.contexts(),
        None => scan_contexts(inner),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(v: Vec<ContextPath>) -> Vec<String> {
        v.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn finds_expressions_with_offsets() {
        let t = "echo ${{ github.event.issue.title }} and ${{ 'a}}b' }}";
        let f = find(t);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].start, 5);
        assert_eq!(&t[f[0].start..f[0].end], "${{ github.event.issue.title }}");
        assert_eq!(f[0].inner.trim(), "github.event.issue.title");
        assert_eq!(f[1].inner.trim(), "'a}}b'");
        assert!(find("${{ never closed").is_empty());
        assert!(find("no expressions $ {{ }}").is_empty());
    }

    #[test]
    fn context_paths_normalised() {
        assert_eq!(
            paths(all_contexts("github.event['issue'].title")),
            vec!["github.event.issue.title"]
        );
        assert_eq!(
            paths(all_contexts("github.event.pull_request.labels.*.name")),
            vec!["github.event.pull_request.labels.*.name"]
        );
        assert_eq!(
            paths(all_contexts("steps[matrix.x].outputs.y")),
            vec!["steps.*.outputs.y", "matrix.x"]
        );
        assert_eq!(
            paths(all_contexts("inputs.docker-tag")),
            vec!["inputs.docker-tag"]
        );
    }

    #[test]
    fn dataflow_skips_booleans() {
        assert!(dataflow_contexts("github.event.issue.title == 'x'").is_empty());
        assert!(dataflow_contexts("contains(github.event.issue.body, 'x')").is_empty());
        assert!(dataflow_contexts("!github.event.issue.title").is_empty());
        assert!(dataflow_contexts("matrix.m == 'helm' && 'export X=\"helm\"' || ''").is_empty());
        assert_eq!(
            paths(dataflow_contexts(
                "matrix.m == 'helm' && format('export V={0}', env.TAG) || ''"
            )),
            vec!["env.TAG"]
        );
        assert_eq!(
            paths(dataflow_contexts("github.head_ref || github.ref_name")),
            vec!["github.head_ref", "github.ref_name"]
        );
        assert_eq!(
            paths(dataflow_contexts("toJSON(github.event.issue)")),
            vec!["github.event.issue"]
        );
        assert_eq!(
            paths(dataflow_contexts("fromJSON(steps.a.outputs.b).c")),
            vec!["steps.a.outputs.b"]
        );
    }

    #[test]
    fn literals_and_numbers() {
        assert_eq!(parse("1.5"), Some(Expr::Num(1.5)));
        assert_eq!(parse("-2"), Some(Expr::Num(-2.0)));
        assert_eq!(parse("0xff"), Some(Expr::Num(255.0)));
        assert_eq!(parse("'it''s'"), Some(Expr::Str("it's".into())));
        assert_eq!(parse("true"), Some(Expr::Bool(true)));
        assert!(parse("a ==").is_none());
        assert!(parse("(a").is_none());
    }

    #[test]
    fn unparsable_falls_back_to_scanning() {
        let v = paths(dataflow_contexts(
            "github.event.issue.title ?? 'x' steps.a.outputs.b",
        ));
        assert_eq!(v, vec!["github.event.issue.title", "steps.a.outputs.b"]);
    }

    #[test]
    fn deep_expression_is_bounded() {
        let deep = format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(parse(&deep).is_none());
        let nots = format!("{}a", "!".repeat(10_000));
        assert!(parse(&nots).is_none());
        // Long operator chains are not parsed into deep trees, but still scanned.
        let chain = vec!["github.head_ref"; 100_000].join(" || ");
        assert!(parse(&chain).is_none());
        assert_eq!(dataflow_contexts(&chain).len(), 100_000);
        let short = vec!["github.head_ref"; 1000].join(" || ");
        assert_eq!(dataflow_contexts(&short).len(), 1000);
    }

    #[test]
    fn path_matching() {
        let p = ContextPath(vec!["GitHub".into(), "Event".into(), "x".into()]);
        assert!(p.matches("github.event.*"));
        assert!(p.starts_with("github.event"));
        assert!(!p.matches("github.event"));
    }
}
