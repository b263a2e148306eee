//! Resolves arguments and config into work, runs it, and returns the exit code. `main.rs`
//! only calls `run`.
use crate::checks::{self, CheckOptions};
use crate::cli::{Cli, ColorChoice, Command, RulesFormat, ScanArgs};
use crate::config::{self, ByteSize, Config, FailOn};
use crate::filter::Filters;
use crate::finding::CheckId;
use crate::report::{self, Format, Report};
use crate::scan::{self, ScanRequest};
use crate::source;
use crate::{baseline, git, history};
use clap::CommandFactory;
use globset::{Glob, GlobSetBuilder};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

pub const EXIT_CLEAN: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

const DEFAULT_MAX_FILE_SIZE: u64 = 10 << 20;

/// Messages for standard error, kept apart so that stdout carries only the chosen format.
pub struct Outcome {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: Vec<String>,
}

impl Outcome {
    pub fn error(msg: impl Into<String>) -> Outcome {
        Outcome {
            code: EXIT_ERROR,
            stdout: Vec::new(),
            stderr: vec![format!("error: {}", msg.into())],
        }
    }
}

pub fn run(cli: Cli) -> Outcome {
    match cli.command {
        Command::Scan(args) => scan_command(*args),
        Command::Rules { format } => Outcome {
            code: EXIT_CLEAN,
            stdout: match format {
                RulesFormat::Json => report::rules::json(),
                RulesFormat::Table => report::rules::table().into_bytes(),
            },
            stderr: vec![],
        },
        Command::Explain { rule } => match report::rules::explain(&rule) {
            Some(text) => Outcome {
                code: EXIT_CLEAN,
                stdout: text.into_bytes(),
                stderr: vec![],
            },
            None => Outcome::error(format!("no rule `{rule}`; `picket rules` lists them")),
        },
        Command::Db(cmd) => crate::dbcmd::run(cmd),
        Command::Init { force } => match std::env::current_dir() {
            Ok(d) => crate::init::run(&d, force),
            Err(e) => Outcome::error(e.to_string()),
        },
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "picket", &mut out);
            Outcome {
                code: EXIT_CLEAN,
                stdout: out,
                stderr: vec![],
            }
        }
    }
}

/// What a scan reads: the root paths are reported against, work-tree paths, staged blobs,
/// and for `--diff` the changed lines.
struct Sources {
    root: PathBuf,
    paths: Vec<PathBuf>,
    blobs: Vec<source::Blob>,
    diff: Option<std::collections::BTreeMap<String, Vec<(usize, usize)>>>,
    history: Option<history::HistoryOptions>,
}

fn resolve_sources(args: &ScanArgs) -> Result<Sources, String> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    if args.staged || args.diff.is_some() || args.history {
        let root = git::toplevel(&cwd).map_err(|e| e.to_string())?;
        let root = root.canonicalize().unwrap_or(root);
        if args.history {
            let history = history::HistoryOptions {
                since: args.since.clone(),
                max_commits: args.max_commits,
            };
            return Ok(Sources {
                root,
                paths: Vec::new(),
                blobs: Vec::new(),
                diff: None,
                history: Some(history),
            });
        }
        if args.staged {
            let blobs = git::staged(&root)
                .map_err(|e| e.to_string())?
                .into_iter()
                .map(|(path, data)| source::Blob {
                    path,
                    data,
                    commit: None,
                })
                .collect();
            return Ok(Sources {
                root,
                paths: Vec::new(),
                blobs,
                diff: None,
                history: None,
            });
        }
        let rev = args.diff.as_deref().unwrap_or_default();
        let diff = git::changed_lines(&root, rev).map_err(|e| e.to_string())?;
        let paths = diff
            .keys()
            .map(|p| root.join(p))
            .filter(|p| p.is_file())
            .collect();
        return Ok(Sources {
            root,
            paths,
            blobs: Vec::new(),
            diff: Some(diff),
            history: None,
        });
    }
    let paths: Vec<PathBuf> = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    for p in &paths {
        if let Err(e) = std::fs::metadata(p) {
            return Err(format!("{}: {e}", p.display()));
        }
    }
    let first = &paths[0];
    let anchor = if first.is_dir() {
        first.clone()
    } else {
        first
            .parent()
            .map(Path::to_path_buf)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| cwd.clone())
    };
    let root = source::git_root(&anchor).unwrap_or_else(|| {
        if first.is_dir() && paths.len() == 1 {
            anchor.canonicalize().unwrap_or(anchor.clone())
        } else {
            cwd.canonicalize().unwrap_or(cwd.clone())
        }
    });
    // Paths are made absolute so that they can be reported relative to the root.
    let paths = paths
        .iter()
        .map(|p| p.canonicalize().unwrap_or_else(|_| p.clone()))
        .collect();
    Ok(Sources {
        root,
        paths,
        blobs: Vec::new(),
        diff: None,
        history: None,
    })
}

fn scan_command(args: ScanArgs) -> Outcome {
    let Sources {
        root,
        paths,
        blobs,
        diff,
        history,
    } = match resolve_sources(&args) {
        Ok(s) => s,
        Err(e) => return Outcome::error(e),
    };

    let config_path = args.config.clone().or_else(|| config::discover(&root));
    let mut cfg = match &config_path {
        Some(p) => match config::load(p) {
            Ok(c) => c,
            Err(e) => return Outcome::error(e.to_string()),
        },
        None => Config::default(),
    };
    // A team moving from hadolint keeps the decisions in its `.hadolint.yaml`.
    match checks::dockerfile::hadolint::load(&root) {
        Ok(Some(h)) => {
            cfg.dockerfile
                .trusted_registries
                .extend(h.trusted_registries);
            cfg.rules
                .ignore
                .extend(crate::rules::with_equivalents("hadolint", &h.ignored));
        }
        Ok(None) => {}
        Err(e) => return Outcome::error(e),
    }
    let mut stderr = Vec::new();

    let fail_on = match args.fail_on.as_deref() {
        Some(s) => FailOn::parse(s).expect("clap checked the value"),
        None => cfg
            .scan
            .fail_on
            .unwrap_or(FailOn::At(crate::finding::Severity::High)),
    };
    let max_file_size = match &args.max_file_size {
        Some(s) => match ByteSize::parse(s) {
            Some(b) => b.0,
            None => {
                return Outcome::error(format!(
                    "--max-file-size: `{s}` is not a size (examples: 1048576, 512KB, 10MB)"
                ))
            }
        },
        None => cfg
            .scan
            .max_file_size
            .as_ref()
            .map(|s| s.get_ref().0)
            .unwrap_or(DEFAULT_MAX_FILE_SIZE),
    };
    let wanted: Option<Vec<String>> = args.checks.clone().or_else(|| {
        cfg.scan
            .checks
            .as_ref()
            .map(|c| c.iter().map(|s| s.get_ref().clone()).collect())
    });
    let mut enabled: Vec<CheckId> = Vec::new();
    if let Some(list) = &wanted {
        for name in list {
            match CheckId::parse(name.trim()) {
                Some(c) => enabled.push(c),
                None => {
                    return Outcome::error(format!(
                        "unknown check `{name}`, expected one of {}",
                        config::check_names()
                    ))
                }
            }
        }
        for c in &enabled {
            if !checks::available().contains(c) {
                stderr.push(format!("warning: the {c} check is not part of this build yet; nothing will be reported for it"));
            }
        }
    }
    let mut all = match checks::registry(&cfg, args.advisory_db.as_deref(), Some(&root)) {
        Ok(c) => c,
        Err(e) => {
            return Outcome::error(format!(
                "{}: {e}",
                config_path
                    .map(|p| p.display().to_string())
                    .unwrap_or_default()
            ))
        }
    };
    if wanted.is_some() {
        all.retain(|c| enabled.contains(&c.id()));
    }

    let mut excludes = GlobSetBuilder::new();
    for g in &cfg.scan.exclude {
        if let Ok(g) = Glob::new(g.get_ref()) {
            excludes.add(g);
        }
    }
    let baseline_entries = match &args.baseline {
        Some(p) if args.write_baseline.is_none() => match baseline::load(p) {
            Ok(b) => b.findings,
            Err(e) => return Outcome::error(e),
        },
        _ => Vec::new(),
    };
    let fingerprints = baseline_entries
        .iter()
        .map(|e| e.fingerprint.clone())
        .collect();
    let mut filters = Filters::new(&cfg, &args.select, &args.ignore, fingerprints);
    if let Some(d) = diff {
        filters = filters.with_diff(d);
    }
    if let Some(s) = args
        .min_severity
        .as_deref()
        .and_then(crate::finding::Severity::parse)
    {
        filters = filters.with_min_severity(s);
    }
    stderr.extend(filters.warnings.iter().map(|w| format!("warning: {w}")));
    let threads = args.threads.map(usize::from).unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
    });
    let req = ScanRequest {
        root: root.clone(),
        paths,
        blobs,
        history,
        threads,
        max_file_size,
        excludes: excludes
            .build()
            .unwrap_or_else(|_| globset::GlobSet::empty()),
        checks: all,
        opts: CheckOptions {
            show_secrets: args.show_secrets,
        },
        filters,
        progress: report::progress::wanted(args.quiet)
            .then(|| Box::new(report::progress::draw) as scan::ProgressFn),
    };
    let result = scan::run(&req);
    report::progress::clear();
    if let Some(path) = &args.write_baseline {
        let b = baseline::from_findings(&result.findings);
        if let Err(e) = baseline::write(path, &b) {
            return Outcome::error(format!("cannot write {}: {e}", path.display()));
        }
        return Outcome {
            code: EXIT_CLEAN,
            stdout: Vec::new(),
            stderr: vec![format!(
                "wrote {} findings to the baseline {}",
                b.findings.len(),
                path.display()
            )],
        };
    }
    for c in &req.checks {
        for n in c.notes() {
            match n.strip_prefix("verbose: ") {
                Some(v) if args.verbose => stderr.push(format!("note: {v}")),
                Some(_) => {}
                None => stderr.push(format!("warning: {n}")),
            }
        }
    }
    if args.verbose {
        let stale = req.filters.stale_baseline();
        for e in baseline_entries
            .iter()
            .filter(|e| stale.binary_search(&e.fingerprint).is_ok())
        {
            stderr.push(format!(
                "note: stale baseline entry: {} in {} no longer exists; remove it from the baseline",
                e.rule_id, e.path
            ));
        }
    }

    let color = use_color(
        args.color,
        args.output.is_some(),
        std::io::stdout().is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
    );
    let human = args.format == Format::Human;
    let no_notes: Vec<String> = Vec::new();
    let report = Report {
        findings: &result.findings,
        summary: &result.summary,
        root: &root,
        notes: if args.quiet || !human {
            &no_notes
        } else {
            &result.notes
        },
        color,
    };
    let mut out = report::render(args.format, &report);
    if human && args.quiet {
        // Only the findings: drop the summary line.
        let text = String::from_utf8_lossy(&out).into_owned();
        let trimmed = text
            .trim_end_matches('\n')
            .rsplit_once('\n')
            .map(|(a, _)| format!("{a}\n"))
            .unwrap_or_default();
        out = trimmed.into_bytes();
    }
    if !human && !args.quiet {
        stderr.extend(result.notes.iter().map(|n| format!("note: {n}")));
    }
    stderr.extend(result.errors.iter().map(|e| format!("error: {e}")));

    let code = if !result.errors.is_empty() {
        EXIT_ERROR
    } else {
        match fail_on {
            FailOn::Never => EXIT_CLEAN,
            FailOn::At(t) if result.findings.iter().any(|f| f.severity >= t) => EXIT_FINDINGS,
            FailOn::At(_) => EXIT_CLEAN,
        }
    };
    match &args.output {
        Some(path) => {
            if let Err(e) = write_atomic(path, &out) {
                return Outcome::error(format!("cannot write {}: {e}", path.display()));
            }
            Outcome {
                code,
                stdout: Vec::new(),
                stderr,
            }
        }
        None => Outcome {
            code,
            stdout: out,
            stderr,
        },
    }
}

/// Colour is for a person at a terminal: `--color always/never` decide; otherwise stdout
/// must be a terminal, not redirected to `--output`, and `NO_COLOR` unset or empty (an
/// empty value does not count, as no-color.org says).
fn use_color(
    choice: ColorChoice,
    to_file: bool,
    stdout_is_tty: bool,
    no_color: Option<&std::ffi::OsStr>,
) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => !to_file && stdout_is_tty && no_color.is_none_or(|v| v.is_empty()),
    }
}

/// Writes through a temporary file and a rename, so a reader never sees half a report.
/// Anything that is not a regular file (`/dev/null`, `/dev/stdout`, a FIFO) is written in
/// place: renaming over it would replace the device or pipe with a file.
pub fn write_atomic(path: &Path, data: &[u8]) -> std::io::Result<()> {
    if let Ok(meta) = std::fs::metadata(path) {
        if !meta.is_file() {
            return std::fs::OpenOptions::new()
                .write(true)
                .open(path)?
                .write_all(data);
        }
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.picket-tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("out")
    ));
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(data)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn color_follows_the_flag_the_terminal_and_no_color() {
        let tty = |no_color: Option<&str>| {
            use_color(ColorChoice::Auto, false, true, no_color.map(OsStr::new))
        };
        assert!(tty(None));
        assert!(!tty(Some("1")), "NO_COLOR set");
        assert!(tty(Some("")), "an empty NO_COLOR is ignored");
        assert!(
            !use_color(ColorChoice::Auto, false, false, None),
            "not a terminal"
        );
        assert!(!use_color(ColorChoice::Auto, true, true, None), "--output");
        assert!(use_color(
            ColorChoice::Always,
            true,
            false,
            Some(OsStr::new("1"))
        ));
        assert!(!use_color(ColorChoice::Never, false, true, None));
    }
}
