//! Maven versions, ordered as Maven's `ComparableVersion` orders them (the "Version Order
//! Specification" of the POM reference).
//!
//! - The version is lowercased and split into items at `.`, at `-`, and at every transition
//!   between digits and letters. A `-` and a transition open a nested list holding the rest
//!   of the version, so `1-1` is `[1, [1]]` and `1.1` is `[1, 1]`; an empty item before a
//!   separator is 0.
//! - A letter item directly followed by digits that is `a`, `b` or `m` means `alpha`,
//!   `beta`, `milestone` (`1-a1` == `1-alpha-1`); `ga`, `final` and `release` mean the empty
//!   qualifier, `cr` means `rc`.
//! - Trailing "null" items (0, the empty qualifier, empty lists) are removed from the end of
//!   every list, so `1.0.0` == `1` == `1.ga` == `1-0`; a list left holding only its nested
//!   list is replaced by it, so `1-ga-1` == `1-1` as the specification's examples say.
//! - Items compare as: numbers numerically; qualifiers
//!   `alpha < beta < milestone < rc (= cr) < snapshot < "" (= ga = final = release) < sp`,
//!   then any other qualifier, alphabetically; a qualifier is below a list, which is below a
//!   number (`1-foo < 1-1 < 1.1`, `1.0-alpha1 < 1.0 < 1.0-sp`); a missing item counts as a
//!   null item (`1-snapshot < 1 < 1-sp`, `1 < 1.1`).
//!
//! Maven 3.9 changed a few corner cases (it reads `1.foo` like `1-foo` and `1.0.0.RC1` like
//! `1.0.0-RC1`); this module follows the long-standing `ComparableVersion` of Maven 3.0–3.8,
//! which agrees with 3.9 on every ordinary version (`1.2.3`, `1.2.3-SNAPSHOT`, `2.0-M1`,
//! `5.3.0.RC1`, `2.2.5.Final`, `31.1-jre`, `9.4.50.v20221201`).

use std::cmp::Ordering;

use super::cmp_digits;

/// Deepest nesting accepted (each `-` or digit/letter transition nests once); a longer
/// version is not a version anyone publishes and would only cost stack.
const MAX_DEPTH: usize = 64;
const MAX_LEN: usize = 512;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Item {
    /// Digits, leading zeros removed ("" is 0).
    Int(String),
    /// A qualifier after aliasing.
    Str(String),
    List(Vec<Item>),
}

const QUALIFIERS: [&str; 7] = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
const RELEASE_INDEX: usize = 5;

impl Item {
    fn string(value: &str, followed_by_digit: bool) -> Item {
        let value = if followed_by_digit && value.len() == 1 {
            match value {
                "a" => "alpha",
                "b" => "beta",
                "m" => "milestone",
                other => other,
            }
        } else {
            value
        };
        let value = match value {
            "ga" | "final" | "release" => "",
            "cr" => "rc",
            other => other,
        };
        Item::Str(value.to_string())
    }

    fn int(digits: &str) -> Item {
        Item::Int(digits.trim_start_matches('0').to_string())
    }

    fn is_null(&self) -> bool {
        match self {
            Item::Int(n) => n.is_empty(),
            Item::Str(s) => s.is_empty(),
            Item::List(l) => l.is_empty(),
        }
    }
}

/// A qualifier's rank: known ones by position, unknown ones after all of them,
/// alphabetically among themselves.
fn qualifier_cmp(a: &str, b: &str) -> Ordering {
    let rank = |q: &str| QUALIFIERS.iter().position(|k| *k == q);
    match (rank(a), rank(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.cmp(b),
    }
}

/// Compares an item with a missing one.
fn cmp_null(item: &Item) -> Ordering {
    match item {
        Item::Int(n) => {
            if n.is_empty() {
                Ordering::Equal
            } else {
                Ordering::Greater
            }
        }
        Item::Str(s) => qualifier_cmp(s, QUALIFIERS[RELEASE_INDEX]),
        // The whole list, not only its first item (MNG-6964): `1-0.foo` is above `1`, as
        // `1-foo` is; judged by the `0` alone it would equal `1`, and the order would not
        // be transitive.
        Item::List(l) => l
            .iter()
            .map(cmp_null)
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal),
    }
}

fn cmp_item(a: &Item, b: &Item) -> Ordering {
    match (a, b) {
        (Item::Int(x), Item::Int(y)) => cmp_digits(x, y),
        (Item::Int(_), _) => Ordering::Greater,
        (Item::Str(_), Item::Int(_) | Item::List(_)) => Ordering::Less,
        (Item::Str(x), Item::Str(y)) => qualifier_cmp(x, y),
        (Item::List(_), Item::Int(_)) => Ordering::Less,
        (Item::List(_), Item::Str(_)) => Ordering::Greater,
        (Item::List(x), Item::List(y)) => cmp_list(x, y),
    }
}

fn cmp_list(a: &[Item], b: &[Item]) -> Ordering {
    for i in 0..a.len().max(b.len()) {
        let ord = match (a.get(i), b.get(i)) {
            (Some(l), Some(r)) => cmp_item(l, r),
            (Some(l), None) => cmp_null(l),
            (None, Some(r)) => cmp_null(r).reverse(),
            (None, None) => Ordering::Equal,
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

/// Removes trailing null items, looking past a non-null nested list (which is always last).
fn normalize(list: &mut Vec<Item>) {
    let mut i = list.len();
    while i > 0 {
        i -= 1;
        if list[i].is_null() {
            list.remove(i);
        } else if !matches!(list[i], Item::List(_)) {
            break;
        }
    }
}

fn parse(v: &str) -> Option<Vec<Item>> {
    let s = v.trim();
    if !s.bytes().any(|b| b.is_ascii_alphanumeric())
        || s.len() > MAX_LEN
        || !s
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'+'))
    {
        return None;
    }
    let s = s.to_ascii_lowercase();
    let bytes = s.as_bytes();

    // The nesting is a chain: each list's nested list is its last item. Build the chain as
    // a vector of levels, then fold it from the innermost level outwards.
    let mut levels: Vec<Vec<Item>> = vec![Vec::new()];
    let mut is_digit = false;
    let mut start = 0;
    for (i, &c) in bytes.iter().enumerate() {
        match c {
            b'.' | b'-' => {
                let item = if i == start {
                    Item::Int(String::new())
                } else if is_digit {
                    Item::int(s.get(start..i)?)
                } else {
                    Item::string(s.get(start..i)?, false)
                };
                levels.last_mut()?.push(item);
                start = i + 1;
                if c == b'-' {
                    levels.push(Vec::new());
                }
            }
            b'0'..=b'9' => {
                if !is_digit && i > start {
                    levels
                        .last_mut()?
                        .push(Item::string(s.get(start..i)?, true));
                    start = i;
                    levels.push(Vec::new());
                }
                is_digit = true;
            }
            _ => {
                if is_digit && i > start {
                    levels.last_mut()?.push(Item::int(s.get(start..i)?));
                    start = i;
                    levels.push(Vec::new());
                }
                is_digit = false;
            }
        }
        if levels.len() > MAX_DEPTH {
            return None;
        }
    }
    if bytes.len() > start {
        let rest = s.get(start..)?;
        let item = if is_digit {
            Item::int(rest)
        } else {
            Item::string(rest, false)
        };
        levels.last_mut()?.push(item);
    }

    let mut inner: Option<Vec<Item>> = None;
    while let Some(mut level) = levels.pop() {
        if let Some(child) = inner.take() {
            level.push(Item::List(child));
        }
        normalize(&mut level);
        // A list left with nothing but its nested list stands for that list: the null
        // items before a hyphen are trimmed "at each remaining hyphen" (`1-ga-1` == `1-1`).
        // (Not the outermost list: `0-1` stays below `1`.)
        if matches!(level.as_slice(), [Item::List(_)]) && !levels.is_empty() {
            if let Some(Item::List(child)) = level.pop() {
                level = child;
            }
        }
        inner = Some(level);
    }
    inner
}

/// Whether `v` is a Maven version. `ComparableVersion` accepts any string; here a version
/// must contain a letter or digit, be made of ASCII letters, digits and `.-_+`, and of sane length, so that
/// an unresolved `${revision}` is reported as unparseable rather than ordered.
pub fn parses(v: &str) -> bool {
    parse(v).is_some()
}

/// Orders two Maven versions; None when either does not parse.
pub fn compare(a: &str, b: &str) -> Option<Ordering> {
    Some(cmp_list(&parse(a)?, &parse(b)?))
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

    fn ascending(list: &[&str]) {
        for (i, a) in list.iter().enumerate() {
            for b in &list[i + 1..] {
                lt(a, b);
            }
        }
    }

    #[test]
    fn qualifier_order() {
        ascending(&[
            "1-alpha2snapshot",
            "1-alpha2",
            "1-alpha-123",
            "1-beta-2",
            "1-beta123",
            "1-m2",
            "1-m11",
            "1-rc",
            "1-cr2",
            "1-rc123",
            "1-SNAPSHOT",
            "1",
            "1-sp",
            "1-sp2",
            "1-sp123",
            "1-abc",
            "1-def",
            "1-pom-1",
            "1-1-snapshot",
            "1-1",
            "1-2",
            "1-123",
        ]);
    }

    #[test]
    fn number_order() {
        ascending(&[
            "2.0", "2-1", "2.0.a", "2.0.0.a", "2.0.2", "2.0.123", "2.1.0", "2.1-a", "2.1b",
            "2.1-c", "2.1-1", "2.1.0.1", "2.2", "2.123", "11.a2", "11.a11", "11.b2", "11.b11",
            "11.m2", "11.m11", "11", "11.a", "11b", "11c", "11m",
        ]);
    }

    #[test]
    fn documented_examples() {
        lt("1", "1.1");
        lt("1-snapshot", "1");
        lt("1", "1-sp");
        lt("1-foo2", "1-foo10");
        lt("1-foo", "1-1");
        lt("1-1", "1.1");
        for v in [
            "1.ga",
            "1-ga",
            "1-0",
            "1.0",
            "1.0.0",
            "1.final",
            "1.",
            "1-",
            "1.0.0-0.0.0",
        ] {
            eq(v, "1");
        }
        lt("1-ga", "1-sp");
        lt("1-ga.1", "1-sp.1");
        lt("1-sp-1", "1-ga-1");
        eq("1-ga-1", "1-1");
        eq("1-a1", "1-alpha-1");
        eq("1.0.0-foo.0.0", "1-foo");
        eq("1.0-1", "1-1");
        lt("0-1", "1");
        lt("1-0-1", "1-1-1");
        eq("1-1.foo-bar1baz-.1", "1-1.foo-bar-1-baz-0.1");
    }

    #[test]
    fn common_real_versions() {
        lt("1.0-alpha1", "1.0");
        lt("1.0-alpha1", "1.0-beta1");
        lt("1.0-beta1", "1.0-M1");
        lt("1.0-M1", "1.0-RC1");
        eq("1.0-RC1", "1.0-cr1");
        lt("1.0-RC1", "1.0-SNAPSHOT");
        lt("1.0-SNAPSHOT", "1.0");
        lt("5.3.0.RC1", "5.3.0");
        lt("5.3.0-RC1", "5.3.0");
        eq("2.2.5.Final", "2.2.5");
        lt("2.2.5.Final", "2.2.5.SP1");
        lt("2.2.5.SP1", "2.2.6.Final");
        eq("1.0.RELEASE", "1.0");
        lt("31.0-jre", "31.1-jre");
        lt("31.1-android", "31.1-jre");
        lt("9.4.50.v20221201", "9.4.51.v20230217");
        lt("2.13.4", "2.13.4.1");
        lt("2.13.4.1", "2.13.5");
        lt("1.9", "1.10");
        eq("1.0.0", "1.0.0.0");
        eq("1.0-ALPHA1", "1.0-alpha1");
        lt("1.2.3", "1.2.3-1");
        lt("1.2.3-1", "1.2.4");
    }

    #[test]
    fn invalid_and_extreme() {
        for bad in ["", "  ", "${revision}", "1.0 beta", "[1.0,2.0)", "1.0/2"] {
            assert!(!parses(bad), "{bad:?} parsed");
        }
        assert!(!parses(&"1-".repeat(200)));
        assert!(!parses(&"1".repeat(1000)));
        assert!(parses("99999999999999999999999999999.1"));
        lt(
            "99999999999999999999999999998",
            "99999999999999999999999999999",
        );
        assert!(!parses("-"));
        assert!(!parses(".-."));
    }

    /// Found by fuzzing (`fuzz/`, target `lockfiles`): a nested list was compared with a
    /// missing item by its first item only, so `T < -.S`, `-.S == 0` and yet `T > 0`.
    #[test]
    fn order_is_transitive_through_nested_lists() {
        let input: &[u8] = b"T\n-.S\n0";
        let text = std::str::from_utf8(input).unwrap();
        let [a, b, c] = text.split('\n').collect::<Vec<_>>()[..] else {
            unreachable!()
        };
        lt(a, b);
        lt(c, b);
        lt(c, a);
        lt("1.0T", "1.-.RELEA-SNAPSHELEASE");
        lt("1-ga", "1.-.RELEA-SNAPSHELEASE");
        lt("1", "1-0.foo");
        lt("1-foo", "1-0.foo");
        lt("1-0.alpha", "1");
        eq("1-0.0", "1");
    }
}
