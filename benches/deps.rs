//! Throughput of the deps check's parsers and advisory matching on generated inputs: a
//! package-lock.json v3 and a uv.lock with 3,000 packages each, and OSV matching of one
//! version against a record with many ranges.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use picket::checks::deps::{format_of, osv, parse, types::Ecosystem};
use std::fmt::Write;

fn package_lock(n: usize) -> String {
    let mut s = String::from("{\n  \"name\": \"app\",\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"\": {\"name\": \"app\", \"dependencies\": {\"pkg-0\": \"^1.0.0\"}}");
    for i in 0..n {
        let _ = write!(
            s,
            ",\n    \"node_modules/pkg-{i}\": {{\n      \"version\": \"1.{}.{}\",\n      \"resolved\": \"https://registry.npmjs.org/pkg-{i}/-/pkg-{i}-1.0.0.tgz\",\n      \"integrity\": \"sha512-{:064x}\"\n    }}",
            i % 17,
            i % 5,
            i
        );
    }
    s.push_str("\n  }\n}\n");
    s
}

fn uv_lock(n: usize) -> String {
    let mut s = String::from("version = 1\nrequires-python = \">=3.10\"\n");
    for i in 0..n {
        let _ = write!(
            s,
            "\n[[package]]\nname = \"pkg-{i}\"\nversion = \"2.{}.{}\"\nsource = {{ registry = \"https://pypi.org/simple\" }}\nsdist = {{ url = \"https://files.pythonhosted.org/p/pkg-{i}.tar.gz\", hash = \"sha256:{:064x}\", size = 1000 }}\n",
            i % 13,
            i % 7,
            i
        );
    }
    s
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("deps");
    for (name, text) in [
        ("package-lock.json", package_lock(3000)),
        ("uv.lock", uv_lock(3000)),
    ] {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(format!("parse-{name}-{}KB", text.len() >> 10), |b| {
            b.iter(|| parse(format_of(name).unwrap(), std::hint::black_box(&text)).unwrap())
        });
    }
    let mut events = Vec::new();
    for i in 0..50 {
        events.push(serde_json::json!({"introduced": format!("{i}.0.0")}));
        events.push(serde_json::json!({"fixed": format!("{i}.5.0")}));
    }
    let record: osv::Record = serde_json::from_value(serde_json::json!({
        "id": "GHSA-bench", "modified": "2024-01-01T00:00:00Z",
        "affected": [{"package": {"ecosystem": "PyPI", "name": "pkg"},
                      "ranges": [{"type": "ECOSYSTEM", "events": events}]}]
    }))
    .unwrap();
    g.throughput(Throughput::Elements(1));
    g.bench_function("osv-check-100-events", |b| {
        b.iter(|| {
            osv::check(
                &record,
                Ecosystem::PyPI,
                "pkg",
                std::hint::black_box("37.2.1"),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
