//! The `.npy` header: magic, version, a Python dict literal with `descr`,
//! `fortran_order` and `shape`.

use super::pickle::typestr_itemsize;

const MAGIC: &[u8] = b"\x93NUMPY";
/// numpy itself refuses much larger headers by default.
const MAX_HEADER: usize = 1 << 20;
const MAX_DEPTH: usize = 32;

#[derive(Debug)]
pub(crate) struct NpyInfo {
    /// Offset where the array data (or the pickle, for object arrays) starts.
    pub data_start: usize,
    /// The dtype holds Python objects: the data is a pickle.
    pub object: bool,
    /// Bytes of array data expected, when it can be computed.
    pub expected_len: Option<u64>,
    pub descr: String,
}

pub(crate) fn is_npy(data: &[u8]) -> bool {
    data.starts_with(MAGIC)
}

#[derive(Debug, Clone, PartialEq)]
enum Lit {
    Str(String),
    Int(i64),
    Bool(bool),
    None,
    Seq(Vec<Lit>),
    Dict(Vec<(Lit, Lit)>),
}

pub(crate) fn parse(data: &[u8]) -> Result<NpyInfo, String> {
    if !is_npy(data) {
        return Err("missing \\x93NUMPY magic".into());
    }
    let major = *data.get(6).ok_or("truncated header")?;
    let (hlen, hstart) = match major {
        1 => {
            let b: [u8; 2] = data
                .get(8..10)
                .and_then(|b| b.try_into().ok())
                .ok_or("truncated header")?;
            (usize::from(u16::from_le_bytes(b)), 10usize)
        }
        2 | 3 => {
            let b: [u8; 4] = data
                .get(8..12)
                .and_then(|b| b.try_into().ok())
                .ok_or("truncated header")?;
            let n = u32::from_le_bytes(b);
            (usize::try_from(n).map_err(|_| "header too large")?, 12usize)
        }
        v => return Err(format!("unsupported .npy format version {v}")),
    };
    if hlen > MAX_HEADER {
        return Err(format!("header of {hlen} bytes is too large"));
    }
    let header = data
        .get(hstart..hstart + hlen)
        .ok_or_else(|| format!("header declares {hlen} bytes past the end of the file"))?;
    let text = String::from_utf8_lossy(header);
    let mut p = LitParser {
        s: text.as_bytes(),
        i: 0,
    };
    let dict = p.value(0)?;
    let Lit::Dict(items) = dict else {
        return Err("header is not a dict".into());
    };
    let get = |k: &str| {
        items
            .iter()
            .find(|(key, _)| matches!(key, Lit::Str(s) if s == k))
            .map(|(_, v)| v)
    };
    let descr = get("descr").ok_or("header has no 'descr'")?;
    let shape = get("shape").ok_or("header has no 'shape'")?;
    let object = has_object(descr, 0);
    let descr_text = match descr {
        Lit::Str(s) => s.clone(),
        _ => "<structured>".into(),
    };
    let count = match shape {
        Lit::Seq(dims) => dims.iter().try_fold(1u64, |acc, d| match d {
            Lit::Int(n) if *n >= 0 => acc.checked_mul(*n as u64),
            _ => None,
        }),
        _ => return Err("'shape' is not a tuple".into()),
    };
    let itemsize = match descr {
        Lit::Str(s) => typestr_itemsize(s.trim_start_matches(['<', '>', '|', '='])),
        _ => None,
    };
    let expected_len = match (count, itemsize) {
        (Some(c), Some(s)) if !object => c.checked_mul(s),
        _ => None,
    };
    Ok(NpyInfo {
        data_start: hstart + hlen,
        object,
        expected_len,
        descr: descr_text,
    })
}

/// A type string names Python objects (`O`, `|O`, `O8`), anywhere in a
/// structured descr (`[('name', '|O'), ...]`). Field names are the first
/// item of each field tuple and are skipped.
fn has_object(descr: &Lit, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    match descr {
        Lit::Str(s) => {
            let k = s.trim_start_matches(['<', '>', '|', '=']);
            k == "O" || k.starts_with("O4") || k.starts_with("O8")
        }
        Lit::Seq(fields) => fields.iter().any(|f| match f {
            // (name, type[, shape])
            Lit::Seq(parts) => parts.get(1).is_some_and(|t| has_object(t, depth + 1)),
            other => has_object(other, depth + 1),
        }),
        _ => false,
    }
}

struct LitParser<'a> {
    s: &'a [u8],
    i: usize,
}

impl LitParser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            self.i += 1;
        }
    }

    fn err<T>(&self, what: &str) -> Result<T, String> {
        Err(format!("header: {what} at offset {}", self.i))
    }

    fn value(&mut self, depth: usize) -> Result<Lit, String> {
        if depth > MAX_DEPTH {
            return self.err("nesting too deep");
        }
        self.ws();
        match self.peek() {
            Some(b'{') => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.ws();
                    if self.peek() == Some(b'}') {
                        self.i += 1;
                        return Ok(Lit::Dict(items));
                    }
                    let k = self.value(depth + 1)?;
                    self.ws();
                    if self.peek() != Some(b':') {
                        return self.err("expected ':'");
                    }
                    self.i += 1;
                    let v = self.value(depth + 1)?;
                    items.push((k, v));
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {}
                        _ => return self.err("expected ',' or '}'"),
                    }
                }
            }
            Some(open @ (b'(' | b'[')) => {
                let close = if open == b'(' { b')' } else { b']' };
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.ws();
                    if self.peek() == Some(close) {
                        self.i += 1;
                        return Ok(Lit::Seq(items));
                    }
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(c) if c == close => {}
                        _ => return self.err("expected ',' or a closing bracket"),
                    }
                }
            }
            Some(q @ (b'\'' | b'"')) => {
                self.i += 1;
                let start = self.i;
                while let Some(c) = self.peek() {
                    if c == q {
                        let s = self.s.get(start..self.i).unwrap_or_default();
                        self.i += 1;
                        return Ok(Lit::Str(String::from_utf8_lossy(s).into_owned()));
                    }
                    if c == b'\\' {
                        self.i += 1;
                    }
                    self.i += 1;
                }
                self.err("unterminated string")
            }
            Some(b'-' | b'0'..=b'9') => {
                let start = self.i;
                self.i += 1;
                while self.peek().is_some_and(|c| c.is_ascii_digit() || c == b'L') {
                    self.i += 1;
                }
                let t = String::from_utf8_lossy(self.s.get(start..self.i).unwrap_or_default())
                    .trim_end_matches('L')
                    .to_string();
                match t.parse::<i64>() {
                    Ok(n) => Ok(Lit::Int(n)),
                    Err(_) => self.err("invalid integer"),
                }
            }
            Some(_) => {
                for (word, v) in [
                    ("True", Lit::Bool(true)),
                    ("False", Lit::Bool(false)),
                    ("None", Lit::None),
                ] {
                    if self.s.get(self.i..self.i + word.len()) == Some(word.as_bytes()) {
                        self.i += word.len();
                        return Ok(v);
                    }
                }
                self.err("unexpected character")
            }
            None => self.err("unexpected end"),
        }
    }
}
