//! Payment card numbers: 13 to 19 digits with a known issuer prefix and length, a valid
//! Luhn check digit, and not a published test number. The grouping (one run, or groups of
//! 4 / 4-6-5 / 4-6-4 separated by single spaces or dashes) is checked by `numbers`.

/// Test numbers published by payment processors (Stripe, Braintree, Adyen, PayPal and
/// others) for sandboxes: they fill test fixtures and documentation, not wallets.
const TEST_NUMBERS: &[&[u8]] = &[
    b"4111111111111111",
    b"4242424242424242",
    b"4000056655665556",
    b"5555555555554444",
    b"2223003122003222",
    b"5200828282828210",
    b"5105105105105100",
    b"378282246310005",
    b"371449635398431",
    b"378734493671000",
    b"6011111111111117",
    b"6011000990139424",
    b"6011981111111113",
    b"6011000400000000",
    b"3056930009020004",
    b"36227206271667",
    b"30569309025904",
    b"38520000023237",
    b"36259600000004",
    b"3566002020360505",
    b"3530111333300000",
    b"6200000000000005",
    b"6200000000000047",
    b"6205500000000000004",
    b"4012888888881881",
    b"4012000033330026",
    b"4012000077777777",
    b"4005519200000004",
    b"4009348888881881",
    b"4217651111111119",
    b"4500600000000061",
    b"4222222222222",
    b"2223000048400011",
    b"4000002500003155",
    b"4000002760003184",
    b"4000003800000446",
    b"4000000000003220",
    b"4000000000003063",
    b"4000000000009995",
    b"4111111145551142",
    b"5555341244441115",
    b"370000000000002",
    b"4988438843884305",
    b"6011601160116611",
    b"5425233430109903",
    b"2222400070000005",
    b"4035501000000008",
    b"4360000001000005",
    b"5454545454545454",
    b"4444333322221111",
    b"4917610000000000",
    b"4462030000000000",
    b"4917300800000000",
    b"4484070000000000",
];

fn prefix(d: &[u8], n: usize) -> u32 {
    d.iter()
        .take(n)
        .fold(0, |v, &b| v * 10 + u32::from(b.wrapping_sub(b'0') % 10))
}

/// True when the issuer prefix (IIN) of `d` belongs to a major network that issues
/// numbers of `d`'s length.
fn issuer_ok(d: &[u8]) -> bool {
    let n = d.len();
    let (p2, p3, p4) = (prefix(d, 2), prefix(d, 3), prefix(d, 4));
    let long = (16..=19).contains(&n);
    match d.first() {
        // Visa
        Some(b'4') => matches!(n, 13 | 16 | 19),
        // Mastercard
        Some(b'5') => (51..=55).contains(&p2) && n == 16,
        Some(b'2') => (2221..=2720).contains(&p4) && n == 16,
        // American Express; JCB; Diners Club
        Some(b'3') => {
            (matches!(p2, 34 | 37) && n == 15)
                || ((3528..=3589).contains(&p4) && long)
                || (((300..=305).contains(&p3) || matches!(p2, 36 | 38)) && (14..=19).contains(&n))
        }
        // Discover; UnionPay
        Some(b'6') => (p4 == 6011 || p2 == 65 || (644..=649).contains(&p3) || p2 == 62) && long,
        _ => false,
    }
}

/// The Luhn (mod 10) check over the digits `d`.
pub(super) fn luhn(d: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, &b) in d.iter().rev().enumerate() {
        let mut v = u32::from(b.wrapping_sub(b'0'));
        if v > 9 {
            return false;
        }
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

/// True when `d` has eight or more of the same digit in a row, as padded and made-up
/// numbers do (`4000 0000 0000 0002`, `5555 5555 ...`).
fn long_repeat(d: &[u8]) -> bool {
    let mut run = 0;
    for (i, &b) in d.iter().enumerate() {
        run = if i > 0 && d[i - 1] == b { run + 1 } else { 1 };
        if run >= 8 {
            return true;
        }
    }
    false
}

/// What a number shaped like a card number turns out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Verdict {
    /// No card network issues it, or it is a test or padded number.
    NotCard,
    /// It looks like a card number, but its Luhn check digit is wrong.
    BadCheckDigit,
    Card,
}

/// Judges the digits `d` (no separators) of a possible card number.
pub(super) fn check(d: &[u8]) -> Verdict {
    if !(13..=19).contains(&d.len()) || !issuer_ok(d) || long_repeat(d) {
        Verdict::NotCard
    } else if !luhn(d) {
        Verdict::BadCheckDigit
    } else if TEST_NUMBERS.contains(&d) {
        Verdict::NotCard
    } else {
        Verdict::Card
    }
}

/// The digits `d` (no separators) of a card number.
pub(super) fn valid(d: &[u8]) -> bool {
    check(d) == Verdict::Card
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{found, none, one};
    use super::super::Kind::Card;
    use super::*;

    // Synthetic numbers: random digits after a network prefix, Luhn digit appended.
    const VALID: &[&str] = &[
        "4539148803436467",    // Visa 16
        "4661318609133",       // Visa 13
        "4909960308246281946", // Visa 19
        "5382199351819096",    // Mastercard 5x
        "2367378657975432",    // Mastercard 2-series
        "342319487574916",     // Amex 34
        "371862527601896",     // Amex 37
        "6011555979711477",    // Discover 6011
        "6510497465075297",    // Discover 65
        "6461703423667128",    // Discover 646
        "3530768426846569",    // JCB
        "3589321223307924406", // JCB 19
        "30126859952894",      // Diners 301
        "36078666617604",      // Diners 36
        "3831372159010927",    // Diners 38
        "6281590139624594",    // UnionPay
        "6257117777412154729", // UnionPay 19
    ];

    #[test]
    fn valid_numbers() {
        for d in VALID {
            assert!(valid(d.as_bytes()), "{d}");
            one(&format!("card,{d}\n"), Card, d);
        }
    }

    #[test]
    fn test_numbers_are_luhn_valid_and_excluded() {
        for d in TEST_NUMBERS {
            assert!(luhn(d), "{}", String::from_utf8_lossy(d));
            assert!(!valid(d), "{}", String::from_utf8_lossy(d));
        }
    }

    #[test]
    fn grouped() {
        one("4539 1488 0343 6467", Card, "4539 1488 0343 6467");
        one("card: 4539-1488-0343-6467.", Card, "4539-1488-0343-6467");
        one("3423 194875 74916", Card, "3423 194875 74916"); // Amex 4-6-5
        one("3607 866661 7604", Card, "3607 866661 7604"); // Diners 4-6-4
        one("4909 9603 0824 6281 946", Card, "4909 9603 0824 6281 946");
        none("4539 1488 0343-6467", Card); // mixed separators
        none("4539  1488 0343 6467", Card); // double space
        none("45391 488 0343 6467", Card);
        none("4539.1488.0343.6467", Card);
        none("4539 1488 0343 6467 2024", Card);
        none("12 4539 1488 0343 6467", Card);
    }

    #[test]
    fn rejected_numbers() {
        none("4539148803436468", Card); // bad Luhn
        none("1234567812345670", Card); // Luhn-valid, no network
        none("5682199351819093", Card); // 56 is not Mastercard
        none("342319487574", Card); // too short
        none("4111111111111111", Card); // test number
        none("4242 4242 4242 4242", Card);
        none("378282246310005", Card);
        none("4000000000000002", Card); // padded
        none("0000000000000000", Card);
        none("4444444444444448", Card);
        assert_eq!(
            found("5382199351819096 is 5382-1993-5181-9095", Card).len(),
            1
        );
    }

    #[test]
    fn boundaries() {
        none("0.4539148803436467", Card); // decimal
        none("45391488034364670", Card); // longer run
        none("14539148803436467", Card);
        none("a4539148803436467", Card);
        none("4539148803436467abc", Card);
        none("ts=1700000000.4539148803436467", Card);
        none("id-4539148803436467", Card);
        none("4539148803436467.25", Card);
        none("4539148803436467-2", Card);
        none("10:4539148803436467", Card);
        none("550e8400-e29b-41d4-a716-4539148803436467", Card);
        none("4539148803436467@bank", Card);
        one("\"card\":\"4539148803436467\"", Card, "4539148803436467");
        one("card=4539148803436467,amount=10", Card, "4539148803436467");
        one("card:4539148803436467", Card, "4539148803436467");
        one("4539148803436467", Card, "4539148803436467");
        one("pan 4539148803436467 100.00", Card, "4539148803436467");
    }
}
