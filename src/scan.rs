//! The pipeline: sources -> classify -> checks -> filters -> sorted findings. Workers are
//! `ignore`'s parallel walker threads; findings travel to the collector on a bounded
//! channel, so memory stays flat whatever the size of the tree.
use crate::checks::{Check, CheckOptions, SourceFile};
use crate::filter::{self, Filters};
use crate::finding::{Finding, Severity};
use crate::source::{self, Blob, Loaded, Outcome};
use globset::GlobSet;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

pub struct ScanRequest {
    /// Reported paths are relative to this (the repository root, or the scan root).
    pub root: PathBuf,
    pub paths: Vec<PathBuf>,
    /// Contents that do not come from the work tree (the git index), by reported path.
    pub blobs: Vec<Blob>,
    /// Scan every blob reachable from the refs once (`--history`).
    pub history: Option<crate::history::HistoryOptions>,
    pub threads: usize,
    pub max_file_size: u64,
    pub excludes: GlobSet,
    pub checks: Vec<Box<dyn Check>>,
    pub opts: CheckOptions,
    pub filters: Filters,
    /// Called about ten times a second while the scan runs (files and bytes so far, time
    /// spent), from one second on; the caller decides whether and where to draw it.
    pub progress: Option<ProgressFn>,
}

/// Files so far, bytes so far, time spent.
pub type ProgressFn = Box<dyn Fn(u64, u64, std::time::Duration) + Send + Sync>;

#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub files_scanned: u64,
    pub bytes_scanned: u64,
    pub findings: usize,
    pub suppressed: usize,
    pub by_severity: BTreeMap<Severity, usize>,
    pub duration_ms: u64,
    /// Files not scanned, by reason ("binary", "over the size limit", "unreadable").
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub skipped: BTreeMap<&'static str, u64>,
}

#[derive(Default)]
pub struct ScanResult {
    pub findings: Vec<Finding>,
    pub summary: Summary,
    /// Internal errors: a check that failed on a file. They make the exit code 2.
    pub errors: Vec<String>,
    /// Warnings that do not change the exit code: files skipped by size, unreadable files.
    pub notes: Vec<String>,
}

enum Msg {
    Findings(Vec<Finding>),
    Error(String),
    Note(String),
}

struct Shared<'a> {
    req: &'a ScanRequest,
    files: AtomicU64,
    bytes: AtomicU64,
    suppressed: AtomicUsize,
    binary: AtomicU64,
    too_large: AtomicU64,
    unreadable: AtomicU64,
}

impl Shared<'_> {
    /// Runs every check that takes this file's kind, then the filters.
    fn process(&self, file: Loaded, tx: &crossbeam_channel::Sender<Msg>) {
        if file.kind == crate::classify::FileKind::Binary {
            self.binary.fetch_add(1, Ordering::Relaxed);
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(file.size, Ordering::Relaxed);
        let src = SourceFile::new(&file.path, &file.data, file.kind);
        let mut found = Vec::new();
        for check in &self.req.checks {
            if !check.accepts(file.kind) {
                continue;
            }
            let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let mut out = Vec::new();
                check.scan(&src, &self.req.opts, &mut out);
                out
            }));
            match run {
                Ok(out) => found.extend(out),
                Err(_) => {
                    let _ = tx.send(Msg::Error(format!(
                        "{}: internal error in the {} check (please report it)",
                        file.path,
                        check.id()
                    )));
                }
            }
        }
        if found.is_empty() {
            return;
        }
        if let Some(c) = &file.commit {
            for f in &mut found {
                f.commit = Some(c.clone());
            }
        }
        let before = found.len();
        found.retain_mut(|f| {
            !filter::inline_suppressed(f, &file.data, src.lines()) && self.req.filters.keep(f)
        });
        self.suppressed
            .fetch_add(before - found.len(), Ordering::Relaxed);
        if !found.is_empty() {
            let _ = tx.send(Msg::Findings(found));
        }
    }

    /// Content from git rather than the work tree; the same excludes and size limit apply.
    fn blob(&self, b: Blob, tx: &crossbeam_channel::Sender<Msg>) {
        if source::excluded(&self.req.excludes, &b.path) {
            return;
        }
        let size = b.data.len() as u64;
        if size > self.req.max_file_size {
            self.too_large.fetch_add(1, Ordering::Relaxed);
            let _ = tx.send(Msg::Note(format!(
                "{}: skipped, {size} bytes is over the size limit of {}",
                b.path, self.req.max_file_size
            )));
            return;
        }
        let kind = crate::classify::classify(&b.path, &b.data);
        let data = source::decode_text(b.data);
        self.handle(
            Outcome::File(Loaded {
                path: b.path,
                data,
                kind,
                size,
                commit: b.commit,
            }),
            tx,
        );
    }

    fn handle(&self, outcome: Outcome, tx: &crossbeam_channel::Sender<Msg>) {
        match outcome {
            Outcome::File(f) => self.process(f, tx),
            Outcome::Skipped(n) => {
                self.too_large.fetch_add(1, Ordering::Relaxed);
                let _ = tx.send(Msg::Note(n));
            }
            // An unreadable file is a warning: the scan goes on and the exit code still
            // reflects the findings. Files named on the command line are checked up front.
            Outcome::Error(e) => {
                self.unreadable.fetch_add(1, Ordering::Relaxed);
                let _ = tx.send(Msg::Note(format!("cannot read {e}")));
            }
            Outcome::Ignored => {}
        }
    }
}

pub fn run(req: &ScanRequest) -> ScanResult {
    let start = Instant::now();
    let shared = Shared {
        req,
        files: AtomicU64::new(0),
        bytes: AtomicU64::new(0),
        suppressed: AtomicUsize::new(0),
        binary: AtomicU64::new(0),
        too_large: AtomicU64::new(0),
        unreadable: AtomicU64::new(0),
    };
    // Model files are binary; they are read in full only when a check wants them.
    let want_binary = req
        .checks
        .iter()
        .any(|c| c.accepts(crate::classify::FileKind::Model));
    let (tx, rx) = crossbeam_channel::bounded::<Msg>(256);
    let mut result = ScanResult::default();
    let done = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        let shared = &shared;
        if let Some(h) = &req.history {
            // git streams blobs to a bounded queue; workers scan them in parallel.
            let (btx, brx) = crossbeam_channel::bounded::<Blob>(req.threads.max(1) * 4);
            for _ in 0..req.threads.max(1) {
                let (brx, tx) = (brx.clone(), tx.clone());
                s.spawn(move || {
                    for b in brx {
                        shared.blob(b, &tx);
                    }
                });
            }
            let tx = tx.clone();
            s.spawn(move || {
                let msg = match crate::history::history(&req.root, h, req.max_file_size, |b| {
                    let _ = btx.send(b);
                }) {
                    Ok(st) => Msg::Note(format!(
                        "history: {} commits, {} distinct blobs, {} bytes scanned",
                        st.commits, st.blobs, st.bytes
                    )),
                    Err(e) => Msg::Error(e.to_string()),
                };
                let _ = tx.send(msg);
            });
        }
        s.spawn(move || {
            for b in &req.blobs {
                shared.blob(
                    Blob {
                        path: b.path.clone(),
                        data: b.data.clone(),
                        commit: b.commit.clone(),
                    },
                    &tx,
                );
            }
            let mut dirs = Vec::new();
            for p in &req.paths {
                if p.is_dir() {
                    dirs.push(p.clone());
                } else {
                    let rel = source::relative(&req.root, p);
                    if source::excluded(&req.excludes, &rel) {
                        continue;
                    }
                    shared.handle(source::load(p, rel, req.max_file_size, want_binary), &tx);
                }
            }
            if let Some((first, rest)) = dirs.split_first() {
                walk(first, rest, shared, want_binary, &tx);
            }
            drop(tx);
        });
        if let Some(progress) = &req.progress {
            let done = &done;
            s.spawn(move || {
                while !done.load(Ordering::Relaxed) {
                    std::thread::sleep(std::time::Duration::from_millis(100));
                    let spent = start.elapsed();
                    if spent.as_millis() >= 1000 && !done.load(Ordering::Relaxed) {
                        progress(
                            shared.files.load(Ordering::Relaxed),
                            shared.bytes.load(Ordering::Relaxed),
                            spent,
                        );
                    }
                }
            });
        }
        for msg in rx {
            match msg {
                Msg::Findings(f) => result.findings.extend(f),
                Msg::Error(e) => result.errors.push(e),
                Msg::Note(n) => result.notes.push(n),
            }
        }
        done.store(true, Ordering::Relaxed);
    });
    for check in &req.checks {
        let mut late = check.finish(&req.opts);
        let before = late.len();
        late.retain_mut(|f| req.filters.keep(f));
        shared
            .suppressed
            .fetch_add(before - late.len(), Ordering::Relaxed);
        result.findings.extend(late);
    }
    if req.history.is_some() {
        // The same finding in many versions of a file is reported once, at the commit
        // that introduced it.
        let order = |f: &Finding| f.commit.as_ref().map(|c| c.order).unwrap_or(0);
        result.findings.sort_by(|a, b| {
            (&a.rule_id, &a.path, &a.fingerprint, order(a)).cmp(&(
                &b.rule_id,
                &b.path,
                &b.fingerprint,
                order(b),
            ))
        });
        result.findings.dedup_by(|a, b| {
            a.rule_id == b.rule_id && a.path == b.path && a.fingerprint == b.fingerprint
        });
    }
    result
        .findings
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    result
        .findings
        .dedup_by(|a, b| a.sort_key() == b.sort_key());
    result.errors.sort();
    result.notes.sort();
    let mut by_severity = BTreeMap::new();
    for f in &result.findings {
        *by_severity.entry(f.severity).or_insert(0) += 1;
    }
    result.summary = Summary {
        files_scanned: shared.files.load(Ordering::Relaxed),
        bytes_scanned: shared.bytes.load(Ordering::Relaxed),
        findings: result.findings.len(),
        suppressed: shared.suppressed.load(Ordering::Relaxed),
        by_severity,
        duration_ms: start.elapsed().as_millis() as u64,
        skipped: [
            ("binary", shared.binary.load(Ordering::Relaxed)),
            (
                "over the size limit",
                shared.too_large.load(Ordering::Relaxed),
            ),
            ("unreadable", shared.unreadable.load(Ordering::Relaxed)),
        ]
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .collect(),
    };
    result
}

fn walk(
    first: &Path,
    rest: &[PathBuf],
    shared: &Shared<'_>,
    want_binary: bool,
    tx: &crossbeam_channel::Sender<Msg>,
) {
    let req = shared.req;
    let mut b = ignore::WalkBuilder::new(first);
    for r in rest {
        b.add(r);
    }
    let root = req.root.clone();
    let excludes = req.excludes.clone();
    b.threads(req.threads.max(1))
        .hidden(false)
        .require_git(false)
        .follow_links(false)
        .filter_entry(move |e| {
            if e.file_type().is_some_and(|t| t.is_dir()) && e.file_name() == ".git" {
                return false;
            }
            e.depth() == 0 || !source::excluded(&excludes, &source::relative(&root, e.path()))
        });
    b.build_parallel().run(|| {
        let tx = tx.clone();
        Box::new(move |entry| {
            match entry {
                Ok(e) => {
                    if e.file_type().is_some_and(|t| t.is_file()) {
                        let rel = source::relative(&shared.req.root, e.path());
                        shared.handle(
                            source::load(e.path(), rel, shared.req.max_file_size, want_binary),
                            &tx,
                        );
                    }
                }
                Err(err) => {
                    let _ = tx.send(Msg::Note(format!("cannot read: {err}")));
                }
            }
            ignore::WalkState::Continue
        })
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::builtin;
    use crate::classify::FileKind;
    use crate::config::Config;
    use crate::finding::CheckId;

    /// A check that panics on one file and reports every other one.
    struct Fragile;

    impl Check for Fragile {
        fn id(&self) -> CheckId {
            CheckId::Code
        }
        fn accepts(&self, _: FileKind) -> bool {
            true
        }
        fn scan(&self, file: &SourceFile<'_>, opts: &CheckOptions, out: &mut Vec<Finding>) {
            assert!(!file.path.ends_with("boom.txt"), "a bug in a check");
            let rule = builtin("code/os-system");
            out.push(file.line_finding(rule, 1, None, "seen".into(), opts));
        }
    }

    #[test]
    fn a_panic_in_a_check_is_an_error_for_that_file_and_the_scan_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.txt", "boom.txt", "c.txt"] {
            std::fs::write(dir.path().join(name), "text\n").unwrap();
        }
        let req = ScanRequest {
            root: dir.path().to_path_buf(),
            paths: vec![dir.path().to_path_buf()],
            blobs: Vec::new(),
            history: None,
            threads: 2,
            max_file_size: 1 << 20,
            excludes: GlobSet::empty(),
            checks: vec![Box::new(Fragile)],
            opts: CheckOptions::default(),
            filters: Filters::new(&Config::default(), &[], &[], Default::default()),
            progress: None,
        };
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let result = run(&req);
        std::panic::set_hook(hook);
        let mut paths: Vec<&str> = result.findings.iter().map(|f| f.path.as_str()).collect();
        paths.sort();
        assert_eq!(paths, ["a.txt", "c.txt"]);
        assert_eq!(result.errors.len(), 1, "{:?}", result.errors);
        assert!(result.errors[0].contains("boom.txt: internal error in the code check"));
    }
}
