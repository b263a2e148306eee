//! The `models` check: ML model files (pickles, joblib, PyTorch, numpy, Keras,
//! safetensors, ONNX) analysed statically by `analysis`, which walks pickle opcodes and
//! reads archives with bounds; nothing is ever unpickled or loaded. Each issue becomes a
//! whole-file finding with the archive member and the import in its message and metadata.
pub mod analysis;

use super::{builtin, Check, CheckOptions, SourceFile};
use crate::classify::FileKind;
use crate::finding::{CheckId, Finding};
use analysis::{IssueKind, Limits};

pub struct ModelsCheck;

/// The findings of the check on one example file (for the rule tests).
pub fn scan_example(path: &str, data: &[u8]) -> Vec<Finding> {
    let kind = crate::classify::classify(path, data);
    let file = SourceFile::new(path, data, kind);
    let mut out = Vec::new();
    if ModelsCheck.accepts(kind) {
        ModelsCheck.scan(&file, &CheckOptions::default(), &mut out);
    }
    out
}

impl Check for ModelsCheck {
    fn id(&self) -> CheckId {
        CheckId::Models
    }

    fn accepts(&self, kind: FileKind) -> bool {
        kind == FileKind::Model
    }

    fn scan(&self, file: &SourceFile<'_>, _opts: &CheckOptions, out: &mut Vec<Finding>) {
        let report = analysis::analyse(file.path, file.data, &Limits::default());
        for issue in &report.issues {
            let rule = builtin(issue.kind.rule_id());
            let what = match &issue.kind {
                IssueKind::Dangerous { module, name } | IssueKind::Unknown { module, name } => {
                    format!("{module}.{name}")
                }
                _ => String::new(),
            };
            let place = issue
                .member
                .as_deref()
                .map(|m| format!(" (in {m})"))
                .unwrap_or_default();
            let message = match &issue.kind {
                IssueKind::Dangerous { .. } => {
                    format!("loading this file runs `{what}`{place}: {}", issue.detail)
                }
                IssueKind::Unknown { .. } => {
                    format!("imports `{what}`, which is not on the safe list{place}")
                }
                _ => format!("{}{place}", issue.detail),
            };
            let mut f = file.file_finding(rule, message);
            // One finding per distinct issue: the import and the member tell them apart.
            let key = format!("{}|{}|{}", issue.kind.rule_id(), what, place);
            f.fingerprint = crate::text::fingerprint(&f.rule_id, file.path, key.as_bytes());
            f.metadata
                .insert("format".into(), report.format.as_str().into());
            if !what.is_empty() {
                f.metadata.insert("import".into(), what.into());
            }
            if let Some(m) = &issue.member {
                f.metadata.insert("member".into(), m.clone().into());
            }
            if let Some(o) = issue.offset {
                f.metadata.insert("offset".into(), o.into());
            }
            out.push(f);
        }
    }
}
