//! Generic detection: a secret-looking value assigned to a secret-looking name, in code,
//! YAML, JSON, TOML, .env, properties, INI, shell and Terraform. Names are judged by their
//! words, values by placeholders, look-ups and entropy.
use super::placeholder::{is_code_reference, is_placeholder};
use crate::classify::FileKind;
use crate::text::entropy;
use aho_corasick::AhoCorasick;
use regex::bytes::Regex;
use std::sync::OnceLock;

pub const PASSWORD_RULE: &str = "secrets/generic-password";
pub const SECRET_RULE: &str = "secrets/generic-secret";

/// Literals the prefilter looks for before the generic regex runs.
pub const KEYWORDS: [&str; 7] = [
    "pass",
    "pwd",
    "secret",
    "token",
    "key",
    "credential",
    "auth",
];

/// "the password is 'x'": credentials given in prose, READMEs and echo lines.
fn prose() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        super::engine::build(
            r#"(?i)\b(?:password|passphrase|passwd)\b[^\n"'.:=]{0,30}(?:["'][^"'\n]{1,40}["'][^\n"'.:=]{0,10})?\bis[ \t]+["'](?P<secret>[^"'\s]{4,64})["']"#,
        )
        .expect("prose pattern compiles")
    })
}

/// What may follow a secret-looking name: an operator and a quoted or unquoted value. It is
/// matched anchored at the end of the name, so the expensive part of the old single pattern
/// (a name of up to 70 case-folded bytes with no literal to start from) is found by a
/// keyword search instead.
fn tail() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        super::engine::build(
            r#"^\\?["']?\]?[ \t]*(?P<op>:=|=>|===|!==|==|!=|=|:)[ \t]*\\?(?:(?P<q>["'`])(?P<qv>[^"'\r\n\\]{1,256})\\?["'`]|(?P<uv>[^\s"'`\\,;]{1,256}))"#,
        )
        .expect("generic pattern compiles")
    })
}

/// The name keywords, case-insensitive; none contains another, so their hits come out in
/// the order of their starts.
fn name_keywords() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(KEYWORDS)
            .expect("keyword automaton builds")
    })
}

/// Bytes a name is made of (`[a-z0-9_.-]`, either case).
fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')
}

/// Name bytes allowed before and after the keyword inside a name.
const NAME_BEFORE: usize = 40;
const NAME_AFTER: usize = 30;

/// One `name <op> value` assignment: byte ranges within the searched buffer.
#[derive(Debug, PartialEq, Eq)]
struct Assignment {
    name: (usize, usize),
    op: (usize, usize),
    value: (usize, usize),
    quoted: bool,
}

/// Every assignment in `data`, exactly as the single pattern
/// `(?i)(?P<name>[a-z0-9_.\-]{0,40}(?:pass|pwd|secret|token|key|credential|auth)[a-z0-9_.\-]{0,30})`
/// followed by `tail()` would find them with `captures_iter` (leftmost-first, no overlaps).
/// A name cannot be followed by a name byte, so it ends where its run of name bytes ends;
/// the leftmost start is then fixed by the first keyword of that run that ends at most
/// `NAME_AFTER` bytes before the run does.
fn assignments(data: &[u8]) -> Vec<Assignment> {
    let mut out = Vec::new();
    // Matches never overlap: nothing starts before the end of the previous one.
    let mut pos = 0;
    for k in name_keywords().find_overlapping_iter(data) {
        if k.start() < pos {
            continue;
        }
        let end = run_end(data, k.end());
        if end - k.end() > NAME_AFTER {
            continue;
        }
        let Some((a, match_end)) = tail_at(data, end) else {
            // Every other keyword of this run shares its end, and so this failed tail.
            pos = end;
            continue;
        };
        let floor = pos.max(k.start().saturating_sub(NAME_BEFORE));
        out.push(Assignment {
            name: (run_start(data, k.start(), floor), end),
            ..a
        });
        pos = match_end;
    }
    out
}

/// The end of the run of name bytes that continues at `from`.
fn run_end(data: &[u8], from: usize) -> usize {
    from + data[from..]
        .iter()
        .take_while(|&&b| is_name_byte(b))
        .count()
}

/// The start of the run of name bytes that ends at `to`, not going below `floor`.
fn run_start(data: &[u8], to: usize, floor: usize) -> usize {
    to - data[floor..to]
        .iter()
        .rev()
        .take_while(|&&b| is_name_byte(b))
        .count()
}

/// The operator and value after a name ending at `at`, and where the match ends. A cheap
/// first-byte test skips the many keywords in ordinary identifiers (`keys()`, `author`).
fn tail_at(data: &[u8], at: usize) -> Option<(Assignment, usize)> {
    let first = *data.get(at)?;
    if !matches!(
        first,
        b'\\' | b'"' | b'\'' | b']' | b' ' | b'\t' | b':' | b'=' | b'!'
    ) {
        return None;
    }
    // The tail never crosses a line end, so the regex never looks past it.
    let line_end = memchr::memchr(b'\n', &data[at..]).map_or(data.len(), |i| at + i + 1);
    let c = tail().captures(&data[at..line_end])?;
    let op = c.name("op")?;
    let (value, quoted) = match (c.name("qv"), c.name("uv")) {
        (Some(v), _) => (v, true),
        (None, Some(v)) => (v, false),
        _ => return None,
    };
    let shift = |m: regex::bytes::Match<'_>| (at + m.start(), at + m.end());
    let a = Assignment {
        name: (at, at),
        op: shift(op),
        value: shift(value),
        quoted,
    };
    Some((a, at + c.get(0)?.end()))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NameClass {
    Password,
    Secret,
}

/// Splits `dbPassword`, `DB_PASSWORD`, `db.password` into lowercase words.
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Words that turn a secret-looking name into metadata about the secret.
const NOT_THE_VALUE: [&str; 61] = [
    "expiration",
    "time",
    "kind",
    "file",
    "files",
    "path",
    "dir",
    "url",
    "uri",
    "name",
    "names",
    "id",
    "ids",
    "length",
    "len",
    "size",
    "type",
    "field",
    "header",
    "env",
    "var",
    "policy",
    "prompt",
    "regex",
    "pattern",
    "hint",
    "label",
    "placeholder",
    "format",
    "count",
    "min",
    "max",
    "expiry",
    "expires",
    "expire",
    "ttl",
    "timeout",
    "reset",
    "endpoint",
    "hash",
    "salt",
    "input",
    "param",
    "column",
    "tokens",
    "keys",
    "limit",
    "prefix",
    "suffix",
    "template",
    "validator",
    "error",
    "message",
    "msg",
    "text",
    "title",
    "mode",
    "algorithm",
    "version",
    "enabled",
    "required",
];

fn classify_name(name: &str) -> Option<NameClass> {
    let w = words(name);
    if w.is_empty() || w.iter().any(|x| NOT_THE_VALUE.contains(&x.as_str())) {
        return None;
    }
    let has = |s: &str| w.iter().any(|x| x == s);
    // Tokens that only page or deduplicate API calls: `NextToken`, `ClientToken`, ...
    const NOT_SECRET_TOKENS: [&str; 13] = [
        "next",
        "change",
        "lock",
        "sequence",
        "continuation",
        "page",
        "pagination",
        "client",
        "idempotency",
        "cancel",
        "csrf",
        "xsrf",
        "marker",
    ];
    if has("token") && NOT_SECRET_TOKENS.iter().any(|q| has(q)) {
        return None;
    }
    if [
        "password",
        "passwd",
        "pwd",
        "pass",
        "passphrase",
        "passcode",
        "dbpass",
    ]
    .iter()
    .any(|s| has(s))
        || w.iter().any(|x| x.ends_with("password"))
    {
        return Some(NameClass::Password);
    }
    if [
        "secret",
        "token",
        "apikey",
        "credential",
        "credentials",
        "accesstoken",
        "authtoken",
        "secretkey",
    ]
    .iter()
    .any(|s| has(s))
        || w.iter()
            .any(|x| x.ends_with("secret") || x.ends_with("token") || x.ends_with("apikey"))
    {
        return Some(NameClass::Secret);
    }
    // `key` only with a qualifier: api_key, access_key, private_key, signing_key ...
    for pair in w.windows(2) {
        if pair[1] == "key"
            && [
                "api",
                "access",
                "auth",
                "private",
                "signing",
                "secret",
                "encryption",
                "master",
                "client",
                "app",
                "license",
                "account",
                "service",
            ]
            .contains(&pair[0].as_str())
        {
            return Some(NameClass::Secret);
        }
    }
    None
}

fn char_classes(s: &[u8]) -> usize {
    let mut c = [false; 4];
    for &b in s {
        let i = if b.is_ascii_lowercase() {
            0
        } else if b.is_ascii_uppercase() {
            1
        } else if b.is_ascii_digit() {
            2
        } else {
            3
        };
        c[i] = true;
    }
    c.iter().filter(|&&x| x).count()
}

/// Whether an unquoted value is a literal in this kind of file (it is in .env and YAML;
/// in code it is a variable).
fn unquoted_is_literal(kind: FileKind, path: &str) -> bool {
    match kind {
        FileKind::DotEnv
        | FileKind::Properties
        | FileKind::Ini
        | FileKind::Yaml
        | FileKind::GithubWorkflow
        | FileKind::GithubAction
        | FileKind::Toml
        | FileKind::Shell
        | FileKind::Dockerfile => true,
        FileKind::Text => {
            let lower = path.to_ascii_lowercase();
            [
                ".txt",
                ".conf",
                ".cfg",
                ".config",
                ".env",
                ".ini",
                ".properties",
            ]
            .iter()
            .any(|e| lower.ends_with(e))
                || !lower.rsplit('/').next().unwrap_or("").contains('.')
        }
        _ => false,
    }
}

pub struct GenericMatch {
    pub rule: &'static str,
    pub secret: (usize, usize),
}

/// Generic matches inside `windows` of `data` (the lines around the keyword hits).
pub fn scan(
    data: &[u8],
    windows: &[(usize, usize)],
    kind: FileKind,
    path: &str,
    out: &mut Vec<GenericMatch>,
) {
    let literal_ok = unquoted_is_literal(kind, path);
    for &(ws, we) in windows {
        scan_window(&data[ws..we], ws, literal_ok, out);
    }
}

fn scan_window(data: &[u8], offset: usize, literal_ok: bool, out: &mut Vec<GenericMatch>) {
    for a in assignments(data) {
        if let Some(m) = judge(data, &a, literal_ok) {
            out.push(GenericMatch {
                rule: m,
                secret: (offset + a.value.0, offset + a.value.1),
            });
        }
    }
    for c in prose().captures_iter(data) {
        let Some(secret) = c.name("secret") else {
            continue;
        };
        let Ok(v) = std::str::from_utf8(secret.as_bytes()) else {
            continue;
        };
        if !is_placeholder(v) && !looks_like_a_reference(v) && !has_sequence(v) {
            out.push(GenericMatch {
                rule: PASSWORD_RULE,
                secret: (offset + secret.start(), offset + secret.end()),
            });
        }
    }
}

/// The rule an assignment reports under, or `None` when its name or value does not look
/// like a credential.
fn judge(data: &[u8], a: &Assignment, literal_ok: bool) -> Option<&'static str> {
    let (ns, ne) = a.name;
    // `AWS::AppSync::ApiKey`: the end of a namespaced type name, not a variable.
    if ns > 1 && &data[ns - 2..ns] == b"::" {
        return None;
    }
    let op = &data[a.op.0..a.op.1];
    if !a.quoted && (!literal_ok || matches!(op, b"==" | b"!=" | b"===" | b"!==")) {
        return None;
    }
    let name = String::from_utf8_lossy(&data[ns..ne]);
    let class = classify_name(&name)?;
    // `PASS_STATE = "PassState"`: an enum-like constant named after itself.
    let bare = |s: &str| {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase()
    };
    let v = std::str::from_utf8(&data[a.value.0..a.value.1]).ok()?;
    if bare(v) == bare(&name) || !plausible(v, class) {
        return None;
    }
    Some(rule_of(class))
}

fn rule_of(class: NameClass) -> &'static str {
    match class {
        NameClass::Password => PASSWORD_RULE,
        NameClass::Secret => SECRET_RULE,
    }
}

/// A value that reads like a secret for a name of this class.
fn plausible(v: &str, class: NameClass) -> bool {
    if v.starts_with(['|', '>', '#', '/'])
        || is_placeholder(v)
        || is_code_reference(v)
        || looks_like_a_reference(v)
        || has_sequence(v)
    {
        return false;
    }
    let value = v.as_bytes();
    match class {
        NameClass::Password => {
            v.chars().count() >= 6
                && v.matches(' ').count() <= 2
                && entropy(value) >= 2.0
                && !v.bytes().all(|b| b.is_ascii_digit())
        }
        NameClass::Secret => {
            // Letters only (`NextToken`, `Bearer`) is a word, not a key, unless long.
            let letters_only = value.iter().all(|b| b.is_ascii_alphabetic());
            !v.contains(' ')
                && v.len() >= 8
                && entropy(value) >= 2.5
                && (char_classes(value) >= 2 || v.len() >= 16)
                && (!letters_only || v.len() >= 24)
        }
    }
}

/// Values that name a secret rather than hold one: identifiers, routes and URLs such as
/// `cms_user_password`, `arn:...:policy/ChangePassword`, `refresh_token`.
fn looks_like_a_reference(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    let names_a_secret = super::placeholder::SECRET_WORDS
        .iter()
        .any(|w| lower.contains(w));
    (names_a_secret && lower.contains(['_', '/', '.', ':', '#', '-']))
        || lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("arn:")
}

/// Keyboard and alphabet runs people type as filler: `abcdefg`, `123456789`, `a1b2c3`.
pub fn has_sequence(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    let b = lower.as_bytes();
    let mut run = 1;
    for i in 1..b.len() {
        if b[i].is_ascii_alphanumeric() && b[i] == b[i - 1].wrapping_add(1) {
            run += 1;
            if run >= 7 {
                return true;
            }
        } else {
            run = 1;
        }
    }
    ["a1b2c3", "1a2b3c", "qwertyuiop", "asdfghjkl"]
        .iter()
        .any(|s| lower.contains(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(text: &str, kind: FileKind) -> Vec<&'static str> {
        let mut out = Vec::new();
        scan(text.as_bytes(), &[(0, text.len())], kind, "x", &mut out);
        out.into_iter().map(|m| m.rule).collect()
    }

    /// The single pattern `assignments` replaces, kept as the reference it must agree with.
    fn reference(re: &Regex, data: &[u8]) -> Vec<Assignment> {
        let span = |m: Option<regex::bytes::Match<'_>>| m.map(|m| (m.start(), m.end())).unwrap();
        re.captures_iter(data)
            .map(|c| Assignment {
                name: span(c.name("name")),
                op: span(c.name("op")),
                value: span(c.name("qv").or(c.name("uv"))),
                quoted: c.name("qv").is_some(),
            })
            .collect()
    }

    #[test]
    fn keyword_driven_search_agrees_with_the_single_pattern() {
        // Pieces that exercise every branch: keywords in long names, namespaced names,
        // escaped quotes, all operators, values cut at 256 bytes, names past 40/30 bytes.
        const PIECES: [&str; 34] = [
            "pass",
            "PWD",
            "Secret",
            "token",
            "key",
            "credential",
            "AUTH",
            "password",
            "_",
            ".",
            "-",
            "x",
            "db",
            "aaaaaaaaaaaaaaaaaaaa",
            "0123456789",
            " ",
            "\t",
            "\n",
            "\r",
            "\"",
            "'",
            "`",
            "\\",
            "]",
            ":",
            "=",
            "!",
            "==",
            "=>",
            ":=",
            "::",
            ",",
            ";",
            "\u{e9}",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let re = crate::checks::secrets::engine::build(
            r#"(?i)(?P<name>[a-z0-9_.\-]{0,40}(?:pass|pwd|secret|token|key|credential|auth)[a-z0-9_.\-]{0,30})\\?["']?\]?[ \t]*(?P<op>:=|=>|===|!==|==|!=|=|:)[ \t]*\\?(?:(?P<q>["'`])(?P<qv>[^"'\r\n\\]{1,256})\\?["'`]|(?P<uv>[^\s"'`\\,;]{1,256}))"#,
        )
        .unwrap();
        for _ in 0..20_000 {
            let n = (next() % 40) as usize;
            let mut text = String::new();
            for _ in 0..n {
                let p = PIECES[(next() % PIECES.len() as u64) as usize];
                let times = if next() % 8 == 0 { 1 + next() % 12 } else { 1 };
                for _ in 0..times {
                    text.push_str(p);
                }
            }
            let got = assignments(text.as_bytes());
            assert_eq!(got, reference(&re, text.as_bytes()), "{text:?}");
        }
    }

    #[test]
    fn names_are_split_into_words() {
        assert_eq!(words("dbPassword"), ["db", "password"]);
        assert_eq!(words("DB_PASSWORD"), ["db", "password"]);
        assert_eq!(classify_name("stripe.api-key"), Some(NameClass::Secret));
        assert_eq!(classify_name("password_file"), None);
        assert_eq!(classify_name("keyboard"), None);
        assert_eq!(classify_name("max_tokens"), None);
    }

    #[test]
    fn finds_assignments_in_many_syntaxes() {
        assert_eq!(
            hits("DB_PASSWORD=s3cr3tP4ss\n", FileKind::DotEnv),
            [PASSWORD_RULE]
        );
        assert_eq!(
            hits("  password: s3cr3tP4ss\n", FileKind::Yaml),
            [PASSWORD_RULE]
        );
        assert_eq!(
            hits("{\"api_key\": \"q8Zr1Kx0pW7vN3mTa9Yb\"}", FileKind::Json),
            [SECRET_RULE]
        );
        assert_eq!(
            hits("client_secret = 'q8Zr1Kx0pW7vN3mTa9Yb'", FileKind::Python),
            [SECRET_RULE]
        );
        assert_eq!(
            hits(
                "\"source\": [\"token = \\\"q8Zr1Kx0pW7vN3mTa9Yb\\\"\"]",
                FileKind::Notebook
            ),
            [SECRET_RULE]
        );
    }

    #[test]
    fn hard_coded_comparisons_and_prose_are_credentials_too() {
        assert_eq!(
            hits("if password == \"s3cr3tP4ss\":", FileKind::Python),
            [PASSWORD_RULE]
        );
        assert_eq!(
            hits("if creds.Secret != \"open-sesame\" {", FileKind::Text),
            [SECRET_RULE]
        );
        assert_eq!(
            hits("echo \"The password is 'Secret123'\"", FileKind::Shell),
            [PASSWORD_RULE]
        );
        assert_eq!(
            hits("password = 'open sesame'", FileKind::Python),
            [PASSWORD_RULE]
        );
        assert_eq!(
            hits("password = '`123QWEzx'", FileKind::Python),
            [PASSWORD_RULE]
        );
    }

    #[test]
    fn words_and_type_names_are_not_values() {
        assert!(hits("{\"output_token\": \"NextToken\"}", FileKind::Json).is_empty());
        assert!(hits("{\"ChangeToken\": \"abcd12f2-46da-4fdb\"}", FileKind::Json).is_empty());
        assert!(hits("PassStateExited = \"PassStateExited\"", FileKind::Python).is_empty());
        assert_eq!(
            hits(":password => '4ian1234x',", FileKind::Text),
            [PASSWORD_RULE]
        );
        assert!(hits(
            "\"AWS::AppSync::ApiKey\": \"3d10c2f5a9e847b1\",",
            FileKind::Json
        )
        .is_empty());
        assert_eq!(
            hits("{\"api_key\": \"3d10c2f5a9e847b1\"}", FileKind::Json),
            [SECRET_RULE]
        );
    }

    #[test]
    fn filler_sequences_are_placeholders() {
        assert!(has_sequence("abcdefg12346+FJQCK"));
        assert!(has_sequence("a1b2c3d4e5f6"));
        assert!(has_sequence("OOzkR1+hF+1ABCsIFDJMEUtqmtnZ1234567890"));
        assert!(!has_sequence("q8Zr1Kx0pW7vN3mTa9Yb"));
        assert!(hits("secret_access_key = 'abcdefg12346+FJQCK'", FileKind::Python).is_empty());
    }

    #[test]
    fn skips_lookups_placeholders_and_comparisons() {
        assert!(hits("password = os.environ['DB_PASSWORD']", FileKind::Python).is_empty());
        assert!(hits("password = get_password()", FileKind::Python).is_empty());
        assert!(hits("password = user_password", FileKind::Python).is_empty());
        assert!(hits("PASSWORD=${DB_PASSWORD}", FileKind::DotEnv).is_empty());
        assert!(hits("password: \"{{ .Values.pw }}\"", FileKind::Yaml).is_empty());
        assert!(hits("api_key = \"your-api-key-here\"", FileKind::Python).is_empty());
        assert!(hits("token = \"short\"", FileKind::Python).is_empty());
        assert!(hits(
            "IAMUserChangePassword = \"arn:aws:iam::aws:policy/IAMUserChangePassword\"",
            FileKind::Python
        )
        .is_empty());
        assert!(hits(
            "put '/forgot-password' => \"cms/sites/passwords#update\"",
            FileKind::Text
        )
        .is_empty());
        assert!(hits("if x == password:", FileKind::Python).is_empty());
        assert!(hits("password_file: /run/secrets/db", FileKind::Yaml).is_empty());
        assert!(hits("max_tokens = 4096", FileKind::Python).is_empty());
    }
}
