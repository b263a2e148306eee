//! Unit tests of the k8s module: every rule with a positive and a negative case, the
//! document shapes (multi-document, List, CronJob, Helm output).

mod appconfig;
mod compose;
mod hardened;
mod kubernetes;
mod netpol;
mod severity;

use super::Hit;
use crate::checks::config::yaml::{parse_documents, Node};

pub(super) fn docs(src: &str) -> Vec<Node> {
    parse_documents(src)
        .expect("test YAML parses")
        .docs
        .into_iter()
        .flatten()
        .collect()
}

pub(super) fn k8s(src: &str) -> Vec<Hit> {
    let d = docs(src);
    let refs: Vec<&Node> = d.iter().collect();
    super::analyse_kubernetes(&refs)
}

pub(super) fn compose(src: &str) -> Vec<Hit> {
    let d = docs(src);
    super::analyse_compose(&d[0])
}

pub(super) fn app(path: &str, src: &str) -> Vec<Hit> {
    let d = docs(src);
    super::analyse_app_config(path, &d[0])
}

/// The hits of one rule.
pub(super) fn of<'a>(hits: &'a [Hit], rule: &str) -> Vec<&'a Hit> {
    hits.iter().filter(|h| h.rule == rule).collect()
}

/// Lines of the hits of one rule.
pub(super) fn lines(hits: &[Hit], rule: &str) -> Vec<usize> {
    of(hits, rule).iter().map(|h| h.line).collect()
}

/// 1-based line of the first line of `src` containing `needle`.
pub(super) fn line_of(src: &str, needle: &str) -> usize {
    src.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` not in test source"))
        + 1
}

/// 1-based line of the `n`-th (0-based) line of `src` containing `needle`.
pub(super) fn nth_line_of(src: &str, needle: &str, n: usize) -> usize {
    src.lines()
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .nth(n)
        .unwrap_or_else(|| panic!("`{needle}` #{n} not in test source"))
        .0
        + 1
}
