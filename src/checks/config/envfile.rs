//! `.env` hygiene: a real `.env` must be ignored by git, and a `.env.example` (or
//! `.sample`, `.template`, `.dist`) must hold placeholders, not values that look real.
use super::k8s::secretname::is_secret_name;
use super::yaml::Node;
use crate::checks::secrets::placeholder::{is_code_reference, is_placeholder};
use crate::checks::{builtin, CheckOptions, SourceFile};
use crate::finding::Finding;
use crate::text::entropy;
use std::path::Path;

const TEMPLATE_SUFFIXES: &[&str] = &[
    ".example",
    ".sample",
    ".template",
    ".tmpl",
    ".dist",
    ".defaults",
    ".default",
    ".tpl",
];

pub fn is_template_name(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    TEMPLATE_SUFFIXES.iter().any(|s| lower.ends_with(s))
        || lower.contains(".example.")
        || lower.contains(".sample.")
}

pub fn check(
    file: &SourceFile<'_>,
    root: &Node,
    repo: Option<&Path>,
    opts: &CheckOptions,
    out: &mut Vec<Finding>,
) {
    if is_template_name(file.path) {
        real_values(file, root, opts, out);
    } else if let Some(repo) = repo {
        if repo.join(".git").exists() && !ignored(repo, file.path) {
            let rule = builtin("config/env-not-ignored");
            out.push(file.file_finding(
                rule,
                format!(
                    "`{}` is not ignored by .gitignore: the next `git add .` commits it",
                    file.path
                ),
            ));
        }
    }
}

/// A value in a template that looks like a real credential: a secret-looking name, a
/// value that is no placeholder and has the randomness of a generated token.
fn real_values(file: &SourceFile<'_>, root: &Node, opts: &CheckOptions, out: &mut Vec<Finding>) {
    let rule = builtin("config/env-example-real-value");
    for (k, v) in root.entries() {
        let (Some(name), Some(value)) = (k.as_str(), v.as_str()) else {
            continue;
        };
        let looks_real = value.len() >= 12
            && !value.contains(char::is_whitespace)
            && !is_placeholder(value)
            && !is_code_reference(value)
            && entropy(value.as_bytes()) >= 3.5;
        if is_secret_name(name) && looks_real {
            // Offsets of the tree are in the decoded text; lines and columns map back to
            // the file's bytes even when it holds invalid UTF-8.
            let start = file.offset_of(v.span.start.line, v.span.start.column);
            let end = file
                .offset_of(v.span.end.line, v.span.end.column)
                .max(start);
            let span = (start, end);
            out.push(file.finding(
                rule,
                span,
                true,
                format!("`{name}` in a template file holds what looks like a real credential; templates are committed, so use a placeholder"),
                opts,
            ));
        }
    }
}

/// Is `rel` ignored by the `.gitignore` files from the repository root down to its folder
/// (and `.git/info/exclude`)? The scan's own walker skips ignored files, but a file named
/// on the command line, or taken from the index, is judged here.
fn ignored(repo: &Path, rel: &str) -> bool {
    let mut b = ignore::gitignore::GitignoreBuilder::new(repo);
    let _ = b.add(repo.join(".git/info/exclude"));
    let _ = b.add(repo.join(".gitignore"));
    let mut dir = repo.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    for part in &parts[..parts.len().saturating_sub(1)] {
        dir.push(part);
        let gi = dir.join(".gitignore");
        if gi.is_file() {
            let _ = b.add(gi);
        }
    }
    match b.build() {
        Ok(gi) => gi.matched_path_or_any_parents(rel, false).is_ignore(),
        Err(_) => true,
    }
}
