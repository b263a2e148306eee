//! Packagist versions, as Composer normalises and compares them.
//!
//! Normalisation (Composer's version parser):
//! - surrounding whitespace and a leading `v`/`V` are dropped;
//! - one to four (or more) numeric parts, missing ones being 0 (`1.2` is `1.2.0.0`);
//! - an optional stability suffix, introduced by nothing or by `.`, `-`, `_`:
//!   `stable`, `alpha`/`a`, `beta`/`b`, `RC`/`rc`, `patch`/`pl`/`p` (case-insensitive),
//!   optionally numbered (`-beta2`, `-RC.1`), optionally followed by `-dev`; a lone `-dev`
//!   is a development snapshot of that release;
//! - branch aliases `1.x-dev` / `1.2.x-dev` stand for `1.9999999.9999999.9999999-dev`.
//!
//! Ordering (PHP's `version_compare` on normalised versions, which is what Composer uses):
//! `dev < alpha < beta < RC < stable < patch`, so `1.0.0-dev < 1.0.0-alpha1 < 1.0.0-beta1 <
//! 1.0.0-RC1 < 1.0.0 < 1.0.0-patch1`, and `1.0.0-beta2-dev < 1.0.0-beta2`.
//!
//! Branch names (`dev-main`, `dev-feature/x`) are not versions and do not parse.

use std::cmp::Ordering;

use super::{cmp_digits, is_digits};

/// One token of a normalised version, in PHP `version_compare` terms.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Num(String),
    /// A special form with its PHP rank: dev 0, alpha 1, beta 2, RC 3, patch 5.
    /// (Numbers rank 4 against special forms.)
    Special(u8),
}

const DEV: u8 = 0;
const ALPHA: u8 = 1;
const BETA: u8 = 2;
const RC: u8 = 3;
const NUMBER: u8 = 4;
const PATCH: u8 = 5;
const BRANCH_ALIAS: &str = "9999999";

fn stability_rank(word: &str) -> Option<Option<u8>> {
    // Some(None) = stable (no suffix).
    Some(match word.to_ascii_lowercase().as_str() {
        "stable" => None,
        "alpha" | "a" => Some(ALPHA),
        "beta" | "b" => Some(BETA),
        "rc" => Some(RC),
        "patch" | "pl" | "p" => Some(PATCH),
        _ => return None,
    })
}

fn parse(v: &str) -> Option<Vec<Tok>> {
    let s = v.trim();
    let s = s.strip_prefix(['v', 'V']).unwrap_or(s);
    if s.is_empty() {
        return None;
    }
    let lower = s.to_ascii_lowercase();

    // Branch alias: 1.x-dev, 1.2.x-dev, 1.2.*-dev.
    if let Some(base) = lower
        .strip_suffix("-dev")
        .or_else(|| lower.strip_suffix(".dev"))
    {
        let parts: Vec<&str> = base.split('.').collect();
        if parts.len() <= 4
            && parts.last().is_some_and(|p| *p == "x" || *p == "*")
            && parts[..parts.len() - 1].iter().all(|p| is_digits(p))
            && parts.len() > 1
        {
            let mut toks: Vec<Tok> = parts[..parts.len() - 1]
                .iter()
                .map(|p| Tok::Num(p.trim_start_matches('0').to_string()))
                .collect();
            while toks.len() < 4 {
                toks.push(Tok::Num(BRANCH_ALIAS.to_string()));
            }
            toks.push(Tok::Special(DEV));
            return Some(toks);
        }
    }

    // Numeric release parts.
    let bytes = lower.as_bytes();
    let mut i = 0;
    let mut toks = Vec::new();
    loop {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
        toks.push(Tok::Num(
            lower.get(start..i)?.trim_start_matches('0').to_string(),
        ));
        // Another numeric part only after a '.' followed by a digit.
        if i + 1 < bytes.len() && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
            i += 1;
            continue;
        }
        break;
    }
    while toks.len() < 4 {
        toks.push(Tok::Num(String::new()));
    }

    // Modifier: [._-]?(stability)((?:[.-]?\d+)*)?([.-]?dev)?
    let mut rest = lower.get(i..)?;
    if rest.is_empty() {
        return Some(toks);
    }
    if let Some(r) = rest.strip_prefix(['.', '-', '_']) {
        rest = r;
    }
    let word_len = rest.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
    let word = rest.get(..word_len)?;
    rest = rest.get(word_len..)?;
    if word == "dev" && rest.is_empty() {
        toks.push(Tok::Special(DEV));
        return Some(toks);
    }
    let rank = stability_rank(word)?;
    let mut numbers = Vec::new();
    loop {
        let r = rest.strip_prefix(['.', '-']).unwrap_or(rest);
        let n = r.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            break;
        }
        numbers.push(Tok::Num(r.get(..n)?.trim_start_matches('0').to_string()));
        rest = r.get(n..)?;
    }
    let dev = match rest {
        "" => false,
        ".dev" | "-dev" | "dev" => true,
        _ => return None,
    };
    if let Some(rank) = rank {
        toks.push(Tok::Special(rank));
        toks.extend(numbers);
    } else if !numbers.is_empty() {
        // `stable2` is not a version.
        return None;
    }
    if dev {
        toks.push(Tok::Special(DEV));
    }
    Some(toks)
}

/// Whether `v` is a Composer version (branch names such as `dev-main` are not).
pub fn parses(v: &str) -> bool {
    parse(v).is_some()
}

fn rank(t: &Tok) -> u8 {
    match t {
        Tok::Num(_) => NUMBER,
        Tok::Special(r) => *r,
    }
}

/// Orders two Composer versions; None when either does not parse.
pub fn compare(a: &str, b: &str) -> Option<Ordering> {
    let a = parse(a)?;
    let b = parse(b)?;
    for (l, r) in a.iter().zip(b.iter()) {
        let ord = match (l, r) {
            (Tok::Num(x), Tok::Num(y)) => cmp_digits(x, y),
            _ => rank(l).cmp(&rank(r)),
        };
        if ord != Ordering::Equal {
            return Some(ord);
        }
    }
    // PHP: when one side has parts left, a number there makes it greater, a special form
    // compares against a number.
    Some(match a.len().cmp(&b.len()) {
        Ordering::Equal => Ordering::Equal,
        Ordering::Greater => rank(&a[b.len()]).cmp(&NUMBER).then(Ordering::Greater),
        Ordering::Less => NUMBER.cmp(&rank(&b[a.len()])).then(Ordering::Less),
    })
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
    fn v_prefix_and_padding() {
        eq("v1.0.0", "1.0.0");
        eq("V2.3", "2.3.0.0");
        eq("1", "1.0.0.0");
        lt("1.0.0", "1.0.0.1");
        lt("1.2.3.4", "1.2.3.5");
        lt("1.9", "1.10");
        eq(" 1.0.0 ", "1.0.0");
    }

    #[test]
    fn stability_order() {
        let ordered = [
            "1.0.0-dev",
            "1.0.0-alpha1",
            "1.0.0-alpha2",
            "1.0.0-beta1",
            "1.0.0-beta2-dev",
            "1.0.0-beta2",
            "1.0.0-beta10",
            "1.0.0-RC1",
            "1.0.0-RC2",
            "1.0.0",
            "1.0.0-patch1",
            "1.0.0-p2",
            "1.0.1-dev",
            "1.0.1",
        ];
        for w in ordered.windows(2) {
            lt(w[0], w[1]);
        }
    }

    #[test]
    fn stability_spellings() {
        eq("1.0.0-a1", "1.0.0-alpha1");
        eq("1.0.0b2", "1.0.0-beta2");
        eq("1.0.0.RC1", "1.0.0-rc1");
        eq("1.0.0-rc.1", "1.0.0-RC1");
        eq("1.0.0-pl1", "1.0.0-patch1");
        eq("1.0.0-stable", "1.0.0");
        eq("1.0.0_beta1", "1.0.0-beta1");
        lt("1.0.0-beta.1", "1.0.0-beta.1.1");
    }

    #[test]
    fn branches() {
        assert!(!parses("dev-main"));
        assert!(!parses("dev-master"));
        assert!(parses("2.x-dev"));
        lt("2.5.0", "2.x-dev");
        lt("2.x-dev", "3.0.0");
        lt("2.1.x-dev", "2.2.0");
    }

    #[test]
    fn invalid() {
        for bad in [
            "",
            "v",
            "abc",
            "1.0.0-foo",
            "1.0.0-beta1-foo",
            "1.0.0-stable2",
            "^1.0",
            "1.0.*",
        ] {
            assert!(!parses(bad), "{bad:?} parsed");
        }
        assert!(parses("99999999999999999999999999.0"));
    }
}
