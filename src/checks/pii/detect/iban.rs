//! IBANs: a country code, two check digits and the country's BBAN, written compact
//! (`GB71ACME40512398765432`) or in groups of four separated by single spaces
//! (`GB71 ACME 4051 2398 7654 32`). The length must be the one the IBAN registry gives
//! for the country and the ISO 7064 mod-97 check must hold.
use super::text::{before, is_word};

/// IBAN length by country, from the SWIFT IBAN registry.
const LENGTHS: &[(&[u8; 2], usize)] = &[
    (b"AD", 24),
    (b"AE", 23),
    (b"AL", 28),
    (b"AT", 20),
    (b"AZ", 28),
    (b"BA", 20),
    (b"BE", 16),
    (b"BG", 22),
    (b"BH", 22),
    (b"BI", 27),
    (b"BR", 29),
    (b"BY", 28),
    (b"CH", 21),
    (b"CR", 22),
    (b"CY", 28),
    (b"CZ", 24),
    (b"DE", 22),
    (b"DJ", 27),
    (b"DK", 18),
    (b"DO", 28),
    (b"EE", 20),
    (b"EG", 29),
    (b"ES", 24),
    (b"FI", 18),
    (b"FK", 18),
    (b"FO", 18),
    (b"FR", 27),
    (b"GB", 22),
    (b"GE", 22),
    (b"GI", 23),
    (b"GL", 18),
    (b"GR", 27),
    (b"GT", 28),
    (b"HN", 28),
    (b"HR", 21),
    (b"HU", 28),
    (b"IE", 22),
    (b"IL", 23),
    (b"IQ", 23),
    (b"IS", 26),
    (b"IT", 27),
    (b"JO", 30),
    (b"KW", 30),
    (b"KZ", 20),
    (b"LB", 28),
    (b"LC", 32),
    (b"LI", 21),
    (b"LT", 20),
    (b"LU", 20),
    (b"LV", 21),
    (b"LY", 25),
    (b"MC", 27),
    (b"MD", 24),
    (b"ME", 22),
    (b"MK", 19),
    (b"MN", 20),
    (b"MR", 27),
    (b"MT", 31),
    (b"MU", 30),
    (b"NI", 28),
    (b"NL", 18),
    (b"NO", 15),
    (b"OM", 23),
    (b"PK", 24),
    (b"PL", 28),
    (b"PS", 29),
    (b"PT", 25),
    (b"QA", 29),
    (b"RO", 24),
    (b"RS", 22),
    (b"RU", 33),
    (b"SA", 24),
    (b"SC", 31),
    (b"SD", 18),
    (b"SE", 24),
    (b"SI", 19),
    (b"SK", 24),
    (b"SM", 27),
    (b"SO", 23),
    (b"ST", 25),
    (b"SV", 28),
    (b"TL", 23),
    (b"TN", 24),
    (b"TR", 26),
    (b"UA", 29),
    (b"VA", 22),
    (b"VG", 24),
    (b"XK", 20),
    (b"YE", 30),
];

/// The longest IBAN (Russia).
const MAX_LEN: usize = 34;

/// Example IBANs from the IBAN registry and from banks' and standards' documentation:
/// valid, and in every tutorial and test fixture.
const EXAMPLES: &[&str] = &[
    "AD1200012030200359100100",
    "AE070331234567890123456",
    "AL47212110090000000235698741",
    "AT611904300234573201",
    "AZ21NABZ00000000137010001944",
    "BA391290079401028494",
    "BE68539007547034",
    "BG80BNBG96611020345678",
    "BH67BMAG00001299123456",
    "BI4210000100010000332045181",
    "BR1800360305000010009795493C1",
    "BR9700360305000010009795493P1",
    "BY13NBRB3600900000002Z00AB00",
    "CH9300762011623852957",
    "CR05015202001026284066",
    "CY17002001280000001200527600",
    "CZ6508000000192000145399",
    "DE89370400440532013000",
    "DJ2100010000000154000100186",
    "DK5000400440116243",
    "DO28BAGR00000001212453611324",
    "EE382200221020145685",
    "EG380019000500000000263180002",
    "ES9121000418450200051332",
    "FI2112345600000785",
    "FK88SC123456789012",
    "FO6264600001631634",
    "FR1420041010050500013M02606",
    "GB29NWBK60161331926819",
    "GB33BUKB20201555555555",
    "GB82WEST12345698765432",
    "GE29NB0000000101904917",
    "GL8964710001000206",
    "GR1601101250000000012300695",
    "GT82TRAJ01020000001210029690",
    "HN88CABF00000000000250005469",
    "HR1210010051863000160",
    "HU42117730161111101800000000",
    "IE29AIBK93115212345678",
    "IL620108000000099999999",
    "IQ98NBIQ850123456789012",
    "IS140159260076545510730339",
    "IT60X0542811101000000123456",
    "JO94CBJO0010000000000131000302",
    "KW81CBKU0000000000001234560101",
    "KZ86125KZT5004100100",
    "LB62099900000001001901229114",
    "LC55HEMM000100010012001200023015",
    "LI21088100002324013AA",
    "LT121000011101001000",
    "LU280019400644750000",
    "LV80BANK0000435195001",
    "LY83002048000020100120361",
    "MC5811222000010123456789030",
    "MD24AG000225100013104168",
    "ME25505000012345678951",
    "MK07250120000058984",
    "MN121234123456789123",
    "MR1300020001010000123456753",
    "MT84MALT011000012345MTLCAST001S",
    "MU17BOMM0101101030300200000MUR",
    "NI45BAPR00000013000003558124",
    "NL91ABNA0417164300",
    "NO9386011117947",
    "OM810180000001299123456",
    "PK36SCBL0000001123456702",
    "PL61109010140000071219812874",
    "PS92PALS000000000400123456702",
    "PT50000201231234567890154",
    "QA58DOHB00001234567890ABCDEFG",
    "RO49AAAA1B31007593840000",
    "RS35260005601001611379",
    "RU0304452522540817810538091310419",
    "SA0380000000608010167519",
    "SC18SSCB11010000000000001497USD",
    "SD2129010501234001",
    "SE4550000000058398257466",
    "SI56263300012039086",
    "SK3112000000198742637541",
    "SM86U0322509800000000270100",
    "SO211000001001000100141",
    "ST68000100010051845310112",
    "SV62CENR00000000000000700025",
    "TL380080012345678910157",
    "TN5910006035183598478831",
    "TR330006100519786457841326",
    "UA213223130000026007233566001",
    "VG96VPVG0000012345678901",
    "XK051212012345678906",
    "YE15CBYE0001018861234567891234",
];

fn length_for(cc: &[u8]) -> Option<usize> {
    LENGTHS.iter().find(|(c, _)| &c[..] == cc).map(|&(_, n)| n)
}

/// ISO 7064 mod 97-10 over the IBAN `s` (upper-case letters and digits): the first four
/// characters move to the end, letters count as 10 to 35.
fn mod97(s: &[u8]) -> u32 {
    let (head, tail) = s.split_at(4.min(s.len()));
    tail.iter().chain(head).fold(0u32, |r, &c| {
        if c.is_ascii_digit() {
            (r * 10 + u32::from(c - b'0')) % 97
        } else {
            (r * 100 + u32::from(c.wrapping_sub(b'A')) + 10) % 97
        }
    })
}

fn is_bban_char(b: u8) -> bool {
    b.is_ascii_digit() || b.is_ascii_uppercase()
}

/// Where the run of letters and digits starting at `i` ends.
fn alnum_end(data: &[u8], mut i: usize) -> usize {
    while i < data.len() && data[i].is_ascii_alphanumeric() {
        i += 1;
    }
    i
}

/// The IBAN that starts at `start`, if there is one: returns where it ends.
pub(super) fn at(data: &[u8], start: usize) -> Option<usize> {
    let head = data.get(start..start + 4)?;
    if !(head[0].is_ascii_uppercase()
        && head[1].is_ascii_uppercase()
        && head[2].is_ascii_digit()
        && head[3].is_ascii_digit())
    {
        return None;
    }
    if let (Some(p), _) = before(data, start) {
        if is_word(p) || p == b'@' {
            return None;
        }
    }
    let len = length_for(&head[..2])?;
    // Check digits 00, 01 and 99 cannot come out of the mod-97 computation.
    if matches!(&head[2..4], b"00" | b"01" | b"99") {
        return None;
    }
    let mut buf = [0u8; MAX_LEN];
    let first = alnum_end(data, start);
    let end = if first - start == len {
        buf[..len].copy_from_slice(&data[start..first]);
        first
    } else if first - start == 4 {
        // Grouped: `XX99 AAAA BBBB ... C`, groups of four, the last one shorter.
        let mut n = 4;
        buf[..4].copy_from_slice(head);
        let mut i = first;
        while n < len {
            if data.get(i) != Some(&b' ') {
                return None;
            }
            let want = (len - n).min(4);
            let e = alnum_end(data, i + 1);
            if e - (i + 1) != want {
                return None;
            }
            buf[n..n + want].copy_from_slice(&data[i + 1..e]);
            n += want;
            i = e;
        }
        i
    } else {
        return None;
    };
    let iban = &buf[..len];
    if !iban[4..].iter().all(|&b| is_bban_char(b)) {
        return None;
    }
    if data.get(end).is_some_and(|&b| is_word(b) || b == b'@') {
        return None;
    }
    if mod97(iban) != 1 || EXAMPLES.iter().any(|e| e.as_bytes() == iban) {
        return None;
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{none, one};
    use super::super::Kind::Iban;
    use super::*;

    #[test]
    fn table_is_sorted_and_examples_are_valid() {
        assert!(LENGTHS.windows(2).all(|w| w[0].0 < w[1].0));
        for e in EXAMPLES {
            assert_eq!(length_for(&e.as_bytes()[..2]), Some(e.len()), "{e}");
            assert_eq!(mod97(e.as_bytes()), 1, "{e}");
            none(e, Iban);
        }
        assert!(LENGTHS.iter().all(|&(_, n)| n <= MAX_LEN));
    }

    #[test]
    fn positives() {
        one(
            "iban,GB71ACME40512398765432\n",
            Iban,
            "GB71ACME40512398765432",
        );
        one(
            "IBAN: GB71 ACME 4051 2398 7654 32.",
            Iban,
            "GB71 ACME 4051 2398 7654 32",
        );
        one(
            "FR9030004012341234567890147",
            Iban,
            "FR9030004012341234567890147",
        );
        one(
            "FR90 3000 4012 3412 3456 7890 147",
            Iban,
            "FR90 3000 4012 3412 3456 7890 147",
        );
        one("\"NO7112345678903\"", Iban, "NO7112345678903");
        one(
            "MT03MALT011000012345MTLCAST002S",
            Iban,
            "MT03MALT011000012345MTLCAST002S",
        );
        one("DE44500105175407324931 EUR", Iban, "DE44500105175407324931");
        one(
            "DE44 5001 0517 5407 3249 31 EUR",
            Iban,
            "DE44 5001 0517 5407 3249 31",
        );
    }

    #[test]
    fn negatives() {
        none("GB72ACME40512398765432", Iban); // bad check digits
        none("GB71ACME40512398765433", Iban); // bad mod-97
        none("GB71ACME4051239876543", Iban); // one short
        none("GB71ACME405123987654321", Iban); // one long
        none("NO71123456789031", Iban);
        none("XX71ACME40512398765432", Iban); // no such country
        none("gb71acme40512398765432", Iban); // lower case
        none("GB71acme40512398765432", Iban);
        none("GB71 ACME 4051 2398 7654 3", Iban);
        none("GB71 ACME 4051 2398 7654 321", Iban);
        none("GB71 ACME 40512398 7654 32", Iban);
        none("GB71  ACME 4051 2398 7654 32", Iban);
        none("xGB71ACME40512398765432", Iban);
        none("GB71ACME40512398765432_x", Iban);
        none("GB71ACME40512398765432@bank", Iban);
        none("GB82WEST12345698765432", Iban); // documentation example
        none("DE89 3704 0044 0532 0130 00", Iban);
    }

    #[test]
    fn mod97_checks() {
        assert_eq!(mod97(b"GB82WEST12345698765432"), 1);
        assert_ne!(mod97(b"GB82WEST12345698765431"), 1);
    }
}
