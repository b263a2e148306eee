//! OSV records (the Open Source Vulnerability schema) and whether a package version is
//! affected by one.
//!
//! [`Record`] deserialises the JSON form and, through any serde YAML deserialiser, the YAML
//! form the PyPA advisory database uses: every field but `id` may be missing or null, and
//! unknown fields are ignored.
//!
//! [`check`] follows the evaluation the OSV schema gives: a version is affected when an
//! `affected` entry for the package lists it in `versions` or one of its `ECOSYSTEM` /
//! `SEMVER` ranges contains it. A range's events are sorted by version (`introduced: "0"`
//! first) and walked in order: `introduced` at or below the version opens an interval,
//! `fixed` at or below it closes it, `last_affected` below it closes it; `limit` events (if
//! any) bound the range from above (`*` is infinity). `GIT` ranges need the repository's
//! commit graph and are skipped.

use std::cmp::Ordering;
use std::collections::HashMap;

use serde::{Deserialize, Deserializer, Serialize};

use super::cvss;
use super::types::Ecosystem;
use super::versions;

/// Deserialises a field that may be null as its default (`aliases: null`, or a YAML key
/// with no value).
fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// One OSV record.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct Record {
    pub id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub modified: String,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub withdrawn: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub aliases: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub related: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub upstream: Vec<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub details: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub severity: Vec<Severity>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub affected: Vec<Affected>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub references: Vec<Reference>,
    #[serde(default)]
    pub database_specific: Option<serde_json::Value>,
}

/// A severity score: `type` is `CVSS_V2`, `CVSS_V3`, `CVSS_V4`, `Ubuntu`, ...
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Severity {
    #[serde(rename = "type", default, deserialize_with = "null_as_default")]
    pub type_: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub score: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Reference {
    #[serde(rename = "type", default, deserialize_with = "null_as_default")]
    pub type_: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub url: String,
}

/// The versions of one package a record affects.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct Affected {
    #[serde(default)]
    pub package: Option<PackageRef>,
    /// Per-package severity (then the record has no top-level one).
    #[serde(default, deserialize_with = "null_as_default")]
    pub severity: Vec<Severity>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub ranges: Vec<Range>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub versions: Vec<String>,
    #[serde(default)]
    pub ecosystem_specific: Option<serde_json::Value>,
    #[serde(default)]
    pub database_specific: Option<serde_json::Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct PackageRef {
    #[serde(default, deserialize_with = "null_as_default")]
    pub ecosystem: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    #[serde(default)]
    pub purl: Option<String>,
}

/// A range of affected versions: `type` is `ECOSYSTEM`, `SEMVER` or `GIT`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct Range {
    #[serde(rename = "type", default, deserialize_with = "null_as_default")]
    pub type_: String,
    #[serde(default)]
    pub repo: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub events: Vec<Event>,
    #[serde(default)]
    pub database_specific: Option<serde_json::Value>,
}

/// One event of a range; exactly one field is set in a valid record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Event {
    #[serde(default)]
    pub introduced: Option<String>,
    #[serde(default)]
    pub fixed: Option<String>,
    #[serde(default)]
    pub last_affected: Option<String>,
    #[serde(default)]
    pub limit: Option<String>,
}

/// Whether a version is affected by a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Affected {
        /// The lowest `fixed` version above the installed one that the record does not
        /// itself mark affected, if the record names one.
        fixed: Option<String>,
    },
    NotAffected,
    /// The installed version or a bound the answer depends on cannot be parsed, or the
    /// record describes the package only by git commits; the message says which.
    Unknown(String),
}

/// A verdict with what was left out of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    pub verdict: Verdict,
    /// `GIT` ranges of matching `affected` entries that were not evaluated.
    pub git_ranges_skipped: usize,
}

/// Whether the record is withdrawn (the caller skips such records).
pub fn is_withdrawn(record: &Record) -> bool {
    record
        .withdrawn
        .as_deref()
        .is_some_and(|w| !w.trim().is_empty())
}

/// Whether `version` of package `name` in `eco` is affected by the record; only `affected`
/// entries whose package has that ecosystem (optionally with a `:suffix`, such as
/// `Maven:https://maven.google.com`) and the same normalised name count.
pub fn check(record: &Record, eco: Ecosystem, name: &str, version: &str) -> Verdict {
    check_detailed(record, eco, name, version).verdict
}

/// [`check`], also counting the `GIT` ranges it skipped.
///
/// When the matching entries hold nothing but `GIT` ranges the verdict is `Unknown`; when
/// they also have evaluable ranges or version lists, the `GIT` ranges are only counted.
pub fn check_detailed(record: &Record, eco: Ecosystem, name: &str, version: &str) -> Checked {
    let want = versions::normalize_name(eco, name);
    let eval = evaluate(record, eco, &want, version);
    let verdict = if eval.affected {
        Verdict::Affected {
            fixed: lowest_fix(record, eco, &want, &eval.fixes),
        }
    } else if let Some(reason) = eval.unknown {
        Verdict::Unknown(reason)
    } else if eval.matched && !eval.evaluable && eval.git_skipped > 0 {
        Verdict::Unknown(format!(
            "{} describes {} only by git commits",
            record.id,
            name.trim()
        ))
    } else {
        Verdict::NotAffected
    };
    Checked {
        verdict,
        git_ranges_skipped: eval.git_skipped,
    }
}

/// How the versions of a range are ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Order {
    Ecosystem(Ecosystem),
    /// SemVer precedence; for Go, Go's spelling of it (`v` prefix, `v1.2` shorthands).
    Semver(Ecosystem),
}

impl Order {
    fn cmp(self, a: &str, b: &str) -> Option<Ordering> {
        match self {
            Order::Ecosystem(eco) => versions::compare(eco, a, b),
            Order::Semver(Ecosystem::Go) => versions::go::compare(a, b),
            Order::Semver(_) => versions::semver::compare(a, b),
        }
    }

    fn describe(self) -> String {
        match self {
            Order::Ecosystem(eco) => format!("a {} version", eco.osv_name()),
            Order::Semver(_) => "a SemVer version".to_string(),
        }
    }
}

#[derive(Default)]
struct Eval {
    /// Some entry matched the package.
    matched: bool,
    /// Some matching entry has a version list or an ECOSYSTEM/SEMVER range.
    evaluable: bool,
    affected: bool,
    unknown: Option<String>,
    git_skipped: usize,
    /// The `fixed` events above the version, in every evaluable matching range.
    fixes: Vec<String>,
}

fn ecosystem_matches(field: &str, eco: Ecosystem) -> bool {
    let field = field.trim();
    let base = field.split_once(':').map_or(field, |(base, _)| base);
    base.eq_ignore_ascii_case(eco.osv_name())
}

fn same_version(eco: Ecosystem, listed: &str, version: &str) -> bool {
    listed.trim() == version.trim()
        || versions::compare(eco, listed, version) == Some(Ordering::Equal)
}

fn evaluate(record: &Record, eco: Ecosystem, want: &str, version: &str) -> Eval {
    let mut out = Eval::default();
    for affected in &record.affected {
        let Some(package) = &affected.package else {
            continue;
        };
        if !ecosystem_matches(&package.ecosystem, eco)
            || versions::normalize_name(eco, &package.name) != want
        {
            continue;
        }
        out.matched = true;
        if !affected.versions.is_empty() {
            out.evaluable = true;
            if affected
                .versions
                .iter()
                .any(|listed| same_version(eco, listed, version))
            {
                out.affected = true;
            }
        }
        for range in &affected.ranges {
            let order = match range.type_.trim().to_ascii_uppercase().as_str() {
                "ECOSYSTEM" => Order::Ecosystem(eco),
                "SEMVER" => Order::Semver(eco),
                "GIT" => {
                    out.git_skipped += 1;
                    continue;
                }
                other => {
                    out.unknown.get_or_insert_with(|| {
                        format!("{}: range type `{other}` is not supported", record.id)
                    });
                    continue;
                }
            };
            out.evaluable = true;
            match in_range(order, &range.events, version) {
                Ok(inside) => {
                    out.affected |= inside;
                    out.fixes.extend(
                        range
                            .events
                            .iter()
                            .filter_map(|e| e.fixed.as_deref())
                            .filter(|f| order.cmp(version, f) == Some(Ordering::Less))
                            .map(|f| f.trim().to_string()),
                    );
                }
                Err(reason) => {
                    out.unknown
                        .get_or_insert_with(|| format!("{}: {reason}", record.id));
                }
            }
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Introduced,
    Fixed,
    LastAffected,
}

/// Whether `version` lies in the range; `Err` when the version or a bound cannot be parsed.
fn in_range(order: Order, events: &[Event], version: &str) -> Result<bool, String> {
    if order.cmp(version, version).is_none() {
        return Err(format!(
            "installed version `{}` cannot be parsed as {}",
            version.trim(),
            order.describe()
        ));
    }
    let unparseable = |kind: &str, bound: &str| {
        format!(
            "{kind} `{}` cannot be parsed as {}",
            bound.trim(),
            order.describe()
        )
    };

    // Limits: the version must be below at least one of them.
    let limits: Vec<&str> = events.iter().filter_map(|e| e.limit.as_deref()).collect();
    if !limits.is_empty() {
        let mut below = false;
        for limit in &limits {
            if limit.contains('*') {
                below = true;
                continue;
            }
            match order.cmp(version, limit) {
                Some(Ordering::Less) => below = true,
                Some(_) => {}
                None => return Err(unparseable("limit", limit)),
            }
        }
        if !below {
            return Ok(false);
        }
    }

    let mut points: Vec<(Kind, &str)> = Vec::new();
    for e in events {
        for (kind, value) in [
            (Kind::Introduced, &e.introduced),
            (Kind::Fixed, &e.fixed),
            (Kind::LastAffected, &e.last_affected),
        ] {
            let Some(value) = value.as_deref() else {
                continue;
            };
            let zero = kind == Kind::Introduced && value.trim() == "0";
            if !zero && order.cmp(value, value).is_none() {
                let name = match kind {
                    Kind::Introduced => "introduced",
                    Kind::Fixed => "fixed",
                    Kind::LastAffected => "last_affected",
                };
                return Err(unparseable(name, value));
            }
            points.push((kind, value));
        }
    }
    let is_zero = |(kind, value): &(Kind, &str)| *kind == Kind::Introduced && value.trim() == "0";
    points.sort_by(|a, b| match (is_zero(a), is_zero(b)) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => order.cmp(a.1, b.1).unwrap_or(Ordering::Equal),
    });

    let mut affected = false;
    for point in &points {
        let (kind, value) = *point;
        let cmp = if is_zero(point) {
            Ordering::Greater
        } else {
            order.cmp(version, value).unwrap_or(Ordering::Less)
        };
        match kind {
            Kind::Introduced if cmp != Ordering::Less => affected = true,
            Kind::Fixed if cmp != Ordering::Less => affected = false,
            Kind::LastAffected if cmp == Ordering::Greater => affected = false,
            _ => {}
        }
    }
    Ok(affected)
}

/// The lowest `fixed` version above the installed one that the record does not itself mark
/// affected (a fix on one branch can fall inside another range of the record).
fn lowest_fix(
    record: &Record,
    eco: Ecosystem,
    want: &str,
    candidates: &[String],
) -> Option<String> {
    let mut candidates: Vec<&String> = candidates.iter().collect();
    candidates.sort_by(|a, b| {
        versions::compare(eco, a, b)
            .or_else(|| versions::semver::compare(a, b))
            .unwrap_or(Ordering::Equal)
    });
    candidates.dedup();
    candidates
        .into_iter()
        .find(|c| !evaluate(record, eco, want, c).affected)
        .cloned()
}

/// Groups records that describe the same vulnerability: two records belong together when
/// the id or an alias of one is the id or an alias of the other, transitively. Groups list
/// indices into `records` in ascending order, ordered by their first index.
pub fn group_aliases(records: &[&Record]) -> Vec<Vec<usize>> {
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut parent: Vec<usize> = (0..records.len()).collect();
    let mut owner: HashMap<&str, usize> = HashMap::new();
    for (i, record) in records.iter().enumerate() {
        let names = std::iter::once(&record.id).chain(record.aliases.iter());
        for name in names {
            let name = name.trim();
            if name.is_empty() {
                continue;
            }
            match owner.get(name) {
                Some(&j) => {
                    let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                    if a != b {
                        let (low, high) = if a < b { (a, b) } else { (b, a) };
                        parent[high] = low;
                    }
                }
                None => {
                    owner.insert(name, i);
                }
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut slot: HashMap<usize, usize> = HashMap::new();
    for i in 0..records.len() {
        let root = find(&mut parent, i);
        match slot.get(&root) {
            Some(&g) => groups[g].push(i),
            None => {
                slot.insert(root, groups.len());
                groups.push(vec![i]);
            }
        }
    }
    groups
}

/// The severity of a record as `(label, source)`: the label is `critical`, `high`,
/// `medium`, `low` or `unknown`; the source is the CVSS vector it was computed from, or
/// `database: HIGH` for a database's own rating, or empty.
///
/// Preference: a CVSS v4 vector, then v3, then the database's rating
/// (`database_specific.severity`: GitHub and PyPA write LOW / MODERATE / HIGH / CRITICAL),
/// then a CVSS v2 vector. Among several vectors of one version (per-package severities),
/// the highest score wins. A score of 0.0 (no impact) is labelled `low`.
pub fn severity(record: &Record) -> (String, String) {
    let all: Vec<&Severity> = record
        .severity
        .iter()
        .chain(record.affected.iter().flat_map(|a| a.severity.iter()))
        .collect();
    let best = |type_: &str, score: fn(&str) -> Option<f64>| {
        all.iter()
            .filter(|s| s.type_.trim().eq_ignore_ascii_case(type_))
            .filter_map(|s| score(&s.score).map(|v| (v, s.score.trim().to_string())))
            .max_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(Ordering::Equal))
    };
    let v3_label = |score: f64| match cvss::label(score) {
        "none" => "low",
        other => other,
    };
    if let Some((score, vector)) = best("CVSS_V4", cvss::v4_score) {
        return (v3_label(score).to_string(), vector);
    }
    if let Some((score, vector)) = best("CVSS_V3", cvss::v3_base_score) {
        return (v3_label(score).to_string(), vector);
    }
    let database = std::iter::once(&record.database_specific)
        .chain(record.affected.iter().map(|a| &a.database_specific))
        .filter_map(|d| d.as_ref()?.get("severity")?.as_str())
        .find_map(|s| {
            let label = match s.trim().to_ascii_uppercase().as_str() {
                "CRITICAL" => "critical",
                "HIGH" => "high",
                "MODERATE" | "MEDIUM" => "medium",
                "LOW" => "low",
                _ => return None,
            };
            Some((label, s.trim()))
        });
    if let Some((label, raw)) = database {
        return (label.to_string(), format!("database: {raw}"));
    }
    if let Some((score, vector)) = best("CVSS_V2", cvss::v2_base_score) {
        return (cvss::label_v2(score).to_string(), vector);
    }
    ("unknown".to_string(), String::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(json: &str) -> Record {
        match serde_json::from_str(json) {
            Ok(r) => r,
            Err(e) => panic!("bad test record: {e}"),
        }
    }

    /// A record for one package with one range of the given type and events.
    fn ranged(eco: &str, name: &str, type_: &str, events: &str) -> Record {
        record(&format!(
            r#"{{"id": "TEST-1", "affected": [{{"package": {{"ecosystem": "{eco}", "name": "{name}"}},
               "ranges": [{{"type": "{type_}", "events": {events}}}]}}]}}"#
        ))
    }

    fn affected(fixed: Option<&str>) -> Verdict {
        Verdict::Affected {
            fixed: fixed.map(str::to_string),
        }
    }

    #[test]
    fn introduced_and_fixed() {
        let r = ranged(
            "PyPI",
            "foo",
            "ECOSYSTEM",
            r#"[{"introduced": "1.0"}, {"fixed": "1.2.5"}]"#,
        );
        assert_eq!(
            check(&r, Ecosystem::PyPI, "foo", "0.9"),
            Verdict::NotAffected
        );
        assert_eq!(
            check(&r, Ecosystem::PyPI, "foo", "1.0"),
            affected(Some("1.2.5"))
        );
        assert_eq!(
            check(&r, Ecosystem::PyPI, "foo", "1.0.0"),
            affected(Some("1.2.5"))
        );
        assert_eq!(
            check(&r, Ecosystem::PyPI, "foo", "1.2.5rc1"),
            affected(Some("1.2.5"))
        );
        assert_eq!(
            check(&r, Ecosystem::PyPI, "foo", "1.2.5"),
            Verdict::NotAffected
        );
        assert_eq!(
            check(&r, Ecosystem::PyPI, "foo", "1.2.5.post1"),
            Verdict::NotAffected
        );
        // Another package, another ecosystem: not this record's business.
        assert_eq!(
            check(&r, Ecosystem::PyPI, "bar", "1.1"),
            Verdict::NotAffected
        );
        assert_eq!(
            check(&r, Ecosystem::Npm, "foo", "1.1.0"),
            Verdict::NotAffected
        );
    }

    #[test]
    fn several_intervals_and_lowest_fix_above_installed() {
        let r = ranged(
            "PyPI",
            "foo",
            "ECOSYSTEM",
            r#"[{"introduced": "1.0.0"}, {"fixed": "1.2.5"}, {"introduced": "2.0.0"}, {"fixed": "2.0.3"}]"#,
        );
        assert_eq!(
            check(&r, Ecosystem::PyPI, "foo", "2.0.1"),
            affected(Some("2.0.3"))
        );
        assert_eq!(
            check(&r, Ecosystem::PyPI, "foo", "1.1"),
            affected(Some("1.2.5"))
        );
        assert_eq!(
            check(&r, Ecosystem::PyPI, "foo", "1.5.0"),
            Verdict::NotAffected
        );
        assert_eq!(
            check(&r, Ecosystem::PyPI, "foo", "2.0.3"),
            Verdict::NotAffected
        );
        assert_eq!(
            check(&r, Ecosystem::PyPI, "foo", "3.0"),
            Verdict::NotAffected
        );
    }

    #[test]
    fn events_are_sorted_before_evaluation() {
        let r = ranged(
            "npm",
            "foo",
            "SEMVER",
            r#"[{"fixed": "2.0.3"}, {"introduced": "2.0.0"}, {"fixed": "1.2.5"}, {"introduced": "1.0.0"}]"#,
        );
        assert_eq!(
            check(&r, Ecosystem::Npm, "foo", "2.0.1"),
            affected(Some("2.0.3"))
        );
        assert_eq!(
            check(&r, Ecosystem::Npm, "foo", "1.5.0"),
            Verdict::NotAffected
        );
    }

    #[test]
    fn fix_that_is_itself_affected_is_skipped() {
        // Two entries for the package: the first range's fix falls into the second range.
        let r = record(
            r#"{"id": "TEST-2", "affected": [
                {"package": {"ecosystem": "crates.io", "name": "foo"},
                 "ranges": [{"type": "SEMVER", "events": [{"introduced": "1.0.0"}, {"fixed": "1.1.0"}]}]},
                {"package": {"ecosystem": "crates.io", "name": "foo"},
                 "ranges": [{"type": "SEMVER", "events": [{"introduced": "1.1.0"}, {"fixed": "1.3.0"}]}]}]}"#,
        );
        assert_eq!(
            check(&r, Ecosystem::CratesIo, "foo", "1.0.5"),
            affected(Some("1.3.0"))
        );
    }

    #[test]
    fn introduced_zero() {
        let r = ranged(
            "Go",
            "example.com/m",
            "SEMVER",
            r#"[{"introduced": "0"}, {"fixed": "1.2.4"}]"#,
        );
        assert_eq!(
            check(
                &r,
                Ecosystem::Go,
                "example.com/m",
                "v0.0.0-20191109021931-daa7c04131f5"
            ),
            affected(Some("1.2.4"))
        );
        assert_eq!(
            check(&r, Ecosystem::Go, "example.com/m", "v1.2.3"),
            affected(Some("1.2.4"))
        );
        assert_eq!(
            check(
                &r,
                Ecosystem::Go,
                "example.com/m",
                "v1.2.4-0.20191109021931-daa7c04131f5"
            ),
            affected(Some("1.2.4"))
        );
        assert_eq!(
            check(&r, Ecosystem::Go, "example.com/m", "v1.2.4"),
            Verdict::NotAffected
        );
        // No fixed event: everything is affected, no fix to offer.
        let all = ranged("RubyGems", "rack", "ECOSYSTEM", r#"[{"introduced": "0"}]"#);
        assert_eq!(
            check(&all, Ecosystem::RubyGems, "rack", "0.0.1"),
            affected(None)
        );
        assert_eq!(
            check(&all, Ecosystem::RubyGems, "rack", "99.0"),
            affected(None)
        );
    }

    #[test]
    fn last_affected_is_inclusive() {
        let r = ranged(
            "Maven",
            "org.example:lib",
            "ECOSYSTEM",
            r#"[{"introduced": "0"}, {"last_affected": "1.4"}]"#,
        );
        assert_eq!(
            check(&r, Ecosystem::Maven, "org.example:lib", "1.4"),
            affected(None)
        );
        assert_eq!(
            check(&r, Ecosystem::Maven, "org.example:lib", "1.4.0"),
            affected(None)
        );
        assert_eq!(
            check(&r, Ecosystem::Maven, "org.example:lib", "1.3-SNAPSHOT"),
            affected(None)
        );
        assert_eq!(
            check(&r, Ecosystem::Maven, "org.example:lib", "1.4.1"),
            Verdict::NotAffected
        );
        assert_eq!(
            check(&r, Ecosystem::Maven, "org.example:lib", "1.4-sp1"),
            Verdict::NotAffected
        );
    }

    #[test]
    fn limit_bounds_the_range() {
        let r = ranged(
            "NuGet",
            "Foo.Bar",
            "ECOSYSTEM",
            r#"[{"introduced": "1.0"}, {"limit": "2.0"}]"#,
        );
        assert_eq!(
            check(&r, Ecosystem::NuGet, "foo.bar", "1.5.0"),
            affected(None)
        );
        assert_eq!(
            check(&r, Ecosystem::NuGet, "foo.bar", "2.0.0"),
            Verdict::NotAffected
        );
        assert_eq!(
            check(&r, Ecosystem::NuGet, "foo.bar", "0.9"),
            Verdict::NotAffected
        );
        let star = ranged(
            "NuGet",
            "Foo.Bar",
            "ECOSYSTEM",
            r#"[{"introduced": "1.0"}, {"limit": "*"}]"#,
        );
        assert_eq!(
            check(&star, Ecosystem::NuGet, "Foo.Bar", "99.0"),
            affected(None)
        );
        // Several limits: below any one is enough.
        let two = ranged(
            "NuGet",
            "Foo.Bar",
            "ECOSYSTEM",
            r#"[{"introduced": "0"}, {"limit": "1.0"}, {"limit": "3.0"}]"#,
        );
        assert_eq!(
            check(&two, Ecosystem::NuGet, "Foo.Bar", "2.0"),
            affected(None)
        );
        assert_eq!(
            check(&two, Ecosystem::NuGet, "Foo.Bar", "3.0"),
            Verdict::NotAffected
        );
    }

    #[test]
    fn versions_list_uses_normalised_equality() {
        let r = record(
            r#"{"id": "PYSEC-1", "affected": [{"package": {"ecosystem": "PyPI", "name": "Foo_Bar"},
                "versions": ["1.0", "1.1", "2.0-rc1"]}]}"#,
        );
        assert_eq!(
            check(&r, Ecosystem::PyPI, "foo-bar", "1.0.0"),
            affected(None)
        );
        assert_eq!(
            check(&r, Ecosystem::PyPI, "FOO.bar", "2.0rc1"),
            affected(None)
        );
        assert_eq!(
            check(&r, Ecosystem::PyPI, "foo_bar", "1.1.post1"),
            Verdict::NotAffected
        );
        // An exact string match needs no parsing.
        let odd = record(
            r#"{"id": "PYSEC-2", "affected": [{"package": {"ecosystem": "PyPI", "name": "foo"},
                "versions": ["nightly-5"]}]}"#,
        );
        assert_eq!(
            check(&odd, Ecosystem::PyPI, "foo", "nightly-5"),
            affected(None)
        );
        assert_eq!(
            check(&odd, Ecosystem::PyPI, "foo", "1.0"),
            Verdict::NotAffected
        );
    }

    #[test]
    fn pypi_names_are_normalised() {
        let r = ranged("PyPI", "foo-bar", "ECOSYSTEM", r#"[{"introduced": "0"}]"#);
        for name in ["Foo_Bar", "foo.bar", "FOO--bar", " foo-bar "] {
            assert_eq!(
                check(&r, Ecosystem::PyPI, name, "1.0"),
                affected(None),
                "{name}"
            );
        }
        let r = ranged("PyPI", "Foo_Bar", "ECOSYSTEM", r#"[{"introduced": "0"}]"#);
        assert_eq!(check(&r, Ecosystem::PyPI, "foo-bar", "1.0"), affected(None));
    }

    #[test]
    fn semver_ranges_use_semver_rules_in_any_ecosystem() {
        // `1.0.0-1` is a pre-release of 1.0.0 in SemVer but a post-release in PEP 440.
        let semver = ranged(
            "PyPI",
            "foo",
            "SEMVER",
            r#"[{"introduced": "0"}, {"fixed": "1.0.0"}]"#,
        );
        assert_eq!(
            check(&semver, Ecosystem::PyPI, "foo", "1.0.0-1"),
            affected(Some("1.0.0"))
        );
        let eco = ranged(
            "PyPI",
            "foo",
            "ECOSYSTEM",
            r#"[{"introduced": "0"}, {"fixed": "1.0.0"}]"#,
        );
        assert_eq!(
            check(&eco, Ecosystem::PyPI, "foo", "1.0.0-1"),
            Verdict::NotAffected
        );
        // Go: the installed `v` version against the database's bare versions.
        let go = ranged(
            "Go",
            "golang.org/x/net",
            "SEMVER",
            r#"[{"introduced": "0.7.0"}, {"fixed": "0.17.0"}]"#,
        );
        assert_eq!(
            check(&go, Ecosystem::Go, "golang.org/x/net", "v0.10.0"),
            affected(Some("0.17.0"))
        );
        assert_eq!(
            check(&go, Ecosystem::Go, "golang.org/x/net", "v0.17.0"),
            Verdict::NotAffected
        );
    }

    #[test]
    fn git_ranges_are_skipped() {
        let both = record(
            r#"{"id": "PYSEC-3", "affected": [{"package": {"ecosystem": "PyPI", "name": "foo"},
                "ranges": [
                  {"type": "GIT", "repo": "https://example.com/foo", "events": [{"introduced": "0"}, {"fixed": "8b5b9dc96666a3a5d27fad7179ff215e3b74b67c"}]},
                  {"type": "ECOSYSTEM", "events": [{"introduced": "2.4.0rc0"}, {"fixed": "2.4.0"}]}]}]}"#,
        );
        let c = check_detailed(&both, Ecosystem::PyPI, "foo", "2.4.0rc1");
        assert_eq!(c.verdict, affected(Some("2.4.0")));
        assert_eq!(c.git_ranges_skipped, 1);
        let c = check_detailed(&both, Ecosystem::PyPI, "foo", "2.3.0");
        assert_eq!(c.verdict, Verdict::NotAffected);
        assert_eq!(c.git_ranges_skipped, 1);
        // Nothing but commits: cannot tell.
        let git_only = ranged(
            "PyPI",
            "foo",
            "GIT",
            r#"[{"introduced": "0"}, {"fixed": "abc"}]"#,
        );
        let c = check_detailed(&git_only, Ecosystem::PyPI, "foo", "1.0");
        assert!(matches!(c.verdict, Verdict::Unknown(_)), "{c:?}");
        assert_eq!(c.git_ranges_skipped, 1);
    }

    #[test]
    fn unparseable_versions_are_unknown() {
        let r = ranged(
            "PyPI",
            "foo",
            "ECOSYSTEM",
            r#"[{"introduced": "0"}, {"fixed": "1.2"}]"#,
        );
        match check(&r, Ecosystem::PyPI, "foo", "not a version") {
            Verdict::Unknown(msg) => assert!(msg.contains("not a version"), "{msg}"),
            other => panic!("{other:?}"),
        }
        // A bound that does not parse.
        let bad = ranged(
            "PyPI",
            "foo",
            "ECOSYSTEM",
            r#"[{"introduced": "0"}, {"fixed": "0.2.0-n653"}]"#,
        );
        match check(&bad, Ecosystem::PyPI, "foo", "0.1") {
            Verdict::Unknown(msg) => assert!(msg.contains("0.2.0-n653"), "{msg}"),
            other => panic!("{other:?}"),
        }
        // ... but another range that settles it wins.
        let r = record(
            r#"{"id": "X-1", "affected": [{"package": {"ecosystem": "PyPI", "name": "foo"},
                "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "bogus!"}]},
                           {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.0"}]}]}]}"#,
        );
        assert_eq!(
            check(&r, Ecosystem::PyPI, "foo", "1.0"),
            affected(Some("2.0"))
        );
        assert!(matches!(
            check(&r, Ecosystem::PyPI, "foo", "3.0"),
            Verdict::Unknown(_)
        ));
        // An installed version that does not parse is no problem for other packages' records.
        assert_eq!(
            check(&r, Ecosystem::PyPI, "other", "???"),
            Verdict::NotAffected
        );
    }

    #[test]
    fn ecosystem_suffixes_and_case_insensitive_registries() {
        let r = ranged(
            "Maven:https://maven.google.com",
            "androidx.core:core",
            "ECOSYSTEM",
            r#"[{"introduced": "0"}, {"fixed": "1.2.0"}]"#,
        );
        assert_eq!(
            check(&r, Ecosystem::Maven, "androidx.core:core", "1.1.0"),
            affected(Some("1.2.0"))
        );
        assert_eq!(
            check(&r, Ecosystem::Maven, "androidx.core:Core", "1.1.0"),
            Verdict::NotAffected
        );
        let p = ranged(
            "Packagist",
            "symfony/http-kernel",
            "ECOSYSTEM",
            r#"[{"introduced": "0"}, {"fixed": "5.4.20"}]"#,
        );
        assert_eq!(
            check(&p, Ecosystem::Packagist, "Symfony/Http-Kernel", "v5.4.19"),
            affected(Some("5.4.20"))
        );
    }

    #[test]
    fn withdrawn_records() {
        let r = record(r#"{"id": "GHSA-x", "withdrawn": "2023-01-01T00:00:00Z"}"#);
        assert!(is_withdrawn(&r));
        assert!(!is_withdrawn(&record(r#"{"id": "GHSA-y"}"#)));
        assert!(!is_withdrawn(&record(
            r#"{"id": "GHSA-z", "withdrawn": null}"#
        )));
    }

    #[test]
    fn deserialises_real_shapes_with_nulls_and_unknown_fields() {
        let r = record(
            r#"{
              "schema_version": "1.6.0",
              "id": "RUSTSEC-2016-0001",
              "modified": "2023-06-13T13:10:24Z",
              "published": "2016-11-05T12:00:00Z",
              "aliases": ["CVE-2016-10931", "GHSA-34p9-f4q3-c4r7"],
              "related": null,
              "summary": "SSL/TLS MitM vulnerability due to insecure defaults",
              "severity": [{"type": "CVSS_V3", "score": "CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
              "affected": [{
                "package": {"ecosystem": "crates.io", "name": "openssl", "purl": "pkg:cargo/openssl"},
                "ecosystem_specific": {"affects": {"arch": [], "os": [], "functions": []}, "affected_functions": null},
                "database_specific": {"categories": [], "cvss": null, "informational": null},
                "ranges": [{"type": "SEMVER", "events": [{"introduced": "0.0.0-0"}, {"fixed": "0.9.0"}]}],
                "versions": null
              }],
              "references": [{"type": "ADVISORY", "url": "https://example.com"}],
              "credits": [{"name": "someone", "type": "FINDER"}],
              "database_specific": {"license": "CC0-1.0"}
            }"#,
        );
        assert_eq!(r.aliases.len(), 2);
        assert!(r.related.is_empty());
        assert!(r.affected[0].versions.is_empty());
        assert_eq!(
            check(&r, Ecosystem::CratesIo, "openssl", "0.8.3"),
            affected(Some("0.9.0"))
        );
        assert_eq!(
            check(&r, Ecosystem::CratesIo, "openssl", "0.9.0"),
            Verdict::NotAffected
        );
        assert!(serde_json::from_str::<Record>(r#"{"modified": "x"}"#).is_err());
    }

    #[test]
    fn alias_groups_are_transitive() {
        let a = record(r#"{"id": "GHSA-1", "aliases": ["CVE-1"]}"#);
        let b = record(r#"{"id": "PYSEC-1", "aliases": ["CVE-1", "GHSA-2"]}"#);
        let c = record(r#"{"id": "GHSA-2"}"#);
        let d = record(r#"{"id": "RUSTSEC-9", "aliases": ["CVE-9"], "related": ["CVE-1"]}"#);
        let e = record(r#"{"id": "OSV-5", "aliases": ["GHSA-1"]}"#);
        let groups = group_aliases(&[&a, &d, &b, &c, &e]);
        assert_eq!(groups, vec![vec![0, 2, 3, 4], vec![1]]);
        assert!(group_aliases(&[]).is_empty());
        // A chain joined only through its last member.
        let x = record(r#"{"id": "A", "aliases": ["B"]}"#);
        let y = record(r#"{"id": "C", "aliases": ["D"]}"#);
        let z = record(r#"{"id": "E", "aliases": ["D", "B"]}"#);
        assert_eq!(group_aliases(&[&x, &y, &z]), vec![vec![0, 1, 2]]);
    }

    #[test]
    fn severity_labels() {
        let v3 = record(
            r#"{"id": "A", "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N"}]}"#,
        );
        assert_eq!(
            severity(&v3),
            (
                "medium".to_string(),
                "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N".to_string()
            )
        );
        let both = record(
            r#"{"id": "B", "severity": [
                {"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"},
                {"type": "CVSS_V4", "score": "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N"}]}"#,
        );
        assert_eq!(severity(&both).0, "high");
        assert!(severity(&both).1.starts_with("CVSS:4.0/"));
        let db = record(r#"{"id": "C", "database_specific": {"severity": "MODERATE"}}"#);
        assert_eq!(
            severity(&db),
            ("medium".to_string(), "database: MODERATE".to_string())
        );
        let per_package = record(
            r#"{"id": "D", "affected": [
                {"severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N"}]},
                {"severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}]}]}"#,
        );
        assert_eq!(severity(&per_package).0, "critical");
        let bad_vector = record(
            r#"{"id": "E", "severity": [{"type": "CVSS_V3", "score": "garbage"}],
                "database_specific": {"severity": "HIGH"}}"#,
        );
        assert_eq!(
            severity(&bad_vector),
            ("high".to_string(), "database: HIGH".to_string())
        );
        let v2 = record(
            r#"{"id": "F", "severity": [{"type": "CVSS_V2", "score": "AV:N/AC:L/Au:N/C:P/I:P/A:P"}]}"#,
        );
        assert_eq!(severity(&v2).0, "high");
        let none = record(r#"{"id": "G"}"#);
        assert_eq!(severity(&none), ("unknown".to_string(), String::new()));
        let zero = record(
            r#"{"id": "H", "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N"}]}"#,
        );
        assert_eq!(severity(&zero).0, "low");
    }
}
