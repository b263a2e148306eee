//! `ACTIONS_ALLOW_UNSECURE_COMMANDS` re-enables the deprecated `::set-env` and
//! `::add-path` workflow commands, which let anything printed to the log set
//! environment variables (and so run code) in later steps.

use super::super::yaml::Node;
use super::super::{hit_at, Ctx, Hit};

pub const ID: &str = "config/actions-unsecure-commands";

fn scan(env: Option<&Node>, out: &mut Vec<Hit>) {
    let Some(env) = env else { return };
    for (k, v) in env.entries() {
        if !k
            .as_str()
            .is_some_and(|s| s.eq_ignore_ascii_case("ACTIONS_ALLOW_UNSECURE_COMMANDS"))
        {
            continue;
        }
        let off = v
            .as_str()
            .is_some_and(|s| matches!(s.trim().to_ascii_lowercase().as_str(), "false" | "0" | ""));
        if !off {
            out.push(hit_at(
                ID,
                k,
                "`ACTIONS_ALLOW_UNSECURE_COMMANDS` re-enables `set-env`/`add-path`: any text printed to the log can set variables for later steps".to_string(),
            ));
        }
    }
}

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Hit>) {
    if let Some(w) = &ctx.workflow {
        scan(w.env, out);
        for j in &w.jobs {
            scan(j.env, out);
            scan(j.container.and_then(|c| c.get("env")), out);
        }
    }
    for (_, s) in ctx.steps() {
        scan(s.env, out);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::lines;
    use super::*;

    #[test]
    fn env_levels() {
        let src = "on: push\nenv:\n  ACTIONS_ALLOW_UNSECURE_COMMANDS: true\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n        env:\n          ACTIONS_ALLOW_UNSECURE_COMMANDS: 'false'\n      - run: echo\n        env:\n          ACTIONS_ALLOW_UNSECURE_COMMANDS: yes\n";
        assert_eq!(lines(src, ID), vec![3, 13]);
    }
}
