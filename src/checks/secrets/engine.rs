//! The rule engine: one Aho-Corasick pass finds which rules' keywords occur in a buffer;
//! only those rules' regexes run, and each regex is compiled the first time it is needed,
//! so a one-file scan does not pay for hundreds of patterns it never uses.
use super::{placeholder, verify};
use crate::rules::RuleSpec;
use crate::text::{entropy, LineIndex};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::bytes::{Regex, RegexBuilder};
use std::sync::OnceLock;

pub struct CompiledRule {
    pub spec: RuleSpec,
    regex: OnceLock<Option<Regex>>,
    nearby: OnceLock<Option<Regex>>,
}

impl CompiledRule {
    fn new(spec: RuleSpec) -> CompiledRule {
        CompiledRule { spec, regex: OnceLock::new(), nearby: OnceLock::new() }
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
            .get_or_init(|| self.spec.nearby.as_ref().and_then(|n| build(&n.pattern).ok()))
            .as_ref()
    }
}

pub fn build(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern).size_limit(16 << 20).dfa_size_limit(4 << 20).build()
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
    prefilter: AhoCorasick,
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
        let prefilter = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&keywords)
            .expect("keyword automaton builds");
        Engine { rules: specs.into_iter().map(CompiledRule::new).collect(), prefilter, keyword_rules, always }
    }

    /// Which rules have a keyword in `data`.
    pub fn triggered(&self, data: &[u8]) -> Vec<usize> {
        let mut hit = vec![false; self.rules.len()];
        let mut seen = vec![false; self.keyword_rules.len()];
        for m in self.prefilter.find_overlapping_iter(data) {
            let p = m.pattern().as_usize();
            if !seen[p] {
                seen[p] = true;
                for &r in &self.keyword_rules[p] {
                    hit[r] = true;
                }
            }
        }
        for &r in &self.always {
            hit[r] = true;
        }
        hit.iter().enumerate().filter(|(_, &h)| h).map(|(i, _)| i).collect()
    }

    /// All accepted matches of the triggered rules in `data`.
    pub fn scan(&self, data: &[u8], lines: &LineIndex, out: &mut Vec<RawMatch>) {
        for r in self.triggered(data) {
            self.scan_rule(r, data, lines, out);
        }
    }

    pub fn scan_rule(&self, r: usize, data: &[u8], lines: &LineIndex, out: &mut Vec<RawMatch>) {
        let rule = &self.rules[r];
        let Some(re) = rule.regex() else { return };
        let named = re.capture_names().position(|n| n == Some("secret"));
        for caps in re.captures_iter(data) {
            let m = named
                .and_then(|i| caps.get(i))
                .or_else(|| if named.is_none() { caps.get(1) } else { None })
                .or_else(|| if re.captures_len() == 1 { caps.get(0) } else { None });
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
                let line = lines.line_of(m.start());
                let first = line.saturating_sub(n.lines).max(1);
                let last = (line + n.lines).min(lines.line_count());
                let from = lines.line_range(data, first).0;
                let to = lines.line_range(data, last).1;
                if !near.is_match(&data[from..to]) {
                    continue;
                }
            }
            out.push(RawMatch { rule: r, secret: (m.start(), m.end()), unverified });
        }
    }
}
