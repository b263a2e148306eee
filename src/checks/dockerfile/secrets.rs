//! Credentials baked into images: ARG and ENV named like secrets (their values stay in the
//! image config and history), and COPY/ADD of credential files. The secrets check scans
//! the Dockerfile's text as well, so a real token in a value is also reported there.
use super::model::Ctx;

/// Name parts that mark a credential.
const SECRET_PARTS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "PASS",
    "SECRET",
    "SECRETS",
    "TOKEN",
    "APIKEY",
    "CREDENTIALS",
    "CREDENTIAL",
    "PRIVATEKEY",
];
/// Two-part names (`API_KEY`, `ACCESS_KEY`, `PRIVATE_KEY`, `AUTH_KEY`, `CLIENT_SECRET`).
const SECRET_PAIRS: &[(&str, &str)] = &[
    ("API", "KEY"),
    ("ACCESS", "KEY"),
    ("PRIVATE", "KEY"),
    ("AUTH", "KEY"),
    ("SIGNING", "KEY"),
    ("ENCRYPTION", "KEY"),
    ("MASTER", "KEY"),
];
/// Last parts that make the name about a secret, not the secret itself.
const HARMLESS_LAST: &[&str] = &[
    "FILE", "PATH", "DIR", "NAME", "VERSION", "ENABLED", "TYPE", "LENGTH", "HEADER", "URL",
    "ENDPOINT", "HOST", "PORT", "FORMAT", "ID", "MOUNT", "ENV", "VAR", "KEYRING", "REF",
    "LOCATION", "EXPIRY", "TTL", "POLICY", "SIZE", "REGION", "ISSUER", "AUDIENCE",
];

pub fn sensitive_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let parts: Vec<&str> = upper
        .split(['_', '-', '.'])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.last().is_some_and(|l| HARMLESS_LAST.contains(l)) {
        return false;
    }
    parts.iter().any(|p| SECRET_PARTS.contains(p))
        || parts
            .windows(2)
            .any(|w| SECRET_PAIRS.iter().any(|(a, b)| w[0] == *a && w[1] == *b))
}

/// A file name or path that holds credentials.
pub fn sensitive_path(src: &str) -> Option<&'static str> {
    let p = src.trim_end_matches('/');
    let name = p.rsplit('/').next().unwrap_or(p);
    let lower = name.to_ascii_lowercase();
    let is_env = lower == ".env"
        || (lower.starts_with(".env.")
            && !["example", "sample", "template", "dist", "defaults", "test"]
                .iter()
                .any(|s| lower.ends_with(s)));
    if is_env {
        return Some("a .env file");
    }
    if matches!(
        lower.as_str(),
        "id_rsa" | "id_dsa" | "id_ecdsa" | "id_ed25519"
    ) {
        return Some("an SSH private key");
    }
    if lower.ends_with(".pem")
        || lower.ends_with(".key")
        || lower.ends_with(".p12")
        || lower.ends_with(".pfx")
    {
        return Some("a key or certificate bundle");
    }
    if matches!(
        lower.as_str(),
        "credentials"
            | "credentials.json"
            | ".npmrc"
            | ".pypirc"
            | ".netrc"
            | ".git-credentials"
            | ".dockercfg"
            | ".htpasswd"
    ) {
        return Some("a credentials file");
    }
    let lp = p.to_ascii_lowercase();
    for dir in [".aws", ".ssh", ".gnupg", ".docker", ".kube"] {
        if lp == dir || lp.ends_with(&format!("/{dir}")) || lp.contains(&format!("{dir}/")) {
            return Some("a credentials directory");
        }
    }
    None
}

pub fn check(ctx: &mut Ctx) {
    let mut hits: Vec<(&'static str, usize, String)> = Vec::new();
    for ins in &ctx.df.instructions {
        match ins.keyword.as_str() {
            "ARG" | "ENV" => {
                for (k, v) in ins.pairs() {
                    if !sensitive_name(&k) {
                        continue;
                    }
                    let msg = if ins.is("ENV") {
                        format!("ENV {k}: the value is stored in the image, readable by anyone who pulls it; use RUN --mount=type=secret")
                    } else if v.is_some() {
                        format!("ARG {k} has a default and build arguments stay in the image history; use RUN --mount=type=secret")
                    } else {
                        format!("ARG {k}: build arguments stay in the image history (`docker history`); use RUN --mount=type=secret")
                    };
                    hits.push(("dockerfile/secret-in-arg-or-env", ins.line, msg));
                }
            }
            "COPY" | "ADD" if ins.flag("from").is_none() => {
                let words = ins.words();
                for src in &words[..words.len().saturating_sub(1)] {
                    if let Some(what) = sensitive_path(src) {
                        hits.push((
                            "dockerfile/copy-secret-file",
                            ins.line,
                            format!("{} {src} puts {what} into a layer for good, even if a later step deletes it; use RUN --mount=type=secret", ins.keyword),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    for (rule, line, msg) in hits {
        ctx.hit(rule, line, msg);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for n in [
            "NPM_TOKEN",
            "DB_PASSWORD",
            "aws_secret_access_key",
            "API_KEY",
            "GITHUB_PAT_TOKEN",
            "CLIENT_SECRET",
        ] {
            assert!(sensitive_name(n), "{n}");
        }
        for n in [
            "PASSWORD_FILE",
            "TOKEN_PATH",
            "GPG_KEY",
            "USERNAME",
            "PYTHON_VERSION",
            "SECRET_NAME",
            "KEY_ID",
            "BYPASS_CACHE",
            "PASSTHROUGH",
        ] {
            assert!(!sensitive_name(n), "{n}");
        }
    }

    #[test]
    fn paths() {
        for p in [
            ".env",
            "config/.env.production",
            "id_rsa",
            "certs/server.pem",
            "~/.aws/",
            ".ssh/config",
            ".npmrc",
        ] {
            assert!(sensitive_path(p).is_some(), "{p}");
        }
        for p in [
            ".env.example",
            "src/",
            "environment.yml",
            "requirements.txt",
            "keys.py",
            ".dockerignore",
        ] {
            assert!(sensitive_path(p).is_none(), "{p}");
        }
    }
}
