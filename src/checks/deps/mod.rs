//! The `deps` check: every manifest and lockfile is parsed (`parsers`, `parsers_b`), each
//! pinned package is matched offline against the OSV advisory database (`db`, `osv`,
//! `versions`), and the supply-chain hygiene rules (`hygiene`) judge what the files say
//! about where packages come from.
pub mod cvss;
pub mod db;
mod hygiene;
pub mod osv;
pub mod parsers;
pub mod parsers_b;
pub mod types;
pub mod update;
pub mod versions;

use super::{builtin, Check, CheckOptions, SourceFile};
use crate::classify::FileKind;
use crate::finding::{CheckId, Finding, Severity};
use db::Database;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;
use types::{Package, ParseError, Parsed};

/// How to find and judge the advisory database.
#[derive(Debug, Clone)]
pub struct DepsSettings {
    pub db_root: PathBuf,
    /// Where index caches go; `None` to index in memory on every scan.
    pub index_dir: Option<PathBuf>,
    /// A database older than this is reported as stale.
    pub max_age: Duration,
    /// Advisory ids (or aliases) the user accepted, with the reason.
    pub ignored: Vec<(String, String)>,
    /// The scan root, to look for lockfiles next to manifests (`None`: not checked).
    pub root: Option<PathBuf>,
}

pub struct DepsCheck {
    settings: DepsSettings,
    /// Opened on the first manifest: a scan without manifests never reads the database.
    db: OnceLock<Result<Database, String>>,
    /// Ignored advisories that matched something (the rest are reported as unused).
    used_ignores: Mutex<BTreeSet<String>>,
}

/// Which parser reads a file, whichever family it is in.
pub enum Format {
    A(parsers::Kind),
    B(parsers_b::Kind),
}

pub fn format_of(path: &str) -> Option<Format> {
    parsers::kind_of(path)
        .map(Format::A)
        .or_else(|| parsers_b::kind_of(path).map(Format::B))
}

pub fn parse(format: Format, text: &str) -> Result<Parsed, ParseError> {
    match format {
        Format::A(k) => parsers::parse(k, text),
        Format::B(k) => parsers_b::parse(k, text),
    }
}

impl DepsCheck {
    /// The findings of the check on one example file (for the rule tests).
    pub fn scan_example(&self, path: &str, text: &str) -> Vec<Finding> {
        let kind = crate::classify::classify(path, text.as_bytes());
        let file = SourceFile::new(path, text.as_bytes(), kind);
        let mut out = Vec::new();
        self.scan(&file, &CheckOptions::default(), &mut out);
        out
    }

    pub fn new(settings: DepsSettings) -> DepsCheck {
        DepsCheck {
            settings,
            db: OnceLock::new(),
            used_ignores: Mutex::new(BTreeSet::new()),
        }
    }

    fn db(&self) -> &Result<Database, String> {
        self.db
            .get_or_init(|| db::open(&self.settings.db_root, self.settings.index_dir.as_deref()))
    }

    /// The ignore entry that covers any of these ids, if one does.
    fn ignored(&self, ids: &[String]) -> Option<&(String, String)> {
        let hit = self
            .settings
            .ignored
            .iter()
            .find(|(id, _)| ids.iter().any(|x| x.eq_ignore_ascii_case(id)))?;
        self.used_ignores
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(hit.0.clone());
        Some(hit)
    }

    fn vulnerabilities(
        &self,
        file: &SourceFile<'_>,
        pkg: &Package,
        db: &Database,
        opts: &CheckOptions,
        out: &mut Vec<Finding>,
    ) {
        let records = db.records(pkg.ecosystem, &pkg.name);
        if records.is_empty() {
            return;
        }
        let Some(version) = pkg.version.as_deref() else {
            return;
        };
        let mut affected = Vec::new();
        let mut unknown = Vec::new();
        for r in &records {
            match osv::check(r, pkg.ecosystem, &pkg.name, version) {
                osv::Verdict::Affected { fixed } => affected.push((r, fixed)),
                osv::Verdict::NotAffected => {}
                osv::Verdict::Unknown(why) => unknown.push((r, why)),
            }
        }
        let refs: Vec<&osv::Record> = affected.iter().map(|(r, _)| *r).collect();
        for group in osv::group_aliases(&refs) {
            let members: Vec<&(&osv::Record, Option<String>)> =
                group.iter().map(|&i| &affected[i]).collect();
            let mut ids: Vec<String> = members.iter().map(|(r, _)| r.id.clone()).collect();
            let mut aliases: Vec<String> = members
                .iter()
                .flat_map(|(r, _)| r.aliases.iter().cloned())
                .filter(|a| !ids.contains(a))
                .collect();
            ids.sort();
            ids.dedup();
            aliases.sort();
            aliases.dedup();
            let all: Vec<String> = ids.iter().chain(aliases.iter()).cloned().collect();
            if self.ignored(&all).is_some() {
                continue;
            }
            let mut fixed: Vec<String> = members.iter().filter_map(|(_, f)| f.clone()).collect();
            fixed.sort_by(|a, b| {
                versions::compare(pkg.ecosystem, a, b).unwrap_or(std::cmp::Ordering::Equal)
            });
            fixed.dedup();
            // The most severe member decides.
            let (label, source) = members
                .iter()
                .map(|(r, _)| osv::severity(r))
                .max_by_key(|(l, _)| rank(l))
                .unwrap_or_else(|| ("unknown".into(), String::new()));
            let summary = members
                .iter()
                .find_map(|(r, _)| r.summary.clone())
                .unwrap_or_default();
            let fix = match fixed.first() {
                Some(f) => format!("upgrade to {f} or later"),
                None => "no fixed version is published".into(),
            };
            let names: Vec<&str> = ids
                .iter()
                .chain(aliases.iter())
                .map(String::as_str)
                .collect();
            let message = format!(
                "{} {} is vulnerable ({}){}: {fix}",
                pkg.name,
                version,
                names.join(", "),
                if summary.is_empty() {
                    String::new()
                } else {
                    format!(": {summary}")
                }
            );
            let rule = builtin("deps/vulnerable");
            let mut f = finding_at(file, rule, pkg.line, message, opts);
            if let Some(s) = severity_of(&label) {
                f.severity = s;
            }
            f.fingerprint = crate::text::fingerprint(
                &f.rule_id,
                file.path,
                format!("{}@{}#{}", pkg.name, version, ids[0]).as_bytes(),
            );
            let meta = &mut f.metadata;
            meta.insert("package".into(), pkg.name.clone().into());
            meta.insert("ecosystem".into(), pkg.ecosystem.osv_name().into());
            meta.insert("version".into(), version.into());
            meta.insert("advisories".into(), ids.clone().into());
            meta.insert("aliases".into(), aliases.into());
            meta.insert("fixed_versions".into(), fixed.into());
            meta.insert("severity_source".into(), source.into());
            out.push(f);
        }
        if !unknown.is_empty() {
            let ids: Vec<String> = unknown.iter().map(|(r, _)| r.id.clone()).collect();
            if self.ignored(&ids).is_some() {
                return;
            }
            let rule = builtin("deps/unknown-version");
            let message = format!(
                "{} {version}: cannot tell whether {} apply ({})",
                pkg.name,
                ids.join(", "),
                unknown[0].1
            );
            let mut f = finding_at(file, rule, pkg.line, message, opts);
            f.metadata.insert("package".into(), pkg.name.clone().into());
            f.metadata.insert("version".into(), version.into());
            f.metadata.insert("advisories".into(), ids.into());
            out.push(f);
        }
    }
}

fn rank(label: &str) -> u8 {
    match label {
        "critical" => 5,
        "high" => 4,
        "medium" => 3,
        "low" => 2,
        _ => 1,
    }
}

fn severity_of(label: &str) -> Option<Severity> {
    match label {
        "critical" => Some(Severity::Critical),
        "high" => Some(Severity::High),
        "medium" | "moderate" => Some(Severity::Medium),
        "low" => Some(Severity::Low),
        _ => None,
    }
}

/// A finding covering one line of the file.
pub(crate) fn finding_at(
    file: &SourceFile<'_>,
    rule: &crate::rules::RuleSpec,
    line: usize,
    message: String,
    opts: &CheckOptions,
) -> Finding {
    file.line_finding(rule, line, None, message, opts)
}

impl Check for DepsCheck {
    fn id(&self) -> CheckId {
        CheckId::Deps
    }

    fn accepts(&self, kind: FileKind) -> bool {
        kind.is_text()
    }

    fn scan(&self, file: &SourceFile<'_>, opts: &CheckOptions, out: &mut Vec<Finding>) {
        let Some(format) = format_of(file.path) else {
            return;
        };
        let text = String::from_utf8_lossy(file.data);
        let parsed = match parse(format, &text) {
            Ok(p) => p,
            Err(e) => {
                let rule = builtin("deps/parse-error");
                out.push(finding_at(file, rule, e.line, e.message, opts));
                return;
            }
        };
        hygiene::check(file, &parsed, opts, out);
        if let Some(root) = &self.settings.root {
            if let Some(lock) = hygiene::missing_lockfile(root, file.path, &text, &parsed) {
                let rule = builtin("deps/no-lockfile");
                out.push(finding_at(file, rule, 1, lock, opts));
            }
        }
        if let Ok(db) = self.db() {
            for pkg in &parsed.packages {
                if db.has(pkg.ecosystem) {
                    self.vulnerabilities(file, pkg, db, opts, out);
                }
            }
        }
    }

    fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        match self.db.get() {
            None => {}
            Some(Err(e)) => notes.push(format!(
                "{e}; dependencies were NOT checked for known vulnerabilities (run `picket db update`, or point --advisory-db at an OSV folder)"
            )),
            Some(Ok(db)) => {
                if let Some(age) = db.age.filter(|a| *a > self.settings.max_age) {
                    notes.push(format!(
                        "the advisory database at {} is {} days old; vulnerabilities published since are not known (run `picket db update`)",
                        db.root.display(),
                        age.as_secs() / 86_400
                    ));
                }
            }
        }
        let used = self.used_ignores.lock().unwrap_or_else(|e| e.into_inner());
        for (id, _) in &self.settings.ignored {
            if !used.contains(id) {
                notes.push(format!(
                    "verbose: the [deps] ignore of {id} matched nothing"
                ));
            }
        }
        notes
    }
}
