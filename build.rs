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
    let mut code = String::from("pub static RULE_FILES: &[(&str, &str)] = &[\n");
    for (i, f) in files.iter().enumerate() {
        println!("cargo:rerun-if-changed=rules/{f}");
        let text = fs::read_to_string(root.join(f)).unwrap();
        let value: serde_json::Value =
            serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("rules/{f}: {e}"));
        let json = out_dir.join(format!("rules-{i}.json"));
        fs::write(&json, serde_json::to_string(&value).unwrap()).unwrap();
        code.push_str(&format!(
            "    ({f:?}, include_str!(concat!(env!(\"OUT_DIR\"), \"/rules-{i}.json\"))),\n"
        ));
    }
    code.push_str("];\n");
    fs::write(out_dir.join("rule_files.rs"), code).unwrap();
}
