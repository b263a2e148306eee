//! Baselines: the fingerprints of findings a team accepts today, so that picket can be
//! adopted without fixing history first. No secret values are stored; entries are sorted
//! so the file is stable in review; writes are atomic.
use crate::finding::Finding;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub rule_id: String,
    pub fingerprint: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

pub fn from_findings(findings: &[Finding]) -> Baseline {
    let set: BTreeSet<Entry> = findings
        .iter()
        .map(|f| Entry {
            path: f.path.clone(),
            rule_id: f.rule_id.clone(),
            fingerprint: f.fingerprint.clone(),
        })
        .collect();
    Baseline {
        version: 1,
        findings: set.into_iter().collect(),
    }
}

pub fn write(path: &Path, b: &Baseline) -> std::io::Result<()> {
    let mut text = serde_json::to_vec_pretty(b).expect("baseline serialises");
    text.push(b'\n');
    crate::app::write_atomic(path, &text)
}

pub fn load(path: &Path) -> Result<Baseline, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let b: Baseline =
        serde_json::from_str(&text).map_err(|e| format!("{}:{}: {e}", path.display(), e.line()))?;
    if b.version != 1 {
        return Err(format!(
            "{}: baseline version {} is not supported",
            path.display(),
            b.version
        ));
    }
    Ok(b)
}
