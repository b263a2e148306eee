//! Schema validation of parsed documents: each violation becomes `config/schema-violation`
//! at the line and column of the node it is about, and plain YAML scalars that a YAML 1.1
//! reader would turn into something the schema rejects become `config/yaml11-ambiguity`.
use super::k8s;
use super::schema::{PathSeg, Violation};
use super::schemas::Schemas;
use super::tree::convert::{describe, locate, to_json, yaml11_ambiguities, Mode};
use super::yaml::Node;
use crate::checks::{builtin, CheckOptions, SourceFile};
use crate::finding::Finding;
use crate::text;

/// More violations than this in one document say "wrong schema", not "fix these".
const MAX_PER_DOCUMENT: usize = 100;

pub fn documents(
    schemas: &Schemas,
    file: &SourceFile<'_>,
    docs: &[&Node],
    mode: Mode,
    opts: &CheckOptions,
    out: &mut Vec<Finding>,
) {
    let by_path = schemas.for_path(file.path);
    for doc in docs {
        let schema = match by_path {
            Some(s) => s,
            None if mode != Mode::Strings && k8s::is_kubernetes(doc) => schemas.kubernetes(),
            None => continue,
        };
        // Built-in schemas are tested to compile and users' are compiled at start-up.
        let Ok(validator) = schema.validator() else {
            continue;
        };
        let violations = validator.validate(&to_json(doc, mode));
        for v in violations.iter().take(MAX_PER_DOCUMENT) {
            out.push(violation(file, doc, v, &schema.name, opts));
        }
        if mode == Mode::Yaml12 {
            let ambiguous = yaml11_ambiguities(doc);
            if ambiguous.is_empty() {
                continue;
            }
            let as_yaml11 = validator.validate(&to_json(doc, Mode::Yaml11));
            for (path, node, what) in ambiguous {
                let already = violations.iter().any(|v| v.instance_path == path);
                let rejected = as_yaml11
                    .iter()
                    .any(|v| v.instance_path == path && v.keyword == "type");
                if rejected && !already {
                    out.push(ambiguity(file, &path, node, what, &schema.name, opts));
                }
            }
        }
    }
}

fn violation(
    file: &SourceFile<'_>,
    doc: &Node,
    v: &Violation,
    schema: &str,
    opts: &CheckOptions,
) -> Finding {
    let loc = locate(doc, &v.instance_path);
    // An unexpected key is reported at the key, everything else at the value.
    let node = match v.keyword {
        "additionalProperties" | "unevaluatedProperties" | "propertyNames" => {
            loc.key.unwrap_or(loc.value)
        }
        _ => loc.value,
    };
    let rule = builtin("config/schema-violation");
    let message = format!("{} (schema `{schema}`)", v.message);
    let mut f = file.line_finding(
        rule,
        node.span.start.line,
        Some(node.span.start.column),
        message,
        opts,
    );
    f.metadata.insert("schema".into(), schema.into());
    f.metadata
        .insert("instance_path".into(), describe(&v.instance_path).into());
    f.metadata.insert("keyword".into(), v.keyword.into());
    // Several violations can sit on one line: the fingerprint follows what is wrong too.
    let key = format!(
        "{}\0{}\0{}",
        describe(&v.instance_path),
        v.keyword,
        v.message
    );
    f.fingerprint = text::fingerprint(&f.rule_id, file.path, key.as_bytes());
    f
}

fn ambiguity(
    file: &SourceFile<'_>,
    path: &[PathSeg],
    node: &Node,
    what: &str,
    schema: &str,
    opts: &CheckOptions,
) -> Finding {
    let rule = builtin("config/yaml11-ambiguity");
    let value = node.as_str().unwrap_or("");
    let message = format!(
        "`{}` is the string \"{value}\" to YAML 1.2 readers but a {what} to YAML 1.1 readers (PyYAML, go-yaml v2, many Kubernetes tools), and the schema `{schema}` expects a string: quote it",
        describe(path)
    );
    let mut f = file.line_finding(
        rule,
        node.span.start.line,
        Some(node.span.start.column),
        message,
        opts,
    );
    f.metadata
        .insert("instance_path".into(), describe(path).into());
    f
}
