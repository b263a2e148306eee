//! Helm values files and application config files (`application.yml`, `config/*.yaml`,
//! `settings.yaml`, JSON read as YAML): keys whose meaning is the same in any format.
//!
//! The tree is walked once; each mapping is judged with the key it sits under and the
//! mapping around it, which is enough to tell `verify: false` under `tls:` from any other
//! `verify`, and to see `auth: {enabled: false}` next to `host: 0.0.0.0`.

use super::scalar::{get_norm, is_false, is_reference, is_true, norm_key};
use super::{hit_at, Hit};
use crate::checks::config::yaml::{Node, Style};

/// Does the repository-relative path look like production configuration? A path
/// component or file-name part `prod`, `production`, `prd` or `live`, and none of `test`,
/// `dev`, `example`, `sample`, `local` (and their usual variants).
pub fn is_production_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let prod = tokens
        .iter()
        .any(|t| matches!(*t, "prod" | "production" | "prd" | "live"));
    let not_prod = tokens.iter().any(|t| {
        matches!(
            *t,
            "test"
                | "tests"
                | "testing"
                | "testdata"
                | "dev"
                | "development"
                | "example"
                | "examples"
                | "sample"
                | "samples"
                | "local"
                | "fixture"
                | "fixtures"
                | "mock"
                | "mocks"
                | "demo"
        )
    });
    prod && !not_prod
}

/// Helm values files and application config files. `path` is repo-relative, used to
/// decide "production-looking" for `config/debug-in-production`.
pub fn analyse_app_config(path: &str, root: &Node) -> Vec<Hit> {
    let mut w = Walker {
        prod: is_production_path(path),
        out: Vec::new(),
    };
    w.node(root, None);
    w.out
        .sort_by(|a, b| (a.line, a.column, a.rule).cmp(&(b.line, b.column, b.rule)));
    w.out.dedup();
    w.out
}

/// How a mapping was reached: the normalised key it sits under and the mapping that holds
/// that key.
#[derive(Clone, Copy)]
struct Parent<'a> {
    key: &'a str,
    map: &'a Node,
}

struct Walker {
    prod: bool,
    out: Vec<Hit>,
}

impl Walker {
    fn node(&mut self, node: &Node, parent: Option<Parent<'_>>) {
        if node.is_map() {
            self.map(node, parent);
            for (k, v) in node.entries() {
                let key = norm_key(k.as_str().unwrap_or(""));
                self.node(
                    v,
                    Some(Parent {
                        key: &key,
                        map: node,
                    }),
                );
            }
        } else {
            for item in node.items() {
                self.node(item, parent);
            }
        }
    }

    fn map(&mut self, map: &Node, parent: Option<Parent<'_>>) {
        for (k, v) in map.entries() {
            let Some(raw_key) = k.as_str() else { continue };
            let key = norm_key(raw_key);
            self.tls(map, parent, raw_key, &key, v);
            self.network_policy(raw_key, &key, v);
            if self.prod && is_debug_key(&key) && is_true(v) {
                self.out.push(hit_at(
                    "config/debug-in-production",
                    v,
                    format!("`{raw_key}: true` in a production configuration file"),
                ));
            }
            self.default_credentials(map, raw_key, &key, v);
            self.bind_all(map, parent, raw_key, &key, v);
        }
    }

    fn tls(&mut self, _map: &Node, parent: Option<Parent<'_>>, raw: &str, key: &str, v: &Node) {
        let tls_context = parent.is_some_and(|p| {
            p.key.contains("tls")
                || p.key.contains("ssl")
                || p.key.contains("https")
                || p.key.contains("cert")
        });
        let off_when_true = DISABLE_IF_TRUE.contains(&key)
            || (tls_context
                && matches!(
                    key,
                    "insecure" | "skipverify" | "insecureskipverify" | "noverify"
                ));
        let off_when_false = DISABLE_IF_FALSE.contains(&key)
            || (tls_context
                && matches!(
                    key,
                    "verify"
                        | "verifypeer"
                        | "verifyhostname"
                        | "verifyhost"
                        | "checkhostname"
                        | "validate"
                ));
        if (off_when_true && is_true(v)) || (off_when_false && is_false(v)) {
            let shown = v.as_str().unwrap_or("");
            self.out.push(hit_at(
                "config/tls-verification-disabled",
                v,
                format!("`{raw}: {shown}` turns off TLS certificate verification"),
            ));
        }
    }

    fn network_policy(&mut self, raw: &str, key: &str, v: &Node) {
        let rule = "config/network-policy-disabled";
        if matches!(key, "networkpolicy" | "networkpolicies" | "netpol") {
            if let Some((_, enabled)) = get_norm(v, &["enabled"]) {
                if is_false(enabled) {
                    self.out.push(hit_at(
                        rule,
                        enabled,
                        format!("`{raw}.enabled: false`: the chart deploys no NetworkPolicy"),
                    ));
                }
            } else if is_false(v) {
                self.out.push(hit_at(
                    rule,
                    v,
                    format!("`{raw}: false`: the chart deploys no NetworkPolicy"),
                ));
            }
        } else if matches!(key, "networkpolicyenabled" | "networkpoliciesenabled") && is_false(v) {
            self.out.push(hit_at(
                rule,
                v,
                format!("`{raw}: false`: the chart deploys no NetworkPolicy"),
            ));
        }
    }

    fn default_credentials(&mut self, map: &Node, raw: &str, key: &str, v: &Node) {
        if !is_password_key(key) {
            return;
        }
        let Some(value) = v.as_str().map(str::trim) else {
            return;
        };
        if value.is_empty() || is_reference(value) {
            return;
        }
        let rule = "config/default-credentials";
        if DEFAULT_PASSWORDS.contains(&value.to_ascii_lowercase().as_str()) {
            self.out.push(hit_at(
                rule,
                v,
                format!("`{raw}` is set to the well-known default password `{value}`"),
            ));
            return;
        }
        let same_as_user = map.entries().iter().find(|(k, uv)| {
            k.as_str().map(norm_key).is_some_and(|uk| is_user_key(&uk))
                && uv.as_str().map(str::trim) == Some(value)
        });
        if let Some((uk, _)) = same_as_user {
            self.out.push(hit_at(
                rule,
                v,
                format!(
                    "`{raw}` is the same as `{}` (`{value}`), a default-style credential pair",
                    uk.as_str().unwrap_or("")
                ),
            ));
        }
    }

    fn bind_all(&mut self, map: &Node, parent: Option<Parent<'_>>, raw: &str, key: &str, v: &Node) {
        if !BIND_KEYS.contains(&key) {
            return;
        }
        let Some(addr) = v.as_str() else { return };
        if !addr.split_whitespace().any(is_all_interfaces) {
            return;
        }
        let evidence = auth_off(map).or_else(|| parent.and_then(|p| auth_off(p.map)));
        if let Some((node, why)) = evidence {
            self.out.push(hit_at(
                "config/bind-all-interfaces-without-auth",
                v,
                format!(
                    "`{raw}: {}` listens on all interfaces while authentication is off ({why}, line {})",
                    addr.trim(),
                    node.span.start.line
                ),
            ));
        }
    }
}

const DISABLE_IF_TRUE: &[&str] = &[
    "insecureskipverify",
    "tlsinsecureskipverify",
    "skiptlsverify",
    "skipsslverify",
    "tlsskipverify",
    "sslskipverify",
    "skipverifytls",
    "skipverifyssl",
    "insecuretls",
    "tlsinsecure",
    "sslinsecure",
    "insecuressl",
    "skipcertverify",
    "skipcertificateverification",
    "skipcertificatevalidation",
    "disablesslverification",
    "disabletlsverification",
    "disablecertificatevalidation",
    "disablecertificateverification",
    "trustallcertificates",
    "trustallcerts",
    "acceptanycertificate",
    "acceptallcertificates",
];

const DISABLE_IF_FALSE: &[&str] = &[
    "tlsverify",
    "sslverify",
    "verifyssl",
    "verifytls",
    "tlsverification",
    "sslverification",
    "verifycert",
    "verifycerts",
    "verifycertificate",
    "verifycertificates",
    "verifyservercert",
    "verifyservercertificate",
    "rejectunauthorized",
    "validatecerts",
    "validatecertificate",
    "validatecertificates",
    "sslvalidate",
    "tlsverifypeer",
    "sslverifypeer",
    "checkcertificate",
];

fn is_debug_key(key: &str) -> bool {
    matches!(
        key,
        "debug" | "appdebug" | "debugmode" | "flaskdebug" | "djangodebug" | "enabledebug"
    )
}

fn is_password_key(key: &str) -> bool {
    key.ends_with("password")
        || key.ends_with("passwd")
        || matches!(
            key,
            "pass" | "pwd" | "dbpass" | "adminpass" | "rootpass" | "userpass"
        )
}

fn is_user_key(key: &str) -> bool {
    key == "login" || key.ends_with("user") || key.ends_with("username")
}

/// Passwords that ship as defaults or are the first guess of any scanner.
const DEFAULT_PASSWORDS: &[&str] = &[
    "admin",
    "administrator",
    "password",
    "passw0rd",
    "p@ssw0rd",
    "password1",
    "password123",
    "changeme",
    "change-me",
    "change_me",
    "changeit",
    "secret",
    "root",
    "toor",
    "123456",
    "12345678",
    "1234",
    "12345",
    "default",
    "test",
    "guest",
    "pass",
    "letmein",
    "admin123",
    "qwerty",
];

const BIND_KEYS: &[&str] = &[
    "host",
    "bind",
    "bindaddress",
    "bindaddr",
    "bindhost",
    "bindip",
    "listen",
    "listenaddress",
    "listenaddr",
    "listenhost",
    "listenip",
    "ip",
    "address",
    "addr",
    "serverhost",
    "serveraddress",
];

fn is_all_interfaces(addr: &str) -> bool {
    let a = addr.trim().trim_matches(['"', '\'']);
    a == "0.0.0.0"
        || a.starts_with("0.0.0.0:")
        || a == "::"
        || a == "*"
        || a.starts_with("[::]")
        || a.starts_with(":::")
}

/// An entry of `map` that makes "no authentication" explicit, and how to describe it.
fn auth_off(map: &Node) -> Option<(&Node, String)> {
    for (k, v) in map.entries() {
        let Some(raw) = k.as_str() else { continue };
        let key = norm_key(raw);
        let text = v.as_str().map(str::trim).unwrap_or("");
        let quoted_empty =
            text.is_empty() && matches!(v.style(), Some(Style::SingleQuoted | Style::DoubleQuoted));
        match key.as_str() {
            "protectedmode" if is_false(v) => return Some((v, format!("`{raw}: {text}`"))),
            "auth" | "authentication" | "security" => {
                if let Some((_, en)) = get_norm(v, &["enabled"]) {
                    if is_false(en) {
                        return Some((en, format!("`{raw}.enabled: false`")));
                    }
                } else if is_false(v)
                    || matches!(text.to_ascii_lowercase().as_str(), "none" | "disabled")
                {
                    return Some((v, format!("`{raw}: {text}`")));
                }
            }
            "authenabled"
            | "enableauth"
            | "requireauth"
            | "authrequired"
            | "authenticationenabled"
                if is_false(v) =>
            {
                return Some((v, format!("`{raw}: {text}`")))
            }
            "disableauth"
            | "noauth"
            | "skipauth"
            | "allowanonymous"
            | "anonymous"
            | "anonymousaccess"
            | "allowanonymousaccess"
            | "anonymousenabled"
                if is_true(v) =>
            {
                return Some((v, format!("`{raw}: {text}`")))
            }
            "requirepass" | "password" | "token" | "authtoken" | "accesstoken" | "apikey"
                if quoted_empty =>
            {
                return Some((v, format!("empty `{raw}`")))
            }
            _ => {}
        }
    }
    None
}
