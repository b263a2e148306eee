//! Command-line arguments. Parsed here, resolved into a scan request in `app.rs`.
use crate::report::Format;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "picket",
    version,
    about = "Finds what must not ship: leaked secrets, unsafe configs, risky Dockerfiles, vulnerable dependencies, unsafe model files.",
    after_help = "Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 an error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Scan files and directories (default: the current directory).
    Scan(Box<ScanArgs>),
    /// List every rule.
    Rules {
        #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
        format: RulesFormat,
    },
    /// Explain one rule: what it finds, why it matters, how to fix and suppress it.
    Explain {
        /// A rule id, such as secrets/github-pat-classic.
        rule: String,
    },
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write a commented picket.toml here and print the pre-commit and GitHub Actions
    /// snippets.
    Init {
        /// Overwrite an existing picket.toml.
        #[arg(long)]
        force: bool,
    },
    /// Manage the offline advisory database the deps check reads.
    #[command(subcommand)]
    Db(DbCommand),
}

#[derive(Subcommand, Debug)]
pub enum DbCommand {
    /// Download the OSV advisories (all.zip per ecosystem) into the database folder. The
    /// only command that uses the network; needs curl.
    Update {
        /// The database folder (default: as for `scan --advisory-db`).
        #[arg(long, value_name = "DIR")]
        advisory_db: Option<PathBuf>,
        /// OSV ecosystem to fetch (repeatable): PyPI, npm, crates.io, Go, RubyGems,
        /// Packagist, NuGet, Maven. Default: PyPI, npm, crates.io and Go.
        #[arg(long = "ecosystem", value_name = "NAME")]
        ecosystems: Vec<String>,
        /// Where to download from: `{URL}/{ecosystem}/all.zip`.
        #[arg(long, value_name = "URL", default_value = crate::checks::deps::update::DEFAULT_BASE_URL)]
        base_url: String,
    },
    /// Where the database is, its age, and the advisories per ecosystem.
    Status {
        #[arg(long, value_name = "DIR")]
        advisory_db: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(clap::Args, Debug)]
pub struct ScanArgs {
    /// Files or directories to scan. Files named here are scanned even if .gitignore lists
    /// them, but the config's `exclude` globs still apply (pre-commit passes names).
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit with 1 when a finding is at or above this severity.
    #[arg(long, value_name = "LEVEL", value_parser = ["info", "low", "medium", "high", "critical", "never"])]
    pub fail_on: Option<String>,
    /// Report only findings at or above this severity. Default `low`: `info` findings are
    /// identifiers (ARNs, bucket names, client IDs) worth a look in an audit, not in CI.
    #[arg(long, value_name = "LEVEL", value_parser = ["info", "low", "medium", "high", "critical"])]
    pub min_severity: Option<String>,
    /// Only run these checks (comma-separated): secrets, dockerfile, config, deps, models, code, pii.
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub checks: Option<Vec<String>>,
    /// Only report these rules (ids or prefixes like `secrets/`), comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,
    /// Do not report these rules (ids or prefixes like `dockerfile/`), comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Use this config file instead of picket.toml / .picket.toml found from the scan root up.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Worker threads (default: the number of CPUs).
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    /// Skip files larger than this (bytes, or with a unit: 512KB, 10MB). Default 10MB.
    #[arg(long, value_name = "SIZE")]
    pub max_file_size: Option<String>,
    /// The OSV advisory database: a folder with one subfolder per ecosystem (PyPI/,
    /// npm/, crates.io/, ...). Default: $PICKET_ADVISORY_DB, then [deps] advisory-db,
    /// then the user cache directory that `picket db update` fills.
    #[arg(long, value_name = "DIR")]
    pub advisory_db: Option<PathBuf>,
    /// Print secrets in full instead of redacting them. Never use this in CI logs.
    #[arg(long)]
    pub show_secrets: bool,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print only findings: no summary, no notes.
    #[arg(long, short = 'q', conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also report stale baseline entries (findings that no longer exist).
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// Scan the content staged in git's index (what `git commit` would record), not the
    /// work tree. For pre-commit hooks.
    #[arg(long, conflicts_with_all = ["paths", "diff"])]
    pub staged: bool,
    /// Report only findings on lines added or changed since the merge base with REV (and
    /// whole-file findings of changed files). For pull-request gates.
    #[arg(long, value_name = "REV", conflicts_with = "paths")]
    pub diff: Option<String>,
    /// Scan every blob reachable from any ref, once each; findings name the commit that
    /// introduced them.
    #[arg(long, conflicts_with_all = ["paths", "staged", "diff"])]
    pub history: bool,
    /// With --history: only commits not reachable from REV.
    #[arg(long, value_name = "REV", requires = "history")]
    pub since: Option<String>,
    /// With --history: at most the N most recent commits.
    #[arg(long, value_name = "N", requires = "history")]
    pub max_commits: Option<usize>,
    /// Hide the findings recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record today's findings in FILE (fingerprints only, no secrets) and exit 0.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
}
