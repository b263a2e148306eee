//! `actions/checkout` leaves the token in `.git/config` unless told
//! `persist-credentials: false`; any later step (or an uploaded artifact of the
//! workspace) can then carry it away.

use super::super::{hit_at, Ctx, Hit};

use super::is_false;

pub const ID: &str = "config/actions-artipacked";

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Hit>) {
    let mut groups: Vec<Vec<&super::super::model::Step<'_>>> = Vec::new();
    if let Some(w) = &ctx.workflow {
        for j in &w.jobs {
            groups.push(j.steps.iter().collect());
        }
    }
    if let Some(a) = &ctx.action {
        groups.push(a.steps.iter().collect());
    }
    for steps in groups {
        for (i, s) in steps.iter().enumerate() {
            if !s.uses_action("actions/checkout") || is_false(s.input("persist-credentials")) {
                continue;
            }
            let uploads = steps
                .iter()
                .skip(i + 1)
                .any(|t| t.uses_action("actions/upload-artifact"));
            let msg = if uploads {
                "`actions/checkout` without `persist-credentials: false` leaves the token in .git/config, and this job later uploads an artifact that may include it"
            } else {
                "`actions/checkout` without `persist-credentials: false` leaves the token in .git/config for every later step"
            };
            let mut h = hit_at(ID, s.node, msg.to_string());
            if let Some(u) = s.uses_node {
                h.line = u.span.start.line;
                h.column = u.span.start.column;
            }
            h.end_line = h.end_line.max(h.line);
            out.push(h);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::FileKind;
    use super::super::testutil::{hits, lines};
    use super::*;

    #[test]
    fn checkout_without_persist_false() {
        let src = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - name: co\n        uses: actions/checkout@v4\n      - uses: actions/checkout@v4\n        with:\n          persist-credentials: false\n      - uses: actions/upload-artifact@v4\n";
        let h = hits(FileKind::Workflow, src, ID);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].line, 7);
        assert!(h[0].message.contains("artifact"));
        let src = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          persist-credentials: true\n";
        assert_eq!(lines(src, ID), vec![6]);
    }
}
