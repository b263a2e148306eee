//! Names of variables and keys that hold credentials, and values that are real literals.

/// Parts of a variable name that mark a credential.
const MARKERS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "SECRET",
    "TOKEN",
    "API_KEY",
    "APIKEY",
    "PRIVATE_KEY",
    "ACCESS_KEY",
    "CREDENTIAL",
    "AUTH_KEY",
    "ENCRYPTION_KEY",
    "SIGNING_KEY",
    "MASTER_KEY",
    "CONNECTION_STRING",
];

/// Name endings that say the variable holds where or how a secret is found, not the secret.
const NOT_A_SECRET: &[&str] = &[
    "_FILE",
    "_PATH",
    "_DIR",
    "_NAME",
    "_REF",
    "_URL",
    "_URI",
    "_ENDPOINT",
    "_HOST",
    "_PORT",
    "_TTL",
    "_EXPIRY",
    "_EXPIRES",
    "_EXPIRATION",
    "_TIMEOUT",
    "_LENGTH",
    "_ENABLED",
    "_ID",
    "_TYPE",
    "_HEADER",
    "_MOUNT",
    "_LOCATION",
    "_KEY_ID",
    "_ALGORITHM",
    "_VERSION",
    "_POLICY",
    "_AUDIENCE",
    "_ISSUER",
    "_SCOPE",
    "_SCOPES",
    "_PREFIX",
    "_REGEX",
    "_PATTERN",
    "_FORMAT",
    "_MODE",
    "_PROVIDER",
    "_BACKEND",
];

/// Does the variable name look like it holds a credential? (`DB_PASSWORD`, `apiKey`,
/// `GITHUB_TOKEN`; not `PASSWORD_FILE`, `TOKEN_URL`, `SECRET_NAME`.)
pub(crate) fn is_secret_name(name: &str) -> bool {
    let up = snake_upper(name);
    if up.is_empty() {
        return false;
    }
    if NOT_A_SECRET.iter().any(|s| up.ends_with(s)) {
        return false;
    }
    if MARKERS.iter().any(|m| up.contains(m)) {
        return true;
    }
    up.ends_with("_PASS") || up.ends_with("_PWD") || up == "PASS"
}

/// `dbPassword` → `DB_PASSWORD`, `api-key` → `API_KEY`.
fn snake_upper(name: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in name.trim().chars() {
        if c.is_ascii_uppercase() && prev_lower {
            out.push('_');
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        if c == '-' || c == '.' || c == ' ' {
            out.push('_');
        } else {
            out.push(c.to_ascii_uppercase());
        }
    }
    out
}

/// Is `value` a literal that could be the secret itself? Not empty, not a reference to
/// something filled in later, not a boolean.
pub(crate) fn is_literal_value(value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() || super::scalar::is_reference(v) {
        return false;
    }
    !matches!(
        v.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | "none"
    )
}
