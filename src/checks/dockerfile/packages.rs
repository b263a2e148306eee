//! Package-manager hygiene inside RUN: versions pinned, non-interactive installs, caches
//! cleaned, no distribution upgrades. One table row per manager keeps the rules uniform.
use super::model::Ctx;
use super::parse::Instruction;
use super::shell::Command;

/// The arguments after the first subcommand in `subs`, without options; `None` when the
/// command is not that subcommand. Options in `with_value` consume the next word.
fn operands<'c>(cmd: &'c Command, subs: &[&str], with_value: &[&str]) -> Option<Vec<&'c str>> {
    let args = cmd.args();
    let mut i = 0;
    // Options before the subcommand (`apt-get -y install`, `pip --no-cache-dir install`).
    while i < args.len() && args[i].starts_with('-') {
        if with_value.contains(&args[i].as_str()) {
            i += 1;
        }
        i += 1;
    }
    if !subs.contains(&args.get(i)?.as_str()) {
        return None;
    }
    let mut out = Vec::new();
    i += 1;
    while i < args.len() {
        let a = args[i].as_str();
        if a.starts_with('-') {
            if with_value.contains(&a) {
                i += 1;
            }
        } else {
            out.push(a);
        }
        i += 1;
    }
    Some(out)
}

fn is_pip(cmd: &Command) -> Option<Command> {
    let name = cmd.name();
    if name == "pip" || name.starts_with("pip3") || name.starts_with("pip2") {
        return Some(cmd.clone());
    }
    if name.starts_with("python") {
        let args = cmd.args();
        if args.len() >= 2 && args[0] == "-m" && args[1].starts_with("pip") {
            return Some(Command {
                words: args[1..].to_vec(),
                ..cmd.clone()
            });
        }
    }
    if name == "uv" && cmd.args().first().is_some_and(|a| a == "pip") {
        return Some(Command {
            words: cmd.args().to_vec(),
            ..cmd.clone()
        });
    }
    None
}

const APT_VALUE_OPTS: &[&str] = &["-o", "-t", "--target-release", "-c", "--config-file"];
const PIP_VALUE_OPTS: &[&str] = &[
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-e",
    "--editable",
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "-t",
    "--target",
    "--prefix",
    "--root",
    "--trusted-host",
    "--platform",
    "--python-version",
    "--implementation",
    "--abi",
    "--src",
    "--upgrade-strategy",
    "--progress-bar",
    "--cache-dir",
    "--log",
    "--proxy",
    "--timeout",
    "--retries",
    "--no-binary",
    "--only-binary",
    "--python",
    "--report",
    "--config-settings",
    "-C",
    "--global-option",
];

pub fn check(ctx: &mut Ctx) {
    let mut hits: Vec<(&'static str, usize, String)> = Vec::new();
    let runs: Vec<_> = ctx.runs().collect();
    for (idx, ins, cmds) in &runs {
        let line = ins.line;
        let mut hit = |rule: &'static str, msg: String| hits.push((rule, line, msg));
        let cache_mount = |target: &str| cache_mounted(ins, target);
        let removes = |path: &str| {
            cmds.iter().any(|c| {
                c.name() == "rm"
                    && c.args()
                        .iter()
                        .any(|a| a.trim_end_matches('/').starts_with(path))
            })
        };
        // apt-get / apt
        let mut apt_used = false;
        for c in cmds {
            let name = c.name();
            if name == "apt" && !c.args().is_empty() {
                hit(
                    "dockerfile/apt",
                    "use apt-get or apt-cache in scripts: apt's interface is not stable".into(),
                );
            }
            if name != "apt-get" && name != "apt" {
                continue;
            }
            // Lists are downloaded by `update`; an install without it adds none.
            if operands(c, &["update"], APT_VALUE_OPTS).is_some() {
                apt_used = true;
            }
            if operands(
                c,
                &["upgrade", "dist-upgrade", "full-upgrade"],
                APT_VALUE_OPTS,
            )
            .is_some()
            {
                hit(
                    "dockerfile/apt-upgrade",
                    format!("`{name} upgrade` in an image build: use a newer base image instead"),
                );
            }
            let Some(pkgs) = operands(c, &["install"], APT_VALUE_OPTS) else {
                continue;
            };
            let unpinned: Vec<&str> = pkgs
                .iter()
                .copied()
                .filter(|p| !p.contains('=') && !p.ends_with(".deb") && !p.contains('/'))
                .collect();
            if !unpinned.is_empty() {
                hit(
                    "dockerfile/apt-unpinned",
                    format!(
                        "apt-get install of `{}` without a version (`pkg=version`)",
                        unpinned.join("`, `")
                    ),
                );
            }
            let yes = c.has_flag(Some('y'), &["yes", "assume-yes"])
                || c.args()
                    .iter()
                    .any(|a| a == "-qq" || a == "-q=2" || a.contains("APT::Get::Assume-Yes"));
            if !yes {
                hit(
                    "dockerfile/apt-no-yes",
                    "apt-get install without -y waits for an answer the build cannot give".into(),
                );
            }
            let no_rec = c.has_arg("--no-install-recommends")
                || c.args().iter().any(|a| {
                    a.contains("Install-Recommends=false")
                        || a.contains("Install-Recommends=\"false\"")
                        || a.contains("Install-Recommends=0")
                });
            if !no_rec {
                hit("dockerfile/apt-install-recommends", "apt-get install without --no-install-recommends pulls in packages nobody asked for".into());
            }
        }
        let dist_clean = cmds
            .iter()
            .any(|c| c.name() == "apt-get" && c.has_arg("dist-clean"));
        // A stage that only feeds `COPY --from` does not ship its layers.
        let final_stage = ctx.stage_of(*idx).is_some_and(|s| ctx.ships(s));
        if apt_used
            && final_stage
            && !dist_clean
            && !removes("/var/lib/apt/lists")
            && !cache_mount("/var/lib/apt")
        {
            hit(
                "dockerfile/apt-lists-not-removed",
                "the apt package lists stay in the layer: add `rm -rf /var/lib/apt/lists/*`".into(),
            );
        }
        // apk
        for c in cmds.iter().filter(|c| c.name() == "apk") {
            let Some(pkgs) = operands(
                c,
                &["add"],
                &[
                    "-t",
                    "--virtual",
                    "-X",
                    "--repository",
                    "-p",
                    "--root",
                    "--arch",
                    "--keys-dir",
                ],
            ) else {
                continue;
            };
            let unpinned: Vec<&str> = pkgs
                .iter()
                .copied()
                .filter(|p| !p.contains('=') && !p.contains('~') && !p.ends_with(".apk"))
                .collect();
            if !unpinned.is_empty() {
                hit(
                    "dockerfile/apk-unpinned",
                    format!(
                        "apk add of `{}` without a version (`pkg=version`)",
                        unpinned.join("`, `")
                    ),
                );
            }
            if !c.has_arg("--no-cache")
                && !cache_mount("/var/cache/apk")
                && !cache_mount("/etc/apk/cache")
            {
                hit(
                    "dockerfile/apk-no-cache",
                    "apk add without --no-cache leaves the index in the layer".into(),
                );
            }
        }
        // yum, dnf, microdnf, zypper
        for (mgr, pin_rule, yes_rule, clean_rule, cache_dir) in [
            (
                "yum",
                "dockerfile/yum-unpinned",
                "dockerfile/yum-no-yes",
                "dockerfile/yum-no-clean",
                "/var/cache/yum",
            ),
            (
                "dnf",
                "dockerfile/dnf-unpinned",
                "dockerfile/dnf-no-yes",
                "dockerfile/dnf-no-clean",
                "/var/cache/dnf",
            ),
            (
                "microdnf",
                "dockerfile/dnf-unpinned",
                "dockerfile/dnf-no-yes",
                "dockerfile/dnf-no-clean",
                "/var/cache/dnf",
            ),
        ] {
            let mut installed = false;
            for c in cmds.iter().filter(|c| c.name() == mgr) {
                let Some(pkgs) = operands(
                    c,
                    &["install", "groupinstall", "localinstall", "reinstall"],
                    &[
                        "--setopt",
                        "--enablerepo",
                        "--disablerepo",
                        "--installroot",
                        "--releasever",
                        "-c",
                        "--config",
                    ],
                ) else {
                    continue;
                };
                installed = true;
                let unpinned: Vec<&str> = pkgs.iter().copied().filter(|p| !rpm_pinned(p)).collect();
                if !unpinned.is_empty() {
                    hit(
                        pin_rule,
                        format!(
                            "{mgr} install of `{}` without a version (`pkg-version`)",
                            unpinned.join("`, `")
                        ),
                    );
                }
                if !c.has_flag(Some('y'), &["assumeyes"]) {
                    hit(
                        yes_rule,
                        format!(
                            "{mgr} install without -y waits for an answer the build cannot give"
                        ),
                    );
                }
            }
            let cleaned = cmds
                .iter()
                .any(|c| c.name() == mgr && c.args().first().is_some_and(|a| a == "clean"))
                || removes(cache_dir);
            if installed && !cleaned && !cache_mount(cache_dir) {
                hit(clean_rule, format!("`{mgr} clean all` missing after {mgr} install: the cache stays in the layer"));
            }
        }
        let mut zypper_installed = false;
        for c in cmds.iter().filter(|c| c.name() == "zypper") {
            let Some(pkgs) = operands(c, &["install", "in"], &["--from", "-r", "--repo", "--root"])
            else {
                continue;
            };
            zypper_installed = true;
            let unpinned: Vec<&str> = pkgs
                .iter()
                .copied()
                .filter(|p| {
                    !p.contains(['=', '<', '>']) && !p.ends_with(".rpm") && !p.contains('$')
                })
                .collect();
            if !unpinned.is_empty() {
                hit(
                    "dockerfile/zypper-unpinned",
                    format!(
                        "zypper install of `{}` without a version (`pkg=version`)",
                        unpinned.join("`, `")
                    ),
                );
            }
            if !c.has_flag(Some('n'), &["non-interactive", "no-confirm"])
                && !c.has_flag(Some('y'), &[])
            {
                hit(
                    "dockerfile/zypper-no-yes",
                    "zypper install without -n waits for an answer the build cannot give".into(),
                );
            }
        }
        if zypper_installed
            && !cmds
                .iter()
                .any(|c| c.name() == "zypper" && c.args().iter().any(|a| a == "clean" || a == "cc"))
            && !cache_mount("/var/cache/zypp")
        {
            hit(
                "dockerfile/zypper-no-clean",
                "`zypper clean` missing after zypper install: the cache stays in the layer".into(),
            );
        }
        // pip
        let pip_no_cache_env = ctx.earlier_in_stage(*idx, |i| {
            i.is("ENV")
                && i.pairs().iter().any(|(k, v)| {
                    k == "PIP_NO_CACHE_DIR"
                        && v.as_deref()
                            .is_some_and(|v| !matches!(v, "0" | "false" | "off" | ""))
                })
        });
        for c in cmds.iter().filter_map(is_pip) {
            let Some(pkgs) = operands(&c, &["install"], PIP_VALUE_OPTS) else {
                continue;
            };
            let unpinned: Vec<&str> = pkgs.iter().copied().filter(|p| !pip_pinned(p)).collect();
            if !unpinned.is_empty() {
                hit("dockerfile/pip-unpinned", format!("pip install of `{}` without a version (`pkg==version`) or a requirements file", unpinned.join("`, `")));
            }
            // pip takes unambiguous prefixes (`--no-cache`), and so does uv's own flag.
            let no_cache = c.args().iter().any(|a| a.starts_with("--no-cache"));
            if !no_cache
                && !pip_no_cache_env
                && !cache_mount("/root/.cache")
                && !cache_mount(".cache/pip")
            {
                hit(
                    "dockerfile/pip-cache",
                    "pip install without --no-cache-dir keeps the wheel cache in the layer".into(),
                );
            }
        }
        // npm, yarn, gem, go
        for c in cmds {
            match c.name() {
                "npm" => {
                    if let Some(pkgs) = operands(
                        c,
                        &["install", "i", "add"],
                        &["--prefix", "--registry", "--cache", "-w", "--workspace"],
                    ) {
                        let unpinned: Vec<&str> =
                            pkgs.iter().copied().filter(|p| !npm_pinned(p)).collect();
                        if !unpinned.is_empty() {
                            hit(
                                "dockerfile/npm-unpinned",
                                format!(
                                    "npm install of `{}` without a version (`pkg@version`)",
                                    unpinned.join("`, `")
                                ),
                            );
                        }
                    }
                }
                "yarn" => {
                    let installs =
                        c.args().is_empty() || c.args().first().is_some_and(|a| a == "install");
                    let cleaned = cmds.iter().any(|x| {
                        x.name() == "yarn"
                            && x.args().first().is_some_and(|a| a == "cache")
                            && x.args().get(1).is_some_and(|a| a == "clean")
                    });
                    if installs
                        && !cleaned
                        && !cache_mount("yarn")
                        && !cache_mount("/usr/local/share/.cache")
                    {
                        hit("dockerfile/yarn-cache", "`yarn cache clean` missing after yarn install: the cache stays in the layer".into());
                    }
                }
                "gem" => {
                    if let Some(pkgs) = operands(
                        c,
                        &["install", "i"],
                        &[
                            "-v",
                            "--version",
                            "-i",
                            "--install-dir",
                            "-n",
                            "--bindir",
                            "--source",
                            "-s",
                        ],
                    ) {
                        let versioned = c
                            .args()
                            .iter()
                            .any(|a| a == "-v" || a == "--version" || a.starts_with("--version="));
                        let unpinned: Vec<&str> = pkgs
                            .iter()
                            .copied()
                            .filter(|p| {
                                !p.contains(':') && !p.ends_with(".gem") && !p.contains('$')
                            })
                            .collect();
                        if !unpinned.is_empty() && !versioned {
                            hit(
                                "dockerfile/gem-unpinned",
                                format!(
                                    "gem install of `{}` without a version (`gem:version` or -v)",
                                    unpinned.join("`, `")
                                ),
                            );
                        }
                    }
                }
                "go" => {
                    if let Some(pkgs) = operands(
                        c,
                        &["install", "get", "run"],
                        &[
                            "-o", "-p", "-tags", "-ldflags", "-gcflags", "-mod", "-modfile",
                        ],
                    ) {
                        // A module path starts with a domain (`golang.org/x/...`); local
                        // packages and files do not.
                        let remote = |p: &str| {
                            p.split('/')
                                .next()
                                .is_some_and(|d| d.contains('.') && !d.starts_with('.'))
                                && p.contains('/')
                                && !p.ends_with(".go")
                        };
                        let unpinned: Vec<&str> = pkgs
                            .iter()
                            .copied()
                            .filter(|p| remote(p) && (!p.contains('@') || p.ends_with("@latest")))
                            .collect();
                        if !unpinned.is_empty() {
                            hit(
                                "dockerfile/go-install-unpinned",
                                format!(
                                    "go install of `{}` without a version (`pkg@version`)",
                                    unpinned.join("`, `")
                                ),
                            );
                        }
                    }
                }
                _ => {}
            }
        }
    }
    for (rule, line, msg) in hits {
        ctx.hit(rule, line, msg);
    }
}

/// `RUN --mount=type=cache,target=...` covering `path`.
fn cache_mounted(ins: &Instruction, path: &str) -> bool {
    ins.flags.iter().any(|f| {
        f.name == "mount"
            && f.value.as_deref().is_some_and(|v| {
                v.contains("type=cache")
                    && v.split(',').any(|kv| {
                        kv.split_once('=').is_some_and(|(k, t)| {
                            matches!(k, "target" | "dst" | "destination")
                                && (t.starts_with(path)
                                    || path.starts_with(t.trim_end_matches('/'))
                                    || t.contains(path))
                        })
                    })
            })
    })
}

fn rpm_pinned(p: &str) -> bool {
    p.ends_with(".rpm")
        || p.contains('$')
        || p.starts_with('@')
        || p.contains('/')
        || p.char_indices()
            .any(|(i, c)| c == '-' && p[i + 1..].starts_with(|d: char| d.is_ascii_digit()))
        || p.contains(['=', '<', '>'])
}

fn pip_pinned(p: &str) -> bool {
    let l = p.to_ascii_lowercase();
    if l.starts_with("git+") || l.starts_with("hg+") || l.starts_with("svn+") {
        // A VCS URL is pinned by `@ref` after the repository path.
        let url = p.split('#').next().unwrap_or(p);
        return url
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('@'));
    }
    p.contains("==")
        || p.contains(">=")
        || p.contains("<=")
        || p.contains("~=")
        || p.contains("!=")
        || p.contains(['<', '>', '@'])
        || p.starts_with('.')
        || p.contains('/')
        || l.ends_with(".whl")
        || l.ends_with(".tar.gz")
        || l.ends_with(".zip")
}

fn npm_pinned(p: &str) -> bool {
    let bare = p.strip_prefix('@').unwrap_or(p);
    bare.contains('@')
        || p.starts_with('.')
        || p.starts_with('/')
        || p.contains("://")
        || p.starts_with("git")
        || p.ends_with(".tgz")
        || (p.contains('/') && !p.starts_with('@'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins() {
        assert!(pip_pinned("flask==3.0.0") && pip_pinned("torch>=2") && pip_pinned("."));
        assert!(!pip_pinned("flask") && !pip_pinned("flask[async]"));
        assert!(pip_pinned(
            "git+https://github.com/o/r.git@v1.2#egg=r&subdirectory=a/b"
        ));
        assert!(!pip_pinned("git+https://github.com/o/r.git#egg=r") && !pip_pinned("git+${REPO}"));
        assert!(npm_pinned("@scope/pkg@1.2.3") && npm_pinned("left-pad@1"));
        assert!(!npm_pinned("@scope/pkg") && !npm_pinned("left-pad"));
        assert!(rpm_pinned("httpd-2.4.6") && !rpm_pinned("httpd") && !rpm_pinned("python3-pip"));
    }
}
