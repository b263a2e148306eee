//! `container:` / `services:` images with no tag, `latest`, or an image name computed
//! at run time: the image that runs can change under the workflow. (Like zizmor's
//! default persona, a fixed tag is accepted; a digest is best.)

use super::super::yaml::Node;
use super::super::{hit_at, Ctx, Hit};

use super::has_expr;

pub const ID: &str = "config/actions-unpinned-images";

/// Why `image` is not pinned, if it is not.
pub fn image_problem(image: &str) -> Option<&'static str> {
    let image = image.trim();
    if image.is_empty() {
        return None;
    }
    if image.contains("${{") {
        return Some("is computed at run time and may not be pinned");
    }
    if image.contains("@sha256:") {
        return None;
    }
    let name = image.rsplit('/').next().unwrap_or(image);
    match name.split_once(':') {
        None => Some("has no tag (implicitly `latest`)"),
        Some((_, "latest")) => Some("uses the `latest` tag"),
        Some(_) => None,
    }
}

fn check_image(ctx: &Ctx<'_>, what: &str, node: &Node, out: &mut Vec<Hit>) {
    let Some(img) = node.as_str() else { return };
    let problem = if has_expr(node, ctx.src) {
        Some("is computed at run time and may not be pinned")
    } else {
        image_problem(img)
    };
    if let Some(p) = problem {
        out.push(hit_at(
            ID,
            node,
            format!("{what} image `{img}` {p}; pin it by digest (`image@sha256:...`)"),
        ));
    }
}

fn image_of(c: &Node) -> Option<&Node> {
    if c.as_str().is_some() {
        Some(c)
    } else {
        c.get("image")
    }
}

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Hit>) {
    let Some(w) = &ctx.workflow else { return };
    for j in &w.jobs {
        if let Some(img) = j.container.and_then(image_of) {
            check_image(ctx, &format!("container of job `{}`:", j.id), img, out);
        }
        if let Some(s) = j.services {
            for (k, v) in s.entries() {
                if let Some(img) = image_of(v) {
                    let name = k.as_str().unwrap_or("?");
                    check_image(ctx, &format!("service `{name}`:"), img, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::lines;
    use super::*;

    #[test]
    fn images() {
        let src = "on: push\njobs:\n  a:\n    runs-on: x\n    container: node\n    services:\n      r:\n        image: redis:latest\n      p:\n        image: postgres:16\n      q:\n        image: ghcr.io/x/y@sha256:00\n      e:\n        image: ${{ needs.a.outputs.img }}\n";
        assert_eq!(lines(src, ID), vec![5, 8, 14]);
    }

    #[test]
    fn problems() {
        assert!(image_problem("localhost:5000/img").is_some());
        assert!(image_problem("localhost:5000/img:1").is_none());
    }
}
