//! The `GITHUB_TOKEN` should get only the permissions a job needs. Flags workflows and
//! jobs that set no `permissions:` (the repository default applies, which may be
//! write-all), `write-all`, and write permissions granted at workflow level to every
//! job of a workflow with several jobs.

use super::super::yaml::Node;
use super::super::{end_line, hit_at, Ctx, Hit};

pub const ID: &str = "config/actions-excessive-permissions";

fn is_write_all(v: &Node) -> bool {
    v.as_str().is_some_and(|s| s.trim() == "write-all")
}

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Hit>) {
    let Some(w) = &ctx.workflow else { return };
    if w.jobs.is_empty() {
        return;
    }
    // A reusable workflow gets its token from the caller.
    let only_called =
        !w.triggers.is_empty() && w.triggers.iter().all(|t| t.name == "workflow_call");
    match w.permissions {
        None => {
            if only_called {
                return;
            }
            let bare: Vec<_> = w.jobs.iter().filter(|j| j.permissions.is_none()).collect();
            if w.jobs.len() > 1 && !bare.is_empty() {
                let root = w.root;
                out.push(Hit {
                    rule: ID,
                    line: root.span.start.line,
                    column: root.span.start.column,
                    end_line: end_line(&root.span),
                    message: "no `permissions:` at workflow level: jobs without their own block get the repository's default token permissions, which may be write-all".to_string(),
                });
            }
            for j in bare {
                let mut h = hit_at(
                    ID,
                    j.key,
                    format!(
                        "job `{}` sets no `permissions:` and none are set for the workflow: it gets the repository's default token permissions, which may be write-all",
                        j.id
                    ),
                );
                h.end_line = end_line(&j.node.span).max(h.line);
                out.push(h);
            }
        }
        Some((_, perms)) => {
            if is_write_all(perms) {
                out.push(hit_at(
                    ID,
                    perms,
                    "`permissions: write-all` at workflow level gives every job a token that can write everything".to_string(),
                ));
            } else if w.jobs.len() > 1 {
                for (k, v) in perms.entries() {
                    if v.as_str().is_some_and(|s| s.trim() == "write") {
                        let name = k.as_str().unwrap_or("?");
                        out.push(hit_at(
                            ID,
                            k,
                            format!(
                                "`{name}: write` at workflow level is given to all {} jobs; grant it only to the jobs that need it",
                                w.jobs.len()
                            ),
                        ));
                    }
                }
            }
        }
    }
    for j in &w.jobs {
        if let Some((_, v)) = j.permissions {
            if is_write_all(v) {
                out.push(hit_at(
                    ID,
                    v,
                    format!(
                        "job `{}` uses `permissions: write-all`: its token can write everything",
                        j.id
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::FileKind;
    use super::super::testutil::{hits, lines};
    use super::*;

    #[test]
    fn no_permissions_single_job() {
        let src = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n";
        let h = hits(FileKind::Workflow, src, ID);
        assert_eq!(h.len(), 1);
        assert_eq!((h[0].line, h[0].end_line), (3, 6));
    }

    #[test]
    fn no_permissions_two_jobs() {
        let src = "# c\non: push\njobs:\n  a:\n    runs-on: x\n  b:\n    runs-on: x\n    permissions: {}\n";
        assert_eq!(lines(src, ID), vec![2, 4]);
    }

    #[test]
    fn with_permissions() {
        let src = "on: push\npermissions:\n  contents: read\njobs:\n  a:\n    runs-on: x\n";
        assert!(lines(src, ID).is_empty());
        let src = "on: push\npermissions:\n  contents: write\njobs:\n  a:\n    runs-on: x\n";
        assert!(lines(src, ID).is_empty());
        let src = "on: push\npermissions:\n  contents: write\n  issues: read\njobs:\n  a:\n    runs-on: x\n  b:\n    runs-on: x\n";
        assert_eq!(lines(src, ID), vec![3]);
        let src = "on: push\npermissions: write-all\njobs:\n  a:\n    runs-on: x\n    permissions: write-all\n";
        assert_eq!(lines(src, ID), vec![2, 6]);
    }

    #[test]
    fn reusable_workflow_skipped() {
        let src = "on: workflow_call\njobs:\n  a:\n    runs-on: x\n  b:\n    runs-on: x\n";
        assert!(lines(src, ID).is_empty());
    }
}
