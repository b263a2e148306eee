//! `--format json`: the design's finding contract, stable and sorted.
use super::Report;
use serde::Serialize;

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    tool: Tool,
    findings: &'a [crate::finding::Finding],
    summary: &'a crate::scan::Summary,
}

pub fn render(r: &Report<'_>) -> Vec<u8> {
    let doc = Doc {
        version: 1,
        tool: Tool {
            name: "picket",
            version: env!("CARGO_PKG_VERSION"),
        },
        findings: r.findings,
        summary: r.summary,
    };
    let mut out = serde_json::to_vec_pretty(&doc).expect("findings serialise");
    out.push(b'\n');
    out
}
