use super::super::is_kubernetes;
use super::{docs, k8s, line_of, lines, nth_line_of, of};

/// A pod with one container whose body is `body` (indented under the container).
fn pod(spec_extra: &str, container_extra: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n{spec_extra}  containers:\n    - name: app\n      image: app:1.0\n{container_extra}"
    )
}

#[test]
fn is_kubernetes_needs_api_version_and_kind() {
    assert!(is_kubernetes(&docs("apiVersion: v1\nkind: Pod\n")[0]));
    assert!(!is_kubernetes(&docs("kind: Pod\n")[0]));
    assert!(!is_kubernetes(&docs("apiVersion: v1\nkind: [a]\n")[0]));
    assert!(!is_kubernetes(&docs("services:\n  a: {}\n")[0]));
}

#[test]
fn privileged_positive_and_negative() {
    let src = pod("", "      securityContext:\n        privileged: true\n");
    let hits = k8s(&src);
    let h = of(&hits, "config/k8s-privileged");
    assert_eq!(h.len(), 1);
    assert_eq!((h[0].line, h[0].column), (10, 21));
    assert_eq!(h[0].message, "container `app` in Pod `p` runs privileged");
    // A privileged container is not also told to set allowPrivilegeEscalation or drop ALL.
    assert!(of(&hits, "config/k8s-privilege-escalation").is_empty());
    assert!(of(&hits, "config/k8s-capabilities").is_empty());

    let src = pod("", "      securityContext:\n        privileged: false\n");
    assert!(lines(&k8s(&src), "config/k8s-privileged").is_empty());
}

#[test]
fn privilege_escalation_explicit_and_missing() {
    let src = pod(
        "",
        "      securityContext:\n        allowPrivilegeEscalation: true\n",
    );
    let hits = k8s(&src);
    let h = of(&hits, "config/k8s-privilege-escalation");
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].line, 10);
    assert!(
        h[0].message.contains("explicitly allows"),
        "{}",
        h[0].message
    );

    // Missing: points at the container's `name:` key.
    let src = pod("", "");
    let hits = k8s(&src);
    let h = of(&hits, "config/k8s-privilege-escalation");
    assert_eq!((h[0].line, h[0].column), (7, 7));

    let src = pod(
        "",
        "      securityContext:\n        allowPrivilegeEscalation: false\n",
    );
    assert!(lines(&k8s(&src), "config/k8s-privilege-escalation").is_empty());
}

#[test]
fn run_as_root_pod_and_container_levels() {
    // runAsUser: 0 at pod level.
    let src = pod("  securityContext:\n    runAsUser: 0\n", "");
    assert_eq!(lines(&k8s(&src), "config/k8s-run-as-root"), vec![7]);

    // Pod says non-root, container overrides with runAsNonRoot: false.
    let src = pod(
        "  securityContext:\n    runAsNonRoot: true\n",
        "      securityContext:\n        runAsNonRoot: false\n",
    );
    assert_eq!(lines(&k8s(&src), "config/k8s-run-as-root"), vec![12]);

    // Nothing set: at the container name.
    assert_eq!(lines(&k8s(&pod("", "")), "config/k8s-run-as-root"), vec![7]);

    // Pod-level runAsNonRoot covers the container; a non-zero runAsUser does too.
    let src = pod("  securityContext:\n    runAsNonRoot: true\n", "");
    assert!(lines(&k8s(&src), "config/k8s-run-as-root").is_empty());
    let src = pod("", "      securityContext:\n        runAsUser: 1000\n");
    assert!(lines(&k8s(&src), "config/k8s-run-as-root").is_empty());
    // Container runAsUser: 0 beats pod runAsNonRoot.
    let src = pod(
        "  securityContext:\n    runAsNonRoot: true\n",
        "      securityContext:\n        runAsUser: 0\n",
    );
    assert_eq!(lines(&k8s(&src), "config/k8s-run-as-root"), vec![12]);
}

#[test]
fn host_namespaces() {
    let src = pod(
        "  hostNetwork: true\n  hostPID: true\n  hostIPC: false\n",
        "",
    );
    let hits = k8s(&src);
    assert_eq!(lines(&hits, "config/k8s-host-namespace"), vec![6, 7]);
    let h = of(&hits, "config/k8s-host-namespace");
    assert_eq!(h[0].column, 16);
    assert!(h[1].message.contains("hostPID"));
    let src = pod("  hostNetwork: false\n", "");
    assert!(lines(&k8s(&src), "config/k8s-host-namespace").is_empty());
}

#[test]
fn host_path_volumes() {
    let src = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: []\n  volumes:\n    - name: root\n      hostPath:\n        path: /\n    - name: data\n      persistentVolumeClaim:\n        claimName: d\n    - name: logs\n      hostPath:\n        path: /var/log/pods\n        type: Directory\n";
    let hits = k8s(src);
    assert_eq!(lines(&hits, "config/k8s-host-path"), vec![10, 16]);
    let h = of(&hits, "config/k8s-host-path");
    assert_eq!(h[0].column, 15);
    assert!(
        h[0].message.contains("sensitive host path `/`"),
        "{}",
        h[0].message
    );
    assert!(!h[1].message.contains("sensitive"), "{}", h[1].message);
    let src = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: []\n  volumes:\n    - name: c\n      configMap:\n        name: c\n";
    assert!(lines(&k8s(src), "config/k8s-host-path").is_empty());
}

#[test]
fn writable_root_fs() {
    assert_eq!(
        lines(&k8s(&pod("", "")), "config/k8s-writable-root-fs"),
        vec![7]
    );
    let src = pod(
        "",
        "      securityContext:\n        readOnlyRootFilesystem: false\n",
    );
    assert_eq!(lines(&k8s(&src), "config/k8s-writable-root-fs"), vec![10]);
    let src = pod(
        "",
        "      securityContext:\n        readOnlyRootFilesystem: true\n",
    );
    assert!(lines(&k8s(&src), "config/k8s-writable-root-fs").is_empty());
}

#[test]
fn capabilities_add_and_drop() {
    let src = pod(
        "",
        "      securityContext:\n        capabilities:\n          add:\n            - SYS_ADMIN\n            - NET_BIND_SERVICE\n            - CAP_SYS_PTRACE\n          drop: [NET_RAW]\n",
    );
    let hits = k8s(&src);
    assert_eq!(lines(&hits, "config/k8s-capabilities"), vec![12, 14, 15]);
    let h = of(&hits, "config/k8s-capabilities");
    assert!(h[0].message.contains("`SYS_ADMIN`"));
    assert!(h[1].message.contains("`SYS_PTRACE`"));
    assert!(h[2].message.contains("not `ALL`"));
    // No capabilities at all: at the container name.
    assert_eq!(
        lines(&k8s(&pod("", "")), "config/k8s-capabilities"),
        vec![7]
    );
    let src = pod(
        "",
        "      securityContext:\n        capabilities:\n          add: [NET_BIND_SERVICE]\n          drop: [all]\n",
    );
    assert!(lines(&k8s(&src), "config/k8s-capabilities").is_empty());
}

#[test]
fn seccomp_unconfined_field_and_annotations() {
    let src = pod(
        "",
        "      securityContext:\n        seccompProfile:\n          type: Unconfined\n",
    );
    assert_eq!(lines(&k8s(&src), "config/k8s-seccomp-unconfined"), vec![11]);

    let src = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    metadata:\n      annotations:\n        seccomp.security.alpha.kubernetes.io/pod: unconfined\n        container.seccomp.security.alpha.kubernetes.io/app: unconfined\n    spec:\n      containers:\n        - name: app\n          image: app:1.0\n";
    assert_eq!(
        lines(&k8s(src), "config/k8s-seccomp-unconfined"),
        vec![9, 10]
    );

    let src = pod(
        "  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n",
        "",
    );
    assert!(lines(&k8s(&src), "config/k8s-seccomp-unconfined").is_empty());
}

#[test]
fn image_tags() {
    let src = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: nginx\n    - name: b\n      image: registry:5000/team/app:latest\n    - name: c\n      image: registry:5000/team/app\n    - name: d\n      image: nginx@sha256:0123456789abcdef\n    - name: e\n      image: nginx:1.27-alpine\n";
    let hits = k8s(src);
    assert_eq!(lines(&hits, "config/k8s-image-tag"), vec![8, 10, 12]);
    let h = of(&hits, "config/k8s-image-tag");
    assert_eq!(h[0].column, 14);
    assert!(h[1].message.contains("latest"));
    assert!(h[2].message.contains("no tag"), "{}", h[2].message);
}

#[test]
fn resource_limits() {
    let hits = k8s(&pod("", ""));
    let h = of(&hits, "config/k8s-resource-limits");
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].line, 7);
    assert!(
        h[0].message
            .contains("memory limit, memory request, cpu limit, cpu request"),
        "{}",
        h[0].message
    );

    let src = pod(
        "",
        "      resources:\n        limits:\n          memory: 128Mi\n",
    );
    let hits = k8s(&src);
    let h = of(&hits, "config/k8s-resource-limits");
    assert_eq!(h[0].line, 10);
    assert!(
        h[0].message.ends_with("has no cpu limit, cpu request"),
        "{}",
        h[0].message
    );

    let src = pod(
        "",
        "      resources:\n        limits:\n          memory: 128Mi\n          cpu: 500m\n",
    );
    assert!(lines(&k8s(&src), "config/k8s-resource-limits").is_empty());
}

#[test]
fn secret_in_env() {
    let src = pod(
        "",
        "      env:\n        - name: API_TOKEN\n          value: abc123def\n        - name: DB_PASSWORD\n          value: \"\"\n        - name: SECRET_KEY\n          value: $(OTHER)\n        - name: PASSWORD_FILE\n          value: /run/secrets/pw\n        - name: clientSecret\n          value: xyz-987\n        - name: GH_TOKEN\n          valueFrom:\n            secretKeyRef: {name: gh, key: token}\n        - name: LOG_LEVEL\n          value: debug\n",
    );
    let hits = k8s(&src);
    assert_eq!(lines(&hits, "config/k8s-secret-in-env"), vec![11, 19]);
    let h = of(&hits, "config/k8s-secret-in-env");
    assert_eq!(h[0].column, 18);
    assert!(h[0].message.contains("`API_TOKEN`"));
}

#[test]
fn service_account_token() {
    // Missing: at the kind line.
    let hits = k8s(&pod("", ""));
    let h = of(&hits, "config/k8s-sa-token-automount");
    assert_eq!((h[0].line, h[0].column), (2, 1));
    // Explicit true: at the value.
    let src = pod("  automountServiceAccountToken: true\n", "");
    assert_eq!(lines(&k8s(&src), "config/k8s-sa-token-automount"), vec![6]);
    // Off in the pod spec.
    let src = pod("  automountServiceAccountToken: false\n", "");
    assert!(lines(&k8s(&src), "config/k8s-sa-token-automount").is_empty());
    // Off on the ServiceAccount the pod uses, defined in the same file.
    let src = format!(
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: quiet\nautomountServiceAccountToken: false\n---\n{}",
        pod("  serviceAccountName: quiet\n", "")
    );
    assert!(lines(&k8s(&src), "config/k8s-sa-token-automount").is_empty());
    let src = format!(
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: quiet\nautomountServiceAccountToken: false\n---\n{}",
        pod("  serviceAccountName: other\n", "")
    );
    assert_eq!(lines(&k8s(&src), "config/k8s-sa-token-automount"), vec![8]);
}

#[test]
fn rbac_wildcards_and_secrets() {
    let src = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ops\nrules:\n  - apiGroups: [\"*\"]\n    resources: [pods]\n    verbs: [get]\n  - apiGroups: [\"\"]\n    resources: [secrets, configmaps]\n    verbs: [get, list]\n  - apiGroups: [apps]\n    resources: [deployments]\n    verbs: [\"*\"]\n  - apiGroups: [\"\"]\n    resources: [secrets]\n    verbs: [create]\n";
    let hits = k8s(src);
    assert_eq!(lines(&hits, "config/k8s-rbac-wildcard"), vec![6, 14]);
    let h = of(&hits, "config/k8s-rbac-wildcard");
    assert_eq!(h[0].column, 17);
    assert!(h[0].message.contains("apiGroups"), "{}", h[0].message);
    assert!(h[1].message.contains("verbs"), "{}", h[1].message);
    let s = of(&hits, "config/k8s-rbac-secrets-access");
    assert_eq!(s.len(), 1);
    assert_eq!((s[0].line, s[0].column), (10, 17));
    assert!(s[0].message.contains("get, list"));

    let ok = "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: r\nrules:\n  - apiGroups: [\"\"]\n    resources: [pods]\n    verbs: [get, list, watch]\n";
    assert!(k8s(ok).is_empty());
    // Not a role: rules are not read.
    let other =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\nrules:\n  - verbs: [\"*\"]\n";
    assert!(lines(&k8s(other), "config/k8s-rbac-wildcard").is_empty());
}

#[test]
fn default_namespace_explicit_only() {
    let src = "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: default\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: kubernetes\n  namespace: default\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: c\n  namespace: default\n";
    let hits = k8s(src);
    let h = of(&hits, "config/k8s-default-namespace");
    assert_eq!(h.len(), 1);
    assert_eq!((h[0].line, h[0].column), (5, 14));
    assert_eq!(
        h[0].message,
        "Service `api` is placed in the `default` namespace"
    );
}

#[test]
fn host_ports() {
    let src = pod(
        "",
        "      ports:\n        - containerPort: 80\n          hostPort: 8080\n        - containerPort: 443\n        - containerPort: 9000\n          hostPort: 0\n",
    );
    let hits = k8s(&src);
    assert_eq!(lines(&hits, "config/k8s-host-port"), vec![11]);
    assert!(of(&hits, "config/k8s-host-port")[0]
        .message
        .contains("8080"));
    let src = pod("", "      ports:\n        - containerPort: 80\n");
    assert!(lines(&k8s(&src), "config/k8s-host-port").is_empty());
}

#[test]
fn multi_document_positions_in_second_document() {
    let src = "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  ports:\n    - port: 80\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: api:latest\n          securityContext:\n            privileged: true\n";
    let hits = k8s(src);
    assert_eq!(lines(&hits, "config/k8s-image-tag"), vec![18]);
    let p = of(&hits, "config/k8s-privileged");
    assert_eq!((p[0].line, p[0].column), (20, 25));
    assert_eq!(
        p[0].message,
        "container `api` in Deployment `api` runs privileged"
    );
    // The automount hit is on the Deployment's kind line, not the Service's.
    assert_eq!(lines(&hits, "config/k8s-sa-token-automount"), vec![10]);
    // Nothing points into the Service document.
    assert!(hits.iter().all(|h| h.line >= 9), "{hits:#?}");
}

#[test]
fn list_items_are_objects() {
    let src = "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata:\n      name: one\n    spec:\n      hostPID: true\n      containers:\n        - name: a\n          image: a:1\n  - apiVersion: apps/v1\n    kind: DeploymentList\n    items:\n      - apiVersion: apps/v1\n        kind: Deployment\n        metadata:\n          name: two\n        spec:\n          template:\n            spec:\n              hostIPC: true\n              containers: []\n";
    let hits = k8s(src);
    assert_eq!(lines(&hits, "config/k8s-host-namespace"), vec![9, 23]);
    assert_eq!(lines(&hits, "config/k8s-sa-token-automount"), vec![5, 17]);
    assert!(of(&hits, "config/k8s-host-namespace")[1]
        .message
        .contains("Deployment `two`"));
}

#[test]
fn cronjob_nesting() {
    let src = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\nspec:\n  schedule: \"0 3 * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          hostNetwork: true\n          containers:\n            - name: backup\n              image: backup\n              securityContext:\n                privileged: true\n";
    let hits = k8s(src);
    assert_eq!(lines(&hits, "config/k8s-host-namespace"), vec![11]);
    assert_eq!(lines(&hits, "config/k8s-image-tag"), vec![14]);
    let p = of(&hits, "config/k8s-privileged");
    assert_eq!(p[0].line, 16);
    assert_eq!(
        p[0].message,
        "container `backup` in CronJob `nightly` runs privileged"
    );
}

#[test]
fn init_and_ephemeral_containers() {
    let src = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  automountServiceAccountToken: false\n  securityContext:\n    runAsNonRoot: true\n  initContainers:\n    - name: setup\n      image: busybox:1.36\n      securityContext:\n        privileged: true\n  ephemeralContainers:\n    - name: dbg\n      image: busybox\n      securityContext:\n        allowPrivilegeEscalation: false\n        readOnlyRootFilesystem: true\n        capabilities:\n          drop: [ALL]\n  containers: []\n";
    let hits = k8s(src);
    let p = of(&hits, "config/k8s-privileged");
    assert_eq!(p[0].line, 13);
    assert_eq!(
        p[0].message,
        "init container `setup` in Pod `p` runs privileged"
    );
    let i = of(&hits, "config/k8s-image-tag");
    assert_eq!(i[0].line, 16);
    assert!(i[0].message.starts_with("ephemeral container `dbg`"));
    // Ephemeral containers cannot have resources: only the init container is reported.
    assert_eq!(lines(&hits, "config/k8s-resource-limits"), vec![10]);
}

#[test]
fn helm_rendered_output() {
    let src = "---\n# Source: shop/templates/serviceaccount.yaml\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: shop\n---\n# Source: shop/templates/service.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: shop\nspec:\n  ports:\n    - port: 80\n---\n# Source: shop/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\n  labels:\n    helm.sh/chart: shop-0.1.0\nspec:\n  template:\n    spec:\n      serviceAccountName: shop\n      containers:\n        - name: shop\n          image: \"nginx:1.16.0\"\n          securityContext:\n            capabilities:\n              add: [NET_RAW]\n";
    let hits = k8s(src);
    // The added NET_RAW, and the missing `drop: [ALL]` at the container's name.
    let name_line = nth_line_of(src, "- name: shop", 0);
    assert_eq!(
        lines(&hits, "config/k8s-capabilities"),
        vec![name_line, line_of(src, "add: [NET_RAW]")]
    );
    let cap = of(&hits, "config/k8s-capabilities");
    assert_eq!(cap[1].column, 21);
    assert_eq!(lines(&hits, "config/k8s-sa-token-automount"), vec![19]);
    assert_eq!(lines(&hits, "config/k8s-run-as-root"), vec![name_line]);
    assert!(lines(&hits, "config/k8s-image-tag").is_empty());
}

#[test]
fn non_workloads_and_odd_shapes_are_ignored() {
    let src = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  containers: x\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template: broken\n---\n- just\n- a list\n---\nplain: config\n";
    assert!(k8s(src).is_empty(), "{:#?}", k8s(src));
}

#[test]
fn sensitive_host_paths() {
    use crate::checks::config::k8s::workload::sensitive_host_path;
    for p in [
        "/",
        "/etc",
        "/etc/",
        "/proc",
        "/var/run",
        "/var/run/docker.sock",
        "/run/containerd/containerd.sock",
        "/var/lib/kubelet/pki",
        "/etc/kubernetes/admin.conf",
        "/root/.ssh",
    ] {
        assert!(sensitive_host_path(p).is_some(), "{p}");
    }
    for p in [
        "/var/log",
        "/etc-data",
        "/data",
        "/var/lib/kubeletx",
        "/opt/app",
    ] {
        assert!(sensitive_host_path(p).is_none(), "{p}");
    }
}
