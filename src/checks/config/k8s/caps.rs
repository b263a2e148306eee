//! Linux capabilities that give a container a way out of its isolation.

/// Capabilities whose addition is reported. `ALL` and the ones that allow kernel, mount,
/// network-stack, tracing or file-permission bypass; the runtime defaults (CHOWN, SETUID,
/// NET_BIND_SERVICE, ...) are not listed.
const DANGEROUS: &[&str] = &[
    "ALL",
    "SYS_ADMIN",
    "NET_ADMIN",
    "SYS_PTRACE",
    "SYS_MODULE",
    "NET_RAW",
    "DAC_OVERRIDE",
    "DAC_READ_SEARCH",
    "SYS_RAWIO",
    "SYS_BOOT",
    "SYS_TIME",
    "SYS_CHROOT",
    "BPF",
    "PERFMON",
    "MAC_ADMIN",
    "MAC_OVERRIDE",
    "SETFCAP",
    "LINUX_IMMUTABLE",
    "AUDIT_CONTROL",
    "SYSLOG",
];

/// The canonical name (`cap_sys_admin` → `SYS_ADMIN`).
pub(crate) fn canonical(cap: &str) -> String {
    let up = cap.trim().to_ascii_uppercase();
    up.strip_prefix("CAP_").map(str::to_string).unwrap_or(up)
}

pub(crate) fn is_dangerous(cap: &str) -> bool {
    DANGEROUS.contains(&canonical(cap).as_str())
}
