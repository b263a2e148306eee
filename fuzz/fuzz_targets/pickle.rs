//! The model analyser: pickle opcodes, zip archives (PyTorch, npz, Keras), numpy headers,
//! nested blobs. The first byte picks the file name (and so the format the bytes are read
//! as); the rest is the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use picket::checks::models::analysis::{analyse, Limits};

const NAMES: &[&str] = &[
    "model.pkl",
    "model.pt",
    "pytorch_model.bin",
    "model.joblib",
    "weights.npy",
    "weights.npz",
    "model.keras",
    "model.h5",
    "model.safetensors",
    "model.onnx",
    "model.dill",
    "archive.zip",
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(selector) % NAMES.len()];
    let _ = analyse(name, rest, &Limits::default());
    // Small limits reach the limit paths (too many entries, ratio, budget) on small inputs.
    let small = Limits {
        max_entries: 4,
        max_total_uncompressed: 1 << 16,
        max_ratio: 20,
        max_member_size: 1 << 14,
    };
    let _ = analyse(name, rest, &small);
});
