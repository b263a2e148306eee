//! The rule engine: one keyword pass (`keywords.rs`) finds which rules' keywords occur in
//! a buffer; only those rules' regexes run, and each regex is compiled the first time it is needed,
//! so a one-file scan does not pay for hundreds of patterns it never uses.
//!
//! Most rules' matches begin with one of their keywords (`ghp_`, `xoxb-`, `token`): those
//! regexes run anchored at each keyword hit and stop within a few bytes. The others search the
//! lines around their hits.
use super::keywords::Keywords;
use super::{placeholder, verify};
use crate::rules::RuleSpec;
use crate::text::{entropy, LineIndex};
use regex::bytes::{Regex, RegexBuilder};
use regex_automata::util::pool::Pool;
use regex_automata::util::syntax;
use regex_automata::{meta, Anchored, Input};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Capture, Class, Hir, HirKind, Repetition};
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::OnceLock;

/// Makes a search cache for a pattern.
type NewCache = Box<dyn Fn() -> meta::Cache + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// A rule's compiled pattern.
pub struct Pattern {
    re: meta::Regex,
    /// Search caches, taken once per rule and file rather than once per keyword hit as
    /// the regex's own pool would be (a second thread pays a lock for each).
    caches: Pool<meta::Cache, NewCache>,
    /// The capture group that holds the secret: `secret` if named, else the first group,
    /// else the whole match.
    group: usize,
    /// Every match begins with one of the rule's keywords.
    at_keyword: bool,
}

impl Pattern {
    /// Compiles `pattern` with the settings of `build` (no Unicode, bytes), and works out
    /// from its literal prefixes whether every match starts with one of `keywords`.
    pub fn new(pattern: &str, keywords: &[String]) -> Result<Pattern, String> {
        let hir = syntax::parse_with(pattern, &syntax::Config::new().unicode(false).utf8(false))
            .map_err(|e| e.to_string())?;
        // The regex crate's own defaults for a `bytes::Regex`.
        let config = meta::Config::new()
            .utf8_empty(false)
            .nfa_size_limit(Some(10 * (1 << 20)))
            .hybrid_cache_capacity(2 * (1 << 20));
        // Anchored searches need no prefilter; building one costs more than the rest.
        let at_keyword = starts_with_keyword(&hir, keywords);
        let re = meta::Builder::new()
            .configure(config.auto_prefilter(!at_keyword))
            .build_from_hir(&hir)
            .map_err(|e| e.to_string())?;
        let info = re.group_info();
        let pid = regex_automata::PatternID::ZERO;
        let group = info
            .to_index(pid, "secret")
            .unwrap_or(usize::from(info.group_len(pid) > 1));
        let for_caches = re.clone();
        Ok(Pattern {
            at_keyword,
            caches: Pool::new(Box::new(move || for_caches.create_cache())),
            re,
            group,
        })
    }

    /// True when the pattern has a group (named `secret` or not) for the secret.
    pub fn has_secret_group(&self) -> bool {
        self.group > 0
    }

    pub fn at_keyword(&self) -> bool {
        self.at_keyword
    }
}

/// Whether every match of `hir` begins with one of `keywords` (lower case, compared without
/// case as the keyword pass does). A prefix set that is infinite, or cut short by the
/// extractor's limits before a keyword ends, answers no.
fn starts_with_keyword(hir: &Hir, keywords: &[String]) -> bool {
    let seq = Extractor::new()
        .kind(ExtractKind::Prefix)
        .limit_class(64)
        .limit_repeat(32)
        .limit_literal_len(32)
        .limit_total(1024)
        .extract(&fold_case(hir));
    seq.literals().is_some_and(|lits| {
        lits.iter().all(|l| {
            let l = l.as_bytes();
            keywords
                .iter()
                .any(|k| l.len() >= k.len() && l[..k.len()].eq_ignore_ascii_case(k.as_bytes()))
        })
    })
}

/// `hir` with each case-insensitive letter (`[Aa]`) made one lower-case literal: the
/// prefixes are compared without case anyway, and `(?i)token` then gives one prefix, not 32.
fn fold_case(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Class(Class::Bytes(c)) => match c.ranges() {
            [u, l]
                if u.start() == u.end()
                    && l.start() == l.end()
                    && u.start().is_ascii_uppercase()
                    && l.start() == u.start().to_ascii_lowercase() =>
            {
                Hir::literal([l.start()])
            }
            _ => hir.clone(),
        },
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            sub: Box::new(fold_case(&r.sub)),
            ..r.clone()
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            sub: Box::new(fold_case(&c.sub)),
            ..c.clone()
        }),
        HirKind::Concat(v) => Hir::concat(v.iter().map(fold_case).collect()),
        HirKind::Alternation(v) => Hir::alternation(v.iter().map(fold_case).collect()),
        _ => hir.clone(),
    }
}

pub struct CompiledRule {
    pub spec: RuleSpec,
    regex: OnceLock<Option<Pattern>>,
    nearby: OnceLock<Option<Regex>>,
    /// How far before and after a keyword hit a match of this rule can reach (bytes).
    reach: (usize, usize),
}

impl CompiledRule {
    fn new(spec: RuleSpec) -> CompiledRule {
        let p = spec.pattern.as_deref().unwrap_or("");
        let reach = if spec.pattern.is_none() {
            // The generic detector: a name and its value share the keyword's line.
            (0, 0)
        } else if let Some(n) = &spec.nearby {
            let r = 512 + n.lines * 256;
            (r, r)
        } else if p.contains("(?s")
            || p.contains("\\n")
            || p.contains("[\\s\\S]")
            || p.contains("\\r")
        {
            // Multi-line patterns (PEM blocks) reach far after their keyword.
            (1024, 16 * 1024)
        } else {
            // Most tokens sit on their keyword's line; a few rules take their keyword from a
            // URL or a name on the line before.
            (160, 160)
        };
        CompiledRule {
            spec,
            regex: OnceLock::new(),
            nearby: OnceLock::new(),
            reach,
        }
    }

    /// The compiled pattern; `None` only for a rule without a pattern. Patterns are
    /// checked when rules are loaded (tests for built-ins, config parsing for custom ones).
    pub fn pattern(&self) -> Option<&Pattern> {
        self.regex
            .get_or_init(|| {
                let keywords: Vec<String> = self
                    .spec
                    .keywords
                    .iter()
                    .map(|k| k.to_ascii_lowercase())
                    .collect();
                self.spec
                    .pattern
                    .as_deref()
                    .and_then(|p| Pattern::new(p, &keywords).ok())
            })
            .as_ref()
    }

    fn nearby(&self) -> Option<&Regex> {
        self.nearby
            .get_or_init(|| {
                self.spec
                    .nearby
                    .as_ref()
                    .and_then(|n| build(&n.pattern).ok())
            })
            .as_ref()
    }
}

/// Rules match bytes, and secrets are ASCII: without Unicode classes (`\w`, `\s`, `(?i)`
/// folding) the automata are smaller and faster to build and run. The regex crate's
/// default size limits are kept on purpose: larger ones made building every rule seven
/// times slower, and every rule fits within them (`tests/rules.rs`).
pub fn build(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern).unicode(false).build()
}

/// A byte range `start..end`, or a (before, after) reach.
pub type Span = (usize, usize);

/// A rule whose keywords occur in a buffer, and where to look for its matches.
pub struct Trigger {
    pub rule: usize,
    /// The lines around the keyword hits, merged and sorted.
    pub windows: Vec<Span>,
    /// Where its keywords start, sorted; `None` when a keyword hit the cap (the windows
    /// then run to the end of the buffer).
    pub starts: Option<Vec<usize>>,
}

const MAX_HITS_PER_KEYWORD: usize = 4096;
/// Files this small are searched whole: windows would cover them anyway.
const WHOLE_FILE: usize = 512;
/// Snapping a window to line boundaries never extends it by more than this (minified files
/// are one long line).
const SNAP: usize = 4096;

/// The window around a keyword hit at `s..e`, widened to whole lines.
pub fn window(data: &[u8], s: usize, e: usize, before: usize, after: usize) -> (usize, usize) {
    if data.len() <= WHOLE_FILE {
        return (0, data.len());
    }
    let mut ws = s.saturating_sub(before);
    let floor = ws.saturating_sub(SNAP);
    ws = memchr::memrchr(b'\n', &data[floor..ws])
        .map(|i| floor + i + 1)
        .unwrap_or(floor);
    let mut we = (e + after).min(data.len());
    let ceil = (we + SNAP).min(data.len());
    we = memchr::memchr(b'\n', &data[we..ceil])
        .map(|i| we + i)
        .unwrap_or(ceil);
    (ws, we)
}

/// Sorts and merges overlapping or touching windows.
pub fn merge(mut w: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    w.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(w.len());
    for (s, e) in w {
        match out.last_mut() {
            // Windows on neighbouring lines (one newline apart) become one.
            Some(last) if s <= last.1 + 1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// One accepted match: the rule and the byte span of the secret.
#[derive(Clone, Copy, Debug)]
pub struct RawMatch {
    pub rule: usize,
    pub secret: (usize, usize),
    /// The rule has a verifier and the value failed it: the shape matches, the checksum or
    /// structure does not (a test value, a typo, a placeholder).
    pub unverified: bool,
}

pub struct Engine {
    pub rules: Vec<CompiledRule>,
    prefilter: Keywords,
    /// For each keyword pattern, the rules that name it.
    keyword_rules: Vec<Vec<usize>>,
    /// Rules without keywords run on every buffer.
    always: Vec<usize>,
}

impl Engine {
    pub fn new(specs: Vec<RuleSpec>) -> Engine {
        let mut keywords: Vec<String> = Vec::new();
        let mut keyword_rules: Vec<Vec<usize>> = Vec::new();
        let mut always = Vec::new();
        for (i, spec) in specs.iter().enumerate() {
            if spec.keywords.is_empty() {
                always.push(i);
            }
            for k in &spec.keywords {
                let k = k.to_ascii_lowercase();
                match keywords.iter().position(|x| *x == k) {
                    Some(p) => keyword_rules[p].push(i),
                    None => {
                        keywords.push(k);
                        keyword_rules.push(vec![i]);
                    }
                }
            }
        }
        let prefilter = Keywords::new(&keywords);
        Engine {
            rules: specs.into_iter().map(CompiledRule::new).collect(),
            prefilter,
            keyword_rules,
            always,
        }
    }

    /// How many rule regexes have been compiled so far (they compile on first use).
    pub fn compiled(&self) -> usize {
        self.rules
            .iter()
            .filter(|r| r.regex.get().is_some())
            .count()
    }

    /// The rules with a keyword in `data`, each with the windows of `data` its pattern must
    /// search: the neighbourhood of its keyword hits, whole lines, merged. Regexes then run
    /// over a few lines instead of whole files.
    pub fn triggered(&self, data: &[u8]) -> Vec<Trigger> {
        // Flat lists rather than a list per keyword and per rule: most files hit a handful
        // of the ~500 keywords, and clearing a thousand vectors per file cost more than the
        // hits did.
        let mut seen = vec![0u16; self.keyword_rules.len()];
        let mut hits: Vec<(usize, usize, usize)> = Vec::new();
        self.prefilter.for_each(data, |p, s, e| {
            // Bounded: a keyword on every line of a huge file does not grow this forever;
            // past the cap the rule searches everything after its last recorded hit.
            if usize::from(seen[p]) < MAX_HITS_PER_KEYWORD {
                seen[p] += 1;
                hits.push((p, s, e));
            }
        });
        // Each keyword's hits arrive in order; the stable sort keeps them so.
        hits.sort_by_key(|h| h.0);
        let mut windows: Vec<(usize, Span)> = Vec::new();
        // (rule, keyword start), and the rules with a keyword past the cap.
        let mut starts: Vec<(usize, usize)> = Vec::new();
        let mut capped: Vec<usize> = Vec::new();
        // A common keyword (`token`) names many rules, nearly all with the same reach: its
        // windows are built and merged once per reach, not once per rule.
        let mut by_reach: Vec<(Span, Vec<Span>)> = Vec::new();
        for group in hits.chunk_by(|a, b| a.0 == b.0) {
            let p = group[0].0;
            by_reach.clear();
            for &r in &self.keyword_rules[p] {
                let reach = self.rules[r].reach;
                let i = match by_reach.iter().position(|(x, _)| *x == reach) {
                    Some(i) => i,
                    None => {
                        let mut w: Vec<Span> = group
                            .iter()
                            .map(|&(_, s, e)| window(data, s, e, reach.0, reach.1))
                            .collect();
                        if group.len() == MAX_HITS_PER_KEYWORD {
                            w.push((group[group.len() - 1].1, data.len()));
                        }
                        by_reach.push((reach, merge(w)));
                        by_reach.len() - 1
                    }
                };
                windows.extend(by_reach[i].1.iter().map(|&w| (r, w)));
                starts.extend(group.iter().map(|&(_, s, _)| (r, s)));
                if group.len() == MAX_HITS_PER_KEYWORD {
                    capped.push(r);
                }
            }
        }
        windows.extend(self.always.iter().map(|&r| (r, (0, data.len()))));
        capped.extend(&self.always);
        windows.sort_unstable();
        starts.sort_unstable();
        starts.dedup();
        let mut starts = starts.chunk_by(|a, b| a.0 == b.0).peekable();
        windows
            .chunk_by(|a, b| a.0 == b.0)
            .map(|w| {
                let rule = w[0].0;
                let mut at = None;
                while let Some(s) = starts.next_if(|s| s[0].0 <= rule) {
                    if s[0].0 == rule {
                        at = Some(s.iter().map(|x| x.1).collect());
                    }
                }
                Trigger {
                    rule,
                    windows: merge(w.iter().map(|x| x.1).collect()),
                    starts: at.filter(|_| !capped.contains(&rule)),
                }
            })
            .collect()
    }

    /// All accepted matches of a triggered rule in `data`.
    pub fn scan_rule<'l>(
        &self,
        t: &Trigger,
        data: &[u8],
        lines: &dyn Fn() -> &'l LineIndex,
        out: &mut Vec<RawMatch>,
    ) {
        self.scan_rule_as(t, data, lines, out, true);
    }

    /// `scan_rule`, with the anchored search allowed or not (tests compare the two).
    fn scan_rule_as<'l>(
        &self,
        t: &Trigger,
        data: &[u8],
        lines: &dyn Fn() -> &'l LineIndex,
        out: &mut Vec<RawMatch>,
        anchored: bool,
    ) {
        let Some(pat) = self.rules[t.rule].pattern() else {
            return;
        };
        let mut caps = pat.re.create_captures();
        let mut cache = pat.caches.get();
        match &t.starts {
            // Anchored at each keyword, bounded by the end of its window: the same matches
            // as a leftmost sweep over the windows, since every match starts at a keyword.
            Some(starts) if anchored && pat.at_keyword => {
                let mut cursor = 0;
                let mut w = 0;
                for &h in starts {
                    if h < cursor {
                        continue;
                    }
                    // The window holding the hit (one always does; `get` keeps a broken
                    // invariant from panicking).
                    while t.windows.get(w).is_some_and(|x| x.1 <= h) {
                        w += 1;
                    }
                    let Some(&(_, end)) = t.windows.get(w) else {
                        break;
                    };
                    let input = Input::new(&data[..end])
                        .range(h..end)
                        .anchored(Anchored::Yes);
                    pat.re.search_captures_with(&mut cache, &input, &mut caps);
                    let Some(m) = caps.get_match() else { continue };
                    cursor = m.end().max(h + 1);
                    if let Some(g) = caps.get_group(pat.group) {
                        self.accept(t.rule, data, g.range(), lines, out);
                    }
                }
            }
            _ => {
                for &(ws, we) in &t.windows {
                    let mut input = Input::new(&data[ws..we]);
                    loop {
                        pat.re.search_captures_with(&mut cache, &input, &mut caps);
                        let Some(m) = caps.get_match() else { break };
                        if let Some(g) = caps.get_group(pat.group) {
                            self.accept(t.rule, data, ws + g.start..ws + g.end, lines, out);
                        }
                        // An empty match moves on by one byte, as `captures_iter` does
                        // (the bytes regex needs no care for UTF-8 boundaries).
                        let next = if m.is_empty() { m.end() + 1 } else { m.end() };
                        if next > input.end() {
                            break;
                        }
                        input.set_start(next);
                    }
                }
            }
        }
    }

    /// Keeps a candidate secret at `span` unless a filter of its rule rejects it.
    fn accept<'l>(
        &self,
        r: usize,
        data: &[u8],
        span: std::ops::Range<usize>,
        lines: &dyn Fn() -> &'l LineIndex,
        out: &mut Vec<RawMatch>,
    ) {
        let rule = &self.rules[r];
        let secret = &data[span.clone()];
        if secret.is_empty() {
            return;
        }
        if let Some(min) = rule.spec.min_entropy {
            if entropy(secret) < min {
                return;
            }
        }
        let mut unverified = false;
        if let Some(v) = &rule.spec.verify {
            if !verify::verify(v, secret) {
                if !verify::shape_survives_failure(v) {
                    return;
                }
                unverified = true;
            }
        }
        if placeholder::is_documented_example(secret) {
            return;
        }
        if let (Some(n), Some(near)) = (&rule.spec.nearby, rule.nearby()) {
            let lines = lines();
            let line = lines.line_of(span.start);
            let first = line.saturating_sub(n.lines).max(1);
            let last = (line + n.lines).min(lines.line_count());
            let from = lines.line_range(data, first).0;
            let to = lines.line_range(data, last).1;
            if !near.is_match(&data[from..to]) {
                return;
            }
        }
        out.push(RawMatch {
            rule: r,
            secret: (span.start, span.end),
            unverified,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_cover_whole_lines_and_merge() {
        let mut data = Vec::new();
        for i in 0..1000 {
            data.extend_from_slice(format!("line {i:04} of some text\n").as_bytes());
        }
        let hit = data.windows(9).position(|w| w == b"line 0500").unwrap();
        let (s, e) = window(&data, hit, hit + 4, 30, 30);
        assert!(s == 0 || data[s - 1] == b'\n');
        assert!(e == data.len() || data[e] == b'\n');
        assert!(s < hit && e > hit + 4 && e - s < 200);
        assert_eq!(
            merge(vec![(5, 9), (0, 3), (2, 6), (20, 30), (31, 33)]),
            [(0, 9), (20, 33)]
        );
        let small = b"tiny file";
        assert_eq!(window(small, 2, 4, 0, 0), (0, small.len()));
    }

    #[test]
    fn knows_which_patterns_start_at_a_keyword() {
        let cases: [(&str, &[&str], bool); 9] = [
            (r"\b(ghp_[A-Za-z0-9]{36})\b", &["ghp_"], true),
            (
                r"(?i)(?:\bpat|token)[\w.-]{0,20}?=([a-z0-9]{52})",
                &["token", "pat"],
                true,
            ),
            // A prefix that may come before the keyword, unless it is a keyword too.
            (
                r"(?i)(?:azure[\w.-]{0,20}?)?storage[_.-]?key=(\w+)",
                &["storage"],
                false,
            ),
            (
                r"(?i)(?:azure[\w.-]{0,20}?)?storage[_.-]?key=(\w+)",
                &["storage", "azure"],
                true,
            ),
            // A scheme of any name before `://`; a prefix shorter than the keyword.
            (r"(?i)\b[a-z][a-z0-9+.-]{1,30}://(\S+)", &["://"], false),
            (r"tok(en)?=(\w+)", &["token"], false),
            // Unbounded prefixes.
            (r"(?m)^\s*password=(\S+)", &["password"], false),
            // Case-insensitive keywords in a long alternation (folded before extraction).
            (
                r"(?i)(?:\bado|azure|devops|vsts|\bpat|token|bootstrap[\w-]{0,20}token)[:=]([a-z0-9]{52})",
                &[
                    "ado",
                    "azure",
                    "devops",
                    "vsts",
                    "pat",
                    "token",
                    "bootstrap",
                ],
                true,
            ),
            // One alternative that starts with no keyword is enough to say no.
            (r"(?i)(?:\bado|azure)[:=](\w+)", &["ado"], false),
        ];
        for (pattern, keywords, want) in cases {
            let k: Vec<String> = keywords.iter().map(|s| s.to_string()).collect();
            let got = Pattern::new(pattern, &k).unwrap().at_keyword();
            assert_eq!(got, want, "{pattern} with {keywords:?}");
        }
        let p = Pattern::new(r"(?P<secret>x)(y)", &[]).unwrap();
        assert!(p.has_secret_group() && p.group == 1);
        assert_eq!(Pattern::new(r"xy", &[]).unwrap().group, 0);
        assert_eq!(Pattern::new(r"x(y)", &[]).unwrap().group, 1);
    }

    /// The anchored search finds exactly what a sweep over the keyword windows finds, for
    /// every built-in rule it applies to, on text made of all the rules' examples.
    #[test]
    fn anchored_search_finds_what_the_window_sweep_finds() {
        use crate::finding::CheckId;
        let specs: Vec<RuleSpec> = crate::rules::catalog()
            .of_check(CheckId::Secrets)
            .filter(|r| r.spec.pattern.is_some())
            .map(|r| r.spec.clone())
            .collect();
        let mut data = Vec::new();
        for s in &specs {
            let examples = crate::rules::examples(&s.id);
            for e in examples.positive.iter().chain(&examples.negative) {
                data.extend_from_slice(e.text().as_bytes());
                data.extend_from_slice(b"\n x = 1 # filler between examples\n");
            }
        }
        let engine = Engine::new(specs);
        let index = LineIndex::new(&data);
        let lines = || &index;
        let (mut anchored_rules, mut found) = (0, 0);
        for t in engine.triggered(&data) {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            engine.scan_rule_as(&t, &data, &lines, &mut a, true);
            engine.scan_rule_as(&t, &data, &lines, &mut b, false);
            let spans = |v: &[RawMatch]| v.iter().map(|m| m.secret).collect::<Vec<_>>();
            assert_eq!(spans(&a), spans(&b), "{}", engine.rules[t.rule].spec.id);
            if t.starts.is_some() && engine.rules[t.rule].pattern().unwrap().at_keyword() {
                anchored_rules += 1;
                found += a.len();
            }
        }
        assert!(
            anchored_rules > 250,
            "{anchored_rules} rules searched anchored"
        );
        assert!(found > 300, "{found} matches");
    }
}
