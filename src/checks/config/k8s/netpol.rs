//! Repository-wide: namespaces that run workloads but have no NetworkPolicy anywhere.
//!
//! Each file contributes [`KubeFacts`]; [`namespaces_without_policy`] joins them. A
//! workload without `metadata.namespace` is not counted (its namespace is chosen at deploy
//! time). A cluster-wide policy kind (Calico `GlobalNetworkPolicy`, Cilium
//! `CiliumClusterwideNetworkPolicy`) covers every namespace. The system namespaces
//! (`kube-system`, `kube-public`, `kube-node-lease`) are not reported.

use super::workload::Workload;
use super::{objects, Hit};
use crate::checks::config::yaml::Node;

/// What one file says about namespaces and their NetworkPolicies.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KubeFacts {
    /// Namespaces declared (`kind: Namespace`) or used by workloads (`metadata.namespace`),
    /// with the position of the name, in file order.
    pub workload_namespaces: Vec<(String, usize, usize)>,
    /// Namespaces that have a NetworkPolicy in this file (`*` for a cluster-wide policy,
    /// an empty string for a policy without `metadata.namespace`).
    pub policy_namespaces: Vec<String>,
}

const POLICY_KINDS: &[&str] = &["NetworkPolicy", "CiliumNetworkPolicy", "AdminNetworkPolicy"];
const CLUSTER_POLICY_KINDS: &[&str] = &[
    "GlobalNetworkPolicy",
    "CiliumClusterwideNetworkPolicy",
    "BaselineAdminNetworkPolicy",
];
pub const SYSTEM_NAMESPACES: &[&str] = &["kube-system", "kube-public", "kube-node-lease"];

pub fn kube_facts(docs: &[&Node]) -> KubeFacts {
    let mut facts = KubeFacts::default();
    for obj in objects(docs) {
        let kind = obj.get_str("kind").unwrap_or("");
        let meta = obj.get("metadata");
        let ns = meta.and_then(|m| m.get("namespace"));
        if kind == "Namespace" {
            if let Some(n) = meta.and_then(|m| m.get("name")) {
                push_ns(&mut facts, n);
            }
        } else if CLUSTER_POLICY_KINDS.contains(&kind) {
            facts.policy_namespaces.push("*".to_string());
        } else if POLICY_KINDS.contains(&kind) {
            let name = ns.and_then(Node::as_str).unwrap_or("").to_string();
            // AdminNetworkPolicy is cluster-scoped.
            let name = if kind == "AdminNetworkPolicy" {
                "*".to_string()
            } else {
                name
            };
            if !facts.policy_namespaces.contains(&name) {
                facts.policy_namespaces.push(name);
            }
        } else if Workload::of(obj).is_some() {
            if let Some(n) = ns {
                push_ns(&mut facts, n);
            }
        }
    }
    facts
}

fn push_ns(facts: &mut KubeFacts, node: &Node) {
    let Some(name) = node.as_str().map(str::trim).filter(|s| !s.is_empty()) else {
        return;
    };
    if name.contains("{{") || name.contains("${") {
        return;
    }
    facts.workload_namespaces.push((
        name.to_string(),
        node.span.start.line,
        node.span.start.column,
    ));
}

/// Given facts from all files: one hit (with its file index) per namespace that has
/// workloads but no NetworkPolicy anywhere, at its first mention.
pub fn namespaces_without_policy(files: &[KubeFacts]) -> Vec<(usize, Hit)> {
    let covered = |ns: &str| {
        files
            .iter()
            .any(|f| f.policy_namespaces.iter().any(|p| p == ns || p == "*"))
    };
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for (i, f) in files.iter().enumerate() {
        for (ns, line, column) in &f.workload_namespaces {
            if seen.contains(&ns.as_str()) {
                continue;
            }
            seen.push(ns);
            if SYSTEM_NAMESPACES.contains(&ns.as_str()) || covered(ns) {
                continue;
            }
            out.push((
                i,
                Hit {
                    rule: "config/k8s-namespace-without-network-policy",
                    line: *line,
                    column: *column,
                    message: format!(
                        "namespace `{ns}` runs workloads but no NetworkPolicy in the repository selects it, so all pod traffic is allowed"
                    ),
                },
            ));
        }
    }
    out
}
