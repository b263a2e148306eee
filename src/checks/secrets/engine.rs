//! The rule engine: one keyword pass (`keywords.rs`) finds which rules' keywords occur in
//! a buffer; only those rules' regexes run, and each regex is compiled the first time it is needed,
//! so a one-file scan does not pay for hundreds of patterns it never uses.
use super::keywords::Keywords;
use super::{placeholder, verify};
use crate::rules::RuleSpec;
use crate::text::{entropy, LineIndex};
use regex::bytes::{Regex, RegexBuilder};
use std::sync::OnceLock;

pub struct CompiledRule {
    pub spec: RuleSpec,
    regex: OnceLock<Option<Regex>>,
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
    pub fn regex(&self) -> Option<&Regex> {
        self.regex
            .get_or_init(|| self.spec.pattern.as_deref().and_then(|p| build(p).ok()))
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
type Span = (usize, usize);

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
    pub fn triggered(&self, data: &[u8]) -> Vec<(usize, Vec<Span>)> {
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
            }
        }
        windows.extend(self.always.iter().map(|&r| (r, (0, data.len()))));
        windows.sort_unstable();
        windows
            .chunk_by(|a, b| a.0 == b.0)
            .map(|w| (w[0].0, merge(w.iter().map(|x| x.1).collect())))
            .collect()
    }

    /// All accepted matches of rule `r` inside `windows` of `data`.
    pub fn scan_rule<'l>(
        &self,
        r: usize,
        data: &[u8],
        windows: &[(usize, usize)],
        lines: &dyn Fn() -> &'l LineIndex,
        out: &mut Vec<RawMatch>,
    ) {
        for &(ws, we) in windows {
            self.scan_window(r, data, ws, we, lines, out);
        }
    }

    fn scan_window<'l>(
        &self,
        r: usize,
        data: &[u8],
        ws: usize,
        we: usize,
        lines: &dyn Fn() -> &'l LineIndex,
        out: &mut Vec<RawMatch>,
    ) {
        let rule = &self.rules[r];
        let Some(re) = rule.regex() else { return };
        let named = re.capture_names().position(|n| n == Some("secret"));
        for caps in re.captures_iter(&data[ws..we]) {
            let m = named
                .and_then(|i| caps.get(i))
                .or_else(|| if named.is_none() { caps.get(1) } else { None })
                .or_else(|| {
                    if re.captures_len() == 1 {
                        caps.get(0)
                    } else {
                        None
                    }
                });
            let Some(m) = m else { continue };
            let secret = m.as_bytes();
            if secret.is_empty() {
                continue;
            }
            if let Some(min) = rule.spec.min_entropy {
                if entropy(secret) < min {
                    continue;
                }
            }
            let mut unverified = false;
            if let Some(v) = &rule.spec.verify {
                if !verify::verify(v, secret) {
                    if !verify::shape_survives_failure(v) {
                        continue;
                    }
                    unverified = true;
                }
            }
            if placeholder::is_documented_example(secret) {
                continue;
            }
            if let (Some(n), Some(near)) = (&rule.spec.nearby, rule.nearby()) {
                let lines = lines();
                let line = lines.line_of(ws + m.start());
                let first = line.saturating_sub(n.lines).max(1);
                let last = (line + n.lines).min(lines.line_count());
                let from = lines.line_range(data, first).0;
                let to = lines.line_range(data, last).1;
                if !near.is_match(&data[from..to]) {
                    continue;
                }
            }
            out.push(RawMatch {
                rule: r,
                secret: (ws + m.start(), ws + m.end()),
                unverified,
            });
        }
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
}
