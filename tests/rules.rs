//! Keeps the rule files honest: every rule parses, has a unique id, metadata, and
//! examples; every secrets pattern compiles; every positive example is found by the full
//! check and every negative one is not.
use picket::checks::dockerfile;

mod support;
use picket::checks::secrets::{engine, scan_example, SecretsCheck, VERIFIERS};
use picket::finding::CheckId;
use picket::rules::{catalog, validate_embedded, Example};

#[test]
fn rule_files_parse_and_ids_are_unique() {
    let n = validate_embedded().unwrap_or_else(|e| panic!("{}", e.0));
    assert_eq!(n, catalog().rules.len());
    for r in &catalog().rules {
        let id = &r.spec.id;
        let name = id.split_once('/').map(|(_, n)| n).unwrap_or("");
        assert!(
            !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{id}: ids are <check>/<kebab-case>"
        );
        assert!(!r.spec.title.trim().is_empty(), "{id}: title");
        assert!(
            r.spec.description.trim().len() >= 20,
            "{id}: a description that says what and why"
        );
        for e in &r.spec.equivalents {
            assert!(
                e.split_once(':')
                    .is_some_and(|(t, i)| !t.is_empty() && !i.is_empty()),
                "{id}: equivalent `{e}` is tool:id"
            );
        }
    }
}

#[test]
fn there_are_enough_secret_rules() {
    let n = catalog().of_check(CheckId::Secrets).count();
    assert!(n >= 250, "only {n} secret rules");
}

#[test]
fn secret_rules_are_well_formed() {
    for r in catalog().of_check(CheckId::Secrets) {
        let id = &r.spec.id;
        if let Some(p) = &r.spec.pattern {
            let re = engine::Pattern::new(p, &r.spec.keywords)
                .unwrap_or_else(|e| panic!("{id}: pattern does not compile: {e}"));
            assert!(
                re.has_secret_group(),
                "{id}: needs a capture group for the secret"
            );
            assert!(
                !r.spec.keywords.is_empty(),
                "{id}: needs keywords for the prefilter"
            );
            assert!(
                r.spec.keywords.iter().all(|k| k.len() >= 2),
                "{id}: keywords of 2+ characters keep the prefilter useful"
            );
            assert!(
                !r.spec.references.is_empty(),
                "{id}: reference the provider's documentation"
            );
        }
        if let Some(v) = &r.spec.verify {
            assert!(
                VERIFIERS.contains(&v.as_str()),
                "{id}: unknown verifier {v}"
            );
        }
        if let Some(n) = &r.spec.nearby {
            engine::build(&n.pattern).unwrap_or_else(|e| panic!("{id}: nearby pattern: {e}"));
        }
    }
}

#[test]
fn every_rule_has_examples_both_ways() {
    for r in &catalog().rules {
        assert!(
            !picket::rules::examples(&r.spec.id).positive.is_empty(),
            "{}: no positive example",
            r.spec.id
        );
        assert!(
            !picket::rules::examples(&r.spec.id).negative.is_empty(),
            "{}: no negative example",
            r.spec.id
        );
    }
}

#[test]
fn secret_examples_hold_under_the_full_check() {
    let check = SecretsCheck::new(&[]).unwrap();
    let mut failures = Vec::new();
    for r in catalog().of_check(CheckId::Secrets) {
        let id = &r.spec.id;
        for e in &picket::rules::examples(&r.spec.id).positive {
            let found = scan_example(&check, e.path(), e.text());
            if !found.iter().any(|f| &f.rule_id == id) {
                let got: Vec<_> = found.iter().map(|f| f.rule_id.as_str()).collect();
                failures.push(format!(
                    "{id}: positive not found ({}): {:?} got {got:?}",
                    e.path(),
                    e.text()
                ));
            }
        }
        for e in &picket::rules::examples(&r.spec.id).negative {
            let found = scan_example(&check, e.path(), e.text());
            if found.iter().any(|f| &f.rule_id == id) {
                failures.push(format!(
                    "{id}: negative flagged ({}): {:?}",
                    e.path(),
                    e.text()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} example failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn findings_never_carry_the_whole_secret() {
    let check = SecretsCheck::new(&[]).unwrap();
    for r in catalog().of_check(CheckId::Secrets) {
        for e in &picket::rules::examples(&r.spec.id).positive {
            for f in scan_example(&check, e.path(), e.text()) {
                if let Some(s) = &f.secret {
                    if s.chars().count() >= 8 {
                        assert!(
                            !f.snippet.contains(s.as_str()),
                            "{}: snippet shows the secret",
                            f.rule_id
                        );
                        assert!(
                            !serde_json::to_string(&f).unwrap().contains(s.as_str()),
                            "{}: JSON shows the secret",
                            f.rule_id
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn a_small_scan_compiles_only_the_rules_it_needs() {
    let check = SecretsCheck::new(&[]).unwrap();
    assert_eq!(check.compiled_rules(), 0, "nothing is compiled up front");
    let found = scan_example(
        &check,
        "app.py",
        "import os\nTOKEN = \"ghp_1\"\nprint(os.getcwd())\n",
    );
    assert!(found.is_empty());
    let n = check.compiled_rules();
    assert!(
        (1..10).contains(&n),
        "{n} of {} regexes compiled for one small file",
        check.rule_count()
    );
}

#[test]
fn there_are_enough_dockerfile_rules_and_they_name_their_equivalents() {
    let rules: Vec<_> = catalog().of_check(CheckId::Dockerfile).collect();
    assert!(rules.len() >= 45, "only {} dockerfile rules", rules.len());
    let hadolint = rules
        .iter()
        .flat_map(|r| r.spec.equivalents.iter())
        .filter(|e| e.starts_with("hadolint:DL"))
        .count();
    assert!(hadolint >= 35, "only {hadolint} hadolint equivalents");
}

#[test]
fn dockerfile_examples_hold() {
    // A trusted-registry list so that the registry rule has something to enforce.
    let settings = dockerfile::Settings {
        trusted_registries: vec!["docker.io".into(), "ghcr.io".into()],
    };
    examples_hold(CheckId::Dockerfile, |e| {
        dockerfile::analyse(e.text(), &settings)
            .into_iter()
            .map(|h| h.rule.to_string())
            .collect()
    });
}

#[test]
fn every_rule_a_dockerfile_check_reports_is_in_the_catalog() {
    // Every id the code can emit must exist, or `builtin()` would panic at scan time.
    let src: String = std::fs::read_dir("src/checks/dockerfile")
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let mut n = 0;
    for part in src.split("\"dockerfile/").skip(1) {
        let id = format!("dockerfile/{}", part.split('"').next().unwrap());
        assert!(
            catalog().get(&id).is_some(),
            "{id} is emitted but not in rules/"
        );
        n += 1;
    }
    assert!(n >= 45);
}

/// Every positive example of every rule of `check` gives a finding of that rule through
/// `run` (which returns the rule ids found), and no negative example does.
fn examples_hold(check: CheckId, run: impl Fn(&Example) -> Vec<String>) {
    let mut failures = Vec::new();
    let mut n = 0;
    for r in catalog().of_check(check) {
        let id = &r.spec.id;
        for (positive, examples) in [
            (true, &picket::rules::examples(&r.spec.id).positive),
            (false, &picket::rules::examples(&r.spec.id).negative),
        ] {
            for e in examples {
                n += 1;
                let found = run(e);
                if found.iter().any(|f| f == id) != positive {
                    let what = if positive { "positive" } else { "negative" };
                    failures.push(format!(
                        "{id}: {what} example {:?} gave {found:?}",
                        e.path()
                    ));
                }
            }
        }
    }
    assert!(n > 0, "{check} has no examples");
    assert!(
        failures.is_empty(),
        "{} example failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn ids(findings: Vec<picket::finding::Finding>) -> Vec<String> {
    findings.into_iter().map(|f| f.rule_id).collect()
}

#[test]
fn pii_examples_hold() {
    examples_hold(CheckId::Pii, |e| {
        ids(picket::checks::pii::scan_example(e.path(), e.text()))
    });
}

#[test]
fn model_examples_hold() {
    examples_hold(CheckId::Models, |e| {
        let bytes = e.bytes();
        assert!(!bytes.is_empty(), "{}: empty example", e.path());
        ids(picket::checks::models::scan_example(e.path(), &bytes))
    });
}

#[test]
fn code_examples_hold() {
    examples_hold(CheckId::Code, |e| {
        ids(picket::checks::code::scan_example(e.path(), e.text()))
    });
}

#[test]
fn deps_examples_hold() {
    let db = tempfile::TempDir::new().unwrap();
    support::osv::write_db(db.path());
    let empty_root = tempfile::TempDir::new().unwrap();
    let deps = picket::checks::deps::DepsCheck::new(picket::checks::deps::DepsSettings {
        db_root: db.path().to_path_buf(),
        index_dir: None,
        max_age: std::time::Duration::from_secs(u64::MAX / 4),
        ignored: Vec::new(),
        root: Some(empty_root.path().to_path_buf()),
    });
    examples_hold(
        CheckId::Deps,
        |e| ids(deps.scan_example(e.path(), e.text())),
    );
}

#[test]
fn config_examples_hold() {
    // A git work tree whose .gitignore covers `ignored/`, for `config/env-not-ignored`.
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join(".git")).unwrap();
    std::fs::write(repo.path().join(".gitignore"), "ignored/\n").unwrap();
    let check = picket::checks::config::ConfigCheck::new(Vec::new(), &[], Some(repo.path().into()))
        .unwrap();
    examples_hold(CheckId::Config, |e| {
        ids(check.scan_example(e.path(), e.text()))
    });
}
