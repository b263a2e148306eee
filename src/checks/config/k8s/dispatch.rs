//! Which analysis a configuration file gets.

use super::{
    analyse_app_config, analyse_compose, analyse_kubernetes, is_compose_path, is_kubernetes, Hit,
};
use crate::checks::config::yaml::Node;

/// Judge one parsed file: a compose file (by name, or a root with a `services` mapping of
/// services) with [`analyse_compose`]; a file with Kubernetes objects with
/// [`analyse_kubernetes`]; anything else with [`analyse_app_config`]. The repository-wide
/// NetworkPolicy rule needs every file's [`kube_facts`] and is the caller's.
pub fn analyse_file(path: &str, docs: &[&Node]) -> Vec<Hit> {
    if is_compose_path(path) || docs.first().is_some_and(|d| looks_like_compose(d)) {
        return docs.iter().flat_map(|d| analyse_compose(d)).collect();
    }
    if docs.iter().any(|d| is_kubernetes(d)) {
        return analyse_kubernetes(docs);
    }
    docs.iter()
        .flat_map(|d| analyse_app_config(path, d))
        .collect()
}

fn looks_like_compose(root: &Node) -> bool {
    !is_kubernetes(root)
        && root.get("services").is_some_and(|s| {
            !s.entries().is_empty()
                && s.entries()
                    .iter()
                    .all(|(_, v)| v.get("image").is_some() || v.get("build").is_some())
        })
}
