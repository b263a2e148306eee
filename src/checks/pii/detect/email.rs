//! E-mail addresses: `local@domain.tld`, read outwards from each `@` that `memchr`
//! finds.
//!
//! The top-level domain must be one delegated in the DNS root (`tlds`), which also keeps
//! out code such as `X@self.weights` in notebooks.
//!
//! Left out, because they are not a person's address:
//! - reserved and documentation domains (`example.com`, `*.example`, `*.test`,
//!   `*.invalid`, `*.localhost`, `*.local`, ...) and placeholder domains
//!   (`domain.com`, `yourcompany.com`, ...);
//! - placeholder mailboxes (`user@`, `your.name@`, `firstname.lastname@`, ...);
//! - system mailboxes (`noreply@`, `no-reply@`, `donotreply@`, `mailer-daemon@`,
//!   `postmaster@`, `root@`, `nobody@`, ...) and anything under a `noreply` domain
//!   (`users.noreply.github.com`);
//! - `git@host` (SSH remotes) and `user:password@host` in URLs;
//! - retina image names and other file names (`icon@2x.png`, `app@1.0.js`): the top-level
//!   domain must not be a common file extension;
//! - package specs (`lodash@4.17.21`), digests (`image@sha256:...`), hosts without a dot.
use super::text::escape_len;
use super::tlds;
use super::{Hit, Kind, Tally};

const MAX_LOCAL: usize = 64;
const MAX_DOMAIN: usize = 253;
const MAX_LABEL: usize = 63;
/// Longer than any delegated top-level domain in ASCII.
const MAX_TLD: usize = 24;

/// Documentation and placeholder domains, and namespaces; their subdomains too.
const PLACEHOLDER_DOMAINS: &[&str] = &[
    "example.com",
    "example.org",
    "example.net",
    "example.edu",
    "domain.com",
    "domain.tld",
    "yourdomain.com",
    "your-domain.com",
    "mydomain.com",
    "somedomain.com",
    "yourcompany.com",
    "company.com",
    "email.com",
    "sample.com",
    "website.com",
    "test.com",
    "foo.com",
    "bar.com",
    "foo.bar",
    "tempuri.org",
    // Namespaces for protocol extension names (`ssh-ed25519-cert-v01@openssh.com`,
    // `curve25519-sha256@libssh.org`), which appear in SSH logs and configs.
    "openssh.com",
    "libssh.org",
];

/// Mailboxes that no person reads, and placeholders.
const NOT_PERSONAL: &[&str] = &[
    "git",
    "root",
    "admin",
    "administrator",
    "ubuntu",
    "ec2-user",
    "centos",
    "www-data",
    "daemon",
    "jenkins",
    "nobody",
    "postmaster",
    "hostmaster",
    "webmaster",
    "mailer-daemon",
    "abuse",
    "user",
    "username",
    "email",
    "e-mail",
    "name",
    "yourname",
    "your.name",
    "your_name",
    "youremail",
    "your.email",
    "your_email",
    "firstname",
    "first.last",
    "firstname.lastname",
    "first.lastname",
    "someone",
    "somebody",
    "anyone",
    "test",
    "example",
];

/// Prefixes of mailboxes that are not read at all.
const NO_REPLY: &[&str] = &[
    "noreply",
    "no-reply",
    "no_reply",
    "no.reply",
    "donotreply",
    "do-not-reply",
    "do_not_reply",
    "do.not.reply",
];

/// File extensions that look like top-level domains after an `@` (`logo@2x.png`). Most
/// are not delegated TLDs anyway; `.zip` and `.mov` are. Country codes used for mail
/// (`.rs`, `.md`, `.sh`, `.pl`, `.py`, `.so`) are kept out of this list: addresses
/// there are real.
const FILE_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "tif", "tiff", "avif", "heic", "js",
    "mjs", "cjs", "jsx", "ts", "tsx", "css", "scss", "sass", "less", "map", "json", "html", "htm",
    "xml", "txt", "yaml", "yml", "toml", "lock", "log", "csv", "ipynb", "pdf", "zip", "gz", "tgz",
    "tar", "bz2", "xz", "whl", "jar", "exe", "dll", "pyc", "wasm", "woff", "woff2", "ttf", "otf",
    "eot", "mp3", "mp4", "wav", "mov", "avi", "mkv", "webm", "php", "java", "rb", "go", "kt",
    "swift", "vue", "svelte", "lua", "sql", "cpp", "hpp", "bin", "dat", "tmp", "bak", "orig",
];

fn is_local_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-')
}

fn is_domain_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'.' || b == b'-'
}

/// True for a letter or digit of a Latin script (accented letters, as in an
/// internationalised domain or a name), which would make the ASCII next to it part of a
/// longer word. Other scripts (CJK, Cyrillic) often run straight into an address.
fn is_latin_alnum(c: char) -> bool {
    let u = u32::from(c);
    c.is_alphanumeric() && (u < 0x250 || (0x1E00..0x1F00).contains(&u))
}

/// The UTF-8 character starting at `i`, if valid.
fn char_at(data: &[u8], i: usize) -> Option<char> {
    let len = match *data.get(i)? {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return None,
    };
    std::str::from_utf8(data.get(i..i + len)?)
        .ok()?
        .chars()
        .next()
}

/// True when a non-ASCII Latin letter starts at `i`.
fn latin_letter_at(data: &[u8], i: usize) -> bool {
    data.get(i).is_some_and(|&b| b >= 0x80) && char_at(data, i).is_some_and(is_latin_alnum)
}

/// True when a non-ASCII Latin letter ends right before `i`.
fn latin_letter_before(data: &[u8], i: usize) -> bool {
    (1..=4)
        .filter_map(|back| i.checked_sub(back))
        .find(|&s| data[s] & 0xc0 != 0x80)
        .is_some_and(|s| {
            latin_letter_at(data, s) && char_at(data, s).map(char::len_utf8) == Some(i - s)
        })
}

/// `s` in lower case, if it fits in `buf`.
fn lower<'b>(s: &[u8], buf: &'b mut [u8; 256]) -> Option<&'b str> {
    let out = buf.get_mut(..s.len())?;
    for (o, &b) in out.iter_mut().zip(s) {
        *o = b.to_ascii_lowercase();
    }
    std::str::from_utf8(out).ok()
}

/// Reports every address in `data`, in order.
pub(super) fn scan(data: &[u8], out: &mut Tally) {
    let mut done = 0;
    for at in memchr::memchr_iter(b'@', data) {
        if at < done {
            continue;
        }
        if let Some((start, end)) = address_at(data, at, done) {
            out.add(Hit {
                kind: Kind::Email,
                start,
                end,
            });
            done = end;
        }
    }
}

/// The address around the `@` at `at`, if there is one; it may not start before `floor`.
fn address_at(data: &[u8], at: usize, floor: usize) -> Option<(usize, usize)> {
    let start = local_start(data, at, floor)?;
    let end = domain_end(data, at + 1)?;
    let mut b1 = [0u8; 256];
    let mut b2 = [0u8; 256];
    let local = lower(&data[start..at], &mut b1)?;
    let domain = lower(&data[at + 1..end], &mut b2)?;
    (personal_local(local) && personal_domain(domain) && !in_url(data, start))
        .then_some((start, end))
}

/// Where the local part before the `@` at `at` starts.
fn local_start(data: &[u8], at: usize, floor: usize) -> Option<usize> {
    let mut s = at;
    while s > floor && at - s <= MAX_LOCAL && is_local_char(data[s - 1]) {
        s -= 1;
    }
    if at - s > MAX_LOCAL {
        return None;
    }
    // `\nname@` or `\u003cname@` in a JSON string: the scan stopped at the backslash,
    // and the rest of the escape is not part of the address.
    if let Some(n) = s.checked_sub(1).and_then(|b| escape_len(data, b)) {
        s = (s - 1 + n).min(at);
    }
    // `josé.ng@` is not `.ng@`.
    if latin_letter_before(data, s) {
        return None;
    }
    // Leading dots, dashes and pluses are punctuation around the address.
    while s < at && !data[s].is_ascii_alphanumeric() && data[s] != b'_' {
        s += 1;
    }
    let local = &data[s..at];
    if local.is_empty() || local.ends_with(b".") || local.windows(2).any(|w| w == b"..") {
        return None;
    }
    // Quoted-printable, URL-encoded or otherwise mangled text is not an address.
    if local.contains(&b'%') {
        return None;
    }
    Some(s)
}

/// Where the domain that starts at `from` ends, if it is a valid host name with a
/// top-level domain of letters.
fn domain_end(data: &[u8], from: usize) -> Option<usize> {
    let mut e = from;
    while e < data.len() && e - from <= MAX_DOMAIN && is_domain_char(data[e]) {
        e += 1;
    }
    // A sentence's full stop, or a dash after the address, is not part of it.
    while e > from && matches!(data[e - 1], b'.' | b'-') {
        e -= 1;
    }
    let domain = &data[from..e];
    if domain.is_empty() || domain.len() > MAX_DOMAIN {
        return None;
    }
    // Something glued on after the domain (`a@b.com@c`, `a@b.com_x`, `a@b.cÖm`) makes
    // this something else.
    if let Some(&n) = data.get(e) {
        if n == b'@' || n == b'_' || latin_letter_at(data, e) {
            return None;
        }
        if matches!(n, b'.' | b'-') && data.get(e + 1).is_some_and(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
    }
    let mut labels = 0;
    let mut tld: &[u8] = &[];
    for label in domain.split(|&b| b == b'.') {
        if label.is_empty()
            || label.len() > MAX_LABEL
            || label.starts_with(b"-")
            || label.ends_with(b"-")
        {
            return None;
        }
        labels += 1;
        tld = label;
    }
    let tld_ok = (2..=MAX_TLD).contains(&tld.len()) && tld.iter().all(u8::is_ascii_alphabetic);
    (labels >= 2 && tld_ok).then_some(e)
}

fn personal_local(local: &str) -> bool {
    !NOT_PERSONAL.contains(&local) && !NO_REPLY.iter().any(|p| local.starts_with(p))
}

fn personal_domain(domain: &str) -> bool {
    let tld = domain.rsplit('.').next().unwrap_or(domain);
    // Reserved names (`.example`, `.test`, `.invalid`, `.localhost`) and local ones
    // (`.local`, `.internal`) are not delegated, so the list leaves them out.
    if !tlds::known(tld) || FILE_EXTENSIONS.contains(&tld) {
        return false;
    }
    let under = |d: &str| {
        domain == d
            || domain
                .strip_suffix(d)
                .is_some_and(|rest| rest.ends_with('.'))
    };
    if PLACEHOLDER_DOMAINS.iter().any(|d| under(d)) {
        return false;
    }
    !domain.split('.').any(|label| NO_REPLY.contains(&label))
}

/// True when the address at `start` is the `user:password@host` or `user@host` part of
/// a URL (`https://u:p@host/`, `ssh://git@host`), not `mailto:`.
fn in_url(data: &[u8], start: usize) -> bool {
    if start == 0 || !matches!(data[start - 1], b':' | b'/') {
        return false;
    }
    // Walk back over the rest of the token looking for `://`.
    let mut i = start - 1;
    let floor = start.saturating_sub(256);
    while i > floor {
        let b = data[i - 1];
        if b.is_ascii_whitespace()
            || matches!(b, b'"' | b'\'' | b'<' | b'>' | b',' | b'(' | b'[' | b'=')
        {
            break;
        }
        if b == b':' && data.get(i..i + 2) == Some(b"//") {
            // Userinfo comes before the host; after a `/` the address is in the path
            // (`https://host/users/jane@acme.io`).
            return data
                .get(i + 2..start)
                .is_some_and(|between| !between.contains(&b'/'));
        }
        i -= 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{found, found_bytes, none, one};
    use super::super::Kind::Email;

    #[test]
    fn positives() {
        one(
            "id,email\n1,jane.doe@acme-corp.io\n",
            Email,
            "jane.doe@acme-corp.io",
        );
        one(
            "<kim.lee+news@mail.acme-corp.co.uk>",
            Email,
            "kim.lee+news@mail.acme-corp.co.uk",
        );
        one("mailto:o_brien@acme-corp.io", Email, "o_brien@acme-corp.io");
        one(
            "contact: j-m.ng@acme-corp.io.",
            Email,
            "j-m.ng@acme-corp.io",
        );
        one("\"email\":\"12345678@qq.com\"", Email, "12345678@qq.com");
        one("email:ana@acme-corp.io", Email, "ana@acme-corp.io");
        one("(ana@acme-corp.io)", Email, "ana@acme-corp.io");
        one("From: Ana <ana@acme-corp.io>", Email, "ana@acme-corp.io");
        one("--ana@acme-corp.io", Email, "ana@acme-corp.io");
        one(
            "https://crm.acme-corp.io/people/ana@acme-corp.io",
            Email,
            "ana@acme-corp.io",
        );
        one(
            "https://crm.acme-corp.io/find?email=ana@acme-corp.io",
            Email,
            "ana@acme-corp.io",
        );
        one("ana@acme-corp.rs", Email, "ana@acme-corp.rs");
        one("\\u003cana@acme-corp.io\\u003e", Email, "ana@acme-corp.io");
        assert_eq!(
            found("a@acme-corp.io,b@acme-corp.io b@acme-corp.io", Email).len(),
            3
        );
    }

    #[test]
    fn reserved_and_placeholder_domains() {
        none("jane@example.com", Email);
        none("jane@EXAMPLE.ORG", Email);
        none("jane@mail.example.net", Email);
        none("jane@acme.example", Email);
        none("jane@acme.test", Email);
        none("jane@acme.invalid", Email);
        none("jane@host.localhost", Email);
        none("jane@localhost", Email);
        none("jane@printer.local", Email);
        none("jane@domain.com", Email);
        none("jane@yourcompany.com", Email);
        one("jane@notexample.com", Email, "jane@notexample.com");
    }

    #[test]
    fn system_and_placeholder_mailboxes() {
        none("noreply@acme-corp.io", Email);
        none("no-reply@acme-corp.io", Email);
        none("DoNotReply@acme-corp.io", Email);
        none("noreply+alerts@acme-corp.io", Email);
        none("12345+jane@users.noreply.github.com", Email);
        none("git@github.com:org/repo.git", Email);
        none("user@acme-corp.io", Email);
        none("firstname.lastname@acme-corp.io", Email);
        none("mailer-daemon@acme-corp.io", Email);
        none("ec2-user@ec2-3-80-1-2.compute-1.amazonaws.com", Email);
        none("ubuntu@ip-10-0-0-1.ec2.internal", Email);
        none(
            "kex: ssh-ed25519-cert-v01@openssh.com,curve25519-sha256@libssh.org",
            Email,
        );
    }

    #[test]
    fn things_that_are_not_addresses() {
        for text in [
            "logo@2x.png",
            "icon@3x.JPG",
            "bundle@1.0.min.js",
            "lodash@4.17.21",
            "@types/node",
            "image@sha256:abcdef",
            "user@host",
            "a@b.c",
            "jane@acme-corp.io@x",
            "jane@acme-corp.io_old",
            "jane@acme-corp.i0",
            "y = X@self.weights",
            "a@b.qux",
            "release@v2.zip",
            "jane@acme-corp.internal",
            "jane@-acme.io",
            "jane@acme..io",
            "jane.@acme-corp.io",
            "ja..ne@acme-corp.io",
            "https://ana:s3cret@db.acme-corp.io/x",
            "ssh://deploy@build.acme-corp.io/repo",
            "https://ana@db.acme-corp.io/x",
            "jane%40acme-corp.io",
            "a%20jane@acme-corp.io",
            "@",
            "@@@@",
            "jane@",
            "@acme-corp.io",
        ] {
            assert!(found(text, Email).is_empty(), "{text}");
        }
        let long_local = format!("{}@acme-corp.io", "a".repeat(65));
        none(&long_local, Email);
        let ok_local = format!("{}@acme-corp.io", "a".repeat(64));
        assert_eq!(found(&ok_local, Email).len(), 1);
    }

    #[test]
    fn bytes() {
        assert_eq!(
            found_bytes(b"\xffjane@acme-corp.io\xfe", Email),
            ["jane@acme-corp.io"]
        );
        assert!(found_bytes(b"jos\xc3\xa9@acme-corp.io", Email).is_empty());
        assert!(found_bytes(b"jos\xc3\xa9.ng@acme-corp.io", Email).is_empty());
        assert!(found_bytes(b"jane@acm\xc3\xa9.io", Email).is_empty());
        assert!(found_bytes(b"jane@acme-corp.io\xc3\xa9", Email).is_empty());
        // CJK text runs straight into addresses; the full stop is U+3002.
        let cjk = "\u{90ae}\u{7bb1}jane@acme-corp.io\u{3002}";
        assert_eq!(found(cjk, Email), ["jane@acme-corp.io"]);
        assert_eq!(
            found_bytes(b"\x80jane@acme-corp.io\x80", Email),
            ["jane@acme-corp.io"]
        );
    }
}
