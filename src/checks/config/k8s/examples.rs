//! One positive and one negative example per rule, for the project's rule data, and the
//! dispatch that judges an example file the way the scanner would.

use super::{
    analyse_app_config, analyse_compose, analyse_kubernetes, is_compose_path, is_kubernetes,
    kube_facts, namespaces_without_policy, Hit,
};
use crate::checks::config::yaml::{parse_documents, Node};

/// Judge one file: a compose file (by name, or a root with a `services` mapping of
/// services) with [`analyse_compose`]; a file with Kubernetes objects with
/// [`analyse_kubernetes`] plus [`namespaces_without_policy`] over that file alone; any
/// other YAML with [`analyse_app_config`]. A file that does not parse yields nothing.
pub fn analyse_example(path: &str, text: &str) -> Vec<Hit> {
    let Ok(parsed) = parse_documents(text) else {
        return Vec::new();
    };
    let docs: Vec<&Node> = parsed.docs.iter().flatten().collect();
    if is_compose_path(path) || docs.first().is_some_and(|d| looks_like_compose(d)) {
        return docs.iter().flat_map(|d| analyse_compose(d)).collect();
    }
    if docs.iter().any(|d| is_kubernetes(d)) {
        let mut out = analyse_kubernetes(&docs);
        let facts = [kube_facts(&docs)];
        out.extend(
            namespaces_without_policy(&facts)
                .into_iter()
                .map(|(_, h)| h),
        );
        return out;
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

/// A Deployment that follows every rule of this module.
pub(crate) const HARDENED: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: web
          image: registry.example.com/shop/api:1.4.2
          ports:
            - containerPort: 8080
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: db
                  key: password
            - name: LOG_LEVEL
              value: info
          resources:
            requests:
              memory: 128Mi
              cpu: 100m
            limits:
              memory: 256Mi
              cpu: 500m
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
"#;

const HARDENED_WITH_POLICY: &str = r#"apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: web
          image: registry.example.com/shop/api:1.4.2
"#;

const K8S: &str = "k8s/deployment.yaml";
const COMPOSE: &str = "docker-compose.yml";

/// `(rule id, path, yaml text, positive)`: analysing a positive text yields the rule, a
/// negative one does not.
pub fn examples() -> Vec<(&'static str, &'static str, &'static str, bool)> {
    vec![
        (
            "config/k8s-privileged",
            K8S,
            r#"apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: shell
      image: busybox:1.36
      securityContext:
        privileged: true
"#,
            true,
        ),
        ("config/k8s-privileged", K8S, HARDENED, false),
        (
            "config/k8s-privilege-escalation",
            K8S,
            r#"apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        allowPrivilegeEscalation: true
"#,
            true,
        ),
        ("config/k8s-privilege-escalation", K8S, HARDENED, false),
        (
            "config/k8s-run-as-root",
            K8S,
            r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      securityContext:
        runAsUser: 0
      containers:
        - name: api
          image: api:2.1
"#,
            true,
        ),
        ("config/k8s-run-as-root", K8S, HARDENED, false),
        (
            "config/k8s-host-namespace",
            K8S,
            r#"apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      hostNetwork: true
      containers:
        - name: agent
          image: agent:1.0
"#,
            true,
        ),
        ("config/k8s-host-namespace", K8S, HARDENED, false),
        (
            "config/k8s-host-path",
            K8S,
            r#"apiVersion: v1
kind: Pod
metadata:
  name: builder
spec:
  containers:
    - name: builder
      image: docker:27
      volumeMounts:
        - name: sock
          mountPath: /var/run/docker.sock
  volumes:
    - name: sock
      hostPath:
        path: /var/run/docker.sock
"#,
            true,
        ),
        (
            "config/k8s-host-path",
            K8S,
            r#"apiVersion: v1
kind: Pod
metadata:
  name: cache
spec:
  containers:
    - name: app
      image: app:1.0
  volumes:
    - name: tmp
      emptyDir: {}
"#,
            false,
        ),
        (
            "config/k8s-writable-root-fs",
            K8S,
            r#"apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
    - name: app
      image: app:1.0
      securityContext:
        readOnlyRootFilesystem: false
"#,
            true,
        ),
        ("config/k8s-writable-root-fs", K8S, HARDENED, false),
        (
            "config/k8s-capabilities",
            K8S,
            r#"apiVersion: v1
kind: Pod
metadata:
  name: net
spec:
  containers:
    - name: net
      image: net:1.0
      securityContext:
        capabilities:
          add: ["NET_ADMIN"]
          drop: ["ALL"]
"#,
            true,
        ),
        ("config/k8s-capabilities", K8S, HARDENED, false),
        (
            "config/k8s-seccomp-unconfined",
            K8S,
            r#"apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  securityContext:
    seccompProfile:
      type: Unconfined
  containers:
    - name: app
      image: app:1.0
"#,
            true,
        ),
        ("config/k8s-seccomp-unconfined", K8S, HARDENED, false),
        (
            "config/k8s-image-tag",
            K8S,
            r#"apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
    - name: app
      image: nginx:latest
"#,
            true,
        ),
        ("config/k8s-image-tag", K8S, HARDENED, false),
        (
            "config/k8s-resource-limits",
            K8S,
            r#"apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
    - name: app
      image: app:1.0
      resources:
        requests:
          memory: 64Mi
"#,
            true,
        ),
        ("config/k8s-resource-limits", K8S, HARDENED, false),
        (
            "config/k8s-secret-in-env",
            K8S,
            r#"apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
    - name: app
      image: app:1.0
      env:
        - name: DB_PASSWORD
          value: hunter2-prod
"#,
            true,
        ),
        ("config/k8s-secret-in-env", K8S, HARDENED, false),
        (
            "config/k8s-sa-token-automount",
            K8S,
            r#"apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  automountServiceAccountToken: true
  containers:
    - name: app
      image: app:1.0
"#,
            true,
        ),
        ("config/k8s-sa-token-automount", K8S, HARDENED, false),
        (
            "config/k8s-rbac-wildcard",
            "k8s/rbac.yaml",
            r#"apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ops
rules:
  - apiGroups: [""]
    resources: ["*"]
    verbs: ["*"]
"#,
            true,
        ),
        (
            "config/k8s-rbac-wildcard",
            "k8s/rbac.yaml",
            r#"apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  namespace: shop
rules:
  - apiGroups: [""]
    resources: ["pods", "configmaps"]
    verbs: ["get", "list"]
"#,
            false,
        ),
        (
            "config/k8s-rbac-secrets-access",
            "k8s/rbac.yaml",
            r#"apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: secret-reader
  namespace: shop
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["get", "list", "watch"]
"#,
            true,
        ),
        (
            "config/k8s-rbac-secrets-access",
            "k8s/rbac.yaml",
            r#"apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: one-secret
  namespace: shop
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    resourceNames: ["api-tls"]
    verbs: ["get"]
"#,
            false,
        ),
        (
            "config/k8s-default-namespace",
            K8S,
            r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: default
data:
  mode: fast
"#,
            true,
        ),
        (
            "config/k8s-default-namespace",
            K8S,
            r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
data:
  mode: fast
"#,
            false,
        ),
        (
            "config/k8s-host-port",
            K8S,
            r#"apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
    - name: app
      image: app:1.0
      ports:
        - containerPort: 8080
          hostPort: 80
"#,
            true,
        ),
        ("config/k8s-host-port", K8S, HARDENED, false),
        (
            "config/k8s-namespace-without-network-policy",
            K8S,
            HARDENED,
            true,
        ),
        (
            "config/k8s-namespace-without-network-policy",
            K8S,
            HARDENED_WITH_POLICY,
            false,
        ),
        (
            "config/compose-privileged",
            COMPOSE,
            r#"services:
  app:
    image: app:1.0
    privileged: true
"#,
            true,
        ),
        (
            "config/compose-privileged",
            COMPOSE,
            r#"services:
  app:
    image: app:1.0
    cap_drop: [ALL]
"#,
            false,
        ),
        (
            "config/compose-host-namespace",
            COMPOSE,
            r#"services:
  monitor:
    image: monitor:2.3
    network_mode: host
    pid: host
"#,
            true,
        ),
        (
            "config/compose-host-namespace",
            COMPOSE,
            r#"services:
  monitor:
    image: monitor:2.3
    network_mode: bridge
"#,
            false,
        ),
        (
            "config/compose-docker-socket",
            COMPOSE,
            r#"services:
  ci:
    image: runner:3.1
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
"#,
            true,
        ),
        (
            "config/compose-docker-socket",
            COMPOSE,
            r#"services:
  ci:
    image: runner:3.1
    volumes:
      - ./work:/work
      - cache:/cache
volumes:
  cache: {}
"#,
            false,
        ),
        (
            "config/compose-cap-add",
            COMPOSE,
            r#"services:
  vpn:
    image: wireguard:1.0
    cap_add:
      - NET_ADMIN
      - SYS_MODULE
"#,
            true,
        ),
        (
            "config/compose-cap-add",
            COMPOSE,
            r#"services:
  web:
    image: web:1.0
    cap_drop: [ALL]
    cap_add: [NET_BIND_SERVICE]
"#,
            false,
        ),
        (
            "config/compose-seccomp-unconfined",
            COMPOSE,
            r#"services:
  app:
    image: app:1.0
    security_opt:
      - seccomp:unconfined
"#,
            true,
        ),
        (
            "config/compose-seccomp-unconfined",
            COMPOSE,
            r#"services:
  app:
    image: app:1.0
    security_opt:
      - no-new-privileges:true
"#,
            false,
        ),
        (
            "config/compose-exposed-database",
            COMPOSE,
            r#"services:
  db:
    image: postgres:16
    ports:
      - "5432:5432"
"#,
            true,
        ),
        (
            "config/compose-exposed-database",
            COMPOSE,
            r#"services:
  db:
    image: postgres:16
    ports:
      - "127.0.0.1:5432:5432"
"#,
            false,
        ),
        (
            "config/compose-secret-in-environment",
            COMPOSE,
            r#"services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: s3cr3t-Pa55
"#,
            true,
        ),
        (
            "config/compose-secret-in-environment",
            COMPOSE,
            r#"services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}
      POSTGRES_USER: app
"#,
            false,
        ),
        (
            "config/compose-image-tag",
            COMPOSE,
            r#"services:
  cache:
    image: redis
"#,
            true,
        ),
        (
            "config/compose-image-tag",
            COMPOSE,
            r#"services:
  app:
    build: .
    image: myorg/app
  cache:
    image: redis:7.2
"#,
            false,
        ),
        (
            "config/tls-verification-disabled",
            "config/application.yml",
            r#"elasticsearch:
  url: https://search.internal:9200
  tls:
    verify: false
"#,
            true,
        ),
        (
            "config/tls-verification-disabled",
            "config/application.yml",
            r#"elasticsearch:
  url: https://search.internal:9200
  tls:
    verify: true
    caFile: /etc/ssl/internal-ca.pem
"#,
            false,
        ),
        (
            "config/network-policy-disabled",
            "charts/api/values.yaml",
            r#"replicaCount: 2
networkPolicy:
  enabled: false
"#,
            true,
        ),
        (
            "config/network-policy-disabled",
            "charts/api/values.yaml",
            r#"replicaCount: 2
networkPolicy:
  enabled: true
  allowExternal: false
"#,
            false,
        ),
        (
            "config/debug-in-production",
            "config/production.yaml",
            r#"app:
  name: shop
  debug: true
"#,
            true,
        ),
        (
            "config/debug-in-production",
            "config/development.yaml",
            r#"app:
  name: shop
  debug: true
"#,
            false,
        ),
        (
            "config/default-credentials",
            "charts/db/values.yaml",
            r#"auth:
  username: app
  password: changeme
"#,
            true,
        ),
        (
            "config/default-credentials",
            "charts/db/values.yaml",
            r#"auth:
  username: app
  existingSecret: db-credentials
  existingSecretPasswordKey: password
"#,
            false,
        ),
        (
            "config/bind-all-interfaces-without-auth",
            "config/redis.yaml",
            r#"redis:
  bind: 0.0.0.0
  port: 6379
  protected-mode: "no"
"#,
            true,
        ),
        (
            "config/bind-all-interfaces-without-auth",
            "config/redis.yaml",
            r#"redis:
  bind: 0.0.0.0
  port: 6379
  protected-mode: "yes"
  requirepass: ${REDIS_PASSWORD}
"#,
            false,
        ),
    ]
}
