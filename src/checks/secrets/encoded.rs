//! Secrets hidden by encoding: the `data:` values of Kubernetes `Secret` manifests (always
//! base64) and other base64 blobs. Decoding is bounded in count, size and depth.
use super::base64;
use regex::bytes::Regex;
use std::sync::OnceLock;

/// Decoded buffers are scanned again at most this deep (a blob in a blob).
pub const MAX_DEPTH: u8 = 2;
const MAX_BLOBS_PER_FILE: usize = 64;
const MAX_BLOB_LEN: usize = 16 * 1024;

fn blob_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        super::engine::build(r"[A-Za-z0-9+/_\-]{32,}={0,2}").expect("blob pattern compiles")
    })
}

/// Text a person could have written: mostly printable ASCII or UTF-8.
pub fn looks_like_text(d: &[u8]) -> bool {
    if d.len() < 8 {
        return false;
    }
    let Ok(s) = std::str::from_utf8(d) else {
        return false;
    };
    let printable = s
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
        .count();
    printable * 100 >= s.chars().count() * 95
}

/// Base64 runs in `data` that decode to text: (span of the encoded run, decoded bytes).
pub fn blobs(data: &[u8]) -> Vec<((usize, usize), Vec<u8>)> {
    let mut out = Vec::new();
    for m in blob_re().find_iter(data) {
        if out.len() >= MAX_BLOBS_PER_FILE {
            break;
        }
        let b = m.as_bytes();
        if b.len() > MAX_BLOB_LEN {
            continue;
        }
        // A long run of one case of letters and digits is more likely a hash or an id.
        if !b.iter().any(|c| c.is_ascii_uppercase()) || !b.iter().any(|c| c.is_ascii_lowercase()) {
            continue;
        }
        if let Some(d) = base64::decode(b) {
            if looks_like_text(&d) {
                out.push(((m.start(), m.end()), d));
            }
        }
    }
    out
}

/// One entry of a Kubernetes Secret's `data:` map.
pub struct SecretEntry {
    pub key: String,
    pub value: (usize, usize),
    pub decoded: Vec<u8>,
}

/// The `data:` (and `binaryData:`) entries of every `kind: Secret` document in a YAML file.
/// Line-based on purpose: manifests are regular, and a file the line reader cannot follow
/// is still scanned as plain text by the rest of the check.
pub fn kubernetes_secret_data(data: &[u8]) -> Vec<SecretEntry> {
    let Ok(text) = std::str::from_utf8(data) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut offset = 0;
    let mut docs = Vec::new();
    let mut doc_start = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with("---") {
            docs.push((doc_start, offset));
            doc_start = offset + line.len();
        }
        offset += line.len();
    }
    docs.push((doc_start, text.len()));
    for (s, e) in docs {
        let doc = &text[s..e];
        if !doc.lines().any(|l| l.trim_end() == "kind: Secret") {
            continue;
        }
        let mut in_data: Option<usize> = None;
        let mut off = s;
        for line in doc.split_inclusive('\n') {
            let content = line.trim_end_matches(['\n', '\r']);
            let indent = content.len() - content.trim_start().len();
            let t = content.trim_start();
            if let Some(di) = in_data {
                if !t.is_empty() && indent <= di {
                    in_data = None;
                } else if let Some((k, v)) = t.split_once(':') {
                    let v = v.trim().trim_matches(|c| c == '"' || c == '\'');
                    if !v.is_empty() {
                        if let Some(d) = base64::decode(v.as_bytes()) {
                            let vs = off + line.find(v).unwrap_or(0);
                            out.push(SecretEntry {
                                key: k.trim().to_string(),
                                value: (vs, vs + v.len()),
                                decoded: d,
                            });
                        }
                    }
                }
            }
            if in_data.is_none() && (t == "data:" || t == "binaryData:") {
                in_data = Some(indent);
            }
            off += line.len();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_secret_data_entries() {
        let y = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: aHVudGVyMjJ4eQ==\n  user: YWRtaW4=\ntype: Opaque\n---\nkind: ConfigMap\ndata:\n  a: Yg==\n";
        let e = kubernetes_secret_data(y.as_bytes());
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].key, "password");
        assert_eq!(e[0].decoded, b"hunter22xy");
        assert_eq!(&y[e[0].value.0..e[0].value.1], "aHVudGVyMjJ4eQ==");
    }

    #[test]
    fn finds_text_blobs_only() {
        let text = b"a = \"cGFzc3dvcmQ9cThacjFLeDBwVzd2TjNtVGE5WWIyTGM0\"\nimg = \"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk\"";
        let b = blobs(text);
        assert_eq!(b.len(), 1);
        assert!(b[0].1.starts_with(b"password="));
    }
}
