//! Throughput of the model-file check (bytes per second): a protocol-2 pickle of a large
//! state dict (many tensors' worth of opcodes and a big binary payload), as a scan reads it.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

/// A pickle: a dict of `n` entries, each a name and a `bytes` payload of `size` bytes,
/// built from the protocol's opcodes (PROTO 2, EMPTY_DICT, MARK, BINUNICODE, SHORT_BINBYTES /
/// BINBYTES, SETITEMS, STOP).
fn pickle(n: usize, size: usize) -> Vec<u8> {
    let mut p = vec![0x80, 2, b'}', b'('];
    for i in 0..n {
        let key = format!("layer{i}.weight");
        p.push(b'X');
        p.extend_from_slice(&(key.len() as u32).to_le_bytes());
        p.extend_from_slice(key.as_bytes());
        p.push(b'B');
        p.extend_from_slice(&(size as u32).to_le_bytes());
        p.extend((0..size).map(|j| (j * 31 + i) as u8));
    }
    p.extend_from_slice(b"u.");
    p
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("models");
    let data = pickle(2000, 4096);
    g.throughput(Throughput::Bytes(data.len() as u64));
    g.bench_function(format!("pickle-{}MB", data.len() >> 20), |b| {
        b.iter(|| picket::checks::models::scan_example("model.pkl", std::hint::black_box(&data)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
