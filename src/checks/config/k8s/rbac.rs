//! Roles and ClusterRoles: wildcard grants, and read access to Secrets.

use super::{hit_at, object_name, Hit};
use crate::checks::config::yaml::Node;

fn strings(rule: &Node, key: &str) -> Vec<(String, usize)> {
    rule.get(key)
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .filter_map(|(i, n)| n.as_str().map(|s| (s.trim().to_string(), i)))
        .collect()
}

pub(crate) fn check(obj: &Node, out: &mut Vec<Hit>) {
    let kind = obj.get_str("kind").unwrap_or("");
    if kind != "Role" && kind != "ClusterRole" {
        return;
    }
    let name = object_name(obj);
    for rule in obj.get("rules").map(Node::items).unwrap_or(&[]) {
        let mut wild: Vec<&str> = Vec::new();
        let mut first: Option<&Node> = None;
        for field in ["verbs", "resources", "apiGroups"] {
            if let Some(item) = rule
                .get(field)
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .find(|n| n.as_str().map(str::trim) == Some("*"))
            {
                wild.push(field);
                first = first.or(Some(item));
            }
        }
        if let Some(at) = first {
            out.push(hit_at(
                "config/k8s-rbac-wildcard",
                at,
                format!("{kind} `{name}` grants `*` in {}", wild.join(", ")),
            ));
        }

        let verbs = strings(rule, "verbs");
        let read: Vec<&str> = verbs
            .iter()
            .map(|(v, _)| v.as_str())
            .filter(|v| matches!(*v, "get" | "list" | "watch" | "*"))
            .collect();
        let core = rule.get("apiGroups").is_none()
            || strings(rule, "apiGroups")
                .iter()
                .any(|(g, _)| g.is_empty() || g == "*");
        if read.is_empty() || !core {
            continue;
        }
        let secrets = rule
            .get("resources")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .find(|n| n.as_str().map(str::trim) == Some("secrets"));
        if let Some(at) = secrets {
            let limited = rule
                .get("resourceNames")
                .is_some_and(|r| !r.items().is_empty());
            if limited {
                continue;
            }
            out.push(hit_at(
                "config/k8s-rbac-secrets-access",
                at,
                format!(
                    "{kind} `{name}` can read every Secret in its scope ({})",
                    read.join(", ")
                ),
            ));
        }
    }
}
