//! Rules about what RUN executes, beyond package managers: sudo, cd, piping downloads
//! into a shell, TLS verification turned off, world-writable modes, pipefail, wget/curl.
use super::model::Ctx;
use super::parse::split_words;
use super::shell::Command;

const FETCHERS: &[&str] = &["curl", "wget", "fetch"];
const INTERPRETERS: &[&str] = &[
    "sh", "bash", "zsh", "ash", "dash", "ksh", "python", "python2", "python3", "perl", "ruby",
    "node", "php", "pwsh", "iex",
];

/// Assignments that turn off certificate checks for the tool that reads them.
const INSECURE_ENV: &[(&str, &[&str])] = &[
    ("GIT_SSL_NO_VERIFY", &["1", "true", "yes"]),
    ("NODE_TLS_REJECT_UNAUTHORIZED", &["0"]),
    ("PYTHONHTTPSVERIFY", &["0"]),
    ("NPM_CONFIG_STRICT_SSL", &["false"]),
    ("npm_config_strict_ssl", &["false"]),
];

pub fn check(ctx: &mut Ctx) {
    let mut hits: Vec<(&'static str, usize, String)> = Vec::new();
    let runs: Vec<_> = ctx.runs().collect();
    // pipefail: set by `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` or a non-POSIX shell,
    // per stage.
    let mut pipefail = false;
    let mut seen_curl = false;
    let mut seen_wget = false;
    for (i, ins) in ctx.df.instructions.iter().enumerate() {
        if ins.is("FROM") {
            pipefail = false;
        }
        if ins.is("SHELL") {
            let argv = ins.words();
            pipefail = argv.windows(2).any(|w| w[0] == "-o" && w[1] == "pipefail")
                || argv.iter().any(|a| a.contains("pipefail"))
                || argv.first().is_some_and(|s| {
                    let s = s
                        .rsplit(['/', '\\'])
                        .next()
                        .unwrap_or(s)
                        .to_ascii_lowercase();
                    !matches!(
                        s.trim_end_matches(".exe"),
                        "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh"
                    )
                });
        }
        if ins.is("ENV") || ins.is("ARG") {
            for (k, v) in ins.pairs() {
                if insecure_assignment(&k, v.as_deref().unwrap_or("")) {
                    hits.push(tls(ins.line, &format!("{k}={}", v.unwrap_or_default())));
                }
            }
        }
        let Some((_, _, cmds)) = runs.iter().find(|(j, _, _)| *j == i) else {
            continue;
        };
        let line = ins.line;
        let raw = &ctx.scripts[i];
        if raw.commands.iter().any(|c| c.piped) && !pipefail && ins.exec.is_none() {
            hits.push((
                "dockerfile/pipefail",
                line,
                "a RUN with a pipe succeeds when a command before the last one fails: set SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]".into(),
            ));
        }
        if raw.commands.iter().any(|c| c.name() == "sudo" && !c.nested) {
            hits.push((
                "dockerfile/sudo",
                line,
                "sudo in a build: RUN already runs as the current USER; switch USER or use gosu"
                    .into(),
            ));
        }
        if cmds.iter().any(|c| c.name() == "cd" && !c.nested) {
            hits.push((
                "dockerfile/cd",
                line,
                "cd in RUN: use WORKDIR to change directory".into(),
            ));
        }
        if pipes_to_interpreter(cmds) || ins.rest.contains("<(curl") || ins.rest.contains("<(wget")
        {
            hits.push((
                "dockerfile/remote-script",
                line,
                "a downloaded script is run without being verified: download, check its checksum, then run it".into(),
            ));
        }
        for c in cmds {
            if let Some(what) = insecure_command(c) {
                hits.push(tls(line, &what));
            }
        }
        for w in split_words(&ins.rest) {
            if let Some((k, v)) = w.split_once('=') {
                if insecure_assignment(k, v) {
                    hits.push(tls(line, &w));
                }
            }
        }
        if cmds.iter().any(|c| {
            c.name() == "chmod"
                && c.args().iter().any(|a| {
                    matches!(
                        a.as_str(),
                        "777"
                            | "0777"
                            | "a+rwx"
                            | "ugo+rwx"
                            | "a=rwx"
                            | "o+w"
                            | "a+w"
                            | "ugo+w"
                            | "+w"
                    ) || a.ends_with("=rwx")
                })
        }) {
            hits.push((
                "dockerfile/chmod-world-writable",
                line,
                "chmod makes files world-writable: any process in the container can change them"
                    .into(),
            ));
        }
        for c in cmds.iter().filter(|c| c.name() == "wget") {
            let quiet = c.has_flag(Some('q'), &["quiet", "progress", "no-verbose"])
                || c.args()
                    .iter()
                    .any(|a| a == "-nv" || a.starts_with("--progress"));
            if !quiet {
                hits.push((
                    "dockerfile/wget-progress",
                    line,
                    "wget without --progress=dot:giga or -q fills the build log with a progress bar".into(),
                ));
            }
        }
        let curl = cmds.iter().any(|c| c.name() == "curl");
        let wget = cmds.iter().any(|c| c.name() == "wget");
        if (curl && seen_wget) || (wget && seen_curl) || (curl && wget) {
            hits.push((
                "dockerfile/curl-and-wget",
                line,
                "both curl and wget are used: one download tool is enough".into(),
            ));
        }
        seen_curl |= curl;
        seen_wget |= wget;
        for c in cmds.iter().filter(|c| c.name() == "useradd") {
            let no_log = c.has_flag(Some('l'), &["no-log-init"]);
            let uid = c
                .args()
                .iter()
                .position(|a| a == "-u" || a == "--uid")
                .and_then(|p| c.args().get(p + 1));
            if !no_log && uid.is_some_and(|u| u.len() > 5) {
                hits.push((
                    "dockerfile/useradd-high-uid",
                    line,
                    "useradd with a large UID and without -l writes a huge sparse /var/log/lastlog into the image".into(),
                ));
            }
        }
        if cmds.iter().any(|c| {
            c.name() == "ln"
                && c.has_flag(Some('s'), &["symbolic"])
                && c.args().last().is_some_and(|a| a == "/bin/sh")
        }) {
            hits.push((
                "dockerfile/shell-symlink",
                line,
                "replacing /bin/sh with a symlink: use the SHELL instruction instead".into(),
            ));
        }
    }
    for (rule, line, msg) in hits {
        ctx.hit(rule, line, msg);
    }
}

fn tls(line: usize, what: &str) -> (&'static str, usize, String) {
    (
        "dockerfile/tls-verification-disabled",
        line,
        format!("`{what}` turns off certificate verification: anyone on the network path can change what is installed"),
    )
}

fn insecure_assignment(k: &str, v: &str) -> bool {
    let v = v.trim_matches(|c| c == '"' || c == '\'');
    INSECURE_ENV
        .iter()
        .any(|(name, bad)| k == *name && bad.iter().any(|b| v.eq_ignore_ascii_case(b)))
}

fn insecure_command(c: &Command) -> Option<String> {
    let args = c.args();
    match c.name() {
        "curl" if c.has_flag(Some('k'), &["insecure"]) => Some("curl --insecure".into()),
        "wget" if c.has_arg("--no-check-certificate") => Some("wget --no-check-certificate".into()),
        n if (n.starts_with("pip") || n == "uv")
            && args.iter().any(|a| a.starts_with("--trusted-host")) =>
        {
            Some(format!("{n} --trusted-host"))
        }
        "npm" | "yarn" | "pnpm" => {
            let joined = args.join(" ");
            (joined.contains("strict-ssl false")
                || joined.contains("strict-ssl=false")
                || joined.contains("strictSSL false"))
            .then(|| format!("{} strict-ssl false", c.name()))
        }
        "git" => {
            let joined = args.join(" ").to_ascii_lowercase();
            (joined.contains("http.sslverify=false")
                || joined.contains("http.sslverify false")
                || joined.contains("http.sslverify \"false\""))
            .then(|| "git http.sslVerify=false".into())
        }
        "apt-get" | "apt" => args
            .iter()
            .any(|a| a.contains("Verify-Peer=false") || a.contains("Verify-Host=false"))
            .then(|| "apt-get -o Acquire::https::Verify-Peer=false".into()),
        _ => None,
    }
}

/// `curl ... | sh` and `sh -c "$(curl ...)"`.
fn pipes_to_interpreter(cmds: &[Command]) -> bool {
    let fetch_then_run = cmds.iter().enumerate().any(|(i, c)| {
        FETCHERS.contains(&c.name())
            && c.piped
            && cmds[i + 1..]
                .iter()
                .take_while(|d| d.pipeline == c.pipeline)
                .any(|d| is_interpreter(d.name()))
    });
    let substituted = cmds.iter().any(|c| {
        is_interpreter(c.name())
            && c.args().iter().any(|a| {
                FETCHERS
                    .iter()
                    .any(|f| a.contains(&format!("$({f} ")) || a.contains(&format!("`{f} ")))
            })
    });
    fetch_then_run || substituted
}

fn is_interpreter(name: &str) -> bool {
    INTERPRETERS.contains(&name) || name.starts_with("python3.")
}
