//! The config parsers with positions (YAML streams, JSON with and without comments, TOML,
//! .env), the conversion to JSON values in every mode, the mapping of paths back to nodes,
//! YAML 1.1 ambiguity detection, and schema validation against the built-in Kubernetes
//! schema; then the whole config check on the same bytes under a name chosen by byte 0.
#![no_main]

use libfuzzer_sys::fuzz_target;
use picket::checks::config::schema::PathSeg;
use picket::checks::config::tree::{convert, env, json, toml};
use picket::checks::config::{yaml, ConfigCheck};
use picket::checks::{Check, CheckOptions, SourceFile};
use std::sync::OnceLock;

const PATHS: &[&str] = &[
    "k8s/app.yaml",
    "config/app.json",
    "tsconfig.json",
    "pyproject.toml",
    ".env",
    ".env.example",
    "docker-compose.yml",
    ".github/dependabot.yml",
    ".pre-commit-config.yaml",
    "kustomization.yaml",
    "values.yaml",
];

fn check() -> &'static ConfigCheck {
    static CHECK: OnceLock<ConfigCheck> = OnceLock::new();
    CHECK.get_or_init(ConfigCheck::builtin)
}

fn walk(node: &yaml::Node) {
    for mode in [
        convert::Mode::Yaml12,
        convert::Mode::Yaml11,
        convert::Mode::Strings,
    ] {
        let _ = convert::to_json(node, mode);
    }
    for (path, _, _) in convert::yaml11_ambiguities(node) {
        let _ = convert::locate(node, &path);
        let _ = convert::describe(&path);
    }
    let probe = [
        PathSeg::Key("spec".into()),
        PathSeg::Index(0),
        PathSeg::Key("a".into()),
    ];
    let _ = convert::locate(node, &probe);
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    if let Ok(docs) = yaml::parse_documents(&text) {
        for d in docs.docs.iter().flatten() {
            walk(d);
        }
    }
    for comments in [false, true] {
        if let Ok(p) = json::parse(&text, comments) {
            if let Some(r) = &p.root {
                walk(r);
            }
        }
    }
    if let Ok(p) = toml::parse(&text) {
        if let Some(r) = &p.root {
            walk(r);
        }
    }
    let (root, _) = env::parse(&text);
    walk(&root);

    let path = PATHS[pick as usize % PATHS.len()];
    let kind = picket::classify::classify(path, rest);
    let file = SourceFile::new(path, rest, kind);
    let mut out = Vec::new();
    if check().accepts(kind) {
        check().scan(&file, &CheckOptions::default(), &mut out);
    }
    let _ = check().finish(&CheckOptions::default());
});
