//! `${{ }}` expressions expanded into a shell script (`run:`) or into
//! `actions/github-script`'s `script:`: the value is pasted into the code before it
//! runs, so text an attacker controls becomes code.

use super::super::expr::{self, ContextPath};
use super::super::model::{Job, Step};
use super::super::yaml::Node;
use super::super::{Ctx, Cursor, Hit};

use super::{get_ci, has_expr, zizmor_ignored};

pub const ID: &str = "config/actions-template-injection";

/// How sure we are that a context can carry attacker-chosen text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Unknown provenance (outputs of steps or jobs).
    Info,
    /// An environment variable that is not a fixed value.
    Low,
    /// A matrix value computed from an expression.
    Medium,
    /// Attacker-controllable (event payload, branch names, inputs).
    High,
}

/// `github.*` properties that never carry free text.
const GITHUB_FIXED: &[&str] = &[
    "action",
    "action_path",
    "action_ref",
    "action_repository",
    "action_status",
    "actor_id",
    "api_url",
    "env",
    "event_name",
    "event_path",
    "graphql_url",
    "job",
    "job_workflow_sha",
    "output",
    "path",
    "ref_protected",
    "ref_type",
    "repository",
    "repository_id",
    "repository_owner",
    "repository_owner_id",
    "repositoryurl",
    "retention_days",
    "run_attempt",
    "run_id",
    "run_number",
    "secret_source",
    "server_url",
    "sha",
    "state",
    "step_summary",
    "token",
    "workflow",
    "workflow_ref",
    "workflow_sha",
    "workspace",
];

/// `github.*` properties an attacker can choose (branch names, user names, the event).
const GITHUB_ARBITRARY: &[&str] = &[
    "actor",
    "triggering_actor",
    "base_ref",
    "head_ref",
    "ref",
    "ref_name",
    "event",
];

/// Last path segments of event payload fields that are numbers, ids, hashes, flags or
/// timestamps.
const EVENT_FIXED_LAST: &[&str] = &[
    "number",
    "id",
    "sha",
    "before",
    "after",
    "size",
    "draft",
    "merged",
    "locked",
    "private",
    "fork",
    "forced",
    "created",
    "deleted",
    "additions",
    "deletions",
    "changed_files",
    "commits_count",
    "run_number",
    "run_attempt",
    "distinct",
    "site_admin",
    "maintainer_can_modify",
    "rebaseable",
    "mergeable",
];

fn event_field_is_fixed(path: &ContextPath) -> bool {
    let Some(last) = path.0.last() else {
        return false;
    };
    let last = last.to_ascii_lowercase();
    EVENT_FIXED_LAST.contains(&last.as_str())
        || last.ends_with("_id")
        || last.ends_with("_at")
        || last.ends_with("_url")
        || last == "url"
        || last.ends_with("_count")
        || last.ends_with("_sha")
}

/// Where an `env.NAME` is defined for a step: `Some(true)` a fixed value, `Some(false)`
/// a value computed from an expression, `None` not defined in the file (so set at run
/// time, e.g. through `$GITHUB_ENV`).
fn env_definition(name: &str, scopes: &[Option<&Node>], src: &str) -> Option<bool> {
    for env in scopes.iter().flatten() {
        if env.as_str().is_some() && !env.is_null() {
            // `env: ${{ fromJSON(...) }}`: anything may be defined there.
            return Some(false);
        }
        if let Some((_, v)) = get_ci(env, name) {
            return Some(!has_expr(v, src));
        }
    }
    None
}

/// Is `matrix.KEY` of this job computed from an expression?
fn matrix_is_dynamic(matrix: Option<&Node>, key: &str, src: &str) -> bool {
    let Some(m) = matrix else { return false };
    if m.as_str().is_some() {
        return has_expr(m, src);
    }
    if let Some((_, v)) = get_ci(m, key) {
        if has_expr(v, src) {
            return true;
        }
    }
    if let Some((_, inc)) = get_ci(m, "include") {
        if inc.as_str().is_some() {
            return has_expr(inc, src);
        }
        for item in inc.items() {
            if item.as_str().is_some() && has_expr(item, src) {
                return true;
            }
            if let Some((_, v)) = get_ci(item, key) {
                if has_expr(v, src) {
                    return true;
                }
            }
        }
    }
    false
}

/// How attacker-controllable the context `path` is in this step, if at all.
pub fn classify(
    ctx: &Ctx<'_>,
    job: Option<&Job<'_>>,
    step: &Step<'_>,
    path: &ContextPath,
) -> Option<Level> {
    let root = path.root().to_ascii_lowercase();
    let seg = |i: usize| path.segment(i).map(str::to_ascii_lowercase);
    match root.as_str() {
        "github" => {
            let Some(prop) = seg(1) else {
                // The whole context (e.g. `toJSON(github)`) includes the event.
                return Some(Level::High);
            };
            if prop == "event" {
                if seg(2).as_deref() == Some("inputs") {
                    return match seg(3) {
                        Some(name) => input_level(ctx, &name),
                        None => Some(Level::High),
                    };
                }
                if path.len() > 2 && event_field_is_fixed(path) {
                    return None;
                }
                return Some(Level::High);
            }
            if GITHUB_ARBITRARY.contains(&prop.as_str()) {
                return Some(Level::High);
            }
            if GITHUB_FIXED.contains(&prop.as_str()) {
                return None;
            }
            None
        }
        "inputs" => match seg(1) {
            Some(name) => input_level(ctx, &name),
            None => Some(Level::High),
        },
        "env" => {
            let name = seg(1)?;
            let wf_env = ctx.workflow.as_ref().and_then(|w| w.env);
            let scopes = [step.env, job.and_then(|j| j.env), wf_env];
            match env_definition(&name, &scopes, ctx.src) {
                Some(true) => None,
                _ => Some(Level::Low),
            }
        }
        "matrix" => {
            let key = seg(1)?;
            matrix_is_dynamic(job.and_then(|j| j.matrix), &key, ctx.src).then_some(Level::Medium)
        }
        "steps" | "needs" | "jobs" => {
            (seg(2).as_deref() == Some("outputs") && path.len() > 3).then_some(Level::Info)
        }
        _ => None,
    }
}

fn input_level(ctx: &Ctx<'_>, name: &str) -> Option<Level> {
    if let Some(w) = &ctx.workflow {
        let types = w.input_types(name);
        if !types.is_empty()
            && types
                .iter()
                .all(|t| t.eq_ignore_ascii_case("boolean") || t.eq_ignore_ascii_case("number"))
        {
            return None;
        }
    }
    Some(Level::High)
}

fn describe(level: Level, path: &ContextPath) -> String {
    match level {
        Level::High => format!("`{path}` can be chosen by an attacker"),
        Level::Medium => format!("`{path}` comes from a matrix computed at run time"),
        Level::Low => format!("`{path}` is not a fixed value in this workflow"),
        Level::Info => format!("`{path}` is an output whose content is not known"),
    }
}

/// Find risky expressions in one code-carrying node.
fn scan_code(
    ctx: &Ctx<'_>,
    job: Option<&Job<'_>>,
    step: &Step<'_>,
    key: Option<&Node>,
    code: &Node,
    what: &str,
    out: &mut Vec<Hit>,
) {
    let header = key.map_or(code.span.start.line, |k| k.span.start.line);
    if zizmor_ignored(ctx.src, header, "template-injection") {
        return;
    }
    let raw = code.raw(ctx.src);
    let mut cursor = Cursor::new(code, raw);
    for f in expr::find(raw) {
        let mut worst: Option<(Level, ContextPath)> = None;
        for path in expr::dataflow_contexts(f.inner) {
            if let Some(level) = classify(ctx, job, step, &path) {
                if worst.as_ref().is_none_or(|(l, _)| level > *l) {
                    worst = Some((level, path));
                }
            }
        }
        let Some((level, path)) = worst else { continue };
        let (line, column) = cursor.at(f.start);
        let end = cursor.at(f.end).0;
        let tail = match level {
            Level::High => "pass it through an environment variable instead",
            _ => "prefer an environment variable",
        };
        out.push(Hit {
            rule: ID,
            line,
            column,
            end_line: end.max(line),
            message: format!(
                "`${{{{{}}}}}` is expanded into {what}: {}; {tail}",
                f.inner,
                describe(level, &path)
            ),
        });
    }
}

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Hit>) {
    for (ji, step) in ctx.steps() {
        let job = ji.and_then(|i| ctx.workflow.as_ref().and_then(|w| w.jobs.get(i)));
        if let Some(run) = step.run {
            if run.as_str().is_some() {
                scan_code(ctx, job, step, step.run_key, run, "a `run:` script", out);
            }
        }
        if step.uses_action("actions/github-script") {
            if let Some((key, script)) = step.input_entry("script") {
                if script.as_str().is_some() {
                    let what = "a github-script `script:`";
                    scan_code(ctx, job, step, Some(key), script, what, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::FileKind;
    use super::super::testutil::{hits, lines};
    use super::*;

    const HEAD: &str = "on: issues\njobs:\n  a:\n    runs-on: ubuntu-latest\n";

    #[test]
    fn attacker_context_in_run() {
        let src = format!(
            "{HEAD}    steps:\n      - run: echo \"${{{{ github.event.issue.title }}}}\"\n"
        );
        let h = hits(FileKind::Workflow, &src, ID);
        assert_eq!(h.len(), 1);
        assert_eq!((h[0].line, h[0].column), (6, 20));
        assert!(h[0].message.contains("github.event.issue.title"));
    }

    #[test]
    fn true_line_in_literal_block() {
        let src = format!(
            "{HEAD}    steps:\n      - name: x\n        run: |\n          echo start\n\n          echo ${{{{ github.head_ref }}}}\n          echo ${{{{ github.event.pull_request.number }}}}\n"
        );
        assert_eq!(lines(&src, ID), vec![10]);
        let h = hits(FileKind::Workflow, &src, ID);
        assert_eq!(h[0].column, 16);
    }

    #[test]
    fn true_line_in_folded_and_quoted() {
        let src = format!(
            "{HEAD}    steps:\n      - run: >\n          echo a\n          ${{{{ github.event.comment.body }}}}\n      - run: \"echo\n          ${{{{ github.event.review.body }}}}\"\n"
        );
        assert_eq!(lines(&src, ID), vec![8, 10]);
    }

    #[test]
    fn fixed_contexts_are_fine() {
        let src = format!(
            "{HEAD}    steps:\n      - run: echo ${{{{ github.sha }}}} ${{{{ github.event.issue.number }}}} ${{{{ secrets.X }}}} ${{{{ github.event_name == 'x' }}}}\n"
        );
        assert!(lines(&src, ID).is_empty());
    }

    #[test]
    fn not_in_with_or_if() {
        let src = format!(
            "{HEAD}    steps:\n      - if: ${{{{ github.event.issue.title == 'x' }}}}\n        uses: some/action@v1\n        with:\n          x: ${{{{ github.event.issue.title }}}}\n"
        );
        assert!(lines(&src, ID).is_empty());
    }

    #[test]
    fn github_script() {
        let src = format!(
            "{HEAD}    steps:\n      - uses: actions/github-script@v7\n        with:\n          script: |\n            console.log('${{{{ github.event.issue.body }}}}')\n"
        );
        assert_eq!(lines(&src, ID), vec![9]);
    }

    #[test]
    fn env_static_vs_dynamic() {
        let src = "on: push\nenv:\n  A: fixed\n  B: ${{ github.workspace }}/x\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ env.A }}\n      - run: echo ${{ env.B }}\n      - run: echo ${{ env.C }}\n";
        assert_eq!(lines(src, ID), vec![10, 11]);
    }

    #[test]
    fn matrix_static_vs_dynamic() {
        let src = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        s: [a, b]\n        d: ${{ fromJSON(inputs.x) }}\n    steps:\n      - run: echo ${{ matrix.s }} \n      - run: echo ${{ matrix.d }}\n";
        assert_eq!(lines(src, ID), vec![11]);
    }

    #[test]
    fn typed_inputs() {
        let src = "on:\n  workflow_dispatch:\n    inputs:\n      n:\n        type: number\n      s:\n        type: string\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo ${{ inputs.n }} \n      - run: echo ${{ inputs.s }} ${{ github.event.inputs.n }}\n";
        assert_eq!(lines(src, ID), vec![13]);
    }

    #[test]
    fn outputs_reported_low() {
        let src = format!("{HEAD}    steps:\n      - run: echo ${{{{ steps.x.outputs.y }}}} ${{{{ steps.x.outcome }}}}\n");
        let h = hits(FileKind::Workflow, &src, ID);
        assert_eq!(h.len(), 1);
        assert!(h[0].message.contains("not known"));
    }

    #[test]
    fn composite_action_inputs() {
        let src = "name: x\nruns:\n  using: composite\n  steps:\n    - shell: bash\n      run: |\n        echo ${{ inputs.name }}\n";
        let h = hits(FileKind::Action, src, ID);
        assert_eq!(h.iter().map(|h| h.line).collect::<Vec<_>>(), vec![7]);
    }

    #[test]
    fn many_expressions_stay_linear() {
        let mut src =
            String::from("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: |\n");
        for _ in 0..20_000 {
            src.push_str("          echo ${{ github.head_ref }} ${{ github.head_ref }}\n");
        }
        src.push_str("      - run: echo");
        for _ in 0..20_000 {
            src.push_str(" ${{ github.head_ref }}");
        }
        src.push('\n');
        let started = std::time::Instant::now();
        let h = hits(FileKind::Workflow, &src, ID);
        assert_eq!(h.len(), 60_000);
        assert_eq!((h[0].line, h[0].column), (7, 16));
        assert_eq!((h[1].line, h[1].column), (7, 39));
        assert_eq!(h[59_999].line, 20_007);
        assert!(h
            .windows(2)
            .all(|w| (w[0].line, w[0].column) <= (w[1].line, w[1].column)));
        assert!(
            started.elapsed().as_secs() < 30,
            "took {:?}",
            started.elapsed()
        );
    }
}
