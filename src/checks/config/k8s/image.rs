//! Container image references: is the version pinned?

/// Why an image reference is not pinned, or `None` when it has a tag other than `latest`
/// or a digest. References with template placeholders are not judged.
pub(crate) fn unpinned(image: &str) -> Option<&'static str> {
    let image = image.trim();
    if image.is_empty() || image.contains("${") || image.contains("{{") || image.starts_with('$') {
        return None;
    }
    if image.contains('@') {
        return None;
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.split_once(':') {
        None => Some("has no tag"),
        Some((_, "")) => Some("has no tag"),
        Some((_, tag)) if tag.eq_ignore_ascii_case("latest") => Some("uses the `latest` tag"),
        Some(_) => None,
    }
}

/// The repository path of an image without registry port, tag or digest, lowercased:
/// `docker.io/bitnami/postgresql:16` → `docker.io/bitnami/postgresql`.
pub(crate) fn repository(image: &str) -> String {
    let image = image.trim();
    let no_digest = image.split('@').next().unwrap_or(image);
    let (head, last) = match no_digest.rsplit_once('/') {
        Some((h, l)) => (Some(h), l),
        None => (None, no_digest),
    };
    let last = last.split(':').next().unwrap_or(last);
    match head {
        Some(h) => format!("{h}/{last}").to_ascii_lowercase(),
        None => last.to_ascii_lowercase(),
    }
}

/// The last path component of the repository: `bitnami/postgresql` → `postgresql`.
pub(crate) fn short_name(image: &str) -> String {
    let repo = repository(image);
    repo.rsplit('/').next().unwrap_or(&repo).to_string()
}
