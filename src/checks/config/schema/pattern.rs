//! Translation of ECMA-262 regular expressions (as used by JSON Schema's
//! `pattern`, `patternProperties` and the `regex` format) to the syntax of the
//! `regex` crate.

use regex::Regex;

/// Why a pattern could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PatternError {
    /// Valid ECMA-262 syntax that the `regex` crate cannot express
    /// (lookaround, backreferences, lone surrogates).
    Unsupported(String),
    /// Not a valid regular expression (or not one we could translate).
    Invalid(String),
}

impl std::fmt::Display for PatternError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PatternError::Unsupported(m) => write!(f, "unsupported regex feature: {m}"),
            PatternError::Invalid(m) => write!(f, "invalid regex: {m}"),
        }
    }
}

const SPACE_CLASS: &str =
    "\\t\\n\\x{B}\\x{C}\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}";

/// Translates and compiles an ECMA-262 pattern.
pub(crate) fn compile(pattern: &str) -> Result<Regex, PatternError> {
    let translated = translate(pattern)?;
    Regex::new(&translated).map_err(|e| PatternError::Invalid(e.to_string()))
}

fn push_literal(out: &mut String, c: char) {
    if c.is_ascii_punctuation() || c == ' ' {
        // The regex crate accepts escaping any ASCII punctuation.
        if c == ' ' {
            out.push(' ');
        } else {
            out.push('\\');
            out.push(c);
        }
    } else if c.is_control() {
        out.push_str(&format!("\\x{{{:X}}}", c as u32));
    } else {
        out.push(c);
    }
}

fn hex_value(chars: &[char]) -> Option<u32> {
    if chars.is_empty() {
        return None;
    }
    let mut v: u32 = 0;
    for c in chars {
        v = v.checked_mul(16)?.checked_add(c.to_digit(16)?)?;
    }
    Some(v)
}

/// Parses `\uXXXX` at `chars[i..]` where `chars[i] == 'u'`; returns the code
/// point and the number of chars consumed after the backslash.
fn parse_u_escape(chars: &[char], i: usize) -> Result<Option<(u32, usize)>, PatternError> {
    if chars.get(i + 1) == Some(&'{') {
        if let Some(end) = chars[i + 2..].iter().position(|&c| c == '}') {
            if let Some(v) = hex_value(&chars[i + 2..i + 2 + end]) {
                return Ok(Some((v, end + 3)));
            }
        }
        return Ok(None);
    }
    if i + 5 > chars.len() {
        return Ok(None);
    }
    let Some(hi) = hex_value(&chars[i + 1..i + 5]) else {
        return Ok(None);
    };
    if (0xD800..0xDC00).contains(&hi) {
        // Try a surrogate pair `\uD83D\uDE00`.
        if chars.get(i + 5) == Some(&'\\')
            && chars.get(i + 6) == Some(&'u')
            && i + 11 <= chars.len()
        {
            if let Some(lo) = hex_value(&chars[i + 7..i + 11]) {
                if (0xDC00..0xE000).contains(&lo) {
                    let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                    return Ok(Some((cp, 11)));
                }
            }
        }
        return Err(PatternError::Unsupported("lone surrogate".into()));
    }
    if (0xDC00..0xE000).contains(&hi) {
        return Err(PatternError::Unsupported("lone surrogate".into()));
    }
    Ok(Some((hi, 5)))
}

/// Handles the escape starting at `chars[i] == '\\'`; returns chars consumed.
fn escape(
    chars: &[char],
    i: usize,
    in_class: bool,
    out: &mut String,
) -> Result<usize, PatternError> {
    let Some(&c) = chars.get(i + 1) else {
        return Err(PatternError::Invalid("trailing backslash".into()));
    };
    let class = |out: &mut String, body: &str, negated: bool| {
        if in_class && !negated {
            out.push_str(body);
        } else if negated {
            out.push_str("[^");
            out.push_str(body);
            out.push(']');
        } else {
            out.push('[');
            out.push_str(body);
            out.push(']');
        }
    };
    match c {
        'd' => class(out, "0-9", false),
        'D' => class(out, "0-9", true),
        'w' => class(out, "A-Za-z0-9_", false),
        'W' => class(out, "A-Za-z0-9_", true),
        's' => class(out, SPACE_CLASS, false),
        'S' => class(out, SPACE_CLASS, true),
        'b' if in_class => out.push_str("\\x{8}"),
        'b' => out.push_str("(?-u:\\b)"),
        'B' if !in_class => out.push_str("(?-u:\\B)"),
        'n' => out.push_str("\\n"),
        'r' => out.push_str("\\r"),
        't' => out.push_str("\\t"),
        'f' => out.push_str("\\x{C}"),
        'v' => out.push_str("\\x{B}"),
        '0' if !chars.get(i + 2).is_some_and(|d| d.is_ascii_digit()) => out.push_str("\\x{0}"),
        '0'..='9' => {
            return Err(PatternError::Unsupported(format!(
                "backreference or octal escape \\{c}"
            )));
        }
        'c' => match chars.get(i + 2) {
            Some(&x) if x.is_ascii_alphabetic() => {
                out.push_str(&format!("\\x{{{:X}}}", (x as u32) % 32));
                return Ok(3);
            }
            _ => out.push_str("\\\\c"),
        },
        'x' => {
            if i + 4 <= chars.len() {
                if let Some(v) = hex_value(&chars[i + 2..i + 4]) {
                    out.push_str(&format!("\\x{{{v:X}}}"));
                    return Ok(4);
                }
            }
            out.push('x');
        }
        'u' => match parse_u_escape(chars, i + 1)? {
            Some((cp, used)) => {
                out.push_str(&format!("\\x{{{cp:X}}}"));
                return Ok(1 + used);
            }
            None => out.push('u'),
        },
        'k' if chars.get(i + 2) == Some(&'<') => {
            return Err(PatternError::Unsupported("named backreference".into()));
        }
        'p' | 'P' => {
            // Unicode property escapes: pass through (may fail to compile
            // with the enabled regex features; the caller reports that).
            out.push('\\');
            out.push(c);
        }
        // `\a`, `\e`, ... are not ECMA-262 escapes.
        _ if c.is_ascii_alphanumeric() => {
            return Err(PatternError::Invalid(format!("unknown escape \\{c}")));
        }
        _ => push_literal(out, c),
    }
    Ok(2)
}

/// Returns the length of a `{n}`, `{n,}` or `{n,m}` quantifier at `chars[i..]`.
fn quantifier_len(chars: &[char], i: usize) -> Option<usize> {
    let mut j = i + 1;
    let start = j;
    while chars.get(j).is_some_and(|c| c.is_ascii_digit()) {
        j += 1;
    }
    if j == start {
        return None;
    }
    if chars.get(j) == Some(&',') {
        j += 1;
        while chars.get(j).is_some_and(|c| c.is_ascii_digit()) {
            j += 1;
        }
    }
    (chars.get(j) == Some(&'}')).then_some(j + 1 - i)
}

/// Translates an ECMA-262 pattern into `regex` crate syntax.
pub(crate) fn translate(pattern: &str) -> Result<String, PatternError> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut i = 0;
    let mut in_class = false;
    let mut depth: i32 = 0;
    while i < chars.len() {
        let c = chars[i];
        if in_class {
            match c {
                '\\' => {
                    i += escape(&chars, i, true, &mut out)?;
                    continue;
                }
                ']' => {
                    in_class = false;
                    out.push(']');
                }
                '[' | '&' | '~' => {
                    out.push('\\');
                    out.push(c);
                }
                '-' if chars.get(i + 1) == Some(&'-')
                    || chars.get(i.wrapping_sub(1)) == Some(&'-') =>
                {
                    out.push_str("\\-");
                }
                _ => push_class_char(&mut out, c),
            }
            i += 1;
            continue;
        }
        match c {
            '\\' => {
                i += escape(&chars, i, false, &mut out)?;
                continue;
            }
            '[' => {
                let negated = chars.get(i + 1) == Some(&'^');
                let body = i + 1 + usize::from(negated);
                if chars.get(body) == Some(&']') {
                    // `[]` matches nothing, `[^]` matches anything.
                    out.push_str(if negated {
                        "(?s:.)"
                    } else {
                        "[^\\x{0}-\\x{10FFFF}]"
                    });
                    i = body + 1;
                    continue;
                }
                out.push_str(if negated { "[^" } else { "[" });
                in_class = true;
                i = body;
                continue;
            }
            ']' => out.push_str("\\]"),
            '}' => out.push_str("\\}"),
            '{' => match quantifier_len(&chars, i) {
                Some(n) => {
                    out.extend(&chars[i..i + n]);
                    i += n;
                    continue;
                }
                None => out.push_str("\\{"),
            },
            '.' => out.push_str("[^\\n\\r\\x{2028}\\x{2029}]"),
            '(' => {
                depth += 1;
                if chars.get(i + 1) == Some(&'?') {
                    let next = chars.get(i + 2).copied();
                    let next2 = chars.get(i + 3).copied();
                    match (next, next2) {
                        (Some('='), _) | (Some('!'), _) => {
                            return Err(PatternError::Unsupported("lookahead".into()));
                        }
                        (Some('<'), Some('=')) | (Some('<'), Some('!')) => {
                            return Err(PatternError::Unsupported("lookbehind".into()));
                        }
                        (Some('<'), _) => {
                            out.push_str("(?P<");
                            i += 3;
                            continue;
                        }
                        (Some(':'), _) => {
                            out.push_str("(?:");
                            i += 3;
                            continue;
                        }
                        _ => return Err(PatternError::Invalid("invalid group".into())),
                    }
                }
                out.push('(');
            }
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return Err(PatternError::Invalid("unbalanced parenthesis".into()));
                }
                out.push(')');
            }
            _ => out.push(c),
        }
        i += 1;
    }
    if in_class {
        return Err(PatternError::Invalid("unterminated character class".into()));
    }
    if depth != 0 {
        return Err(PatternError::Invalid("unbalanced parenthesis".into()));
    }
    Ok(out)
}

fn push_class_char(out: &mut String, c: char) {
    if c.is_control() {
        out.push_str(&format!("\\x{{{:X}}}", c as u32));
    } else {
        out.push(c);
    }
}
