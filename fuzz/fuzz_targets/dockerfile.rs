//! The Dockerfile parser and every Dockerfile rule, with default settings.
#![no_main]

use libfuzzer_sys::fuzz_target;
use picket::checks::dockerfile::{self, Settings};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = dockerfile::parse::parse(&text);
    let _ = dockerfile::analyse(&text, &Settings::default());
});
