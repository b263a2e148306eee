//! `uses:` of an action or reusable workflow by a tag or branch: those can be moved to
//! other code at any time. Only a full 40-hex commit SHA (or an image digest) is
//! immutable.

use super::super::model::Uses;
use super::super::yaml::Node;
use super::super::{hit_at, Ctx, Hit};

pub const ID: &str = "config/actions-unpinned-uses";

pub fn is_full_sha(r: &str) -> bool {
    r.len() == 40 && r.bytes().all(|b| b.is_ascii_hexdigit())
}

fn problem(ctx: &Ctx<'_>, text: &str) -> Option<String> {
    match Uses::parse(text) {
        Uses::Local(_) | Uses::Other(_) => None,
        Uses::Docker(img) => {
            if img.contains("@sha256:") {
                None
            } else {
                Some(format!(
                    "`{text}` is not pinned by digest; use `docker://image@sha256:...`"
                ))
            }
        }
        Uses::Repo { owner, git_ref, .. } => {
            if ctx
                .settings
                .trusted_owners
                .iter()
                .any(|o| o.eq_ignore_ascii_case(owner))
            {
                return None;
            }
            match git_ref {
                Some(r) if is_full_sha(r) => None,
                Some(r) => Some(format!(
                    "`{text}` is pinned to `{r}`, a tag or branch that can be moved; pin a full commit SHA"
                )),
                None => Some(format!("`{text}` has no ref at all; pin a full commit SHA")),
            }
        }
    }
}

fn check_node(ctx: &Ctx<'_>, node: &Node, out: &mut Vec<Hit>) {
    if let Some(text) = node.as_str() {
        if let Some(msg) = problem(ctx, text) {
            out.push(hit_at(ID, node, msg));
        }
    }
}

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Hit>) {
    for (_, step) in ctx.steps() {
        if let Some(u) = step.uses_node {
            check_node(ctx, u, out);
        }
    }
    if let Some(w) = &ctx.workflow {
        for j in &w.jobs {
            if let Some(u) = j.uses {
                check_node(ctx, u, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::{analyse, FileKind, Settings};
    use super::super::testutil::lines;
    use super::*;

    const SRC: &str = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n      - uses: ./local\n      - uses: docker://alpine:3\n      - uses: docker://alpine@sha256:0123\n      - uses: org/act/sub@main\n  b:\n    uses: org/repo/.github/workflows/x.yml@v1\n";

    #[test]
    fn flags_tags_and_branches() {
        assert_eq!(lines(SRC, ID), vec![6, 9, 11, 13]);
    }

    #[test]
    fn trusted_owners() {
        let s = Settings {
            trusted_owners: vec!["Actions".into(), "org".into()],
        };
        let h: Vec<usize> = analyse(FileKind::Workflow, SRC, &s)
            .unwrap()
            .into_iter()
            .filter(|h| h.rule == ID)
            .map(|h| h.line)
            .collect();
        assert_eq!(h, vec![9]);
    }
}
