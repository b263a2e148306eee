//! `picket db update` and `picket db status`.
use crate::app::Outcome;
use crate::checks::deps::{db, update};
use crate::cli::DbCommand;
use crate::config;
use std::io::IsTerminal;
use std::path::PathBuf;

const DEFAULT_ECOSYSTEMS: [&str; 4] = ["PyPI", "npm", "crates.io", "Go"];
const KNOWN: [&str; 8] = [
    "PyPI",
    "npm",
    "crates.io",
    "Go",
    "RubyGems",
    "Packagist",
    "NuGet",
    "Maven",
];

fn root(flag: Option<PathBuf>) -> Result<PathBuf, String> {
    let cwd = std::env::current_dir().map_err(|e| e.to_string())?;
    let cfg = match config::discover(&cwd) {
        Some(p) => config::load(&p).map_err(|e| e.to_string())?,
        None => config::Config::default(),
    };
    Ok(db::locate(flag.as_deref(), cfg.deps.advisory_db.as_deref()))
}

pub fn run(cmd: DbCommand) -> Outcome {
    match cmd {
        DbCommand::Update {
            advisory_db,
            ecosystems,
            base_url,
        } => {
            let root = match root(advisory_db) {
                Ok(r) => r,
                Err(e) => return Outcome::error(e),
            };
            let ecos: Vec<String> = if ecosystems.is_empty() {
                DEFAULT_ECOSYSTEMS.iter().map(|s| s.to_string()).collect()
            } else {
                ecosystems
            };
            if let Some(bad) = ecos.iter().find(|e| !KNOWN.contains(&e.as_str())) {
                return Outcome::error(format!(
                    "unknown ecosystem `{bad}`; expected one of {}",
                    KNOWN.join(", ")
                ));
            }
            let progress = std::io::stderr().is_terminal();
            let mut lines = Vec::new();
            let mut failed = false;
            for e in &ecos {
                match update::update(&root, &base_url, e, progress) {
                    Ok(update::Outcome::Updated { bytes, records }) => lines.push(format!(
                        "{e}: updated, {records} advisories ({:.1} MB)",
                        bytes as f64 / 1e6
                    )),
                    Ok(update::Outcome::Unchanged) => lines.push(format!("{e}: unchanged")),
                    Err(msg) => {
                        failed = true;
                        lines.push(format!("{e}: error: {msg}"));
                    }
                }
            }
            lines.push(format!("database: {}", root.display()));
            Outcome {
                code: if failed { 2 } else { 0 },
                stdout: (lines.join("\n") + "\n").into_bytes(),
                stderr: Vec::new(),
            }
        }
        DbCommand::Status { advisory_db } => {
            let root = match root(advisory_db) {
                Ok(r) => r,
                Err(e) => return Outcome::error(e),
            };
            let d = match db::open(&root, Some(&db::cache_dir().join("index"))) {
                Ok(d) => d,
                Err(e) => return Outcome::error(e),
            };
            let mut out = format!("database: {}\n", root.display());
            match d.age {
                Some(a) => out.push_str(&format!("updated: {} days ago\n", a.as_secs() / 86_400)),
                None => out.push_str("updated: unknown\n"),
            }
            for s in d.status() {
                out.push_str(&format!(
                    "{:10} {:>6} advisories for {:>6} packages{}\n",
                    s.ecosystem.osv_name(),
                    s.records,
                    s.packages,
                    if s.errors.is_empty() {
                        String::new()
                    } else {
                        format!(
                            " ({} unreadable files, first: {})",
                            s.errors.len(),
                            s.errors[0]
                        )
                    }
                ));
            }
            Outcome {
                code: 0,
                stdout: out.into_bytes(),
                stderr: Vec::new(),
            }
        }
    }
}
