//! The secrets check on arbitrary text: the rule engine, the generic name=value detector,
//! base64-decoded values, notebooks, Kubernetes Secrets and the file-name rules. The first
//! byte picks the file name (and so its kind); the rest is the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use picket::checks::secrets::SecretsCheck;
use picket::checks::{Check, CheckOptions, SourceFile};
use picket::classify::classify;
use std::sync::OnceLock;

const PATHS: &[&str] = &[
    ".env",
    "config.yaml",
    "main.py",
    "notebook.ipynb",
    "secret.yaml",
    "settings.json",
    "app.properties",
    "config.ini",
    "deploy.sh",
    "main.tf",
    ".npmrc",
    "id_rsa",
    "README.md",
    "keystore.jks",
    "Dockerfile",
    ".github/workflows/ci.yml",
];

fn check() -> &'static SecretsCheck {
    static CHECK: OnceLock<SecretsCheck> = OnceLock::new();
    // Not `large`: rule regexes are compiled lazily, as in a one-file scan.
    CHECK.get_or_init(|| SecretsCheck::new(&[]).expect("built-in rules compile"))
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let path = PATHS[usize::from(selector) % PATHS.len()];
    let file = SourceFile::new(path, rest, classify(path, rest));
    let opts = CheckOptions::default();
    let mut out = Vec::new();
    check().scan(&file, &opts, &mut out);
});
