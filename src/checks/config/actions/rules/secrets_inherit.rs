//! `secrets: inherit` hands every secret of the caller to a reusable workflow, whatever
//! it needs.

use super::super::{hit_at, Ctx, Hit};

pub const ID: &str = "config/actions-secrets-inherit";

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Hit>) {
    let Some(w) = &ctx.workflow else { return };
    for j in &w.jobs {
        let (Some(uses), Some(secrets)) = (j.uses, j.secrets) else {
            continue;
        };
        if secrets.as_str().is_some_and(|s| s.trim() == "inherit") {
            let target = uses.as_str().unwrap_or("");
            out.push(hit_at(
                ID,
                uses,
                format!(
                    "job `{}` passes every secret to `{target}` with `secrets: inherit`; pass only the secrets it needs",
                    j.id
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::lines;
    use super::*;

    #[test]
    fn inherit() {
        let src = "on: push\njobs:\n  a:\n    uses: ./.github/workflows/x.yml\n    secrets: inherit\n  b:\n    uses: ./.github/workflows/y.yml\n    secrets:\n      TOKEN: ${{ secrets.TOKEN }}\n";
        assert_eq!(lines(src, ID), vec![4]);
    }
}
