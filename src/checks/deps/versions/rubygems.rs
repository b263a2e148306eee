//! RubyGems versions (`Gem::Version`).
//!
//! The rules, as RubyGems documents and implements them:
//! - A version is digits, then `.`-separated alphanumeric parts, optionally followed by
//!   `-` and `.`-separated parts of `[0-9A-Za-z-]` (`1.2.3`, `1.0.a`, `2.0.0.rc1`,
//!   `1.0-beta`); surrounding whitespace is allowed.
//! - Every `-` is read as `.pre.` (`1.0-1` is a pre-release of 1.0).
//! - Segments are the runs of digits and the runs of letters (`2.0.0.rc1` is
//!   `[2, 0, 0, "rc", 1]`); any letter makes the version a pre-release.
//! - Trailing zeros are insignificant, both of the leading numeric part and of the part
//!   from the first letter segment on (`1.0.0 == 1`, `1.0.a == 1.a`).
//! - Segments compare pairwise, a missing one counting as 0: numbers numerically, strings
//!   bytewise, and a string is below any number (`1.0.a < 1.0 < 1.0.1`).

use std::cmp::Ordering;

use super::cmp_digits;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Seg {
    /// Digits with leading zeros removed ("" is zero).
    Num(String),
    Str(String),
}

impl Seg {
    fn is_zero(&self) -> bool {
        matches!(self, Seg::Num(n) if n.is_empty())
    }
}

fn valid(s: &str) -> bool {
    let (main, pre) = match s.split_once('-') {
        Some((main, pre)) => (main, Some(pre)),
        None => (s, None),
    };
    let mut parts = main.split('.');
    match parts.next() {
        Some(first) if super::is_digits(first) => {}
        _ => return false,
    }
    if !parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric())) {
        return false;
    }
    match pre {
        None => true,
        Some(pre) => pre
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')),
    }
}

/// The canonical segments of a gem version, or None when it is not one.
fn parse(v: &str) -> Option<Vec<Seg>> {
    let s = v.trim();
    if !valid(s) {
        return None;
    }
    let s = s.replace('-', ".pre.");
    let mut segs = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        if bytes[i].is_ascii_digit() {
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let digits = s.get(start..i)?.trim_start_matches('0');
            segs.push(Seg::Num(digits.to_string()));
        } else if bytes[i].is_ascii_alphabetic() {
            while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            segs.push(Seg::Str(s.get(start..i)?.to_string()));
        } else {
            i += 1;
        }
    }
    // Drop trailing zeros of the numeric part and of the rest, separately.
    let split = segs
        .iter()
        .position(|s| matches!(s, Seg::Str(_)))
        .unwrap_or(segs.len());
    let mut rest = segs.split_off(split);
    while segs.last().is_some_and(Seg::is_zero) {
        segs.pop();
    }
    while rest.last().is_some_and(Seg::is_zero) {
        rest.pop();
    }
    segs.extend(rest);
    Some(segs)
}

/// Whether `v` is a gem version.
pub fn parses(v: &str) -> bool {
    parse(v).is_some()
}

/// Whether `v` is a gem pre-release (it contains a letter); None when it does not parse.
pub fn is_prerelease(v: &str) -> Option<bool> {
    parse(v)?;
    Some(v.bytes().any(|b| b.is_ascii_alphabetic()) || v.contains('-'))
}

/// Orders two gem versions; None when either does not parse.
pub fn compare(a: &str, b: &str) -> Option<Ordering> {
    let a = parse(a)?;
    let b = parse(b)?;
    let zero = Seg::Num(String::new());
    for i in 0..a.len().max(b.len()) {
        let l = a.get(i).unwrap_or(&zero);
        let r = b.get(i).unwrap_or(&zero);
        let ord = match (l, r) {
            (Seg::Num(x), Seg::Num(y)) => cmp_digits(x, y),
            (Seg::Str(x), Seg::Str(y)) => x.as_bytes().cmp(y.as_bytes()),
            (Seg::Str(_), Seg::Num(_)) => Ordering::Less,
            (Seg::Num(_), Seg::Str(_)) => Ordering::Greater,
        };
        if ord != Ordering::Equal {
            return Some(ord);
        }
    }
    Some(Ordering::Equal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lt(a: &str, b: &str) {
        assert_eq!(compare(a, b), Some(Ordering::Less), "{a} < {b}");
        assert_eq!(compare(b, a), Some(Ordering::Greater), "{b} > {a}");
    }

    fn eq(a: &str, b: &str) {
        assert_eq!(compare(a, b), Some(Ordering::Equal), "{a} == {b}");
    }

    #[test]
    fn trailing_zeros_are_insignificant() {
        eq("1.0.0", "1");
        eq("1.0", "1.0.0.0");
        eq("1.0.a", "1.a");
        eq("1.0.a.0", "1.a");
        eq("1.01", "1.1");
        lt("1.0", "1.0.1");
    }

    #[test]
    fn letters_make_prereleases() {
        lt("1.0.a", "1.0");
        lt("1.0.a", "1.0.b");
        lt("1.0.a1", "1.0.a2");
        lt("1.0.a2", "1.0.a10");
        lt("1.0.0.rc1", "1.0.0");
        lt("1.0.0.beta", "1.0.0.rc1");
        lt("1.0.0.alpha", "1.0.0.beta");
        lt("0.9", "1.0.a");
        lt("1.0", "1.0.0.1");
        eq("1.0.0.rc1", "1.0.0rc1");
        eq("1.0.rc.1", "1.0.rc1");
        assert_eq!(is_prerelease("1.0.a"), Some(true));
        assert_eq!(is_prerelease("1.0"), Some(false));
        assert_eq!(is_prerelease("x"), None);
    }

    #[test]
    fn hyphen_means_pre() {
        eq("1.0-beta", "1.0.pre.beta");
        lt("1.0-1", "1.0");
        lt("1.0-beta", "1.0");
        lt("0.9", "1.0-beta");
    }

    #[test]
    fn strings_compare_bytewise_and_below_numbers() {
        lt("1.0.RC1", "1.0.alpha");
        lt("1.a", "1.0.1");
        lt("2.0.0.pre", "2.0.0.pre.1");
    }

    #[test]
    fn whitespace_and_invalid() {
        eq(" 1.2.3 ", "1.2.3");
        for bad in [
            "", "a", "1a", ".1", "1.", "1..2", "1.0-", "1.0 beta", "v1.0", "1.0_1",
        ] {
            assert!(!parses(bad), "{bad:?} parsed");
        }
        assert!(parses("1.0-beta-2"));
        assert!(parses("2.0.0.rc1"));
        assert!(parses("99999999999999999999999999.1"));
        lt("9999999999999999999999999", "99999999999999999999999999");
    }
}
