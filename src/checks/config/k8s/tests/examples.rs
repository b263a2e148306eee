use super::super::{analyse_example, examples, rule_meta, severity, Hit, RULES};
use super::k8s;
use crate::checks::config::k8s::examples::HARDENED;

#[test]
fn every_rule_has_metadata_and_both_examples() {
    let ex = examples();
    for r in RULES {
        assert!(
            ex.iter().any(|e| e.0 == r.id && e.3),
            "{} has no positive example",
            r.id
        );
        assert!(
            ex.iter().any(|e| e.0 == r.id && !e.3),
            "{} has no negative example",
            r.id
        );
        assert!(
            matches!(r.severity, "critical" | "high" | "medium" | "low" | "info"),
            "{}",
            r.id
        );
        assert!(
            !r.description.is_empty() && !r.remediation.is_empty(),
            "{}",
            r.id
        );
        assert!(r.id.starts_with("config/"), "{}", r.id);
        for e in r.equivalents {
            assert!(
                e.starts_with("trivy:KSV") || e.starts_with("checkov:CKV_K8S_"),
                "{e}"
            );
        }
    }
    for e in &ex {
        assert!(rule_meta(e.0).is_some(), "example for unknown rule {}", e.0);
    }
    let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), RULES.len(), "duplicate rule id");
    assert_eq!(RULES.len(), 30);
}

#[test]
fn examples_positive_trigger_and_negative_do_not() {
    for (rule, path, text, positive) in examples() {
        let hits = analyse_example(path, text);
        let found = hits.iter().any(|h| h.rule == rule);
        assert_eq!(
            found, positive,
            "{rule} ({path}, positive={positive}): {hits:#?}\n{text}"
        );
    }
}

#[test]
fn every_hit_rule_is_known() {
    for (_, path, text, _) in examples() {
        for h in analyse_example(path, text) {
            assert!(
                rule_meta(h.rule).is_some(),
                "hit for unknown rule {}",
                h.rule
            );
            assert!(h.line >= 1 && h.column >= 1);
        }
    }
}

#[test]
fn hardened_deployment_has_no_hits() {
    let hits = k8s(HARDENED);
    assert!(hits.is_empty(), "{hits:#?}");
}

#[test]
fn severity_is_raised_for_the_worse_cases() {
    let hit = |rule: &'static str, message: &str| Hit {
        rule,
        line: 1,
        column: 1,
        message: message.to_string(),
    };
    let sock = analyse_example(
        "k8s/pod.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: []\n  volumes:\n    - name: s\n      hostPath:\n        path: /var/run/docker.sock\n    - name: logs\n      hostPath:\n        path: /var/log/app\n",
    );
    let hp: Vec<&Hit> = sock
        .iter()
        .filter(|h| h.rule == "config/k8s-host-path")
        .collect();
    assert_eq!(hp.len(), 2);
    assert_eq!(severity(hp[0]), "critical");
    assert_eq!(severity(hp[1]), "high");
    assert_eq!(
        severity(&hit(
            "config/k8s-privilege-escalation",
            "container `a` in Pod `p` explicitly allows privilege escalation"
        )),
        "high"
    );
    assert_eq!(
        severity(&hit(
            "config/k8s-privilege-escalation",
            "container `a` does not set"
        )),
        "medium"
    );
    assert_eq!(
        severity(&hit(
            "config/k8s-capabilities",
            "container `a` in Pod `p` adds the capability `SYS_ADMIN`"
        )),
        "high"
    );
    assert_eq!(
        severity(&hit(
            "config/k8s-capabilities",
            "container `a` in Pod `p` does not drop `ALL` capabilities"
        )),
        "medium"
    );
    assert_eq!(
        severity(&hit("config/compose-docker-socket", "x")),
        "critical"
    );
}

#[test]
fn every_analyser_survives_every_example_and_odd_shapes() {
    use super::super::{analyse_app_config, analyse_compose, analyse_kubernetes, kube_facts};
    use super::docs;
    let odd = [
        "",
        "~\n",
        "- 1\n- [2]\n",
        "services: ~\n",
        "services:\n  a: 1\n  b: [x]\n  c:\n    ports: [\"::::\", \"[\", \"a:b:c\", \"1-\", \"-1\", \"99999999999:1\"]\n    volumes: [{source: ~}, 3]\n    environment: [\"=\", \"A\"]\n",
        "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - securityContext: 1\n      resources: x\n      env: [1, {name: [a]}]\n      ports: {a: b}\n  volumes: [{hostPath: ~}]\n",
        "apiVersion: v1\nkind: List\nitems: {a: 1}\n",
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nrules: [1, {verbs: x}, {resources: [1]}]\n",
        "a: {b: {c: {host: 0.0.0.0, auth: {enabled: [1]}}}}\n",
    ];
    let mut texts: Vec<&str> = examples().iter().map(|e| e.2).collect();
    texts.extend(odd);
    for text in texts {
        let d = docs(text);
        let refs: Vec<&crate::checks::config::yaml::Node> = d.iter().collect();
        let _ = analyse_kubernetes(&refs);
        let _ = kube_facts(&refs);
        for doc in &d {
            let _ = analyse_compose(doc);
            let _ = analyse_app_config("deploy/prod/values.yaml", doc);
        }
        let _ = analyse_example("docker-compose.yml", text);
        let _ = analyse_example("k8s/x.yaml", text);
    }
}
