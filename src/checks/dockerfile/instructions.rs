//! Rules about single instructions and their order: USER, WORKDIR, EXPOSE, CMD,
//! ENTRYPOINT, HEALTHCHECK, ADD, COPY, MAINTAINER, consecutive RUNs.
use super::model::Ctx;
use super::parse::Instruction;

pub fn check(ctx: &mut Ctx) {
    let mut hits: Vec<(&'static str, usize, String)> = Vec::new();
    let n_stages = ctx.stages.len();
    for (si, st) in ctx.stages.iter().enumerate() {
        let body: Vec<(usize, &Instruction)> = st.body.clone().map(|i| (i, ctx.ins(i))).collect();
        // The last USER of each stage, as hadolint does: a stage may be a build target.
        if let Some((_, u)) = body.iter().rev().find(|(_, i)| i.is("USER")) {
            let user = u.words().first().cloned().unwrap_or_default();
            let name = user.split(':').next().unwrap_or("");
            if name == "root" || name == "0" {
                hits.push((
                    "dockerfile/user-root",
                    u.line,
                    "the last USER of this stage is root: processes in the container run with full privileges".into(),
                ));
            }
        } else if si + 1 == n_stages
            && !st.image.is_scratch()
            && !st.image.text.contains("nonroot")
            && !ctx.earlier_in_stage(st.body.end.saturating_sub(1).max(st.from), |i| i.is("USER"))
        {
            hits.push((
                "dockerfile/user-missing",
                ctx.ins(st.from).line,
                "the final stage never sets USER, so the container runs as root unless the base image says otherwise".into(),
            ));
        }
        for keyword in ["CMD", "ENTRYPOINT", "HEALTHCHECK"] {
            let rule = match keyword {
                "CMD" => "dockerfile/multiple-cmd",
                "ENTRYPOINT" => "dockerfile/multiple-entrypoint",
                _ => "dockerfile/multiple-healthcheck",
            };
            for (_, i) in body.iter().filter(|(_, i)| i.is(keyword)).skip(1) {
                hits.push((
                    rule,
                    i.line,
                    format!("more than one {keyword} in this stage: only the last takes effect"),
                ));
            }
        }
        if si + 1 == n_stages && !body.iter().any(|(_, i)| i.is("HEALTHCHECK")) {
            hits.push((
                "dockerfile/healthcheck-missing",
                ctx.ins(st.from).line,
                "the final stage has no HEALTHCHECK".into(),
            ));
        }
    }
    let mut prev: Option<&Instruction> = None;
    for (idx, ins) in ctx.df.instructions.iter().enumerate() {
        match ins.keyword.as_str() {
            "USER" => {
                let user = ins.words().first().cloned().unwrap_or_default();
                let name = user.split(':').next().unwrap_or("");
                // A variable cannot be checked either, so it is reported too.
                if !name.is_empty() && !name.bytes().all(|b| b.is_ascii_digit()) {
                    hits.push((
                        "dockerfile/user-not-numeric",
                        ins.line,
                        if name.starts_with('$') {
                            format!("USER {name} may not be numeric: Kubernetes runAsNonRoot can only verify a numeric UID")
                        } else {
                            format!("USER {name} is a name: Kubernetes runAsNonRoot cannot verify it, use a numeric UID")
                        },
                    ));
                }
            }
            "WORKDIR" => {
                let dir = ins.words().first().cloned().unwrap_or_default();
                if !is_absolute(&dir) {
                    hits.push((
                        "dockerfile/workdir-relative",
                        ins.line,
                        format!("WORKDIR {dir} is relative: it depends on the previous WORKDIR"),
                    ));
                }
            }
            "EXPOSE" => {
                for w in ins.words() {
                    let port = w.split('/').next().unwrap_or("");
                    if port.contains('$') {
                        continue;
                    }
                    let (lo, hi) = port.split_once('-').unwrap_or((port, port));
                    let (Ok(lo), Ok(hi)) = (lo.parse::<u64>(), hi.parse::<u64>()) else {
                        continue;
                    };
                    if hi > 65535 || lo > hi {
                        hits.push((
                            "dockerfile/expose-invalid-port",
                            ins.line,
                            format!("EXPOSE {w}: ports range from 0 to 65535"),
                        ));
                    } else if (lo..=hi).contains(&22) {
                        hits.push((
                            "dockerfile/expose-ssh",
                            ins.line,
                            "EXPOSE 22: an SSH server in a container is a way in that needs no exploit".into(),
                        ));
                    }
                }
            }
            "CMD" | "ENTRYPOINT" if ins.exec.is_none() && !ins.rest.is_empty() => {
                hits.push((
                    "dockerfile/shell-form-cmd",
                    ins.line,
                    format!("{} in shell form runs under /bin/sh -c, which does not pass signals to the process", ins.keyword),
                ));
            }
            "HEALTHCHECK" => {
                let cmd = ins.rest.trim_start();
                if cmd.len() > 3
                    && cmd.as_bytes()[..3].eq_ignore_ascii_case(b"CMD")
                    && !cmd[3..].trim_start().starts_with('[')
                {
                    hits.push((
                        "dockerfile/shell-form-cmd",
                        ins.line,
                        "HEALTHCHECK CMD in shell form runs under /bin/sh -c".into(),
                    ));
                }
            }
            "MAINTAINER" => hits.push((
                "dockerfile/maintainer",
                ins.line,
                "MAINTAINER is deprecated: use LABEL org.opencontainers.image.authors".into(),
            )),
            "ADD" => {
                let words = ins.words();
                let sources = &words[..words.len().saturating_sub(1)];
                let remote = |s: &str| {
                    s.starts_with("http://") || s.starts_with("https://") || s.starts_with("git@")
                };
                if sources.iter().any(|s| remote(s)) && ins.flag("checksum").is_none() {
                    hits.push((
                        "dockerfile/add-remote-url",
                        ins.line,
                        "ADD of a URL downloads without verifying what it got: use ADD --checksum or curl and a checksum".into(),
                    ));
                }
                if ins.heredocs.is_empty()
                    && !sources.is_empty()
                    && sources.iter().all(|s| !remote(s) && !is_archive(s))
                {
                    hits.push((
                        "dockerfile/add-instead-of-copy",
                        ins.line,
                        "ADD of local files: use COPY, which does not unpack archives or fetch URLs".into(),
                    ));
                }
            }
            "COPY" => {
                let words = ins.words();
                if let Some(dest) = words
                    .last()
                    .filter(|_| words.len() >= 2 || !ins.heredocs.is_empty())
                {
                    if !is_absolute(dest) && !ctx.earlier_in_stage(idx, |i| i.is("WORKDIR")) {
                        hits.push((
                            "dockerfile/copy-relative-without-workdir",
                            ins.line,
                            format!("COPY to relative `{dest}` while no WORKDIR is set: the destination depends on the base image"),
                        ));
                    }
                }
            }
            "RUN" => {
                // As hadolint does: only runs of one-command RUNs, which joining loses
                // nothing by; long RUNs next to each other are usually deliberate layers.
                let single = |j: usize| {
                    let s = &ctx.scripts[j];
                    ctx.ins(j).heredocs.is_empty()
                        && s.commands
                            .iter()
                            .filter(|c| !matches!(c.name(), "true" | ":"))
                            .count()
                            <= 1
                        && !s.commands.iter().any(|c| c.piped && !c.nested)
                };
                if prev.is_some_and(|p| p.is("RUN") && p.flags == ins.flags)
                    && single(idx - 1)
                    && single(idx)
                {
                    hits.push((
                        "dockerfile/consecutive-run",
                        ins.line,
                        "consecutive RUN instructions each add a layer: join them with &&".into(),
                    ));
                }
            }
            _ => {}
        }
        prev = Some(ins);
    }
    for (rule, line, msg) in hits {
        ctx.hit(rule, line, msg);
    }
}

/// An absolute container path (Unix or Windows) or one that starts with a variable.
pub fn is_absolute(p: &str) -> bool {
    let p = p.trim_matches(|c| c == '"' || c == '\'');
    let b = p.as_bytes();
    p.starts_with('/')
        || p.starts_with('$')
        || p.starts_with('\\')
        || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
}

fn is_archive(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    [
        ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tbz2", ".tar.xz", ".txz", ".tar.zst",
        ".gz", ".bz2", ".xz", ".zst", ".lz", ".lzma", ".tar.lz", ".tb2", ".tz2", ".zip",
    ]
    .iter()
    .any(|e| l.ends_with(e))
}

#[cfg(test)]
mod tests {
    use crate::checks::dockerfile::{analyse, Settings};

    /// Found by fuzzing (`fuzz/`, target `dockerfile`): a multi-byte character straddling
    /// the third byte after HEALTHCHECK sliced a `str` off a char boundary.
    #[test]
    fn healthcheck_with_multibyte_text_after_c() {
        let input: &[u8] = b"FROM scratch\nHEALTHCHECK C\xaf\nHEALTHCHECK C\xe2\x82\xac\n";
        let text = String::from_utf8_lossy(input);
        let hits = analyse(&text, &Settings::default());
        assert!(hits.iter().all(|h| h.rule != "dockerfile/shell-form-cmd"));
        let hits = analyse(
            "HEALTHCHECK cmd curl -f http://localhost/\n",
            &Settings::default(),
        );
        assert!(hits.iter().any(|h| h.rule == "dockerfile/shell-form-cmd"));
    }
}
