//! Rules about base images and build stages: tags, digests, registries, platforms, stage
//! names and `COPY --from`.
use super::model::Ctx;

pub fn check(ctx: &mut Ctx) {
    let mut hits = Vec::new();
    for (si, st) in ctx.stages.iter().enumerate() {
        let ins = ctx.ins(st.from);
        let line = ins.line;
        let img = &st.image;
        let written = &st.written;
        let earlier_stage = ctx.stages[..si].iter().any(|s| {
            s.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(&img.text))
        });
        if img.is_scratch() || earlier_stage || img.text.is_empty() {
            // not a registry image
        } else {
            if written.tag.is_none() && written.digest.is_none() && !written.unresolved {
                hits.push((
                    "dockerfile/image-untagged",
                    line,
                    format!(
                        "`{}` has no tag: the build uses whatever `latest` is today",
                        img.text
                    ),
                ));
            }
            if written.tag.as_deref() == Some("latest") && written.digest.is_none() {
                hits.push((
                    "dockerfile/image-latest",
                    line,
                    format!("`{}` follows `latest`: pin a version", img.text),
                ));
            }
            if written.digest.is_none() && img.digest.is_none() {
                hits.push((
                    "dockerfile/image-not-pinned-by-digest",
                    line,
                    format!("`{}` is not pinned by digest (`@sha256:...`)", img.text),
                ));
            }
            let trusted = &ctx.settings.trusted_registries;
            if !trusted.is_empty() && !img.unresolved {
                let reg = img.registry_or_hub();
                let ok = trusted.iter().any(|t| {
                    t == reg
                        || (t == "docker.io" && img.registry.is_none())
                        || t.strip_prefix("*.").is_some_and(|s| reg.ends_with(s))
                });
                if !ok {
                    hits.push((
                        "dockerfile/untrusted-registry",
                        line,
                        format!(
                            "`{}` comes from `{reg}`, which is not a trusted registry",
                            img.text
                        ),
                    ));
                }
            }
        }
        if let Some(p) = ins.flag("platform").and_then(|f| f.value.as_deref()) {
            if !p.contains("BUILDPLATFORM") && !p.contains("TARGETPLATFORM") {
                hits.push((
                    "dockerfile/from-platform",
                    line,
                    format!("FROM --platform={p} fixes the platform; builds for other platforms will emulate it"),
                ));
            }
        }
        if let Some(n) = &st.name {
            let n = n.to_ascii_lowercase();
            if ctx.stages[..si].iter().any(|s| {
                s.name
                    .as_deref()
                    .is_some_and(|m| m.eq_ignore_ascii_case(&n))
            }) {
                hits.push((
                    "dockerfile/duplicate-stage-name",
                    line,
                    format!("stage name `{n}` is used twice"),
                ));
            }
        }
    }
    // COPY --from
    for (i, ins) in ctx.df.instructions.iter().enumerate() {
        if !ins.is("COPY") {
            continue;
        }
        let Some(from) = ins.flag("from").and_then(|f| f.value.as_deref()) else {
            continue;
        };
        let Some(si) = ctx.stage_of(i) else { continue };
        let own = ctx.stages[si].name.as_deref();
        let from_l = from.to_ascii_lowercase();
        if own.is_some_and(|n| n.eq_ignore_ascii_case(from)) || from == si.to_string() {
            hits.push((
                "dockerfile/copy-from-own-stage",
                ins.line,
                format!("COPY --from={from} names the stage it is in"),
            ));
        } else if !from.contains(['$', ':', '/', '.'])
            && from.parse::<usize>().is_err()
            && !ctx.stages[..si].iter().any(|s| {
                s.name
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(&from_l))
            })
        {
            hits.push((
                "dockerfile/copy-from-unknown-stage",
                ins.line,
                format!("COPY --from={from} names no earlier stage; Docker will pull an image called `{from}`"),
            ));
        }
        let words = ins.words();
        if words.len() >= 2 && words[..words.len() - 1].iter().any(|w| w == "/") {
            hits.push((
                "dockerfile/copy-whole-filesystem",
                ins.line,
                format!("COPY --from={from} / copies a whole filesystem"),
            ));
        }
    }
    for (rule, line, msg) in hits {
        ctx.hit(rule, line, msg);
    }
}
