//! A registry password written literally in `container:` / `services:` credentials is
//! readable by anyone who can read the repository.

use super::super::yaml::Node;
use super::super::{hit_at, Ctx, Hit};

use super::has_expr;

pub const ID: &str = "config/actions-hardcoded-credentials";

fn check_container(ctx: &Ctx<'_>, what: &str, c: &Node, out: &mut Vec<Hit>) {
    let Some(pw) = c.get("credentials").and_then(|cr| cr.get("password")) else {
        return;
    };
    if pw.as_str().is_some_and(|s| !s.trim().is_empty()) && !has_expr(pw, ctx.src) {
        out.push(hit_at(
            ID,
            pw,
            format!("{what} has a literal registry password; use `${{{{ secrets.NAME }}}}`"),
        ));
    }
}

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Hit>) {
    let Some(w) = &ctx.workflow else { return };
    for j in &w.jobs {
        if let Some(c) = j.container {
            check_container(ctx, &format!("the container of job `{}`", j.id), c, out);
        }
        if let Some(s) = j.services {
            for (k, v) in s.entries() {
                let name = k.as_str().unwrap_or("?");
                check_container(ctx, &format!("service `{name}` of job `{}`", j.id), v, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::lines;
    use super::*;

    #[test]
    fn literal_vs_secret() {
        let src = "on: push\njobs:\n  a:\n    runs-on: x\n    container:\n      image: x@sha256:00\n      credentials:\n        username: u\n        password: hunter2\n    services:\n      db:\n        image: y@sha256:00\n        credentials:\n          username: u\n          password: ${{ secrets.PW }}\n";
        assert_eq!(lines(src, ID), vec![9]);
    }
}
