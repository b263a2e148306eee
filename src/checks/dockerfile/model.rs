//! What the rules look at: the parsed file, its build stages, the shell commands of every
//! RUN, and the hits the rules report.
use super::image::{substitute, ImageRef};
use super::parse::{Dockerfile, Instruction};
use super::shell::{self, Command, Script};
use std::collections::HashMap;
use std::ops::Range;

/// Settings from `picket.toml` and `.hadolint.yaml`.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Registries images may come from; empty means any.
    pub trusted_registries: Vec<String>,
}

/// One rule hit: a rule id, a line and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub rule: &'static str,
    pub line: usize,
    pub message: String,
}

#[derive(Debug)]
pub struct Stage {
    /// Index of the FROM instruction.
    pub from: usize,
    pub name: Option<String>,
    /// The image with build-argument defaults substituted.
    pub image: ImageRef,
    /// The image as written: tag rules judge this, since a variable means the build
    /// chooses (its default is only one of the choices).
    pub written: ImageRef,
    /// Instruction indices after FROM up to the next FROM.
    pub body: Range<usize>,
    /// Index of the stage this one builds on (`FROM build AS test`).
    pub parent: Option<usize>,
}

pub struct Ctx<'a> {
    pub df: &'a Dockerfile,
    pub settings: &'a Settings,
    pub stages: Vec<Stage>,
    /// The shell commands of each RUN (empty for other instructions).
    pub scripts: Vec<Script>,
    hits: Vec<Hit>,
}

impl<'a> Ctx<'a> {
    pub fn new(df: &'a Dockerfile, settings: &'a Settings) -> Ctx<'a> {
        let scripts = df.instructions.iter().map(run_script).collect();
        Ctx {
            df,
            settings,
            stages: stages(df),
            scripts,
            hits: Vec::new(),
        }
    }

    pub fn hit(&mut self, rule: &'static str, line: usize, message: impl Into<String>) {
        self.hits.push(Hit {
            rule,
            line,
            message: message.into(),
        });
    }

    pub fn into_hits(mut self) -> Vec<Hit> {
        self.hits
            .sort_by(|a, b| (a.line, a.rule).cmp(&(b.line, b.rule)));
        self.hits.dedup();
        self.hits
    }

    pub fn ins(&self, i: usize) -> &'a Instruction {
        &self.df.instructions[i]
    }

    /// The stage an instruction belongs to.
    pub fn stage_of(&self, i: usize) -> Option<usize> {
        self.stages
            .iter()
            .position(|s| s.from == i || s.body.contains(&i))
    }

    /// Whether a stage's layers may end up in an image: stages that are only a source for
    /// `COPY --from` do not ship (only the copied files do).
    pub fn ships(&self, stage: usize) -> bool {
        let st = &self.stages[stage];
        !self.df.instructions.iter().any(|i| {
            i.is("COPY")
                && i.flag("from")
                    .and_then(|f| f.value.as_deref())
                    .is_some_and(|v| {
                        v == stage.to_string()
                            || st
                                .name
                                .as_deref()
                                .is_some_and(|n| n.eq_ignore_ascii_case(v))
                    })
        })
    }

    /// Every RUN with its index and commands (wrappers such as sudo seen through).
    pub fn runs(&self) -> impl Iterator<Item = (usize, &'a Instruction, Vec<Command>)> + '_ {
        self.df
            .instructions
            .iter()
            .enumerate()
            .filter(|(_, ins)| ins.is("RUN"))
            .map(|(i, ins)| {
                let cmds = self.scripts[i]
                    .commands
                    .iter()
                    .map(Command::effective)
                    .collect();
                (i, ins, cmds)
            })
    }

    /// Whether an instruction in the same stage (or a stage it builds on) before `i`
    /// satisfies `f`.
    pub fn earlier_in_stage(&self, i: usize, f: impl Fn(&Instruction) -> bool) -> bool {
        let mut stage = self.stage_of(i);
        let mut end = i;
        while let Some(s) = stage {
            let st = &self.stages[s];
            if (st.body.start..end.min(st.body.end)).any(|j| f(self.ins(j))) {
                return true;
            }
            stage = st.parent;
            end = usize::MAX;
        }
        false
    }
}

/// The shell script of a RUN: its shell form, `sh -c` in exec form, and heredoc bodies
/// that the shell runs (`RUN <<EOF`, `RUN bash <<EOF`).
fn run_script(ins: &Instruction) -> Script {
    if !ins.is("RUN") {
        return Script::default();
    }
    let mut script = match &ins.exec {
        Some(argv) => match argv.as_slice() {
            [sh, c, body, ..] if is_shell(sh) && c == "-c" => shell::parse(body),
            _ => Script {
                commands: vec![Command {
                    words: argv.clone(),
                    piped: false,
                    pipeline: 0,
                    nested: false,
                    offset: 0,
                }],
            },
        },
        None => shell::parse(&ins.rest),
    };
    if !ins.heredocs.is_empty() {
        let runs_body = script.commands.is_empty()
            || script
                .commands
                .iter()
                .any(|c| is_shell(&c.words[0]) && c.words.len() <= 2);
        if runs_body {
            script
                .commands
                .retain(|c| !(is_shell(&c.words[0]) && c.words.len() <= 2));
            for h in &ins.heredocs {
                let body = shell::parse(&h.body);
                let base = script.commands.last().map_or(0, |c| c.pipeline + 1);
                script
                    .commands
                    .extend(body.commands.into_iter().map(|mut c| {
                        c.pipeline += base;
                        c
                    }));
            }
        }
    }
    script
}

fn is_shell(word: &str) -> bool {
    matches!(
        word.rsplit('/').next().unwrap_or(word),
        "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh"
    )
}

fn stages(df: &Dockerfile) -> Vec<Stage> {
    let mut vars: HashMap<String, String> = HashMap::new();
    let mut out: Vec<Stage> = Vec::new();
    for (i, ins) in df.instructions.iter().enumerate() {
        if ins.is("ARG") && out.is_empty() {
            for (k, v) in ins.pairs() {
                if let Some(v) = v {
                    vars.insert(k, v);
                }
            }
        }
        if !ins.is("FROM") {
            continue;
        }
        if let Some(last) = out.last_mut() {
            last.body.end = i;
        }
        let words = ins.words();
        let written = words.first().map(String::as_str).unwrap_or("");
        let image = ImageRef::parse(&substitute(written, &vars));
        let written = ImageRef::parse(written);
        let name = match words.as_slice() {
            [_, as_, n, ..] if as_.eq_ignore_ascii_case("as") => Some(n.clone()),
            _ => None,
        };
        let parent = out.iter().position(|s| {
            s.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(&image.text))
        });
        out.push(Stage {
            from: i,
            name,
            image,
            written,
            body: i + 1..df.instructions.len(),
            parent,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse;
    use super::*;

    #[test]
    fn stages_and_scripts() {
        let df = parse(
            "ARG V=3.19\nFROM alpine:${V} AS base\nWORKDIR /app\nFROM base AS test\nRUN <<EOF\napk add curl\nEOF\nRUN [\"sh\", \"-c\", \"cd /x && make\"]\nRUN sudo apt-get install -y x\n",
        );
        let settings = Settings::default();
        let ctx = Ctx::new(&df, &settings);
        assert_eq!(ctx.stages.len(), 2);
        assert_eq!(ctx.stages[0].image.tag.as_deref(), Some("3.19"));
        assert_eq!(ctx.stages[1].parent, Some(0));
        assert_eq!(ctx.stages[0].body, 2..3);
        assert!(ctx.earlier_in_stage(5, |i| i.is("WORKDIR")));
        let runs: Vec<Vec<String>> = ctx
            .runs()
            .map(|(_, _, c)| c.iter().map(|c| c.name().to_string()).collect())
            .collect();
        assert_eq!(runs, [vec!["apk"], vec!["cd", "make"], vec!["apt-get"]]);
    }
}
