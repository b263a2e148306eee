//! Throughput of the Dockerfile check (bytes per second): a generated multi-stage
//! Dockerfile with long continued RUNs, package installs, heredocs and COPYs, parsed and
//! checked as a whole, as a scan does.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use picket::checks::dockerfile::{analyse, Settings};
use std::fmt::Write;

fn dockerfile(stages: usize) -> String {
    let mut s = String::from("# syntax=docker/dockerfile:1\nARG BASE=debian:12.5\n");
    for i in 0..stages {
        let _ = write!(
            s,
            "FROM ${{BASE}} AS stage{i}\nWORKDIR /src/{i}\nENV PATH=/opt/bin:$PATH LANG=C.UTF-8\n\
             RUN set -eux; \\\n    apt-get update; \\\n    apt-get install -y --no-install-recommends \\\n\
             \tca-certificates curl=7.88.1-10 git make gcc libssl-dev pkg-config; \\\n\
             # a comment inside the continuation\n    curl -fsSL https://example.com/tool-{i}.tgz | tar -xz -C /opt; \\\n\
             \tif [ -f /opt/setup.sh ]; then sh /opt/setup.sh; fi; \\\n    rm -rf /var/lib/apt/lists/*\n\
             COPY --chown=app:app requirements.txt ./\n\
             RUN pip install --no-cache-dir -r requirements.txt flask==3.0.3 requests\n\
             RUN <<EOF\nset -e\nnpm ci\nnpm run build --workspace web\nEOF\n\
             COPY --from=stage{prev} /out /opt/out\nEXPOSE 8080\nUSER 10001\n",
            prev = i.saturating_sub(1)
        );
    }
    s.push_str("HEALTHCHECK CMD [\"/opt/bin/health\"]\nCMD [\"/opt/bin/app\"]\n");
    s
}

fn bench(c: &mut Criterion) {
    let settings = Settings::default();
    let mut g = c.benchmark_group("dockerfile");
    for stages in [1usize, 50] {
        let text = dockerfile(stages);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(format!("{stages}-stages-{}B", text.len()), |b| {
            b.iter(|| analyse(std::hint::black_box(&text), &settings))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
