//! Jobs on self-hosted runners: in a public repository anyone who can open a pull
//! request may get code run on (and persist on) that machine.

use super::super::{hit_at, Ctx, Hit};

pub const ID: &str = "config/actions-self-hosted-runner";

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Hit>) {
    let Some(w) = &ctx.workflow else { return };
    for j in &w.jobs {
        let Some(ro) = j.runs_on else { continue };
        let mut labels: Vec<&super::super::yaml::Node> = Vec::new();
        if ro.as_str().is_some() {
            labels.push(ro);
        }
        labels.extend(ro.items().iter());
        if let Some(l) = ro.get("labels") {
            if l.as_str().is_some() {
                labels.push(l);
            }
            labels.extend(l.items().iter());
        }
        if let Some(n) = labels.into_iter().find(|n| {
            n.as_str()
                .is_some_and(|s| s.trim().eq_ignore_ascii_case("self-hosted"))
        }) {
            out.push(hit_at(
                ID,
                n,
                format!(
                    "job `{}` runs on a self-hosted runner: untrusted code may run and persist there",
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
    fn labels() {
        let src = "on: push\njobs:\n  a:\n    runs-on: [self-hosted, linux]\n  b:\n    runs-on: ubuntu-latest\n  c:\n    runs-on:\n      group: g\n      labels: self-hosted\n";
        assert_eq!(lines(src, ID), vec![4, 10]);
    }
}
