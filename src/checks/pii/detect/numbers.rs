//! The walk over the bytes for numbers (phones, SSNs, cards) and IBANs.
//!
//! Words are skipped whole, so a number inside an identifier, a hash or a UUID segment is
//! never a start. At a token that starts with a digit, the digit groups joined by one
//! repeated separator are read once (`Groups`) and their shape picks the detector:
//! `3-2-4` an SSN, `3-3-4` or `1-3-3-4` a North American phone, `4-4-4-4` and friends or
//! one run of 13 to 19 digits a card. `+` starts an international phone, `(` a North
//! American one, and an upper-case letter pair followed by two digits an IBAN.
use super::text::{digits_end, escape_len, is_word, left_ok, right_ok, spaced_alone, word_end};
use super::{card, iban, phone, ssn, Enabled, Hit, Kind, LooseCards, Tally};

/// At most this many digit groups are read; more means a longer number.
const MAX_GROUPS: usize = 6;

/// Digit groups separated by one repeated separator byte.
pub(super) struct Groups {
    /// (start, end) of each group.
    spans: [(usize, usize); MAX_GROUPS],
    len: usize,
    /// The separator, when there are two groups or more.
    sep: Option<u8>,
    /// True when the groups go on past `MAX_GROUPS`.
    more: bool,
}

impl Groups {
    /// Reads the groups starting with the digit run `start..first_end`.
    fn read(data: &[u8], start: usize, first_end: usize) -> Groups {
        let mut g = Groups {
            spans: [(0, 0); MAX_GROUPS],
            len: 1,
            sep: None,
            more: false,
        };
        g.spans[0] = (start, first_end);
        let mut end = first_end;
        while let (Some(&s), Some(d)) = (data.get(end), data.get(end + 1)) {
            if !matches!(s, b' ' | b'-' | b'.')
                || !d.is_ascii_digit()
                || g.sep.is_some_and(|x| x != s)
            {
                break;
            }
            if g.len == MAX_GROUPS {
                g.more = true;
                break;
            }
            g.sep = Some(s);
            let next = digits_end(data, end + 1);
            g.spans[g.len] = (end + 1, next);
            g.len += 1;
            end = next;
        }
        g
    }

    fn end(&self) -> usize {
        self.spans[self.len - 1].1
    }

    fn lens(&self) -> ([usize; MAX_GROUPS], usize) {
        let mut lens = [0; MAX_GROUPS];
        for (l, (s, e)) in lens.iter_mut().zip(&self.spans[..self.len]) {
            *l = e - s;
        }
        (lens, self.len)
    }

    /// The digits of all groups, if they fit in `buf`.
    fn digits<'b>(&self, data: &[u8], buf: &'b mut [u8; 19]) -> Option<&'b [u8]> {
        let mut n = 0;
        for &(s, e) in &self.spans[..self.len] {
            let part = data.get(s..e)?;
            buf.get_mut(n..n + part.len())?.copy_from_slice(part);
            n += part.len();
        }
        Some(&buf[..n])
    }
}

/// Walks `data` and reports phones, SSNs, cards and IBANs (those enabled) in order.
pub(super) fn scan(data: &[u8], on: Enabled, out: &mut Tally) {
    let phones = on.has(Kind::Phone);
    let mut i = 0;
    while i < data.len() {
        let b = data[i];
        if b.is_ascii_digit() {
            i = at_digit(data, i, on, out);
        } else if b.is_ascii_uppercase() {
            if on.has(Kind::Iban) {
                if let Some(end) = iban::at(data, i) {
                    out.add(Hit {
                        kind: Kind::Iban,
                        start: i,
                        end,
                    });
                    i = end;
                    continue;
                }
            }
            i = word_end(data, i);
        } else if is_word(b) {
            i = word_end(data, i);
        } else if b == b'+' || b == b'(' {
            let end = match (phones, b) {
                (false, _) => None,
                (true, b'+') => phone::international(data, i),
                (true, _) => phone::parenthesized(data, i),
            };
            if let Some(end) = end {
                out.add(Hit {
                    kind: Kind::Phone,
                    start: i,
                    end,
                });
                i = end;
            } else {
                i += 1;
            }
        } else if b == b'\\' {
            // `\n4539...` in a JSON string: step over the escape so that the value after
            // it starts a token instead of ending the word `n4539...`.
            i += escape_len(data, i).unwrap_or(1);
        } else {
            i += 1;
        }
    }
}

/// Tries the number that starts at the digit `start`; reports it and returns where to go
/// on from.
fn at_digit(data: &[u8], start: usize, on: Enabled, out: &mut Tally) -> usize {
    let first_end = digits_end(data, start);
    let skip = word_end(data, first_end);
    let first = first_end - start;
    let mut buf = [0u8; 19];
    if (13..=19).contains(&first) {
        // One long run: only a card can be that, or an id that happens to look like one.
        if !on.has(Kind::Card) || !left_ok(data, start, None) || !right_ok(data, first_end) {
            return skip;
        }
        let slot = LooseCards::slot_for_run(first);
        return loose_card(&data[start..first_end], slot, start, first_end, out).unwrap_or(skip);
    }
    if !matches!(first, 1 | 3 | 4) {
        return skip;
    }
    let g = Groups::read(data, start, first_end);
    if g.len < 3 || g.more || !left_ok(data, start, g.sep) || !right_ok(data, g.end()) {
        return skip;
    }
    let Some(digits) = g.digits(data, &mut buf) else {
        return skip;
    };
    let sep = g.sep.unwrap_or(0);
    let end = g.end();
    if sep == b' ' && !spaced_alone(data, start, end) {
        return skip;
    }
    let (kind, ok) = match g.lens() {
        ([3, 2, 4, ..], 3) => (
            Kind::Ssn,
            (sep == b'-' || (sep == b' ' && ssn::spaced_ok(data, start, g.end())))
                && ssn::valid(digits),
        ),
        ([3, 3, 4, ..], 3) => (
            Kind::Phone,
            matches!(sep, b'-' | b'.') && phone::north_american(digits),
        ),
        ([1, 3, 3, 4, ..], 4) => (
            Kind::Phone,
            matches!(sep, b'-' | b'.') && digits[0] == b'1' && phone::north_american(&digits[1..]),
        ),
        ([4, 4, 4, 4, 0..=3, ..], 4 | 5) | ([4, 6, 4 | 5, ..], 3) => match sep {
            b'-' => (Kind::Card, card::valid(digits)),
            // Groups of four separated by spaces also fill printed tables of numbers:
            // judged like single runs, by how many of them fail the check.
            b' ' if on.has(Kind::Card) => {
                return loose_card(digits, LooseCards::SPACED, start, end, out).unwrap_or(skip)
            }
            _ => return skip,
        },
        _ => return skip,
    };
    report(ok && on.has(kind), kind, start, end, out).unwrap_or(skip)
}

/// Judges a card number that may also be an id or a row of numbers; it counts only if
/// most numbers of the same shape in the file pass the check (see `LooseCards`).
fn loose_card(
    digits: &[u8],
    slot: usize,
    start: usize,
    end: usize,
    out: &mut Tally,
) -> Option<usize> {
    match card::check(digits) {
        card::Verdict::Card => {
            out.loose.add(
                slot,
                Hit {
                    kind: Kind::Card,
                    start,
                    end,
                },
            );
            Some(end)
        }
        card::Verdict::BadCheckDigit => {
            out.loose.bad(slot);
            None
        }
        card::Verdict::NotCard => None,
    }
}

fn report(ok: bool, kind: Kind, start: usize, end: usize, out: &mut Tally) -> Option<usize> {
    if !ok {
        return None;
    }
    out.add(Hit { kind, start, end });
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_use_one_separator() {
        let data = b"123-45-6789 12";
        let g = Groups::read(data, 0, 3);
        assert_eq!((g.len, g.sep, g.end()), (3, Some(b'-'), 11));
        let data = b"1 2 3 4 5 6 7";
        let g = Groups::read(data, 0, 1);
        assert!(g.more);
        let data = b"12-3";
        let g = Groups::read(data, 0, 2);
        assert_eq!(g.lens().0[..g.len], [2, 1]);
    }
}
