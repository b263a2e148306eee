//! docker-compose services: privileges, host namespaces, the Docker socket, published
//! database ports, literal secrets in the environment and unpinned images.

use super::caps;
use super::image::{repository, short_name, unpinned};
use super::scalar::is_true;
use super::secretname::{is_literal_value, is_secret_name};
use super::{hit_at, Hit};
use crate::checks::config::yaml::Node;

/// Is this file name one docker compose picks up? (`docker-compose.yml`,
/// `docker-compose.prod.yaml`, `compose.yaml`, `compose.override.yml`)
pub fn is_compose_path(path: &str) -> bool {
    let name = path
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(path)
        .to_ascii_lowercase();
    let yaml = name.ends_with(".yml") || name.ends_with(".yaml");
    yaml && (name.starts_with("docker-compose")
        || name.starts_with("compose.")
        || name.ends_with("-compose.yml")
        || name.ends_with("-compose.yaml"))
}

/// docker-compose file root.
pub fn analyse_compose(root: &Node) -> Vec<Hit> {
    let mut out = Vec::new();
    let Some(services) = root.get("services") else {
        return out;
    };
    for (key, svc) in services.entries() {
        if !svc.is_map() {
            continue;
        }
        let name = key.as_str().unwrap_or("<unnamed>");
        let who = format!("service `{name}`");
        if let Some(v) = svc.get("privileged").filter(|v| is_true(v)) {
            out.push(hit_at(
                "config/compose-privileged",
                v,
                format!("{who} runs privileged"),
            ));
        }
        host_namespaces(svc, &who, &mut out);
        volumes(svc, &who, &mut out);
        for item in svc.get("cap_add").map(Node::items).unwrap_or(&[]) {
            if let Some(cap) = item.as_str().filter(|c| caps::is_dangerous(c)) {
                out.push(hit_at(
                    "config/compose-cap-add",
                    item,
                    format!("{who} adds the capability `{}`", caps::canonical(cap)),
                ));
            }
        }
        security_opt(svc, &who, &mut out);
        ports(svc, &who, &mut out);
        environment(svc.get("environment"), &who, "variable", &mut out);
        if let Some(build) = svc.get("build") {
            environment(build.get("args"), &who, "build argument", &mut out);
        }
        if svc.get("build").is_none() {
            if let Some(node) = svc.get("image") {
                if let Some(why) = node.as_str().and_then(unpinned) {
                    out.push(hit_at(
                        "config/compose-image-tag",
                        node,
                        format!("{who} image `{}` {why}", node.as_str().unwrap_or("")),
                    ));
                }
            }
        }
    }
    out.sort_by(|a, b| (a.line, a.column, a.rule).cmp(&(b.line, b.column, b.rule)));
    out
}

fn host_namespaces(svc: &Node, who: &str, out: &mut Vec<Hit>) {
    for key in ["network_mode", "pid", "ipc", "uts", "userns_mode"] {
        if let Some(v) = svc.get(key).filter(|v| {
            v.as_str()
                .is_some_and(|s| s.trim().eq_ignore_ascii_case("host"))
        }) {
            out.push(hit_at(
                "config/compose-host-namespace",
                v,
                format!("{who} shares the host's namespace (`{key}: host`)"),
            ));
        }
    }
}

fn is_docker_socket(source: &str) -> bool {
    let s = source.trim().trim_end_matches('/');
    s.ends_with("/docker.sock") || s.ends_with("/podman.sock") || s == "docker.sock"
}

fn volumes(svc: &Node, who: &str, out: &mut Vec<Hit>) {
    for item in svc.get("volumes").map(Node::items).unwrap_or(&[]) {
        let (source, at) = match item.as_str() {
            Some(short) => (short.split(':').next().unwrap_or("").to_string(), item),
            None => match item.get("source") {
                Some(src) => (src.as_str().unwrap_or("").to_string(), src),
                None => continue,
            },
        };
        if is_docker_socket(&source) {
            out.push(hit_at(
                "config/compose-docker-socket",
                at,
                format!("{who} mounts the Docker socket `{source}`, which gives root on the host"),
            ));
        }
    }
}

fn security_opt(svc: &Node, who: &str, out: &mut Vec<Hit>) {
    for item in svc.get("security_opt").map(Node::items).unwrap_or(&[]) {
        let Some(text) = item.as_str() else { continue };
        let norm = text.trim().to_ascii_lowercase().replace('=', ":");
        let what = match norm.as_str() {
            "seccomp:unconfined" => "seccomp",
            "apparmor:unconfined" => "AppArmor",
            "label:disable" => "SELinux labelling",
            "systempaths:unconfined" => "masked /proc and /sys paths",
            _ => continue,
        };
        out.push(hit_at(
            "config/compose-seccomp-unconfined",
            item,
            format!("{who} turns off {what} (`{}`)", text.trim()),
        ));
    }
}

/// Well-known ports of databases, caches, brokers and the Docker API.
const DB_PORTS: &[(u32, &str)] = &[
    (5432, "PostgreSQL"),
    (3306, "MySQL"),
    (1433, "SQL Server"),
    (1521, "Oracle"),
    (27017, "MongoDB"),
    (27018, "MongoDB"),
    (6379, "Redis"),
    (9200, "Elasticsearch"),
    (9300, "Elasticsearch"),
    (11211, "Memcached"),
    (5672, "RabbitMQ"),
    (15672, "RabbitMQ management"),
    (5984, "CouchDB"),
    (9042, "Cassandra"),
    (7474, "Neo4j"),
    (7687, "Neo4j"),
    (8086, "InfluxDB"),
    (2379, "etcd"),
    (26257, "CockroachDB"),
    (2375, "Docker API"),
    (2376, "Docker API"),
];

/// Images of databases and database admin UIs (the last path component).
const DB_IMAGES: &[&str] = &[
    "postgres",
    "postgresql",
    "postgis",
    "timescaledb",
    "mysql",
    "mysql-server",
    "mariadb",
    "percona",
    "mongo",
    "mongodb",
    "mongodb-community-server",
    "redis",
    "redis-stack",
    "redis-stack-server",
    "valkey",
    "keydb",
    "elasticsearch",
    "opensearch",
    "memcached",
    "rabbitmq",
    "couchdb",
    "cassandra",
    "neo4j",
    "influxdb",
    "etcd",
    "cockroach",
    "adminer",
    "pgadmin4",
    "phpmyadmin",
    "mongo-express",
    "redis-commander",
    "redisinsight",
];

fn db_image(image: &str) -> Option<String> {
    let short = short_name(image);
    if DB_IMAGES.contains(&short.as_str()) || repository(image).contains("mssql") {
        Some(short)
    } else {
        None
    }
}

/// Host IP, host port text and container port range of one `ports:` entry.
struct Published {
    host_ip: String,
    container: (u32, u32),
}

fn port_range(s: &str) -> Option<(u32, u32)> {
    let s = s.trim();
    match s.split_once('-') {
        Some((a, b)) => Some((a.trim().parse().ok()?, b.trim().parse().ok()?)),
        None => {
            let p = s.parse().ok()?;
            Some((p, p))
        }
    }
}

fn parse_short(spec: &str) -> Option<Published> {
    let spec = spec.trim();
    let spec = spec.split('/').next().unwrap_or(spec);
    let (host_ip, rest) = if let Some(r) = spec.strip_prefix('[') {
        let (ip, rest) = r.split_once(']')?;
        (
            ip.to_string(),
            rest.strip_prefix(':').unwrap_or(rest).to_string(),
        )
    } else {
        let parts: Vec<&str> = spec.split(':').collect();
        if parts.len() >= 3 {
            let n = parts.len();
            (parts[..n - 2].join(":"), parts[n - 2..].join(":"))
        } else {
            (String::new(), spec.to_string())
        }
    };
    let container = rest.rsplit(':').next().unwrap_or(&rest);
    Some(Published {
        host_ip,
        container: port_range(container)?,
    })
}

fn all_interfaces(ip: &str) -> bool {
    matches!(ip.trim(), "" | "0.0.0.0" | "::" | "[::]" | "*")
}

fn ports(svc: &Node, who: &str, out: &mut Vec<Hit>) {
    let image = svc.get_str("image").unwrap_or("");
    let db = db_image(image);
    for item in svc.get("ports").map(Node::items).unwrap_or(&[]) {
        let published = if item.is_map() {
            let Some(target) = item.get_str("target").and_then(port_range) else {
                continue;
            };
            Published {
                host_ip: item.get_str("host_ip").unwrap_or("").to_string(),
                container: target,
            }
        } else {
            match item.as_str().and_then(parse_short) {
                Some(p) => p,
                None => continue,
            }
        };
        if !all_interfaces(&published.host_ip) {
            continue;
        }
        let (lo, hi) = published.container;
        let by_port = DB_PORTS
            .iter()
            .find(|(p, _)| *p >= lo && *p <= hi.min(lo.saturating_add(1000)));
        let what = match (by_port, &db) {
            (Some((p, name)), _) => format!("port {p} ({name})"),
            (None, Some(img)) => format!("port {lo} of the `{img}` image"),
            (None, None) => continue,
        };
        out.push(hit_at(
            "config/compose-exposed-database",
            item,
            format!("{who} publishes {what} on all interfaces; bind it to 127.0.0.1 or drop the mapping"),
        ));
    }
}

fn environment(env: Option<&Node>, who: &str, what: &str, out: &mut Vec<Hit>) {
    let Some(env) = env else { return };
    let rule = "config/compose-secret-in-environment";
    for (k, v) in env.entries() {
        let Some(name) = k.as_str() else { continue };
        if is_secret_name(name) && v.as_str().is_some_and(is_literal_value) && !v.is_null() {
            out.push(hit_at(
                rule,
                v,
                format!("{who} sets the secret-looking {what} `{name}` to a literal value"),
            ));
        }
    }
    for item in env.items() {
        let Some((name, value)) = item.as_str().and_then(|s| s.split_once('=')) else {
            continue;
        };
        if is_secret_name(name) && is_literal_value(value) {
            out.push(hit_at(
                rule,
                item,
                format!(
                    "{who} sets the secret-looking {what} `{}` to a literal value",
                    name.trim()
                ),
            ));
        }
    }
}
