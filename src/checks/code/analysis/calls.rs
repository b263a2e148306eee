//! Call expressions and assignments, found on the token stream with matched brackets.
//!
//! Every `(` that follows a name, a `)` or a `]` (and is not `def f(` / `class C(`) is a
//! call. Its callee is the primary expression before it (`sp.Popen`, `requests.Session().get`),
//! its arguments are split at top-level commas and summarised: literal, name, dotted
//! attribute, call, tuple/list/dict display, or other. Work is linear in the number of
//! tokens: every scan jumps over bracketed groups, and nested displays are summarised to a
//! fixed depth only.
use super::lexer::{lex, string_value, Kind, Token};
use std::borrow::Cow;

pub use super::lexer::NONE;

/// Deeper nested displays (tuples in lists in …) are summarised as `Other`.
const MAX_SUMMARY_DEPTH: usize = 4;
/// Callee chains longer than this many steps, or with more call/subscript groups than
/// `MAX_GROUPS` (`f()()()…`), are cut at the start: no rule needs their head.
const MAX_CHAIN: usize = 32;
const MAX_GROUPS: usize = 6;
/// Displays (tuples, lists, dicts) with more items are summarised as `Other`.
const MAX_ITEMS: usize = 4096;
/// Targets of one chained assignment (`a = b = … = value`) beyond this are ignored.
const MAX_TARGETS: usize = 32;

/// Is `s` a hard keyword of Python 3? (By first byte, then exact comparison.)
pub fn is_keyword(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 2 || b.len() > 8 {
        return false;
    }
    let candidates: &[&str] = match b[0] {
        b'F' => &["False"],
        b'N' => &["None"],
        b'T' => &["True"],
        b'a' => &["and", "as", "assert", "async", "await"],
        b'b' => &["break"],
        b'c' => &["class", "continue"],
        b'd' => &["def", "del"],
        b'e' => &["elif", "else", "except"],
        b'f' => &["finally", "for", "from"],
        b'g' => &["global"],
        b'i' => &["if", "import", "in", "is"],
        b'l' => &["lambda"],
        b'n' => &["nonlocal", "not"],
        b'o' => &["or"],
        b'p' => &["pass"],
        b'r' => &["raise", "return"],
        b't' => &["try"],
        b'w' => &["while", "with"],
        b'y' => &["yield"],
        _ => return false,
    };
    candidates
        .iter()
        .any(|c| c.len() == b.len() && c.bytes().zip(b).all(|(x, &y)| x == y))
}

/// A tokenized source with bracket partners.
pub struct Parsed<'a> {
    pub src: &'a str,
    pub toks: Vec<Token>,
    /// For an opening or closing bracket (or `FStrStart`/`FStrEnd`): its partner's index.
    pub partner: Vec<u32>,
    /// Indices of the `import` keywords.
    pub imports: Vec<u32>,
}

impl<'a> Parsed<'a> {
    pub fn new(src: &'a str) -> Parsed<'a> {
        let lexed = lex(src);
        Parsed {
            src,
            toks: lexed.toks,
            partner: lexed.partner,
            imports: lexed.imports,
        }
    }

    pub fn text(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| t.text(self.src))
    }

    pub fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind())
    }

    pub fn is_op(&self, i: usize, op: &str) -> bool {
        let Some(t) = self.toks.get(i) else {
            return false;
        };
        let ob = op.as_bytes();
        t.kind() == Kind::Op
            && ob.first() == self.src.as_bytes().get(t.start as usize)
            && (t.end - t.start) as usize == ob.len()
            && (ob.len() == 1 || t.text(self.src) == op)
    }

    pub fn is_name(&self, i: usize) -> bool {
        self.kind(i) == Some(Kind::Name)
    }

    /// A name that is not a hard keyword.
    pub fn is_ident(&self, i: usize) -> bool {
        self.is_name(i) && !is_keyword(self.text(i))
    }

    /// The partner of bracket `i`, if it has one.
    pub fn partner(&self, i: usize) -> Option<usize> {
        match self.partner.get(i) {
            Some(&p) if p != NONE => Some(p as usize),
            _ => None,
        }
    }

    /// The next index after `i` at the same bracket level (jumps over a group that `i` opens).
    pub fn skip(&self, i: usize) -> usize {
        match self.partner(i) {
            Some(p) if p > i => p + 1,
            _ => i + 1,
        }
    }

    fn line_col(&self, i: usize) -> (usize, usize) {
        self.toks
            .get(i)
            .or(self.toks.last())
            .map_or((1, 1), |t| (t.line() as usize, t.col as usize))
    }

    /// Is the `(` at `i` a call's argument list?
    pub fn is_call_paren(&self, i: usize) -> bool {
        if i == 0 || !self.is_op(i, "(") || self.partner(i).is_none() {
            return false;
        }
        let prev = i - 1;
        if self.is_ident(prev) {
            return !(prev > 0
                && self.is_name(prev - 1)
                && matches!(self.text(prev - 1), "def" | "class"));
        }
        self.is_op(prev, ")") || self.is_op(prev, "]")
    }

    /// The callee of the call whose `(` is at `open`.
    pub fn callee(&self, open: usize) -> Callee<'a> {
        // Walk back over the primary expression: names joined by dots, call and subscript
        // groups, and at most one literal atom at its start.
        if open == 0 || open > self.toks.len() {
            return Callee {
                text: Cow::Borrowed(""),
                dotted: false,
                start: open,
            };
        }
        let mut dotted = true;
        let mut j = open - 1;
        let mut start = j;
        let mut groups = 0;
        for _ in 0..MAX_CHAIN {
            start = j;
            match self.kind(j) {
                Some(Kind::Name) if !is_keyword(self.text(j)) => {}
                Some(Kind::Op) if self.is_op(j, ")") || self.is_op(j, "]") => {
                    dotted = false;
                    groups += 1;
                    if groups > MAX_GROUPS {
                        start = j + 1;
                        break;
                    }
                    let Some(m) = self.partner(j).filter(|&m| m < j) else {
                        break;
                    };
                    start = m;
                    if m > 0
                        && (self.is_ident(m - 1)
                            || self.is_op(m - 1, ")")
                            || self.is_op(m - 1, "]"))
                    {
                        // The group is a call or subscript of what precedes it.
                        j = m - 1;
                        continue;
                    }
                    break; // a parenthesised expression or a display starts the chain
                }
                _ => break,
            }
            if j < 2 || !self.is_op(j - 1, ".") {
                break;
            }
            match self.kind(j - 2) {
                Some(Kind::Name) if !is_keyword(self.text(j - 2)) => j -= 2,
                Some(Kind::Op) if self.is_op(j - 2, ")") || self.is_op(j - 2, "]") => j -= 2,
                Some(Kind::Str | Kind::Number) => {
                    dotted = false;
                    start = j - 2;
                    break;
                }
                Some(Kind::FStrEnd) => {
                    dotted = false;
                    start = self.partner(j - 2).unwrap_or(j - 2);
                    break;
                }
                _ => break,
            }
        }
        let text = if dotted {
            self.dotted_text(start, open)
        } else {
            Cow::Owned(self.render(start, open))
        };
        Callee {
            text,
            dotted,
            start,
        }
    }

    /// A primary expression over tokens `s..e` with bracketed groups shown empty:
    /// `requests.Session().get`, `x[].y`, `''.join`.
    fn render(&self, s: usize, e: usize) -> String {
        let mut out = String::new();
        let mut k = s;
        while k < e {
            let t = self.toks[k];
            match t.kind() {
                Kind::Name | Kind::Op if self.partner(k).is_none_or(|p| p <= k) => {
                    out.push_str(t.text(self.src));
                }
                Kind::Op => {
                    out.push_str(if self.is_op(k, "[") { "[]" } else { "()" });
                }
                Kind::Number => out.push('0'),
                _ => out.push_str("''"),
            }
            k = self.skip(k);
        }
        out
    }

    /// Summarises the expression in tokens `s..e`.
    pub fn summarize(&self, s: usize, e: usize) -> Expr<'a> {
        self.summarize_at(s, e, 0)
    }

    fn summarize_at(&self, s: usize, e: usize, depth: usize) -> Expr<'a> {
        let (line, column) = self.line_col(s);
        let value = if s >= e || e > self.toks.len() || depth > MAX_SUMMARY_DEPTH {
            Value::Other
        } else {
            self.value(s, e, depth)
        };
        Expr {
            value,
            first: s,
            end: e,
            line,
            column,
        }
    }

    fn value(&self, s: usize, e: usize, depth: usize) -> Value<'a> {
        let t = self.toks[s];
        // One or more adjacent string literals.
        if matches!(t.kind(), Kind::Str | Kind::FStrStart) {
            if let Some(v) = self.strings(s, e) {
                return v;
            }
        }
        if e == s + 1 {
            let text = t.text(self.src);
            return match t.kind() {
                Kind::Number => Value::Num(number_truthy(text)),
                Kind::Name => match text {
                    "True" => Value::Bool(true),
                    "False" => Value::Bool(false),
                    "None" => Value::None,
                    _ if is_keyword(text) => Value::Other,
                    _ => Value::Name(text),
                },
                _ => Value::Other,
            };
        }
        // A dotted name.
        if self.is_ident(s) {
            let mut k = s + 1;
            while k + 1 < e && self.is_op(k, ".") && self.is_ident(k + 1) {
                k += 2;
            }
            if k == e {
                return Value::Attr(self.dotted_text(s, e));
            }
        }
        // A call that spans the whole range.
        if self.is_op(e - 1, ")") {
            if let Some(m) = self.partner(e - 1) {
                if m > s && m < e && self.is_call_paren(m) {
                    let c = self.callee(m);
                    if c.start == s {
                        return Value::Call {
                            callee: c.text,
                            open: m,
                        };
                    }
                }
            }
        }
        if t.kind() == Kind::Op {
            let closes_at_end = self.partner(s) == Some(e - 1);
            match t.text(self.src) {
                "(" if closes_at_end => {
                    let Some(items) = self.split_limit(s + 1, e - 1, MAX_ITEMS) else {
                        return Value::Other;
                    };
                    if items.len() == 1 && !self.is_op(e - 2, ",") {
                        let (a, b) = items[0];
                        return self.summarize_at(a, b, depth + 1).value;
                    }
                    return Value::Tuple(self.items(&items, depth));
                }
                "[" if closes_at_end => {
                    if self.has_top_level_name(s + 1, e - 1, "for") {
                        return Value::Other;
                    }
                    let Some(items) = self.split_limit(s + 1, e - 1, MAX_ITEMS) else {
                        return Value::Other;
                    };
                    return Value::List(self.items(&items, depth));
                }
                "{" if closes_at_end => {
                    if self.has_top_level_name(s + 1, e - 1, "for") {
                        return Value::Other;
                    }
                    let Some(items) = self.split_limit(s + 1, e - 1, MAX_ITEMS) else {
                        return Value::Other;
                    };
                    let splats = items
                        .into_iter()
                        .filter(|&(a, _)| self.is_op(a, "**"))
                        .map(|(a, b)| self.summarize_at(a + 1, b, depth + 1))
                        .collect();
                    return Value::Dict { splats };
                }
                "*" => return Value::Starred,
                _ => {}
            }
        }
        Value::Other
    }

    fn items(&self, items: &[(usize, usize)], depth: usize) -> Vec<Expr<'a>> {
        items
            .iter()
            .map(|&(a, b)| self.summarize_at(a, b, depth + 1))
            .collect()
    }

    fn has_top_level_name(&self, s: usize, e: usize, name: &str) -> bool {
        let mut k = s;
        while k < e {
            if self.is_name(k) && self.text(k) == name {
                return true;
            }
            k = self.skip(k);
        }
        false
    }

    /// Adjacent string literals `s..e` (all of the range), or `None`.
    fn strings(&self, s: usize, e: usize) -> Option<Value<'a>> {
        let mut k = s;
        let mut parts: Vec<Cow<'a, str>> = Vec::new();
        let mut formatted = false;
        while k < e {
            match self.toks[k].kind() {
                Kind::Str => {
                    parts.push(string_value(self.text(k)));
                    k += 1;
                }
                Kind::FStrStart => {
                    let m = self.partner(k).filter(|&m| m > k && m < e)?;
                    if m > k + 1 {
                        formatted = true;
                    } else {
                        let a = self.toks[k].end as usize;
                        let b = self.toks[m].start as usize;
                        parts.push(Cow::Borrowed(self.src.get(a..b).unwrap_or("")));
                    }
                    k = m + 1;
                }
                _ => return None,
            }
        }
        if formatted {
            return Some(Value::FStr);
        }
        Some(Value::Str(if parts.len() == 1 {
            parts.pop().unwrap_or_default()
        } else {
            Cow::Owned(parts.concat())
        }))
    }

    /// `a . b . c` over tokens `s..e` as `a.b.c`, borrowed when written without spaces.
    pub fn dotted_text(&self, s: usize, e: usize) -> Cow<'a, str> {
        let Some(toks) = self.toks.get(s..e).filter(|t| !t.is_empty()) else {
            return Cow::Borrowed("");
        };
        if toks.windows(2).all(|w| w[0].end == w[1].start) {
            let (a, b) = (toks[0].start as usize, toks[toks.len() - 1].end as usize);
            return Cow::Borrowed(self.src.get(a..b).unwrap_or(""));
        }
        Cow::Owned(toks.iter().map(|t| t.text(self.src)).collect())
    }

    /// Splits `s..e` at top-level commas (not those in a lambda's parameters).
    pub fn split(&self, s: usize, e: usize) -> Vec<(usize, usize)> {
        self.split_limit(s, e, usize::MAX).unwrap_or_default()
    }

    /// `split`, or `None` when there are more than `limit` items.
    fn split_limit(&self, s: usize, e: usize, limit: usize) -> Option<Vec<(usize, usize)>> {
        let mut out = Vec::new();
        let mut start = s;
        let mut in_lambda = false;
        let mut k = s;
        while k < e {
            if self.kind(k) == Some(Kind::Op) {
                match self.text(k) {
                    "," if !in_lambda => {
                        if k > start {
                            if out.len() >= limit {
                                return None;
                            }
                            out.push((start, k));
                        }
                        start = k + 1;
                    }
                    ":" => in_lambda = false,
                    _ => {}
                }
            } else if self.is_name(k) && self.text(k) == "lambda" {
                in_lambda = true;
            }
            k = self.skip(k).min(e.max(k + 1));
        }
        if e > start {
            out.push((start, e));
        }
        Some(out)
    }

    /// Does the call whose `(` is at `open` pass one of `names` as a keyword? (A scan of
    /// its top-level tokens, without building the call.)
    pub fn has_keyword(&self, open: usize, names: &[&str]) -> bool {
        let Some(close) = self.partner(open).filter(|&c| c > open) else {
            return false;
        };
        let mut k = open + 1;
        while k < close {
            if self.is_op(k + 1, "=") && self.is_name(k) && names.contains(&self.text(k)) {
                return true;
            }
            k = self.skip(k);
        }
        false
    }

    /// The call whose `(` is at `open`, with its arguments.
    pub fn call_at(&self, open: usize) -> Option<Call<'a>> {
        if !self.is_call_paren(open) {
            return None;
        }
        let close = self.partner(open)?;
        let callee = self.callee(open);
        let (line, column) = self.line_col(callee.start);
        let mut args = Vec::new();
        let mut keywords = Vec::new();
        for (a, b) in self.split(open + 1, close) {
            if self.is_op(a, "**") {
                let (kl, kc) = self.line_col(a);
                keywords.push(Keyword {
                    name: None,
                    value: self.summarize(a + 1, b),
                    line: kl,
                    column: kc,
                });
            } else if self.is_ident(a) && self.is_op(a + 1, "=") && a + 1 < b {
                let (kl, kc) = self.line_col(a);
                keywords.push(Keyword {
                    name: Some(self.text(a)),
                    value: self.summarize(a + 2, b),
                    line: kl,
                    column: kc,
                });
            } else {
                args.push(self.summarize(a, b));
            }
        }
        Some(Call {
            callee: callee.text,
            dotted: callee.dotted,
            line,
            column,
            start: callee.start,
            open,
            close,
            args,
            keywords,
        })
    }

    /// Every call, in the order of their `(`.
    pub fn calls(&self) -> Vec<Call<'a>> {
        (0..self.toks.len())
            .filter_map(|i| {
                if self.is_call_paren(i) {
                    self.call_at(i)
                } else {
                    None
                }
            })
            .collect()
    }

    /// Statements as token ranges (split at logical line ends and top-level `;`).
    pub fn statements(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let n = self.toks.len();
        let (mut s, mut k) = (0, 0);
        std::iter::from_fn(move || {
            while k < n {
                if self.toks[k].kind() == Kind::Newline || self.is_op(k, ";") {
                    let range = (s, k);
                    s = k + 1;
                    k += 1;
                    if range.1 > range.0 {
                        return Some(range);
                    }
                } else {
                    k = self.skip(k);
                }
            }
            if n > s {
                let range = (s, n);
                s = n;
                return Some(range);
            }
            None
        })
    }

    /// Assignments `target = value` whose target is a (dotted) name, in source order.
    pub fn assignments(&self) -> Vec<Assign<'a>> {
        self.assignments_where(|_| true)
    }

    /// Assignments whose target's last name satisfies `keep` (values of the others are
    /// not summarised).
    pub fn assignments_where(&self, keep: impl Fn(&str) -> bool) -> Vec<Assign<'a>> {
        let mut out = Vec::new();
        let bytes = self.src.as_bytes();
        let n = self.toks.len();
        // One pass: statements end at a logical line end or a top-level `;`; their
        // top-level `=` (up to a `lambda`, whose defaults are not assignments) are collected.
        // A one-byte token `\n`, `;`, `=` or bracket can only be that operator.
        let mut eqs: Vec<usize> = Vec::new();
        let (mut s, mut k, mut in_lambda) = (0, 0, false);
        while k < n {
            let t = self.toks[k];
            let len = t.end.wrapping_sub(t.start);
            if len == 1 {
                match bytes.get(t.start as usize) {
                    Some(b'\n' | b';') => {
                        if !eqs.is_empty() {
                            self.assignment(s, k, &eqs, &keep, &mut out);
                            eqs.clear();
                        }
                        in_lambda = false;
                        s = k + 1;
                    }
                    Some(b'=') if !in_lambda && eqs.len() < MAX_TARGETS => eqs.push(k),
                    Some(b'(' | b'[' | b'{') => {
                        k = self.skip(k);
                        continue;
                    }
                    _ => {}
                }
            } else if t.kind() == Kind::FStrStart {
                k = self.skip(k);
                continue;
            } else if len == 6 && t.text(self.src) == "lambda" {
                in_lambda = true;
            }
            k += 1;
        }
        if !eqs.is_empty() {
            self.assignment(s, n, &eqs, &keep, &mut out);
        }
        out
    }

    /// The assignments of statement `s..e` with top-level `=` at `eqs`.
    fn assignment(
        &self,
        s: usize,
        e: usize,
        eqs: &[usize],
        keep: &impl Fn(&str) -> bool,
        out: &mut Vec<Assign<'a>>,
    ) {
        let Some(&last) = eqs.last() else { return };
        let mut value = None;
        let mut from = s;
        for &eq in eqs {
            if let Some((a, b)) = self.target(from, eq) {
                if keep(self.text(b - 1)) {
                    let (line, column) = self.line_col(a);
                    let value = value.get_or_insert_with(|| self.summarize(last + 1, e));
                    out.push(Assign {
                        target: self.dotted_text(a, b),
                        value: value.clone(),
                        line,
                        column,
                    });
                }
            }
            from = eq + 1;
        }
    }

    /// The dotted-name target in `s..e` (before an `=`), skipping a compound statement's
    /// header (`if x: a = 1`) and an annotation (`a: int = 1`).
    fn target(&self, s: usize, e: usize) -> Option<(usize, usize)> {
        let (mut first_colon, mut last_colon) = (None, None);
        let mut k = s;
        while k < e {
            if self.is_op(k, ":") {
                first_colon = first_colon.or(Some(k));
                last_colon = Some(k);
            }
            k = self.skip(k);
        }
        let compound = self.is_name(s)
            && matches!(
                self.text(s),
                "if" | "elif"
                    | "else"
                    | "while"
                    | "for"
                    | "with"
                    | "try"
                    | "except"
                    | "finally"
                    | "def"
                    | "class"
                    | "async"
            );
        let (a, b) = match (compound, first_colon, last_colon) {
            (true, _, Some(c)) => (c + 1, e),
            (false, Some(c), _) => (s, c),
            _ => (s, e),
        };
        if a >= b || !self.is_ident(a) {
            return None;
        }
        let mut k = a + 1;
        while k + 1 < b && self.is_op(k, ".") && self.is_ident(k + 1) {
            k += 2;
        }
        (k == b).then_some((a, b))
    }
}

/// Python's truthiness of a numeric literal: zero in any base or form is false.
fn number_truthy(text: &str) -> bool {
    let t = text.to_ascii_lowercase().replace('_', "");
    let t = t.trim_end_matches(['j', 'l']);
    let digits = if let Some(r) = t
        .strip_prefix("0x")
        .or_else(|| t.strip_prefix("0o"))
        .or_else(|| t.strip_prefix("0b"))
    {
        r
    } else {
        t.split('e').next().unwrap_or("")
    };
    digits
        .bytes()
        .any(|c| c.is_ascii_alphanumeric() && c != b'0')
}

/// The callee of a call: as written (`sp.Popen`; `requests.Session().get` with call and
/// subscript groups shown as `()`/`[]`), whether it is a plain dotted name, its first token.
#[derive(Clone, Debug, PartialEq)]
pub struct Callee<'a> {
    pub text: Cow<'a, str>,
    pub dotted: bool,
    pub start: usize,
}

/// A small summary of an expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    /// String or bytes literal(s), implicitly concatenated; f-strings without fields count.
    Str(Cow<'a, str>),
    /// An f-string with replacement fields.
    FStr,
    /// A number literal, and whether it is non-zero.
    Num(bool),
    Bool(bool),
    None,
    Name(&'a str),
    /// A dotted name `a.b.c`.
    Attr(Cow<'a, str>),
    /// A call; `open` is the token index of its `(` (see `Parsed::call_at`).
    Call {
        callee: Cow<'a, str>,
        open: usize,
    },
    Tuple(Vec<Expr<'a>>),
    List(Vec<Expr<'a>>),
    /// A dict or set display, with its `**splat` entries.
    Dict {
        splats: Vec<Expr<'a>>,
    },
    /// `*args`
    Starred,
    Other,
}

/// An expression summary, its token range and the position of its first token.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr<'a> {
    pub value: Value<'a>,
    pub first: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
}

impl Expr<'_> {
    /// A literal string, number, `True`/`False` or `None`.
    pub fn is_literal(&self) -> bool {
        matches!(
            self.value,
            Value::Str(_) | Value::Num(_) | Value::Bool(_) | Value::None
        )
    }

    /// The truth value of a literal (`None` when it is not a literal).
    pub fn truthy(&self) -> Option<bool> {
        match &self.value {
            Value::Str(s) => Some(!s.is_empty()),
            Value::Num(b) | Value::Bool(b) => Some(*b),
            Value::None => Some(false),
            _ => None,
        }
    }

    pub fn str_value(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The (dotted) name, for `Name` and `Attr`.
    pub fn dotted(&self) -> Option<&str> {
        match &self.value {
            Value::Name(n) => Some(n),
            Value::Attr(a) => Some(a),
            _ => None,
        }
    }
}

/// A keyword argument (`name=value`, or `**value` with no name).
#[derive(Clone, Debug, PartialEq)]
pub struct Keyword<'a> {
    pub name: Option<&'a str>,
    pub value: Expr<'a>,
    pub line: usize,
    pub column: usize,
}

/// One call expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Call<'a> {
    pub callee: Cow<'a, str>,
    pub dotted: bool,
    /// Position of the callee's first token.
    pub line: usize,
    pub column: usize,
    /// Token indices: the callee's first token, the `(` and the `)`.
    pub start: usize,
    pub open: usize,
    pub close: usize,
    pub args: Vec<Expr<'a>>,
    pub keywords: Vec<Keyword<'a>>,
}

impl<'a> Call<'a> {
    pub fn keyword(&self, name: &str) -> Option<&Keyword<'a>> {
        self.keywords.iter().find(|k| k.name == Some(name))
    }

    /// Has a `**kwargs` argument (so any keyword may be set).
    pub fn has_kwargs_splat(&self) -> bool {
        self.keywords.iter().any(|k| k.name.is_none())
    }

    /// Positional argument `i`, unless a `*args` comes before it.
    pub fn arg(&self, i: usize) -> Option<&Expr<'a>> {
        if self.args.iter().take(i).any(|a| a.value == Value::Starred) {
            return None;
        }
        self.args.get(i)
    }

    /// The argument passed positionally at `i` or by keyword `name`.
    pub fn param(&self, i: usize, name: &str) -> Option<&Expr<'a>> {
        self.keyword(name).map(|k| &k.value).or_else(|| self.arg(i))
    }
}

/// An assignment `target = value` (each target of a chained assignment separately).
#[derive(Clone, Debug, PartialEq)]
pub struct Assign<'a> {
    pub target: Cow<'a, str>,
    pub value: Expr<'a>,
    pub line: usize,
    pub column: usize,
}

/// Every call in `src` (convenience for callers that do not need the token stream).
pub fn extract_calls(src: &str) -> Vec<Call<'_>> {
    Parsed::new(src).calls()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn callees(src: &str) -> Vec<String> {
        extract_calls(src)
            .into_iter()
            .map(|c| c.callee.into_owned())
            .collect()
    }

    #[test]
    fn multi_line_call_with_keywords() {
        let src = "import subprocess\nsubprocess.run(\n    cmd,\n    shell=True,\n)\n";
        let calls = extract_calls(src);
        assert_eq!(calls.len(), 1);
        let c = &calls[0];
        assert_eq!(c.callee, "subprocess.run");
        assert!(c.dotted);
        assert_eq!((c.line, c.column), (2, 1));
        assert_eq!(c.args.len(), 1);
        assert_eq!(c.args[0].value, Value::Name("cmd"));
        let k = c.keyword("shell").unwrap();
        assert_eq!(k.value.value, Value::Bool(true));
        assert_eq!((k.line, k.column), (4, 5));
    }

    #[test]
    fn nested_and_chained_calls() {
        let src = "x = yaml.load(open(p, 'rb'), Loader=yaml.Loader).get('k')\n";
        assert_eq!(callees(src), ["yaml.load", "open", "yaml.load().get"]);
        let calls = extract_calls(src);
        let load = &calls[0];
        assert!(matches!(&load.args[0].value, Value::Call { callee, .. } if callee == "open"));
        assert_eq!(
            load.keyword("Loader").unwrap().value.value,
            Value::Attr("yaml.Loader".into())
        );
        assert_eq!(calls[1].args[1].value, Value::Str("rb".into()));
        assert!(!calls[2].dotted);
        assert_eq!(
            callees("requests.Session().get(u, verify=False)"),
            ["requests.Session", "requests.Session().get"]
        );
        assert_eq!(callees("a[0].b(1)(2)"), ["a[].b", "a[].b()"]);
        assert_eq!(callees("' '.join(x)"), ["''.join"]);
        assert_eq!(callees("(a or b).c(1)"), ["().c"]);
    }

    #[test]
    fn definitions_and_keywords_are_not_calls() {
        assert_eq!(
            callees("def eval(x=f(1)):\n    return (x)\nclass A(B): pass\nif (a): pass\n"),
            ["f"]
        );
    }

    #[test]
    fn calls_in_decorators_lambdas_comprehensions_fstrings() {
        let src =
            "@app.route('/x', methods=['GET'])\ndef h():\n    f = lambda c: os.system(c)\n    \
                   [pickle.loads(b) for b in bs]\n    s = f\"{eval(e)!r:>{w(1)}}\"\n";
        assert_eq!(
            callees(src),
            ["app.route", "os.system", "pickle.loads", "eval", "w"]
        );
    }

    #[test]
    fn argument_summaries() {
        let src = "f('a' 'b', f'x{y}', f'plain', 0, 1.5, None, *rest, k=os.environ.copy(), \
                   e={**os.environ, 'A': '1'}, t=('0.0.0.0', 80), l=[1, 2], g=(x for x in y), \
                   h=lambda a, b: a, **kw)";
        let calls = extract_calls(src);
        let c = calls.iter().find(|c| c.callee == "f").unwrap();
        let v: Vec<&Value> = c.args.iter().map(|a| &a.value).collect();
        assert_eq!(
            v,
            [
                &Value::Str("ab".into()),
                &Value::FStr,
                &Value::Str("plain".into()),
                &Value::Num(false),
                &Value::Num(true),
                &Value::None,
                &Value::Starred,
            ]
        );
        assert_eq!(c.arg(6).unwrap().value, Value::Starred);
        let after_star = extract_calls("g(*a, b)");
        assert!(
            after_star[0].arg(1).is_none(),
            "positions after *a are unknown"
        );
        assert!(
            matches!(&c.keyword("k").unwrap().value.value, Value::Call { callee, .. } if callee == "os.environ.copy")
        );
        match &c.keyword("e").unwrap().value.value {
            Value::Dict { splats } => {
                assert_eq!(splats[0].value, Value::Attr("os.environ".into()))
            }
            v => panic!("{v:?}"),
        }
        match &c.keyword("t").unwrap().value.value {
            Value::Tuple(items) => assert_eq!(items[0].value, Value::Str("0.0.0.0".into())),
            v => panic!("{v:?}"),
        }
        assert!(matches!(c.keyword("l").unwrap().value.value, Value::List(ref v) if v.len() == 2));
        assert_eq!(c.keyword("g").unwrap().value.value, Value::Other);
        assert_eq!(c.keyword("h").unwrap().value.value, Value::Other);
        assert!(c.has_kwargs_splat());
        assert_eq!(c.keywords.len(), 7);
    }

    #[test]
    fn assignments_targets() {
        let src = "HOST = '0.0.0.0'\nctx.check_hostname = False\nif x: self.a.b = 1\n\
                   port: int = 80\na = b = 'x'\nf = lambda x=1: x\nd['k'] = 2\nx == 3\n";
        let p = Parsed::new(src);
        let a: Vec<(String, Value)> = p
            .assignments()
            .into_iter()
            .map(|a| (a.target.into_owned(), a.value.value))
            .collect();
        assert_eq!(
            a,
            [
                ("HOST".to_string(), Value::Str("0.0.0.0".into())),
                ("ctx.check_hostname".to_string(), Value::Bool(false)),
                ("self.a.b".to_string(), Value::Num(true)),
                ("port".to_string(), Value::Num(true)),
                ("a".to_string(), Value::Str("x".into())),
                ("b".to_string(), Value::Str("x".into())),
                ("f".to_string(), Value::Other),
            ]
        );
    }

    #[test]
    fn number_truthiness() {
        for z in ["0", "0.0", "0x0", "0_0", "0e5", "0j", ".0"] {
            assert!(!number_truthy(z), "{z}");
        }
        for t in ["1", "0.1", "0x10", "1e-3", "2j"] {
            assert!(number_truthy(t), "{t}");
        }
    }

    #[test]
    fn public_helpers_tolerate_bad_indices() {
        let p = Parsed::new("f(a, b)");
        let n = p.toks.len();
        assert_eq!(p.callee(0).text, "");
        assert_eq!(p.callee(n + 5).text, "");
        assert_eq!(p.summarize(3, 1).value, Value::Other);
        assert_eq!(p.summarize(0, n + 9).value, Value::Other);
        assert_eq!(p.split(2, n + 9).len(), 2);
        assert!(p.call_at(n + 1).is_none());
        assert!(!p.has_keyword(n + 1, &["x"]));
        assert_eq!(p.dotted_text(5, 2), "");
    }

    #[test]
    fn mismatched_brackets_do_not_pair() {
        let p = Parsed::new("f(a[1)]\ng(b)\n");
        assert!(p.calls().iter().any(|c| c.callee == "g"));
        let p = Parsed::new("f(x, f\"{)}\")");
        assert!(p.calls().iter().any(|c| c.callee == "f"));
    }
}
