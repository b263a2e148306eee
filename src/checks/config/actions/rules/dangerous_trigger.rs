//! Triggers that run with the base repository's privileges on events an outsider can
//! cause: `pull_request_target`, `workflow_run` and `issue_comment`.

use super::super::expr;
use super::super::model::Workflow;
use super::super::{hit_at, Ctx, Hit};

use super::zizmor_ignored;

pub const ID: &str = "config/actions-dangerous-trigger";

pub const DANGEROUS: &[&str] = &["pull_request_target", "workflow_run", "issue_comment"];

/// A job checks out the code of the pull request / triggering run (attacker's code).
pub fn checks_out_untrusted_head(w: &Workflow<'_>) -> bool {
    w.jobs.iter().flat_map(|j| j.steps.iter()).any(|s| {
        if !s.uses_action("actions/checkout") {
            return false;
        }
        let Some(r) = s.input("ref").and_then(|r| r.as_str()) else {
            return false;
        };
        expr::find(r).iter().any(|f| {
            expr::all_contexts(f.inner).iter().any(|p| {
                p.starts_with("github.event.pull_request.head")
                    || p.matches("github.head_ref")
                    || p.starts_with("github.event.workflow_run.head_branch")
                    || p.starts_with("github.event.workflow_run.head_sha")
                    || p.starts_with("github.event.workflow_run.head_commit")
                    || p.starts_with("github.event.workflow_run.pull_requests")
                    || p.starts_with("github.event.issue.pull_request")
            })
        }) || r.starts_with("refs/pull/")
    })
}

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Hit>) {
    let Some(w) = &ctx.workflow else { return };
    let head = checks_out_untrusted_head(w);
    // A `zizmor: ignore[dangerous-triggers]` on the `on:` line covers every trigger.
    let on_line = w
        .root
        .get_entry("on")
        .or_else(|| w.root.get_entry("true"))
        .map(|(k, _)| k.span.start.line);
    if on_line.is_some_and(|l| zizmor_ignored(ctx.src, l, "dangerous-triggers")) {
        return;
    }
    for t in &w.triggers {
        if !DANGEROUS.contains(&t.name) {
            continue;
        }
        let mut msg = format!(
            "`{}` runs with the repository's token and secrets on events outsiders can cause",
            t.name
        );
        if head {
            msg.push_str(
                ", and a job checks out the untrusted pull request code: anything it builds or runs executes with those privileges",
            );
        } else {
            msg.push_str("; never run or build code from the triggering pull request here");
        }
        out.push(hit_at(ID, t.at, msg));
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::FileKind;
    use super::super::testutil::{hits, lines};
    use super::*;

    #[test]
    fn all_shapes() {
        assert_eq!(lines("on: pull_request_target\njobs: {}\n", ID), vec![1]);
        assert_eq!(lines("on: [push, workflow_run]\njobs: {}\n", ID), vec![1]);
        assert_eq!(
            lines(
                "on:\n  push:\n  issue_comment:\n    types: [created]\njobs: {}\n",
                ID
            ),
            vec![3]
        );
        assert!(lines("on: [push, pull_request]\njobs: {}\n", ID).is_empty());
        assert!(lines(
            "on: # zizmor: ignore[dangerous-triggers]\n  workflow_run:\njobs: {}\n",
            ID
        )
        .is_empty());
    }

    #[test]
    fn stronger_with_head_checkout() {
        let src = "on: pull_request_target\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n";
        let h = hits(FileKind::Workflow, src, ID);
        assert_eq!(h.len(), 1);
        assert!(h[0].message.contains("checks out the untrusted"));
        let src = "on: pull_request_target\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n";
        let h = hits(FileKind::Workflow, src, ID);
        assert!(!h[0].message.contains("checks out the untrusted"));
    }
}
