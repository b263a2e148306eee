//! Throughput of the Python code check (bytes per second) on generated modules with
//! imports, classes, calls and strings, as a scan reads them.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::fmt::Write;

fn module(functions: usize) -> String {
    let mut s =
        String::from("import os\nimport subprocess\nfrom pathlib import Path\nimport yaml\n\n");
    for i in 0..functions {
        let _ = write!(
            s,
            "def task_{i}(path: Path, name: str) -> dict:\n    \"\"\"Run step {i} on {{path}}.\"\"\"\n    cfg = yaml.safe_load(path.read_text())\n\
             \x20   out = subprocess.run([\"make\", f\"step-{i}\", name], check=True, capture_output=True)\n\
             \x20   if cfg.get(\"debug\"):\n        print(out.stdout.decode(), os.environ.get(\"HOME\"))\n\
             \x20   return {{\"step\": {i}, \"ok\": out.returncode == 0, \"items\": [x * 2 for x in range(10)]}}\n\n"
        );
    }
    s
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("code");
    for n in [10usize, 1000] {
        let text = module(n);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(
            format!("python-{n}-functions-{}KB", text.len() >> 10),
            |b| {
                b.iter(|| {
                    picket::checks::code::scan_example("app/tasks.py", std::hint::black_box(&text))
                })
            },
        );
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
