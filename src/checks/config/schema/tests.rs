//! Unit tests of the validator as a whole.

use std::collections::HashMap;

use serde_json::{json, Value};

use super::pattern::{translate, PatternError};
use super::*;

fn compile(schema: Value) -> Validator {
    Validator::compile(
        &schema,
        "file:///repo/schemas/model.json",
        Draft::Draft202012,
        &NoLoader,
    )
    .expect("schema compiles")
}

fn key(k: &str) -> PathSeg {
    PathSeg::Key(k.to_string())
}

/// (instance path, keyword) of each violation.
fn summary(v: &Validator, instance: &Value) -> Vec<(Vec<PathSeg>, &'static str)> {
    let errs = v.validate(instance);
    assert_eq!(
        errs.is_empty(),
        v.is_valid(instance),
        "validate and is_valid disagree"
    );
    errs.into_iter()
        .map(|e| (e.instance_path, e.keyword))
        .collect()
}

fn messages(v: &Validator, instance: &Value) -> Vec<String> {
    v.validate(instance)
        .into_iter()
        .map(|e| e.message)
        .collect()
}

#[test]
fn validator_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Validator>();
}

#[test]
fn draft4_semantics() {
    let v = compile(json!({
        "$schema": "http://json-schema.org/draft-04/schema#",
        "id": "http://example.com/root.json",
        "properties": {
            "lr": {"type": "number", "minimum": 0, "exclusiveMinimum": true},
            "n": {"type": "integer"},
            "r": {"$ref": "#/definitions/s", "type": "integer"},
            "t": {"items": [{"type": "string"}], "additionalItems": false},
            "d": {"dependencies": {"a": ["b"], "c": {"required": ["e"]}}},
            "x": {"$ref": "item.json"}
        },
        "definitions": {
            "s": {"type": "string"},
            "other": {"id": "item.json", "type": "boolean"}
        }
    }));
    assert_eq!(v.draft(), Draft::Draft4);
    assert!(v.is_valid(
        &json!({"lr": 0.5, "n": 3, "r": "x", "t": ["a"], "d": {"a": 1, "b": 2}, "x": true})
    ));
    // exclusiveMinimum is a boolean modifier in draft 4.
    assert_eq!(
        summary(&v, &json!({"lr": 0})),
        vec![(vec![key("lr")], "exclusiveMinimum")]
    );
    // 1.0 is not an integer in draft 4.
    assert_eq!(
        summary(&v, &json!({"n": 1.0})),
        vec![(vec![key("n")], "type")]
    );
    // Siblings of $ref are ignored.
    assert!(v.is_valid(&json!({"r": "not an integer"})));
    assert_eq!(
        summary(&v, &json!({"t": ["a", "b"]})),
        vec![(vec![key("t")], "additionalItems")]
    );
    assert_eq!(
        summary(&v, &json!({"d": {"a": 1, "c": 2}})),
        vec![
            (vec![key("d")], "dependencies"),
            (vec![key("d")], "required")
        ]
    );
    // `id` changes the base URI: item.json resolves to the embedded schema.
    assert_eq!(
        summary(&v, &json!({"x": 1})),
        vec![(vec![key("x")], "type")]
    );
}

#[test]
fn draft6_semantics() {
    let v = compile(json!({
        "$schema": "http://json-schema.org/draft-06/schema#",
        "properties": {
            "lr": {"exclusiveMinimum": 0},
            "n": {"type": "integer"},
            "c": {"const": "x"},
            "tags": {"contains": {"const": "main"}},
            "obj": {"propertyNames": {"maxLength": 3}},
            "never": false
        }
    }));
    assert!(v.is_valid(
        &json!({"lr": 0.1, "n": 1.0, "c": "x", "tags": ["a", "main"], "obj": {"abc": 1}})
    ));
    assert_eq!(
        summary(&v, &json!({"lr": 0})),
        vec![(vec![key("lr")], "exclusiveMinimum")]
    );
    assert_eq!(
        summary(&v, &json!({"n": 1.5})),
        vec![(vec![key("n")], "type")]
    );
    assert_eq!(
        summary(&v, &json!({"tags": ["a"]})),
        vec![(vec![key("tags")], "contains")]
    );
    assert_eq!(
        summary(&v, &json!({"obj": {"abcd": 1}})),
        vec![(vec![key("obj"), key("abcd")], "propertyNames")]
    );
    assert_eq!(
        summary(&v, &json!({"never": 1})),
        vec![(vec![key("never")], "false")]
    );
}

#[test]
fn draft7_semantics() {
    let v = compile(json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "if": {"properties": {"kind": {"const": "file"}}, "required": ["kind"]},
        "then": {"required": ["path"]},
        "else": {"required": ["url"]},
        "properties": {"r": {"$ref": "#/definitions/s", "maxLength": 1}},
        "definitions": {"s": {"type": "string"}}
    }));
    assert!(v.is_valid(&json!({"kind": "file", "path": "/x"})));
    assert!(v.is_valid(&json!({"url": "http://x", "r": "long string"})));
    assert_eq!(
        summary(&v, &json!({"kind": "file"})),
        vec![(vec![], "required")]
    );
    assert_eq!(
        summary(&v, &json!({"kind": "web"})),
        vec![(vec![], "required")]
    );
    assert_eq!(
        summary(&v, &json!({"url": "u", "r": 1})),
        vec![(vec![key("r")], "type")]
    );
}

#[test]
fn draft201909_semantics() {
    let v = compile(json!({
        "$schema": "https://json-schema.org/draft/2019-09/schema",
        "properties": {
            "r": {"$ref": "#/$defs/s", "maxLength": 2},
            "dr": {"dependentRequired": {"a": ["b"]}},
            "t": {"items": [{"type": "string"}], "additionalItems": {"type": "integer"}},
            "u": {
                "allOf": [{"properties": {"a": true}}],
                "unevaluatedProperties": false
            }
        },
        "$defs": {"s": {"type": "string"}}
    }));
    assert!(
        v.is_valid(&json!({"r": "ab", "dr": {"a": 1, "b": 1}, "t": ["x", 1, 2], "u": {"a": 1}}))
    );
    // $ref siblings apply from 2019-09 on.
    assert_eq!(
        summary(&v, &json!({"r": "abc"})),
        vec![(vec![key("r")], "maxLength")]
    );
    assert_eq!(
        summary(&v, &json!({"dr": {"a": 1}})),
        vec![(vec![key("dr")], "dependentRequired")]
    );
    assert_eq!(
        summary(&v, &json!({"t": ["x", "y"]})),
        vec![(vec![key("t"), PathSeg::Index(1)], "type")]
    );
    assert_eq!(
        summary(&v, &json!({"u": {"a": 1, "b": 2}})),
        vec![(vec![key("u"), key("b")], "unevaluatedProperties")]
    );
}

#[test]
fn draft201909_recursive_ref() {
    let loader = MapLoader(HashMap::from([(
        "https://example.com/tree".to_string(),
        json!({
            "$schema": "https://json-schema.org/draft/2019-09/schema",
            "$id": "https://example.com/tree",
            "$recursiveAnchor": true,
            "type": "object",
            "properties": {"children": {"type": "array", "items": {"$recursiveRef": "#"}}}
        }),
    )]));
    // The extension requires `name` at every level thanks to $recursiveRef.
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2019-09/schema",
        "$id": "https://example.com/named-tree",
        "$recursiveAnchor": true,
        "$ref": "tree",
        "required": ["name"]
    });
    let v = Validator::compile(
        &schema,
        "https://example.com/named-tree",
        Draft::Draft7,
        &loader,
    )
    .unwrap();
    assert_eq!(v.draft(), Draft::Draft201909);
    assert!(v.is_valid(&json!({"name": "a", "children": [{"name": "b", "children": []}]})));
    assert_eq!(
        summary(&v, &json!({"name": "a", "children": [{"children": []}]})),
        vec![(vec![key("children"), PathSeg::Index(0)], "required")]
    );
}

#[test]
fn draft202012_semantics() {
    let v = compile(json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "properties": {
            "p": {"prefixItems": [{"type": "string"}], "items": {"type": "integer"}},
            "closed": {"prefixItems": [true], "items": false},
            "ui": {"prefixItems": [true], "contains": {"const": "x"}, "unevaluatedItems": false},
            "up": {
                "properties": {"kind": true},
                "if": {"properties": {"kind": {"const": "a"}}},
                "then": {"properties": {"a": true}},
                "else": {"properties": {"b": true}},
                "anyOf": [{"properties": {"c": true}}, true],
                "unevaluatedProperties": false
            }
        }
    }));
    assert!(v.is_valid(&json!({"p": ["a", 1, 2], "closed": [1], "ui": [1, "x"]})));
    assert!(v.is_valid(&json!({"up": {"kind": "a", "a": 1, "c": 1}})));
    assert_eq!(
        summary(&v, &json!({"p": ["a", "b"]})),
        vec![(vec![key("p"), PathSeg::Index(1)], "type")]
    );
    assert_eq!(
        summary(&v, &json!({"closed": [1, 2]})),
        vec![(vec![key("closed")], "items")]
    );
    assert_eq!(
        summary(&v, &json!({"ui": [1, "x", 3]})),
        vec![(vec![key("ui"), PathSeg::Index(2)], "unevaluatedItems")]
    );
    assert_eq!(
        summary(&v, &json!({"up": {"kind": "a", "b": 1}})),
        vec![(vec![key("up"), key("b")], "unevaluatedProperties")]
    );
    assert!(v.is_valid(&json!({"up": {"kind": "z", "b": 1}})));
}

#[test]
fn draft202012_dynamic_ref() {
    let loader = MapLoader(HashMap::from([(
        "https://example.com/list".to_string(),
        json!({
            "$id": "https://example.com/list",
            "$dynamicAnchor": "item",
            "type": "array",
            "items": {"$dynamicRef": "#item"},
            "$defs": {"default": {"$dynamicAnchor": "item"}}
        }),
    )]));
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://example.com/strings",
        "$ref": "list",
        "$defs": {"item": {"$dynamicAnchor": "item", "type": ["string", "array"]}}
    });
    let v = Validator::compile(
        &schema,
        "https://example.com/strings",
        Draft::Draft202012,
        &loader,
    )
    .unwrap();
    // The outermost dynamic anchor `item` (strings or arrays) wins.
    assert!(v.is_valid(&json!(["a", "b"])));
    assert_eq!(
        summary(&v, &json!(["a", 1])),
        vec![(vec![PathSeg::Index(1)], "type")]
    );
}

struct MapLoader(HashMap<String, Value>);

impl Loader for MapLoader {
    fn load(&self, uri: &str) -> Option<Value> {
        self.0.get(uri).cloned()
    }
}

#[test]
fn external_refs_through_loader() {
    let common = json!({
        "definitions": {
            "name": {"type": "string", "pattern": "^[a-z]+$"},
            "a~b/c%d": {"type": "integer"},
            "nested": {"$ref": "sub/leaf.json"}
        }
    });
    let leaf = json!({"type": "boolean"});
    let loader = MapLoader(HashMap::from([
        ("file:///repo/schemas/common.json".to_string(), common),
        ("file:///repo/schemas/sub/leaf.json".to_string(), leaf),
    ]));
    let schema = json!({
        "properties": {
            "name": {"$ref": "common.json#/definitions/name"},
            "odd": {"$ref": "./common.json#/definitions/a~0b~1c%25d"},
            "flag": {"$ref": "common.json#/definitions/nested"}
        }
    });
    let v = Validator::compile(
        &schema,
        "file:///repo/schemas/model.json",
        Draft::Draft7,
        &loader,
    )
    .unwrap();
    assert!(v.is_valid(&json!({"name": "abc", "odd": 3, "flag": true})));
    let errs = v.validate(&json!({"name": "ABC", "odd": "x", "flag": 1}));
    let got: Vec<_> = errs
        .iter()
        .map(|e| (e.instance_path.clone(), e.keyword))
        .collect();
    assert_eq!(
        got,
        vec![
            (vec![key("flag")], "type"),
            (vec![key("name")], "pattern"),
            (vec![key("odd")], "type")
        ]
    );
    assert_eq!(
        errs[1].schema_path,
        "file:///repo/schemas/common.json#/definitions/name/pattern"
    );

    let missing = json!({"$ref": "nowhere.json#/x"});
    let e = Validator::compile(
        &missing,
        "file:///repo/schemas/model.json",
        Draft::Draft7,
        &loader,
    )
    .err()
    .expect("missing document is an error");
    assert!(e.message.contains("cannot resolve $ref"), "{}", e.message);
    // A draft meta-schema the loader lacks accepts anything, with a warning.
    let meta = json!({"$ref": "http://json-schema.org/draft-07/schema#"});
    let mv = Validator::compile(&meta, "file:///repo/x.json", Draft::Draft7, &NoLoader).unwrap();
    assert!(mv.is_valid(&json!({"type": 1})));
    assert_eq!(mv.warnings().len(), 1);
    let bad_fragment = json!({"$ref": "common.json#/definitions/nope"});
    assert!(Validator::compile(
        &bad_fragment,
        "file:///repo/schemas/model.json",
        Draft::Draft7,
        &loader
    )
    .is_err());
}

#[test]
fn anchors_and_ids() {
    let v = compile(json!({
        "$id": "https://example.com/root.json",
        "properties": {
            "a": {"$ref": "#pos"},
            "b": {"$ref": "https://example.com/nested/other.json"},
            "c": {"$ref": "other.json#/$defs/x"}
        },
        "$defs": {
            "p": {"$anchor": "pos", "minimum": 0},
            "o": {"$id": "nested/other.json", "type": "string", "$defs": {"x": {"type": "null"}}},
            "root-rel": {"$id": "other.json", "$defs": {"x": {"type": "boolean"}}}
        }
    }));
    assert!(v.is_valid(&json!({"a": 1, "b": "s", "c": true})));
    assert_eq!(
        summary(&v, &json!({"a": -1, "b": 2, "c": null})),
        vec![
            (vec![key("a")], "minimum"),
            (vec![key("b")], "type"),
            (vec![key("c")], "type")
        ]
    );
}

/// Drops a deep value without recursion (serde_json's drop is recursive).
fn drop_iteratively(v: Value) {
    let mut stack = vec![v];
    while let Some(mut v) = stack.pop() {
        match &mut v {
            Value::Array(a) => stack.append(a),
            Value::Object(o) => stack.extend(std::mem::take(o).into_iter().map(|(_, v)| v)),
            _ => {}
        }
    }
}

#[test]
fn deep_instances_do_not_overflow() {
    let tree = compile(json!({
        "$defs": {"node": {
            "type": "object",
            "properties": {
                "value": {"type": "integer"},
                "children": {"type": "array", "items": {"$ref": "#/$defs/node"}}
            }
        }},
        "$ref": "#/$defs/node"
    }));
    let mut doc = json!({"value": 1});
    for i in 0..20 {
        doc = json!({"value": i, "children": [doc]});
    }
    assert!(tree.is_valid(&doc));

    // 10 000 nested arrays, built and dropped without recursion.
    let mut deep = json!(1);
    for _ in 0..10_000 {
        deep = Value::Array(vec![deep]);
    }
    let arrays = compile(
        json!({"$ref": "#/$defs/a", "$defs": {"a": {"type": ["array", "integer"], "items": {"$ref": "#/$defs/a"}}}}),
    );
    let errs = arrays.validate(&deep);
    assert!(!arrays.is_valid(&deep));
    assert!(errs
        .iter()
        .any(|e| e.keyword == "$ref" && e.message == "schema recursion too deep"));
    // Non-recursive schemas, `const` and `uniqueItems` handle deep values too.
    let flat = compile(json!({"type": "array", "uniqueItems": true, "const": [1]}));
    assert_eq!(summary(&flat, &deep), vec![(vec![], "const")]);
    let wrapped = Value::Array(vec![deep, json!(2)]);
    assert_eq!(summary(&flat, &wrapped), vec![(vec![], "const")]);
    drop_iteratively(wrapped);
}

#[test]
fn infinite_ref_loops_are_reported() {
    let v = compile(
        json!({"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}),
    );
    let errs = v.validate(&json!({}));
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].keyword, "$ref");
    assert_eq!(errs[0].message, "schema recursion too deep");
}

#[test]
fn type_messages() {
    let v = compile(json!({
        "properties": {
            "learning_rate": {"type": "number"},
            "layers": {"items": {"type": "integer"}},
            "name": {"type": ["string", "null"]}
        }
    }));
    assert_eq!(
        messages(&v, &json!({"learning_rate": "0.1x"})),
        vec!["`learning_rate` must be a number, got the string \"0.1x\""]
    );
    assert_eq!(
        messages(&v, &json!({"layers": [1, 2, true]})),
        vec!["`layers[2]` must be an integer, got the boolean true"]
    );
    let long = "x".repeat(80);
    let msg = &messages(&v, &json!({"name": 3, "learning_rate": long}))[0];
    assert!(
        msg.starts_with("`learning_rate` must be a number, got the string \"xxx"),
        "{msg}"
    );
    assert!(msg.ends_with('…'), "{msg}");
    assert_eq!(
        messages(&v, &json!({"name": 3}))[0],
        "`name` must be a string or null, got the number 3"
    );
    let root = compile(json!({"type": "object"}));
    assert_eq!(
        messages(&root, &json!([1])),
        vec!["the document must be an object, got an array"]
    );
}

#[test]
fn required_and_additional_properties_messages() {
    let v = compile(json!({
        "properties": {
            "model": {"required": ["name", "size"]},
            "jobs": {"additionalProperties": {
                "properties": {"runs-on": {}, "steps": {}},
                "additionalProperties": false
            }}
        }
    }));
    let errs = v.validate(&json!({"model": {}, "jobs": {"build": {"runs_on": "x", "steps": []}}}));
    let got: Vec<(Vec<PathSeg>, &str, &str)> = errs
        .iter()
        .map(|e| (e.instance_path.clone(), e.keyword, e.message.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                vec![key("jobs"), key("build"), key("runs_on")],
                "additionalProperties",
                "`jobs.build` has an unexpected key `runs_on` (did you mean `runs-on`?)"
            ),
            (
                vec![key("model")],
                "required",
                "`model` is missing the required key `name`"
            ),
            (
                vec![key("model")],
                "required",
                "`model` is missing the required key `size`"
            ),
        ]
    );
    assert_eq!(
        errs[0].schema_path,
        "/properties/jobs/additionalProperties/additionalProperties"
    );
    let no_hint = messages(&v, &json!({"jobs": {"b": {"zzzzzz": 1}}}));
    assert_eq!(no_hint, vec!["`jobs.b` has an unexpected key `zzzzzz`"]);
}

#[test]
fn enum_const_and_other_messages() {
    let v = compile(json!({
        "properties": {
            "level": {"enum": ["debug", "info", "warn"]},
            "many": {"enum": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]},
            "version": {"pattern": "^v[0-9]+$"},
            "kind": {"const": "job"},
            "when": {"format": "date-time"},
            "ids": {"uniqueItems": true, "minItems": 1},
            "count": {"minimum": 1, "multipleOf": 2},
            "x": {"not": {"type": "string"}}
        }
    }));
    let m = |inst: Value| messages(&v, &inst);
    assert_eq!(
        m(json!({"level": "verbose"})),
        vec!["`level` must be one of \"debug\", \"info\", \"warn\"; got \"verbose\""]
    );
    assert_eq!(
        m(json!({"many": 0})),
        vec!["`many` must be one of 1, 2, 3, 4, 5, 6, 7, 8, …; got 0"]
    );
    assert_eq!(
        m(json!({"version": "1.0"})),
        vec!["`version` must match the pattern `^v[0-9]+$`, got \"1.0\""]
    );
    assert_eq!(
        m(json!({"kind": "task"})),
        vec!["`kind` must be \"job\"; got \"task\""]
    );
    assert_eq!(
        m(json!({"when": "yesterday"})),
        vec!["`when` must be a valid date-time, got \"yesterday\""]
    );
    assert_eq!(
        m(json!({"ids": [1, 2, 1.0]})),
        vec!["`ids` must not contain duplicate items (items 0 and 2 are equal)"]
    );
    assert_eq!(
        m(json!({"ids": []})),
        vec!["`ids` must have at least 1 item, got 0"]
    );
    assert_eq!(
        m(json!({"count": 0})),
        vec![
            "`count` must be at least 1, got 0",
            "`count` must be a multiple of 2, got 0"
        ]
        .into_iter()
        .filter(|s| !s.contains("multiple"))
        .collect::<Vec<_>>()
    );
    assert_eq!(
        m(json!({"count": 3})),
        vec!["`count` must be a multiple of 2, got 3"]
    );
    assert_eq!(m(json!({"x": "s"})), vec!["`x` must not be a string"]);
}

#[test]
fn any_of_reports_the_best_branch() {
    let v = compile(json!({
        "properties": {
            "on": {"anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "string"}},
                {"type": "object", "properties": {"push": {"type": "object"}}}
            ]},
            "step": {"oneOf": [
                {"properties": {"kind": {"const": "run"}, "cmd": {"type": "string"}}, "required": ["kind", "cmd"]},
                {"properties": {"kind": {"const": "uses"}, "with": {"type": "object"}}, "required": ["kind", "uses"]}
            ]},
            "both": {"oneOf": [{"minimum": 0}, {"maximum": 10}]}
        }
    }));
    assert!(v.is_valid(&json!({"on": ["push"], "step": {"kind": "run", "cmd": "ls"}, "both": 20})));
    assert_eq!(
        messages(&v, &json!({"on": 3})),
        vec!["`on` must be a string, an array or an object, got the number 3"]
    );
    // The array branch matches by type, so its item error is reported.
    assert_eq!(
        summary(&v, &json!({"on": ["a", 1]})),
        vec![(vec![key("on"), PathSeg::Index(1)], "type")]
    );
    // The `kind` discriminator picks the second branch.
    let errs = v.validate(&json!({"step": {"kind": "uses", "with": 1}}));
    let got: Vec<_> = errs
        .iter()
        .map(|e| (e.instance_path.clone(), e.keyword))
        .collect();
    assert_eq!(
        got,
        vec![
            (vec![key("step")], "required"),
            (vec![key("step"), key("with")], "type")
        ]
    );
    // No branch accepts the discriminator: list the accepted values.
    let errs = v.validate(&json!({"step": {"kind": "shell", "cmd": "ls"}}));
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].instance_path, vec![key("step"), key("kind")]);
    assert_eq!(
        errs[0].message,
        "`step.kind` must be one of \"run\", \"uses\"; got \"shell\""
    );
    assert_eq!(
        messages(&v, &json!({"both": 5})),
        vec!["`both` matches more than one of the allowed forms"]
    );
}

#[test]
fn pattern_translation() {
    assert_eq!(translate(r"^\d+$").unwrap(), "^[0-9]+$");
    assert_eq!(translate(r"\w").unwrap(), "[A-Za-z0-9_]");
    assert_eq!(translate(r"[\d\w-]").unwrap(), "[0-9A-Za-z0-9_-]");
    assert_eq!(translate(r"a\/b").unwrap(), r"a\/b");
    assert_eq!(translate(r"\cJ").unwrap(), r"\x{A}");
    assert_eq!(translate(r"\u00e9\u{1F600}").unwrap(), r"\x{E9}\x{1F600}");
    assert_eq!(translate(r"\uD83D\uDE00").unwrap(), r"\x{1F600}");
    assert_eq!(translate("a{").unwrap(), r"a\{");
    assert_eq!(translate("a{2,3}").unwrap(), "a{2,3}");
    assert_eq!(
        translate("(?<year>[0-9]{4})").unwrap(),
        "(?P<year>[0-9]{4})"
    );
    assert!(matches!(
        translate("a(?=b)"),
        Err(PatternError::Unsupported(_))
    ));
    assert!(matches!(
        translate(r"(a)\1"),
        Err(PatternError::Unsupported(_))
    ));
    assert!(matches!(translate("(a"), Err(PatternError::Invalid(_))));
    assert!(matches!(translate(r"\a"), Err(PatternError::Invalid(_))));

    let re = pattern::compile(r"^\d+\s\w$").unwrap();
    assert!(re.is_match("12 a"));
    // ECMA \d is ASCII only.
    assert!(!re.is_match("١٢ a"));
    let dot = pattern::compile("^.$").unwrap();
    assert!(dot.is_match("é") && !dot.is_match("\n"));

    // An unsupported pattern is skipped with a warning; compile still succeeds.
    let v = compile(json!({"properties": {"a": {"pattern": "^(?!x)", "minLength": 2}}}));
    assert_eq!(v.warnings().len(), 1);
    assert!(
        v.warnings()[0].contains("/properties/a/pattern"),
        "{:?}",
        v.warnings()
    );
    assert!(v.is_valid(&json!({"a": "xx"})));
    assert!(!v.is_valid(&json!({"a": "x"})));
}

#[test]
fn numbers_compare_exactly() {
    let v = compile(json!({"maximum": 9007199254740993u64, "multipleOf": 0.01}));
    assert!(v.is_valid(&json!(19.99)));
    assert!(!v.is_valid(&json!(19.999)));
    let big =
        compile(json!({"maximum": 18446744073709551615u64, "minimum": -9223372036854775808i64}));
    assert!(big.is_valid(&json!(18446744073709551615u64)));
    assert!(big.is_valid(&json!(-9223372036854775808i64)));
    assert!(!big.is_valid(&json!(1e20)));
    let i = compile(json!({"maximum": 9007199254740992u64}));
    assert!(!i.is_valid(&json!(9007199254740993u64)));
    let e = compile(json!({"enum": [1, [1.0, {"a": 2}]]}));
    assert!(e.is_valid(&json!(1.0)));
    assert!(e.is_valid(&json!([1, {"a": 2.0}])));
    assert!(!e.is_valid(&json!(true)));
}

#[test]
fn violations_are_sorted_and_deduplicated() {
    let v = compile(json!({
        "allOf": [{"required": ["a"]}, {"required": ["a"]}],
        "properties": {"b": {"type": "string"}, "a": {"type": "string"}}
    }));
    let got = summary(&v, &json!({"b": 1, "c": {}}));
    assert_eq!(got, vec![(vec![], "required"), (vec![key("b")], "type")]);
    let got = summary(&v, &json!({"b": 1, "a": 2}));
    assert_eq!(
        got,
        vec![(vec![key("a")], "type"), (vec![key("b")], "type")]
    );
}
