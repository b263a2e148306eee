//! `--history`: every blob reachable from the refs, scanned once, with the commit that
//! introduced it. Uses gix (pure Rust). Commits are visited oldest first; a tree or blob
//! already seen is skipped, so unchanged subtrees cost nothing and each blob is read once.
//! Memory holds the commit ids and the ids seen, never the blobs.
use crate::finding::CommitInfo;
use crate::source::Blob;
use gix::bstr::ByteSlice;
use std::collections::HashSet;
use std::path::Path;

/// Which commits a history scan walks.
#[derive(Clone, Debug, Default)]
pub struct HistoryOptions {
    /// Only commits not reachable from this revision (`REV..` for every ref).
    pub since: Option<String>,
    /// At most this many commits, the most recent ones.
    pub max_commits: Option<usize>,
}

#[derive(Clone, Debug, Default)]
pub struct HistoryStats {
    pub commits: u64,
    pub blobs: u64,
    pub bytes: u64,
}

#[derive(Debug)]
pub struct HistoryError(pub String);

impl std::fmt::Display for HistoryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn err(context: &str) -> impl Fn(gix::Error) -> HistoryError + '_ {
    move |e| HistoryError(format!("{context}: {e}"))
}

pub fn history(
    root: &Path,
    opts: &HistoryOptions,
    max_size: u64,
    mut emit: impl FnMut(Blob),
) -> Result<HistoryStats, HistoryError> {
    let repo = gix::open(root)
        .map_err(|e| HistoryError(format!("cannot open the git repository: {e}")))?;
    let mut tips = Vec::new();
    let refs = repo
        .references()
        .map_err(|e| HistoryError(format!("cannot read refs: {e}")))?;
    for r in refs
        .all()
        .map_err(|e| HistoryError(format!("cannot read refs: {e}")))?
        .flatten()
    {
        let mut r = r;
        // Tags of trees or blobs, and broken refs, have no history to walk.
        if let Ok(c) = r.peel_to_commit() {
            tips.push(c.id);
        }
    }
    if tips.is_empty() {
        return Ok(HistoryStats::default());
    }
    let mut walk = repo
        .rev_walk(tips)
        .sorting(gix::revision::walk::Sorting::ByCommitTime(
            Default::default(),
        ));
    if let Some(since) = &opts.since {
        let id = repo
            .rev_parse_single(since.as_bytes().as_bstr())
            .map_err(|e| HistoryError(format!("--since {since}: {e}")))?;
        walk = walk.with_hidden([id.detach()]);
    }
    let mut ids = Vec::new();
    for info in walk
        .all()
        .map_err(|e| HistoryError(format!("cannot walk the history: {e}")))?
    {
        let info = info.map_err(|e| HistoryError(format!("cannot walk the history: {e}")))?;
        ids.push(info.id);
        if opts.max_commits.is_some_and(|n| ids.len() >= n) {
            break;
        }
    }
    ids.reverse();

    let mut stats = HistoryStats::default();
    let mut seen_trees: HashSet<gix::ObjectId> = HashSet::new();
    let mut seen_blobs: HashSet<gix::ObjectId> = HashSet::new();
    for id in ids {
        let commit = repo
            .find_commit(id)
            .map_err(|e| HistoryError(format!("commit {id}: {e}")))?;
        let info = commit_info(&commit, stats.commits);
        stats.commits += 1;
        let tree = commit
            .tree_id()
            .map_err(|e| HistoryError(format!("commit {id}: {e}")))?
            .detach();
        // Depth-first over trees not seen before.
        let mut stack = vec![(tree, String::new())];
        while let Some((tree_id, prefix)) = stack.pop() {
            if !seen_trees.insert(tree_id) {
                continue;
            }
            let tree = repo
                .find_tree(tree_id)
                .map_err(|e| HistoryError(format!("tree {tree_id}: {e}")))?;
            for entry in tree.iter() {
                let entry = entry.map_err(|e| HistoryError(format!("tree {tree_id}: {e}")))?;
                let (mode, oid, name) = (
                    entry.inner.mode,
                    entry.inner.oid.to_owned(),
                    entry.inner.filename,
                );
                let path = if prefix.is_empty() {
                    name.to_str_lossy().into_owned()
                } else {
                    format!("{prefix}/{}", name.to_str_lossy())
                };
                if mode.is_tree() {
                    stack.push((oid, path));
                } else if mode.is_blob() && seen_blobs.insert(oid) {
                    let size = repo
                        .find_header(oid)
                        .map(|h| h.size())
                        .map_err(err("blob"))?;
                    if size > max_size {
                        continue;
                    }
                    let mut blob = repo.find_blob(oid).map_err(err("blob"))?;
                    stats.blobs += 1;
                    stats.bytes += size;
                    emit(Blob {
                        path,
                        data: blob.take_data(),
                        commit: Some(info.clone()),
                    });
                }
            }
        }
    }
    Ok(stats)
}

fn commit_info(commit: &gix::Commit<'_>, order: u64) -> CommitInfo {
    let (author, date) = match commit.author() {
        Ok(a) => (
            format!(
                "{} <{}>",
                a.name.to_str_lossy().trim(),
                a.email.to_str_lossy().trim()
            ),
            a.time()
                .map(|t| iso8601(t.seconds, t.offset))
                .unwrap_or_default(),
        ),
        Err(_) => (String::new(), String::new()),
    };
    CommitInfo {
        id: commit.id.to_string(),
        author,
        date,
        order,
    }
}

/// `2026-11-27T09:51:15+01:00` from seconds since the epoch and an offset in seconds.
pub fn iso8601(seconds: i64, offset: i32) -> String {
    let local = seconds + offset as i64;
    let days = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let zone = if offset == 0 {
        "Z".to_string()
    } else {
        let sign = if offset < 0 { '-' } else { '+' };
        let o = offset.unsigned_abs();
        format!("{sign}{:02}:{:02}", o / 3600, (o % 3600) / 60)
    };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}{zone}",
        secs / 3600,
        (secs % 3600) / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::iso8601;

    #[test]
    fn dates() {
        assert_eq!(iso8601(0, 0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_700_000_000, 3600), "2023-11-14T23:13:20+01:00");
        assert_eq!(
            iso8601(951_782_400, -5 * 3600 - 1800),
            "2000-02-28T18:30:00-05:30"
        );
    }
}
