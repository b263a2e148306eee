//! A Python tokenizer that is good enough to find calls: names, numbers, strings (every
//! prefix, triple quotes, escapes), f-strings (PEP 701: the expressions inside replacement
//! fields are tokenized like ordinary code, so calls in them are seen), operators, comments
//! and explicit/implicit line joining. Logical line ends are `Newline` tokens; indentation
//! is not tracked. It never fails: malformed input (unterminated strings, stray bytes,
//! unbalanced brackets) still gives a token stream, in one pass and linear time.

/// What a token is. Operators, brackets and stray characters are all `Op`: its text says which.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    Name,
    Number,
    /// A complete string literal that is not an f-string (`'a'`, `b"x"`, `r'''…'''`).
    Str,
    /// `f"` / `rf'''` …: the prefix and opening quote. The tokens of the replacement fields
    /// follow, then `FStrEnd`.
    FStrStart,
    /// The end of one replacement field's expression (its `}` or the `:` before a format spec).
    FStrMid,
    /// The closing quote of an f-string (zero width if it is unterminated).
    FStrEnd,
    Op,
    /// End of a logical line (only outside brackets).
    Newline,
}

/// One token: byte offsets into the source, 1-based line and 1-based column (in chars).
/// 16 bytes: the kind shares a word with the line number (lines past 2^29 saturate).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    line_kind: u32,
    pub col: u32,
}

const LINE_BITS: u32 = 29;
const LINE_MASK: u32 = (1 << LINE_BITS) - 1;

impl Token {
    pub fn new(kind: Kind, start: u32, end: u32, line: u32, col: u32) -> Token {
        let k = kind as u32; // 0..=7, in declaration order
        Token {
            start,
            end,
            line_kind: (k << LINE_BITS) | line.min(LINE_MASK),
            col,
        }
    }

    pub fn kind(&self) -> Kind {
        match self.line_kind >> LINE_BITS {
            0 => Kind::Name,
            1 => Kind::Number,
            2 => Kind::Str,
            3 => Kind::FStrStart,
            4 => Kind::FStrMid,
            5 => Kind::FStrEnd,
            6 => Kind::Op,
            _ => Kind::Newline,
        }
    }

    pub fn line(&self) -> u32 {
        self.line_kind & LINE_MASK
    }

    /// The token's source text ("" if the offsets do not fit the source).
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        src.get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }
}

/// Deeper f-string nesting is lexed as plain strings (CPython's own limit is far lower).
const MAX_FSTRING_NESTING: usize = 64;

#[derive(Clone, Copy, Debug)]
struct FStr {
    quote: u8,
    triple: bool,
    raw: bool,
}

#[derive(Clone, Copy, Debug)]
enum Mode {
    /// The literal text of an f-string.
    Lit(FStr),
    /// A replacement field's expression; the number is its own bracket depth.
    Field(FStr, u32),
    /// A format spec (after the field's top-level `:`).
    Spec(FStr),
}

/// No partner bracket.
pub const NONE: u32 = u32::MAX;

/// How far down the bracket stack a closing bracket looks for its opener.
const MAX_MISMATCH_SEARCH: usize = 16;

/// Tokenizes `src`. Sources longer than `u32::MAX` bytes are cut there (at a char boundary).
pub fn tokenize(src: &str) -> Vec<Token> {
    lex(src).toks
}

/// The token stream with what the lexer learns on the way.
pub struct Lexed {
    pub toks: Vec<Token>,
    /// For a bracket (or an f-string's start and end): the index of its partner, else
    /// `NONE`. Brackets pair as Python pairs them; a mismatched closer is left unpaired and
    /// never pairs across an f-string boundary.
    pub partner: Vec<u32>,
    /// Indices of the `import` keywords.
    pub imports: Vec<u32>,
}

/// Tokenizes `src` and pairs its brackets.
pub fn lex(src: &str) -> Lexed {
    let mut end = src.len().min(u32::MAX as usize);
    while !src.is_char_boundary(end) {
        end -= 1;
    }
    let src = &src[..end];
    let cap = src.len() / 3 + 16;
    let mut lx = Lexer {
        b: src.as_bytes(),
        pos: 0,
        line: 1,
        line_start: 0,
        col_off: 0,
        col: 0,
        all_ascii: src.is_ascii(),
        line_ascii: None,
        depth: 0,
        modes: Vec::new(),
        out: Vec::with_capacity(cap),
        partner: Vec::with_capacity(cap),
        stack: Vec::new(),
        imports: Vec::new(),
    };
    lx.run();
    Lexed {
        toks: lx.out,
        partner: lx.partner,
        imports: lx.imports,
    }
}

struct Lexer<'a> {
    b: &'a [u8],
    pos: usize,
    line: u32,
    line_start: usize,
    /// Column cache: `col` chars lie between `line_start` and `col_off`.
    col_off: usize,
    col: u32,
    /// The whole source is ASCII: columns are byte distances.
    all_ascii: bool,
    /// Whether the current line is ASCII, once known.
    line_ascii: Option<bool>,
    /// Bracket depth of ordinary code.
    depth: u32,
    modes: Vec<Mode>,
    out: Vec<Token>,
    partner: Vec<u32>,
    /// Open brackets: (token index, opening byte; `f` for an f-string start).
    stack: Vec<(u32, u8)>,
    imports: Vec<u32>,
}

/// Bytes that may continue a name (ASCII letters, digits, `_`, any non-ASCII byte).
const NAME_CHAR: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80;
        i += 1;
    }
    t
};

fn is_name_start(c: u8) -> bool {
    NAME_CHAR[c as usize] && !c.is_ascii_digit()
}

fn is_name_char(c: u8) -> bool {
    NAME_CHAR[c as usize]
}

fn is_prefix_char(c: u8) -> bool {
    matches!(
        c,
        b'r' | b'R' | b'b' | b'B' | b'u' | b'U' | b'f' | b'F' | b't' | b'T'
    )
}

/// Length of the operator at the start of `rest` (longest match, at least 1).
fn op_len(rest: &[u8]) -> usize {
    let c = rest[0];
    let n = rest.get(1).copied().unwrap_or(0);
    let n2 = rest.get(2).copied().unwrap_or(0);
    match c {
        b'*' | b'/' | b'<' | b'>' if n == c => {
            if n2 == b'=' {
                3
            } else {
                2
            }
        }
        b'.' if n == b'.' && n2 == b'.' => 3,
        b'-' if n == b'>' => 2,
        b'*' | b'/' | b'<' | b'>' | b'-' | b'+' | b'%' | b'&' | b'|' | b'^' | b'@' | b'='
        | b'!' | b':'
            if n == b'=' =>
        {
            2
        }
        _ => 1,
    }
}

impl Lexer<'_> {
    fn at(&self, i: usize) -> u8 {
        self.b.get(i).copied().unwrap_or(0)
    }

    /// 1-based column (in chars) of byte offset `off` on the current line.
    #[inline]
    fn col_at(&mut self, off: usize) -> u32 {
        let off = off.max(self.line_start).min(self.b.len());
        if self.all_ascii || self.line_is_ascii() {
            return u32::try_from(off - self.line_start + 1).unwrap_or(u32::MAX);
        }
        if self.col_off < self.line_start || self.col_off > off {
            self.col_off = self.line_start;
            self.col = 0;
        }
        let chars = self.b[self.col_off..off]
            .iter()
            .filter(|&&c| (c & 0xC0) != 0x80)
            .count();
        self.col = self.col.saturating_add(chars as u32);
        self.col_off = off;
        self.col.saturating_add(1)
    }

    fn line_is_ascii(&mut self) -> bool {
        let start = self.line_start;
        *self.line_ascii.get_or_insert_with(|| {
            self.b[start..]
                .iter()
                .take_while(|&&c| c != b'\n')
                .all(|&c| c < 0x80)
        })
    }

    /// Records that the byte at `i` is a `\n`.
    fn newline_at(&mut self, i: usize) {
        self.line = self.line.saturating_add(1);
        self.line_start = i + 1;
        self.line_ascii = None;
    }

    #[inline]
    fn push_at(&mut self, kind: Kind, start: usize, end: usize, line: u32, col: u32) {
        let i = self.out.len() as u32;
        self.out
            .push(Token::new(kind, start as u32, end as u32, line, col));
        self.partner.push(NONE);
        match kind {
            Kind::Op if end == start + 1 => match self.b[start] {
                c @ (b'(' | b'[' | b'{') => self.stack.push((i, c)),
                b')' => self.close(i, b'('),
                b']' => self.close(i, b'['),
                b'}' => self.close(i, b'{'),
                _ => {}
            },
            Kind::FStrStart => self.stack.push((i, b'f')),
            Kind::FStrEnd => self.close(i, b'f'),
            _ => {}
        }
    }

    /// Pairs the closer at token `i` with its opener (`f`: an f-string start).
    fn close(&mut self, i: u32, opener: u8) {
        if let Some(&(open, c)) = self.stack.last() {
            if c == opener {
                self.stack.pop();
                self.pair(open, i);
                return;
            }
        }
        // Unclosed brackets inside: look further down, but never across an f-string start
        // (an f-string's end closes everything opened inside it).
        let limit = if opener == b'f' {
            usize::MAX
        } else {
            MAX_MISMATCH_SEARCH
        };
        let found = self
            .stack
            .iter()
            .rev()
            .take(limit)
            .position(|&(_, c)| c == opener || c == b'f')
            .map(|d| self.stack.len() - 1 - d)
            .filter(|&at| self.stack[at].1 == opener);
        if let Some(at) = found {
            let (open, _) = self.stack[at];
            self.stack.truncate(at);
            self.pair(open, i);
        }
    }

    fn pair(&mut self, a: u32, b: u32) {
        if let Some(p) = self.partner.get_mut(a as usize) {
            *p = b;
        }
        if let Some(p) = self.partner.get_mut(b as usize) {
            *p = a;
        }
    }

    #[inline]
    fn push(&mut self, kind: Kind, start: usize, end: usize) {
        let col = self.col_at(start);
        self.push_at(kind, start, end, self.line, col);
    }

    fn run(&mut self) {
        while self.pos < self.b.len() {
            match self.modes.last().copied() {
                None => self.normal(),
                Some(Mode::Lit(f)) => self.fstr_lit(f),
                Some(Mode::Field(f, d)) => self.field(f, d),
                Some(Mode::Spec(f)) => self.spec(f),
            }
        }
        // Close whatever f-strings are still open at the end of the input.
        while let Some(m) = self.modes.pop() {
            if matches!(m, Mode::Lit(_)) {
                let p = self.pos;
                self.push(Kind::FStrEnd, p, p);
            }
        }
    }

    /// Ends the innermost f-string: pops its modes and emits `FStrEnd` over `start..end`.
    fn end_fstring(&mut self, start: usize, end: usize) {
        while let Some(m) = self.modes.pop() {
            if matches!(m, Mode::Lit(_)) {
                break;
            }
        }
        self.push(Kind::FStrEnd, start, end);
        self.pos = end;
    }

    /// Skips a comment up to (not including) its line end.
    fn skip_comment(&mut self) {
        while self.pos < self.b.len() && self.b[self.pos] != b'\n' {
            self.pos += 1;
        }
    }

    /// A backslash: line continuation if a line end follows, else a stray `\` operator.
    fn backslash(&mut self) {
        let p = self.pos;
        if self.at(p + 1) == b'\n' {
            self.newline_at(p + 1);
            self.pos = p + 2;
        } else if self.at(p + 1) == b'\r' && self.at(p + 2) == b'\n' {
            self.newline_at(p + 2);
            self.pos = p + 3;
        } else {
            self.push(Kind::Op, p, p + 1);
            self.pos = p + 1;
        }
    }

    fn normal(&mut self) {
        let p = self.pos;
        match self.b[p] {
            b' ' | b'\t' | b'\x0c' | b'\r' => {
                let mut q = p + 1;
                while q < self.b.len() && matches!(self.b[q], b' ' | b'\t') {
                    q += 1;
                }
                self.pos = q;
            }
            b'\n' => {
                if self.depth == 0 && self.out.last().is_some_and(|t| t.kind() != Kind::Newline) {
                    self.push(Kind::Newline, p, p + 1);
                }
                self.newline_at(p);
                self.pos = p + 1;
                if self.depth > 0 && self.starts_top_level_statement(p + 1) {
                    // Recovery from an unclosed bracket: a `def`/`class`/`import` at column
                    // 0 cannot be inside brackets, so the bracket was never closed.
                    self.depth = 0;
                    self.push(Kind::Newline, p, p + 1);
                }
            }
            b'#' => self.skip_comment(),
            b'\\' => self.backslash(),
            0xEF if self.b[p..].starts_with("\u{feff}".as_bytes()) => self.pos += 3, // BOM
            _ => {
                if let Some(op) = self.token() {
                    match op {
                        b'(' | b'[' | b'{' => self.depth = self.depth.saturating_add(1),
                        b')' | b']' | b'}' => self.depth = self.depth.saturating_sub(1),
                        _ => {}
                    }
                }
            }
        }
    }

    fn starts_top_level_statement(&self, i: usize) -> bool {
        let rest = &self.b[i.min(self.b.len())..];
        [&b"def "[..], b"class ", b"import ", b"from ", b"async def "]
            .iter()
            .any(|kw| rest.starts_with(kw))
    }

    /// Lexes one name, number, string or operator at `pos`. Returns the byte of a
    /// one-character operator (for bracket tracking), else `None`.
    #[inline]
    fn token(&mut self) -> Option<u8> {
        let p = self.pos;
        let c = self.b[p];
        if c == b'\'' || c == b'"' {
            self.string(p, p);
            return None;
        }
        if is_prefix_char(c) {
            let mut q = p;
            while q < self.b.len() && q - p < 3 && is_prefix_char(self.b[q]) {
                q += 1;
            }
            if q - p <= 2 && matches!(self.at(q), b'\'' | b'"') {
                self.string(p, q);
                return None;
            }
        }
        if is_name_start(c) {
            let mut q = p + 1;
            while q < self.b.len() && is_name_char(self.b[q]) {
                q += 1;
            }
            if q - p == 6 && self.b[p..q] == *b"import" {
                self.imports.push(self.out.len() as u32);
            }
            self.push(Kind::Name, p, q);
            self.pos = q;
            return None;
        }
        if c.is_ascii_digit() || (c == b'.' && self.at(p + 1).is_ascii_digit()) {
            self.number(p);
            return None;
        }
        let len = op_len(&self.b[p..]);
        self.push(Kind::Op, p, p + len);
        self.pos = p + len;
        (len == 1).then_some(c)
    }

    /// A number: `0x1F`, `0o17`, `0b1`, `1_000`, `1.5e-3`, `.5j`. It stops at the first
    /// character that cannot continue it, so `1if x else 2` gives `1`, `if`, ….
    fn number(&mut self, p: usize) {
        let n = self.b.len();
        let mut q = p;
        if self.at(p) == b'0' && matches!(self.at(p + 1), b'x' | b'X' | b'o' | b'O' | b'b' | b'B') {
            q = p + 2;
            while q < n && (self.b[q].is_ascii_hexdigit() || self.b[q] == b'_') {
                q += 1;
            }
        } else {
            while q < n {
                let c = self.b[q];
                if c.is_ascii_digit() || c == b'_' || c == b'.' {
                    q += 1;
                } else if matches!(c, b'e' | b'E') && self.at(q + 1).is_ascii_digit() {
                    q += 2;
                } else if matches!(c, b'e' | b'E')
                    && matches!(self.at(q + 1), b'+' | b'-')
                    && self.at(q + 2).is_ascii_digit()
                {
                    q += 3;
                } else {
                    if matches!(c, b'j' | b'J' | b'l' | b'L') {
                        q += 1;
                    }
                    break;
                }
            }
        }
        let q = q.min(n);
        self.push(Kind::Number, p, q);
        self.pos = q;
    }

    /// A string literal whose prefix starts at `start` and whose opening quote is at `q`.
    fn string(&mut self, start: usize, q: usize) {
        let prefix = &self.b[start..q];
        let raw = prefix.iter().any(|c| matches!(c, b'r' | b'R'));
        let fmt = prefix
            .iter()
            .any(|c| matches!(c, b'f' | b'F' | b't' | b'T'));
        let quote = self.b[q];
        let triple = self.at(q + 1) == quote && self.at(q + 2) == quote;
        let body = if triple { q + 3 } else { q + 1 };
        let f = FStr { quote, triple, raw };
        if fmt && self.modes.len() < MAX_FSTRING_NESTING {
            self.push(Kind::FStrStart, start, body);
            self.pos = body;
            self.modes.push(Mode::Lit(f));
            return;
        }
        let line = self.line;
        let col = self.col_at(start);
        let mut i = body;
        let end = loop {
            if i >= self.b.len() {
                break self.b.len();
            }
            match self.b[i] {
                b'\\' => {
                    if self.at(i + 1) == b'\n' {
                        self.newline_at(i + 1);
                    } else if self.at(i + 1) == b'\r' && self.at(i + 2) == b'\n' {
                        self.newline_at(i + 2);
                        i += 1;
                    }
                    i += 2;
                }
                b'\n' => {
                    if !triple {
                        break i; // unterminated: the string ends with its line
                    }
                    self.newline_at(i);
                    i += 1;
                }
                c if c == quote => {
                    if !triple {
                        break i + 1;
                    }
                    if self.at(i + 1) == quote && self.at(i + 2) == quote {
                        break i + 3;
                    }
                    i += 1;
                }
                _ => i += 1,
            }
        };
        let end = end.min(self.b.len());
        self.push_at(Kind::Str, start, end, line, col);
        self.pos = end;
    }

    /// Is there the f-string's closing quote at `i`? Returns its end.
    fn closing_quote(&self, f: FStr, i: usize) -> Option<usize> {
        if self.at(i) != f.quote {
            return None;
        }
        if !f.triple {
            return Some(i + 1);
        }
        (self.at(i + 1) == f.quote && self.at(i + 2) == f.quote).then_some(i + 3)
    }

    /// The literal part of an f-string, up to the next replacement field or its end.
    fn fstr_lit(&mut self, f: FStr) {
        let mut i = self.pos;
        while i < self.b.len() {
            match self.b[i] {
                b'{' => {
                    if self.at(i + 1) == b'{' {
                        i += 2;
                        continue;
                    }
                    self.pos = i + 1;
                    self.modes.push(Mode::Field(f, 0));
                    return;
                }
                b'\\' => {
                    let n = self.at(i + 1);
                    if n == b'\n' {
                        self.newline_at(i + 1);
                        i += 2;
                    } else if n == b'\r' && self.at(i + 2) == b'\n' {
                        self.newline_at(i + 2);
                        i += 3;
                    } else if f.raw {
                        // In a raw string a backslash only keeps a quote or backslash literal.
                        i += if n == f.quote || n == b'\\' { 2 } else { 1 };
                    } else if n == b'N' && self.at(i + 2) == b'{' {
                        // \N{NAME}: the braces are not a replacement field.
                        i += 3;
                        while i < self.b.len() && !matches!(self.b[i], b'}' | b'\n') {
                            i += 1;
                        }
                        if self.at(i) == b'}' {
                            i += 1;
                        }
                    } else if n == b'{' || n == b'}' {
                        i += 1;
                    } else {
                        i += 2;
                    }
                }
                b'\n' => {
                    if !f.triple {
                        self.end_fstring(i, i); // unterminated
                        return;
                    }
                    self.newline_at(i);
                    i += 1;
                }
                _ => {
                    if let Some(end) = self.closing_quote(f, i) {
                        self.end_fstring(i, end);
                        return;
                    }
                    i += 1;
                }
            }
        }
        self.pos = self.b.len();
    }

    fn set_field_depth(&mut self, d: u32) {
        if let Some(Mode::Field(_, depth)) = self.modes.last_mut() {
            *depth = d;
        }
    }

    /// One step inside a replacement field's expression.
    fn field(&mut self, f: FStr, depth: u32) {
        let p = self.pos;
        match self.b[p] {
            b' ' | b'\t' | b'\x0c' | b'\r' => self.pos += 1,
            b'\n' => {
                if !f.triple && depth == 0 {
                    self.end_fstring(p, p); // unterminated single-line f-string
                } else {
                    self.newline_at(p);
                    self.pos = p + 1;
                }
            }
            b'}' if depth == 0 => {
                self.push(Kind::FStrMid, p, p + 1);
                self.pos = p + 1;
                self.modes.pop();
            }
            b':' if depth == 0 && self.at(p + 1) != b'=' => {
                self.push(Kind::FStrMid, p, p + 1);
                self.pos = p + 1;
                if let Some(m) = self.modes.last_mut() {
                    *m = Mode::Spec(f);
                }
            }
            b'#' if f.triple => self.skip_comment(),
            b'\\' => self.backslash(),
            _ => {
                if let Some(op) = self.token() {
                    match op {
                        b'(' | b'[' | b'{' => self.set_field_depth(depth.saturating_add(1)),
                        b')' | b']' | b'}' => self.set_field_depth(depth.saturating_sub(1)),
                        _ => {}
                    }
                }
            }
        }
    }

    /// One step inside a format spec: literal text with nested replacement fields.
    fn spec(&mut self, f: FStr) {
        let p = self.pos;
        match self.b[p] {
            b'{' => {
                self.pos = p + 1;
                self.modes.push(Mode::Field(f, 0));
            }
            b'}' => {
                self.push(Kind::FStrMid, p, p + 1);
                self.pos = p + 1;
                self.modes.pop();
            }
            b'\n' => {
                if f.triple {
                    self.newline_at(p);
                    self.pos = p + 1;
                } else {
                    self.end_fstring(p, p);
                }
            }
            b'\\' if !f.raw => {
                if self.at(p + 1) == b'\n' {
                    self.newline_at(p + 1);
                }
                self.pos = p + 2;
            }
            _ => match self.closing_quote(f, p) {
                Some(end) => self.end_fstring(p, end),
                None => self.pos = p + 1,
            },
        }
        self.pos = self.pos.min(self.b.len());
    }
}

/// The value of a `Str` token (or of the literal text between an f-string's quotes): prefix
/// and quotes removed, the common escapes decoded (unless raw).
pub fn string_value(text: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() && is_prefix_char(b[i]) {
        i += 1;
    }
    let raw = b[..i].iter().any(|c| matches!(c, b'r' | b'R'));
    let Some(&quote) = b.get(i) else {
        return Cow::Borrowed("");
    };
    let triple = b.len() >= i + 6 && b[i + 1] == quote && b[i + 2] == quote;
    let q = if triple { 3 } else { 1 };
    let start = (i + q).min(b.len());
    let mut end = b.len();
    if end >= start + q && b[end - q..].iter().all(|&c| c == quote) {
        end -= q;
    }
    let inner = text.get(start..end).unwrap_or("");
    if raw || !inner.contains('\\') {
        return Cow::Borrowed(inner);
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('\n') => {}
            Some(c @ ('\\' | '\'' | '"')) => out.push(c),
            Some(c) => {
                out.push('\\');
                out.push(c);
            }
            None => out.push('\\'),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(Kind, String)> {
        tokenize(src)
            .iter()
            .map(|t| (t.kind(), t.text(src).to_string()))
            .collect()
    }

    fn texts(src: &str) -> Vec<String> {
        kinds(src).into_iter().map(|(_, t)| t).collect()
    }

    #[test]
    fn names_numbers_operators() {
        assert_eq!(
            texts("x = a.b(1_000, 0x1F, 1.5e-3, .5j) ** 2 // 3 ->"),
            [
                "x", "=", "a", ".", "b", "(", "1_000", ",", "0x1F", ",", "1.5e-3", ",", ".5j", ")",
                "**", "2", "//", "3", "->"
            ]
        );
        assert_eq!(
            texts("a:=b...c!=d"),
            ["a", ":=", "b", "...", "c", "!=", "d"]
        );
        assert_eq!(texts("0x1e+5"), ["0x1e", "+", "5"]);
        assert_eq!(texts("1if x else 2"), ["1", "if", "x", "else", "2"]);
        assert_eq!(
            texts("0b1_0 0o7 1E+9 2L 3J"),
            ["0b1_0", "0o7", "1E+9", "2L", "3J"]
        );
        assert_eq!(texts("naïve_名前 = 1"), ["naïve_名前", "=", "1"]);
    }

    #[test]
    fn strings_with_quotes_and_escapes() {
        let src = r#"a = 'it\'s' + "say \"hi\"" + r'\' + "x""#;
        // r'\' is unterminated-looking in Python (a raw string cannot end in an odd
        // backslash), so it runs on to the next quote.
        let k = kinds(src);
        assert_eq!(k[2], (Kind::Str, r"'it\'s'".into()));
        assert_eq!(k[4], (Kind::Str, r#""say \"hi\"""#.into()));
        let src = "s = b'\\x00' + Rb\"raw\\\"\" + u'u'";
        let k = kinds(src);
        assert_eq!(k[2].1, "b'\\x00'");
        assert_eq!(k[4].1, "Rb\"raw\\\"\"");
        assert_eq!(k[6].1, "u'u'");
        assert_eq!(string_value(r#""say \"hi\"""#), r#"say "hi""#);
        assert_eq!(string_value(r"r'a\nb'"), r"a\nb");
        assert_eq!(string_value("'0.0.0.0'"), "0.0.0.0");
        assert_eq!(string_value("'''x'''"), "x");
        assert_eq!(string_value("''"), "");
    }

    #[test]
    fn triple_quoted_strings_span_lines() {
        let src = "x = '''one\n'two' \"three\"\n# not a comment\n''' ; y = 1\n";
        let t = tokenize(src);
        assert_eq!(t[2].kind(), Kind::Str);
        assert!(t[2].text(src).ends_with("comment\n'''"));
        assert_eq!(t[3].text(src), ";");
        assert_eq!((t[3].line(), t[3].col), (4, 5));
        assert_eq!(t[4].text(src), "y");
        let src = "d = \"\"\"doc with os.system(x)\"\"\"\n";
        assert!(!texts(src).iter().any(|t| t == "os"));
    }

    #[test]
    fn comments_hide_code() {
        let src = "a = 1  # os.system(cmd) 'unterminated\nb = 2\n";
        assert_eq!(texts(src), ["a", "=", "1", "\n", "b", "=", "2", "\n"]);
    }

    #[test]
    fn continuations_and_brackets_join_lines() {
        let src = "x = 1 + \\\n    2\ny = f(\n  a,\n  b)\nz\n";
        let k = kinds(src);
        let newlines = k.iter().filter(|(k, _)| *k == Kind::Newline).count();
        assert_eq!(newlines, 3);
        let t = tokenize(src);
        let b = t.iter().find(|t| t.text(src) == "b").unwrap();
        assert_eq!((b.line(), b.col), (5, 3));
    }

    #[test]
    fn fstrings_with_nested_braces_and_quotes() {
        let src = r#"s = f"a {x['k']!r:>{width}} {{lit}} {d["q"]} {g(1)=}" + t"#;
        let k = kinds(src);
        let names: Vec<&str> = k
            .iter()
            .filter(|(k, _)| *k == Kind::Name)
            .map(|(_, t)| t.as_str())
            .collect();
        assert_eq!(names, ["s", "x", "r", "width", "d", "g", "t"]);
        assert_eq!(k[2], (Kind::FStrStart, "f\"".into()));
        let end = k.iter().position(|(k, _)| *k == Kind::FStrEnd).unwrap();
        assert_eq!(k[end + 1].1, "+");
        // Nested f-strings with the same quote (Python 3.12).
        let src = r#"f"{f"{os.system(cmd)}"}" ; y"#;
        let k = kinds(src);
        assert!(k.iter().any(|(_, t)| t == "system"));
        assert_eq!(k.last().unwrap().1, "y");
        // Triple-quoted f-string spanning lines, with a dict in the field.
        let src = "f'''\n{ {'a': 1}['a'] }\n'''\nz";
        let k = kinds(src);
        assert_eq!(k.last().unwrap().1, "z");
        // Escaped braces only: no field tokens.
        let k = kinds(r#"f"{{x}} \N{DASH}""#);
        assert_eq!(k.len(), 2);
        // In a raw f-string `\N` is literal and `{DASH}` is a field.
        let k = kinds(r#"rf"\N{DASH}""#);
        assert_eq!(k.len(), 4);
        let k = kinds(r#"f"\N{EM DASH} {y}""#);
        assert!(k.iter().any(|(_, t)| t == "y"));
        assert!(!k.iter().any(|(_, t)| t == "EM"));
    }

    #[test]
    fn unterminated_strings_end_at_line_end() {
        let src = "a = 'oops\nb = f\"x{y\nc = 1\n";
        let names: Vec<String> = kinds(src)
            .into_iter()
            .filter(|(k, _)| *k == Kind::Name)
            .map(|(_, t)| t)
            .collect();
        assert_eq!(names, ["a", "b", "y", "c"]);
        let src = "x = '''never closed\nos.system(a)\n";
        assert!(!texts(src).iter().any(|t| t == "os"));
        let t = tokenize("f'{a");
        assert_eq!(t.last().unwrap().kind(), Kind::FStrEnd);
    }

    #[test]
    fn unclosed_bracket_recovers_at_def() {
        let src = "x = f(1,\n\ndef g():\n    pass\n";
        let t = tokenize(src);
        let def = t.iter().position(|t| t.text(src) == "def").unwrap();
        assert_eq!(t[def - 1].kind(), Kind::Newline);
    }

    #[test]
    fn columns_count_chars() {
        let src = "é = 'ü'; x\n";
        let t = tokenize(src);
        let x = t.iter().find(|t| t.text(src) == "x").unwrap();
        assert_eq!((x.line(), x.col), (1, 10));
    }
}
