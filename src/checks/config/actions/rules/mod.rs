//! One file per audit. Each exposes `ID` and `check(ctx, out)`.

use super::yaml::Node;
use super::{Ctx, Hit};

pub mod artipacked;
pub mod cache_poisoning;
pub mod dangerous_trigger;
pub mod excessive_permissions;
pub mod github_env;
pub mod hardcoded_credentials;
pub mod secrets_inherit;
pub mod self_hosted_runner;
pub mod template_injection;
pub mod unpinned_images;
pub mod unpinned_uses;
pub mod unsecure_commands;

/// Rule id and the zizmor audit it corresponds to.
pub const RULES: &[(&str, &str)] = &[
    (template_injection::ID, "template-injection"),
    (dangerous_trigger::ID, "dangerous-triggers"),
    (unpinned_uses::ID, "unpinned-uses"),
    (excessive_permissions::ID, "excessive-permissions"),
    (secrets_inherit::ID, "secrets-inherit"),
    (artipacked::ID, "artipacked"),
    (unsecure_commands::ID, "insecure-commands"),
    (github_env::ID, "github-env"),
    (hardcoded_credentials::ID, "hardcoded-container-credentials"),
    (cache_poisoning::ID, "cache-poisoning"),
    (self_hosted_runner::ID, "self-hosted-runner"),
    (unpinned_images::ID, "unpinned-images"),
];

pub fn run_all(ctx: &Ctx<'_>, out: &mut Vec<Hit>) {
    template_injection::check(ctx, out);
    dangerous_trigger::check(ctx, out);
    unpinned_uses::check(ctx, out);
    excessive_permissions::check(ctx, out);
    secrets_inherit::check(ctx, out);
    artipacked::check(ctx, out);
    unsecure_commands::check(ctx, out);
    github_env::check(ctx, out);
    hardcoded_credentials::check(ctx, out);
    cache_poisoning::check(ctx, out);
    self_hosted_runner::check(ctx, out);
    unpinned_images::check(ctx, out);
}

/// The node's source text holds a `${{ }}` expression.
pub fn has_expr(node: &Node, src: &str) -> bool {
    node.raw(src).contains("${{") || node.as_str().is_some_and(|s| s.contains("${{"))
}

/// Scalar `false` (any case), as GitHub reads boolean inputs.
pub fn is_false(node: Option<&Node>) -> bool {
    node.and_then(Node::as_str)
        .is_some_and(|s| s.trim().eq_ignore_ascii_case("false"))
}

/// Scalar `true` (any case).
pub fn is_true(node: Option<&Node>) -> bool {
    node.and_then(Node::as_str)
        .is_some_and(|s| s.trim().eq_ignore_ascii_case("true"))
}

/// Look up a key case-insensitively.
pub fn get_ci<'a>(node: &'a Node, key: &str) -> Option<(&'a Node, &'a Node)> {
    node.entries()
        .iter()
        .find(|(k, _)| k.as_str().is_some_and(|s| s.eq_ignore_ascii_case(key)))
        .map(|(k, v)| (k, v))
}

/// Does source line `line` (1-based) carry a `zizmor: ignore[...]` comment naming
/// `ident`? Used for comments on a block header (`on:`, `run: |`) that zizmor applies to
/// what the block holds; a comment on the hit's own line is handled by picket's filter.
pub fn zizmor_ignored(src: &str, line: usize, ident: &str) -> bool {
    let Some(text) = src.lines().nth(line.saturating_sub(1)) else {
        return false;
    };
    let Some(i) = text.find("zizmor: ignore[") else {
        return false;
    };
    let list = text
        .get(i + "zizmor: ignore[".len()..)
        .unwrap_or("")
        .split(']')
        .next()
        .unwrap_or("");
    list.split(',').any(|x| x.trim() == ident)
}

#[cfg(test)]
pub(crate) mod testutil {
    use super::super::{analyse, FileKind, Hit, Settings};

    pub fn hits(kind: FileKind, src: &str, rule: &str) -> Vec<Hit> {
        analyse(kind, src, &Settings::default())
            .expect("parses")
            .into_iter()
            .filter(|h| h.rule == rule)
            .collect()
    }

    pub fn lines(src: &str, rule: &str) -> Vec<usize> {
        hits(FileKind::Workflow, src, rule)
            .iter()
            .map(|h| h.line)
            .collect()
    }
}
