//! A typed view over the YAML tree of a workflow or a composite action. Everything
//! borrows from the tree, so every piece keeps its position.

use super::yaml::Node;

/// One event that triggers a workflow. `at` is where its name is written (a mapping key
/// or a scalar in the string / list forms); `body` its configuration in the map form.
#[derive(Clone, Copy, Debug)]
pub struct Trigger<'a> {
    pub name: &'a str,
    pub at: &'a Node,
    pub body: Option<&'a Node>,
}

/// `uses:` of a step or a job, split.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Uses<'a> {
    /// `./path` in the same repository.
    Local(&'a str),
    /// `docker://image[:tag][@digest]`.
    Docker(&'a str),
    /// `owner/repo[/path]@ref`.
    Repo {
        owner: &'a str,
        repo: &'a str,
        path: Option<&'a str>,
        git_ref: Option<&'a str>,
    },
    /// Anything else (including an expression).
    Other(&'a str),
}

impl<'a> Uses<'a> {
    pub fn parse(s: &'a str) -> Uses<'a> {
        let s = s.trim();
        if s.starts_with("./") || s.starts_with(".\\") || s == "." {
            return Uses::Local(s);
        }
        if let Some(img) = s.strip_prefix("docker://") {
            return Uses::Docker(img);
        }
        if s.contains("${{") {
            return Uses::Other(s);
        }
        let (name, git_ref) = match s.split_once('@') {
            Some((n, r)) => (n, Some(r)),
            None => (s, None),
        };
        let mut parts = name.splitn(3, '/');
        let owner = parts.next().unwrap_or("");
        let Some(repo) = parts.next() else {
            return Uses::Other(s);
        };
        if owner.is_empty() || repo.is_empty() {
            return Uses::Other(s);
        }
        Uses::Repo {
            owner,
            repo,
            path: parts.next(),
            git_ref,
        }
    }

    /// `owner/repo[/path]` in lower case, for comparing with known actions.
    pub fn action_name(&self) -> Option<String> {
        match self {
            Uses::Repo {
                owner, repo, path, ..
            } => {
                let mut n = format!("{owner}/{repo}");
                if let Some(p) = path {
                    n.push('/');
                    n.push_str(p);
                }
                Some(n.to_ascii_lowercase())
            }
            _ => None,
        }
    }

    /// True for `owner/repo` (any sub-path) matching `name` ("actions/checkout").
    pub fn is(&self, name: &str) -> bool {
        match self {
            Uses::Repo { owner, repo, .. } => {
                let mut it = name.splitn(2, '/');
                let (o, r) = (it.next().unwrap_or(""), it.next().unwrap_or(""));
                owner.eq_ignore_ascii_case(o) && repo.eq_ignore_ascii_case(r)
            }
            _ => false,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Step<'a> {
    pub node: &'a Node,
    pub uses_node: Option<&'a Node>,
    pub run: Option<&'a Node>,
    /// The `run` key (its line is the block header for `run: |`).
    pub run_key: Option<&'a Node>,
    pub with: Option<&'a Node>,
    pub env: Option<&'a Node>,
}

impl<'a> Step<'a> {
    fn from(node: &'a Node) -> Step<'a> {
        Step {
            node,
            uses_node: node.get("uses"),
            run: node.get("run"),
            run_key: node.get_entry("run").map(|(k, _)| k),
            with: node.get("with").filter(|w| w.is_map()),
            env: node.get("env"),
        }
    }

    pub fn uses(&self) -> Option<Uses<'a>> {
        self.uses_node.and_then(Node::as_str).map(Uses::parse)
    }

    /// True when the step uses `owner/repo` (any ref, any sub-path).
    pub fn uses_action(&self, name: &str) -> bool {
        self.uses().is_some_and(|u| u.is(name))
    }

    /// A `with:` input (keys compared case-insensitively, as GitHub does).
    pub fn input(&self, key: &str) -> Option<&'a Node> {
        self.input_entry(key).map(|(_, v)| v)
    }

    /// Key and value of a `with:` input.
    pub fn input_entry(&self, key: &str) -> Option<(&'a Node, &'a Node)> {
        self.with?
            .entries()
            .iter()
            .find(|(k, _)| k.as_str().is_some_and(|s| s.eq_ignore_ascii_case(key)))
            .map(|(k, v)| (k, v))
    }
}

fn steps_of(node: Option<&Node>) -> Vec<Step<'_>> {
    node.map(|s| {
        s.items()
            .iter()
            .filter(|n| n.is_map())
            .map(Step::from)
            .collect()
    })
    .unwrap_or_default()
}

#[derive(Clone, Debug)]
pub struct Job<'a> {
    pub id: &'a str,
    pub key: &'a Node,
    pub node: &'a Node,
    pub permissions: Option<(&'a Node, &'a Node)>,
    pub env: Option<&'a Node>,
    /// Job-level `uses:` of a reusable workflow.
    pub uses: Option<&'a Node>,
    pub secrets: Option<&'a Node>,
    pub container: Option<&'a Node>,
    pub services: Option<&'a Node>,
    pub matrix: Option<&'a Node>,
    pub runs_on: Option<&'a Node>,
    pub steps: Vec<Step<'a>>,
}

#[derive(Clone, Debug)]
pub struct Workflow<'a> {
    pub root: &'a Node,
    pub triggers: Vec<Trigger<'a>>,
    pub permissions: Option<(&'a Node, &'a Node)>,
    pub env: Option<&'a Node>,
    pub jobs: Vec<Job<'a>>,
}

fn parse_triggers(on: Option<&Node>) -> Vec<Trigger<'_>> {
    let Some(on) = on else { return Vec::new() };
    let mut out = Vec::new();
    if let Some(name) = on.as_str() {
        out.push(Trigger {
            name,
            at: on,
            body: None,
        });
    }
    for item in on.items() {
        if let Some(name) = item.as_str() {
            out.push(Trigger {
                name,
                at: item,
                body: None,
            });
        }
    }
    for (k, v) in on.entries() {
        if let Some(name) = k.as_str() {
            out.push(Trigger {
                name,
                at: k,
                body: (!v.is_null()).then_some(v),
            });
        }
    }
    out
}

impl<'a> Workflow<'a> {
    pub fn from(root: &'a Node) -> Workflow<'a> {
        // `on` may be read as the boolean `true` by YAML 1.1 parsers; we keep scalars as
        // text, so the key is literally "on" (or "true" when written so).
        let on = root.get("on").or_else(|| root.get("true"));
        let mut jobs = Vec::new();
        if let Some(j) = root.get("jobs") {
            for (k, v) in j.entries() {
                let Some(id) = k.as_str() else { continue };
                jobs.push(Job {
                    id,
                    key: k,
                    node: v,
                    permissions: v.get_entry("permissions"),
                    env: v.get("env"),
                    uses: v.get("uses"),
                    secrets: v.get("secrets"),
                    container: v.get("container"),
                    services: v.get("services"),
                    matrix: v.get("strategy").and_then(|s| s.get("matrix")),
                    runs_on: v.get("runs-on"),
                    steps: steps_of(v.get("steps")),
                });
            }
        }
        Workflow {
            root,
            triggers: parse_triggers(on),
            permissions: root.get_entry("permissions"),
            env: root.get("env"),
            jobs,
        }
    }

    pub fn has_trigger(&self, name: &str) -> bool {
        self.triggers.iter().any(|t| t.name == name)
    }

    pub fn trigger(&self, name: &str) -> Option<&Trigger<'a>> {
        self.triggers.iter().find(|t| t.name == name)
    }

    /// Declared type of a `workflow_dispatch` / `workflow_call` input, for every
    /// declaration of `name` (compared case-insensitively). Missing type → "string".
    pub fn input_types(&self, name: &str) -> Vec<&'a str> {
        let mut out = Vec::new();
        for t in &self.triggers {
            if t.name != "workflow_dispatch" && t.name != "workflow_call" {
                continue;
            }
            let Some(inputs) = t.body.and_then(|b| b.get("inputs")) else {
                continue;
            };
            for (k, v) in inputs.entries() {
                if k.as_str().is_some_and(|s| s.eq_ignore_ascii_case(name)) {
                    out.push(v.get_str("type").unwrap_or("string"));
                }
            }
        }
        out
    }
}

/// A composite (or other) `action.yml`.
#[derive(Clone, Debug)]
pub struct Action<'a> {
    pub root: &'a Node,
    pub inputs: Option<&'a Node>,
    pub using: Option<&'a str>,
    pub image: Option<&'a Node>,
    pub steps: Vec<Step<'a>>,
}

impl<'a> Action<'a> {
    pub fn from(root: &'a Node) -> Action<'a> {
        let runs = root.get("runs");
        Action {
            root,
            inputs: root.get("inputs"),
            using: runs.and_then(|r| r.get_str("using")),
            image: runs.and_then(|r| r.get("image")),
            steps: steps_of(runs.and_then(|r| r.get("steps"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::yaml::parse;
    use super::*;

    fn wf(src: &str) -> Node {
        parse(src).unwrap().unwrap()
    }

    #[test]
    fn triggers_in_three_shapes() {
        let n = wf("on: push\njobs: {}\n");
        let w = Workflow::from(&n);
        assert_eq!(w.triggers.len(), 1);
        assert_eq!(w.triggers[0].name, "push");
        assert_eq!(w.triggers[0].at.span.start.line, 1);

        let n = wf("on: [push, pull_request_target]\n");
        let w = Workflow::from(&n);
        let names: Vec<_> = w.triggers.iter().map(|t| t.name).collect();
        assert_eq!(names, ["push", "pull_request_target"]);
        assert_eq!(w.triggers[1].at.span.start.column, 12);

        let n =
            wf("on:\n  push:\n    tags: ['v*']\n  workflow_run:\n    workflows: [CI]\n  issues:\n");
        let w = Workflow::from(&n);
        let names: Vec<_> = w.triggers.iter().map(|t| t.name).collect();
        assert_eq!(names, ["push", "workflow_run", "issues"]);
        assert_eq!(w.trigger("workflow_run").unwrap().at.span.start.line, 4);
        assert!(w
            .trigger("push")
            .unwrap()
            .body
            .unwrap()
            .get("tags")
            .is_some());
        assert!(w.trigger("issues").unwrap().body.is_none());
    }

    #[test]
    fn jobs_and_steps() {
        let src = "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          Persist-Credentials: false\n      - run: echo hi\n  b:\n    uses: org/repo/.github/workflows/x.yml@main\n    secrets: inherit\n";
        let n = wf(src);
        let w = Workflow::from(&n);
        assert!(w.permissions.is_some());
        assert_eq!(w.jobs.len(), 2);
        let a = &w.jobs[0];
        assert_eq!(a.id, "a");
        assert_eq!(a.key.span.start.line, 4);
        assert_eq!(a.steps.len(), 2);
        assert!(a.steps[0].uses_action("actions/checkout"));
        assert_eq!(
            a.steps[0]
                .input("persist-credentials")
                .and_then(Node::as_str),
            Some("false")
        );
        assert_eq!(a.steps[1].run.and_then(Node::as_str), Some("echo hi"));
        let b = &w.jobs[1];
        assert_eq!(b.secrets.and_then(Node::as_str), Some("inherit"));
        assert_eq!(
            Uses::parse(b.uses.unwrap().as_str().unwrap()),
            Uses::Repo {
                owner: "org",
                repo: "repo",
                path: Some(".github/workflows/x.yml"),
                git_ref: Some("main")
            }
        );
    }

    #[test]
    fn uses_forms() {
        assert_eq!(
            Uses::parse("./.github/actions/x"),
            Uses::Local("./.github/actions/x")
        );
        assert_eq!(Uses::parse("docker://alpine:3"), Uses::Docker("alpine:3"));
        assert!(matches!(
            Uses::parse("actions/checkout"),
            Uses::Repo { git_ref: None, .. }
        ));
        assert!(matches!(Uses::parse("weird"), Uses::Other(_)));
        assert!(Uses::parse("Actions/Cache/restore@v4").is("actions/cache"));
        assert_eq!(
            Uses::parse("github/codeql-action/init@v3")
                .action_name()
                .as_deref(),
            Some("github/codeql-action/init")
        );
    }

    #[test]
    fn input_types() {
        let n = wf("on:\n  workflow_dispatch:\n    inputs:\n      flag:\n        type: boolean\n      name:\n        description: x\n");
        let w = Workflow::from(&n);
        assert_eq!(w.input_types("flag"), ["boolean"]);
        assert_eq!(w.input_types("NAME"), ["string"]);
        assert!(w.input_types("none").is_empty());
    }

    #[test]
    fn composite_action() {
        let n = wf("name: x\ninputs:\n  a:\n    description: d\nruns:\n  using: composite\n  steps:\n    - run: echo ${{ inputs.a }}\n      shell: bash\n");
        let a = Action::from(&n);
        assert_eq!(a.using, Some("composite"));
        assert_eq!(a.steps.len(), 1);
        assert!(a.inputs.is_some());
    }
}
