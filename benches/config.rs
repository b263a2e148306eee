//! Throughput of the config check (bytes per second): a generated multi-document
//! Kubernetes file (parsed with positions, every document validated against the built-in
//! schema, every rule run), a GitHub workflow, and a JSON file against nothing but the parser.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use picket::checks::config::ConfigCheck;
use std::fmt::Write;

fn manifests(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let _ = write!(
            s,
            "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app{i}\n  namespace: shop\n  labels: {{app: app{i}, tier: web}}\n\
             spec:\n  replicas: 3\n  selector:\n    matchLabels: {{app: app{i}}}\n  template:\n    metadata:\n      labels: {{app: app{i}}}\n\
             \x20   spec:\n      automountServiceAccountToken: false\n      securityContext: {{runAsNonRoot: true, seccompProfile: {{type: RuntimeDefault}}}}\n\
             \x20     containers:\n        - name: web\n          image: registry.example.com/web:1.{i}.0\n          ports: [{{containerPort: 8080, name: http}}]\n\
             \x20         env:\n            - {{name: MODE, value: production}}\n            - name: DB_PASSWORD\n              valueFrom: {{secretKeyRef: {{name: db, key: password}}}}\n\
             \x20         resources: {{limits: {{cpu: 500m, memory: 256Mi}}, requests: {{cpu: 100m, memory: 128Mi}}}}\n\
             \x20         securityContext: {{allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {{drop: [ALL]}}}}\n\
             \x20         readinessProbe: {{httpGet: {{path: /ready, port: http}}, periodSeconds: 5}}\n\
             ---\napiVersion: v1\nkind: Service\nmetadata: {{name: app{i}, namespace: shop}}\nspec:\n  selector: {{app: app{i}}}\n  ports: [{{port: 80, targetPort: http}}]\n"
        );
    }
    s
}

fn workflow(jobs: usize) -> String {
    let mut s = String::from("name: CI\non:\n  push: {branches: [main]}\n  pull_request:\npermissions: {contents: read}\njobs:\n");
    for i in 0..jobs {
        let _ = write!(
            s,
            "  job{i}:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n        with: {{persist-credentials: false}}\n\
             \x20     - run: |\n          make test-{i}\n          echo \"${{{{ github.sha }}}}\"\n"
        );
    }
    s
}

fn json(n: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| format!("{{\"id\": {i}, \"name\": \"item {i}\", \"tags\": [\"a\", \"b\"], \"ok\": true, \"score\": {i}.5}}"))
        .collect();
    format!("{{\"items\": [{}]}}", items.join(",\n"))
}

fn bench(c: &mut Criterion) {
    let check = ConfigCheck::builtin();
    let mut g = c.benchmark_group("config");
    for (name, path, text) in [
        ("k8s-200-objects", "deploy/app.yaml", manifests(100)),
        ("workflow-50-jobs", ".github/workflows/ci.yml", workflow(50)),
        ("json-5000-items", "data/items.json", json(5000)),
    ] {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(format!("{name}-{}KB", text.len() >> 10), |b| {
            b.iter(|| check.scan_example(path, std::hint::black_box(&text)))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
