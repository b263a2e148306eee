//! Throughput of the PII detector (bytes per second) on a generated CSV: mostly numbers,
//! dates, ids, amounts and text that are not personal data, with a little that is.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use picket::checks::pii::detect::{scan, Options};
use std::fmt::Write;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const WORDS: &[&str] = &[
    "shipped",
    "pending",
    "refund",
    "order",
    "delivered",
    "cancelled",
    "priority",
    "express",
    "warehouse",
    "backorder",
    "gift",
    "returned",
    "paid",
    "invoice",
];

fn luhn_complete(digits: &mut Vec<u8>) {
    let mut sum = 0;
    for (i, &d) in digits.iter().rev().enumerate() {
        let mut v = u32::from(d);
        if i % 2 == 0 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    digits.push(((10 - sum % 10) % 10) as u8);
}

fn generate(target: usize) -> String {
    let mut r = Rng(0x2545_f491_4f6c_dd1d);
    let mut s = String::with_capacity(target + 1024);
    s.push_str(
        "id,uuid,created_at,date,amount,qty,ip,version,order_ref,lat,lon,status,note,contact\n",
    );
    let mut id = 1_000_000u64;
    while s.len() < target {
        id += 1 + r.below(3);
        let (a, b, c) = (r.next(), r.next(), r.next());
        let _ = write!(
            s,
            "{id},{:08x}-{:04x}-4{:03x}-{:04x}-{:012x},2024-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z,2023-{:02}-{:02},",
            a as u32,
            (a >> 32) as u16,
            (b & 0xfff),
            (b >> 16) as u16,
            c & 0xffff_ffff_ffff,
            1 + r.below(12),
            1 + r.below(28),
            r.below(24),
            r.below(60),
            r.below(60),
            r.below(1000),
            1 + r.below(12),
            1 + r.below(28),
        );
        let _ = write!(
            s,
            "{}.{:02},{},10.{}.{}.{},{}.{}.{},{},{}.{:06},-{}.{:06},{},",
            r.below(100_000),
            r.below(100),
            r.below(50),
            r.below(256),
            r.below(256),
            r.below(256),
            r.below(5),
            r.below(30),
            r.below(200),
            100_000_000_000_000_000 + r.below(900_000_000_000_000_000),
            r.below(90),
            r.below(1_000_000),
            r.below(180),
            r.below(1_000_000),
            WORDS[r.below(WORDS.len() as u64) as usize],
        );
        let _ = write!(
            s,
            "\"{} {} x{} ts={}\",",
            WORDS[r.below(WORDS.len() as u64) as usize],
            WORDS[r.below(WORDS.len() as u64) as usize],
            r.below(1000),
            1_700_000_000_000u64 + r.below(100_000_000_000),
        );
        // About one row in a hundred has something personal in the last column.
        match r.below(500) {
            0 => {
                let _ = write!(s, "person{}@acme-corp.io", r.below(100_000));
            }
            1 => {
                let _ = write!(s, "+44 20 7946 {:04}", r.below(10_000));
            }
            2 => {
                let _ = write!(
                    s,
                    "({}) {}-{:04}",
                    200 + r.below(700),
                    200 + r.below(700),
                    r.below(10_000)
                );
            }
            3 => {
                let _ = write!(
                    s,
                    "{}-{:02}-{:04}",
                    100 + r.below(500),
                    1 + r.below(98),
                    1 + r.below(9998)
                );
            }
            4 => {
                let mut d = vec![4u8];
                for _ in 0..14 {
                    d.push(r.below(10) as u8);
                }
                luhn_complete(&mut d);
                for x in d {
                    s.push(char::from(b'0' + x));
                }
            }
            5 => s.push_str("GB71ACME40512398765432"),
            _ => s.push_str("n/a"),
        }
        s.push('\n');
    }
    s
}

fn bench(c: &mut Criterion) {
    let data = generate(16 * 1024 * 1024);
    let opts = Options::default();
    let mut g = c.benchmark_group("pii");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(data.len() as u64));
    g.bench_function(format!("csv-{}MB", data.len() >> 20), |b| {
        b.iter(|| scan(std::hint::black_box(data.as_bytes()), &opts))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
