use super::super::{analyse_file, raised_severity, Hit};
use super::hardened::HARDENED;
use super::k8s;

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
    let sock = k8s(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: []\n  volumes:\n    - name: s\n      hostPath:\n        path: /var/run/docker.sock\n    - name: logs\n      hostPath:\n        path: /var/log/app\n",
    );
    let hp: Vec<&Hit> = sock
        .iter()
        .filter(|h| h.rule == "config/k8s-host-path")
        .collect();
    assert_eq!(hp.len(), 2);
    assert_eq!(raised_severity(hp[0]), Some("critical"));
    assert_eq!(raised_severity(hp[1]), None);
    assert_eq!(
        raised_severity(&hit(
            "config/k8s-privilege-escalation",
            "container `a` in Pod `p` explicitly allows privilege escalation"
        )),
        Some("high")
    );
    assert_eq!(
        raised_severity(&hit(
            "config/k8s-privilege-escalation",
            "container `a` does not set"
        )),
        None
    );
    assert_eq!(
        raised_severity(&hit(
            "config/k8s-capabilities",
            "container `a` in Pod `p` adds the capability `SYS_ADMIN`"
        )),
        Some("high")
    );
    assert_eq!(
        raised_severity(&hit(
            "config/k8s-capabilities",
            "container `a` in Pod `p` does not drop `ALL` capabilities"
        )),
        None
    );
    assert_eq!(
        raised_severity(&hit("config/compose-docker-socket", "x")),
        None
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
    for text in odd {
        let d = docs(text);
        let refs: Vec<&crate::checks::config::yaml::Node> = d.iter().collect();
        let _ = analyse_kubernetes(&refs);
        let _ = kube_facts(&refs);
        for doc in &d {
            let _ = analyse_compose(doc);
            let _ = analyse_app_config("deploy/prod/values.yaml", doc);
        }
        let _ = analyse_file("docker-compose.yml", &refs);
        let _ = analyse_file("k8s/x.yaml", &refs);
    }
}
