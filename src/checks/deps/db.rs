//! The advisory database: a local directory of OSV records, one folder per OSV ecosystem
//! (`PyPI/`, `npm/`, `crates.io/`, ...), records as JSON or OSV YAML at any depth, or the
//! `all.zip` OSV publishes. It is indexed by ecosystem and normalised package name once and
//! the index is cached in the user cache directory, keyed by the database path and a
//! fingerprint of its files, so a scan reads one compact file instead of thousands.
use super::osv::Record;
use super::types::Ecosystem;
use super::versions::normalize_name;
use crate::checks::models::analysis::{zip, Limits};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

const ECOSYSTEMS: [Ecosystem; 8] = [
    Ecosystem::PyPI,
    Ecosystem::Npm,
    Ecosystem::CratesIo,
    Ecosystem::Go,
    Ecosystem::RubyGems,
    Ecosystem::Packagist,
    Ecosystem::NuGet,
    Ecosystem::Maven,
];

/// Bounds for OSV's `all.zip`: hundreds of thousands of small, well-compressed records.
pub(crate) const ZIP_LIMITS: Limits = Limits {
    max_entries: 2_000_000,
    max_total_uncompressed: 16 << 30,
    max_ratio: 1000,
    max_member_size: 64 << 20,
};

/// Bumped when the cache layout changes, so old caches are rebuilt.
const INDEX_VERSION: u32 = 1;

/// Written by `picket db update` at the root of the database it manages.
pub const UPDATED_MARKER: &str = ".picket-updated";

#[derive(Debug, Default, Serialize, Deserialize)]
struct EcoIndex {
    /// What the index was built from; a different fingerprint means rebuild.
    fingerprint: String,
    /// Normalised package name → indices into `records`.
    names: HashMap<String, Vec<u32>>,
    /// Records as compact JSON, parsed again only for the packages a scan has.
    records: Vec<String>,
    /// Files that could not be read or parsed (reported, not fatal).
    errors: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    index: EcoIndex,
}

/// One ecosystem's index, read (or built) the first time a scan asks for it: a scan of a
/// Rust tree never parses PyPI's records.
#[derive(Debug)]
struct LazyIndex {
    eco: Ecosystem,
    files: Vec<(PathBuf, std::fs::Metadata)>,
    fingerprint: String,
    cache: Option<PathBuf>,
    index: OnceLock<EcoIndex>,
}

impl LazyIndex {
    fn get(&self) -> &EcoIndex {
        self.index.get_or_init(|| {
            if let Some(ix) = self
                .cache
                .as_deref()
                .and_then(|c| read_cache(c, &self.fingerprint))
            {
                return ix;
            }
            let ix = build(self.eco, &self.files, self.fingerprint.clone());
            if let Some(c) = &self.cache {
                // A cache we cannot write only costs time on the next scan.
                let _ = write_cache(c, &ix);
            }
            ix
        })
    }
}

/// An opened database.
#[derive(Debug)]
pub struct Database {
    pub root: PathBuf,
    indexes: HashMap<Ecosystem, LazyIndex>,
    /// Time since the database was last updated (its marker, else its newest file).
    pub age: Option<Duration>,
}

/// Per-ecosystem numbers for `picket db status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EcoStatus {
    pub ecosystem: Ecosystem,
    pub packages: usize,
    pub records: usize,
    pub errors: Vec<String>,
}

impl Database {
    /// Records that name this package (withdrawn ones are not indexed).
    pub fn records(&self, eco: Ecosystem, name: &str) -> Vec<Record> {
        let Some(ix) = self.indexes.get(&eco).map(LazyIndex::get) else {
            return Vec::new();
        };
        ix.names
            .get(&normalize_name(eco, name))
            .map(|ids| {
                ids.iter()
                    .filter_map(|&i| ix.records.get(i as usize))
                    .filter_map(|r| serde_json::from_str(r).ok())
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn has(&self, eco: Ecosystem) -> bool {
        self.indexes.contains_key(&eco)
    }

    pub fn status(&self) -> Vec<EcoStatus> {
        let mut out: Vec<EcoStatus> = self
            .indexes
            .iter()
            .map(|(e, lazy)| (e, lazy.get()))
            .map(|(e, ix)| EcoStatus {
                ecosystem: *e,
                packages: ix.names.len(),
                records: ix.records.len(),
                errors: ix.errors.clone(),
            })
            .collect();
        out.sort_by_key(|s| s.ecosystem);
        out
    }
}

/// Where the database is: `--advisory-db`, `PICKET_ADVISORY_DB`, `[deps] advisory-db`,
/// then the user cache directory.
pub fn locate(flag: Option<&Path>, config: Option<&str>) -> PathBuf {
    if let Some(p) = flag {
        return p.to_path_buf();
    }
    if let Some(p) = std::env::var_os("PICKET_ADVISORY_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    if let Some(p) = config {
        return PathBuf::from(p);
    }
    cache_dir().join("osv")
}

/// `$XDG_CACHE_HOME/picket`, `~/.cache/picket` (`~/Library/Caches/picket` on macOS,
/// `%LOCALAPPDATA%\picket` on Windows).
pub fn cache_dir() -> PathBuf {
    if let Some(x) = std::env::var_os("XDG_CACHE_HOME").filter(|p| !p.is_empty()) {
        return PathBuf::from(x).join("picket");
    }
    if cfg!(windows) {
        if let Some(l) = std::env::var_os("LOCALAPPDATA") {
            return PathBuf::from(l).join("picket");
        }
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    if cfg!(target_os = "macos") {
        home.join("Library/Caches/picket")
    } else {
        home.join(".cache/picket")
    }
}

/// Opens the database at `root`, building or reusing the cached index of each ecosystem
/// folder. `index_dir` is where caches go (`None`: build in memory every time).
pub fn open(root: &Path, index_dir: Option<&Path>) -> Result<Database, String> {
    let meta = std::fs::metadata(root)
        .map_err(|e| format!("advisory database {}: {e}", root.display()))?;
    if !meta.is_dir() {
        return Err(format!(
            "advisory database {} is not a directory",
            root.display()
        ));
    }
    let mut indexes = HashMap::new();
    let mut newest: Option<SystemTime> = None;
    for eco in ECOSYSTEMS {
        let dir = root.join(eco.osv_name());
        if !dir.is_dir() {
            continue;
        }
        let files = record_files(&dir);
        let (fingerprint, latest) = fingerprint(&files);
        newest = newest.max(latest);
        let cache = index_dir.map(|d| d.join(cache_name(root, eco)));
        indexes.insert(
            eco,
            LazyIndex {
                eco,
                files,
                fingerprint,
                cache,
                index: OnceLock::new(),
            },
        );
    }
    if indexes.is_empty() {
        return Err(format!(
            "advisory database {} has no ecosystem folders (expected e.g. PyPI/, npm/, crates.io/); run `picket db update`",
            root.display()
        ));
    }
    let marker = std::fs::metadata(root.join(UPDATED_MARKER))
        .and_then(|m| m.modified())
        .ok();
    let age = marker
        .or(newest)
        .and_then(|t| SystemTime::now().duration_since(t).ok());
    Ok(Database {
        root: root.to_path_buf(),
        indexes,
        age,
    })
}

fn cache_name(root: &Path, eco: Ecosystem) -> String {
    use sha2::{Digest, Sha256};
    let abs = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let h = Sha256::digest(abs.to_string_lossy().as_bytes());
    let hex: String = h[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("index-{hex}-{}.json", eco.osv_name())
}

/// Record files under an ecosystem folder, sorted so the index is deterministic.
fn record_files(dir: &Path) -> Vec<(PathBuf, std::fs::Metadata)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            let Ok(m) = e.metadata() else { continue };
            if m.is_dir() {
                if !e.file_name().to_string_lossy().starts_with('.') {
                    stack.push(p);
                }
            } else if m.is_file()
                && p.extension()
                    .is_some_and(|x| x == "json" || x == "yaml" || x == "yml" || x == "zip")
            {
                out.push((p, m));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Count, total size and newest modification time of the files: cheap to compute (no
/// reads) and changes whenever an update adds, removes or rewrites a record.
fn fingerprint(files: &[(PathBuf, std::fs::Metadata)]) -> (String, Option<SystemTime>) {
    let newest = files.iter().filter_map(|(_, m)| m.modified().ok()).max();
    let size: u64 = files.iter().map(|(_, m)| m.len()).sum();
    let secs = newest
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    (
        format!("v{INDEX_VERSION}:{}:{size}:{secs}", files.len()),
        newest,
    )
}

fn read_cache(path: &Path, fingerprint: &str) -> Option<EcoIndex> {
    let data = std::fs::read(path).ok()?;
    let c: CacheFile = serde_json::from_slice(&data).ok()?;
    (c.version == INDEX_VERSION && c.index.fingerprint == fingerprint).then_some(c.index)
}

fn write_cache(path: &Path, index: &EcoIndex) -> std::io::Result<()> {
    if let Some(d) = path.parent() {
        std::fs::create_dir_all(d)?;
    }
    let c = CacheFile {
        version: INDEX_VERSION,
        index: EcoIndex {
            fingerprint: index.fingerprint.clone(),
            names: index.names.clone(),
            records: index.records.clone(),
            errors: index.errors.clone(),
        },
    };
    let data = serde_json::to_vec(&c).map_err(std::io::Error::other)?;
    crate::app::write_atomic(path, &data)
}

fn build(eco: Ecosystem, files: &[(PathBuf, std::fs::Metadata)], fingerprint: String) -> EcoIndex {
    let mut ix = EcoIndex {
        fingerprint,
        ..EcoIndex::default()
    };
    for (path, _) in files {
        let data = match std::fs::read(path) {
            Ok(d) => d,
            Err(e) => {
                ix.errors.push(format!("{}: {e}", path.display()));
                continue;
            }
        };
        let name = path.to_string_lossy();
        if name.ends_with(".zip") {
            add_zip(eco, &name, &data, &mut ix);
        } else {
            add_record(eco, &name, &data, &mut ix);
        }
    }
    ix
}

fn add_zip(eco: Ecosystem, name: &str, data: &[u8], ix: &mut EcoIndex) {
    let limits = ZIP_LIMITS;
    let archive = match zip::open(data, &limits) {
        Ok(a) => a,
        Err(e) => {
            ix.errors.push(format!("{name}: {e:?}"));
            return;
        }
    };
    let mut budget = limits.max_total_uncompressed;
    for entry in &archive.entries {
        if entry.is_dir() || !(entry.name.ends_with(".json") || entry.name.ends_with(".yaml")) {
            continue;
        }
        match archive.read(entry, &limits, &mut budget) {
            Ok((bytes, _)) => add_record(eco, &format!("{name}:{}", entry.name), &bytes, ix),
            Err(e) => ix.errors.push(format!("{name}:{}: {e:?}", entry.name)),
        }
    }
}

/// Parses one record (JSON, or OSV YAML) and indexes it under every package of this
/// ecosystem it names.
fn add_record(eco: Ecosystem, name: &str, data: &[u8], ix: &mut EcoIndex) {
    let text = String::from_utf8_lossy(data);
    let parsed: Result<Record, String> = if name.ends_with(".json") {
        serde_json::from_str(&text).map_err(|e| e.to_string())
    } else {
        serde_saphyr::from_str(&text).map_err(|e| e.to_string())
    };
    let record = match parsed {
        Ok(r) => r,
        Err(e) => {
            ix.errors.push(format!("{name}: {e}"));
            return;
        }
    };
    if record.withdrawn.is_some() {
        return;
    }
    // Findings need ids, ranges, severity and the summary; the long text and links stay
    // in the database.
    let record = Record {
        details: None,
        references: Vec::new(),
        ..record
    };
    let mut names: Vec<String> = record
        .affected
        .iter()
        .filter_map(|a| a.package.as_ref())
        .filter(|p| {
            // `ecosystem` may carry a suffix (`Debian:12`); ours have none.
            p.ecosystem.split(':').next() == Some(eco.osv_name())
        })
        .map(|p| normalize_name(eco, &p.name))
        .collect();
    names.sort();
    names.dedup();
    if names.is_empty() {
        return;
    }
    let Ok(json) = serde_json::to_string(&record) else {
        return;
    };
    let id = ix.records.len() as u32;
    ix.records.push(json);
    for n in names {
        ix.names.entry(n).or_default().push(id);
    }
}
