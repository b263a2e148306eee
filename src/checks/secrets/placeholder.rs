//! Values that look like secrets but are not: templates, look-ups, documented examples,
//! redacted or dummy values.

/// Example credentials published in providers' own documentation.
const DOCUMENTED_EXAMPLES: [&[u8]; 4] = [
    b"AKIAIOSFODNN7EXAMPLE",
    b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    b"je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
    b"AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe",
];

/// For provider rules: only what is certainly not a live credential.
pub fn is_documented_example(secret: &[u8]) -> bool {
    if DOCUMENTED_EXAMPLES.contains(&secret) {
        return true;
    }
    let s = String::from_utf8_lossy(secret).to_ascii_lowercase();
    // Real formats can hold long runs of `A` or `0` (Dropbox, Twitter): only the
    // characters people type as filler count here.
    s.ends_with("example") || s.ends_with("examplekey") || has_filler_run(&s, 8)
}

fn has_filler_run(s: &str, n: usize) -> bool {
    ['x', '*', '#', '.']
        .iter()
        .any(|c| s.contains(&c.to_string().repeat(n)))
}

/// A run of `n` identical characters (`xxxxxxxx`, `00000000`, `********`).
fn has_run(s: &str, n: usize) -> bool {
    let b = s.as_bytes();
    let mut run = 1;
    for i in 1..b.len() {
        if b[i] == b[i - 1] {
            run += 1;
            if run >= n {
                return true;
            }
        } else {
            run = 1;
        }
    }
    false
}

const WORDS: [&str; 26] = [
    "changeme",
    "change_me",
    "change-me",
    "changeit",
    "placeholder",
    "example",
    "sample",
    "dummy",
    "your",
    "redacted",
    "replace",
    "insert",
    "enter_",
    "enter-",
    "notreal",
    "not_real",
    "not-a-real",
    "fake",
    "xxx",
    "***",
    "...",
    "…",
    "todo",
    "fixme",
    "<",
    ">",
];

/// Words that name a secret; as a whole value they are a stand-in for one.
pub const SECRET_WORDS: [&str; 7] = [
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "api_key",
    "credential",
];

const EXACT: [&str; 16] = [
    "test",
    "testing",
    "none",
    "null",
    "nil",
    "true",
    "false",
    "undefined",
    "default",
    "string",
    "required",
    "optional",
    "empty",
    "admin",
    "root",
    "pass",
];

/// For the generic detectors: a value a person wrote as a stand-in, a template, or a
/// look-up of the real value elsewhere.
pub fn is_placeholder(value: &str) -> bool {
    let v = value
        .trim()
        .trim_matches(|c| c == '"' || c == '\'' || c == '`');
    if v.is_empty() {
        return true;
    }
    let lower = v.to_ascii_lowercase();
    if EXACT.contains(&lower.as_str()) || SECRET_WORDS.contains(&lower.as_str()) {
        return true;
    }
    if lower.starts_with('$')
        || lower.starts_with('%')
        || lower.starts_with('@')
        || lower.starts_with('!')
        || lower.starts_with('&')
        || lower.starts_with('*')
        || lower.contains("${")
        || lower.contains("$(")
        || lower.contains("{{")
        || lower.contains("{%")
        || lower.contains("#{")
        || lower.contains("%(")
        || lower.contains("%s")
        || lower.contains("{}")
        || (lower.starts_with('{') && lower.ends_with('}'))
        || (lower.starts_with('[') && lower.ends_with(']'))
    {
        return true;
    }
    if WORDS.iter().any(|w| lower.contains(w)) || has_run(&lower, 5) {
        return true;
    }
    // A single repeated character, or a value made of only one class and very short.
    let first = lower.as_bytes()[0];
    lower.bytes().all(|b| b == first)
}

/// A look-up of the value in code rather than the value itself: `os.environ["X"]`,
/// `settings.SECRET_KEY`, `getenv("X")`, `process.env.X`, `ENV_VAR_NAME`.
pub fn is_code_reference(value: &str) -> bool {
    let v = value.trim();
    if v.contains('(') || v.contains(')') || v.contains('[') {
        return true;
    }
    let ident = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
            && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    };
    // dotted identifiers: settings.SECRET_KEY, config.api.token
    if v.contains('.') && v.split('.').all(ident) {
        return true;
    }
    // ENV_VAR_NAME
    ident(v)
        && v.bytes()
            .all(|b| b.is_ascii_uppercase() || b == b'_' || b.is_ascii_digit())
        && v.contains('_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_recognised() {
        for v in [
            "${DB_PASSWORD}",
            "$(cat /run/secret)",
            "{{ .Values.password }}",
            "<your-key>",
            "xxxxxxxx",
            "********",
            "your-api-key-here",
            "changeme",
            "CHANGE_ME",
            "",
            "''",
            "%(password)s",
            "example-password",
            "null",
            "REDACTED",
        ] {
            assert!(is_placeholder(v), "{v}");
        }
        for v in ["hunter22x", "q8Zr1Kx0pW7vN3mT", "Tr0ub4dor&3"] {
            assert!(!is_placeholder(v), "{v}");
        }
    }

    #[test]
    fn code_references_are_recognised() {
        for v in [
            "os.environ['X']",
            "getenv(\"X\")",
            "settings.SECRET_KEY",
            "DB_PASSWORD",
            "process.env.TOKEN",
        ] {
            assert!(is_code_reference(v), "{v}");
        }
        for v in ["q8Zr1Kx0pW7vN3mT", "hunter2", "abc.def ghi"] {
            assert!(!is_code_reference(v), "{v}");
        }
    }

    #[test]
    fn documented_examples() {
        assert!(is_documented_example(b"AKIAIOSFODNN7EXAMPLE"));
        assert!(is_documented_example(
            b"ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
        ));
        assert!(!is_documented_example(b"AKIAQ3EGRTP5VNB7WLXC"));
    }
}
