//! The Dockerfile check: parse (`parse`, `shell`), build the model (`model`, `image`), run
//! the rule groups, and turn hits into findings. Rule metadata is in `rules/dockerfile.yaml`.
mod commands;
pub mod hadolint;
mod image;
mod images;
mod instructions;
pub mod model;
mod packages;
pub mod parse;
mod secrets;
pub mod shell;

use super::{builtin, Check, CheckOptions, SourceFile};
use crate::classify::FileKind;
use crate::finding::{CheckId, Finding};
pub use model::{Hit, Settings};

pub struct DockerfileCheck {
    settings: Settings,
}

impl DockerfileCheck {
    pub fn new(settings: Settings) -> DockerfileCheck {
        DockerfileCheck { settings }
    }
}

/// Every rule hit for a Dockerfile's text, parse errors included.
pub fn analyse(text: &str, settings: &Settings) -> Vec<Hit> {
    let df = parse::parse(text);
    let mut ctx = model::Ctx::new(&df, settings);
    for e in &df.errors {
        ctx.hit("dockerfile/parse-error", e.line, e.message.clone());
    }
    images::check(&mut ctx);
    instructions::check(&mut ctx);
    packages::check(&mut ctx);
    commands::check(&mut ctx);
    secrets::check(&mut ctx);
    ctx.into_hits()
}

impl Check for DockerfileCheck {
    fn id(&self) -> CheckId {
        CheckId::Dockerfile
    }

    fn accepts(&self, kind: FileKind) -> bool {
        kind == FileKind::Dockerfile
    }

    fn scan(&self, file: &SourceFile<'_>, opts: &CheckOptions, out: &mut Vec<Finding>) {
        let text = String::from_utf8_lossy(file.data);
        for hit in analyse(&text, &self.settings) {
            out.push(file.line_finding(builtin(hit.rule), hit.line, None, hit.message, opts));
        }
    }
}
