//! A pickle opcode walker that never executes anything.
//!
//! It decodes every opcode of protocols 0 to 5 with its exact argument
//! encoding and keeps a light symbolic stack and memo, enough to resolve
//! `STACK_GLOBAL` operands and to follow joblib's `NumpyArrayWrapper`, whose
//! array bytes are written straight into the pickle stream.
//!
//! Everything is bounded: strings kept on the stack are short, tuples and
//! dicts keep a limited number of items and a limited nesting depth, and the
//! stack and memo have caps past which the walker keeps decoding opcodes but
//! stops tracking values (globals are still seen).

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use super::policy::{classify, normalise_module, Class};

/// Longest string kept as a value (module and attribute names are short).
const MAX_STR: usize = 4096;
/// Most items a tracked tuple has (longer ones are not tracked).
const MAX_ITEMS: usize = 64;
/// Most entries a tracked dict keeps (joblib's wrapper state has six).
/// Small, because filling a dict that is shared with the memo copies it.
const MAX_DICT_ITEMS: usize = 16;
/// Deepest nesting of tracked values.
const MAX_DEPTH: u8 = 12;
/// Most values on the stack, or marks, before tracking stops.
const MAX_STACK: usize = 1 << 20;
/// Most memo entries kept; past this, only names (strings that could be a
/// module or attribute, and globals) are kept, up to twice as many.
const MAX_MEMO: usize = 1 << 20;
/// Most pickles nested inside one another (joblib object arrays).
const MAX_NEST: u32 = 4;
/// Most consecutive pickles read from one stream.
const MAX_PICKLES: usize = 1 << 16;
/// Most distinct globals (and extension codes, nested payloads) recorded
/// per stream.
const MAX_DISTINCT: usize = 10_000;
/// Most corruption notes recorded per stream.
const MAX_CORRUPT: usize = 8;

/// The first pickle of a legacy `torch.save` file: protocol 2, the magic
/// number 0x1950a86a20f9469cfc6c as LONG1, STOP.
const TORCH_LEGACY_MAGIC: &[u8] = &[
    0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, b'.',
];

/// What the walker saw, in stream order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Event {
    /// A global imported by GLOBAL, INST or STACK_GLOBAL (first occurrence).
    Global {
        module: String,
        name: String,
        offset: u64,
        /// Seen while reading bytes that may not be a pickle at all (only
        /// dangerous globals are kept from those).
        tentative: bool,
        class: Class,
    },
    /// A STACK_GLOBAL whose operands are not known strings.
    Unresolved { offset: u64 },
    /// An extension-registry code (EXT1/2/4), which names a global indirectly.
    Ext { code: u64, offset: u64 },
    /// The stream cannot be (fully) parsed.
    Corrupt { offset: u64, msg: String },
    /// `torch.storage._load_from_bytes(b)`: `b` is a nested torch file.
    NestedBytes {
        start: usize,
        len: usize,
        offset: u64,
    },
    /// `torch.storage._load_from_bytes` called with something that is not bytes.
    OpaqueLoad { offset: u64 },
}

/// What a whole stream turned out to be.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct StreamInfo {
    pub legacy_torch: bool,
    pub pickles: usize,
}

/// Collects events: one per distinct global, extension code and nested
/// payload, and a bounded number of them.
#[derive(Debug, Default)]
pub(crate) struct Sink {
    pub events: Vec<Event>,
    globals: HashSet<(String, String)>,
    last: Option<(String, String, bool)>,
    ext: HashSet<u64>,
    nested: HashSet<(usize, usize)>,
    unresolved: bool,
    opaque: bool,
    corrupt: usize,
}

impl Sink {
    fn global(&mut self, module: String, name: String, offset: u64, tentative: bool) {
        // Cheap path for a run of the same import.
        if self
            .last
            .as_ref()
            .is_some_and(|(m, n, t)| *t == tentative && *m == module && *n == name)
        {
            return;
        }
        let key = (module, name);
        if self.globals.len() < MAX_DISTINCT && !self.globals.contains(&key) {
            let class = classify(&key.0, &key.1);
            if !tentative || class == Class::Dangerous {
                self.globals.insert(key.clone());
                self.events.push(Event::Global {
                    module: key.0.clone(),
                    name: key.1.clone(),
                    offset,
                    tentative,
                    class,
                });
            }
        }
        self.last = Some((key.0, key.1, tentative));
    }

    fn push(&mut self, e: Event) {
        let keep = match &e {
            Event::Global { .. } => true,
            Event::Unresolved { .. } => !std::mem::replace(&mut self.unresolved, true),
            Event::OpaqueLoad { .. } => !std::mem::replace(&mut self.opaque, true),
            Event::Ext { code, .. } => self.ext.len() < MAX_DISTINCT && self.ext.insert(*code),
            Event::NestedBytes { start, len, .. } => {
                self.nested.len() < MAX_DISTINCT && self.nested.insert((*start, *len))
            }
            Event::Corrupt { .. } => {
                self.corrupt += 1;
                self.corrupt <= MAX_CORRUPT
            }
        };
        if keep {
            self.events.push(e);
        }
    }
}

#[derive(Debug)]
struct Fatal {
    offset: u64,
    msg: String,
}

type Res<T> = Result<T, Fatal>;

fn fatal<T>(offset: usize, msg: impl Into<String>) -> Res<T> {
    Err(Fatal {
        offset: offset as u64,
        msg: msg.into(),
    })
}

#[derive(Debug, Clone)]
enum Value {
    None,
    Bool,
    Int(i64),
    Str(Rc<str>),
    Bytes {
        start: usize,
        len: usize,
    },
    Tuple(Rc<Agg>),
    Dict(Rc<DictAgg>),
    Global(Rc<(String, String)>),
    Obj(Rc<ObjData>),
    /// Anything not tracked: floats, big ints, lists, sets, long strings, ...
    Other,
}

#[derive(Debug)]
struct Agg {
    items: Vec<Value>,
    depth: u8,
}

#[derive(Debug, Clone)]
struct DictAgg {
    items: Vec<(Value, Value)>,
    depth: u8,
}

#[derive(Debug)]
struct ObjData {
    func: Value,
    args: Value,
    /// BUILD state, kept only when it is plain data (no objects), so no
    /// reference cycle can form.
    state: RefCell<Option<Value>>,
    depth: u8,
}

impl Value {
    fn depth(&self) -> u8 {
        match self {
            Value::Tuple(a) => a.depth,
            Value::Dict(d) => d.depth,
            Value::Obj(o) => o.depth,
            _ => 0,
        }
    }

    fn tuple(items: Vec<Value>) -> Value {
        if items.len() > MAX_ITEMS {
            return Value::Other;
        }
        let depth = 1 + items.iter().map(Value::depth).max().unwrap_or(0);
        if depth > MAX_DEPTH {
            return Value::Other;
        }
        Value::Tuple(Rc::new(Agg { items, depth }))
    }

    fn obj(func: Value, args: Value) -> Value {
        let args = if args.depth() >= MAX_DEPTH {
            Value::Other
        } else {
            args
        };
        let func = if func.depth() >= MAX_DEPTH {
            Value::Other
        } else {
            func
        };
        let depth = 1 + func.depth().max(args.depth());
        Value::Obj(Rc::new(ObjData {
            func,
            args,
            state: RefCell::new(None),
            depth,
        }))
    }

    /// Scalars and tuples of scalars: safe to keep as BUILD state.
    fn is_plain(&self) -> bool {
        match self {
            Value::Tuple(t) => t.items.iter().all(|v| {
                matches!(
                    v,
                    Value::None | Value::Bool | Value::Int(_) | Value::Str(_) | Value::Other
                )
            }),
            Value::None | Value::Bool | Value::Int(_) | Value::Str(_) => true,
            _ => false,
        }
    }

    /// A string that could name a module or attribute, or a global.
    fn is_name_like(&self) -> bool {
        match self {
            Value::Str(s) => {
                s.len() <= 256
                    && s.chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
            }
            Value::Global(_) => true,
            _ => false,
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    fn global(&self) -> Option<(String, &str)> {
        match self {
            Value::Global(g) => Some((normalise_module(&g.0), g.1.trim())),
            _ => None,
        }
    }
}

fn dict_get<'v>(d: &'v DictAgg, key: &str) -> Option<&'v Value> {
    d.items
        .iter()
        .find(|(k, _)| k.as_str() == Some(key))
        .map(|(_, v)| v)
}

fn lossy(bytes: &[u8]) -> String {
    if bytes.len() > MAX_STR {
        let mut s = String::from_utf8_lossy(bytes.get(..MAX_STR).unwrap_or_default()).into_owned();
        s.push('…');
        s
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

/// The memo: dense while keys come in order (MEMOIZE, and what picklers
/// write with PUT), a map for the rest. At most MAX_MEMO entries.
#[derive(Debug, Default)]
struct Memo {
    dense: Vec<Value>,
    sparse: HashMap<u64, Value>,
}

impl Memo {
    fn len(&self) -> usize {
        self.dense.len() + self.sparse.len()
    }

    fn get(&self, key: u64) -> Option<&Value> {
        match usize::try_from(key) {
            Ok(k) if k < self.dense.len() => self.dense.get(k),
            _ => self.sparse.get(&key),
        }
    }

    /// Stores `v`; false when the memo is full and `key` is new.
    fn insert(&mut self, key: u64, v: Value) -> bool {
        let dense_len = self.dense.len() as u64;
        if key < dense_len {
            if let Some(slot) = usize::try_from(key)
                .ok()
                .and_then(|k| self.dense.get_mut(k))
            {
                *slot = v;
            }
            return true;
        }
        if let Some(slot) = self.sparse.get_mut(&key) {
            *slot = v;
            return true;
        }
        if self.len() >= MAX_MEMO && !(self.len() < 2 * MAX_MEMO && v.is_name_like()) {
            return false;
        }
        if key == dense_len {
            self.dense.push(v);
            // Absorb following keys that were stored out of order.
            while let Some(next) = self.sparse.remove(&(self.dense.len() as u64)) {
                self.dense.push(next);
            }
        } else {
            self.sparse.insert(key, v);
        }
        true
    }
}

/// Walks one pickle (from PROTO or first opcode to STOP).
struct Walker<'a, 'e> {
    buf: &'a [u8],
    pos: usize,
    /// Offset of the opcode being decoded (for error messages).
    op_at: usize,
    stack: Vec<Value>,
    marks: Vec<usize>,
    memo: Memo,
    memo_full: bool,
    /// Values are no longer tracked (overflow or a structural error).
    degraded: bool,
    /// Only report structural errors once per pickle.
    structural_reported: bool,
    tentative: bool,
    nest: u32,
    ev: &'e mut Sink,
}

impl<'a, 'e> Walker<'a, 'e> {
    fn new(buf: &'a [u8], pos: usize, nest: u32, tentative: bool, ev: &'e mut Sink) -> Self {
        Walker {
            buf,
            pos,
            op_at: pos,
            stack: Vec::new(),
            marks: Vec::new(),
            memo: Memo::default(),
            memo_full: false,
            degraded: false,
            structural_reported: false,
            tentative,
            nest,
            ev,
        }
    }

    // ---- reading arguments -------------------------------------------------

    fn remaining(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }

    fn take(&mut self, n: usize, what: &str) -> Res<&'a [u8]> {
        let buf: &'a [u8] = self.buf;
        match self
            .pos
            .checked_add(n)
            .and_then(|end| buf.get(self.pos..end))
        {
            Some(s) => {
                self.pos += n;
                Ok(s)
            }
            None => fatal(
                self.op_at,
                format!(
                    "truncated: {what} needs {n} bytes, {} left",
                    self.remaining()
                ),
            ),
        }
    }

    fn take_u64_len(&mut self, n: u64, what: &str) -> Res<&'a [u8]> {
        match usize::try_from(n) {
            Ok(n) if n <= self.remaining() => self.take(n, what),
            _ => fatal(
                self.op_at,
                format!(
                    "truncated: {what} declares {n} bytes, {} left",
                    self.remaining()
                ),
            ),
        }
    }

    fn u8(&mut self, what: &str) -> Res<u8> {
        Ok(self.take(1, what)?.first().copied().unwrap_or(0))
    }

    fn le<const N: usize>(&mut self, what: &str) -> Res<[u8; N]> {
        let at = self.pos;
        match <[u8; N]>::try_from(self.take(N, what)?) {
            Ok(a) => Ok(a),
            Err(_) => fatal(at, format!("truncated: {what}")),
        }
    }

    fn u16(&mut self, what: &str) -> Res<u16> {
        Ok(u16::from_le_bytes(self.le::<2>(what)?))
    }

    fn u32(&mut self, what: &str) -> Res<u32> {
        Ok(u32::from_le_bytes(self.le::<4>(what)?))
    }

    fn i32(&mut self, what: &str) -> Res<i32> {
        Ok(i32::from_le_bytes(self.le::<4>(what)?))
    }

    fn u64(&mut self, what: &str) -> Res<u64> {
        Ok(u64::from_le_bytes(self.le::<8>(what)?))
    }

    /// A newline-terminated argument, without the newline.
    fn line(&mut self, what: &str) -> Res<&'a [u8]> {
        let buf: &'a [u8] = self.buf;
        let rest = buf.get(self.pos..).unwrap_or_default();
        match rest.iter().position(|&b| b == b'\n') {
            Some(i) => {
                let s = rest.get(..i).unwrap_or_default();
                self.pos += i + 1;
                Ok(s)
            }
            None => fatal(
                self.op_at,
                format!("truncated: {what} has no terminating newline"),
            ),
        }
    }

    fn decimal_line(&mut self, what: &str) -> Res<u64> {
        let at = self.pos;
        let l = self.line(what)?;
        match std::str::from_utf8(l)
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
        {
            Some(n) => Ok(n),
            None => fatal(at, format!("{what}: invalid decimal argument")),
        }
    }

    // ---- the symbolic stack ------------------------------------------------

    fn structural(&mut self, offset: usize, msg: &str) {
        if !self.degraded && !self.structural_reported && !self.tentative {
            self.structural_reported = true;
            self.ev.push(Event::Corrupt {
                offset: offset as u64,
                msg: msg.to_string(),
            });
        }
        self.degrade();
    }

    fn degrade(&mut self) {
        self.degraded = true;
        self.stack.clear();
        self.marks.clear();
    }

    fn push(&mut self, v: Value) {
        if self.stack.len() >= MAX_STACK {
            self.degrade();
        }
        self.stack.push(v);
    }

    fn floor(&self) -> usize {
        self.marks.last().copied().unwrap_or(0)
    }

    fn pop(&mut self, at: usize) -> Value {
        if self.stack.len() > self.floor() {
            self.stack.pop().unwrap_or(Value::Other)
        } else {
            self.structural(at, "stack underflow");
            Value::Other
        }
    }

    fn top_mut(&mut self, at: usize) -> Option<&mut Value> {
        if self.stack.len() > self.floor() {
            self.stack.last_mut()
        } else {
            self.structural(at, "stack underflow");
            None
        }
    }

    fn require_top(&mut self, at: usize) {
        let _ = self.top_mut(at);
    }

    fn mark(&mut self) {
        if self.marks.len() >= MAX_STACK {
            self.degrade();
        }
        self.marks.push(self.stack.len());
    }

    fn pop_mark(&mut self, at: usize) -> Vec<Value> {
        match self.marks.pop() {
            Some(m) => {
                let m = m.min(self.stack.len());
                self.stack.split_off(m)
            }
            None => {
                self.structural(at, "MARK expected but none on the stack");
                Vec::new()
            }
        }
    }

    fn memo_put(&mut self, key: u64, at: usize) {
        let v = if self.stack.len() > self.floor() {
            match self.stack.last() {
                // Dict contents are only needed on the stack (joblib's
                // wrapper state); the memo keeps no copy of them.
                Some(Value::Dict(_)) | None => Value::Other,
                Some(v) => v.clone(),
            }
        } else {
            self.structural(at, "memo store from an empty stack");
            Value::Other
        };
        if !self.memo.insert(key, v) {
            self.memo_full = true;
        }
    }

    fn memo_get(&mut self, key: u64, at: usize) {
        let v = match self.memo.get(key) {
            Some(v) => v.clone(),
            None => {
                if !self.memo_full {
                    self.structural(at, &format!("memo key {key} read before it was stored"));
                }
                Value::Other
            }
        };
        self.push(v);
    }

    fn push_str(&mut self, bytes: &[u8]) {
        if bytes.len() > MAX_STR {
            self.push(Value::Other);
        } else {
            let s: Rc<str> = Rc::from(String::from_utf8_lossy(bytes).as_ref());
            self.push(Value::Str(s));
        }
    }

    /// Pushes the bytes just read (the last `len` bytes before `pos`).
    fn push_bytes(&mut self, len: usize) {
        let start = self.pos.saturating_sub(len);
        self.push(Value::Bytes { start, len });
    }

    fn global(&mut self, module: String, name: String, at: usize) {
        self.ev
            .global(module.clone(), name.clone(), at as u64, self.tentative);
        self.push(Value::Global(Rc::new((module, name))));
    }

    fn value_text(&self, v: &Value) -> Option<String> {
        match v {
            Value::Str(s) => Some(s.to_string()),
            Value::Bytes { start, len } if *len <= MAX_STR => start
                .checked_add(*len)
                .and_then(|end| self.buf.get(*start..end))
                .map(lossy),
            _ => None,
        }
    }

    fn set_items(&mut self, pairs: Vec<Value>, at: usize) {
        let Some(top) = self.top_mut(at) else {
            return;
        };
        if let Value::Dict(d) = top {
            if d.items.len() >= MAX_DICT_ITEMS {
                return;
            }
            let d = Rc::make_mut(d);
            let mut it = pairs.into_iter();
            while let (Some(k), Some(v)) = (it.next(), it.next()) {
                if d.items.len() >= MAX_DICT_ITEMS {
                    break;
                }
                let depth = 1 + k.depth().max(v.depth());
                if depth > MAX_DEPTH {
                    continue;
                }
                d.depth = d.depth.max(depth);
                d.items.push((k, v));
            }
        }
    }

    fn dict_from(pairs: Vec<Value>) -> Value {
        let mut d = DictAgg {
            items: Vec::new(),
            depth: 1,
        };
        let mut it = pairs.into_iter();
        while let (Some(k), Some(v)) = (it.next(), it.next()) {
            if d.items.len() >= MAX_DICT_ITEMS {
                break;
            }
            let depth = 1 + k.depth().max(v.depth());
            if depth > MAX_DEPTH {
                continue;
            }
            d.depth = d.depth.max(depth);
            d.items.push((k, v));
        }
        Value::Dict(Rc::new(d))
    }

    // ---- the opcode loop ---------------------------------------------------

    /// Runs to STOP; returns the offset just past it.
    fn run(&mut self) -> Res<usize> {
        loop {
            let at = self.pos;
            self.op_at = at;
            let Some(&op) = self.buf.get(at) else {
                return fatal(at, "truncated: stream ends before STOP");
            };
            self.pos += 1;
            match op {
                b'(' => self.mark(),
                b'.' => {
                    if self.stack.len() <= self.floor() && !self.degraded {
                        self.structural(at, "STOP with an empty stack");
                    }
                    return Ok(self.pos);
                }
                b'0' => {
                    if self.stack.len() > self.floor() {
                        self.stack.pop();
                    } else if self.marks.pop().is_none() {
                        self.structural(at, "POP on an empty stack");
                    }
                }
                b'1' => {
                    self.pop_mark(at);
                }
                b'2' => {
                    let v = match self.top_mut(at) {
                        Some(v) => v.clone(),
                        None => Value::Other,
                    };
                    self.push(v);
                }
                b'F' => {
                    let l = self.line("FLOAT")?;
                    let ok = std::str::from_utf8(l)
                        .ok()
                        .is_some_and(|s| s.trim().parse::<f64>().is_ok());
                    if !ok {
                        return fatal(at, "FLOAT: invalid argument");
                    }
                    self.push(Value::Other);
                }
                b'I' => {
                    let l = self.line("INT")?;
                    let v = match l {
                        b"00" => Value::Bool,
                        b"01" => Value::Bool,
                        _ => match parse_int(l) {
                            Some(Some(n)) => Value::Int(n),
                            Some(None) => Value::Other,
                            None => return fatal(at, "INT: invalid argument"),
                        },
                    };
                    self.push(v);
                }
                b'J' => {
                    let n = self.i32("BININT")?;
                    self.push(Value::Int(i64::from(n)));
                }
                b'K' => {
                    let n = self.u8("BININT1")?;
                    self.push(Value::Int(i64::from(n)));
                }
                b'M' => {
                    let n = self.u16("BININT2")?;
                    self.push(Value::Int(i64::from(n)));
                }
                b'L' => {
                    let l = self.line("LONG")?;
                    let l = l.strip_suffix(b"L").unwrap_or(l);
                    let v = match parse_int(l) {
                        Some(Some(n)) => Value::Int(n),
                        Some(None) => Value::Other,
                        None => return fatal(at, "LONG: invalid argument"),
                    };
                    self.push(v);
                }
                b'N' => self.push(Value::None),
                b'P' => {
                    self.line("PERSID")?;
                    self.push(Value::Other);
                }
                b'Q' => {
                    self.pop(at);
                    self.push(Value::Other);
                }
                b'R' => {
                    let args = self.pop(at);
                    let func = self.pop(at);
                    self.reduce_hook(&func, &args, at);
                    self.push(Value::obj(func, args));
                }
                b'S' => {
                    let l = self.line("STRING")?;
                    match unquote(l) {
                        Some(s) => self.push_str(&s),
                        None => return fatal(at, "STRING: argument is not a quoted string"),
                    }
                }
                b'T' => {
                    let n = self.i32("BINSTRING length")?;
                    if n < 0 {
                        return fatal(at, "BINSTRING: negative length");
                    }
                    let s = self.take_u64_len(n as u64, "BINSTRING")?;
                    self.push_str(s);
                }
                b'U' => {
                    let n = self.u8("SHORT_BINSTRING length")?;
                    let s = self.take(usize::from(n), "SHORT_BINSTRING")?;
                    self.push_str(s);
                }
                b'V' => {
                    let l = self.line("UNICODE")?;
                    let s = raw_unicode_unescape(l);
                    self.push_str(s.as_bytes());
                }
                b'X' => {
                    let n = self.u32("BINUNICODE length")?;
                    let s = self.take_u64_len(u64::from(n), "BINUNICODE")?;
                    self.push_str(s);
                }
                b'a' => {
                    self.pop(at);
                    self.require_top(at);
                }
                b'b' => {
                    let state = self.pop(at);
                    let target = self.top_mut(at).cloned();
                    if let Some(target) = target {
                        self.build(&target, state, at)?;
                    }
                }
                b'c' => {
                    let m = self.line("GLOBAL module")?;
                    let n = self.line("GLOBAL name")?;
                    self.global(lossy(m), lossy(n), at);
                }
                b'd' => {
                    let items = self.pop_mark(at);
                    self.push(Self::dict_from(items));
                }
                b'}' => self.push(Self::dict_from(Vec::new())),
                b'e' => {
                    self.pop_mark(at);
                    self.require_top(at);
                }
                b'g' => {
                    let k = self.decimal_line("GET")?;
                    self.memo_get(k, at);
                }
                b'h' => {
                    let k = self.u8("BINGET")?;
                    self.memo_get(u64::from(k), at);
                }
                b'j' => {
                    let k = self.u32("LONG_BINGET")?;
                    self.memo_get(u64::from(k), at);
                }
                b'i' => {
                    let m = self.line("INST module")?;
                    let n = self.line("INST name")?;
                    let (m, n) = (lossy(m), lossy(n));
                    self.ev
                        .global(m.clone(), n.clone(), at as u64, self.tentative);
                    let items = self.pop_mark(at);
                    let args = Value::tuple(items);
                    self.push(Value::obj(Value::Global(Rc::new((m, n))), args));
                }
                b'l' => {
                    self.pop_mark(at);
                    self.push(Value::Other);
                }
                b']' => self.push(Value::Other),
                b'o' => {
                    let mut items = self.pop_mark(at);
                    if items.is_empty() {
                        self.structural(at, "OBJ without a class");
                        self.push(Value::Other);
                    } else {
                        let cls = items.remove(0);
                        let args = Value::tuple(items);
                        self.push(Value::obj(cls, args));
                    }
                }
                b'p' => {
                    let k = self.decimal_line("PUT")?;
                    self.memo_put(k, at);
                }
                b'q' => {
                    let k = self.u8("BINPUT")?;
                    self.memo_put(u64::from(k), at);
                }
                b'r' => {
                    let k = self.u32("LONG_BINPUT")?;
                    self.memo_put(u64::from(k), at);
                }
                b's' => {
                    let v = self.pop(at);
                    let k = self.pop(at);
                    self.set_items(vec![k, v], at);
                }
                b't' => {
                    let items = self.pop_mark(at);
                    self.push(Value::tuple(items));
                }
                b')' => self.push(Value::tuple(Vec::new())),
                b'u' => {
                    let items = self.pop_mark(at);
                    if items.len() % 2 != 0 {
                        self.structural(at, "SETITEMS with an odd number of items");
                    }
                    self.set_items(items, at);
                }
                b'G' => {
                    self.take(8, "BINFLOAT")?;
                    self.push(Value::Other);
                }
                0x80 => {
                    let p = self.u8("PROTO")?;
                    if p > 5 {
                        return fatal(at, format!("unsupported pickle protocol {p}"));
                    }
                }
                0x81 => {
                    let args = self.pop(at);
                    let cls = self.pop(at);
                    self.push(Value::obj(cls, args));
                }
                0x82 => {
                    let c = self.u8("EXT1")?;
                    self.ext(u64::from(c), at);
                }
                0x83 => {
                    let c = self.u16("EXT2")?;
                    self.ext(u64::from(c), at);
                }
                0x84 => {
                    let c = self.i32("EXT4")?;
                    self.ext(u64::from(c as u32), at);
                }
                0x85..=0x87 => {
                    let n = usize::from(op - 0x84);
                    let mut items = Vec::with_capacity(n);
                    for _ in 0..n {
                        items.push(self.pop(at));
                    }
                    items.reverse();
                    self.push(Value::tuple(items));
                }
                0x88 => self.push(Value::Bool),
                0x89 => self.push(Value::Bool),
                0x8a => {
                    let n = self.u8("LONG1 length")?;
                    let b = self.take(usize::from(n), "LONG1")?;
                    self.push(long_value(b));
                }
                0x8b => {
                    let n = self.i32("LONG4 length")?;
                    if n < 0 {
                        return fatal(at, "LONG4: negative length");
                    }
                    let b = self.take_u64_len(n as u64, "LONG4")?;
                    self.push(long_value(b));
                }
                b'B' => {
                    let n = self.u32("BINBYTES length")?;
                    let s = self.take_u64_len(u64::from(n), "BINBYTES")?;
                    self.push_bytes(s.len());
                }
                b'C' => {
                    let n = self.u8("SHORT_BINBYTES length")?;
                    let s = self.take(usize::from(n), "SHORT_BINBYTES")?;
                    self.push_bytes(s.len());
                }
                0x8c => {
                    let n = self.u8("SHORT_BINUNICODE length")?;
                    let s = self.take(usize::from(n), "SHORT_BINUNICODE")?;
                    self.push_str(s);
                }
                0x8d => {
                    let n = self.u64("BINUNICODE8 length")?;
                    let s = self.take_u64_len(n, "BINUNICODE8")?;
                    self.push_str(s);
                }
                0x8e => {
                    let n = self.u64("BINBYTES8 length")?;
                    let s = self.take_u64_len(n, "BINBYTES8")?;
                    self.push_bytes(s.len());
                }
                0x96 => {
                    let n = self.u64("BYTEARRAY8 length")?;
                    let s = self.take_u64_len(n, "BYTEARRAY8")?;
                    self.push_bytes(s.len());
                }
                0x8f => self.push(Value::Other),
                0x90 => {
                    self.pop_mark(at);
                    self.require_top(at);
                }
                0x91 => {
                    self.pop_mark(at);
                    self.push(Value::Other);
                }
                0x92 => {
                    let _kwargs = self.pop(at);
                    let args = self.pop(at);
                    let cls = self.pop(at);
                    self.push(Value::obj(cls, args));
                }
                0x93 => {
                    let name = self.pop(at);
                    let module = self.pop(at);
                    match (self.value_text(&module), self.value_text(&name)) {
                        (Some(m), Some(n)) => self.global(m, n, at),
                        _ => {
                            if !self.tentative {
                                self.ev.push(Event::Unresolved { offset: at as u64 });
                            }
                            self.push(Value::Other);
                        }
                    }
                }
                0x94 => {
                    let k = self.memo.len() as u64;
                    self.memo_put(k, at);
                }
                0x95 => {
                    let n = self.u64("FRAME length")?;
                    if usize::try_from(n).map_or(true, |n| n > self.remaining()) {
                        return fatal(
                            at,
                            format!(
                                "truncated: FRAME declares {n} bytes, {} left",
                                self.remaining()
                            ),
                        );
                    }
                }
                0x97 => self.push(Value::Other),
                0x98 => self.require_top(at),
                _ => return fatal(at, format!("unknown opcode 0x{op:02x}")),
            }
        }
    }

    fn ext(&mut self, code: u64, at: usize) {
        if !self.tentative {
            self.ev.push(Event::Ext {
                code,
                offset: at as u64,
            });
        }
        self.push(Value::Other);
    }

    /// REDUCE hooks for loaders whose target is in their arguments:
    ///
    /// * `torch.storage._load_from_bytes(b)`: `b` is a nested torch file,
    ///   which the caller analyses;
    /// * `numpy.core._ufunc_reconstruct(module, name)` imports
    ///   `module.name`, which is judged like any other global.
    fn reduce_hook(&mut self, func: &Value, args: &Value, at: usize) {
        let Some((m, n)) = func.global() else {
            return;
        };
        let items: &[Value] = match args {
            Value::Tuple(t) => &t.items,
            _ => &[],
        };
        match (m.as_str(), n) {
            ("torch.storage", "_load_from_bytes") if !self.tentative => {
                self.ev.push(match items {
                    [Value::Bytes { start, len }] => Event::NestedBytes {
                        start: *start,
                        len: *len,
                        offset: at as u64,
                    },
                    _ => Event::OpaqueLoad { offset: at as u64 },
                });
            }
            ("numpy.core", "_ufunc_reconstruct") => {
                let target = match items {
                    [module, name] => self.value_text(module).zip(self.value_text(name)),
                    _ => None,
                };
                match target {
                    Some((module, name)) => {
                        self.ev.global(module, name, at as u64, self.tentative);
                    }
                    None if !self.tentative => {
                        self.ev.push(Event::Unresolved { offset: at as u64 });
                    }
                    None => {}
                }
            }
            _ => {}
        }
    }

    /// BUILD: attaches plain state to objects (numpy dtypes), and skips the
    /// raw array bytes that joblib writes after a NumpyArrayWrapper.
    fn build(&mut self, target: &Value, state: Value, at: usize) -> Res<()> {
        let Value::Obj(obj) = target else {
            return Ok(());
        };
        let is_wrapper = obj
            .func
            .global()
            .is_some_and(|(m, n)| m == "joblib.numpy_pickle" && n == "NumpyArrayWrapper");
        if is_wrapper {
            if let Value::Dict(d) = &state {
                return self.skip_joblib_array(d, at);
            }
            return fatal(
                at,
                "joblib NumpyArrayWrapper state is not known; cannot locate its array data",
            );
        }
        if state.is_plain() {
            if let Ok(mut slot) = obj.state.try_borrow_mut() {
                *slot = Some(state);
            }
        }
        Ok(())
    }

    fn skip_joblib_array(&mut self, state: &DictAgg, at: usize) -> Res<()> {
        let dtype = dict_get(state, "dtype");
        let Some(dtype) = dtype.and_then(dtype_info) else {
            return fatal(
                at,
                "joblib NumpyArrayWrapper: dtype not known; cannot locate its array data",
            );
        };
        if dtype.object {
            // joblib pickles object arrays with a nested pickle (protocol 2).
            if self.nest >= MAX_NEST {
                return fatal(at, "joblib object arrays nested too deeply");
            }
            let mut inner = Walker::new(self.buf, self.pos, self.nest + 1, self.tentative, self.ev);
            let end = inner.run()?;
            self.pos = end;
            return Ok(());
        }
        let count = match dict_get(state, "shape") {
            Some(Value::Tuple(t)) => {
                let mut n: u64 = 1;
                for v in &t.items {
                    match v {
                        Value::Int(d) if *d >= 0 => {
                            n = match n.checked_mul(*d as u64) {
                                Some(n) => n,
                                None => return fatal(at, "joblib array: shape overflows"),
                            }
                        }
                        _ => {
                            return fatal(at, "joblib NumpyArrayWrapper: shape not known");
                        }
                    }
                }
                n
            }
            _ => return fatal(at, "joblib NumpyArrayWrapper: shape not known"),
        };
        let Some(size) = count.checked_mul(dtype.itemsize) else {
            return fatal(at, "joblib array: size overflows");
        };
        if matches!(
            dict_get(state, "numpy_array_alignment_bytes"),
            Some(Value::Int(_))
        ) {
            let pad = self.u8("joblib array padding length")?;
            self.take(usize::from(pad), "joblib array padding")?;
        }
        self.take_u64_len(size, "joblib array data")?;
        Ok(())
    }
}

struct DtypeInfo {
    itemsize: u64,
    object: bool,
}

/// Item size of a `numpy.dtype(typestr, align, copy)` object, or whether it
/// holds Python objects.
fn dtype_info(v: &Value) -> Option<DtypeInfo> {
    let Value::Obj(o) = v else {
        return None;
    };
    let (m, n) = o.func.global()?;
    if !(n == "dtype" && (m == "numpy" || m == "numpy.core.multiarray")) {
        return None;
    }
    let Value::Tuple(args) = &o.args else {
        return None;
    };
    let typestr = args.items.first()?.as_str()?.to_string();
    let kind = typestr.trim_start_matches(['<', '>', '|', '=']);
    if kind.starts_with('O') {
        return Some(DtypeInfo {
            itemsize: 8,
            object: true,
        });
    }
    // The state tuple's sixth item is elsize, set for flexible types.
    let elsize = match o.state.try_borrow().ok().as_deref() {
        Some(Some(Value::Tuple(t))) => match t.items.get(5) {
            Some(Value::Int(n)) if *n > 0 => Some(*n as u64),
            _ => None,
        },
        _ => None,
    };
    if let Some(e) = elsize {
        return Some(DtypeInfo {
            itemsize: e,
            object: false,
        });
    }
    typestr_itemsize(kind).map(|itemsize| DtypeInfo {
        itemsize,
        object: false,
    })
}

/// Item size of a numpy type string without byte order (`f8`, `U5`, `b1`, `?`).
pub(crate) fn typestr_itemsize(kind: &str) -> Option<u64> {
    let mut chars = kind.chars();
    let k = chars.next()?;
    let rest = chars.as_str();
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    let n: Option<u64> = digits.parse().ok();
    match k {
        '?' => Some(1),
        'b' | 'i' | 'u' | 'f' | 'c' | 'm' | 'M' | 'S' | 'a' | 'V' => n,
        'U' => n.and_then(|n| n.checked_mul(4)),
        'e' | 'h' | 'H' => Some(2),
        'B' => Some(1),
        'd' | 'q' | 'Q' | 'l' | 'L' | 'g' => Some(8),
        _ => None,
    }
}

/// A decimal integer argument: `Some(Some(n))` fits in i64, `Some(None)` is
/// a valid but big integer, `None` is invalid.
fn parse_int(l: &[u8]) -> Option<Option<i64>> {
    let s = std::str::from_utf8(l).ok()?.trim();
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(s.parse::<i64>().ok())
}

/// LONG1/LONG4 payload: little-endian two's complement.
fn long_value(b: &[u8]) -> Value {
    if b.is_empty() {
        return Value::Int(0);
    }
    if b.len() > 8 {
        return Value::Other;
    }
    let neg = b.last().is_some_and(|&x| x & 0x80 != 0);
    let mut a = if neg { [0xffu8; 8] } else { [0u8; 8] };
    for (d, s) in a.iter_mut().zip(b) {
        *d = *s;
    }
    Value::Int(i64::from_le_bytes(a))
}

/// STRING argument: a Python repr in single or double quotes.
fn unquote(l: &[u8]) -> Option<Vec<u8>> {
    let l = l.strip_suffix(b"\r").unwrap_or(l);
    if l.len() < 2 {
        return None;
    }
    let q = *l.first()?;
    if (q != b'\'' && q != b'"') || l.last() != Some(&q) {
        return None;
    }
    let inner = l.get(1..l.len() - 1)?;
    let mut out = Vec::with_capacity(inner.len().min(MAX_STR));
    let mut i = 0;
    while let Some(&c) = inner.get(i) {
        i += 1;
        if c != b'\\' {
            out.push(c);
            continue;
        }
        let Some(&e) = inner.get(i) else {
            out.push(b'\\');
            break;
        };
        i += 1;
        match e {
            b'n' => out.push(b'\n'),
            b't' => out.push(b'\t'),
            b'r' => out.push(b'\r'),
            b'\\' | b'\'' | b'"' => out.push(e),
            b'x' => {
                let h = inner
                    .get(i..i + 2)
                    .and_then(|h| std::str::from_utf8(h).ok());
                match h.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.extend_from_slice(b"\\x"),
                }
            }
            other => {
                out.push(b'\\');
                out.push(other);
            }
        }
    }
    Some(out)
}

/// UNICODE argument: raw-unicode-escape (`\uXXXX`, `\UXXXXXXXX`).
fn raw_unicode_unescape(l: &[u8]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while let Some(&c) = l.get(i) {
        if c == b'\\' {
            let width = match l.get(i + 1) {
                Some(b'u') => 4,
                Some(b'U') => 8,
                _ => 0,
            };
            if width > 0 {
                let hex = l
                    .get(i + 2..i + 2 + width)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u32::from_str_radix(h, 16).ok());
                if let Some(cp) = hex {
                    out.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                    i += 2 + width;
                    continue;
                }
            }
        }
        // Bytes are latin-1.
        out.push(char::from(c));
        i += 1;
    }
    out
}

/// Parses one pickle starting at `start`; events go to `ev`.
fn parse_one(buf: &[u8], start: usize, tentative: bool, ev: &mut Sink) -> Res<usize> {
    Walker::new(buf, start, 0, tentative, ev).run()
}

/// Scans a whole stream: the first pickle, then any that follow it.
///
/// * A legacy `torch.save` file is five pickles followed by raw storages.
/// * Bytes after STOP that start like a binary pickle (PROTO) are parsed as
///   one; a failure there is corruption.
/// * Other bytes after STOP are parsed tentatively: if they form a pickle its
///   globals count, otherwise only dangerous-looking globals seen on the way
///   are kept (they would run before the loader fails).
pub(crate) fn scan_stream(buf: &[u8], ev: &mut Sink) -> StreamInfo {
    let mut info = StreamInfo::default();
    if buf.is_empty() {
        ev.push(Event::Corrupt {
            offset: 0,
            msg: "empty pickle stream".into(),
        });
        return info;
    }
    info.legacy_torch = buf.first() == Some(&0x80) && buf.get(2..15) == Some(TORCH_LEGACY_MAGIC);
    let mut pos = 0usize;
    loop {
        if info.pickles >= MAX_PICKLES {
            return info;
        }
        let strict = info.pickles == 0
            || (info.legacy_torch && info.pickles < 5)
            || (buf.get(pos) == Some(&0x80) && buf.get(pos + 1).is_some_and(|&p| p <= 5));
        if strict {
            match parse_one(buf, pos, false, ev) {
                Ok(end) => pos = end,
                Err(f) => {
                    let what = if info.pickles == 0 {
                        String::new()
                    } else {
                        format!("pickle #{} (at offset {pos}): ", info.pickles + 1)
                    };
                    ev.push(Event::Corrupt {
                        offset: f.offset,
                        msg: format!("{what}{}", f.msg),
                    });
                    residual_scan(buf, usize::try_from(f.offset).unwrap_or(usize::MAX), ev);
                    return info;
                }
            }
        } else {
            let mut tmp = Sink::default();
            match parse_one(buf, pos, true, &mut tmp) {
                Ok(end) => {
                    // A well-formed pickle after all: re-run it for real so
                    // all its globals, unresolved and extension events count.
                    let _ = parse_one(buf, pos, false, ev);
                    pos = end;
                }
                Err(_) => {
                    // Only dangerous globals were kept from a tentative parse.
                    for e in tmp.events {
                        if let Event::Global {
                            module,
                            name,
                            offset,
                            ..
                        } = e
                        {
                            ev.global(module, name, offset, true);
                        }
                    }
                    return info;
                }
            }
        }
        info.pickles += 1;
        if pos >= buf.len() || (info.legacy_torch && info.pickles >= 5) {
            return info;
        }
    }
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'.'
}

/// Reads a short name (module or attribute path) of name bytes ending at a
/// newline, starting at `i`; returns it and the index after the newline.
fn name_line(buf: &[u8], i: usize) -> Option<(&[u8], usize)> {
    let rest = buf.get(i..)?;
    let n = rest.iter().take(129).position(|&b| b == b'\n')?;
    let s = rest.get(..n)?;
    if s.is_empty() || !s.iter().all(|&b| is_name_byte(b)) {
        return None;
    }
    Some((s, i + n + 1))
}

/// A string push (SHORT_BINUNICODE, BINUNICODE, SHORT_BINSTRING) of name
/// bytes at `i`, optionally followed by a memo store; returns the string
/// and the index after it.
fn string_push(buf: &[u8], i: usize) -> Option<(&[u8], usize)> {
    let op = *buf.get(i)?;
    let (len, start) = match op {
        0x8c | b'U' => (usize::from(*buf.get(i + 1)?), i + 2),
        b'X' => {
            let b: [u8; 4] = buf.get(i + 1..i + 5)?.try_into().ok()?;
            let n = u32::from_le_bytes(b);
            (usize::try_from(n).ok()?, i + 5)
        }
        _ => return None,
    };
    if len == 0 || len > 128 {
        return None;
    }
    let s = buf.get(start..start.checked_add(len)?)?;
    if !s.iter().all(|&b| is_name_byte(b)) {
        return None;
    }
    let mut end = start + len;
    match buf.get(end) {
        Some(0x94) => end += 1,
        Some(b'q') => end += 2,
        Some(b'r') => end += 5,
        _ => {}
    }
    Some((s, end))
}

/// After a parse failure, look through the bytes that were not parsed for
/// import patterns (GLOBAL/INST lines, two string pushes then STACK_GLOBAL).
/// They are reported as tentative: only dangerous ones are kept.
fn residual_scan(buf: &[u8], from: usize, ev: &mut Sink) {
    let mut i = from;
    while i < buf.len() {
        let b = buf.get(i).copied().unwrap_or(0);
        let mut next = i + 1;
        if b == b'c' || b == b'i' {
            if let Some((m, j)) = name_line(buf, i + 1) {
                if let Some((n, _)) = name_line(buf, j) {
                    ev.global(lossy(m), lossy(n), i as u64, true);
                    // The module line cannot hold another import.
                    next = j;
                }
            }
        }
        if let Some((m, j)) = string_push(buf, i) {
            if let Some((n, k)) = string_push(buf, j) {
                if buf.get(k) == Some(&0x93) {
                    ev.global(lossy(m), lossy(n), k as u64, true);
                }
            }
        }
        i = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memo_dense_sparse_and_full() {
        let mut m = Memo::default();
        assert!(m.insert(0, Value::Int(0)));
        assert!(m.insert(2, Value::Int(2)));
        assert!(m.insert(1, Value::Int(1)));
        // Key 2 moved from the map into the dense part.
        assert_eq!(m.dense.len(), 3);
        assert!(m.sparse.is_empty());
        assert!(matches!(m.get(2), Some(Value::Int(2))));
        assert!(m.insert(1 << 40, Value::Int(9)));
        assert!(matches!(m.get(1 << 40), Some(Value::Int(9))));
        assert!(m.get(5).is_none());
        for k in 3..MAX_MEMO as u64 {
            m.insert(k, Value::None);
        }
        assert!(m.len() >= MAX_MEMO);
        assert!(!m.insert(u64::MAX, Value::None));
        assert!(m.insert(u64::MAX, Value::Str(Rc::from("torch._utils"))));
    }

    #[test]
    fn residual_scan_dedupes() {
        let mut buf = b"\x80\x02\x00".to_vec();
        for _ in 0..10_000 {
            buf.extend_from_slice(b"cos\nsystem\n");
        }
        let mut sink = Sink::default();
        scan_stream(&buf, &mut sink);
        let globals = sink
            .events
            .iter()
            .filter(|e| matches!(e, Event::Global { .. }))
            .count();
        assert_eq!(globals, 1);
    }
}
