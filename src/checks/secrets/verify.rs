//! Offline verification of token structure: checksums and encodings that a random
//! look-alike string does not have.
use super::base64;

pub const VERIFIERS: [&str; 5] = ["github-checksum", "jwt", "pem", "pypi-macaroon", "base64"];

pub fn verify(kind: &str, secret: &[u8]) -> bool {
    match kind {
        "github-checksum" => github_checksum(secret),
        "jwt" => jwt(secret),
        "pem" => pem(secret),
        "pypi-macaroon" => pypi_macaroon(secret),
        "base64" => base64::decode(secret).is_some(),
        _ => false,
    }
}

/// Whether a value that fails this verifier is still worth reporting (at low severity and
/// confidence): a bad checksum is most likely a test value but could be a mangled real
/// token; a "JWT" that is not a JWT, or "base64" that is not base64, is nothing.
pub fn shape_survives_failure(kind: &str) -> bool {
    matches!(kind, "github-checksum" | "pem" | "pypi-macaroon")
}

/// GitHub (ghp_, gho_, ghu_, ghs_, ghr_) and npm (npm_) tokens end in the CRC32 of their
/// 30 random characters, base62-encoded and zero-padded to 6 characters.
pub fn github_checksum(token: &[u8]) -> bool {
    if token.len() != 40 {
        return false;
    }
    let body = &token[4..34];
    expected_checksum(body).as_bytes() == &token[34..]
}

pub fn expected_checksum(body: &[u8]) -> String {
    const B62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut n = crc32(body);
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = B62[(n % 62) as usize];
        n /= 62;
    }
    String::from_utf8(out.to_vec()).unwrap_or_default()
}

pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// A JWT that carries a signature: header.payload.signature, the header is JSON with an
/// `alg` other than `none`, the payload uses the base64url alphabet, the signature is
/// not empty.
pub fn jwt(token: &[u8]) -> bool {
    let parts: Vec<&[u8]> = token.split(|&b| b == b'.').collect();
    if parts.len() != 3 || parts[2].len() < 16 {
        return false;
    }
    let header = match base64::decode(parts[0]) {
        Some(h) => h,
        None => return false,
    };
    let Ok(h) = serde_json::from_slice::<serde_json::Value>(&header) else {
        return false;
    };
    if h.get("alg")
        .and_then(|a| a.as_str())
        .is_none_or(|a| a.eq_ignore_ascii_case("none"))
    {
        return false;
    }
    !parts[1].is_empty()
        && parts[1]
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
}

/// A PEM block whose body is base64 of plausible length for a key. The block may sit in
/// a string with escaped newlines (`\\n`), as in service-account JSON.
pub fn pem(block: &[u8]) -> bool {
    let text = String::from_utf8_lossy(block)
        .replace("\\n", "\n")
        .replace("\\r", "");
    let mut body = String::new();
    let mut inside = false;
    for line in text.lines() {
        let t = line
            .trim()
            .trim_matches(|c| c == '"' || c == '\'' || c == ',');
        if t.starts_with("-----BEGIN") {
            inside = true;
            continue;
        }
        if t.starts_with("-----END") {
            break;
        }
        if inside && !t.contains(':') {
            body.push_str(t);
        }
    }
    let body = body.trim_end_matches('=');
    body.len() >= 64
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

/// PyPI API tokens are `pypi-` + base64url of a macaroon whose location is pypi.org.
pub fn pypi_macaroon(token: &[u8]) -> bool {
    let Some(body) = token.strip_prefix(b"pypi-") else {
        return false;
    };
    base64::decode(body).is_some_and(|d| memchr::memmem::find(&d, b"pypi.org").is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn github_checksum_accepts_its_own_and_rejects_a_change() {
        let body = b"Zq4mP0aB7cD9eF1gH2iJ3kL5nO6rS8";
        let token = format!(
            "ghp_{}{}",
            std::str::from_utf8(body).unwrap(),
            expected_checksum(body)
        );
        assert!(github_checksum(token.as_bytes()));
        let mut bad = token.into_bytes();
        bad[10] = if bad[10] == b'a' { b'b' } else { b'a' };
        assert!(!github_checksum(&bad));
    }

    #[test]
    fn jwt_needs_alg_and_signature() {
        // {"alg":"HS256","typ":"JWT"} . {"sub":"1"} . signature
        let good = b"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.q8Zr1Kx0pW7vN3mTa9Yb2Lc4";
        assert!(jwt(good));
        let unsigned = b"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.";
        assert!(!jwt(unsigned));
        let none_alg = b"eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.q8Zr1Kx0pW7vN3mTa9Yb2Lc4";
        assert!(!jwt(none_alg));
    }
}
