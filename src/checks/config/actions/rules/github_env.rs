//! Writes to `$GITHUB_ENV` / `$GITHUB_PATH` set variables (e.g. `LD_PRELOAD`, `PATH`)
//! for every later step. In a workflow that runs on `pull_request_target` or
//! `workflow_run`, or when the written text comes from an attacker-controlled
//! expression, that is a path to code execution with the workflow's privileges.

use super::super::expr;
use super::super::{Ctx, Cursor, Hit};

use super::template_injection::{classify, Level};
use super::zizmor_ignored;

pub const ID: &str = "config/actions-github-env";

const TRIGGERS: &[&str] = &["pull_request_target", "workflow_run"];

/// Byte offset (in `line`) of a write to GITHUB_ENV / GITHUB_PATH, if the line makes one.
fn write_target(line: &str) -> Option<(usize, &'static str)> {
    for var in ["GITHUB_ENV", "GITHUB_PATH"] {
        let Some(at) = line.find(var) else { continue };
        let before = line.get(..at).unwrap_or("");
        let lower = before.to_ascii_lowercase();
        if before.contains('>')
            || lower.contains("tee ")
            || lower.contains("out-file")
            || lower.contains("add-content")
            || lower.contains("set-content")
        {
            return Some((at, var));
        }
    }
    None
}

/// Branch, tag and user names cannot hold a line break, so they cannot add a variable
/// of their own to the file; free text (titles, bodies, messages, inputs) can.
fn may_hold_newline(p: &super::super::expr::ContextPath) -> bool {
    let last =
        p.0.last()
            .map(|s| s.to_ascii_lowercase())
            .unwrap_or_default();
    !matches!(
        last.as_str(),
        "ref"
            | "ref_name"
            | "head_ref"
            | "base_ref"
            | "actor"
            | "triggering_actor"
            | "default_branch"
            | "login"
            | "head_branch"
            | "label"
            | "name"
    )
}

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Hit>) {
    let Some(w) = &ctx.workflow else { return };
    let dangerous = TRIGGERS.iter().find(|t| w.has_trigger(t)).copied();
    for (ji, step) in ctx.steps() {
        let Some(run) = step.run else { continue };
        if run.as_str().is_none() {
            continue;
        }
        let header = step
            .run_key
            .map_or(run.span.start.line, |k| k.span.start.line);
        if zizmor_ignored(ctx.src, header, "github-env") {
            continue;
        }
        let job = ji.and_then(|i| w.jobs.get(i));
        let raw = run.raw(ctx.src);
        let mut cursor = Cursor::new(run, raw);
        let mut off = 0usize;
        for line in raw.split_inclusive('\n') {
            let line_start = off;
            off += line.len();
            let Some((at, var)) = write_target(line) else {
                continue;
            };
            let attacker = expr::find(line).iter().any(|f| {
                expr::dataflow_contexts(f.inner).iter().any(|p| {
                    classify(ctx, job, step, p) == Some(Level::High) && may_hold_newline(p)
                })
            });
            let why = match (dangerous, attacker) {
                (_, true) => "with text an attacker controls".to_string(),
                (Some(t), false) => format!("in a workflow triggered by `{t}`"),
                (None, false) => continue,
            };
            let (l, c) = cursor.at(line_start + at);
            out.push(Hit {
                rule: ID,
                line: l,
                column: c,
                end_line: l,
                message: format!(
                    "writes to `${var}` {why}: a later step may run with attacker-chosen variables or PATH"
                ),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::lines;
    use super::*;

    #[test]
    fn dangerous_trigger_write() {
        let src = "on: workflow_run\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: |\n          echo hi\n          echo \"A=$B\" >> \"$GITHUB_ENV\"\n          echo $GITHUB_ENV\n";
        assert_eq!(lines(src, ID), vec![8]);
        let src = src.replace("run: |", "run: | # zizmor: ignore[github-env]");
        assert!(lines(&src, ID).is_empty());
    }

    #[test]
    fn push_is_fine_unless_attacker_text() {
        let src = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo \"A=$B\" >> $GITHUB_ENV\n      - run: echo \"A=${{ github.head_ref }}\" >> $GITHUB_PATH\n      - run: echo \"A=${{ github.event.comment.body }}\" >> $GITHUB_ENV\n";
        assert_eq!(lines(src, ID), vec![8]);
    }
}
