use super::super::is_compose_path;
use super::{compose, lines, of};

#[test]
fn compose_paths() {
    assert!(is_compose_path("docker-compose.yml"));
    assert!(is_compose_path("deploy/docker-compose.prod.yaml"));
    assert!(is_compose_path("compose.yaml"));
    assert!(is_compose_path("compose.override.yml"));
    assert!(!is_compose_path("k8s/deployment.yaml"));
    assert!(!is_compose_path("docker-compose.md"));
}

#[test]
fn privileged() {
    let hits = compose("services:\n  a:\n    image: a:1\n    privileged: true\n  b:\n    image: b:1\n    privileged: false\n");
    let h = of(&hits, "config/compose-privileged");
    assert_eq!(h.len(), 1);
    assert_eq!((h[0].line, h[0].column), (4, 17));
    assert_eq!(h[0].message, "service `a` runs privileged");
}

#[test]
fn host_namespaces() {
    let hits = compose("services:\n  a:\n    image: a:1\n    network_mode: host\n    pid: \"host\"\n    ipc: shareable\n  b:\n    image: b:1\n    network_mode: \"service:a\"\n");
    assert_eq!(lines(&hits, "config/compose-host-namespace"), vec![4, 5]);
}

#[test]
fn docker_socket_short_and_long() {
    let src = "services:\n  a:\n    image: a:1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n      - ./data:/data\n      - type: bind\n        source: /run/docker.sock\n        target: /var/run/docker.sock\n      - type: volume\n        source: cache\n        target: /cache\n";
    let hits = compose(src);
    assert_eq!(lines(&hits, "config/compose-docker-socket"), vec![5, 8]);
    let h = of(&hits, "config/compose-docker-socket");
    assert_eq!(h[0].column, 9);
    assert_eq!(h[1].column, 17);
    let ok = compose("services:\n  a:\n    image: a:1\n    volumes:\n      - ./docker.sock.d:/x\n");
    assert!(lines(&ok, "config/compose-docker-socket").is_empty());
}

#[test]
fn cap_add() {
    let hits = compose("services:\n  a:\n    image: a:1\n    cap_add:\n      - CHOWN\n      - cap_sys_admin\n      - ALL\n");
    assert_eq!(lines(&hits, "config/compose-cap-add"), vec![6, 7]);
    assert!(of(&hits, "config/compose-cap-add")[0]
        .message
        .contains("`SYS_ADMIN`"));
    let ok = compose("services:\n  a:\n    image: a:1\n    cap_add: [NET_BIND_SERVICE, CHOWN]\n");
    assert!(ok.is_empty());
}

#[test]
fn security_opt() {
    let hits = compose("services:\n  a:\n    image: a:1\n    security_opt:\n      - seccomp=unconfined\n      - apparmor:unconfined\n      - no-new-privileges:true\n      - seccomp:./profile.json\n");
    assert_eq!(
        lines(&hits, "config/compose-seccomp-unconfined"),
        vec![5, 6]
    );
}

#[test]
fn exposed_databases_short_and_long_syntax() {
    let src = "services:\n  db:\n    image: postgres:16\n    ports:\n      - \"5432:5432\"\n      - \"127.0.0.1:5433:5432\"\n      - 0.0.0.0:15432:5432\n      - target: 5432\n        published: 6543\n        host_ip: 127.0.0.1\n      - target: 5432\n        published: 7654\n  cache:\n    image: bitnami/redis:7.2\n    ports:\n      - \"16379:6380\"\n  web:\n    image: web:1\n    ports:\n      - \"8080:8080\"\n      - \"[::1]:6379:6379\"\n  admin:\n    image: adminer:4\n    ports:\n      - 8080:8080\n  docker:\n    image: docker:dind\n    ports:\n      - \"2375\"\n  mongo:\n    image: mongo:7\n    expose:\n      - 27017\n";
    let hits = compose(src);
    assert_eq!(
        lines(&hits, "config/compose-exposed-database"),
        vec![5, 7, 11, 16, 25, 29]
    );
    let h = of(&hits, "config/compose-exposed-database");
    assert_eq!(h[0].column, 9);
    assert!(
        h[0].message.contains("port 5432 (PostgreSQL)"),
        "{}",
        h[0].message
    );
    assert!(h[3].message.contains("`redis` image"), "{}", h[3].message);
    assert!(h[4].message.contains("`adminer` image"), "{}", h[4].message);
    assert!(h[5].message.contains("Docker API"), "{}", h[5].message);
}

#[test]
fn secrets_in_environment_map_list_and_build_args() {
    let src = "services:\n  api:\n    build:\n      context: .\n      args:\n        NPM_TOKEN: npm_abcdef123\n    environment:\n      DB_PASSWORD: hunter2\n      API_KEY: ${API_KEY}\n      SECRET_KEY_BASE:\n      LOG_LEVEL: debug\n  worker:\n    image: w:1\n    environment:\n      - AWS_SECRET_ACCESS_KEY=AKIAabcdefg/xyz\n      - GITHUB_TOKEN\n      - REDIS_PASSWORD=${REDIS_PASSWORD:-}\n      - MODE=fast\n";
    let hits = compose(src);
    assert_eq!(
        lines(&hits, "config/compose-secret-in-environment"),
        vec![6, 8, 15]
    );
    let h = of(&hits, "config/compose-secret-in-environment");
    assert_eq!(h[1].column, 20);
    assert!(h[0].message.contains("build argument `NPM_TOKEN`"));
    assert!(h[2].message.contains("`AWS_SECRET_ACCESS_KEY`"));
}

#[test]
fn image_tags_without_build() {
    let src = "services:\n  a:\n    image: redis\n  b:\n    image: nginx:latest\n  c:\n    build: ./c\n    image: myorg/c\n  d:\n    image: postgres:16@sha256:abc\n  e:\n    image: ${REGISTRY}/e\n  f:\n    image: ghcr.io/org/f:2.0\n";
    let hits = compose(src);
    assert_eq!(lines(&hits, "config/compose-image-tag"), vec![3, 5]);
}

#[test]
fn no_services_no_hits() {
    assert!(compose("version: '3'\nvolumes:\n  a: {}\n").is_empty());
    assert!(compose("services: [a, b]\n").is_empty());
}

#[test]
fn secret_names() {
    use crate::checks::config::k8s::secretname::is_secret_name;
    for n in [
        "DB_PASSWORD",
        "dbPassword",
        "api-key",
        "GITHUB_TOKEN",
        "AWS_SECRET_ACCESS_KEY",
        "client.secret",
        "PRIVATE_KEY",
        "REDIS_PASS",
        "Credentials",
    ] {
        assert!(is_secret_name(n), "{n}");
    }
    for n in [
        "PASSWORD_FILE",
        "TOKEN_URL",
        "SECRET_NAME",
        "PWD",
        "LOG_LEVEL",
        "PASSWORD_MIN_LENGTH",
        "TOKEN_AUDIENCE",
        "AWS_ACCESS_KEY_ID",
        "",
    ] {
        assert!(!is_secret_name(n), "{n}");
    }
}
