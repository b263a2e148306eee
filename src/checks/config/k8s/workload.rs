//! Pod-spec extraction for every workload kind, and the rules on the pod spec itself:
//! host namespaces, hostPath volumes, the service-account token, pod-level seccomp, and
//! the namespace of any object.

use super::scalar::{is_false, is_true};
use super::{hit_at, kind_key, object_name, Hit};
use crate::checks::config::yaml::Node;

/// A workload object and the pod template inside it.
pub(crate) struct Workload<'a> {
    pub kind: &'a str,
    pub name: String,
    pub object: &'a Node,
    /// `metadata` of the pod (the template's, or the Pod's own).
    pub pod_meta: Option<&'a Node>,
    pub pod_spec: &'a Node,
}

/// Label for a container list, as used in messages.
pub(crate) const CONTAINER_LISTS: &[(&str, &str)] = &[
    ("initContainers", "init container"),
    ("containers", "container"),
    ("ephemeralContainers", "ephemeral container"),
];

impl<'a> Workload<'a> {
    /// The pod template of `obj`, for the kinds that run pods.
    pub(crate) fn of(obj: &'a Node) -> Option<Workload<'a>> {
        let kind = obj.get_str("kind")?;
        let template: &Node = match kind {
            "Pod" => obj,
            "Deployment"
            | "StatefulSet"
            | "DaemonSet"
            | "ReplicaSet"
            | "Job"
            | "ReplicationController"
            | "Rollout" => obj.get("spec")?.get("template")?,
            "CronJob" => obj
                .get("spec")?
                .get("jobTemplate")?
                .get("spec")?
                .get("template")?,
            "PodTemplate" => obj.get("template")?,
            _ => return None,
        };
        let pod_spec = template.get("spec").filter(|s| s.is_map())?;
        Some(Workload {
            kind,
            name: object_name(obj),
            object: obj,
            pod_meta: template.get("metadata"),
            pod_spec,
        })
    }

    /// Every container of the pod with the label of its list.
    pub(crate) fn containers(&self) -> Vec<(&'static str, &'a Node)> {
        let mut out = Vec::new();
        for (key, label) in CONTAINER_LISTS {
            if let Some(list) = self.pod_spec.get(key) {
                for c in list.items().iter().filter(|c| c.is_map()) {
                    out.push((*label, c));
                }
            }
        }
        out
    }

    /// "Deployment `api`"
    pub(crate) fn describe(&self) -> String {
        format!("{} `{}`", self.kind, self.name)
    }

    /// The pod-level `securityContext`.
    pub(crate) fn pod_security(&self) -> Option<&'a Node> {
        self.pod_spec.get("securityContext")
    }

    /// A pod-template annotation.
    pub(crate) fn annotation(&self, name: &str) -> Option<&'a Node> {
        let from_pod = self
            .pod_meta
            .and_then(|m| m.get("annotations"))
            .and_then(|a| a.get(name));
        from_pod.or_else(|| {
            self.object
                .get("metadata")
                .and_then(|m| m.get("annotations"))
                .and_then(|a| a.get(name))
        })
    }
}

/// Host paths whose mount amounts to control of the node.
const SENSITIVE_HOST_PATHS: &[&str] = &[
    "/",
    "/etc",
    "/proc",
    "/sys",
    "/root",
    "/var/run",
    "/run",
    "/var/lib/kubelet",
    "/var/lib/docker",
    "/var/lib/containerd",
    "/boot",
    "/dev",
];

/// Directories whose every subpath holds node credentials or container runtime state.
const SENSITIVE_HOST_PREFIXES: &[&str] = &[
    "/etc/kubernetes",
    "/var/lib/kubelet",
    "/var/lib/etcd",
    "/var/lib/docker",
    "/var/lib/containerd",
    "/var/run/secrets",
    "/run/secrets",
    "/root",
];

const RUNTIME_SOCKETS: &[&str] = &[
    "docker.sock",
    "containerd.sock",
    "crio.sock",
    "cri-dockerd.sock",
    "podman.sock",
];

/// Why a host path is sensitive, if it is.
pub(crate) fn sensitive_host_path(path: &str) -> Option<&'static str> {
    let p = path.trim();
    let trimmed = if p.len() > 1 {
        p.trim_end_matches('/')
    } else {
        p
    };
    if RUNTIME_SOCKETS.iter().any(|s| trimmed.ends_with(s)) {
        return Some("container runtime socket");
    }
    if SENSITIVE_HOST_PATHS.contains(&trimmed) {
        return Some("node system directory");
    }
    if SENSITIVE_HOST_PREFIXES
        .iter()
        .any(|p| trimmed == *p || trimmed.starts_with(&format!("{p}/")))
    {
        return Some("node credentials or runtime state");
    }
    None
}

/// Names of ServiceAccounts in this file that set `automountServiceAccountToken: false`:
/// pods that use them do not get a token unless they ask for one.
pub(crate) fn service_accounts_without_automount(objs: &[&Node]) -> Vec<String> {
    objs.iter()
        .filter(|o| o.get_str("kind") == Some("ServiceAccount"))
        .filter(|o| o.get("automountServiceAccountToken").is_some_and(is_false))
        .map(|o| object_name(o))
        .collect()
}

/// Pod-level rules.
pub(crate) fn check_pod(w: &Workload<'_>, sa_no_automount: &[String], out: &mut Vec<Hit>) {
    let spec = w.pod_spec;
    for (key, what) in [
        ("hostNetwork", "the node's network namespace"),
        ("hostPID", "the node's process namespace"),
        ("hostIPC", "the node's IPC namespace"),
    ] {
        if let Some(v) = spec.get(key).filter(|v| is_true(v)) {
            out.push(hit_at(
                "config/k8s-host-namespace",
                v,
                format!("{} shares {what} (`{key}: true`)", w.describe()),
            ));
        }
    }

    for vol in spec.get("volumes").map(Node::items).unwrap_or(&[]) {
        let Some((hp_key, hp)) = vol.get_entry("hostPath") else {
            continue;
        };
        let vol_name = vol.get_str("name").unwrap_or("<unnamed>");
        let path_node = hp.get("path");
        let path = path_node.and_then(Node::as_str).unwrap_or("");
        let target = path_node.unwrap_or(hp_key);
        let message = match sensitive_host_path(path) {
            Some(why) => format!(
                "{} mounts the sensitive host path `{path}` ({why}) as volume `{vol_name}`",
                w.describe()
            ),
            None => format!(
                "{} mounts the host path `{path}` as volume `{vol_name}`",
                w.describe()
            ),
        };
        out.push(hit_at("config/k8s-host-path", target, message));
    }

    check_automount(w, sa_no_automount, out);

    if let Some(t) = spec
        .get("securityContext")
        .and_then(|s| s.get("seccompProfile"))
        .and_then(|p| p.get("type"))
        .filter(|t| {
            t.as_str()
                .is_some_and(|s| s.eq_ignore_ascii_case("Unconfined"))
        })
    {
        out.push(hit_at(
            "config/k8s-seccomp-unconfined",
            t,
            format!(
                "{} runs its pod without a seccomp profile (`Unconfined`)",
                w.describe()
            ),
        ));
    }
    if let Some(a) = w
        .annotation("seccomp.security.alpha.kubernetes.io/pod")
        .filter(|a| {
            a.as_str()
                .is_some_and(|s| s.eq_ignore_ascii_case("unconfined"))
        })
    {
        out.push(hit_at(
            "config/k8s-seccomp-unconfined",
            a,
            format!(
                "{} runs its pod without a seccomp profile (annotation `unconfined`)",
                w.describe()
            ),
        ));
    }
}

fn check_automount(w: &Workload<'_>, sa_no_automount: &[String], out: &mut Vec<Hit>) {
    let rule = "config/k8s-sa-token-automount";
    match w.pod_spec.get("automountServiceAccountToken") {
        Some(v) if is_false(v) => {}
        Some(v) if is_true(v) => out.push(hit_at(
            rule,
            v,
            format!(
                "{} mounts a service-account token into its pods",
                w.describe()
            ),
        )),
        _ => {
            let sa = w
                .pod_spec
                .get_str("serviceAccountName")
                .or_else(|| w.pod_spec.get_str("serviceAccount"))
                .unwrap_or("default");
            if sa_no_automount.iter().any(|n| n == sa) {
                return;
            }
            out.push(hit_at(
                rule,
                kind_key(w.object),
                format!(
                    "{} does not set `automountServiceAccountToken: false`, so its pods get a token for service account `{sa}`",
                    w.describe()
                ),
            ));
        }
    }
}

/// Kinds that live outside any namespace.
const CLUSTER_SCOPED: &[&str] = &[
    "Namespace",
    "Node",
    "PersistentVolume",
    "ClusterRole",
    "ClusterRoleBinding",
    "StorageClass",
    "CustomResourceDefinition",
    "PriorityClass",
    "IngressClass",
    "RuntimeClass",
    "PodSecurityPolicy",
    "ValidatingWebhookConfiguration",
    "MutatingWebhookConfiguration",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "APIService",
    "CSIDriver",
    "CSINode",
    "VolumeAttachment",
    "VolumeSnapshotClass",
    "CertificateSigningRequest",
    "ClusterIssuer",
    "GlobalNetworkPolicy",
    "CiliumClusterwideNetworkPolicy",
];

/// `config/k8s-default-namespace`: an explicit `namespace: default` on a namespaced kind.
/// A missing namespace is not reported: it is the normal way to write manifests that are
/// applied with `kubectl -n`, kustomize or Helm. The `kubernetes` Service and the
/// `default` ServiceAccount, which live there by design, are skipped.
pub(crate) fn check_namespace(obj: &Node, out: &mut Vec<Hit>) {
    let kind = obj.get_str("kind").unwrap_or("");
    if CLUSTER_SCOPED.contains(&kind) {
        return;
    }
    let name = object_name(obj);
    if (kind == "Service" && name == "kubernetes")
        || (kind == "ServiceAccount" && name == "default")
    {
        return;
    }
    if let Some(ns) = obj
        .get("metadata")
        .and_then(|m| m.get("namespace"))
        .filter(|n| n.as_str() == Some("default"))
    {
        out.push(hit_at(
            "config/k8s-default-namespace",
            ns,
            format!("{kind} `{name}` is placed in the `default` namespace"),
        ));
    }
}
