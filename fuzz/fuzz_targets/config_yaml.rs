//! The YAML-with-positions parser and the GitHub Actions rules (workflow and action).
#![no_main]

use libfuzzer_sys::fuzz_target;
use picket::checks::config::actions::{self, yaml, FileKind, Settings};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = yaml::parse(&text);
    let settings = Settings::default();
    let _ = actions::analyse(FileKind::Workflow, &text, &settings);
    let trusted = Settings {
        trusted_owners: vec!["actions".into(), "github".into()],
    };
    let _ = actions::analyse(FileKind::Action, &text, &trusted);
});
