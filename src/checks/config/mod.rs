//! The `config` check. This build has its GitHub Actions part (`actions/`): workflow and
//! composite-action files are parsed with positions and judged by the zizmor-class rules;
//! a file that does not parse is `config/parse-error`. Schema validation and the
//! Kubernetes, compose and .env rules are still to come (issue #6).
pub mod actions;
pub mod k8s;
pub mod schema;
pub mod tree;
pub mod yaml;

use super::{builtin, Check, CheckOptions, SourceFile};
use crate::classify::FileKind;
use crate::finding::{CheckId, Finding};

pub struct ConfigCheck {
    actions: actions::Settings,
}

impl ConfigCheck {
    pub fn new(trusted_action_owners: Vec<String>) -> ConfigCheck {
        ConfigCheck {
            actions: actions::Settings {
                trusted_owners: trusted_action_owners,
            },
        }
    }

    /// The findings of the check on one example file (for the rule tests).
    pub fn scan_example(&self, path: &str, text: &str) -> Vec<Finding> {
        let kind = crate::classify::classify(path, text.as_bytes());
        let file = SourceFile::new(path, text.as_bytes(), kind);
        let mut out = Vec::new();
        self.scan(&file, &CheckOptions::default(), &mut out);
        out
    }
}

impl Check for ConfigCheck {
    fn id(&self) -> CheckId {
        CheckId::Config
    }

    fn accepts(&self, kind: FileKind) -> bool {
        matches!(
            kind,
            FileKind::GithubWorkflow | FileKind::GithubAction | FileKind::Yaml
        )
    }

    fn scan(&self, file: &SourceFile<'_>, opts: &CheckOptions, out: &mut Vec<Finding>) {
        let Some(kind) = actions::kind_of(file.path) else {
            return;
        };
        let text = String::from_utf8_lossy(file.data);
        match actions::analyse(kind, &text, &self.actions) {
            Ok(hits) => {
                for h in hits {
                    let rule = builtin(h.rule);
                    out.push(file.line_finding(rule, h.line, Some(h.column), h.message, opts));
                }
            }
            Err(e) => {
                let rule = builtin("config/parse-error");
                out.push(file.line_finding(rule, e.line, Some(e.column), e.message, opts));
            }
        }
    }
}
