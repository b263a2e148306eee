//! Checks for the `format` keyword.

use std::net::Ipv6Addr;

/// The formats that are asserted; others are ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    DateTime,
    Date,
    Time,
    Email,
    Hostname,
    Ipv4,
    Ipv6,
    Uri,
    UriReference,
    Uuid,
    Regex,
    JsonPointer,
    Duration,
}

impl Format {
    pub(crate) fn from_name(name: &str) -> Option<Format> {
        Some(match name {
            "date-time" => Format::DateTime,
            "date" => Format::Date,
            "time" => Format::Time,
            "email" => Format::Email,
            "hostname" => Format::Hostname,
            "ipv4" => Format::Ipv4,
            "ipv6" => Format::Ipv6,
            "uri" => Format::Uri,
            "uri-reference" => Format::UriReference,
            "uuid" => Format::Uuid,
            "regex" => Format::Regex,
            "json-pointer" => Format::JsonPointer,
            "duration" => Format::Duration,
            _ => return None,
        })
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::DateTime => "date-time",
            Format::Date => "date",
            Format::Time => "time",
            Format::Email => "email",
            Format::Hostname => "hostname",
            Format::Ipv4 => "ipv4",
            Format::Ipv6 => "ipv6",
            Format::Uri => "uri",
            Format::UriReference => "uri-reference",
            Format::Uuid => "uuid",
            Format::Regex => "regex",
            Format::JsonPointer => "json-pointer",
            Format::Duration => "duration",
        }
    }

    pub(crate) fn check(self, s: &str) -> bool {
        match self {
            Format::DateTime => date_time(s),
            Format::Date => date(s),
            Format::Time => time(s).is_some(),
            Format::Email => email(s),
            Format::Hostname => hostname(s),
            Format::Ipv4 => ipv4(s),
            Format::Ipv6 => s.parse::<Ipv6Addr>().is_ok(),
            Format::Uri => uri(s, true),
            Format::UriReference => uri(s, false),
            Format::Uuid => uuid(s),
            Format::Regex => !matches!(
                super::pattern::compile(s),
                Err(super::pattern::PatternError::Invalid(_))
            ),
            Format::JsonPointer => json_pointer(s),
            Format::Duration => duration(s),
        }
    }
}

fn digits(s: &str, n: usize) -> Option<u32> {
    if s.len() != n || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn date(s: &str) -> bool {
    if s.len() != 10 || s.as_bytes()[4] != b'-' || s.as_bytes()[7] != b'-' {
        return false;
    }
    let (Some(y), Some(m), Some(d)) = (digits(&s[..4], 4), digits(&s[5..7], 2), digits(&s[8..], 2))
    else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let max = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=max).contains(&d)
}

/// Parses an RFC 3339 full-time; returns the UTC (hour, minute, second).
fn time(s: &str) -> Option<(i32, i32, u32)> {
    let b = s.as_bytes();
    if b.len() < 9 || b[2] != b':' || b[5] != b':' || !s.is_ascii() {
        return None;
    }
    let h = digits(&s[..2], 2)? as i32;
    let m = digits(&s[3..5], 2)? as i32;
    let sec = digits(&s[6..8], 2)?;
    let mut rest = &s[8..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        rest = &frac[n..];
    }
    let (oh, om) = if rest.eq_ignore_ascii_case("z") {
        (0, 0)
    } else {
        let rb = rest.as_bytes();
        if rb.len() != 6 || !(rb[0] == b'+' || rb[0] == b'-') || rb[3] != b':' {
            return None;
        }
        let oh = digits(&rest[1..3], 2)? as i32;
        let om = digits(&rest[4..6], 2)? as i32;
        if oh > 23 || om > 59 {
            return None;
        }
        if rb[0] == b'-' {
            (-oh, -om)
        } else {
            (oh, om)
        }
    };
    if h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let total = (h * 60 + m - (oh * 60 + om)).rem_euclid(24 * 60);
    let (uh, um) = (total / 60, total % 60);
    if sec == 60 && !(uh == 23 && um == 59) {
        return None;
    }
    Some((uh, um, sec))
}

fn date_time(s: &str) -> bool {
    if s.len() < 11 || !s.is_ascii() {
        return false;
    }
    let sep = s.as_bytes()[10];
    (sep == b'T' || sep == b't') && date(&s[..10]) && time(&s[11..]).is_some()
}

fn hostname(s: &str) -> bool {
    let s = s.strip_suffix('.').unwrap_or(s);
    if s.is_empty() || s.len() > 253 {
        return false;
    }
    s.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    })
}

fn ipv4(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|b| b.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
                && p.parse::<u16>().is_ok_and(|v| v <= 255)
        })
}

fn email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    let local_ok = if local.len() >= 2 && local.starts_with('"') && local.ends_with('"') {
        true
    } else {
        !local.is_empty()
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c))
    };
    let domain_ok = if let Some(lit) = domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        ipv4(lit)
            || lit
                .strip_prefix("IPv6:")
                .is_some_and(|v6| v6.parse::<Ipv6Addr>().is_ok())
    } else {
        hostname(domain)
    };
    local_ok && domain_ok
}

fn uri_chars_ok(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'%' {
            if i + 2 >= b.len() {
                return false;
            }
            if !(b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit()) {
                return false;
            }
            i += 3;
            continue;
        }
        if c.is_ascii_control() || c == b' ' || b"<>\"{}|\\^`".contains(&c) {
            return false;
        }
        if c >= 0x80 {
            // IRIs are not URIs.
            return false;
        }
        i += 1;
    }
    true
}

fn uri(s: &str, require_scheme: bool) -> bool {
    if !uri_chars_ok(s) {
        return false;
    }
    let scheme_end = s.find(':');
    let has_scheme = scheme_end.is_some_and(|p| {
        let sc = &s[..p];
        let first_slash = s.find(['/', '?', '#']).unwrap_or(usize::MAX);
        p < first_slash
            && sc.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && sc
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if require_scheme && !has_scheme {
        return false;
    }
    if s.matches('#').count() > 1 {
        return false;
    }
    let rest = if has_scheme {
        &s[scheme_end.unwrap_or(0) + 1..]
    } else {
        s
    };
    if let Some(auth) = rest.strip_prefix("//") {
        let end = auth.find(['/', '?', '#']).unwrap_or(auth.len());
        let authority = &auth[..end];
        let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        if host_port.starts_with('[') {
            if !host_port.contains(']') {
                return false;
            }
        } else if let Some((_, port)) = host_port.rsplit_once(':') {
            if !port.bytes().all(|b| b.is_ascii_digit()) {
                return false;
            }
        }
    }
    true
}

fn uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                b == b'-'
            } else {
                b.is_ascii_hexdigit()
            }
        })
}

fn json_pointer(s: &str) -> bool {
    if s.is_empty() {
        return true;
    }
    if !s.starts_with('/') {
        return false;
    }
    let b = s.as_bytes();
    b.iter()
        .enumerate()
        .all(|(i, &c)| c != b'~' || matches!(b.get(i + 1), Some(b'0') | Some(b'1')))
}

fn duration(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('P') else {
        return false;
    };
    if rest.is_empty() {
        return false;
    }
    if let Some(w) = rest.strip_suffix('W') {
        return !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit());
    }
    let (date_part, time_part) = match rest.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    let units_ok = |part: &str, units: &[u8]| -> Option<usize> {
        let mut count = 0;
        let mut next_unit = 0;
        let mut num = 0;
        for b in part.bytes() {
            if b.is_ascii_digit() {
                num += 1;
                continue;
            }
            if num == 0 {
                return None;
            }
            let pos = units[next_unit..].iter().position(|&u| u == b)?;
            next_unit += pos + 1;
            num = 0;
            count += 1;
        }
        (num == 0).then_some(count)
    };
    let Some(dc) = units_ok(date_part, b"YMD") else {
        return false;
    };
    match time_part {
        Some(t) => units_ok(t, b"HMS").is_some_and(|tc| tc > 0),
        None => dc > 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert!(Format::DateTime.check("2024-02-29T12:30:00.5Z"));
        assert!(Format::DateTime.check("1998-12-31T15:59:60-08:00"));
        assert!(!Format::DateTime.check("2023-02-29T12:30:00Z"));
        assert!(!Format::DateTime.check("2024-01-01 12:30:00Z"));
        assert!(Format::Date.check("2020-01-31"));
        assert!(!Format::Date.check("2020-1-31"));
        assert!(Format::Time.check("08:30:06+01:00"));
        assert!(!Format::Time.check("08:30:06"));
        assert!(Format::Email.check("joe.bloggs@example.com"));
        assert!(!Format::Email.check("joe..bloggs@example.com"));
        assert!(Format::Hostname.check("www.example.com"));
        assert!(!Format::Hostname.check("-bad.example.com"));
        assert!(Format::Ipv4.check("192.168.0.1"));
        assert!(!Format::Ipv4.check("192.168.0.01"));
        assert!(!Format::Ipv4.check("256.1.1.1"));
        assert!(Format::Ipv6.check("::1"));
        assert!(!Format::Ipv6.check("12345::"));
        assert!(Format::Uri.check("https://example.com/a?b=c#d"));
        assert!(!Format::Uri.check("/relative/path"));
        assert!(!Format::Uri.check("http://exa mple.com"));
        assert!(Format::UriReference.check("/relative/path#frag"));
        assert!(Format::Uuid.check("2eb8aa08-aa98-11ea-b4aa-73b441d16380"));
        assert!(!Format::Uuid.check("2eb8aa08aa9811eab4aa73b441d16380"));
        assert!(Format::Regex.check("^a(?=b)"));
        assert!(!Format::Regex.check("^(abc"));
        assert!(Format::JsonPointer.check("/a~1b/0"));
        assert!(!Format::JsonPointer.check("/a~2"));
        assert!(Format::Duration.check("P1Y2M3DT4H5M6S"));
        assert!(Format::Duration.check("P4W"));
        assert!(!Format::Duration.check("PT"));
        assert!(!Format::Duration.check("P1D2H"));
    }
}
