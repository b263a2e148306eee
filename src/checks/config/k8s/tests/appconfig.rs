use super::super::is_production_path;
use super::{app, lines, of};

#[test]
fn production_paths() {
    assert!(is_production_path("config/production.yaml"));
    assert!(is_production_path("helm/values-prod.yaml"));
    assert!(is_production_path("deploy/live/settings.yml"));
    assert!(is_production_path(
        "src/main/resources/application-prod.yml"
    ));
    assert!(!is_production_path("config/application.yml"));
    assert!(!is_production_path("config/products.yaml"));
    assert!(!is_production_path("examples/prod/values.yaml"));
    assert!(!is_production_path("test/fixtures/production.yaml"));
    assert!(!is_production_path("prod/values.local.yaml"));
}

#[test]
fn tls_verification_disabled() {
    let src = "clients:\n  registry:\n    insecureSkipVerify: true\n  vault:\n    tls_verify: false\n  es:\n    ssl:\n      verify: false\n  otel:\n    tls:\n      insecure: true\n  git:\n    verify: false\n  mirror:\n    insecure: true\n  node:\n    rejectUnauthorized: false\n  ok:\n    insecureSkipVerify: false\n    tlsVerify: true\n";
    let hits = app("config/app.yaml", src);
    assert_eq!(
        lines(&hits, "config/tls-verification-disabled"),
        vec![3, 5, 8, 11, 17]
    );
    let h = of(&hits, "config/tls-verification-disabled");
    assert_eq!(h[0].column, 25);
    assert_eq!(
        h[0].message,
        "`insecureSkipVerify: true` turns off TLS certificate verification"
    );
}

#[test]
fn network_policy_disabled_any_depth() {
    let src = "networkPolicy:\n  enabled: false\nredis:\n  networkPolicy: {enabled: false}\n  master:\n    networkpolicy:\n      enabled: true\nother:\n  network_policy: false\n  networkPolicy.enabled: false\n";
    let hits = app("charts/x/values.yaml", src);
    assert_eq!(
        lines(&hits, "config/network-policy-disabled"),
        vec![2, 4, 9, 10]
    );
    let h = of(&hits, "config/network-policy-disabled");
    assert_eq!(h[0].column, 12);
    let ok = app(
        "values.yaml",
        "networkPolicy:\n  enabled: true\npolicy:\n  enabled: false\n",
    );
    assert!(ok.is_empty());
}

#[test]
fn debug_only_in_production_files() {
    let src = "app:\n  debug: true\nDEBUG: \"true\"\nlogging:\n  debug: false\nAPP_DEBUG: yes\n";
    let hits = app("deploy/prod/settings.yaml", src);
    assert_eq!(lines(&hits, "config/debug-in-production"), vec![2, 3, 6]);
    assert!(app("config/settings.yaml", src).is_empty());
    assert!(app("deploy/prod/settings.dev.yaml", src).is_empty());
}

#[test]
fn default_credentials() {
    let src = "postgresql:\n  auth:\n    postgresPassword: postgres-Xy9\n    password: changeme\n    username: app\nrabbitmq:\n  auth:\n    username: guest\n    password: guest\nadmin:\n  user: admin\n  adminPassword: admin\nmongo:\n  rootPassword: \"\"\n  existingSecretPasswordKey: password\n  passwordFile: secret\n  dbPassword: ${DB_PASSWORD}\nrouter:\n  bypass: admin\nkeycloak:\n  username: ops\n  password: Str0ng-and-long\n";
    let hits = app("charts/x/values.yaml", src);
    assert_eq!(lines(&hits, "config/default-credentials"), vec![4, 9, 12]);
    let h = of(&hits, "config/default-credentials");
    assert_eq!(h[0].column, 15);
    assert!(h[0].message.contains("`changeme`"));
}

#[test]
fn same_as_username_pair() {
    let hits = app(
        "values.yaml",
        "db:\n  username: shopdb\n  password: shopdb\n",
    );
    let h = of(&hits, "config/default-credentials");
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].line, 3);
    assert!(
        h[0].message.contains("same as `username`"),
        "{}",
        h[0].message
    );
}

#[test]
fn bind_all_interfaces_without_auth() {
    let src = "redis:\n  bind: 0.0.0.0\n  protected-mode: \"no\"\nserver:\n  host: 0.0.0.0\n  port: 8080\nauth:\n  enabled: false\nNotebookApp:\n  ip: \"::\"\n  token: ''\nmqtt:\n  listener: 1883\n  address: 0.0.0.0:1883\n  allow_anonymous: true\n";
    let hits = app("config/services.yaml", src);
    assert_eq!(
        lines(&hits, "config/bind-all-interfaces-without-auth"),
        vec![2, 5, 10, 14]
    );
    let h = of(&hits, "config/bind-all-interfaces-without-auth");
    assert_eq!(h[0].column, 9);
    assert!(
        h[1].message.contains("`auth.enabled: false`, line 8"),
        "{}",
        h[1].message
    );
    assert!(h[2].message.contains("empty `token`"), "{}", h[2].message);
}

#[test]
fn bind_all_interfaces_with_auth_is_fine() {
    let src = "redis:\n  bind: 0.0.0.0\n  protected-mode: \"yes\"\n  requirepass: ${REDIS_PASSWORD}\nserver:\n  host: 0.0.0.0\nauth:\n  enabled: true\nlocal:\n  host: 127.0.0.1\n  auth: false\njupyter:\n  ip: 0.0.0.0\n  token:\n";
    let hits = app("config/services.yaml", src);
    assert!(
        lines(&hits, "config/bind-all-interfaces-without-auth").is_empty(),
        "{hits:#?}"
    );
}
