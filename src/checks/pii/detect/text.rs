//! Byte-level helpers shared by the detectors: word boundaries and JSON string escapes.

/// A byte that continues a word: a token boundary needs anything else.
pub(super) fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Where the run of ASCII digits starting at `i` ends.
pub(super) fn digits_end(data: &[u8], mut i: usize) -> usize {
    while i < data.len() && data[i].is_ascii_digit() {
        i += 1;
    }
    i
}

/// Where the word (see `is_word`) starting at `i` ends.
pub(super) fn word_end(data: &[u8], mut i: usize) -> usize {
    while i < data.len() && is_word(data[i]) {
        i += 1;
    }
    i
}

/// The length of the string escape (`\n`, `\t`, `\r`, `\f`, `\b`, `\uXXXX`) that starts
/// at `i`, if one does. JSON, notebook outputs and escaped log lines put these right
/// before a value; they separate like whitespace.
pub(super) fn escape_len(data: &[u8], i: usize) -> Option<usize> {
    if data.get(i) != Some(&b'\\') {
        return None;
    }
    match data.get(i + 1)? {
        b'n' | b't' | b'r' | b'f' | b'b' => Some(2),
        b'u' => {
            let hex = data.get(i + 2..i + 6)?;
            hex.iter().all(u8::is_ascii_hexdigit).then_some(6)
        }
        _ => None,
    }
}

/// The two bytes before `at`, nearest first. A string escape right before `at` reads as
/// a single space with nothing before it.
pub(super) fn before(data: &[u8], at: usize) -> (Option<u8>, Option<u8>) {
    if at == 0 || at > data.len() {
        return (None, None);
    }
    if at >= 2 && escape_len(data, at - 2) == Some(2) {
        return (Some(b' '), None);
    }
    if at >= 6 && escape_len(data, at - 6) == Some(6) {
        return (Some(b' '), None);
    }
    let p2 = if at >= 2 { Some(data[at - 2]) } else { None };
    (Some(data[at - 1]), p2)
}

/// True when nothing right after `end` makes the value part of a longer token: a word
/// byte, an `@`, a `.` or `-` joined to more letters or digits (a decimal, a version, an
/// id), or a `:` or `/` joined to more digits (a time, a date, a path of numbers).
pub(super) fn right_ok(data: &[u8], end: usize) -> bool {
    let Some(&n) = data.get(end) else {
        return true;
    };
    if is_word(n) || n == b'@' {
        return false;
    }
    let n2 = data.get(end + 1).copied();
    match n {
        b'.' | b'-' => !n2.is_some_and(is_word),
        b':' | b'/' => !n2.is_some_and(|b| b.is_ascii_digit()),
        _ => true,
    }
}

/// True when nothing right before `start` makes the number there part of a longer token.
/// `sep` is the separator between the number's digit groups, if it has several: the
/// same separator with a digit before it means the number goes on to the left.
pub(super) fn left_ok(data: &[u8], start: usize, sep: Option<u8>) -> bool {
    let (p, p2) = before(data, start);
    let Some(p) = p else {
        return true;
    };
    let p2_digit = p2.is_some_and(|b| b.is_ascii_digit());
    if is_word(p) || matches!(p, b'@' | b'+' | b'.') {
        return false;
    }
    if p == b'-' && p2.is_some_and(is_word) {
        return false;
    }
    if matches!(p, b':' | b'/') && p2_digit {
        return false;
    }
    !(Some(p) == sep && p2_digit)
}

/// For a number written with spaces between its groups (`4539 1488 0343 6467`), at
/// `start..end`: true unless it is a row or a piece of a table of numbers, with more
/// digits before or after it across spaces, or in brackets (`[2370 8283 1595 8274]`, as
/// numpy prints arrays).
pub(super) fn spaced_alone(data: &[u8], start: usize, end: usize) -> bool {
    let mut i = start;
    while i > 0 && start - i < 64 && data[i - 1] == b' ' {
        i -= 1;
    }
    let before = i.checked_sub(1).map(|p| data[p]);
    if before == Some(b'[') || (i < start && before.is_some_and(|b| b.is_ascii_digit())) {
        return false;
    }
    let mut j = end;
    while j < data.len() && j - end < 64 && data[j] == b' ' {
        j += 1;
    }
    let after = data.get(j).copied();
    !(after == Some(b']') || (j > end && after.is_some_and(|b| b.is_ascii_digit())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape_len(br"\n1", 0), Some(2));
        assert_eq!(escape_len(br"\u00221", 0), Some(6));
        assert_eq!(escape_len(br"\u00", 0), None);
        assert_eq!(escape_len(br"\x", 0), None);
        assert_eq!(escape_len(br"\", 0), None);
        assert_eq!(before(br"a\n1", 3), (Some(b' '), None));
        assert_eq!(before(br"ab1", 2), (Some(b'b'), Some(b'a')));
        assert_eq!(before(b"1", 0), (None, None));
    }

    #[test]
    fn boundaries() {
        assert!(right_ok(b"12 ", 2));
        assert!(right_ok(b"12", 2));
        assert!(right_ok(b"12.", 2));
        assert!(!right_ok(b"12.5", 2));
        assert!(!right_ok(b"12a", 2));
        assert!(!right_ok(b"12:30", 2));
        assert!(right_ok(b"12: x", 2));
        assert!(left_ok(b" 12", 1, None));
        assert!(!left_ok(b"0.12", 2, None));
        assert!(!left_ok(b"a-12", 2, None));
        assert!(left_ok(b" -12", 2, None));
        assert!(!left_ok(b"10:12", 3, None));
        assert!(left_ok(b"ssn:12", 4, None));
        assert!(!left_ok(b"1 12", 2, Some(b' ')));
        assert!(left_ok(b"1 12", 2, Some(b'-')));
    }

    #[test]
    fn spaced_numbers_in_tables() {
        assert!(spaced_alone(b"card 4539 1488 0343 6467 ok", 5, 24));
        assert!(spaced_alone(b"4539 1488 0343 6467", 0, 19));
        assert!(!spaced_alone(b"4539 1488 0343 6467   26", 0, 19));
        assert!(!spaced_alone(b"12  4539 1488 0343 6467", 4, 23));
        assert!(!spaced_alone(b"[4539 1488 0343 6467]", 1, 20));
        assert!(!spaced_alone(b" [ 4539 1488 0343 6467 ]", 3, 22));
    }
}
