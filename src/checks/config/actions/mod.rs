//! GitHub Actions workflow and composite-action security rules (the kind of checks
//! zizmor makes), reported with the true line of each finding.
//!
//! Entry points: [`kind_of`] to tell whether a path is a workflow or an action
//! definition, and [`analyse`] to run every rule over its text.

pub mod expr;
#[cfg(test)]
mod meta_examples;
pub mod model;
pub mod rules;
pub use super::yaml;

use model::{Action, Step, Workflow};
use yaml::{Node, Span};

/// What kind of GitHub Actions file a path is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Workflow,
    Action,
}

/// `.github/workflows/*.yml|yaml` is a workflow; `action.yml|yaml` anywhere an action.
pub fn kind_of(path: &str) -> Option<FileKind> {
    let norm = path.replace('\\', "/");
    let name = norm.rsplit('/').next().unwrap_or("");
    let lower = name.to_ascii_lowercase();
    if lower == "action.yml" || lower == "action.yaml" {
        return Some(FileKind::Action);
    }
    let is_yaml = lower.ends_with(".yml") || lower.ends_with(".yaml");
    let dir = norm.get(..norm.len() - name.len()).unwrap_or("");
    let in_workflows = dir == ".github/workflows/" || dir.ends_with("/.github/workflows/");
    (is_yaml && in_workflows).then_some(FileKind::Workflow)
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub rule: &'static str,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub message: String,
}

/// The file is not valid YAML (reported by the caller as `config/parse-error`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Policy for the rules.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// Owners (`actions`, `github`, ...) whose actions may be pinned to a tag or branch
    /// instead of a full commit SHA. Empty: every action must be SHA-pinned.
    pub trusted_owners: Vec<String>,
}

/// Everything a rule may look at.
pub struct Ctx<'a> {
    pub kind: FileKind,
    pub src: &'a str,
    pub root: &'a Node,
    pub workflow: Option<Workflow<'a>>,
    pub action: Option<Action<'a>>,
    pub settings: &'a Settings,
}

impl<'a> Ctx<'a> {
    /// Every step of the file with the job it belongs to (index into `workflow.jobs`).
    pub fn steps(&self) -> Vec<(Option<usize>, &Step<'a>)> {
        let mut out = Vec::new();
        if let Some(w) = &self.workflow {
            for (i, j) in w.jobs.iter().enumerate() {
                for s in &j.steps {
                    out.push((Some(i), s));
                }
            }
        }
        if let Some(a) = &self.action {
            for s in &a.steps {
                out.push((None, s));
            }
        }
        out
    }
}

/// Last line that holds text of `span` (a span ending at column 1 ends on the line before).
pub fn end_line(span: &Span) -> usize {
    if span.end.column <= 1 && span.end.line > span.start.line {
        span.end.line - 1
    } else {
        span.end.line.max(span.start.line)
    }
}

/// A hit covering a node.
pub fn hit_at(rule: &'static str, node: &Node, message: String) -> Hit {
    Hit {
        rule,
        line: node.span.start.line,
        column: node.span.start.column,
        end_line: end_line(&node.span),
        message,
    }
}

/// Line and column of byte offset `off` of `node`'s raw text.
pub fn pos_in(node: &Node, raw: &str, off: usize) -> (usize, usize) {
    let before = raw.get(..off).unwrap_or(raw);
    let newlines = before.matches('\n').count();
    let line = node.span.start.line + newlines;
    let column = match before.rfind('\n') {
        Some(nl) => before.get(nl + 1..).map_or(1, |t| t.chars().count() + 1),
        None => node.span.start.column + before.chars().count(),
    };
    (line, column)
}

/// Positions of increasing byte offsets in a node's raw text, in linear time overall.
pub struct Cursor<'a> {
    raw: &'a str,
    start_line: usize,
    start_column: usize,
    off: usize,
    line: usize,
    /// Characters since the start of the current line (or of the node on its first line).
    col: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(node: &Node, raw: &'a str) -> Cursor<'a> {
        Cursor {
            raw,
            start_line: node.span.start.line,
            start_column: node.span.start.column,
            off: 0,
            line: 0,
            col: 0,
        }
    }

    /// Line and column of `off`; offsets should not decrease between calls (a smaller
    /// one restarts from the beginning).
    pub fn at(&mut self, off: usize) -> (usize, usize) {
        if off < self.off {
            self.off = 0;
            self.line = 0;
            self.col = 0;
        }
        let end = off.min(self.raw.len());
        if let Some(chunk) = self.raw.get(self.off..end) {
            for ch in chunk.chars() {
                if ch == '\n' {
                    self.line += 1;
                    self.col = 0;
                } else {
                    self.col += 1;
                }
            }
            self.off = end;
        }
        let column = if self.line == 0 {
            self.start_column + self.col
        } else {
            self.col + 1
        };
        (self.start_line + self.line, column)
    }
}

/// Run every rule over `text`. Hits are sorted by line, then column, then rule.
pub fn analyse(kind: FileKind, text: &str, settings: &Settings) -> Result<Vec<Hit>, ParseError> {
    let tree = yaml::parse(text).map_err(|e| ParseError {
        line: e.line,
        column: e.column,
        message: e.message,
    })?;
    let root = match &tree {
        Some(r) => r,
        None => Node::null(),
    };
    Ok(analyse_tree(kind, text, root, settings))
}

/// The rules on an already parsed file (`root`: its first document).
pub fn analyse_tree(kind: FileKind, text: &str, root: &Node, settings: &Settings) -> Vec<Hit> {
    let (workflow, action) = match kind {
        FileKind::Workflow => (Some(Workflow::from(root)), None),
        FileKind::Action => (None, Some(Action::from(root))),
    };
    let ctx = Ctx {
        kind,
        src: text,
        root,
        workflow,
        action,
        settings,
    };
    let mut hits = Vec::new();
    rules::run_all(&ctx, &mut hits);
    hits.sort_by(|a, b| {
        (a.line, a.column, a.rule, &a.message).cmp(&(b.line, b.column, b.rule, &b.message))
    });
    hits.dedup();
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(
            kind_of(".github/workflows/ci.yml"),
            Some(FileKind::Workflow)
        );
        assert_eq!(
            kind_of("repo/.github/workflows/ci.YAML"),
            Some(FileKind::Workflow)
        );
        assert_eq!(
            kind_of(".github\\workflows\\ci.yml"),
            Some(FileKind::Workflow)
        );
        assert_eq!(kind_of(".github/workflows/sub/ci.yml"), None);
        assert_eq!(kind_of(".github/workflows/README.md"), None);
        assert_eq!(kind_of("action.yml"), Some(FileKind::Action));
        assert_eq!(kind_of("x/y/action.yaml"), Some(FileKind::Action));
        assert_eq!(kind_of("x/y/myaction.yaml"), None);
        assert_eq!(kind_of("ci.yml"), None);
    }

    #[test]
    fn parse_errors_have_positions() {
        let s = Settings::default();
        let e = analyse(FileKind::Workflow, "on: push\njobs:\n  a: [1,\n", &s).unwrap_err();
        assert!(e.line >= 3, "{e:?}");
        assert!(e.column >= 1);
        let e = analyse(FileKind::Workflow, "on: push\njobs:\n  a: b: c\n", &s).unwrap_err();
        assert_eq!((e.line, e.column), (3, 7), "{e:?}");
        assert!(!e.message.is_empty());
    }

    #[test]
    fn empty_and_odd_documents_do_not_fail() {
        let s = Settings::default();
        for text in [
            "",
            "# nothing\n",
            "just a string\n",
            "- a\n- b\n",
            "jobs: 3\n",
            "on:\njobs:\n  a:\n",
        ] {
            assert!(analyse(FileKind::Workflow, text, &s).is_ok(), "{text}");
            assert!(analyse(FileKind::Action, text, &s).is_ok(), "{text}");
        }
    }

    #[test]
    fn every_content_line_of_block_scalars() {
        let src = "a:\n  lit: |\n    l1\n\n    l3 x\n      l4\n  fold: >-\n    f1\n    f2\n\n    f4\n  after: 1\n";
        let root = yaml::parse(src).unwrap().unwrap();
        let a = root.get("a").unwrap();
        for (key, words) in [
            (
                "lit",
                vec![("l1", 3, 5), ("l3", 5, 5), ("x", 5, 8), ("l4", 6, 7)],
            ),
            ("fold", vec![("f1", 8, 5), ("f2", 9, 5), ("f4", 11, 5)]),
        ] {
            let node = a.get(key).unwrap();
            let raw = node.raw(src);
            let mut c = Cursor::new(node, raw);
            for (w, line, col) in words {
                let off = raw.find(w).unwrap();
                assert_eq!(c.at(off), (line, col), "{key} {w}");
                assert_eq!(pos_in(node, raw, off), (line, col), "{key} {w}");
            }
        }
        assert_eq!(a.get("after").unwrap().span.start.line, 12);
    }

    #[test]
    fn positions_inside_raw_text() {
        let src = "run: |\n  a\n  é ${{ x }}\n";
        let root = yaml::parse(src).unwrap().unwrap();
        let run = root.get("run").unwrap();
        let raw = run.raw(src);
        let off = raw.find("${{").unwrap();
        assert_eq!(pos_in(run, raw, off), (3, 5));
        let mut c = Cursor::new(run, raw);
        assert_eq!(c.at(0), (2, 3));
        assert_eq!(c.at(off), (3, 5));
        assert_eq!(c.at(off + 3), (3, 8));
        assert_eq!(c.at(1), (2, 4));
        let src = "run: echo ${{ x }}\n";
        let root = yaml::parse(src).unwrap().unwrap();
        let run = root.get("run").unwrap();
        let raw = run.raw(src);
        assert_eq!(pos_in(run, raw, raw.find("${{").unwrap()), (1, 11));
    }
}
