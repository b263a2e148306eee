//! The config check end to end: users' schemas from picket.toml (with `$ref` to another
//! file) on YAML, JSON, TOML and .env files with line and column, built-in schemas by path
//! and by content, multi-document YAML, the repository-wide NetworkPolicy rule, and broken
//! inputs reported as findings while a broken schema is an error.
mod support;

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;
use support::tree;

/// `(rule_id, path, line, column, message)` of every finding.
fn findings(dir: &Path) -> Vec<(String, String, u64, u64, String)> {
    let out = Command::cargo_bin("picket")
        .unwrap()
        .current_dir(dir)
        .args(["scan", "--checks", "config", "--min-severity", "info"])
        .args(["--format", "json", "--fail-on", "never", "."])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    });
    let mut all: Vec<_> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    all.sort();
    all
}

fn of<'a>(
    all: &'a [(String, String, u64, u64, String)],
    rule: &str,
    path: &str,
) -> Vec<&'a (String, String, u64, u64, String)> {
    all.iter().filter(|f| f.0 == rule && f.1 == path).collect()
}

const TRAIN_SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "required": ["model", "optimizer"],
  "additionalProperties": false,
  "properties": {
    "model": {"$ref": "common.json#/$defs/model"},
    "optimizer": {
      "type": "object",
      "properties": {"learning_rate": {"type": "number", "exclusiveMinimum": 0}},
      "required": ["learning_rate"]
    },
    "layers": {"type": "array", "items": {"type": "integer"}}
  }
}"#;

const COMMON: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$defs": {"model": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}}
}"#;

#[test]
fn users_schema_on_yaml_json_and_toml_with_positions() {
    let d = tree(&[
        (
            "picket.toml",
            "[[schemas]]\nfiles = \"configs/*\"\nschema = \"schemas/train.json\"\n",
        ),
        ("schemas/train.json", TRAIN_SCHEMA),
        ("schemas/common.json", COMMON),
        (
            "configs/a.yaml",
            "model:\n  name: resnet\noptimizer:\n  learning_rate: 0.1x\nlayers: [1, 2, true]\n",
        ),
        (
            "configs/b.json",
            "{\n  \"model\": {},\n  \"optimizer\": {\"learning_rate\": 0.01},\n  \"epochs\": 3\n}\n",
        ),
        (
            "configs/c.toml",
            "[model]\nname = \"bert\"\n\n[optimizer]\nlearning_rate = -1\n",
        ),
        (
            "configs/ok.yaml",
            "model: {name: x}\noptimizer: {learning_rate: 3e-4}\n",
        ),
    ]);
    let all = findings(d.path());
    let a = of(&all, "config/schema-violation", "configs/a.yaml");
    assert_eq!(a.len(), 2, "{all:#?}");
    assert_eq!((a[0].2, a[0].3), (4, 18));
    assert!(
        a[0].4
            .contains("`optimizer.learning_rate` must be a number, got the string \"0.1x\""),
        "{}",
        a[0].4
    );
    assert_eq!((a[1].2, a[1].3), (5, 16));
    assert!(a[1].4.contains("`layers[2]`"), "{}", a[1].4);
    let b = of(&all, "config/schema-violation", "configs/b.json");
    assert_eq!(b.len(), 2, "{all:#?}");
    // The missing name is reported at the object, the unexpected key at the key.
    assert!(b
        .iter()
        .any(|f| (f.2, f.3) == (2, 12) && f.4.contains("`name`")));
    assert!(b
        .iter()
        .any(|f| (f.2, f.3) == (4, 3) && f.4.contains("`epochs`")));
    let c = of(&all, "config/schema-violation", "configs/c.toml");
    assert_eq!(c.len(), 1, "{all:#?}");
    assert_eq!((c[0].2, c[0].3), (5, 17));
    assert!(of(&all, "config/schema-violation", "configs/ok.yaml").is_empty());
}

#[test]
fn env_files_against_a_schema() {
    let d = tree(&[
        (
            "picket.toml",
            "[[schemas]]\nfiles = \"**/.env*\"\nschema = \"env.schema.json\"\n",
        ),
        (
            "env.schema.json",
            r#"{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
               "required": ["DATABASE_URL", "PORT"],
               "properties": {"PORT": {"type": "string", "pattern": "^[0-9]+$"}}}"#,
        ),
        (".env.example", "DATABASE_URL=postgres://db/app\nPORT=80a\n"),
    ]);
    let all = findings(d.path());
    let v = of(&all, "config/schema-violation", ".env.example");
    assert_eq!(v.len(), 1, "{all:#?}");
    assert_eq!(v[0].2, 2);
    assert!(v[0].4.contains("pattern"), "{}", v[0].4);
}

#[test]
fn builtin_schemas_by_path_and_content_in_every_document() {
    let d = tree(&[
        (
            ".github/dependabot.yml",
            "version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /\n    schedule: {interval: sometimes}\n",
        ),
        (
            "deploy/all.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {country: NO}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: b}\nspec:\n  replicas: two\n",
        ),
    ]);
    let all = findings(d.path());
    let dep = of(&all, "config/schema-violation", ".github/dependabot.yml");
    assert_eq!(dep.len(), 1, "{all:#?}");
    assert_eq!(dep[0].2, 5);
    let k = of(&all, "config/schema-violation", "deploy/all.yaml");
    assert!(
        k.iter()
            .any(|f| (f.2, f.3) == (10, 13) && f.4.contains("replicas")),
        "{all:#?}"
    );
    let amb = of(&all, "config/yaml11-ambiguity", "deploy/all.yaml");
    assert_eq!(amb.len(), 1, "{all:#?}");
    assert_eq!((amb[0].2, amb[0].3), (4, 17));
}

#[test]
fn namespaces_without_a_policy_are_judged_over_every_file() {
    let pod = |ns: &str| {
        format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: {ns}\nspec:\n  containers: [{{name: a, image: a:1}}]\n")
    };
    let policy = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: shop\nspec:\n  podSelector: {}\n";
    let d = tree(&[
        ("k8s/shop.yaml", &pod("shop")),
        ("k8s/blog.yaml", &pod("blog")),
        ("k8s/policies/deny.yaml", policy),
    ]);
    let all = findings(d.path());
    let rule = "config/k8s-namespace-without-network-policy";
    assert_eq!(of(&all, rule, "k8s/blog.yaml").len(), 1, "{all:#?}");
    assert_eq!(of(&all, rule, "k8s/blog.yaml")[0].2, 5);
    assert!(of(&all, rule, "k8s/shop.yaml").is_empty());
}

#[test]
fn malformed_files_are_findings_with_positions() {
    let d = tree(&[
        ("a.json", "{\n  \"a\": 1\n  \"b\": 2\n}\n"),
        ("b.yaml", "a: [1, 2\nb: 3\n"),
        ("c.toml", "x = \n"),
        (
            "chart/templates/d.yaml",
            "{{- if .Values.on }}\nkind: x\n{{- end }}\n",
        ),
    ]);
    let all = findings(d.path());
    let pe: Vec<_> = all.iter().filter(|f| f.0 == "config/parse-error").collect();
    assert_eq!(pe.len(), 3, "{all:#?}");
    assert_eq!((pe[0].1.as_str(), pe[0].2, pe[0].3), ("a.json", 3, 3));
    assert_eq!(pe[1].1, "b.yaml");
    assert_eq!((pe[2].1.as_str(), pe[2].2), ("c.toml", 1));
}

#[test]
fn a_broken_schema_is_an_error_that_names_it() {
    for (schema, want) in [
        ("missing.json", "does not exist"),
        ("builtin:nope", "no such built-in schema"),
        ("bad.json", "bad.json"),
    ] {
        let d = tree(&[
            (
                "picket.toml",
                &format!("[[schemas]]\nfiles = \"*.yaml\"\nschema = \"{schema}\"\n"),
            ),
            ("bad.json", "{not json"),
            ("a.yaml", "a: 1\n"),
        ]);
        let out = Command::cargo_bin("picket")
            .unwrap()
            .current_dir(d.path())
            .args(["scan", "."])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(want), "{schema}: {err}");
    }
}
