//! Byte offsets to lines and columns, snippets with redaction, fingerprints.
use sha2::{Digest, Sha256};

/// Start offsets of every line of a buffer, built once per file that has a finding.
/// `\n`, `\r\n` and a lone `\r` all end a line.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(data: &[u8]) -> LineIndex {
        let mut starts = vec![0];
        let mut i = 0;
        while i < data.len() {
            match data[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if data.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts }
    }

    /// 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// Byte range of a 1-based line, without its terminator.
    pub fn line_range(&self, data: &[u8], line: usize) -> (usize, usize) {
        let start = self.starts[line - 1];
        let mut end = self.starts.get(line).copied().unwrap_or(data.len());
        while end > start && matches!(data[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        (start, end)
    }

    /// 1-based line and column (in Unicode code points) of a byte offset.
    pub fn position(&self, data: &[u8], offset: usize) -> (usize, usize) {
        let line = self.line_of(offset);
        let start = self.starts[line - 1];
        (line, code_points(&data[start..offset.min(data.len())]) + 1)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

/// Code points in a byte slice (invalid bytes count one each).
pub fn code_points(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

/// The shown part of a secret: a short prefix, then an ellipsis. Enough to find it, not
/// enough to use it.
pub fn redact(secret: &str) -> String {
    let n = secret.chars().count();
    let keep = (n / 4).min(8);
    let prefix: String = secret.chars().take(keep).collect();
    format!("{prefix}…")
}

const SNIPPET_MAX: usize = 160;

/// The line holding `span` with the span optionally redacted; long lines are cut around
/// the span. Returns the snippet and the span's position in it (code points).
pub fn snippet(
    data: &[u8],
    index: &LineIndex,
    span: (usize, usize),
    redact_span: bool,
) -> (String, (usize, usize)) {
    let line = index.line_of(span.0);
    let (ls, le) = index.line_range(data, line);
    let s = span.0.clamp(ls, le);
    let e = span.1.clamp(s, le);
    let before = String::from_utf8_lossy(&data[ls..s]);
    let inner = String::from_utf8_lossy(&data[s..e]);
    let after = String::from_utf8_lossy(&data[e..le]);
    let inner = if redact_span && !inner.is_empty() {
        redact(&inner)
    } else {
        inner.into_owned()
    };
    let before: Vec<char> = before.trim_start().chars().collect();
    let after: Vec<char> = after.chars().collect();
    let inner_chars: Vec<char> = inner.chars().collect();
    let room = SNIPPET_MAX.saturating_sub(inner_chars.len().min(SNIPPET_MAX)) / 2;
    let mut out = String::new();
    let b_from = before.len().saturating_sub(room);
    if b_from > 0 {
        out.push('…');
    }
    out.extend(&before[b_from..]);
    let start = out.chars().count();
    if inner_chars.len() > SNIPPET_MAX {
        out.extend(&inner_chars[..SNIPPET_MAX]);
        out.push('…');
    } else {
        out.extend(&inner_chars);
    }
    let end = out.chars().count();
    let a_to = after.len().min(room);
    out.extend(&after[..a_to]);
    if a_to < after.len() {
        out.push('…');
    }
    let out = out.replace(['\t'], " ");
    (out.trim_end().to_string(), (start, end))
}

/// A fingerprint that follows the content, not the line: rule, path and matched content.
pub fn fingerprint(rule_id: &str, path: &str, content: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(rule_id.as_bytes());
    h.update([0]);
    h.update(path.as_bytes());
    h.update([0]);
    h.update(content);
    let d = h.finalize();
    d[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// Shannon entropy in bits per character.
pub fn entropy(s: &[u8]) -> f64 {
    if s.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in s {
        counts[b as usize] += 1;
    }
    let n = s.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum()
}

/// Decodes `%XX` escapes (URIs, package locators); a `%` not followed by two hex digits is
/// kept as written.
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("a%25b%22"), "a%b\"");
        // Yarn Berry writes `npm%3A1.2.3` inside `patch:` locators.
        assert_eq!(percent_decode("a@npm%3A1.0.0"), "a@npm:1.0.0");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%4"), "%4");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%zz%41"), "%zzA");
    }

    #[test]
    fn lines_and_columns_follow_all_line_endings() {
        let data = "a\r\nbé x\rc\nd".as_bytes();
        let idx = LineIndex::new(data);
        assert_eq!(idx.line_count(), 4);
        let x = data.iter().position(|&b| b == b'x').unwrap();
        assert_eq!(idx.position(data, x), (2, 4));
        let c = data.iter().position(|&b| b == b'c').unwrap();
        assert_eq!(idx.position(data, c), (3, 1));
        assert_eq!(idx.line_range(data, 1), (0, 1));
    }

    #[test]
    fn redaction_never_shows_the_whole_secret() {
        let s = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
        let r = redact(s);
        assert!(r.len() < s.len() / 2, "{r}");
        assert!(r.starts_with("ghp_"));
        assert_eq!(redact("abc"), "…");
    }

    #[test]
    fn snippet_redacts_and_points_at_the_span() {
        let data = b"x = 1\n  token = \"supersecretvalue123\"\n";
        let idx = LineIndex::new(data);
        let s = data.windows(5).position(|w| w == b"super").unwrap();
        let (snip, span) = snippet(data, &idx, (s, s + 19), true);
        assert!(!snip.contains("supersecretvalue123"));
        assert!(snip.starts_with("token = \""));
        assert_eq!(span.0, 9);
    }

    #[test]
    fn fingerprint_ignores_line_but_not_content() {
        assert_eq!(fingerprint("r", "p", b"x"), fingerprint("r", "p", b"x"));
        assert_ne!(fingerprint("r", "p", b"x"), fingerprint("r", "p", b"y"));
        assert_ne!(fingerprint("r", "p", b"x"), fingerprint("r", "q", b"x"));
    }

    #[test]
    fn entropy_orders_random_above_repetitive() {
        assert!(entropy(b"aaaaaaaa") < 0.1);
        assert!(entropy(b"q8Zr1Kx0pW7vN3mT") > 3.5);
    }
}
