//! Metadata of every rule of this module: title, severity, equivalent rules of other
//! tools (Trivy `KSV…`, checkov `CKV_K8S_…`), description and remediation.

use super::Hit;

/// One rule's metadata.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleMeta {
    pub id: &'static str,
    pub title: &'static str,
    /// `critical`, `high`, `medium`, `low` or `info`.
    pub severity: &'static str,
    /// Rules of other tools that check the same thing, as `tool:ID`.
    pub equivalents: &'static [&'static str],
    pub description: &'static str,
    pub remediation: &'static str,
}

pub const RULES: &[RuleMeta] = &[
    RuleMeta {
        id: "config/k8s-privileged",
        title: "Privileged container",
        severity: "high",
        equivalents: &["trivy:KSV017", "checkov:CKV_K8S_16"],
        description: "A container with `securityContext.privileged: true` runs with every capability and access to all host devices; escaping to the node is trivial, so a compromise of the container is a compromise of the node and everything scheduled on it.",
        remediation: "Remove `privileged: true`; grant only the specific capability or device the workload needs.",
    },
    RuleMeta {
        id: "config/k8s-privilege-escalation",
        title: "Privilege escalation allowed",
        severity: "medium",
        equivalents: &["trivy:KSV001", "checkov:CKV_K8S_20"],
        description: "Unless a container sets `allowPrivilegeEscalation: false`, a process in it can gain more privileges than its parent through setuid/setgid binaries or file capabilities (the kernel's `no_new_privs` flag is not set). An explicit `true` is reported with a stronger message; a missing setting is reported too, except on privileged containers, which `config/k8s-privileged` already covers.",
        remediation: "Set `securityContext.allowPrivilegeEscalation: false` on every container.",
    },
    RuleMeta {
        id: "config/k8s-run-as-root",
        title: "Container may run as root",
        severity: "medium",
        equivalents: &["trivy:KSV012", "trivy:KSV105", "checkov:CKV_K8S_23"],
        description: "A container with `runAsUser: 0`, or with neither `runAsNonRoot: true` nor a non-zero `runAsUser` (container settings override the pod's), runs as whatever user the image declares, which is root for most images. Root in the container makes kernel and runtime escapes far more dangerous and lets the process modify the image's files.",
        remediation: "Set `runAsNonRoot: true` and a non-zero `runAsUser` in the pod or container `securityContext`, and build the image with a non-root USER.",
    },
    RuleMeta {
        id: "config/k8s-host-namespace",
        title: "Pod shares a host namespace",
        severity: "high",
        equivalents: &["trivy:KSV008", "trivy:KSV009", "trivy:KSV010", "checkov:CKV_K8S_17", "checkov:CKV_K8S_18", "checkov:CKV_K8S_19"],
        description: "`hostNetwork`, `hostPID` or `hostIPC: true` puts the pod in the node's network, process or IPC namespace: it can sniff or bind node traffic and reach services listening on localhost, see and signal every process on the node, or read shared memory of other workloads.",
        remediation: "Remove `hostNetwork`, `hostPID` and `hostIPC` (or set them to false); expose ports through a Service instead.",
    },
    RuleMeta {
        id: "config/k8s-host-path",
        title: "hostPath volume",
        severity: "high",
        equivalents: &["trivy:KSV023", "trivy:KSV006", "trivy:KSV121", "checkov:CKV_K8S_27"],
        description: "A `hostPath` volume mounts a directory of the node into the pod, bypassing the container's filesystem isolation. Mounting a container runtime socket (docker.sock, containerd.sock, crio.sock) or a system or credential directory (/, /etc, /proc, /sys, /var/run, /root, anything under /etc/kubernetes, /var/lib/kubelet, /var/lib/etcd or the runtimes' state) gives control of the node and is reported as critical; other paths as high.",
        remediation: "Use a PersistentVolumeClaim, emptyDir, ConfigMap or Secret volume instead; if a host path is unavoidable, mount the narrowest path read-only.",
    },
    RuleMeta {
        id: "config/k8s-writable-root-fs",
        title: "Writable root filesystem",
        severity: "low",
        equivalents: &["trivy:KSV014", "checkov:CKV_K8S_22"],
        description: "Without `readOnlyRootFilesystem: true` an attacker who gets code execution in the container can drop tools, modify binaries and persist changes for the life of the container.",
        remediation: "Set `securityContext.readOnlyRootFilesystem: true` and mount an emptyDir where the application needs to write.",
    },
    RuleMeta {
        id: "config/k8s-capabilities",
        title: "Dangerous or undropped Linux capabilities",
        severity: "medium",
        equivalents: &["trivy:KSV003", "trivy:KSV005", "trivy:KSV022", "checkov:CKV_K8S_25", "checkov:CKV_K8S_28", "checkov:CKV_K8S_37", "checkov:CKV_K8S_39"],
        description: "`capabilities.add` with SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE, NET_RAW, DAC_OVERRIDE, ALL or similar hands the container kernel powers that lead to escapes or network attacks (reported as high); a container whose `capabilities.drop` does not contain ALL keeps the runtime's default set, including NET_RAW (reported as medium, not for privileged containers).",
        remediation: "Set `capabilities.drop: [ALL]` and add back only what the process needs, such as NET_BIND_SERVICE.",
    },
    RuleMeta {
        id: "config/k8s-seccomp-unconfined",
        title: "Seccomp turned off",
        severity: "medium",
        equivalents: &["trivy:KSV104", "checkov:CKV_K8S_31"],
        description: "`seccompProfile.type: Unconfined` (pod or container) or the legacy annotation `seccomp.security.alpha.kubernetes.io/pod: unconfined` lets the container make every system call, including the rarely used ones behind most kernel privilege-escalation exploits.",
        remediation: "Use `seccompProfile: {type: RuntimeDefault}` (or a Localhost profile) at pod level.",
    },
    RuleMeta {
        id: "config/k8s-image-tag",
        title: "Container image not pinned",
        severity: "medium",
        equivalents: &["trivy:KSV013", "checkov:CKV_K8S_14"],
        description: "An image without a tag or with `:latest` (and no digest) changes under the workload: each node can run a different version, rollbacks do not roll back, and a compromised upstream push is deployed on the next pod restart.",
        remediation: "Reference a version tag, or better a digest (`image: repo/app:1.4.2@sha256:...`).",
    },
    RuleMeta {
        id: "config/k8s-resource-limits",
        title: "Container without resource limits",
        severity: "low",
        equivalents: &["trivy:KSV011", "trivy:KSV015", "trivy:KSV016", "trivy:KSV018", "checkov:CKV_K8S_10", "checkov:CKV_K8S_11", "checkov:CKV_K8S_12", "checkov:CKV_K8S_13"],
        description: "A container without `resources.limits.memory` or `limits.cpu` can consume the node's memory or CPU and starve or evict its neighbours, which makes a single compromised or buggy pod a denial of service for the node. The message also names requests that are missing (a request defaults to its limit).",
        remediation: "Set `resources.requests` and `resources.limits` for memory and CPU on every container.",
    },
    RuleMeta {
        id: "config/k8s-secret-in-env",
        title: "Secret written into a container's env",
        severity: "high",
        equivalents: &[],
        description: "An `env` entry whose name looks like a credential (PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, ACCESS_KEY, CREDENTIAL...) has a literal `value`: the secret is committed with the manifest and visible to anyone who can read the Deployment. Empty values and `$(VAR)` references are not reported.",
        remediation: "Store the value in a Secret and reference it with `valueFrom.secretKeyRef`, or mount it as a file.",
    },
    RuleMeta {
        id: "config/k8s-sa-token-automount",
        title: "Service-account token mounted automatically",
        severity: "low",
        equivalents: &["trivy:KSV036", "checkov:CKV_K8S_38"],
        description: "Unless the pod spec (or the ServiceAccount it uses, when defined in the same file) sets `automountServiceAccountToken: false`, every container gets an API token. Most applications never call the Kubernetes API, and the token is the first thing an attacker uses to move from a compromised pod to the cluster.",
        remediation: "Set `automountServiceAccountToken: false` in the pod spec, and mount a projected token only into workloads that talk to the API server.",
    },
    RuleMeta {
        id: "config/k8s-rbac-wildcard",
        title: "Wildcard in an RBAC role",
        severity: "high",
        equivalents: &["trivy:KSV044", "trivy:KSV045", "trivy:KSV046", "checkov:CKV_K8S_49"],
        description: "A Role or ClusterRole rule with `*` in `verbs`, `resources` or `apiGroups` grants every current and future action, resource or API group, including secrets, RBAC objects and custom resources added later; it is rarely what the subject needs and often amounts to cluster-admin.",
        remediation: "List the exact apiGroups, resources and verbs the subject needs.",
    },
    RuleMeta {
        id: "config/k8s-rbac-secrets-access",
        title: "RBAC role can read Secrets",
        severity: "medium",
        equivalents: &["trivy:KSV041", "trivy:KSV113"],
        description: "A Role or ClusterRole that grants get, list or watch on `secrets` (without `resourceNames`) can read every Secret in its namespace or in the cluster, including service-account tokens of more privileged accounts.",
        remediation: "Limit the rule with `resourceNames` to the Secrets the subject needs, or mount the Secret into the pod instead of reading it through the API.",
    },
    RuleMeta {
        id: "config/k8s-default-namespace",
        title: "Object in the default namespace",
        severity: "low",
        equivalents: &["trivy:KSV110", "checkov:CKV_K8S_21"],
        description: "An object with `metadata.namespace: default` shares the namespace that every user and tool falls back to, so RBAC, quotas and NetworkPolicies cannot separate it from everything else deployed there. Only an explicit `default` is reported: a missing namespace is the normal way to write manifests applied with `-n`, kustomize or Helm.",
        remediation: "Create a dedicated namespace for the application and set `metadata.namespace` to it.",
    },
    RuleMeta {
        id: "config/k8s-host-port",
        title: "Container binds a host port",
        severity: "medium",
        equivalents: &["trivy:KSV024", "checkov:CKV_K8S_26"],
        description: "`ports[].hostPort` opens the port on the node's own address, bypassing Services and NetworkPolicies, and pins the pod to nodes where the port is free.",
        remediation: "Remove `hostPort` and expose the container through a Service (NodePort or LoadBalancer if it must be reachable from outside).",
    },
    RuleMeta {
        id: "config/k8s-namespace-without-network-policy",
        title: "Namespace without a NetworkPolicy",
        severity: "low",
        equivalents: &[],
        description: "A namespace that is declared or used by workloads in the repository, but that no NetworkPolicy anywhere in the repository selects: every pod in it accepts traffic from every other pod in the cluster, so one compromised workload can reach all of them. Workloads without `metadata.namespace`, system namespaces and repositories with a cluster-wide policy (Calico GlobalNetworkPolicy, CiliumClusterwideNetworkPolicy) are not reported.",
        remediation: "Add a default-deny NetworkPolicy to the namespace and allow the flows the application needs.",
    },
    RuleMeta {
        id: "config/compose-privileged",
        title: "Privileged compose service",
        severity: "high",
        equivalents: &[],
        description: "`privileged: true` gives the service's containers every capability and all host devices; escaping to the host is trivial.",
        remediation: "Remove `privileged: true`; use `cap_add` or `devices` for the one thing the service needs.",
    },
    RuleMeta {
        id: "config/compose-host-namespace",
        title: "Compose service shares a host namespace",
        severity: "high",
        equivalents: &[],
        description: "`network_mode: host`, `pid: host`, `ipc: host`, `uts: host` or `userns_mode: host` removes the service's isolation from the host's network stack, processes, shared memory or user namespace.",
        remediation: "Remove the host mode and publish the ports the service needs with `ports:`.",
    },
    RuleMeta {
        id: "config/compose-docker-socket",
        title: "Docker socket mounted into a service",
        severity: "critical",
        equivalents: &[],
        description: "A volume that mounts /var/run/docker.sock (or another Docker-compatible socket) lets the container start privileged containers on the host: it is root on the host for anyone who controls the service.",
        remediation: "Do not mount the socket; if a tool needs the Docker API, put a filtering socket proxy in front of it and mount that read-only.",
    },
    RuleMeta {
        id: "config/compose-cap-add",
        title: "Compose service adds a dangerous capability",
        severity: "high",
        equivalents: &[],
        description: "`cap_add` with SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE, NET_RAW, DAC_OVERRIDE, ALL or similar gives the container kernel powers that lead to container escapes or attacks on the host network.",
        remediation: "Remove the capability, or replace it with the narrowest one that works; add `cap_drop: [ALL]`.",
    },
    RuleMeta {
        id: "config/compose-seccomp-unconfined",
        title: "Compose service turns off a security profile",
        severity: "medium",
        equivalents: &[],
        description: "`security_opt` with `seccomp:unconfined`, `apparmor:unconfined`, `label:disable` or `systempaths=unconfined` removes a kernel-level confinement layer that blocks most container-escape techniques.",
        remediation: "Remove the option, or supply a custom profile that allows only the extra system calls the service needs.",
    },
    RuleMeta {
        id: "config/compose-exposed-database",
        title: "Database port published on all interfaces",
        severity: "high",
        equivalents: &[],
        description: "A `ports:` entry publishes a database, cache, message broker, admin UI or Docker API port (5432, 3306, 27017, 6379, 9200, 11211, 5672, 2375...; or any port of a postgres/mysql/mongo/redis/elasticsearch/adminer/pgadmin image) without a host IP, so Docker binds it on every interface and inserts firewall rules that bypass ufw: the service is reachable from the network, often with default credentials.",
        remediation: "Publish on the loopback address only (`127.0.0.1:5432:5432`), or drop the mapping and reach the service over the compose network.",
    },
    RuleMeta {
        id: "config/compose-secret-in-environment",
        title: "Secret written into a compose environment",
        severity: "high",
        equivalents: &[],
        description: "An `environment` (or `build.args`) entry whose name looks like a credential has a literal value: the secret is committed with the compose file and visible in `docker inspect`. Values that interpolate `${VAR}` and variables passed through without a value are not reported.",
        remediation: "Use `${VAR}` interpolation from an untracked .env file, or compose `secrets:`.",
    },
    RuleMeta {
        id: "config/compose-image-tag",
        title: "Compose image not pinned",
        severity: "medium",
        equivalents: &[],
        description: "A service without `build:` whose `image` has no tag or the `latest` tag (and no digest) runs whatever was pushed last: deployments are not reproducible and a compromised upstream image is picked up silently.",
        remediation: "Pin a version tag or a digest (`postgres:16.3` or `postgres@sha256:...`).",
    },
    RuleMeta {
        id: "config/tls-verification-disabled",
        title: "TLS certificate verification turned off",
        severity: "high",
        equivalents: &[],
        description: "A configuration key such as `insecureSkipVerify: true`, `tlsVerify: false`, `verify_ssl: false`, `rejectUnauthorized: false`, or `verify: false` / `insecure: true` under a tls/ssl key, makes the client accept any certificate: anyone on the network path can intercept the connection and read or change its traffic, credentials included.",
        remediation: "Remove the setting and give the client the CA bundle that signed the server's certificate.",
    },
    RuleMeta {
        id: "config/network-policy-disabled",
        title: "Chart NetworkPolicy turned off",
        severity: "low",
        equivalents: &[],
        description: "Helm values with `networkPolicy.enabled: false` (at any depth) tell the chart not to render the NetworkPolicy it ships, so the release accepts traffic from every pod in the cluster.",
        remediation: "Set `networkPolicy.enabled: true` and configure the allowed sources the chart exposes.",
    },
    RuleMeta {
        id: "config/debug-in-production",
        title: "Debug mode in a production config",
        severity: "medium",
        equivalents: &[],
        description: "`debug: true` (or `DEBUG`, `APP_DEBUG`, `debugMode`...) in a file whose path marks it as production (prod, production, live; not test, dev, example, sample, local). Debug modes print stack traces and configuration to users and sometimes open interactive consoles that run code.",
        remediation: "Set debug to false in production configuration and enable it only in local or development files.",
    },
    RuleMeta {
        id: "config/default-credentials",
        title: "Default or trivial password",
        severity: "high",
        equivalents: &[],
        description: "A password key (password, adminPassword, rootPassword, postgresPassword, auth.password...) is set to a well-known default such as admin, password, changeme, secret, root, 123456, guest or letmein, or to the same value as its username key (admin/admin). These are the first credentials every scanner and attacker tries.",
        remediation: "Remove the literal and generate a strong password at deploy time (existingSecret, a Secret manager, or `${VAR}` from an untracked file).",
    },
    RuleMeta {
        id: "config/bind-all-interfaces-without-auth",
        title: "Listening on all interfaces with authentication off",
        severity: "high",
        equivalents: &[],
        description: "A host/bind/listen key set to 0.0.0.0 or `::` in a mapping (or next to one) that explicitly turns authentication off: redis `protected-mode: no`, `auth: {enabled: false}`, `allowAnonymous: true`, or an empty `password`/`token`/`requirepass` (e.g. Jupyter `ip: 0.0.0.0` with `token: ''`). Anyone who can reach the port gets full access.",
        remediation: "Bind to 127.0.0.1 or a private interface, and turn authentication on with a generated secret.",
    },
];

/// The metadata of a rule of this module.
pub fn rule_meta(id: &str) -> Option<&'static RuleMeta> {
    RULES.iter().find(|r| r.id == id)
}

/// The severity of one hit: the rule's, raised for the hits that are worse than the
/// rule's usual case (a sensitive host path or runtime socket → critical; an explicit
/// `allowPrivilegeEscalation: true` or an added dangerous capability → high).
pub fn severity(hit: &Hit) -> &'static str {
    let base = rule_meta(hit.rule).map_or("medium", |r| r.severity);
    match hit.rule {
        "config/k8s-host-path" if hit.message.contains("sensitive host path") => "critical",
        "config/k8s-privilege-escalation" if hit.message.contains("explicitly allows") => "high",
        "config/k8s-capabilities" if hit.message.contains(" adds the capability ") => "high",
        _ => base,
    }
}
