//! Embeds every rule file under `rules/` into the binary. Rule files are YAML for people;
//! here they are parsed once and embedded as JSON, which starts many times faster, so a
//! one-file scan in a git hook does not pay for parsing hundreds of rules. A malformed rule
//! file fails the build with its name and the parser's message.
use std::{env, fs, path::Path};

fn collect(dir: &Path, root: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("rules/ is readable")
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            collect(&p, root, out);
        } else if p.extension().is_some_and(|x| x == "yaml") {
            out.push(
                p.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let out_dir = Path::new(&env::var("OUT_DIR").unwrap()).to_path_buf();
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    let mut code = String::from("pub static RULE_FILES: &[(&str, &str, &str)] = &[\n");
    for (i, f) in files.iter().enumerate() {
        println!("cargo:rerun-if-changed=rules/{f}");
        let text = fs::read_to_string(root.join(f)).unwrap();
        let mut value: serde_json::Value =
            serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("rules/{f}: {e}"));
        // Examples are for tests and `picket explain`; a scan never reads them, so they
        // live apart and are parsed only when asked for.
        let mut examples = serde_json::Map::new();
        if let Some(rules) = value.get_mut("rules").and_then(|r| r.as_array_mut()) {
            for rule in rules {
                let Some(obj) = rule.as_object_mut() else {
                    continue;
                };
                if let (Some(id), Some(ex)) = (
                    obj.get("id").and_then(|v| v.as_str()).map(str::to_string),
                    obj.remove("examples"),
                ) {
                    examples.insert(id, ex);
                }
            }
        }
        fs::write(
            out_dir.join(format!("rules-{i}.json")),
            serde_json::to_string(&value).unwrap(),
        )
        .unwrap();
        fs::write(
            out_dir.join(format!("examples-{i}.json")),
            serde_json::to_string(&examples).unwrap(),
        )
        .unwrap();
        code.push_str(&format!(
            "    ({f:?}, include_str!(concat!(env!(\"OUT_DIR\"), \"/rules-{i}.json\")), include_str!(concat!(env!(\"OUT_DIR\"), \"/examples-{i}.json\"))),\n"
        ));
    }
    code.push_str("];\n");
    fs::write(out_dir.join("rule_files.rs"), code).unwrap();
}
