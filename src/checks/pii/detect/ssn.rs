//! US social security numbers: `AAA-GG-SSSS` (or with spaces), in the ranges the SSA
//! issues. The shape and separators are checked by the caller (`numbers`).

/// Numbers that are valid in form but known not to be anyone's: the Woolworth wallet
/// card (078-05-1120), the SSA's own pamphlet (219-09-9999), the LifeLock advert
/// (457-55-5462) and the usual documentation example (123-45-6789).
const KNOWN: &[&[u8; 9]] = &[b"078051120", b"219099999", b"457555462", b"123456789"];

/// Words that announce an SSN, looked for (in lower case) shortly before a number
/// written with spaces.
const KEYWORDS: &[&[u8]] = &[b"ssn", b"social sec", b"ss#", b"ss no", b"ss num"];

/// How far before a spaced number a keyword may be.
const KEYWORD_WINDOW: usize = 48;

/// Bytes that end a field in a CSV, TSV or JSON file.
fn field_edge(b: Option<u8>) -> bool {
    b.is_none_or(|b| matches!(b, b'\n' | b'\r' | b',' | b'\t' | b'"' | b'\'' | b';' | b'|'))
}

/// For a number written with spaces (`212 61 4837`) at `start..end`: three numbers in a
/// row are common in logs and tables (`200 12 3456`), so the spaced form counts only as
/// a whole field, or after a word such as `SSN`.
pub(super) fn spaced_ok(data: &[u8], start: usize, end: usize) -> bool {
    let (prev, _) = super::text::before(data, start);
    if field_edge(prev) && field_edge(data.get(end).copied()) {
        return true;
    }
    let window = &data[start.saturating_sub(KEYWORD_WINDOW)..start];
    KEYWORDS
        .iter()
        .any(|k| window.windows(k.len()).any(|w| w.eq_ignore_ascii_case(k)))
}

/// The nine digits `d` of an SSN.
pub(super) fn valid(d: &[u8]) -> bool {
    let Ok(d) = <&[u8; 9]>::try_from(d) else {
        return false;
    };
    let (area, group, serial) = (&d[..3], &d[3..5], &d[5..]);
    // Area 000, 666 and 900-999 are never issued; neither is group 00 nor serial 0000.
    if area == b"000" || area == b"666" || area[0] == b'9' {
        return false;
    }
    if group == b"00" || serial == b"0000" {
        return false;
    }
    !KNOWN.contains(&d) && !d.iter().all(|&b| b == d[0])
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{none, one};
    use super::super::Kind::Ssn;
    use super::*;

    #[test]
    fn ranges() {
        assert!(valid(b"212614837"));
        assert!(valid(b"899991234"));
        assert!(valid(b"001010001"));
        assert!(!valid(b"000614837"));
        assert!(!valid(b"666614837"));
        assert!(!valid(b"900614837"));
        assert!(!valid(b"999614837"));
        assert!(!valid(b"212004837"));
        assert!(!valid(b"212610000"));
        assert!(!valid(b"078051120"));
        assert!(!valid(b"123456789"));
        assert!(!valid(b"333333333"));
        assert!(!valid(b"21261483"));
    }

    #[test]
    fn positives() {
        one("ssn,212-61-4837\n", Ssn, "212-61-4837");
        one("SSN: 212 61 4837.", Ssn, "212 61 4837");
        one("{\"ssn\":\"532-48-1975\"}", Ssn, "532-48-1975");
        one("ssn=532-48-1975;", Ssn, "532-48-1975");
        one("532-48-1975 12", Ssn, "532-48-1975");
        one("name,ssn\nA,212 61 4837\n", Ssn, "212 61 4837");
        one("{\"id\":\"212 61 4837\"}", Ssn, "212 61 4837");
        one(
            "Social Security No. 212 61 4837 on file",
            Ssn,
            "212 61 4837",
        );
    }

    #[test]
    fn negatives() {
        none("000-12-3456", Ssn);
        none("666-12-3456", Ssn);
        none("900-12-3456 987-65-4320", Ssn);
        none("212-00-4837", Ssn);
        none("212-61-0000", Ssn);
        none("123-45-6789", Ssn);
        none("078-05-1120", Ssn);
        none("2126-14-8370", Ssn);
        none("212614837", Ssn); // no separators
        none("212-61 4837", Ssn); // mixed
        none("1212-61-4837", Ssn);
        none("212-61-48371", Ssn);
        none("212-61-4837-5", Ssn);
        none("x212-61-4837", Ssn);
        none("A-212-61-4837", Ssn);
        none("0.212-61-4837", Ssn);
        none("212-61-4837.5", Ssn);
        none("1 212 61 4837", Ssn); // part of a longer spaced number
        none("212 61 4837 12", Ssn);
        none("GET /x 200 12 3456 ms", Ssn); // spaced, no field edges, no keyword
        none("qty 212 61 4837", Ssn);
        none("+212-61-4837", Ssn);
        none("2024-01-15", Ssn);
        none("550e8400-e29b-41d4-a716-446655440000", Ssn);
    }
}
