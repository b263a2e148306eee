//! Every check of the registry (default config, no advisory database) on arbitrary bytes,
//! the way a scan runs them: classify by name and first bytes, decode the text, run each
//! check that accepts the kind, then the inline-suppression filter. No `catch_unwind`: a
//! panic in any check is a crash here.
#![no_main]

use libfuzzer_sys::fuzz_target;
use picket::checks::{registry, Check, CheckOptions, SourceFile};
use picket::classify::classify;
use picket::config::Config;
use picket::filter::inline_suppressed;
use picket::source::decode_text;
use std::sync::OnceLock;

const PATHS: &[&str] = &[
    "Dockerfile",
    "requirements.txt",
    "package-lock.json",
    ".github/workflows/ci.yml",
    "action.yml",
    "model.pkl",
    "model.pt",
    "data.csv",
    "app.py",
    ".env",
    "values.yaml",
    "k8s.yaml",
    "notebook.ipynb",
];

fn checks() -> &'static [Box<dyn Check>] {
    static CHECKS: OnceLock<Vec<Box<dyn Check>>> = OnceLock::new();
    CHECKS.get_or_init(|| {
        // A database path that does not exist: the deps check parses and judges hygiene
        // but matches no advisory, and never touches the user's cache.
        let no_db = std::path::Path::new("/nonexistent/picket-fuzz/osv");
        registry(&Config::default(), Some(no_db), None).expect("default registry")
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let path = PATHS[usize::from(selector) % PATHS.len()];
    let kind = classify(path, rest);
    let text = decode_text(rest.to_vec());
    let file = SourceFile::new(path, &text, kind);
    let opts = CheckOptions::default();
    let mut found = Vec::new();
    for check in checks() {
        if check.accepts(kind) {
            check.scan(&file, &opts, &mut found);
        }
    }
    for f in &found {
        let _ = inline_suppressed(f, &text, file.lines());
    }
});
