//! The `code` check: Python security rules (Bandit's most important ones, plus the ML
//! ones Bandit lacks) on a token-level parser, so calls that span lines, aliases
//! (`import subprocess as sp`) and nested calls are understood. `analysis` finds the hits;
//! this module turns them into findings. `# nosec` is applied by the one filter, through the
//! rules' `bandit:` equivalents.
pub mod analysis;

use super::{builtin, Check, CheckOptions, SourceFile};
use crate::classify::FileKind;
use crate::finding::{CheckId, Finding};

pub struct CodeCheck;

impl Check for CodeCheck {
    fn id(&self) -> CheckId {
        CheckId::Code
    }

    fn accepts(&self, kind: FileKind) -> bool {
        kind == FileKind::Python
    }

    fn scan(&self, file: &SourceFile<'_>, opts: &CheckOptions, out: &mut Vec<Finding>) {
        let text = String::from_utf8_lossy(file.data);
        for hit in analysis::analyse(&text) {
            let rule = builtin(hit.rule);
            out.push(file.line_finding(rule, hit.line, Some(hit.column), hit.message, opts));
        }
    }
}

/// The findings of the check on one example file (for the rule tests).
pub fn scan_example(path: &str, text: &str) -> Vec<Finding> {
    let kind = crate::classify::classify(path, text.as_bytes());
    let file = SourceFile::new(path, text.as_bytes(), kind);
    let mut out = Vec::new();
    if CodeCheck.accepts(kind) {
        CodeCheck.scan(&file, &CheckOptions::default(), &mut out);
    }
    out
}
