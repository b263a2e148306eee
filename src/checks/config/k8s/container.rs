//! Rules on one container of a pod: its security context, image, resources, env and ports.
//! Container settings override the pod's `securityContext` where both exist
//! (`runAsUser`, `runAsNonRoot`, `seccompProfile`).

use super::caps;
use super::image::unpinned;
use super::scalar::{is_false, is_true};
use super::secretname::{is_literal_value, is_secret_name};
use super::workload::Workload;
use super::{hit_at, Hit};
use crate::checks::config::yaml::Node;

/// One container with what the rules need to name and point at it.
struct Ctx<'w, 'a> {
    w: &'w Workload<'a>,
    c: &'a Node,
    /// "container `web` in Deployment `api`"
    who: String,
    /// The container's `name:` key, or the container itself: where "missing X" points.
    anchor: &'a Node,
    sc: Option<&'a Node>,
}

impl<'a> Ctx<'_, 'a> {
    fn sc_get(&self, key: &str) -> Option<&'a Node> {
        self.sc.and_then(|s| s.get(key))
    }

    /// A security-context field of the container, else of the pod.
    fn effective(&self, key: &str) -> Option<&'a Node> {
        self.sc_get(key).filter(|v| !v.is_null()).or_else(|| {
            self.w
                .pod_security()
                .and_then(|p| p.get(key))
                .filter(|v| !v.is_null())
        })
    }
}

pub(crate) fn check(w: &Workload<'_>, label: &'static str, c: &Node, out: &mut Vec<Hit>) {
    let name = c.get_str("name").unwrap_or("<unnamed>");
    let ctx = Ctx {
        w,
        c,
        who: format!("{label} `{name}` in {}", w.describe()),
        anchor: c.get_entry("name").map_or(c, |(k, _)| k),
        sc: c.get("securityContext"),
    };
    let privileged = ctx.sc_get("privileged").filter(|v| is_true(v));
    if let Some(v) = privileged {
        out.push(hit_at(
            "config/k8s-privileged",
            v,
            format!("{} runs privileged", ctx.who),
        ));
    }
    privilege_escalation(&ctx, privileged.is_some(), out);
    run_as_root(&ctx, out);
    read_only_root(&ctx, out);
    capabilities(&ctx, privileged.is_some(), out);
    seccomp(&ctx, name, out);
    image(&ctx, out);
    if label != "ephemeral container" {
        resources(&ctx, out);
    }
    env(&ctx, out);
    host_ports(&ctx, out);
}

/// Explicit `true` is reported as such; a missing setting is reported too (Kubernetes
/// then allows escalation through setuid binaries), except on a privileged container,
/// where the privileged finding already says more.
fn privilege_escalation(ctx: &Ctx<'_, '_>, privileged: bool, out: &mut Vec<Hit>) {
    let rule = "config/k8s-privilege-escalation";
    match ctx.sc_get("allowPrivilegeEscalation") {
        Some(v) if is_false(v) => {}
        Some(v) if is_true(v) => out.push(hit_at(
            rule,
            v,
            format!("{} explicitly allows privilege escalation", ctx.who),
        )),
        _ if privileged => {}
        _ => out.push(hit_at(
            rule,
            ctx.anchor,
            format!(
                "{} does not set `allowPrivilegeEscalation: false`, so setuid programs can gain privileges",
                ctx.who
            ),
        )),
    }
}

/// `runAsUser: 0` anywhere effective is reported at that value; otherwise a container
/// with neither an effective non-zero `runAsUser` nor `runAsNonRoot: true` is reported
/// (the image's USER decides, and that is root for most images).
fn run_as_root(ctx: &Ctx<'_, '_>, out: &mut Vec<Hit>) {
    let rule = "config/k8s-run-as-root";
    if let Some(user) = ctx.effective("runAsUser") {
        if user.as_str().is_some_and(|s| s.trim() == "0") {
            out.push(hit_at(
                rule,
                user,
                format!("{} runs as root (`runAsUser: 0`)", ctx.who),
            ));
            return;
        }
        if user
            .as_str()
            .is_some_and(|s| s.trim().parse::<u64>().is_ok())
        {
            return;
        }
    }
    match ctx.effective("runAsNonRoot") {
        Some(v) if is_true(v) => {}
        Some(v) => out.push(hit_at(
            rule,
            v,
            format!("{} may run as root (`runAsNonRoot: false`)", ctx.who),
        )),
        None => out.push(hit_at(
            rule,
            ctx.anchor,
            format!(
                "{} may run as root: neither `runAsNonRoot: true` nor a non-zero `runAsUser` is set",
                ctx.who
            ),
        )),
    }
}

fn read_only_root(ctx: &Ctx<'_, '_>, out: &mut Vec<Hit>) {
    let rule = "config/k8s-writable-root-fs";
    match ctx.sc_get("readOnlyRootFilesystem") {
        Some(v) if is_true(v) => {}
        Some(v) if is_false(v) => out.push(hit_at(
            rule,
            v,
            format!(
                "{} has a writable root filesystem (`readOnlyRootFilesystem: false`)",
                ctx.who
            ),
        )),
        _ => out.push(hit_at(
            rule,
            ctx.anchor,
            format!("{} does not set `readOnlyRootFilesystem: true`", ctx.who),
        )),
    }
}

/// Dangerous capabilities added are reported one by one; a `drop` list without `ALL` (or
/// none at all) once. The drop check is skipped for a privileged container.
fn capabilities(ctx: &Ctx<'_, '_>, privileged: bool, out: &mut Vec<Hit>) {
    let rule = "config/k8s-capabilities";
    let caps_node = ctx.sc_get("capabilities");
    if let Some(add) = caps_node.and_then(|c| c.get("add")) {
        for item in add.items() {
            if let Some(cap) = item.as_str().filter(|c| caps::is_dangerous(c)) {
                out.push(hit_at(
                    rule,
                    item,
                    format!("{} adds the capability `{}`", ctx.who, caps::canonical(cap)),
                ));
            }
        }
    }
    if privileged {
        return;
    }
    match caps_node.and_then(|c| c.get_entry("drop")) {
        Some((_, drop))
            if drop
                .items()
                .iter()
                .any(|d| d.as_str().is_some_and(|s| caps::canonical(s) == "ALL")) => {}
        Some((key, _)) => out.push(hit_at(
            rule,
            key,
            format!("{} drops some capabilities but not `ALL`", ctx.who),
        )),
        None => out.push(hit_at(
            rule,
            ctx.anchor,
            format!("{} does not drop `ALL` capabilities", ctx.who),
        )),
    }
}

fn seccomp(ctx: &Ctx<'_, '_>, name: &str, out: &mut Vec<Hit>) {
    let rule = "config/k8s-seccomp-unconfined";
    if let Some(t) = ctx
        .sc_get("seccompProfile")
        .and_then(|p| p.get("type"))
        .filter(|t| {
            t.as_str()
                .is_some_and(|s| s.eq_ignore_ascii_case("Unconfined"))
        })
    {
        out.push(hit_at(
            rule,
            t,
            format!("{} runs without a seccomp profile (`Unconfined`)", ctx.who),
        ));
    }
    let key = format!("container.seccomp.security.alpha.kubernetes.io/{name}");
    if let Some(a) = ctx.w.annotation(&key).filter(|a| {
        a.as_str()
            .is_some_and(|s| s.eq_ignore_ascii_case("unconfined"))
    }) {
        out.push(hit_at(
            rule,
            a,
            format!(
                "{} runs without a seccomp profile (annotation `unconfined`)",
                ctx.who
            ),
        ));
    }
}

fn image(ctx: &Ctx<'_, '_>, out: &mut Vec<Hit>) {
    let Some(node) = ctx.c.get("image") else {
        return;
    };
    let Some(image) = node.as_str() else {
        return;
    };
    if let Some(why) = unpinned(image) {
        out.push(hit_at(
            "config/k8s-image-tag",
            node,
            format!("{} image `{image}` {why}", ctx.who),
        ));
    }
}

/// A container without a memory or CPU limit. A request defaults to its limit, so a
/// request is named as missing only when neither it nor its limit is set.
fn resources(ctx: &Ctx<'_, '_>, out: &mut Vec<Hit>) {
    let res = ctx.c.get_entry("resources");
    let section = |name: &str| res.and_then(|(_, r)| r.get(name));
    let has = |sec: &str, key: &str| {
        section(sec)
            .and_then(|s| s.get(key))
            .is_some_and(|v| !v.is_null())
    };
    let mut missing = Vec::new();
    for r in ["memory", "cpu"] {
        if !has("limits", r) {
            missing.push(format!("{r} limit"));
            if !has("requests", r) {
                missing.push(format!("{r} request"));
            }
        }
    }
    if missing.is_empty() {
        return;
    }
    let target = res
        .and_then(|(_, r)| r.get_entry("limits"))
        .map(|(k, _)| k)
        .or(res.map(|(k, _)| k))
        .unwrap_or(ctx.anchor);
    out.push(hit_at(
        "config/k8s-resource-limits",
        target,
        format!("{} has no {}", ctx.who, missing.join(", ")),
    ));
}

fn env(ctx: &Ctx<'_, '_>, out: &mut Vec<Hit>) {
    for var in ctx.c.get("env").map(Node::items).unwrap_or(&[]) {
        let Some(name) = var.get_str("name") else {
            continue;
        };
        let Some(value) = var.get("value") else {
            continue;
        };
        if is_secret_name(name) && value.as_str().is_some_and(is_literal_value) {
            out.push(hit_at(
                "config/k8s-secret-in-env",
                value,
                format!(
                    "{} sets the secret-looking variable `{name}` to a literal value",
                    ctx.who
                ),
            ));
        }
    }
}

fn host_ports(ctx: &Ctx<'_, '_>, out: &mut Vec<Hit>) {
    for port in ctx.c.get("ports").map(Node::items).unwrap_or(&[]) {
        let Some(hp) = port.get("hostPort") else {
            continue;
        };
        let text = hp.as_str().unwrap_or("").trim();
        if hp.is_null() || text == "0" {
            continue;
        }
        out.push(hit_at(
            "config/k8s-host-port",
            hp,
            format!("{} binds host port {text}", ctx.who),
        ));
    }
}
