//! Restoring a build cache in a workflow that publishes something (runs on a release,
//! a tag push or a push to a release branch, or has a publishing step): any workflow
//! of the repository, including one running attacker code, can write that cache, and
//! the release then ships what the cache held.

use super::super::model::{Step, Workflow};
use super::super::yaml::Node;
use super::super::{hit_at, Ctx, Hit};

use super::{is_false, is_true};

pub const ID: &str = "config/actions-cache-poisoning";

/// Actions that publish releases or packages.
const PUBLISHERS: &[&str] = &[
    "softprops/action-gh-release",
    "pypa/gh-action-pypi-publish",
    "goreleaser/goreleaser-action",
    "ncipollo/release-action",
    "svenstaro/upload-release-action",
    "actions/create-release",
    "actions/upload-release-asset",
    "rust-lang/crates-io-auth-action",
    "JS-DevTools/npm-publish",
    "changesets/action",
    "release-drafter/release-drafter",
    "marvinpinto/action-automatic-releases",
];

/// Why a step caches, if it does.
fn caching(step: &Step<'_>) -> Option<&'static str> {
    let nonempty = |n: Option<&Node>| {
        n.and_then(Node::as_str)
            .is_some_and(|s| !s.trim().is_empty() && !s.trim().eq_ignore_ascii_case("false"))
    };
    let uses = step.uses()?;
    let name = uses.action_name()?;
    match name.as_str() {
        "actions/cache" => (!is_true(step.input("lookup-only")))
            .then_some("`actions/cache` restores and saves a cache (no `lookup-only: true`)"),
        "actions/setup-go" => (!is_false(step.input("cache")))
            .then_some("`actions/setup-go` caches by default (no `cache: false`)"),
        "actions/setup-node" => (nonempty(step.input("cache"))
            || !is_false(step.input("package-manager-cache")))
        .then_some("`actions/setup-node` caches packages (no `package-manager-cache: false`)"),
        "actions/setup-python" | "actions/setup-java" | "actions/setup-dotnet" => {
            nonempty(step.input("cache")).then_some("the setup action's `cache:` is enabled")
        }
        "astral-sh/setup-uv" => is_true(step.input("enable-cache"))
            .then_some("`astral-sh/setup-uv` has `enable-cache: true`"),
        "prefix-dev/setup-pixi" => {
            is_true(step.input("cache")).then_some("`setup-pixi` has `cache: true`")
        }
        "ruby/setup-ruby" => is_true(step.input("bundler-cache"))
            .then_some("`ruby/setup-ruby` has `bundler-cache: true`"),
        "swatinem/rust-cache" | "mozilla-actions/sccache-action" => {
            Some("this action always restores a cache")
        }
        _ => None,
    }
}

fn branch_filters_release(body: &Node) -> bool {
    let Some(b) = body.get("branches") else {
        return false;
    };
    let mut pats: Vec<&str> = b.items().iter().filter_map(Node::as_str).collect();
    if let Some(s) = b.as_str() {
        pats.push(s);
    }
    pats.iter()
        .any(|p| !p.starts_with('!') && p.to_ascii_lowercase().contains("release"))
}

/// The workflow's triggers make it a release workflow; the reason if so.
pub fn release_trigger(w: &Workflow<'_>) -> Option<String> {
    for t in &w.triggers {
        match t.name {
            "release" => return Some("runs on `release`".to_string()),
            "push" => {
                let Some(body) = t.body else { continue };
                if body.get("tags").is_some_and(|n| !n.is_null()) {
                    return Some("runs on tag pushes".to_string());
                }
                if branch_filters_release(body) {
                    return Some("runs on pushes to release branches".to_string());
                }
            }
            _ => {}
        }
    }
    None
}

fn publisher(steps: &[Step<'_>]) -> Option<String> {
    steps.iter().find_map(|s| {
        let u = s.uses()?;
        PUBLISHERS
            .iter()
            .find(|p| u.is(p))
            .map(|p| format!("publishes with `{p}`"))
    })
}

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Hit>) {
    let Some(w) = &ctx.workflow else { return };
    let trigger = release_trigger(w);
    for j in &w.jobs {
        let Some(why) = trigger.clone().or_else(|| publisher(&j.steps)) else {
            continue;
        };
        for s in &j.steps {
            let (Some(reason), Some(u)) = (caching(s), s.uses_node) else {
                continue;
            };
            out.push(hit_at(
                ID,
                u,
                format!("{reason}, in a workflow that {why}: a poisoned cache can end up in the release"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::lines;
    use super::*;

    #[test]
    fn release_workflow_caches() {
        let src = "on:\n  push:\n    tags: ['v*']\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/setup-go@v5\n      - uses: actions/setup-go@v5\n        with:\n          cache: false\n      - uses: actions/cache@v4\n        with:\n          lookup-only: true\n      - uses: actions/setup-python@v5\n        with:\n          cache: pip\n";
        assert_eq!(lines(src, ID), vec![8, 15]);
    }

    #[test]
    fn ci_workflow_fine_unless_publishing() {
        let src = "on: [push, pull_request]\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/cache@v4\n  b:\n    runs-on: x\n    steps:\n      - uses: actions/cache@v4\n      - uses: pypa/gh-action-pypi-publish@release/v1\n";
        assert_eq!(lines(src, ID), vec![10]);
    }

    #[test]
    fn release_branches() {
        let src = "on:\n  push:\n    branches: [main, 'release-*']\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/setup-node@v4\n";
        assert_eq!(lines(src, ID), vec![8]);
    }
}
