//! Phone numbers: international (`+` and a country code, E.164 with separators) and North
//! American (`(NXX) NXX-XXXX`, `NXX-NXX-XXXX`, `NXX.NXX.XXXX`, `1-NXX-NXX-XXXX`).
//!
//! A bare run of digits is never a phone: without a `+` it is an id, an amount or a
//! timestamp far more often than a number to call.
use super::text::{before, digits_end, is_word, right_ok};

/// E.164 allows at most 15 digits, country code included.
const MAX_DIGITS: usize = 15;
/// Fewest digits with separators (`+354 512 3456` has 10; small countries go lower).
const MIN_DIGITS: usize = 8;
/// Fewest digits of `+` and a bare run: shorter signed numbers are usually amounts.
const MIN_COMPACT_DIGITS: usize = 10;

/// Three-digit country codes in the 3-digit zones that no country holds (spare or
/// withdrawn), per the ITU list of assigned country codes.
const SPARE_CODES: &[u16] = &[
    210, 214, 215, 217, 219, 259, 292, 293, 294, 295, 296, 384, 388, 422, 424, 425, 426, 427, 428,
    429, 671, 684, 693, 694, 695, 696, 697, 698, 699, 801, 802, 803, 804, 805, 806, 807, 809, 851,
    854, 857, 858, 859, 871, 872, 873, 874, 875, 876, 877, 879, 884, 885, 887, 889, 969, 978, 990,
    997, 999,
];

fn num(d: &[u8]) -> u16 {
    d.iter().fold(0u16, |n, &b| {
        n.wrapping_mul(10)
            .wrapping_add(u16::from(b.wrapping_sub(b'0')))
    })
}

/// True when `d` (the digits after the `+`) starts with an assigned country code.
fn country_code_ok(d: &[u8]) -> bool {
    if d.len() < 3 {
        return false;
    }
    match (d[0], d[1]) {
        (b'0', _) | (b'2', b'8') | (b'8', b'3') | (b'8', b'9') => false,
        _ => !SPARE_CODES.contains(&num(&d[..3])),
    }
}

fn all_same(d: &[u8]) -> bool {
    d.iter().all(|&b| b == d[0])
}

/// The ten digits of a North American number: area code, exchange, line.
pub(super) fn north_american(d: &[u8]) -> bool {
    if d.len() != 10 || !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let (area, exchange, line) = (&d[..3], &d[3..6], &d[6..]);
    // NXX: the first digit of area code and exchange is 2-9; N11 codes are services
    // (411, 911); area codes with a middle 9 are reserved for expansion, and 37X, 96X
    // and 555 are not assigned as area codes.
    let nxx = |x: &[u8]| x[0] >= b'2' && !(x[1] == b'1' && x[2] == b'1');
    if !nxx(area) || !nxx(exchange) || area[1] == b'9' {
        return false;
    }
    if area == b"555" || matches!(&area[..2], b"37" | b"96") {
        return false;
    }
    // 555-0100 to 555-0199 are reserved for fiction.
    if exchange == b"555" && &line[..2] == b"01" {
        return false;
    }
    !all_same(d)
}

/// True when the digits `d` of a `+` number make a plausible E.164 number. `compact`:
/// written without separators.
fn e164_ok(d: &[u8], compact: bool) -> bool {
    let n = d.len();
    if n > MAX_DIGITS || !country_code_ok(d) {
        return false;
    }
    match d[0] {
        b'1' => n == 11 && north_american(&d[1..]),
        // Russia and Kazakhstan: +7 and ten digits.
        b'7' => n == 11 && !all_same(&d[1..]),
        _ => {
            n >= if compact {
                MIN_COMPACT_DIGITS
            } else {
                MIN_DIGITS
            } && !all_same(&d[3..])
        }
    }
}

/// The international number starting at the `+` at `start`, if there is one: returns
/// where it ends.
///
/// Digit groups may be separated by single spaces, dashes or dots, and one group may be
/// in parentheses (`+1 (415) 555-2671`, `+44 (0)20 7946 0321`). Dots must be the only
/// separator and appear at least twice (`+33.1.23.45.67.89`), so that `+12345.67` stays
/// an amount. When groups separated by spaces run on past a valid number (a log line's
/// next field), the longest valid prefix that ends before a space is taken.
pub(super) fn international(data: &[u8], start: usize) -> Option<usize> {
    if let (Some(p), _) = before(data, start) {
        if is_word(p) || matches!(p, b'+' | b'.' | b'@' | b'-' | b'/') {
            return None;
        }
    }
    if !data.get(start + 1)?.is_ascii_digit() {
        return None;
    }
    let mut digits = [0u8; MAX_DIGITS];
    let mut n = 0;
    // Group lengths, for the date check; where the number may end, with the digit and
    // group counts up to there.
    let mut lens = [0usize; 4];
    let mut groups = 0;
    let mut ends: [(usize, usize, usize); 12] = [(0, 0, 0); 12];
    let mut n_ends = 0;
    let (mut dots, mut others, mut paren) = (0, 0, false);
    let mut i = start + 1;
    loop {
        // One group: digits, or digits in parentheses.
        let in_paren = data.get(i) == Some(&b'(');
        let ds = if in_paren { i + 1 } else { i };
        let de = digits_end(data, ds);
        if de == ds || (in_paren && (paren || de - ds > 4 || data.get(de) != Some(&b')'))) {
            break;
        }
        if n + (de - ds) > MAX_DIGITS {
            // Too long to be one number: keep only the ends found so far, and only if
            // a space separates them from the rest.
            break;
        }
        digits[n..n + de - ds].copy_from_slice(&data[ds..de]);
        n += de - ds;
        if let Some(l) = lens.get_mut(groups) {
            *l = de - ds;
        }
        groups += 1;
        paren |= in_paren;
        let end = if in_paren { de + 1 } else { de };
        // What follows: a separator and another group, or the end of the number.
        let sep = data.get(end).copied();
        let next = data.get(end + 1).copied();
        let continues = match sep {
            Some(b' ' | b'-') => next.is_some_and(|b| b.is_ascii_digit() || (b == b'(' && !paren)),
            Some(b'.') => next.is_some_and(|b| b.is_ascii_digit()),
            Some(b'(') => !paren,
            Some(b) if in_paren => b.is_ascii_digit(),
            _ => false,
        };
        if !continues || sep == Some(b' ') {
            if let Some(e) = ends.get_mut(n_ends) {
                *e = (end, n, groups);
                n_ends += 1;
            }
        }
        if !continues {
            break;
        }
        match sep {
            Some(b'.') => dots += 1,
            Some(b' ' | b'-') => others += 1,
            _ => {}
        }
        i = match sep {
            Some(b' ' | b'-' | b'.') => end + 1,
            _ => end,
        };
    }
    if dots > 0 && (others > 0 || paren || dots < 2) {
        return None;
    }
    // 2024-01-15 after a `+` is an (expanded) date, not a phone.
    if groups == 3 && lens[..3] == [4, 2, 2] {
        return None;
    }
    // +4042-07403 or +404251-0740023 is an ISO 6709 latitude and longitude (time zone
    // tables, geodata).
    if groups == 2 && others == 1 && matches!(lens[..2], [4, 5] | [6, 7]) {
        let sep_at = start + 1 + lens[0];
        if data.get(sep_at) == Some(&b'-') {
            return None;
        }
    }
    ends[..n_ends]
        .iter()
        .rev()
        .find(|&&(end, count, groups)| {
            e164_ok(&digits[..count], groups == 1) && right_ok(data, end)
        })
        .map(|&(end, _, _)| end)
}

/// A North American number in the `(NXX) NXX-XXXX` form at the `(` at `start`.
pub(super) fn parenthesized(data: &[u8], start: usize) -> Option<usize> {
    if let (Some(p), _) = before(data, start) {
        if is_word(p) || matches!(p, b'+' | b'.' | b'@') {
            return None;
        }
    }
    let a = start + 1;
    if digits_end(data, a) != a + 3 || data.get(a + 3) != Some(&b')') {
        return None;
    }
    let mut e = a + 4;
    if matches!(data.get(e), Some(b' ' | b'-')) {
        e += 1;
    }
    if digits_end(data, e) != e + 3 {
        return None;
    }
    let sep = *data.get(e + 3)?;
    let l = e + 4;
    if !matches!(sep, b'-' | b'.' | b' ') || digits_end(data, l) != l + 4 {
        return None;
    }
    let end = l + 4;
    if !right_ok(data, end)
        || (sep == b' '
            && data.get(end) == Some(&b' ')
            && data.get(end + 1).is_some_and(u8::is_ascii_digit))
    {
        return None;
    }
    let mut d = [0u8; 10];
    d[..3].copy_from_slice(&data[a..a + 3]);
    d[3..6].copy_from_slice(&data[e..e + 3]);
    d[6..].copy_from_slice(&data[l..end]);
    north_american(&d).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{found, none, one};
    use super::super::Kind::Phone;
    use super::*;

    #[test]
    fn north_american_rules() {
        assert!(north_american(b"4155552671"));
        assert!(!north_american(b"2125550199"));
        assert!(!north_american(b"2125550100"));
        assert!(north_american(b"2125550200"));
        assert!(!north_american(b"1125552671")); // area starts with 1
        assert!(!north_american(b"0125552671"));
        assert!(!north_american(b"4151552671")); // exchange starts with 1
        assert!(!north_american(b"9115552671")); // N11 area
        assert!(!north_american(b"4154112671")); // N11 exchange
        assert!(!north_american(b"2925552671")); // middle 9
        assert!(!north_american(b"5555552671"));
        assert!(!north_american(b"2222222222"));
        assert!(!north_american(b"415555267"));
    }

    #[test]
    fn international_positives() {
        one("tel: +44 20 7946 0321", Phone, "+44 20 7946 0321");
        one("+1 (415) 555-2671", Phone, "+1 (415) 555-2671");
        one("+1-415-555-2671", Phone, "+1-415-555-2671");
        one("call +14155552671 now", Phone, "+14155552671");
        one("+49 30 901820", Phone, "+49 30 901820");
        one("+33 1 23 45 67 89", Phone, "+33 1 23 45 67 89");
        one("+33.1.23.45.67.89", Phone, "+33.1.23.45.67.89");
        one("+44 (0)20 7946 0321", Phone, "+44 (0)20 7946 0321");
        one("phone,\"+7 912 345-67-89\"", Phone, "+7 912 345-67-89");
        one("tel:+4915112345678;", Phone, "+4915112345678");
        one("{\"phone\":\"+61 2 9876 5432\"}", Phone, "+61 2 9876 5432");
        // A log line's next field after a space is not swallowed when the number is
        // complete without it.
        one("+1 415 555 2671 200 OK", Phone, "+1 415 555 2671");
    }

    #[test]
    fn international_negatives() {
        none("+12345.67", Phone); // amount
        none("+1234567", Phone); // too short
        none("delta +12345678", Phone); // +1 needs ten more digits
        none("+0 20 7946 0321", Phone); // no country code 0
        none("+28 20 7946 0321", Phone); // spare code
        none("+1234567890123456", Phone); // too long
        none("+2024-01-15", Phone); // date
        none("1e+10 2e+123456789", Phone);
        none("2024-01-15T10:00:00+0100", Phone);
        none("+44 20 7946 0321.5", Phone);
        none("a+44 20 7946 0321", Phone);
        none("+44.20 7946 0321", Phone); // mixed dots
        none("+1 555 555 0123", Phone);
        none("+1 415 555 0150", Phone); // fictional
        none("+44 1111 1111 11", Phone);
        none("US\t+4042-07403\tAmerica/New_York", Phone); // ISO 6709
        none("+404251-0740023", Phone);
    }

    #[test]
    fn national_positives() {
        one("(415) 555-2671", Phone, "(415) 555-2671");
        one("x,(415)555-2671,y", Phone, "(415)555-2671");
        one("Call 415-555-2671.", Phone, "415-555-2671");
        one("415.555.2671", Phone, "415.555.2671");
        one("1-800-642-7676", Phone, "1-800-642-7676");
        one("\"phone\": \"212-736-5000\"", Phone, "212-736-5000");
    }

    #[test]
    fn national_negatives() {
        none("555-0123", Phone); // seven digits
        none("(212) 555-0123", Phone); // fictional
        none("212-555-0199", Phone);
        none("4155552671", Phone); // bare run
        none("415 555 2671", Phone); // spaces only
        none("415-555-2671-1", Phone);
        none("12-415-555-2671", Phone);
        none("ID-415-555-2671", Phone);
        none("v1.415.555.2671", Phone);
        none("0.415.555.2671", Phone);
        none("115-555-2671", Phone);
        none("415-155-2671", Phone);
        none("f(415) 555-2671", Phone);
        none("(415) 555-26710", Phone);
        none("415-555-2671@sms", Phone);
        none("415-555.2671", Phone); // mixed separators
    }

    #[test]
    fn things_that_are_not_phones() {
        for text in [
            "2024-01-15",
            "2024-01-15 10:23:45",
            "10:23:45.123",
            "01/15/2024",
            "192.168.100.200",
            "10.0.0.1:8080",
            "version 1.2.3 and 10.20.300",
            "550e8400-e29b-41d4-a716-446655440000",
            "123e4567-e89b-12d3-a456-426614174000",
            "deadbeef4155552671",
            "order 4155552671",
            "12345678901234567890",
            "sha 3f786850e387550fdab836ed7e6dc881de23001b",
            "1,234,567.89",
            "+0.25",
            "lat 40.7128, -74.0060",
        ] {
            assert!(found(text, Phone).is_empty(), "{text}");
        }
    }
}
