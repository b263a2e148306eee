//! Per-hit severity. Rule metadata (title, severity, equivalents, examples) is data in
//! `rules/config-k8s.yaml`; a few hits are worse than their rule's usual case.

use super::Hit;

/// The severity of a hit when it is above its rule's: a sensitive host path or runtime
/// socket is critical; an explicit `allowPrivilegeEscalation: true` or an added dangerous
/// capability is high. `None`: the rule's own severity.
pub fn raised_severity(hit: &Hit) -> Option<&'static str> {
    match hit.rule {
        "config/k8s-host-path" if hit.message.contains("sensitive host path") => Some("critical"),
        "config/k8s-privilege-escalation" if hit.message.contains("explicitly allows") => {
            Some("high")
        }
        "config/k8s-capabilities" if hit.message.contains(" adds the capability ") => Some("high"),
        _ => None,
    }
}
