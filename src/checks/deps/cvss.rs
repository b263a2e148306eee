//! CVSS scores from vector strings: v2.0, v3.0/v3.1 (base score, the formulas of the FIRST
//! specifications) and v4.0 (the FIRST scoring method: MacroVector lookup and interpolation by
//! severity distance, as in the specification's reference calculator, including the threat
//! and environmental metrics when a vector carries them).
//!
//! Every function returns `None` for a vector that is not valid for its version (unknown or
//! repeated metric, bad value, missing base metric) and never panics.

/// The CVSS version a vector was scored with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    V2,
    V3_0,
    V3_1,
    V4_0,
}

/// A vector's score.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Score {
    pub version: Version,
    /// 0.0 to 10.0, one decimal.
    pub score: f64,
}

/// Scores a vector of any supported version, told apart by its prefix (`CVSS:3.1/`,
/// `CVSS:4.0/`; a v2 vector has none).
pub fn score(vector: &str) -> Option<Score> {
    let v = vector.trim();
    if v.starts_with("CVSS:4.0/") {
        v4_score(v).map(|score| Score {
            version: Version::V4_0,
            score,
        })
    } else if v.starts_with("CVSS:3.1/") {
        v3_base_score(v).map(|score| Score {
            version: Version::V3_1,
            score,
        })
    } else if v.starts_with("CVSS:3.0/") {
        v3_base_score(v).map(|score| Score {
            version: Version::V3_0,
            score,
        })
    } else {
        v2_base_score(v).map(|score| Score {
            version: Version::V2,
            score,
        })
    }
}

/// The qualitative rating of a v3/v4 score: `none` (0.0), `low` (0.1-3.9), `medium`
/// (4.0-6.9), `high` (7.0-8.9), `critical` (9.0-10.0).
pub fn label(score: f64) -> &'static str {
    if score >= 9.0 {
        "critical"
    } else if score >= 7.0 {
        "high"
    } else if score >= 4.0 {
        "medium"
    } else if score > 0.0 {
        "low"
    } else {
        "none"
    }
}

/// The rating NVD gives a v2 score (v2 has no "critical"): `low` (0.0-3.9), `medium`
/// (4.0-6.9), `high` (7.0-10.0).
pub fn label_v2(score: f64) -> &'static str {
    if score >= 7.0 {
        "high"
    } else if score >= 4.0 {
        "medium"
    } else {
        "low"
    }
}

/// Metrics of a vector: `(name, value)` pairs, each name once.
struct Metrics<'a> {
    pairs: Vec<(&'a str, &'a str)>,
}

impl<'a> Metrics<'a> {
    /// Splits `K:V/K:V...`, checking every name against `allowed` (name, values).
    fn parse(body: &'a str, allowed: &[(&str, &[&str])]) -> Option<Metrics<'a>> {
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        for part in body.split('/') {
            let (k, v) = part.split_once(':')?;
            let (_, values) = allowed.iter().find(|(name, _)| *name == k)?;
            if !values.contains(&v) || pairs.iter().any(|(seen, _)| *seen == k) {
                return None;
            }
            pairs.push((k, v));
        }
        Some(Metrics { pairs })
    }

    fn get(&self, key: &str) -> Option<&'a str> {
        self.pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }

    fn has_all(&self, keys: &[&str]) -> bool {
        keys.iter().all(|k| self.get(k).is_some())
    }
}

// ---------------------------------------------------------------------------------------
// CVSS v2.0

const V2_METRICS: &[(&str, &[&str])] = &[
    ("AV", &["L", "A", "N"]),
    ("AC", &["H", "M", "L"]),
    ("Au", &["M", "S", "N"]),
    ("C", &["N", "P", "C"]),
    ("I", &["N", "P", "C"]),
    ("A", &["N", "P", "C"]),
    ("E", &["U", "POC", "F", "H", "ND"]),
    ("RL", &["OF", "TF", "W", "U", "ND"]),
    ("RC", &["UC", "UR", "C", "ND"]),
    ("CDP", &["N", "L", "LM", "MH", "H", "ND"]),
    ("TD", &["N", "L", "M", "H", "ND"]),
    ("CR", &["L", "M", "H", "ND"]),
    ("IR", &["L", "M", "H", "ND"]),
    ("AR", &["L", "M", "H", "ND"]),
];

/// CVSS v2.0 base score (`AV:N/AC:L/Au:N/C:P/I:P/A:P`, optionally in parentheses).
pub fn v2_base_score(vector: &str) -> Option<f64> {
    let v = vector.trim();
    let v = v
        .strip_prefix('(')
        .and_then(|v| v.strip_suffix(')'))
        .unwrap_or(v);
    let v = v.strip_prefix("CVSS:2.0/").unwrap_or(v);
    let m = Metrics::parse(v, V2_METRICS)?;
    if !m.has_all(&["AV", "AC", "Au", "C", "I", "A"]) {
        return None;
    }
    let av: f64 = match m.get("AV")? {
        "L" => 0.395,
        "A" => 0.646,
        _ => 1.0,
    };
    let ac = match m.get("AC")? {
        "H" => 0.35,
        "M" => 0.61,
        _ => 0.71,
    };
    let au = match m.get("Au")? {
        "M" => 0.45,
        "S" => 0.56,
        _ => 0.704,
    };
    let cia = |k: &str| -> f64 {
        match m.get(k) {
            Some("P") => 0.275,
            Some("C") => 0.660,
            _ => 0.0,
        }
    };
    let impact = 10.41 * (1.0 - (1.0 - cia("C")) * (1.0 - cia("I")) * (1.0 - cia("A")));
    let exploitability = 20.0 * av * ac * au;
    let f = if impact == 0.0 { 0.0 } else { 1.176 };
    let base = ((0.6 * impact) + (0.4 * exploitability) - 1.5) * f;
    Some(round1(base.max(0.0)))
}

/// Rounds to one decimal, halves up (with a tolerance for binary fractions).
fn round1(x: f64) -> f64 {
    ((x * 10.0) + 1e-9).round() / 10.0
}

// ---------------------------------------------------------------------------------------
// CVSS v3.0 / v3.1

const V3_METRICS: &[(&str, &[&str])] = &[
    ("AV", &["N", "A", "L", "P"]),
    ("AC", &["L", "H"]),
    ("PR", &["N", "L", "H"]),
    ("UI", &["N", "R"]),
    ("S", &["U", "C"]),
    ("C", &["H", "L", "N"]),
    ("I", &["H", "L", "N"]),
    ("A", &["H", "L", "N"]),
    ("E", &["X", "H", "F", "P", "U"]),
    ("RL", &["X", "U", "W", "T", "O"]),
    ("RC", &["X", "C", "R", "U"]),
    ("CR", &["X", "H", "M", "L"]),
    ("IR", &["X", "H", "M", "L"]),
    ("AR", &["X", "H", "M", "L"]),
    ("MAV", &["X", "N", "A", "L", "P"]),
    ("MAC", &["X", "L", "H"]),
    ("MPR", &["X", "N", "L", "H"]),
    ("MUI", &["X", "N", "R"]),
    ("MS", &["X", "U", "C"]),
    ("MC", &["X", "H", "L", "N"]),
    ("MI", &["X", "H", "L", "N"]),
    ("MA", &["X", "H", "L", "N"]),
];

/// The CVSS v3.1 `Roundup`: the smallest one-decimal number >= the input, computed on
/// integers so that binary fractions do not round 4.0000001 up to 4.1. (Also used for v3.0,
/// whose plain ceiling differs only through such floating-point artefacts.)
fn roundup(x: f64) -> f64 {
    let int_input = (x * 100_000.0).round() as i64;
    if int_input % 10_000 == 0 {
        int_input as f64 / 100_000.0
    } else {
        ((int_input / 10_000) as f64 + 1.0) / 10.0
    }
}

/// CVSS v3.0/v3.1 base score of a `CVSS:3.x/...` vector (temporal and environmental metrics
/// are accepted and do not change the base score).
pub fn v3_base_score(vector: &str) -> Option<f64> {
    let v = vector.trim();
    let body = v
        .strip_prefix("CVSS:3.1/")
        .or_else(|| v.strip_prefix("CVSS:3.0/"))?;
    let m = Metrics::parse(body, V3_METRICS)?;
    if !m.has_all(&["AV", "AC", "PR", "UI", "S", "C", "I", "A"]) {
        return None;
    }
    let changed = m.get("S")? == "C";
    let av: f64 = match m.get("AV")? {
        "N" => 0.85,
        "A" => 0.62,
        "L" => 0.55,
        _ => 0.2,
    };
    let ac = if m.get("AC")? == "L" { 0.77 } else { 0.44 };
    let pr = match (m.get("PR")?, changed) {
        ("N", _) => 0.85,
        ("L", false) => 0.62,
        ("L", true) => 0.68,
        (_, false) => 0.27,
        (_, true) => 0.5,
    };
    let ui = if m.get("UI")? == "N" { 0.85 } else { 0.62 };
    let cia = |k: &str| -> f64 {
        match m.get(k) {
            Some("H") => 0.56,
            Some("L") => 0.22,
            _ => 0.0,
        }
    };
    let iss = 1.0 - ((1.0 - cia("C")) * (1.0 - cia("I")) * (1.0 - cia("A")));
    let impact = if changed {
        7.52 * (iss - 0.029) - 3.25 * (iss - 0.02).powi(15)
    } else {
        6.42 * iss
    };
    let exploitability = 8.22 * av * ac * pr * ui;
    if impact <= 0.0 {
        return Some(0.0);
    }
    Some(if changed {
        roundup((1.08 * (impact + exploitability)).min(10.0))
    } else {
        roundup((impact + exploitability).min(10.0))
    })
}

// ---------------------------------------------------------------------------------------
// CVSS v4.0

const V4_METRICS: &[(&str, &[&str])] = &[
    ("AV", &["N", "A", "L", "P"]),
    ("AC", &["L", "H"]),
    ("AT", &["N", "P"]),
    ("PR", &["N", "L", "H"]),
    ("UI", &["N", "P", "A"]),
    ("VC", &["H", "L", "N"]),
    ("VI", &["H", "L", "N"]),
    ("VA", &["H", "L", "N"]),
    ("SC", &["H", "L", "N"]),
    ("SI", &["H", "L", "N"]),
    ("SA", &["H", "L", "N"]),
    ("E", &["X", "A", "P", "U"]),
    ("CR", &["X", "H", "M", "L"]),
    ("IR", &["X", "H", "M", "L"]),
    ("AR", &["X", "H", "M", "L"]),
    ("MAV", &["X", "N", "A", "L", "P"]),
    ("MAC", &["X", "L", "H"]),
    ("MAT", &["X", "N", "P"]),
    ("MPR", &["X", "N", "L", "H"]),
    ("MUI", &["X", "N", "P", "A"]),
    ("MVC", &["X", "H", "L", "N"]),
    ("MVI", &["X", "H", "L", "N"]),
    ("MVA", &["X", "H", "L", "N"]),
    ("MSC", &["X", "H", "L", "N"]),
    ("MSI", &["X", "S", "H", "L", "N"]),
    ("MSA", &["X", "S", "H", "L", "N"]),
    ("S", &["X", "N", "P"]),
    ("AU", &["X", "N", "Y"]),
    ("R", &["X", "A", "U", "I"]),
    ("V", &["X", "D", "C"]),
    ("RE", &["X", "L", "M", "H"]),
    ("U", &["X", "Clear", "Green", "Amber", "Red"]),
];

const V4_BASE: [&str; 11] = [
    "AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA",
];

/// The effective value of a metric, as the specification's calculator defines it: threat
/// and security requirements default to their worst case (`E:A`, `CR/IR/AR:H`), and a
/// modified (environmental) metric other than `X` replaces its base metric.
fn v4_effective<'a>(m: &Metrics<'a>, metric: &str) -> &'a str {
    let selected = m.get(metric).unwrap_or("X");
    match metric {
        "E" if selected == "X" => return "A",
        "CR" | "IR" | "AR" if selected == "X" => return "H",
        _ => {}
    }
    let modified = match metric {
        "AV" => "MAV",
        "AC" => "MAC",
        "AT" => "MAT",
        "PR" => "MPR",
        "UI" => "MUI",
        "VC" => "MVC",
        "VI" => "MVI",
        "VA" => "MVA",
        "SC" => "MSC",
        "SI" => "MSI",
        "SA" => "MSA",
        _ => return selected,
    };
    match m.get(modified) {
        Some(value) if value != "X" => value,
        _ => selected,
    }
}

/// The MacroVector score table of the CVSS v4.0 specification: EQ1..EQ6 digits → score.
const V4_LOOKUP: &[(&str, f64)] = &[
    ("000000", 10.0),
    ("000001", 9.9),
    ("000010", 9.8),
    ("000011", 9.5),
    ("000020", 9.5),
    ("000021", 9.2),
    ("000100", 10.0),
    ("000101", 9.6),
    ("000110", 9.3),
    ("000111", 8.7),
    ("000120", 9.1),
    ("000121", 8.1),
    ("000200", 9.3),
    ("000201", 9.0),
    ("000210", 8.9),
    ("000211", 8.0),
    ("000220", 8.1),
    ("000221", 6.8),
    ("001000", 9.8),
    ("001001", 9.5),
    ("001010", 9.5),
    ("001011", 9.2),
    ("001020", 9.0),
    ("001021", 8.4),
    ("001100", 9.3),
    ("001101", 9.2),
    ("001110", 8.9),
    ("001111", 8.1),
    ("001120", 8.1),
    ("001121", 6.5),
    ("001200", 8.8),
    ("001201", 8.0),
    ("001210", 7.8),
    ("001211", 7.0),
    ("001220", 6.9),
    ("001221", 4.8),
    ("002001", 9.2),
    ("002011", 8.2),
    ("002021", 7.2),
    ("002101", 7.9),
    ("002111", 6.9),
    ("002121", 5.0),
    ("002201", 6.9),
    ("002211", 5.5),
    ("002221", 2.7),
    ("010000", 9.9),
    ("010001", 9.7),
    ("010010", 9.5),
    ("010011", 9.2),
    ("010020", 9.2),
    ("010021", 8.5),
    ("010100", 9.5),
    ("010101", 9.1),
    ("010110", 9.0),
    ("010111", 8.3),
    ("010120", 8.4),
    ("010121", 7.1),
    ("010200", 9.2),
    ("010201", 8.1),
    ("010210", 8.2),
    ("010211", 7.1),
    ("010220", 7.2),
    ("010221", 5.3),
    ("011000", 9.5),
    ("011001", 9.3),
    ("011010", 9.2),
    ("011011", 8.5),
    ("011020", 8.5),
    ("011021", 7.3),
    ("011100", 9.2),
    ("011101", 8.2),
    ("011110", 8.0),
    ("011111", 7.2),
    ("011120", 7.0),
    ("011121", 5.9),
    ("011200", 8.4),
    ("011201", 7.0),
    ("011210", 7.1),
    ("011211", 5.2),
    ("011220", 5.0),
    ("011221", 3.0),
    ("012001", 8.6),
    ("012011", 7.5),
    ("012021", 5.2),
    ("012101", 7.1),
    ("012111", 5.2),
    ("012121", 2.9),
    ("012201", 6.3),
    ("012211", 2.9),
    ("012221", 1.7),
    ("100000", 9.8),
    ("100001", 9.5),
    ("100010", 9.4),
    ("100011", 8.7),
    ("100020", 9.1),
    ("100021", 8.1),
    ("100100", 9.4),
    ("100101", 8.9),
    ("100110", 8.6),
    ("100111", 7.4),
    ("100120", 7.7),
    ("100121", 6.4),
    ("100200", 8.7),
    ("100201", 7.5),
    ("100210", 7.4),
    ("100211", 6.3),
    ("100220", 6.3),
    ("100221", 4.9),
    ("101000", 9.4),
    ("101001", 8.9),
    ("101010", 8.8),
    ("101011", 7.7),
    ("101020", 7.6),
    ("101021", 6.7),
    ("101100", 8.6),
    ("101101", 7.6),
    ("101110", 7.4),
    ("101111", 5.8),
    ("101120", 5.9),
    ("101121", 5.0),
    ("101200", 7.2),
    ("101201", 5.7),
    ("101210", 5.7),
    ("101211", 5.2),
    ("101220", 5.2),
    ("101221", 2.5),
    ("102001", 8.3),
    ("102011", 7.0),
    ("102021", 5.4),
    ("102101", 6.5),
    ("102111", 5.8),
    ("102121", 2.6),
    ("102201", 5.3),
    ("102211", 2.1),
    ("102221", 1.3),
    ("110000", 9.5),
    ("110001", 9.0),
    ("110010", 8.8),
    ("110011", 7.6),
    ("110020", 7.6),
    ("110021", 7.0),
    ("110100", 9.0),
    ("110101", 7.7),
    ("110110", 7.5),
    ("110111", 6.2),
    ("110120", 6.1),
    ("110121", 5.3),
    ("110200", 7.7),
    ("110201", 6.6),
    ("110210", 6.8),
    ("110211", 5.9),
    ("110220", 5.2),
    ("110221", 3.0),
    ("111000", 8.9),
    ("111001", 7.8),
    ("111010", 7.6),
    ("111011", 6.7),
    ("111020", 6.2),
    ("111021", 5.8),
    ("111100", 7.4),
    ("111101", 5.9),
    ("111110", 5.7),
    ("111111", 5.7),
    ("111120", 4.7),
    ("111121", 2.3),
    ("111200", 6.1),
    ("111201", 5.2),
    ("111210", 5.7),
    ("111211", 2.9),
    ("111220", 2.4),
    ("111221", 1.6),
    ("112001", 7.1),
    ("112011", 5.9),
    ("112021", 3.0),
    ("112101", 5.8),
    ("112111", 2.6),
    ("112121", 1.5),
    ("112201", 2.3),
    ("112211", 1.3),
    ("112221", 0.6),
    ("200000", 9.3),
    ("200001", 8.7),
    ("200010", 8.6),
    ("200011", 7.2),
    ("200020", 7.5),
    ("200021", 5.8),
    ("200100", 8.6),
    ("200101", 7.4),
    ("200110", 7.4),
    ("200111", 6.1),
    ("200120", 5.6),
    ("200121", 3.4),
    ("200200", 7.0),
    ("200201", 5.4),
    ("200210", 5.2),
    ("200211", 4.0),
    ("200220", 4.0),
    ("200221", 2.2),
    ("201000", 8.5),
    ("201001", 7.5),
    ("201010", 7.4),
    ("201011", 5.5),
    ("201020", 6.2),
    ("201021", 5.1),
    ("201100", 7.2),
    ("201101", 5.7),
    ("201110", 5.5),
    ("201111", 4.1),
    ("201120", 4.6),
    ("201121", 1.9),
    ("201200", 5.3),
    ("201201", 3.6),
    ("201210", 3.4),
    ("201211", 1.9),
    ("201220", 1.9),
    ("201221", 0.8),
    ("202001", 6.4),
    ("202011", 5.1),
    ("202021", 2.0),
    ("202101", 4.7),
    ("202111", 2.1),
    ("202121", 1.1),
    ("202201", 2.4),
    ("202211", 0.9),
    ("202221", 0.4),
    ("210000", 8.8),
    ("210001", 7.5),
    ("210010", 7.3),
    ("210011", 5.3),
    ("210020", 6.0),
    ("210021", 5.0),
    ("210100", 7.3),
    ("210101", 5.5),
    ("210110", 5.9),
    ("210111", 4.0),
    ("210120", 4.1),
    ("210121", 2.0),
    ("210200", 5.4),
    ("210201", 4.3),
    ("210210", 4.5),
    ("210211", 2.2),
    ("210220", 2.0),
    ("210221", 1.1),
    ("211000", 7.5),
    ("211001", 5.5),
    ("211010", 5.8),
    ("211011", 4.5),
    ("211020", 4.0),
    ("211021", 2.1),
    ("211100", 6.1),
    ("211101", 5.1),
    ("211110", 4.8),
    ("211111", 1.8),
    ("211120", 2.0),
    ("211121", 0.9),
    ("211200", 4.6),
    ("211201", 1.8),
    ("211210", 1.7),
    ("211211", 0.7),
    ("211220", 0.8),
    ("211221", 0.2),
    ("212001", 5.3),
    ("212011", 2.4),
    ("212021", 1.4),
    ("212101", 2.4),
    ("212111", 1.2),
    ("212121", 0.5),
    ("212201", 1.0),
    ("212211", 0.3),
    ("212221", 0.1),
];

fn v4_lookup(eq: [u8; 6]) -> Option<f64> {
    let key = eq.map(|d| b'0'.saturating_add(d));
    V4_LOOKUP
        .iter()
        .find(|(k, _)| k.as_bytes() == key)
        .map(|(_, s)| *s)
}

/// The severity levels the specification uses to measure distances inside a MacroVector.
fn v4_level(metric: &str, value: &str) -> f64 {
    match (metric, value) {
        ("AV", "N") | ("PR", "N") | ("UI", "N") | ("AC", "L") | ("AT", "N") => 0.0,
        ("AV", "A") | ("PR", "L") | ("UI", "P") | ("AC", "H") | ("AT", "P") => 0.1,
        ("AV", "L") | ("PR", "H") | ("UI", "A") => 0.2,
        ("AV", "P") => 0.3,
        ("VC" | "VI" | "VA", "H") => 0.0,
        ("VC" | "VI" | "VA", "L") => 0.1,
        ("VC" | "VI" | "VA", "N") => 0.2,
        ("SC", "H") => 0.1,
        ("SC", "L") => 0.2,
        ("SC", "N") => 0.3,
        ("SI" | "SA", "S") => 0.0,
        ("SI" | "SA", "H") => 0.1,
        ("SI" | "SA", "L") => 0.2,
        ("SI" | "SA", "N") => 0.3,
        ("CR" | "IR" | "AR", "H") => 0.0,
        ("CR" | "IR" | "AR", "M") => 0.1,
        ("CR" | "IR" | "AR", "L") => 0.2,
        _ => 0.0,
    }
}

/// The highest-severity vectors of each EQ level (specification data), as metric values in
/// the order of the names given.
const EQ1_NAMES: [&str; 3] = ["AV", "PR", "UI"];
const EQ2_NAMES: [&str; 2] = ["AC", "AT"];
const EQ36_NAMES: [&str; 6] = ["VC", "VI", "VA", "CR", "IR", "AR"];
const EQ4_NAMES: [&str; 3] = ["SC", "SI", "SA"];

fn eq1_maxes(level: u8) -> &'static [[&'static str; 3]] {
    match level {
        0 => &[["N", "N", "N"]],
        1 => &[["A", "N", "N"], ["N", "L", "N"], ["N", "N", "P"]],
        _ => &[["P", "N", "N"], ["A", "L", "P"]],
    }
}

fn eq2_maxes(level: u8) -> &'static [[&'static str; 2]] {
    match level {
        0 => &[["L", "N"]],
        _ => &[["H", "N"], ["L", "P"]],
    }
}

fn eq3eq6_maxes(eq3: u8, eq6: u8) -> &'static [[&'static str; 6]] {
    match (eq3, eq6) {
        (0, 0) => &[["H", "H", "H", "H", "H", "H"]],
        (0, _) => &[
            ["H", "H", "L", "M", "M", "H"],
            ["H", "H", "H", "M", "M", "M"],
        ],
        (1, 0) => &[
            ["L", "H", "H", "H", "H", "H"],
            ["H", "L", "H", "H", "H", "H"],
        ],
        (1, _) => &[
            ["L", "H", "L", "H", "M", "H"],
            ["L", "H", "H", "H", "M", "M"],
            ["H", "L", "H", "M", "H", "M"],
            ["H", "L", "L", "M", "H", "H"],
            ["L", "L", "H", "H", "H", "M"],
        ],
        _ => &[["L", "L", "L", "H", "H", "H"]],
    }
}

fn eq4_maxes(level: u8) -> &'static [[&'static str; 3]] {
    match level {
        0 => &[["H", "S", "S"]],
        1 => &[["H", "H", "H"]],
        _ => &[["L", "L", "L"]],
    }
}

/// The depth of each EQ level, in severity steps (specification data).
fn max_severity(eq: usize, level: u8, eq6: u8) -> f64 {
    match (eq, level, eq6) {
        (1, 0, _) => 1.0,
        (1, 1, _) => 4.0,
        (1, _, _) => 5.0,
        (2, 0, _) => 1.0,
        (2, _, _) => 2.0,
        (3, 0, 0) => 7.0,
        (3, 0, _) => 6.0,
        (3, 1, _) => 8.0,
        (3, _, _) => 10.0,
        (4, 0, _) => 6.0,
        (4, 1, _) => 5.0,
        (4, _, _) => 4.0,
        _ => 1.0,
    }
}

/// CVSS v4.0 score of a `CVSS:4.0/...` vector (CVSS-B for a base vector; CVSS-BT, -BE or
/// -BTE when threat or environmental metrics are given), by the specification's method.
pub fn v4_score(vector: &str) -> Option<f64> {
    let body = vector.trim().strip_prefix("CVSS:4.0/")?;
    let m = Metrics::parse(body, V4_METRICS)?;
    if !m.has_all(&V4_BASE) {
        return None;
    }
    let e = |metric: &str| v4_effective(&m, metric);

    if ["VC", "VI", "VA", "SC", "SI", "SA"]
        .iter()
        .all(|k| e(k) == "N")
    {
        return Some(0.0);
    }

    // The MacroVector.
    let (av, pr, ui) = (e("AV"), e("PR"), e("UI"));
    let eq1 = if av == "N" && pr == "N" && ui == "N" {
        0
    } else if (av == "N" || pr == "N" || ui == "N") && av != "P" {
        1
    } else {
        2
    };
    let eq2 = if e("AC") == "L" && e("AT") == "N" {
        0
    } else {
        1
    };
    let (vc, vi, va) = (e("VC"), e("VI"), e("VA"));
    let eq3 = if vc == "H" && vi == "H" {
        0
    } else if vc == "H" || vi == "H" || va == "H" {
        1
    } else {
        2
    };
    let eq4 = if e("MSI") == "S" || e("MSA") == "S" {
        0
    } else if e("SC") == "H" || e("SI") == "H" || e("SA") == "H" {
        1
    } else {
        2
    };
    let eq5 = match e("E") {
        "A" => 0,
        "P" => 1,
        _ => 2,
    };
    let eq6 = if (e("CR") == "H" && vc == "H")
        || (e("IR") == "H" && vi == "H")
        || (e("AR") == "H" && va == "H")
    {
        0
    } else {
        1
    };
    let macro_vector = [eq1, eq2, eq3, eq4, eq5, eq6];
    let value = v4_lookup(macro_vector)?;

    // Scores of the next lower MacroVectors (None where there is none).
    let lower = |i: usize| {
        let mut next = macro_vector;
        next[i] += 1;
        v4_lookup(next)
    };
    let score_eq1_lower = lower(0);
    let score_eq2_lower = lower(1);
    let score_eq3eq6_lower = match (eq3, eq6) {
        (1, 1) | (0, 1) => lower(2),
        (1, 0) => lower(5),
        (0, 0) => match (lower(5), lower(2)) {
            (Some(left), Some(right)) if left > right => Some(left),
            (_, right) => right,
        },
        _ => {
            let mut next = macro_vector;
            next[2] += 1;
            next[5] += 1;
            v4_lookup(next)
        }
    };
    let score_eq4_lower = lower(3);
    let score_eq5_lower = lower(4);

    // The severity distance from the first highest-severity vector of the MacroVector that
    // is at least as severe as this one in every metric.
    let dist =
        |metric: &str, max_value: &str| v4_level(metric, e(metric)) - v4_level(metric, max_value);
    let mut distances = [0.0f64; 14];
    'search: for m1 in eq1_maxes(eq1) {
        for m2 in eq2_maxes(eq2) {
            for m36 in eq3eq6_maxes(eq3, eq6) {
                for m4 in eq4_maxes(eq4) {
                    let mut d = [0.0f64; 14];
                    for (i, name) in EQ1_NAMES.iter().enumerate() {
                        d[i] = dist(name, m1[i]);
                    }
                    for (i, name) in EQ2_NAMES.iter().enumerate() {
                        d[3 + i] = dist(name, m2[i]);
                    }
                    for (i, name) in EQ36_NAMES.iter().enumerate() {
                        d[5 + i] = dist(name, m36[i]);
                    }
                    for (i, name) in EQ4_NAMES.iter().enumerate() {
                        d[11 + i] = dist(name, m4[i]);
                    }
                    distances = d;
                    if d.iter().all(|x| *x >= 0.0) {
                        break 'search;
                    }
                }
            }
        }
    }
    let d = distances;
    let current_eq1 = d[0] + d[1] + d[2];
    let current_eq2 = d[3] + d[4];
    let current_eq3eq6 = d[5] + d[6] + d[7] + d[8] + d[9] + d[10];
    let current_eq4 = d[11] + d[12] + d[13];

    let step = 0.1;
    let mut n_lower = 0u32;
    let mut total = 0.0;
    let parts = [
        (score_eq1_lower, current_eq1, max_severity(1, eq1, eq6)),
        (score_eq2_lower, current_eq2, max_severity(2, eq2, eq6)),
        (
            score_eq3eq6_lower,
            current_eq3eq6,
            max_severity(3, eq3, eq6),
        ),
        (score_eq4_lower, current_eq4, max_severity(4, eq4, eq6)),
    ];
    for (lower_score, current, depth) in parts {
        if let Some(lower_score) = lower_score {
            n_lower += 1;
            let available = value - lower_score;
            total += available * (current / (depth * step));
        }
    }
    if score_eq5_lower.is_some() {
        // EQ5's proportion is always 0: it counts in the mean but moves nothing.
        n_lower += 1;
    }
    let mean = if n_lower == 0 {
        0.0
    } else {
        total / f64::from(n_lower)
    };
    let score = (value - mean).clamp(0.0, 10.0);
    // Half up at one decimal, lifted by a small epsilon as the reference implementation
    // does, so that a value a hair under x.x5 in binary still rounds up.
    Some(((score + 1e-6) * 10.0).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v31_published_scores() {
        let cases = [
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1),
            ("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N", 5.5),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:L/A:L", 9.9),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N", 5.3),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H", 9.6),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:N/A:N", 4.3),
            ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9),
            ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:N/A:N", 5.0),
            ("CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:H/I:H/A:H", 9.0),
            ("CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N", 5.4),
            ("CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:U/C:L/I:N/A:N", 3.5),
            ("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:C/C:L/I:N/A:N", 4.1),
            ("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", 7.2),
            ("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:N/A:N", 4.9),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:N/A:N", 0.0),
            ("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.1),
            ("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.6),
            ("CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.8),
        ];
        for (vector, expected) in cases {
            assert_eq!(v3_base_score(vector), Some(expected), "{vector}");
            assert_eq!(
                score(vector),
                Some(Score {
                    version: Version::V3_1,
                    score: expected
                })
            );
        }
    }

    #[test]
    fn v30_and_extra_metrics() {
        assert_eq!(
            v3_base_score("CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H"),
            Some(8.1)
        );
        // Temporal and environmental metrics do not change the base score; order is free.
        assert_eq!(
            v3_base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C/MAV:L"),
            Some(9.8)
        );
        assert_eq!(
            v3_base_score("CVSS:3.1/S:U/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H"),
            Some(9.8)
        );
    }

    #[test]
    fn v3_rejects_bad_vectors() {
        for bad in [
            "",
            "CVSS:3.1/",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:X",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:H",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/",
            "CVSS:2.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
            "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        ] {
            assert_eq!(v3_base_score(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn v2_scores() {
        assert_eq!(v2_base_score("AV:N/AC:L/Au:N/C:P/I:P/A:P"), Some(7.5));
        assert_eq!(v2_base_score("AV:N/AC:M/Au:N/C:N/I:P/A:N"), Some(4.3));
        assert_eq!(v2_base_score("(AV:N/AC:L/Au:N/C:C/I:C/A:C)"), Some(10.0));
        assert_eq!(v2_base_score("AV:L/AC:L/Au:N/C:C/I:C/A:C"), Some(7.2));
        assert_eq!(v2_base_score("AV:N/AC:L/Au:N/C:N/I:N/A:N"), Some(0.0));
        assert_eq!(v2_base_score("AV:N/AC:L/Au:N/C:P/I:P"), None);
        assert_eq!(
            score("AV:N/AC:L/Au:N/C:P/I:P/A:P").map(|s| s.version),
            Some(Version::V2)
        );
    }

    #[test]
    fn v4_reference_scores() {
        // Base vectors with the scores of the specification's calculator.
        let cases = [
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
                9.3,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H",
                10.0,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N",
                0.0,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:H/VA:L/SC:N/SI:H/SA:L",
                9.2,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:H/SI:N/SA:L",
                7.8,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:N/SC:N/SI:L/SA:N",
                6.9,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:H/SI:L/SA:H",
                7.9,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:H/VI:N/VA:L/SC:N/SI:H/SA:N",
                8.3,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:L/VI:N/VA:L/SC:N/SI:H/SA:N",
                6.3,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:L/VI:N/VA:N/SC:L/SI:N/SA:L",
                5.3,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
                8.6,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:H/VI:H/VA:N/SC:N/SI:L/SA:L",
                8.5,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N",
                5.1,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:L/VA:N/SC:H/SI:N/SA:L",
                8.4,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:N/VA:L/SC:N/SI:L/SA:N",
                7.1,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:L/VI:L/VA:N/SC:H/SI:L/SA:L",
                6.4,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:N/VI:H/VA:H/SC:N/SI:N/SA:L",
                7.2,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:P/VC:H/VI:L/VA:L/SC:L/SI:L/SA:L",
                7.0,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:A/VC:H/VI:H/VA:H/SC:H/SI:N/SA:H",
                9.3,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:A/VC:N/VI:L/VA:L/SC:L/SI:L/SA:H",
                6.2,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:L/VI:L/VA:L/SC:L/SI:L/SA:N",
                5.1,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:P/VC:L/VI:L/VA:N/SC:L/SI:N/SA:N",
                4.8,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:A/VC:L/VI:N/VA:N/SC:H/SI:N/SA:H",
                6.0,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:N/SA:H",
                9.5,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:N/VA:N/SC:L/SI:L/SA:H",
                9.0,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:N/VI:L/VA:L/SC:H/SI:L/SA:L",
                7.0,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:L/VI:L/VA:N/SC:H/SI:N/SA:N",
                4.9,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:A/VC:L/VI:L/VA:N/SC:N/SI:N/SA:H",
                4.6,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:A/VC:N/VI:N/VA:N/SC:L/SI:N/SA:N",
                2.1,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:N/VC:N/VI:N/VA:N/SC:N/SI:L/SA:N",
                2.3,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:A/VC:H/VI:H/VA:L/SC:L/SI:L/SA:L",
                7.3,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:A/VC:L/VI:L/VA:N/SC:N/SI:H/SA:L",
                4.5,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:P/PR:H/UI:N/VC:N/VI:L/VA:L/SC:H/SI:H/SA:H",
                5.5,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:P/PR:H/UI:A/VC:N/VI:L/VA:L/SC:L/SI:N/SA:N",
                1.8,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:P/PR:H/UI:A/VC:N/VI:H/VA:N/SC:N/SI:H/SA:L",
                6.8,
            ),
            (
                "CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:L/SI:H/SA:L",
                9.4,
            ),
            (
                "CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:A/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N",
                2.1,
            ),
            (
                "CVSS:4.0/AV:N/AC:H/AT:N/PR:L/UI:A/VC:L/VI:L/VA:L/SC:H/SI:H/SA:H",
                5.2,
            ),
            (
                "CVSS:4.0/AV:N/AC:H/AT:N/PR:L/UI:A/VC:N/VI:L/VA:L/SC:H/SI:H/SA:L",
                5.0,
            ),
            (
                "CVSS:4.0/AV:N/AC:H/AT:N/PR:H/UI:A/VC:N/VI:N/VA:N/SC:N/SI:H/SA:N",
                4.0,
            ),
            (
                "CVSS:4.0/AV:N/AC:H/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:L/SA:N",
                9.5,
            ),
            (
                "CVSS:4.0/AV:N/AC:H/AT:P/PR:N/UI:N/VC:N/VI:L/VA:N/SC:L/SI:H/SA:L",
                7.0,
            ),
            (
                "CVSS:4.0/AV:P/AC:L/AT:P/PR:L/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:N",
                7.0,
            ),
            (
                "CVSS:4.0/AV:P/AC:L/AT:P/PR:L/UI:A/VC:H/VI:L/VA:L/SC:N/SI:L/SA:N",
                4.4,
            ),
            (
                "CVSS:4.0/AV:P/AC:L/AT:P/PR:H/UI:N/VC:H/VI:N/VA:N/SC:L/SI:L/SA:L",
                4.1,
            ),
            (
                "CVSS:4.0/AV:P/AC:L/AT:P/PR:H/UI:N/VC:L/VI:N/VA:L/SC:H/SI:H/SA:N",
                2.1,
            ),
            (
                "CVSS:4.0/AV:P/AC:L/AT:P/PR:H/UI:N/VC:N/VI:L/VA:L/SC:L/SI:N/SA:L",
                1.0,
            ),
            (
                "CVSS:4.0/AV:P/AC:H/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:H/SI:H/SA:N",
                6.9,
            ),
            (
                "CVSS:4.0/AV:P/AC:H/AT:N/PR:N/UI:A/VC:L/VI:N/VA:L/SC:N/SI:N/SA:H",
                1.8,
            ),
            (
                "CVSS:4.0/AV:P/AC:H/AT:N/PR:H/UI:P/VC:L/VI:N/VA:N/SC:H/SI:H/SA:H",
                2.4,
            ),
            (
                "CVSS:4.0/AV:P/AC:H/AT:N/PR:H/UI:A/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N",
                0.0,
            ),
            (
                "CVSS:4.0/AV:P/AC:H/AT:P/PR:N/UI:N/VC:H/VI:H/VA:N/SC:H/SI:H/SA:H",
                7.2,
            ),
            (
                "CVSS:4.0/AV:P/AC:H/AT:P/PR:L/UI:N/VC:H/VI:H/VA:L/SC:H/SI:H/SA:L",
                7.1,
            ),
            (
                "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:N/VA:H/SC:N/SI:N/SA:N",
                4.4,
            ),
            (
                "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:P/VC:N/VI:H/VA:N/SC:N/SI:N/SA:L",
                4.1,
            ),
            (
                "CVSS:4.0/AV:P/AC:H/AT:P/PR:N/UI:A/VC:H/VI:L/VA:H/SC:N/SI:L/SA:N",
                4.6,
            ),
        ];
        for (vector, expected) in cases {
            assert_eq!(v4_score(vector), Some(expected), "{vector}");
        }
    }

    #[test]
    fn v4_threat_and_environment() {
        let base = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
        // Explicit X values change nothing.
        assert_eq!(v4_score(&format!("{base}/E:X/CR:X/MAV:X")), Some(9.3));
        // Unreported exploitation lowers the score; supplemental metrics do not move it.
        let unreported = v4_score(&format!("{base}/E:U")).unwrap_or(10.0);
        assert!(unreported < 9.3, "{unreported}");
        assert_eq!(
            v4_score(&format!("{base}/AU:Y/R:A/V:C/RE:L/U:Red")),
            Some(9.3)
        );
        // A modified metric replaces the base one.
        assert_eq!(v4_score(&format!("{base}/MVC:N/MVI:N/MVA:N")), Some(0.0));
    }

    #[test]
    fn v4_rejects_bad_vectors() {
        for bad in [
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N",
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:R/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/SA:N",
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N",
            "CVSS:3.1/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
        ] {
            assert_eq!(v4_score(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn v4_base_vectors_score_in_range() {
        // Every 7th of the 104,976 base vectors (all of them take seconds in a debug build):
        // a score in [0, 10] with one decimal, 0 only without impact.
        let values: [&[&str]; 11] = [
            &["N", "A", "L", "P"],
            &["L", "H"],
            &["N", "P"],
            &["N", "L", "H"],
            &["N", "P", "A"],
            &["H", "L", "N"],
            &["H", "L", "N"],
            &["H", "L", "N"],
            &["H", "L", "N"],
            &["H", "L", "N"],
            &["H", "L", "N"],
        ];
        let mut idx = [0usize; 11];
        let mut count = 0;
        loop {
            let mut vector = String::from("CVSS:4.0");
            for (i, name) in V4_BASE.iter().enumerate() {
                vector.push('/');
                vector.push_str(name);
                vector.push(':');
                vector.push_str(values[i][idx[i]]);
            }
            if count % 7 == 0 {
                let s = v4_score(&vector);
                let Some(s) = s else {
                    panic!("{vector} did not score");
                };
                assert!((0.0..=10.0).contains(&s), "{vector}: {s}");
                assert!(
                    ((s * 10.0).round() - s * 10.0).abs() < 1e-9,
                    "{vector}: {s}"
                );
                let no_impact = idx[5..].iter().all(|i| *i == 2);
                assert_eq!(s == 0.0, no_impact, "{vector}: {s}");
            }
            count += 1;
            // Next combination.
            let mut k = 0;
            loop {
                if k == 11 {
                    assert_eq!(count, 104_976);
                    return;
                }
                idx[k] += 1;
                if idx[k] < values[k].len() {
                    break;
                }
                idx[k] = 0;
                k += 1;
            }
        }
    }

    #[test]
    fn labels() {
        assert_eq!(label(9.8), "critical");
        assert_eq!(label(9.0), "critical");
        assert_eq!(label(8.9), "high");
        assert_eq!(label(7.0), "high");
        assert_eq!(label(6.9), "medium");
        assert_eq!(label(4.0), "medium");
        assert_eq!(label(3.9), "low");
        assert_eq!(label(0.1), "low");
        assert_eq!(label(0.0), "none");
        assert_eq!(label_v2(9.5), "high");
        assert_eq!(label_v2(4.3), "medium");
    }
}
