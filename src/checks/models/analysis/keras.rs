//! Keras: Lambda layers carry Python code (marshalled bytecode or source)
//! that runs when the model is loaded.

use super::json::{self, Json};

/// Result of looking at a Keras model config.
pub(crate) struct LambdaScan {
    /// Names of Lambda layers (or "?" when a name is not known).
    pub layers: Vec<String>,
    /// Set when the config is not valid JSON (a text scan was used instead).
    pub parse_error: Option<String>,
}

/// Looks for layers whose `class_name` is `Lambda` in a Keras config.
pub(crate) fn scan_config(config: &[u8]) -> LambdaScan {
    match json::parse(config) {
        Ok(v) => {
            let mut layers = Vec::new();
            walk(&v, &mut layers);
            LambdaScan {
                layers,
                parse_error: None,
            }
        }
        Err(e) => LambdaScan {
            layers: if text_mentions_lambda(config) {
                vec!["?".into()]
            } else {
                Vec::new()
            },
            parse_error: Some(e),
        },
    }
}

fn walk(v: &Json, out: &mut Vec<String>) {
    match v {
        Json::Obj(items) => {
            if v.get("class_name").and_then(Json::as_str) == Some("Lambda") {
                let name = v
                    .get("config")
                    .and_then(|c| c.get("name"))
                    .and_then(Json::as_str)
                    .or_else(|| v.get("name").and_then(Json::as_str))
                    .unwrap_or("?");
                out.push(name.to_string());
            }
            for (_, child) in items {
                walk(child, out);
            }
        }
        Json::Arr(items) => {
            for child in items {
                walk(child, out);
            }
        }
        _ => {}
    }
}

/// A text scan for `"class_name": "Lambda"` with any whitespace around the
/// colon; used when the JSON does not parse and for HDF5 files, whose
/// `model_config` attribute holds the JSON as plain text.
pub(crate) fn text_mentions_lambda(data: &[u8]) -> bool {
    const KEY: &[u8] = b"\"class_name\"";
    const VALUE: &[u8] = b"\"Lambda\"";
    let mut from = 0usize;
    while let Some(rel) = data
        .get(from..)
        .and_then(|rest| rest.windows(KEY.len()).position(|w| w == KEY))
    {
        let mut i = from + rel + KEY.len();
        let skip_ws = |i: &mut usize| {
            while matches!(data.get(*i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                *i += 1;
            }
        };
        skip_ws(&mut i);
        if data.get(i) == Some(&b':') {
            i += 1;
            skip_ws(&mut i);
            if data.get(i..i + VALUE.len()) == Some(VALUE) {
                return true;
            }
        }
        from = from + rel + 1;
    }
    false
}
