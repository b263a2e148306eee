//! Secrets hidden by encoding: the `data:` values of Kubernetes `Secret` manifests (always
//! base64) and other base64 blobs. Decoding is bounded in count, size and depth.
use super::base64;

/// Decoded buffers are scanned again at most this deep (a blob in a blob).
pub const MAX_DEPTH: u8 = 2;
const MAX_BLOBS_PER_FILE: usize = 64;
const MAX_BLOB_LEN: usize = 16 * 1024;

/// Shortest run of base64 characters worth decoding.
const MIN_BLOB: usize = 32;

/// Bytes of either base64 alphabet (standard and URL-safe), as a table: this test runs on
/// a few bytes of every 32 of every file.
static B64: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'_' | b'-');
        b += 1;
    }
    t
};

fn is_b64(b: u8) -> bool {
    B64[usize::from(b)]
}

/// The next match of `[A-Za-z0-9+/_\-]{32,}={0,2}` at or after `from`, as the regex would
/// report it. Most text has no such run, so instead of testing every byte it looks
/// at the next `MIN_BLOB` bytes from their far end: the last byte outside the alphabet rules
/// out every start up to it, and the search jumps past it.
fn next_blob(data: &[u8], mut from: usize) -> Option<(usize, usize)> {
    while from + MIN_BLOB <= data.len() {
        let window = &data[from..from + MIN_BLOB];
        match window.iter().rposition(|&b| !is_b64(b)) {
            Some(i) => from += i + 1,
            None => {
                let mut end = from + MIN_BLOB;
                end += data[end..].iter().take_while(|&&b| is_b64(b)).count();
                end += data[end..]
                    .iter()
                    .take(2)
                    .take_while(|&&b| b == b'=')
                    .count();
                return Some((from, end));
            }
        }
    }
    None
}

/// Every match of the blob pattern, leftmost first and without overlaps.
fn blob_spans(data: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let m = next_blob(data, from)?;
        from = m.1;
        Some(m)
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
    for (start, end) in blob_spans(data) {
        if out.len() >= MAX_BLOBS_PER_FILE {
            break;
        }
        let b = &data[start..end];
        if b.len() > MAX_BLOB_LEN {
            continue;
        }
        // A long run of one case of letters and digits is more likely a hash or an id.
        if !b.iter().any(|c| c.is_ascii_uppercase()) || !b.iter().any(|c| c.is_ascii_lowercase()) {
            continue;
        }
        if let Some(d) = base64::decode(b) {
            if looks_like_text(&d) {
                out.push(((start, end), d));
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
    fn blob_spans_agree_with_the_pattern() {
        let re = crate::checks::secrets::engine::build(r"[A-Za-z0-9+/_\-]{32,}={0,2}").unwrap();
        const PIECES: [&[u8]; 9] = [
            b"A", b"z9", b"+/", b"_-", b"=", b"==", b" ", b"\n.", b"\xff",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..5_000 {
            let mut text = Vec::new();
            for _ in 0..next() % 30 {
                let p = PIECES[(next() % PIECES.len() as u64) as usize];
                for _ in 0..1 + next() % 24 {
                    text.extend_from_slice(p);
                }
            }
            let want: Vec<_> = re.find_iter(&text).map(|m| (m.start(), m.end())).collect();
            assert_eq!(blob_spans(&text).collect::<Vec<_>>(), want, "{text:?}");
        }
    }

    #[test]
    fn finds_text_blobs_only() {
        let text = b"a = \"cGFzc3dvcmQ9cThacjFLeDBwVzd2TjNtVGE5WWIyTGM0\"\nimg = \"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk\"";
        let b = blobs(text);
        assert_eq!(b.len(), 1);
        assert!(b[0].1.starts_with(b"password="));
    }
}
