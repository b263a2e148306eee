//! Throughput of the secrets check (bytes per second) on fixed, generated inputs: ordinary
//! source code with a few secrets, configuration full of secret-looking names, and a
//! minified blob with no keyword at all.
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use picket::checks::secrets::SecretsCheck;
use picket::checks::{Check, CheckOptions, SourceFile};
use picket::classify::classify;

/// Deterministic pseudo-random text so every run measures the same bytes.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn word(&mut self) -> String {
        const W: [&str; 16] = [
            "request", "value", "config", "user", "items", "result", "index", "buffer", "handler",
            "client", "parse", "len", "self", "data", "path", "error",
        ];
        W[(self.next() % 16) as usize].to_string()
    }
}

fn source_code(size: usize) -> Vec<u8> {
    let mut r = Lcg(7);
    let mut out = String::new();
    let mut n = 0;
    while out.len() < size {
        n += 1;
        let line = match r.next() % 6 {
            0 => format!("def {}_{}(self, {}):\n", r.word(), n, r.word()),
            1 => format!(
                "    {} = {}.{}({}, {})\n",
                r.word(),
                r.word(),
                r.word(),
                r.word(),
                n
            ),
            2 => format!(
                "    if {} is None:\n        raise ValueError(\"missing {}\")\n",
                r.word(),
                r.word()
            ),
            3 => format!(
                "    # {} the {} before {} is used\n",
                r.word(),
                r.word(),
                r.word()
            ),
            4 => format!(
                "    return {{\"{}\": {}, \"{}\": [{}]}}\n",
                r.word(),
                n,
                r.word(),
                r.word()
            ),
            _ => format!("import {}.{}\n", r.word(), r.word()),
        };
        out.push_str(&line);
        if n % 5000 == 0 {
            // A synthetic value, so that the benchmark also pays for reporting.
            // picket:ignore[secrets/generic-secret]
            out.push_str("API_TOKEN = \"q8Zr1Kx0pW7vN3mTa9Yb2Lc4\"\n");
        }
    }
    out.into_bytes()
}

fn config_heavy(size: usize) -> Vec<u8> {
    let mut r = Lcg(11);
    let mut out = String::new();
    let mut n = 0;
    while out.len() < size {
        n += 1;
        out.push_str(&format!(
            "{}_{n}:\n  password: ${{DB_PASSWORD_{n}}}\n  token_file: /run/secrets/{}\n  api_key: \"{}\"\n  url: https://{}.example.com/{}\n",
            r.word(),
            r.word(),
            if n % 50 == 0 { "q8Zr1Kx0pW7vN3mTa9Yb2Lc4" } else { "<your-api-key>" },
            r.word(),
            r.word()
        ));
    }
    out.into_bytes()
}

fn minified(size: usize) -> Vec<u8> {
    let mut r = Lcg(3);
    (0..size)
        .map(|_| b"abcdefghijklmnopqrstuvwxyz(){};=,.0123456789"[(r.next() % 44) as usize])
        .collect()
}

fn bench(c: &mut Criterion) {
    let check = SecretsCheck::new(&[]).expect("built-in rules load");
    let opts = CheckOptions::default();
    let inputs = [
        ("source.py", source_code(1 << 20)),
        ("config.yaml", config_heavy(1 << 20)),
        ("bundle.min.js", minified(1 << 20)),
    ];
    let mut g = c.benchmark_group("secrets");
    for (name, data) in &inputs {
        g.throughput(Throughput::Bytes(data.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(name), data, |b, data| {
            let kind = classify(name, data);
            b.iter(|| {
                let file = SourceFile::new(name, data, kind);
                let mut out = Vec::new();
                check.scan(&file, &opts, &mut out);
                out
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
