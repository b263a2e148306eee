//! Static analysis of machine-learning model files.
//!
//! Nothing is ever unpickled or loaded: pickles are walked opcode by opcode
//! and the globals they import are judged against allow and deny lists;
//! archives are read with a bounded zip reader; `.npy`, Keras, safetensors
//! and ONNX files are checked structurally.
//!
//! Supported: plain pickles (protocols 0 to 5, several in a row), joblib
//! files (with their inline numpy arrays, zlib/gzip compressed too), PyTorch
//! zip and legacy files, TorchScript archives, `.npy`/`.npz`, `.keras`
//! archives and Keras HDF5 files, safetensors, ONNX.

mod formats;
mod json;
mod keras;
mod npy;
mod pickle;
mod policy;
pub(crate) mod zip;

#[cfg(test)]
mod tests;

use std::collections::HashSet;

use pickle::Event;
use policy::Class;

/// One finding in a model file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub kind: IssueKind,
    /// Human-readable detail, e.g. "imports os.system" or
    /// "zip entry archive/data.pkl: truncated at opcode offset 1234".
    pub detail: String,
    /// Archive member the issue is in (e.g. "archive/data.pkl"), None for a
    /// plain file. Members of nested archives are joined with `!`.
    pub member: Option<String>,
    /// Byte offset in the pickle stream (or member) where relevant.
    pub offset: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum IssueKind {
    /// A global from the deny list: process, OS, interpreter, network and
    /// file access, nested deserialisers, call and attribute gadgets.
    Dangerous { module: String, name: String },
    /// A global outside the safe allow-list but not known dangerous (lower
    /// severity). `module` is "?" when the global cannot be resolved
    /// statically (STACK_GLOBAL from computed operands, EXT opcodes).
    Unknown { module: String, name: String },
    /// The file cannot be parsed (truncated, unknown opcode, bad zip, ...).
    Corrupt,
    /// Archive exceeds bounds (entry count, total uncompressed size,
    /// compression ratio, overlapping entries): a zip bomb.
    ArchiveBomb,
    /// Keras model whose config declares a Lambda layer (arbitrary code).
    KerasLambda,
    /// .npy / .npz array with dtype object (loading needs allow_pickle=True);
    /// the embedded pickle is analysed too.
    NumpyObjectArray,
    /// Content the analyser cannot read (a compression or encryption it does
    /// not support, nesting too deep), so it was not scanned.
    Unsupported,
}

impl IssueKind {
    /// The catalog rule this kind of issue reports under.
    pub fn rule_id(&self) -> &'static str {
        match self {
            IssueKind::Dangerous { .. } => "models/dangerous-import",
            IssueKind::Unknown { .. } => "models/unknown-import",
            IssueKind::Corrupt => "models/corrupt",
            IssueKind::ArchiveBomb => "models/archive-bomb",
            IssueKind::KerasLambda => "models/keras-lambda",
            IssueKind::NumpyObjectArray => "models/numpy-object-array",
            IssueKind::Unsupported => "models/unsupported",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pickle,
    TorchZip,
    TorchLegacy,
    Joblib,
    Numpy,
    NumpyZip,
    Keras,
    Safetensors,
    Onnx,
    Unknown,
}

impl Format {
    pub fn as_str(&self) -> &'static str {
        match self {
            Format::Pickle => "pickle",
            Format::TorchZip => "torch-zip",
            Format::TorchLegacy => "torch-legacy",
            Format::Joblib => "joblib",
            Format::Numpy => "numpy",
            Format::NumpyZip => "numpy-zip",
            Format::Keras => "keras",
            Format::Safetensors => "safetensors",
            Format::Onnx => "onnx",
            Format::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub format: Format,
    pub issues: Vec<Issue>,
    /// Globals seen (module.name), deduped, in order of first appearance.
    pub globals: Vec<String>,
}

/// Bounds for archives and compressed streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most entries in one zip archive.
    pub max_entries: usize,
    /// Most bytes all entries may declare, and that may be inflated in
    /// total. Stored entries no larger than the file itself are not counted
    /// as an expansion.
    pub max_total_uncompressed: u64,
    /// Highest uncompressed:compressed ratio of a deflated entry (judged for
    /// entries of 1 MiB and more).
    pub max_ratio: u64,
    /// Largest single member (or compressed stream) that is inflated.
    pub max_member_size: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entries: 65_536,
            max_total_uncompressed: 4 << 30,
            max_ratio: 200,
            max_member_size: 1 << 30,
        }
    }
}

/// How deeply files nested in files (archives in archives, torch bytes in
/// pickles) are followed.
const MAX_BLOB_DEPTH: u32 = 4;

const HDF5_MAGIC: &[u8] = b"\x89HDF\r\n\x1a\n";

/// Extensions of files that are pickles (or joblib/torch files that may be).
const PICKLE_EXTS: &[&str] = &[
    "pkl",
    "pickle",
    "pck",
    "pcl",
    "p",
    "dill",
    "joblib",
    "pt",
    "pth",
    "ckpt",
    "debug_pkl",
    "sav",
];

/// Zip members analysed (by extension); others (raw tensor storages,
/// weights, code) are not read.
const MEMBER_EXTS: &[&str] = &[
    "pkl",
    "pickle",
    "pck",
    "dill",
    "joblib",
    "pt",
    "pth",
    "ckpt",
    "debug_pkl",
    "npy",
    "npz",
    "keras",
];

/// Analyses one file. `name` is the file name (for the extension), `data`
/// all its bytes. Never panics, never executes anything from the file.
pub fn analyse(name: &str, data: &[u8], limits: &Limits) -> Report {
    let mut cx = Cx {
        limits,
        issues: Vec::new(),
        seen: HashSet::new(),
        globals: Vec::new(),
        globals_seen: HashSet::new(),
        budget: limits.max_total_uncompressed,
    };
    let format = cx.blob(name, data, None, 0);
    Report {
        format,
        issues: cx.issues,
        globals: cx.globals,
    }
}

/// Lower-cased extension of the last path component.
fn extension(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match base.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

fn is_zip(data: &[u8]) -> bool {
    data.starts_with(b"PK\x03\x04") || data.starts_with(b"PK\x05\x06")
}

fn is_binary_pickle(data: &[u8]) -> bool {
    data.first() == Some(&0x80) && data.get(1).is_some_and(|&p| p <= 5)
}

fn is_zlib(data: &[u8]) -> bool {
    match (data.first(), data.get(1)) {
        (Some(&a), Some(&b)) => {
            a & 0x0f == 8 && a >> 4 <= 7 && (u16::from(a) * 256 + u16::from(b)) % 31 == 0
        }
        _ => false,
    }
}

fn other_compression(data: &[u8]) -> Option<&'static str> {
    if data.starts_with(b"\xfd7zXZ\x00") {
        Some("xz")
    } else if data.starts_with(b"BZh") {
        Some("bzip2")
    } else if data.starts_with(b"\x04\x22\x4d\x18") {
        Some("lz4")
    } else if data.starts_with(b"\x28\xb5\x2f\xfd") {
        Some("zstd")
    } else if data.starts_with(b"\x5d\x00\x00") {
        Some("lzma")
    } else if data.starts_with(b"ZF") {
        Some("joblib's legacy zlib container")
    } else {
        None
    }
}

/// Skips a gzip header; returns the offset of the deflate data.
fn gzip_body(data: &[u8]) -> Option<usize> {
    if !data.starts_with(b"\x1f\x8b\x08") {
        return None;
    }
    let flags = *data.get(3)?;
    let mut p = 10usize;
    if flags & 4 != 0 {
        let x: [u8; 2] = data.get(p..p + 2)?.try_into().ok()?;
        p += 2 + usize::from(u16::from_le_bytes(x));
    }
    for bit in [8u8, 16] {
        if flags & bit != 0 {
            let n = data.get(p..)?.iter().position(|&b| b == 0)?;
            p += n + 1;
        }
    }
    if flags & 2 != 0 {
        p += 2;
    }
    (p <= data.len()).then_some(p)
}

struct Cx<'l> {
    limits: &'l Limits,
    issues: Vec<Issue>,
    seen: HashSet<(IssueKind, Option<String>)>,
    globals: Vec<String>,
    globals_seen: HashSet<String>,
    /// Bytes that may still be inflated.
    budget: u64,
}

impl Cx<'_> {
    fn add(&mut self, kind: IssueKind, member: Option<&str>, offset: Option<u64>, detail: String) {
        let member = member.map(str::to_string);
        if !self.seen.insert((kind.clone(), member.clone())) {
            return;
        }
        let detail = match &member {
            Some(m)
                if matches!(
                    kind,
                    IssueKind::Corrupt | IssueKind::Unsupported | IssueKind::ArchiveBomb
                ) =>
            {
                format!("zip entry {m}: {detail}")
            }
            _ => detail,
        };
        self.issues.push(Issue {
            kind,
            detail,
            member,
            offset,
        });
    }

    fn corrupt(&mut self, member: Option<&str>, offset: Option<u64>, detail: String) {
        self.add(IssueKind::Corrupt, member, offset, detail);
    }

    /// Analyses bytes of any supported format.
    fn blob(&mut self, name: &str, data: &[u8], member: Option<&str>, depth: u32) -> Format {
        if depth > MAX_BLOB_DEPTH {
            self.add(
                IssueKind::Unsupported,
                member,
                None,
                "files nested too deeply; not scanned".into(),
            );
            return Format::Unknown;
        }
        let ext = extension(name);
        if is_zip(data) {
            return self.zip(&ext, data, member, depth);
        }
        if npy::is_npy(data) {
            self.npy(data, member, depth);
            return Format::Numpy;
        }
        match ext.as_str() {
            "safetensors" => {
                if let Err(e) = formats::check_safetensors(data) {
                    self.corrupt(member, None, format!("invalid safetensors file: {e}"));
                }
                return Format::Safetensors;
            }
            "onnx" => {
                if let Err(e) = formats::check_onnx(data) {
                    self.corrupt(member, None, format!("invalid ONNX file: {e}"));
                }
                return Format::Onnx;
            }
            _ => {}
        }
        if data.starts_with(HDF5_MAGIC) {
            let keras_ext = matches!(ext.as_str(), "h5" | "hdf5" | "keras");
            if keras_ext || contains(data, b"keras_version") {
                if keras::text_mentions_lambda(data) {
                    self.add(
                        IssueKind::KerasLambda,
                        member,
                        None,
                        "Keras HDF5 model config declares a Lambda layer: its Python code runs when the model is loaded".into(),
                    );
                }
                return Format::Keras;
            }
            return Format::Unknown;
        }
        let pickle_format = |legacy: bool| {
            if legacy {
                Format::TorchLegacy
            } else if ext == "joblib" {
                Format::Joblib
            } else {
                Format::Pickle
            }
        };
        if is_binary_pickle(data) {
            let info = self.pickle(data, member, 0, depth);
            return pickle_format(info.legacy_torch);
        }
        let pickle_ext = PICKLE_EXTS.contains(&ext.as_str()) || ext == "gz" || ext == "z";
        if pickle_ext && data.get(257..262) == Some(b"ustar") {
            self.add(
                IssueKind::Unsupported,
                member,
                None,
                "tar archive (PyTorch's pre-1.0 format?) is not supported; contents not scanned"
                    .into(),
            );
            return Format::Unknown;
        }
        if pickle_ext {
            let gz = gzip_body(data);
            if gz.is_some() || is_zlib(data) {
                // Two bytes can look like a zlib header by chance (`(S` is
                // one): a zlib stream that does not inflate is read as a
                // pickle instead.
                if let Some(f) = self.compressed(name, &ext, data, gz, member, depth) {
                    return f;
                }
            }
            if let Some(kind) = other_compression(data) {
                self.add(
                    IssueKind::Unsupported,
                    member,
                    None,
                    format!("compressed with {kind}, which is not supported; contents not scanned"),
                );
                return pickle_format(false);
            }
            if ext == "gz" || ext == "z" {
                return Format::Unknown;
            }
            let info = self.pickle(data, member, 0, depth);
            return pickle_format(info.legacy_torch);
        }
        Format::Unknown
    }

    /// A zlib or gzip compressed pickle (joblib's `compress=`).
    fn compressed(
        &mut self,
        name: &str,
        ext: &str,
        data: &[u8],
        gz: Option<usize>,
        member: Option<&str>,
        depth: u32,
    ) -> Option<Format> {
        let cap = self.limits.max_member_size.min(self.budget);
        let limit = usize::try_from(cap).unwrap_or(usize::MAX).saturating_add(1);
        let result = match gz {
            Some(start) => miniz_oxide::inflate::decompress_to_vec_with_limit(
                data.get(start..).unwrap_or_default(),
                limit,
            ),
            None => miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(data, limit),
        };
        let inner = match result {
            Ok(v) if v.len() as u64 <= cap => v,
            Ok(_) => {
                self.add(
                    IssueKind::ArchiveBomb,
                    member,
                    None,
                    format!("compressed stream inflates beyond {cap} bytes"),
                );
                return Some(Format::Unknown);
            }
            Err(e) if e.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                self.add(
                    IssueKind::ArchiveBomb,
                    member,
                    None,
                    format!("compressed stream inflates beyond {cap} bytes"),
                );
                return Some(Format::Unknown);
            }
            Err(_) if gz.is_some() => {
                self.corrupt(member, None, "invalid gzip compressed data".into());
                return Some(Format::Unknown);
            }
            Err(_) => return None,
        };
        self.budget = self.budget.saturating_sub(inner.len() as u64);
        // Name the inner stream after the outer file without .gz/.z.
        let inner_name = if ext == "gz" || ext == "z" {
            name.rsplit_once('.').map_or(name, |(s, _)| s)
        } else {
            name
        };
        Some(match self.blob(inner_name, &inner, member, depth + 1) {
            Format::Pickle if extension(inner_name) == "joblib" => Format::Joblib,
            f => f,
        })
    }

    fn pickle(
        &mut self,
        buf: &[u8],
        member: Option<&str>,
        base: u64,
        depth: u32,
    ) -> pickle::StreamInfo {
        let mut sink = pickle::Sink::default();
        let info = pickle::scan_stream(buf, &mut sink);
        for e in sink.events {
            match e {
                Event::Global {
                    module,
                    name,
                    offset,
                    tentative,
                    class,
                } => {
                    let full = format!("{module}.{name}");
                    if self.globals_seen.insert(full.clone()) {
                        self.globals.push(full.clone());
                    }
                    let offset = Some(base + offset);
                    match class {
                        Class::Safe => {}
                        Class::Dangerous => {
                            let detail = if tentative {
                                format!("imports {full} (in bytes that follow the pickle and do not parse as one)")
                            } else {
                                format!("imports {full}")
                            };
                            self.add(
                                IssueKind::Dangerous { module, name },
                                member,
                                offset,
                                detail,
                            );
                        }
                        Class::Unknown => {
                            let detail = format!("imports {full}, which is not on the allow-list");
                            self.add(IssueKind::Unknown { module, name }, member, offset, detail);
                        }
                    }
                }
                Event::Unresolved { offset } => self.add(
                    IssueKind::Unknown {
                        module: "?".into(),
                        name: "?".into(),
                    },
                    member,
                    Some(base + offset),
                    "STACK_GLOBAL whose module and name cannot be resolved statically".into(),
                ),
                Event::Ext { code, offset } => self.add(
                    IssueKind::Unknown {
                        module: "?".into(),
                        name: format!("extension code {code}"),
                    },
                    member,
                    Some(base + offset),
                    format!("EXT opcode imports the global registered under extension code {code}"),
                ),
                Event::Corrupt { offset, msg } => {
                    self.corrupt(
                        member,
                        Some(base + offset),
                        format!("{msg} (at opcode offset {})", base + offset),
                    );
                }
                Event::NestedBytes { start, len, offset } => {
                    let label = format!("{}@{}", member.unwrap_or("pickle"), base + offset);
                    match start.checked_add(len).and_then(|end| buf.get(start..end)) {
                        Some(inner) => {
                            self.blob("nested.pt", inner, Some(&label), depth + 1);
                        }
                        None => self.corrupt(
                            member,
                            Some(base + offset),
                            "nested torch bytes out of range".into(),
                        ),
                    }
                }
                Event::OpaqueLoad { offset } => self.add(
                    IssueKind::Unknown {
                        module: "torch.storage".into(),
                        name: "_load_from_bytes".into(),
                    },
                    member,
                    Some(base + offset),
                    "loads a nested torch file whose bytes cannot be located statically".into(),
                ),
            }
        }
        info
    }

    fn npy(&mut self, data: &[u8], member: Option<&str>, depth: u32) {
        let info = match npy::parse(data) {
            Ok(i) => i,
            Err(e) => {
                self.corrupt(member, None, format!("invalid .npy file: {e}"));
                return;
            }
        };
        let body = data.get(info.data_start..).unwrap_or_default();
        if info.object {
            self.add(
                IssueKind::NumpyObjectArray,
                member,
                Some(info.data_start as u64),
                format!(
                    "array of dtype {} holds Python objects: loading it needs allow_pickle=True and unpickles the data",
                    info.descr
                ),
            );
            self.pickle(body, member, info.data_start as u64, depth);
        } else if let Some(expected) = info.expected_len {
            if (body.len() as u64) < expected {
                self.corrupt(
                    member,
                    None,
                    format!("array data truncated: {} of {expected} bytes", body.len()),
                );
            }
        }
    }

    fn zip(&mut self, ext: &str, data: &[u8], member: Option<&str>, depth: u32) -> Format {
        let archive = match zip::open(data, self.limits) {
            Ok(a) => a,
            Err(e) => {
                let fmt = zip_format(ext, &[]);
                self.zip_error(e, member);
                return fmt;
            }
        };
        let format = zip_format(ext, &archive.entries);
        let limits = self.limits;
        let label = |e: &zip::Entry| match member {
            Some(outer) => format!("{outer}!{}", e.name),
            None => e.name.clone(),
        };
        let mut bombed = HashSet::new();
        for (i, e) in archive.entries.iter().enumerate() {
            if let Some(reason) = archive.entry_bomb(e, limits) {
                bombed.insert(i);
                self.add(IssueKind::ArchiveBomb, Some(&label(e)), None, reason);
            }
        }
        let mut saw_config = false;
        for (i, e) in archive.entries.iter().enumerate() {
            if e.is_dir() || bombed.contains(&i) {
                continue;
            }
            let is_config = format == Format::Keras && e.name == "config.json";
            let ext = extension(&e.name);
            if !is_config && !MEMBER_EXTS.contains(&ext.as_str()) {
                continue;
            }
            let l = label(e);
            let bytes = match archive.read(e, limits, &mut self.budget) {
                Ok((bytes, note)) => {
                    if let Some(note) = note {
                        self.corrupt(Some(&l), None, note);
                    }
                    bytes
                }
                Err(err) => {
                    self.member_error(err, &l);
                    continue;
                }
            };
            if is_config {
                saw_config = true;
                let scan = keras::scan_config(&bytes);
                if let Some(err) = scan.parse_error {
                    self.corrupt(
                        Some(&l),
                        None,
                        format!("config.json is not valid JSON: {err}"),
                    );
                }
                if !scan.layers.is_empty() {
                    self.add(
                        IssueKind::KerasLambda,
                        Some(&l),
                        None,
                        format!(
                            "Lambda layer(s) {} declared: their Python code runs when the model is loaded",
                            scan.layers.join(", ")
                        ),
                    );
                }
            } else {
                self.blob(&e.name, &bytes, Some(&l), depth + 1);
            }
        }
        if format == Format::Keras && !saw_config && ext == "keras" {
            self.corrupt(member, None, "Keras archive without config.json".into());
        }
        format
    }

    fn zip_error(&mut self, e: zip::ZipError, member: Option<&str>) {
        match e {
            zip::ZipError::Corrupt(m) => {
                self.corrupt(member, None, format!("invalid zip archive: {m}"))
            }
            zip::ZipError::Bomb(m) => self.add(IssueKind::ArchiveBomb, member, None, m),
            zip::ZipError::Unsupported(m) => self.add(IssueKind::Unsupported, member, None, m),
        }
    }

    fn member_error(&mut self, e: zip::ZipError, label: &str) {
        match e {
            zip::ZipError::Corrupt(m) => self.corrupt(Some(label), None, m),
            zip::ZipError::Bomb(m) => self.add(IssueKind::ArchiveBomb, Some(label), None, m),
            zip::ZipError::Unsupported(m) => self.add(
                IssueKind::Unsupported,
                Some(label),
                None,
                format!("{m}; not scanned"),
            ),
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Which kind of model a zip archive holds.
fn zip_format(ext: &str, entries: &[zip::Entry]) -> Format {
    let has = |n: &str| entries.iter().any(|e| e.name == n);
    let torch_pickle = entries
        .iter()
        .any(|e| e.name == "data.pkl" || e.name.ends_with("/data.pkl"));
    if ext == "keras" || (has("config.json") && (has("metadata.json") || has("model.weights.h5"))) {
        return Format::Keras;
    }
    if ext == "npz" || (!entries.is_empty() && entries.iter().all(|e| e.name.ends_with(".npy"))) {
        return Format::NumpyZip;
    }
    if torch_pickle || matches!(ext, "pt" | "pth" | "bin" | "ckpt") {
        return Format::TorchZip;
    }
    Format::Unknown
}
