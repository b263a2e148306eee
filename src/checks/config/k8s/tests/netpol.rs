use super::super::{kube_facts, namespaces_without_policy, KubeFacts};
use super::docs;
use crate::checks::config::yaml::Node;

fn facts(src: &str) -> KubeFacts {
    let d = docs(src);
    let refs: Vec<&Node> = d.iter().collect();
    kube_facts(&refs)
}

const SHOP: &str = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers: []\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: worker\n  namespace: jobs\nspec:\n  template:\n    spec:\n      containers: []\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: configs\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: sys\n  namespace: kube-system\nspec:\n  template:\n    spec:\n      containers: []\n";

#[test]
fn facts_of_one_file() {
    let f = facts(SHOP);
    assert_eq!(
        f.workload_namespaces,
        vec![
            ("shop".to_string(), 4, 9),
            ("shop".to_string(), 10, 14),
            ("jobs".to_string(), 20, 14),
            ("kube-system".to_string(), 36, 14),
        ]
    );
    assert!(f.policy_namespaces.is_empty());
}

#[test]
fn namespaces_without_policy_across_files() {
    let policy = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: jobs\nspec:\n  podSelector: {}\n";
    let files = vec![facts(policy), facts(SHOP)];
    let hits = namespaces_without_policy(&files);
    assert_eq!(hits.len(), 1, "{hits:#?}");
    let (file, h) = &hits[0];
    assert_eq!(*file, 1);
    assert_eq!(h.rule, "config/k8s-namespace-without-network-policy");
    assert_eq!((h.line, h.column), (4, 9));
    assert!(h.message.contains("`shop`"));

    // Without the policy file, `jobs` is reported too; kube-system never.
    let hits = namespaces_without_policy(&[facts(SHOP)]);
    let names: Vec<&str> = hits.iter().map(|(_, h)| h.message.as_str()).collect();
    assert_eq!(hits.len(), 2, "{names:?}");
    assert!(names[1].contains("`jobs`"));
}

#[test]
fn cluster_wide_policy_covers_everything() {
    let global = "apiVersion: crd.projectcalico.org/v1\nkind: GlobalNetworkPolicy\nmetadata:\n  name: deny-all\nspec:\n  selector: all()\n";
    assert_eq!(facts(global).policy_namespaces, vec!["*".to_string()]);
    assert!(namespaces_without_policy(&[facts(SHOP), facts(global)]).is_empty());
}

#[test]
fn workloads_without_namespace_are_not_counted() {
    let src = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers: []\n";
    assert!(facts(src).workload_namespaces.is_empty());
    assert!(namespaces_without_policy(&[facts(src)]).is_empty());
}
