//! Output for people: findings grouped by file, the offending line with a caret, colors
//! only on a terminal, and a summary line.
use super::Report;
use crate::finding::Severity;
use std::fmt::Write;

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn severity(&self, s: Severity) -> String {
        let code = match s {
            Severity::Critical => "1;35",
            Severity::High => "1;31",
            Severity::Medium => "33",
            Severity::Low => "36",
            Severity::Info => "2",
        };
        self.wrap(code, s.as_str())
    }
}

pub fn render(r: &Report<'_>) -> String {
    let p = Paint(r.color);
    let mut out = String::new();
    let mut current: Option<&str> = None;
    for f in r.findings {
        if current != Some(f.path.as_str()) {
            if current.is_some() {
                out.push('\n');
            }
            let _ = writeln!(out, "{}", p.wrap("1;4", &f.path));
            current = Some(&f.path);
        }
        let _ = writeln!(
            out,
            "  {}:{}  {}  {}  {}",
            f.line,
            f.column,
            p.severity(f.severity),
            p.wrap("1", &f.rule_id),
            f.message
        );
        if !f.snippet.is_empty() {
            let num = f.line.to_string();
            let pad = " ".repeat(num.len());
            let _ = writeln!(out, "    {pad} {}", p.wrap("34", "|"));
            let _ = writeln!(
                out,
                "    {} {} {}",
                p.wrap("34", &num),
                p.wrap("34", "|"),
                f.snippet
            );
            let (s, e) = f.snippet_span;
            let width = e.saturating_sub(s).max(1);
            let _ = writeln!(
                out,
                "    {pad} {} {}{}",
                p.wrap("34", "|"),
                " ".repeat(s),
                p.wrap("1;31", &"^".repeat(width))
            );
        }
    }
    if !r.findings.is_empty() {
        out.push('\n');
    }
    for n in r.notes {
        let _ = writeln!(out, "{} {n}", p.wrap("33", "note:"));
    }
    out.push_str(&summary_line(r, &p));
    out
}

fn summary_line(r: &Report<'_>, p: &Paint) -> String {
    let s = r.summary;
    let counts: Vec<String> = Severity::ALL
        .iter()
        .rev()
        .filter_map(|sev| {
            s.by_severity
                .get(sev)
                .map(|n| format!("{n} {}", p.severity(*sev)))
        })
        .collect();
    let found = match s.findings {
        0 => p.wrap("32", "no findings"),
        1 => format!("1 finding ({})", counts.join(", ")),
        n => format!("{n} findings ({})", counts.join(", ")),
    };
    let suppressed = if s.suppressed > 0 {
        format!(", {} suppressed", s.suppressed)
    } else {
        String::new()
    };
    let skipped = if s.skipped.is_empty() {
        String::new()
    } else {
        let parts: Vec<String> = s
            .skipped
            .iter()
            .map(|(why, n)| format!("{n} {why}"))
            .collect();
        format!("; skipped {}", parts.join(", "))
    };
    format!(
        "{found}{suppressed} in {} files ({}) in {:.2}s{skipped}\n",
        s.files_scanned,
        human_bytes(s.bytes_scanned),
        s.duration_ms as f64 / 1000.0
    )
}

pub(crate) fn human_bytes(b: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut v = b as f64;
    let mut i = 0;
    while v >= 1024.0 && i < UNITS.len() - 1 {
        v /= 1024.0;
        i += 1;
    }
    if i == 0 {
        format!("{b} B")
    } else {
        format!("{v:.1} {}", UNITS[i])
    }
}
