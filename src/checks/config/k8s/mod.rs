//! Configuration rules for Kubernetes manifests, docker-compose files, Helm values and
//! application config files. Every entry point takes trees from [`crate::checks::config::yaml`] (so every
//! hit has a line and column) and returns [`Hit`]s; rule metadata and examples are data in `rules/config-k8s.yaml`.
//!
//! Layout: `workload` finds the pod spec of each workload kind and judges pod-level
//! settings, `container` judges each container, `rbac` Roles and ClusterRoles, `netpol`
//! the repository-wide NetworkPolicy facts, `compose` docker-compose services, `appconfig`
//! values and config files. `image`, `caps`, `secretname` and `scalar` hold the small
//! shared heuristics, `rules` the per-hit severity and `dispatch` which analysis a file gets.
//!
//! Choices worth knowing:
//! - `config/k8s-privilege-escalation`: an explicit `allowPrivilegeEscalation: true` and a
//!   missing setting are both reported (one rule, medium; [`raised_severity`] raises the explicit
//!   case to high); a privileged container is not reported a second time for it.
//! - `config/k8s-run-as-root`: `runAsUser: 0` is reported wherever it is effective; else a
//!   container is fine with either `runAsNonRoot: true` or a non-zero `runAsUser`
//!   (container settings override the pod's).
//! - `config/k8s-default-namespace`: only an explicit `namespace: default`; a missing
//!   namespace is not reported (kubectl -n, kustomize and Helm set it at deploy time).
//! - `config/k8s-sa-token-automount`: the pod spec, or a ServiceAccount in the same file
//!   that the pod names, must set `automountServiceAccountToken: false`.
//! - `config/k8s-namespace-without-network-policy` counts only namespaces that are named
//!   (a Namespace object or a workload's `metadata.namespace`).
//! - A hit has one rule severity; [`raised_severity`] gives the per-hit severity where a case is
//!   worse than the rule's usual one (runtime socket or system directory as hostPath).

mod appconfig;
mod caps;
mod compose;
mod container;
mod dispatch;
mod image;
mod netpol;
mod rbac;
mod rules;
mod scalar;
pub(crate) mod secretname;
mod workload;

#[cfg(test)]
mod tests;

use crate::checks::config::yaml::Node;

pub use appconfig::{analyse_app_config, is_production_path};
pub use compose::{analyse_compose, is_compose_path};
pub use dispatch::analyse_file;
pub use netpol::{kube_facts, namespaces_without_policy, KubeFacts, SYSTEM_NAMESPACES};
pub use rules::raised_severity;

/// One finding: the rule, where it points (1-based line and column) and what it says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub rule: &'static str,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// A hit pointing at the start of `node`.
pub(crate) fn hit_at(rule: &'static str, node: &Node, message: String) -> Hit {
    Hit {
        rule,
        line: node.span.start.line,
        column: node.span.start.column,
        message,
    }
}

/// Is this document a Kubernetes object? (has string `apiVersion` and `kind`)
pub fn is_kubernetes(doc: &Node) -> bool {
    let nonempty = |k: &str| doc.get_str(k).is_some_and(|s| !s.trim().is_empty());
    nonempty("apiVersion") && nonempty("kind")
}

/// The Kubernetes objects of a file: each document, with the `items` of a `kind: List`
/// (or `FooList`) in place of the list itself. Documents that are not objects are left out.
pub(crate) fn objects<'a>(docs: &[&'a Node]) -> Vec<&'a Node> {
    let mut out = Vec::new();
    for doc in docs {
        collect_objects(doc, 0, &mut out);
    }
    out
}

fn collect_objects<'a>(node: &'a Node, depth: usize, out: &mut Vec<&'a Node>) {
    if !is_kubernetes(node) {
        return;
    }
    let kind = node.get_str("kind").unwrap_or("");
    if kind.ends_with("List") && depth < 4 {
        if let Some(items) = node.get("items") {
            for item in items.items() {
                collect_objects(item, depth + 1, out);
            }
            return;
        }
    }
    out.push(node);
}

/// `metadata.name` (or `generateName`) of an object, for messages.
pub(crate) fn object_name(obj: &Node) -> String {
    let meta = obj.get("metadata");
    meta.and_then(|m| m.get_str("name"))
        .or_else(|| meta.and_then(|m| m.get_str("generateName")))
        .filter(|s| !s.is_empty())
        .unwrap_or("<unnamed>")
        .to_string()
}

/// The `kind:` key of an object: where "missing X" findings on the object point.
pub(crate) fn kind_key(obj: &Node) -> &Node {
    obj.get_entry("kind").map_or(obj, |(k, _)| k)
}

/// Kubernetes manifests: every document of one file (multi-document, `kind: List` items too).
pub fn analyse_kubernetes(docs: &[&Node]) -> Vec<Hit> {
    let objs = objects(docs);
    let no_automount = workload::service_accounts_without_automount(&objs);
    let mut out = Vec::new();
    for obj in &objs {
        workload::check_namespace(obj, &mut out);
        rbac::check(obj, &mut out);
        if let Some(w) = workload::Workload::of(obj) {
            workload::check_pod(&w, &no_automount, &mut out);
            for (label, c) in w.containers() {
                container::check(&w, label, c, &mut out);
            }
        }
    }
    out.sort_by(|a, b| (a.line, a.column, a.rule).cmp(&(b.line, b.column, b.rule)));
    out.dedup();
    out
}
