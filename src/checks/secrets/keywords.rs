//! Finds every occurrence of a few hundred case-insensitive keywords in a buffer: the
//! prefilter that decides which rules' regexes run.
//!
//! An Aho-Corasick DFA over ~500 keywords is ~1.5 MB: its walk misses the caches on every
//! few bytes and ran at ~220 MB/s per core, the largest cost of a secrets scan. This walks
//! the buffer hashing the three bytes at each position (case-folded) and tests one bit
//! of a 32 KiB table per position. Each keyword is anchored on its rarest trigram (by
//! `trigrams.txt`, the commonest trigrams of source trees): `conjur` waits for `jur`
//! rather than `con`, so only a few positions per kilobyte are compared against the
//! keywords anchored there. Same matches as Aho-Corasick, several times faster.
use memchr::memchr2;
use std::collections::HashMap;

/// Bits of the trigram hash: 2^18 bits is 32 KiB, most of an L1 data cache, and leaves
/// random collisions at about one position in 500.
const BITS: u32 = 18;

/// Case folding for the hash: `|0x20` lowers ASCII letters and maps a few other bytes onto
/// each other, which only costs a verification, never a miss (`eq_ignore_ascii_case`
/// decides). Applied to eight bytes at once.
const FOLD: u64 = 0x2020_2020_2020_2020;

/// The hash of the trigram in the low three bytes of `bytes` (little-endian, folded); the
/// bytes above are shifted out first. Multiplicative hashing spreads the 24 bits over
/// `BITS`.
#[inline(always)]
fn hash(bytes: u64) -> u32 {
    ((bytes << 40).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - BITS)) as u32
}

fn trigram(k: &[u8]) -> u32 {
    hash(u64::from_le_bytes([k[0], k[1], k[2], 0, 0, 0, 0, 0]) | FOLD)
}

/// Rank of the commonest trigrams, 0 the commonest (`scripts/common-trigrams.py`).
fn commonness() -> HashMap<[u8; 3], usize> {
    include_str!("trigrams.txt")
        .lines()
        .enumerate()
        .filter_map(|(rank, hex)| {
            let b = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
            Some(([b(0)?, b(2)?, b(4)?], rank))
        })
        .collect()
}

/// Where in `k` (at least three bytes) its rarest trigram starts; the first of equals.
fn anchor(k: &[u8], common: &HashMap<[u8; 3], usize>) -> usize {
    let rarity = |j: usize| {
        let t = [k[j] | 0x20, k[j + 1] | 0x20, k[j + 2] | 0x20];
        common.get(&t).copied().unwrap_or(usize::MAX)
    };
    (0..=k.len() - 3)
        .rev()
        .max_by_key(|&j| rarity(j))
        .unwrap_or(0)
}

pub struct Keywords {
    /// One bit per trigram hash that anchors a keyword of three bytes or more.
    bits: Box<[u64; 1 << (BITS - 6)]>,
    /// (hash of the anchor trigram, keyword, the anchor's offset in it), sorted: the
    /// keywords to compare at a position whose bit is set.
    anchors: Vec<(u32, u32, u32)>,
    /// Open-addressed index from a hash to its first entry in `anchors` (`u32::MAX` for
    /// an empty slot): a binary search per candidate cost more than the walk.
    slots: Vec<(u32, u32)>,
    /// Keywords of one or two bytes, found with `memchr2` on their first byte.
    short: Vec<u32>,
    /// The keywords, lowercased.
    words: Vec<Box<[u8]>>,
}

impl Keywords {
    /// Keyword `i` is reported as pattern `i`. Empty keywords never match.
    pub fn new<S: AsRef<[u8]>>(keywords: &[S]) -> Keywords {
        let mut bits = Box::new([0u64; 1 << (BITS - 6)]);
        let mut anchors = Vec::new();
        let common = commonness();
        let mut short = Vec::new();
        let mut words = Vec::with_capacity(keywords.len());
        for (i, k) in keywords.iter().enumerate() {
            let k = k.as_ref().to_ascii_lowercase();
            let id = u32::try_from(i).expect("fewer than 2^32 keywords");
            match k.len() {
                0 => {}
                1 | 2 => short.push(id),
                _ => {
                    let at = anchor(&k, &common);
                    let h = trigram(&k[at..]);
                    bits[(h >> 6) as usize] |= 1 << (h & 63);
                    anchors.push((h, id, at as u32));
                }
            }
            words.push(k.into_boxed_slice());
        }
        anchors.sort_unstable();
        let mut slots = vec![(0, u32::MAX); (anchors.len() * 2).next_power_of_two()];
        let m = slots.len() - 1;
        for (i, &(h, _, _)) in anchors.iter().enumerate() {
            if i > 0 && anchors[i - 1].0 == h {
                continue;
            }
            let mut at = h as usize & m;
            while slots[at].1 != u32::MAX {
                at = (at + 1) & m;
            }
            slots[at] = (h, i as u32);
        }
        Keywords {
            bits,
            anchors,
            slots,
            short,
            words,
        }
    }

    /// Calls `f(keyword, start, end)` for every occurrence of every keyword, overlapping
    /// ones included. Each keyword's occurrences come in increasing order.
    pub fn for_each(&self, data: &[u8], mut f: impl FnMut(usize, usize, usize)) {
        for &k in &self.short {
            let word = &self.words[k as usize];
            let (lo, up) = (word[0], word[0].to_ascii_uppercase());
            let mut at = 0;
            while let Some(i) = memchr2(lo, up, &data[at..]) {
                let s = at + i;
                let e = s + word.len();
                if e <= data.len() && data[s..e].eq_ignore_ascii_case(word) {
                    f(k as usize, s, e);
                }
                at = s + 1;
            }
        }
        if data.len() < 3 || self.anchors.is_empty() {
            return;
        }
        let bits = &*self.bits;
        let test = |t: u32| bits[(t >> 6) as usize] & (1 << (t & 63)) != 0;
        // Eight bytes per load hold the trigrams starting at six positions: one load and
        // one fold for six tests, and no chain from one position to the next.
        let mut at = 0;
        while let Some(chunk) = data.get(at..at + 8) {
            let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes")) | FOLD;
            for j in 0..6 {
                let t = hash(x >> (8 * j));
                if test(t) {
                    self.verify(data, at + j, t, &mut f);
                }
            }
            at += 6;
        }
        while at + 3 <= data.len() {
            let t = trigram(&data[at..]);
            if test(t) {
                self.verify(data, at, t, &mut f);
            }
            at += 1;
        }
    }

    /// The keywords anchored on the trigram hashed `h` at `at`.
    #[inline(never)]
    fn verify(&self, data: &[u8], at: usize, h: u32, f: &mut impl FnMut(usize, usize, usize)) {
        let m = self.slots.len() - 1;
        let mut at_slot = h as usize & m;
        let from = loop {
            match self.slots[at_slot] {
                (_, u32::MAX) => return,
                (x, i) if x == h => break i as usize,
                _ => at_slot = (at_slot + 1) & m,
            }
        };
        for &(x, k, offset) in &self.anchors[from..] {
            if x != h {
                break;
            }
            let Some(s) = at.checked_sub(offset as usize) else {
                continue;
            };
            let word = &self.words[k as usize];
            let e = s + word.len();
            if e <= data.len() && data[s..e].eq_ignore_ascii_case(word) {
                f(k as usize, s, e);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, MatchKind};

    fn ours(k: &Keywords, data: &[u8]) -> Vec<(usize, usize, usize)> {
        let mut v = Vec::new();
        k.for_each(data, |p, s, e| v.push((p, s, e)));
        v.sort_unstable();
        v
    }

    fn reference(words: &[&str], data: &[u8]) -> Vec<(usize, usize, usize)> {
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(words)
            .unwrap();
        let mut v: Vec<_> = ac
            .find_overlapping_iter(data)
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
            .collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn finds_overlapping_case_insensitive_occurrences() {
        let words = ["token", "tok", "ken", "q~", "ghp_", "://", "_"];
        let k = Keywords::new(&words);
        let data = b"TOKEN tokens q~Q~ GHP_x ghp_ http://a ~_";
        assert_eq!(ours(&k, data), reference(&words, data));
        assert!(ours(&k, b"").is_empty());
        assert!(ours(&k, b"to").is_empty());
        assert_eq!(ours(&k, b"tok"), [(1, 0, 3)]);
    }

    #[test]
    fn agrees_with_aho_corasick_on_random_text() {
        // Keywords and text from a small alphabet so that matches, near misses, case
        // variants and hash collisions are all frequent.
        let mut seed = 0x9e3779b97f4a7c15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        const ALPHA: &[u8] = b"aAbB_-:/.$~\n\xff\x7f?_";
        for round in 0..300 {
            let n = 1 + next() % 40;
            let words: Vec<String> = (0..n)
                .map(|_| {
                    let len = 1 + next() % 6;
                    (0..len)
                        .map(|_| ALPHA[(next() % ALPHA.len() as u64) as usize] as char)
                        .filter(|c| c.is_ascii())
                        .collect::<String>()
                })
                .filter(|w| !w.is_empty())
                .collect();
            let mut seen = std::collections::HashSet::new();
            let words: Vec<&str> = words
                .iter()
                .map(String::as_str)
                .filter(|w| seen.insert(w.to_ascii_lowercase()))
                .collect();
            let len = (next() % 2000) as usize;
            let data: Vec<u8> = (0..len)
                .map(|_| ALPHA[(next() % ALPHA.len() as u64) as usize])
                .collect();
            let k = Keywords::new(&words);
            assert_eq!(
                ours(&k, &data),
                reference(&words, &data),
                "round {round}: {words:?}"
            );
        }
    }

    #[test]
    fn keywords_are_anchored_on_their_rarest_trigram() {
        let common = commonness();
        assert!(common.len() > 1000, "trigrams.txt parses");
        assert_eq!(anchor(b"token", &common), anchor(b"TOKEN", &common));
        // `con` is among the commonest trigrams of code; `njur` is not.
        assert!(anchor(b"conjur", &common) > 0);
        let k = Keywords::new(&["conjur", "connecttoken", "abc"]);
        let data = b"CONJUR conjur_x connecttoken con conn abc";
        assert_eq!(
            ours(&k, data),
            reference(&["conjur", "connecttoken", "abc"], data)
        );
    }

    #[test]
    fn agrees_with_aho_corasick_on_the_rules_keywords() {
        // The real keyword set, anchored by the real trigram table, over text that mixes
        // every keyword (in three cases, whole and cut short) into source-like noise.
        let mut words: Vec<String> = crate::rules::catalog()
            .of_check(crate::finding::CheckId::Secrets)
            .flat_map(|r| r.spec.keywords.iter().map(|k| k.to_ascii_lowercase()))
            .collect();
        words.sort();
        words.dedup();
        assert!(words.len() > 300);
        let mut data = Vec::new();
        for (i, w) in words.iter().enumerate() {
            data.extend_from_slice(b"let config = connect(path, pattern); // ");
            let cased = match i % 3 {
                0 => w.clone(),
                1 => w.to_ascii_uppercase(),
                _ => w
                    .chars()
                    .enumerate()
                    .map(|(j, c)| {
                        if j % 2 == 0 {
                            c.to_ascii_uppercase()
                        } else {
                            c
                        }
                    })
                    .collect(),
            };
            data.extend_from_slice(cased.as_bytes());
            data.extend_from_slice(b"_x\n");
            data.extend_from_slice(&w.as_bytes()[..w.len() - 1]);
            data.push(b'\n');
        }
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let k = Keywords::new(&refs);
        let found = ours(&k, &data);
        assert_eq!(found, reference(&refs, &data));
        let distinct: std::collections::HashSet<usize> = found.iter().map(|m| m.0).collect();
        assert_eq!(distinct.len(), words.len(), "every keyword is found");
    }

    #[test]
    fn each_keyword_comes_in_increasing_order() {
        let k = Keywords::new(&["aa", "aaa"]);
        let mut last = [None::<usize>; 2];
        k.for_each(b"aaaaAAAAaaaa", |p, s, _| {
            assert!(last[p].is_none_or(|l| l < s));
            last[p] = Some(s);
        });
        assert_eq!(last, [Some(10), Some(9)]);
    }
}
