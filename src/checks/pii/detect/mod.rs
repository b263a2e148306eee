//! Personal data in data and log files: e-mail addresses, phone numbers, US social security
//! numbers, payment card numbers and IBANs.
//!
//! The scanner is built for large CSV, JSON, log and notebook files, so it never runs a
//! regex over the whole input. Two passes do all the work:
//!
//! - e-mail addresses: `memchr` finds each `@`, and the address is read outwards from it;
//! - everything else: one walk over the bytes that skips words and stops only where a
//!   number, a `+`, a `(` or an upper-case `XX99` (an IBAN's start) begins a token. The
//!   digit groups there are read once and matched against the shapes of SSNs, North
//!   American phone numbers and card numbers; the check digits, ranges and exclusion lists
//!   of each kind then decide.
//!
//! Precision matters more than recall: a value counts only with clean token boundaries (not
//! a part of a longer number, decimal, date, IP address, version or identifier), a valid
//! check digit or numbering range, and not being a well-known example or test value.
//!
//! Results are aggregated per kind: a file with a million addresses gives one summary with
//! a count and the first few hits, not a million findings.

mod card;
mod email;
mod iban;
mod numbers;
mod phone;
mod ssn;
mod text;
mod tlds;

/// A kind of personal data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Email,
    Phone,
    Ssn,
    Card,
    Iban,
}

impl Kind {
    /// Every kind, in `Ord` order.
    pub const ALL: [Kind; 5] = [Kind::Email, Kind::Phone, Kind::Ssn, Kind::Card, Kind::Iban];

    /// The rule id in picket's catalog (`pii.yaml`).
    pub fn rule_id(self) -> &'static str {
        match self {
            Kind::Email => "pii/email",
            Kind::Phone => "pii/phone",
            Kind::Ssn => "pii/ssn",
            Kind::Card => "pii/card",
            Kind::Iban => "pii/iban",
        }
    }

    /// A short name for messages, e.g. "3 e-mail addresses".
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Email => "e-mail address",
            Kind::Phone => "phone number",
            Kind::Ssn => "US social security number",
            Kind::Card => "payment card number",
            Kind::Iban => "IBAN",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// One value found: its kind and its byte range in the scanned data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Hit {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

/// All values of one kind in the data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub kind: Kind,
    /// How many values of this kind the data holds.
    pub count: u64,
    /// The earliest hits, at most `Options::keep` of them, in order of position.
    pub first: Vec<Hit>,
}

/// What to look for and how much to keep.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// How many hits of each kind to keep in `Summary::first`.
    pub keep: usize,
    /// The kinds to look for; duplicates are ignored.
    pub kinds: Vec<Kind>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            keep: 5,
            kinds: Kind::ALL.to_vec(),
        }
    }
}

/// Which kinds are enabled, by `Kind::index`.
#[derive(Clone, Copy, Default)]
struct Enabled([bool; 5]);

impl Enabled {
    fn new(kinds: &[Kind]) -> Enabled {
        let mut on = [false; 5];
        for k in kinds {
            on[k.index()] = true;
        }
        Enabled(on)
    }

    fn has(self, kind: Kind) -> bool {
        self.0[kind.index()]
    }
}

/// Counts per kind and the first `keep` hits of each.
struct Tally {
    keep: usize,
    count: [u64; 5],
    first: [Vec<Hit>; 5],
    loose: LooseCards,
}

impl Tally {
    fn new(keep: usize) -> Tally {
        Tally {
            keep,
            count: [0; 5],
            first: Default::default(),
            loose: LooseCards {
                keep,
                ..LooseCards::default()
            },
        }
    }

    fn add(&mut self, hit: Hit) {
        let i = hit.kind.index();
        self.count[i] += 1;
        if self.first[i].len() < self.keep {
            self.first[i].push(hit);
        }
    }

    fn finish(mut self) -> Vec<Summary> {
        let (count, loose) = std::mem::take(&mut self.loose).believable();
        let i = Kind::Card.index();
        self.count[i] += count;
        let first = &mut self.first[i];
        first.extend(loose);
        first.sort_by_key(|h| h.start);
        first.truncate(self.keep);
        Kind::ALL
            .iter()
            .zip(self.count)
            .zip(self.first)
            .filter(|((_, n), _)| *n > 0)
            .map(|((&kind, count), first)| Summary { kind, count, first })
            .collect()
    }
}

/// Card numbers written as one run of digits (`4539148803436467`) or in groups separated
/// by spaces, held apart until the end of the scan. Such a run may as well be an order
/// number or another id, and such groups a row of a printed table; one number in ten
/// passes the Luhn check by chance, while real card numbers nearly all pass it. So when
/// most numbers of one shape that look like card numbers fail the check, the file has a
/// column of ids or a table of that shape, and the few that pass are more of the same.
/// Ids of one kind have one length, so shapes are told apart by length: a column of
/// 19-digit references does not hide 16-digit cards. Groups separated by dashes
/// (`4539-1488-0343-6467`) are never held back.
#[derive(Default)]
struct LooseCards {
    keep: usize,
    /// Per shape (see `slot_for_run`, `SPACED`): numbers that pass.
    hits: [u64; 8],
    /// Per shape: numbers with a card network's prefix and length but a wrong check
    /// digit.
    bad_check: [u64; 8],
    /// The first `keep` hits of each shape.
    first: [Vec<Hit>; 8],
}

impl LooseCards {
    /// Fewer failures than this prove nothing.
    const MIN_BAD: u64 = 10;
    /// With random numbers, about nine fail for one that passes; with card numbers,
    /// almost none fail.
    const BAD_PER_HIT: u64 = 3;
    /// The shape of groups separated by spaces.
    const SPACED: usize = 7;

    /// The shape of a single run of `len` (13 to 19) digits.
    fn slot_for_run(len: usize) -> usize {
        len.clamp(13, 19) - 13
    }

    fn add(&mut self, slot: usize, hit: Hit) {
        let Some(hits) = self.hits.get_mut(slot) else {
            return;
        };
        *hits += 1;
        if self.first[slot].len() < self.keep {
            self.first[slot].push(hit);
        }
    }

    fn bad(&mut self, slot: usize) {
        if let Some(n) = self.bad_check.get_mut(slot) {
            *n += 1;
        }
    }

    /// The count and first hits of the shapes that look like card numbers.
    fn believable(self) -> (u64, Vec<Hit>) {
        let mut count = 0;
        let mut first = Vec::new();
        for ((hits, bad), hs) in self.hits.into_iter().zip(self.bad_check).zip(self.first) {
            if bad < Self::MIN_BAD || bad <= hits.saturating_mul(Self::BAD_PER_HIT) {
                count += hits;
                first.extend(hs);
            }
        }
        (count, first)
    }
}

/// Finds personal data in `data` (any bytes; invalid UTF-8 is fine). Returns one summary
/// per kind found, sorted by kind; kinds with no hit are left out.
pub fn scan(data: &[u8], opts: &Options) -> Vec<Summary> {
    let on = Enabled::new(&opts.kinds);
    let mut tally = Tally::new(opts.keep);
    // Each pass reports in order of position, and no two passes report the same kind
    // (loose cards are merged by position), so the hits kept are the earliest ones.
    if on.has(Kind::Email) {
        email::scan(data, &mut tally);
    }
    if on.has(Kind::Phone) || on.has(Kind::Ssn) || on.has(Kind::Card) || on.has(Kind::Iban) {
        numbers::scan(data, on, &mut tally);
    }
    tally.finish()
}

#[cfg(test)]
mod testutil {
    use super::*;

    /// The values of `kind` found in `text`, as strings.
    pub fn found(text: &str, kind: Kind) -> Vec<String> {
        found_bytes(text.as_bytes(), kind)
    }

    pub fn found_bytes(data: &[u8], kind: Kind) -> Vec<String> {
        let opts = Options {
            keep: usize::MAX,
            kinds: vec![kind],
        };
        scan(data, &opts)
            .into_iter()
            .flat_map(|s| s.first)
            .map(|h| String::from_utf8_lossy(&data[h.start..h.end]).into_owned())
            .collect()
    }

    /// Asserts `text` holds exactly `value` once as `kind`.
    pub fn one(text: &str, kind: Kind, value: &str) {
        assert_eq!(found(text, kind), vec![value.to_string()], "in {text:?}");
    }

    /// Asserts `text` holds nothing of `kind`.
    pub fn none(text: &str, kind: Kind) {
        assert_eq!(found(text, kind), Vec::<String>::new(), "in {text:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIXED: &str = "id,name,email,phone,ssn,card,iban,amount,date\n\
        1,Ana,ana.silva@acme-corp.io,+44 20 7946 1234,212-61-4837,4539 1488 0343 6467,GB71ACME40512398765432,12.50,2024-01-15\n\
        2,Bo,bo@example.com,555-0123,000-12-3456,4111111111111111,GB82WEST12345698765432,7.00,2024-01-16\n";

    #[test]
    fn finds_every_kind_in_a_csv() {
        let got = scan(MIXED.as_bytes(), &Options::default());
        let kinds: Vec<Kind> = got.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, Kind::ALL.to_vec());
        for s in &got {
            assert_eq!(s.count, 1, "{:?}", s.kind);
            let h = s.first[0];
            assert_eq!(h.kind, s.kind);
            let value = &MIXED[h.start..h.end];
            let want = match s.kind {
                Kind::Email => "ana.silva@acme-corp.io",
                Kind::Phone => "+44 20 7946 1234",
                Kind::Ssn => "212-61-4837",
                Kind::Card => "4539 1488 0343 6467",
                Kind::Iban => "GB71ACME40512398765432",
            };
            assert_eq!(value, want);
        }
    }

    #[test]
    fn aggregates_counts_and_keeps_the_first_hits() {
        let mut csv = String::from("id,email\n");
        for i in 0..100 {
            csv.push_str(&format!("{i},person{i}@acme-corp.io\n"));
        }
        let opts = Options {
            keep: 3,
            kinds: vec![Kind::Email],
        };
        let got = scan(csv.as_bytes(), &opts);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].kind, Kind::Email);
        assert_eq!(got[0].count, 100);
        let firsts: Vec<&str> = got[0].first.iter().map(|h| &csv[h.start..h.end]).collect();
        assert_eq!(
            firsts,
            [
                "person0@acme-corp.io",
                "person1@acme-corp.io",
                "person2@acme-corp.io"
            ]
        );
    }

    #[test]
    fn keep_zero_still_counts() {
        let opts = Options {
            keep: 0,
            ..Options::default()
        };
        let got = scan(b"a jane@acme-corp.io b kim@acme-corp.io", &opts);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].count, 2);
        assert!(got[0].first.is_empty());
    }

    #[test]
    fn only_enabled_kinds_are_reported() {
        let opts = Options {
            keep: 5,
            kinds: vec![Kind::Card, Kind::Ssn, Kind::Card],
        };
        let got = scan(MIXED.as_bytes(), &opts);
        let kinds: Vec<Kind> = got.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, vec![Kind::Ssn, Kind::Card]);
        let none = Options {
            keep: 5,
            kinds: vec![],
        };
        assert!(scan(MIXED.as_bytes(), &none).is_empty());
    }

    /// A Luhn-valid 16-digit number after `prefix`, made from `seed`.
    fn card_number(prefix: &str, seed: u64) -> String {
        let mut d: Vec<u32> = prefix.bytes().map(|b| u32::from(b - b'0')).collect();
        let mut x = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        while d.len() < 15 {
            x ^= x >> 29;
            x = x.wrapping_mul(0xbf58476d1ce4e5b9);
            d.push((x >> 40) as u32 % 10);
        }
        let sum: u32 = d
            .iter()
            .rev()
            .enumerate()
            .map(|(i, &v)| {
                if i % 2 == 0 {
                    (v * 2) % 10 + v * 2 / 10
                } else {
                    v
                }
            })
            .sum();
        d.push((10 - sum % 10) % 10);
        d.iter().map(|v| char::from(b'0' + *v as u8)).collect()
    }

    #[test]
    fn card_helper_makes_valid_numbers() {
        for seed in 0..50 {
            assert!(card::valid(card_number("45", seed).as_bytes()));
        }
    }

    #[test]
    fn columns_of_ids_are_not_cards() {
        // 16-digit ids with a Visa prefix: about one in ten passes Luhn by chance.
        let mut csv = String::from("order_id,amount\n");
        let mut x: u64 = 12345;
        for _ in 0..300 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
            csv.push_str(&format!("4{:015},9.99\n", (x >> 8) % 1_000_000_000_000_000));
        }
        let cards = testutil::found(&csv, Kind::Card);
        assert!(cards.is_empty(), "{} false cards", cards.len());
        // A grouped card number in the same file still counts, and so does a loose one
        // of another length.
        csv.push_str("note,card 4539 1488 0343 6467\nnote,4661318609133\n");
        assert_eq!(
            testutil::found(&csv, Kind::Card),
            ["4539 1488 0343 6467", "4661318609133"]
        );
    }

    #[test]
    fn columns_of_cards_are_cards_despite_some_typos() {
        let mut csv = String::from("name,card\n");
        for seed in 0..40 {
            let mut n = card_number("4", seed);
            if seed % 4 == 0 {
                // A typo breaks the check digit.
                let last = n.pop().map_or(0, |c| (c as u8 - b'0' + 1) % 10);
                n.push(char::from(b'0' + last));
            }
            csv.push_str(&format!("p{seed},{n}\n"));
        }
        let opts = Options {
            keep: 3,
            kinds: vec![Kind::Card],
        };
        let got = scan(csv.as_bytes(), &opts);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].count, 30);
        let first: Vec<&str> = got[0].first.iter().map(|h| &csv[h.start..h.end]).collect();
        assert_eq!(
            first,
            [
                card_number("4", 1),
                card_number("4", 2),
                card_number("4", 3)
            ]
        );
    }

    #[test]
    fn printed_tables_are_not_cards() {
        // Rows of four 4-digit numbers, as numpy prints an (n, 4) array.
        let mut out = String::from("[");
        let mut x: u64 = 99;
        for _ in 0..300 {
            let mut row = Vec::new();
            for _ in 0..4 {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                row.push(format!("{}", 1000 + (x >> 33) % 9000));
            }
            out.push_str(&format!("[{}]\n ", row.join(" ")));
            // The same numbers as text in a report, one row per line.
            out.push_str(&format!("{}\n", row.join(" ")));
        }
        let cards = testutil::found(&out, Kind::Card);
        assert!(cards.is_empty(), "{} false cards: {cards:?}", cards.len());
    }

    #[test]
    fn loose_and_grouped_cards_merge_in_order() {
        let text = "a 4661318609133 b 4539 1488 0343 6467 c 5382199351819096 d 3423 194875 74916";
        let opts = Options {
            keep: 3,
            kinds: vec![Kind::Card],
        };
        let got = scan(text.as_bytes(), &opts);
        assert_eq!(got[0].count, 4);
        let first: Vec<&str> = got[0].first.iter().map(|h| &text[h.start..h.end]).collect();
        assert_eq!(
            first,
            ["4661318609133", "4539 1488 0343 6467", "5382199351819096"]
        );
    }

    /// The examples of `pii.yaml`, copied: each positive has a hit of its rule's kind,
    /// each negative none. (The catalog test in picket checks the YAML itself.)
    #[test]
    fn catalog_examples() {
        let examples: &[(Kind, bool, &str)] = &[
            (Kind::Email, true, "id,email\n1,jane.doe@acme-corp.io\n"),
            (
                Kind::Email,
                true,
                "2024-05-02T10:11:12Z INFO signup ok user=k.okafor@northwind-mail.net plan=pro\n",
            ),
            (
                Kind::Email,
                false,
                "id,email\n1,jane@example.com\n2,ops@mail.test\n",
            ),
            (
                Kind::Email,
                false,
                "{\"icon\": \"logo@2x.png\", \"dep\": \"lodash@4.17.21\"}\n",
            ),
            (
                Kind::Email,
                false,
                "remote: git@github.com:acme/app.git\nfrom: noreply@acme-corp.io\n",
            ),
            (Kind::Phone, true, "name,phone\nA. Quinn,+44 20 7946 0321\n"),
            (
                Kind::Phone,
                true,
                "callback requested phone=+447700900123 ticket=88412\n",
            ),
            (Kind::Phone, false, "name,phone\nTest User,(212) 555-0123\n"),
            (
                Kind::Phone,
                false,
                "id,date,time,ip,version\n4155552671,2024-01-15,10:23:45,192.168.10.20,1.2.3\n",
            ),
            (
                Kind::Phone,
                false,
                "{\"id\": \"123e4567-e89b-12d3-a456-426614174000\", \"delta\": \"+12345.67\"}\n",
            ),
            (Kind::Ssn, true, "name,ssn\nR. Patel,532-48-1975\n"),
            (
                Kind::Ssn,
                true,
                "applicant verified ssn=212 61 4837 status=ok\n",
            ),
            (
                Kind::Ssn,
                false,
                "name,ssn\nR. Patel,666-48-1975\nJ. Doe,123-45-6789\nK. Lee,900-12-3456\n",
            ),
            (
                Kind::Ssn,
                false,
                "part,code,date\nbolt,212-61-48370,2024-01-15\n",
            ),
            (Kind::Card, true, "order,card\n1001,4539 1488 0343 6467\n"),
            (
                Kind::Card,
                true,
                "charge ok pan=5382199351819096 amount=12.00\n",
            ),
            (
                Kind::Card,
                false,
                "order,card\n1001,4111 1111 1111 1111\n1002,4539 1488 0343 6468\n",
            ),
            (
                Kind::Card,
                false,
                "ts,value\n1717171717171,0.4539148803436467\n",
            ),
            (
                Kind::Iban,
                true,
                "name,iban\nM. Rossi,GB71 ACME 4051 2398 7654 32\n",
            ),
            (
                Kind::Iban,
                true,
                "{\"refund\": {\"iban\": \"NL61ACME0123456789\", \"amount\": 19.99}}\n",
            ),
            (
                Kind::Iban,
                false,
                "name,iban\nM. Rossi,GB72 ACME 4051 2398 7654 32\nT. Berg,NL61ACME012345678\n",
            ),
            (
                Kind::Iban,
                false,
                "what,iban\nexample,DE89370400440532013000\n",
            ),
        ];
        for &(kind, positive, text) in examples {
            let found = testutil::found(text, kind);
            assert_eq!(!found.is_empty(), positive, "{kind:?} {text:?}: {found:?}");
        }
    }

    #[test]
    fn empty_input() {
        assert!(scan(b"", &Options::default()).is_empty());
        assert!(scan(b"@", &Options::default()).is_empty());
        assert!(scan(b"+", &Options::default()).is_empty());
        assert!(scan(b"(", &Options::default()).is_empty());
        assert!(scan(b"\\", &Options::default()).is_empty());
        assert!(scan(b"GB", &Options::default()).is_empty());
        assert!(scan(b"4", &Options::default()).is_empty());
    }

    #[test]
    fn invalid_utf8_is_scanned_not_rejected() {
        let mut data = vec![0xff, 0xfe, b' '];
        data.extend_from_slice(b"jane@acme-corp.io\x80 212-61-4837 \xc3\x28 ");
        data.extend_from_slice(b"4539148803436467\xff");
        let got = scan(&data, &Options::default());
        let kinds: Vec<(Kind, u64)> = got.iter().map(|s| (s.kind, s.count)).collect();
        assert_eq!(
            kinds,
            vec![(Kind::Email, 1), (Kind::Ssn, 1), (Kind::Card, 1)]
        );
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        // A cheap deterministic fuzz: random bytes biased towards the characters the
        // detectors look at, cut at every length near the interesting ones.
        let alphabet = b"0123456789+-.() @_:/\\nuGBDE\x80\xffabc,\n";
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..300 {
            let mut buf = Vec::new();
            for _ in 0..200 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                buf.push(alphabet[(x % alphabet.len() as u64) as usize]);
            }
            for cut in [0, 1, 2, 3, 7, 50, 199, 200] {
                let got = scan(&buf[..cut], &Options::default());
                for s in got {
                    for h in s.first {
                        assert!(h.start < h.end && h.end <= cut);
                    }
                }
            }
        }
    }

    #[test]
    fn hits_inside_json_string_escapes() {
        // Notebook outputs and JSON logs hold text with `\n` escapes; the escape letter
        // is not part of the value.
        let json = br#"{"text": ["id,email\n1,jane.roe@acme-corp.io\n2,4539148803436467\n\u0022212-61-4837"]}"#;
        assert_eq!(
            testutil::found_bytes(json, Kind::Email),
            ["jane.roe@acme-corp.io"]
        );
        assert_eq!(
            testutil::found_bytes(json, Kind::Card),
            ["4539148803436467"]
        );
        assert_eq!(testutil::found_bytes(json, Kind::Ssn), ["212-61-4837"]);
    }
}
