//! Reading scalars the way the tools that consume these files do: Kubernetes goes through
//! YAML 1.1 (so `yes`/`on` are booleans), config loaders usually accept a quoted "true".

use crate::checks::config::yaml::Node;

/// `true`, `yes`, `on` in any case and quoting.
pub(crate) fn is_true(node: &Node) -> bool {
    node.as_str().is_some_and(|s| {
        matches!(
            s.trim().to_ascii_lowercase().as_str(),
            "true" | "yes" | "on"
        )
    })
}

/// `false`, `no`, `off` in any case and quoting.
pub(crate) fn is_false(node: &Node) -> bool {
    node.as_str().is_some_and(|s| {
        matches!(
            s.trim().to_ascii_lowercase().as_str(),
            "false" | "no" | "off"
        )
    })
}

/// A key reduced to lowercase letters and digits: `insecure_skip_verify`, `insecureSkipVerify`
/// and `insecure-skip-verify` all become `insecureskipverify`.
pub(crate) fn norm_key(key: &str) -> String {
    key.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The value of the first entry whose key, normalised, is one of `keys`.
pub(crate) fn get_norm<'a>(map: &'a Node, keys: &[&str]) -> Option<(&'a Node, &'a Node)> {
    map.entries()
        .iter()
        .find(|(k, _)| {
            k.as_str()
                .is_some_and(|s| keys.contains(&norm_key(s).as_str()))
        })
        .map(|(k, v)| (k, v))
}

/// A value that is filled in later rather than written here: `$(VAR)` (Kubernetes),
/// `${VAR}` (compose, envsubst), `{{ ... }}` (Helm, Jinja), `%(name)s`, `#{...}`.
pub(crate) fn is_reference(value: &str) -> bool {
    let v = value.trim();
    v.contains("${")
        || v.contains("{{")
        || v.contains("#{")
        || v.contains("%(")
        || (v.starts_with("$(") && v.ends_with(')'))
        || (v.starts_with('$')
            && v.len() > 1
            && v[1..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_'))
}
