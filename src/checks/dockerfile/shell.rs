//! Enough of POSIX shell to see the commands of a RUN: words with quotes and command
//! substitutions, split on `&&`, `||`, `;`, `&`, pipes and newlines, redirections and
//! heredocs skipped, reserved words and leading assignments dropped. Not a full shell:
//! rules only need each simple command's name and arguments, and whether pipes are used.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// The words with quotes removed; `$VAR` and `$(...)` stay as written.
    pub words: Vec<String>,
    /// Part of a pipeline of two or more commands.
    pub piped: bool,
    /// Commands of one pipeline share this number.
    pub pipeline: usize,
    /// Came from inside `$(...)` or backticks.
    pub nested: bool,
    /// Byte offset of the command's first word in the script.
    pub offset: usize,
}

impl Command {
    /// The program name without its directory (`/usr/bin/apt-get` → `apt-get`).
    pub fn name(&self) -> &str {
        self.words
            .first()
            .map(|w| w.rsplit('/').next().unwrap_or(w))
            .unwrap_or("")
    }

    pub fn args(&self) -> &[String] {
        self.words.get(1..).unwrap_or(&[])
    }

    pub fn has_arg(&self, arg: &str) -> bool {
        self.args().iter().any(|a| a == arg)
    }

    /// Whether a short flag letter appears in any `-abc` cluster, or a long flag is present.
    pub fn has_flag(&self, short: Option<char>, long: &[&str]) -> bool {
        self.args().iter().any(|a| {
            if let Some(l) = a.strip_prefix("--") {
                let name = l.split('=').next().unwrap_or(l);
                long.iter().any(|x| x.trim_start_matches('-') == name)
            } else if let Some(s) = a.strip_prefix('-') {
                short.is_some_and(|c| {
                    !s.is_empty() && s.chars().all(|x| x.is_ascii_alphanumeric()) && s.contains(c)
                })
            } else {
                false
            }
        })
    }

    /// The words after the first occurrence of `sub` (a subcommand such as `install`).
    pub fn after(&self, sub: &str) -> Option<&[String]> {
        let i = self.args().iter().position(|a| a == sub)?;
        Some(&self.args()[i + 1..])
    }
}

#[derive(Debug, Default, Clone)]
pub struct Script {
    pub commands: Vec<Command>,
}

impl Script {
    /// Whether a top-level pipeline of two or more commands appears.
    pub fn has_pipe(&self) -> bool {
        self.commands.iter().any(|c| c.piped && !c.nested)
    }
}

const RESERVED_PREFIX: &[&str] = &[
    "if", "then", "else", "elif", "do", "while", "until", "!", "{", "}", "time",
];
const RESERVED_ALONE: &[&str] = &["fi", "done", "esac", "}", "{", ";;"];
/// Wrappers that run the command given to them.
const WRAPPERS: &[&str] = &[
    "sudo", "nohup", "exec", "command", "doas", "gosu", "su-exec",
];

#[derive(Debug)]
enum Tok {
    Word(String, usize),
    /// A separator; `true` when it is a pipe.
    Sep(bool),
}

pub fn parse(script: &str) -> Script {
    let mut out = Script::default();
    parse_into(script, false, 0, &mut out);
    out
}

fn parse_into(script: &str, nested: bool, depth: usize, out: &mut Script) {
    let mut subs = Vec::new();
    let toks = tokenize(script, &mut subs);
    let mut current: Vec<(String, usize)> = Vec::new();
    let mut pipeline: Vec<Command> = Vec::new();
    let flush = |current: &mut Vec<(String, usize)>, pipeline: &mut Vec<Command>| {
        if let Some(c) = simple_command(std::mem::take(current), nested) {
            pipeline.push(c);
        }
    };
    // A pipe after a group (`{ a; b; } | c`) still makes `c` part of a pipeline.
    let mut saw_pipe = false;
    for t in toks {
        match t {
            Tok::Word(w, o) => current.push((w, o)),
            Tok::Sep(true) => {
                flush(&mut current, &mut pipeline);
                saw_pipe = true;
            }
            Tok::Sep(false) => {
                flush(&mut current, &mut pipeline);
                end_pipeline(&mut pipeline, saw_pipe, out);
                saw_pipe = false;
            }
        }
    }
    flush(&mut current, &mut pipeline);
    end_pipeline(&mut pipeline, saw_pipe, out);
    // Command substitutions are scripts too (`sh -c "$(curl ...)"`), bounded in depth.
    if depth < 4 {
        for s in subs {
            parse_into(&s, true, depth + 1, out);
        }
    }
}

fn end_pipeline(pipeline: &mut Vec<Command>, saw_pipe: bool, out: &mut Script) {
    let piped = pipeline.len() > 1 || (saw_pipe && !pipeline.is_empty());
    let id = out.commands.last().map_or(0, |c| c.pipeline + 1);
    for mut c in pipeline.drain(..) {
        c.piped = piped;
        c.pipeline = id;
        out.commands.push(c);
    }
}

/// Turns the words between separators into a command: reserved words, `for` headers,
/// leading `VAR=value` assignments and wrappers such as `sudo` are peeled off.
fn simple_command(mut words: Vec<(String, usize)>, nested: bool) -> Option<Command> {
    loop {
        let first = words.first()?.0.as_str();
        if words.len() == 1 && RESERVED_ALONE.contains(&first) {
            return None;
        }
        if matches!(first, "for" | "case" | "select" | "function") {
            return None;
        }
        if RESERVED_PREFIX.contains(&first) || is_assignment(first) {
            words.remove(0);
            continue;
        }
        if first.ends_with(')') && !first.contains('(') && words.len() == 1 {
            return None; // a `case` pattern
        }
        break;
    }
    let offset = words[0].1;
    let mut words: Vec<String> = words.into_iter().map(|(w, _)| w).collect();
    // `env A=1 cmd` is just `cmd`.
    if words[0].rsplit('/').next() == Some("env") {
        let i = 1 + words[1..]
            .iter()
            .take_while(|w| w.starts_with('-') || is_assignment(w))
            .count();
        if i < words.len() {
            words.drain(..i);
        }
    }
    Some(Command {
        words,
        piped: false,
        pipeline: 0,
        nested,
        offset,
    })
}

impl Command {
    /// The command a wrapper runs (`sudo -u x apt-get ...` → `apt-get ...`), or itself.
    /// The wrapper stays visible through `name()` for rules about the wrapper.
    pub fn effective(&self) -> Command {
        let name = self.name();
        if !WRAPPERS.contains(&name) {
            return self.clone();
        }
        let mut i = 1;
        while i < self.words.len() {
            let w = self.words[i].as_str();
            if w.starts_with('-') {
                // sudo's options that take a value.
                if name == "sudo" && matches!(w, "-u" | "-g" | "-C" | "-h" | "-p" | "-U") {
                    i += 1;
                }
                i += 1;
            } else if (name == "gosu" || name == "su-exec") && i == 1 {
                i += 1; // the user
            } else {
                break;
            }
        }
        if i >= self.words.len() {
            return self.clone();
        }
        Command {
            words: self.words[i..].to_vec(),
            ..self.clone()
        }
    }
}

fn is_assignment(w: &str) -> bool {
    match w.split_once('=') {
        Some((k, _)) => {
            let k = k.strip_suffix('+').unwrap_or(k);
            !k.is_empty()
                && !k.starts_with(|c: char| c.is_ascii_digit())
                && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        }
        None => false,
    }
}

/// Splits into words and separators. Redirections and their targets are dropped; the
/// bodies of shell heredocs are skipped; `$(...)` and backtick bodies are collected into
/// `subs` (and also stay inside their word).
fn tokenize(s: &str, subs: &mut Vec<String>) -> Vec<Tok> {
    let b = s.as_bytes();
    let mut toks = Vec::new();
    let mut word = String::new();
    let mut word_start: Option<usize> = None;
    let mut skip_next_word = false;
    let mut pending_heredocs: Vec<(String, bool)> = Vec::new();
    let mut i = 0;
    macro_rules! end_word {
        () => {
            if let Some(ws) = word_start.take() {
                if skip_next_word {
                    skip_next_word = false;
                } else {
                    toks.push(Tok::Word(std::mem::take(&mut word), ws));
                }
                word.clear();
            }
        };
    }
    while i < b.len() {
        let c = b[i];
        match c {
            b' ' | b'\t' | b'\r' => {
                end_word!();
                i += 1;
            }
            b'\n' => {
                end_word!();
                toks.push(Tok::Sep(false));
                i += 1;
                // Skip the bodies of heredocs opened on this line.
                for (delim, strip) in pending_heredocs.drain(..) {
                    while i < b.len() {
                        let end = s[i..].find('\n').map(|e| i + e).unwrap_or(b.len());
                        let line = &s[i..end];
                        let line = if strip {
                            line.trim_start_matches('\t')
                        } else {
                            line
                        };
                        i = (end + 1).min(b.len());
                        if line.trim_end() == delim {
                            break;
                        }
                    }
                }
            }
            b'#' if word_start.is_none() => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'\\' => {
                if b.get(i + 1) == Some(&b'\n') {
                    i += 2; // line continuation
                } else {
                    word_start.get_or_insert(i);
                    if let Some(ch) = s[i + 1..].chars().next() {
                        word.push(ch);
                        i += 1 + ch.len_utf8();
                    } else {
                        i += 1;
                    }
                }
            }
            b'\'' => {
                word_start.get_or_insert(i);
                let end = s[i + 1..].find('\'').map(|e| i + 1 + e).unwrap_or(b.len());
                word.push_str(&s[i + 1..end]);
                i = end + 1;
            }
            b'"' => {
                word_start.get_or_insert(i);
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' && i + 1 < b.len() {
                        let n = b[i + 1];
                        if matches!(n, b'"' | b'\\' | b'$' | b'`') {
                            word.push(n as char);
                            i += 2;
                            continue;
                        }
                        if n == b'\n' {
                            i += 2;
                            continue;
                        }
                    }
                    if b[i] == b'$' && b.get(i + 1) == Some(&b'(') {
                        let end = matching_paren(b, i + 1);
                        subs.push(s[i + 2..end.min(b.len())].to_string());
                        word.push_str(&s[i..(end + 1).min(b.len())]);
                        i = end + 1;
                        continue;
                    }
                    if b[i] == b'`' {
                        let end = s[i + 1..].find('`').map(|e| i + 1 + e).unwrap_or(b.len());
                        subs.push(s[i + 1..end].to_string());
                        word.push_str(&s[i..(end + 1).min(b.len())]);
                        i = end + 1;
                        continue;
                    }
                    let ch = s[i..].chars().next().unwrap_or(' ');
                    word.push(ch);
                    i += ch.len_utf8();
                }
                i += 1;
            }
            b'$' if b.get(i + 1) == Some(&b'(') => {
                word_start.get_or_insert(i);
                let end = matching_paren(b, i + 1);
                if b.get(i + 2) != Some(&b'(') {
                    subs.push(s[i + 2..end.min(b.len())].to_string());
                }
                word.push_str(&s[i..(end + 1).min(b.len())]);
                i = end + 1;
            }
            b'$' if b.get(i + 1) == Some(&b'{') => {
                word_start.get_or_insert(i);
                let end = s[i..].find('}').map(|e| i + e).unwrap_or(b.len() - 1);
                word.push_str(&s[i..=end]);
                i = end + 1;
            }
            b'`' => {
                word_start.get_or_insert(i);
                let end = s[i + 1..].find('`').map(|e| i + 1 + e).unwrap_or(b.len());
                subs.push(s[i + 1..end].to_string());
                word.push_str(&s[i..(end + 1).min(b.len())]);
                i = end + 1;
            }
            b';' | b'&' | b'|' | b'(' | b')' => {
                // `2>&1`, `>&2`, `&>`: part of a redirection.
                if c == b'&' && (b.get(i + 1) == Some(&b'>') || (i > 0 && b[i - 1] == b'>')) {
                    i += 1;
                    continue;
                }
                end_word!();
                let two = b.get(i + 1) == Some(&c);
                let pipe = c == b'|' && !two;
                toks.push(Tok::Sep(pipe));
                i += if two { 2 } else { 1 };
                if pipe && b.get(i) == Some(&b'&') {
                    i += 1;
                }
            }
            b'>' | b'<' => {
                // A word of digits just before is a file descriptor, not an argument.
                if word_start.is_some() && word.bytes().all(|d| d.is_ascii_digit()) {
                    word_start = None;
                    word.clear();
                } else {
                    end_word!();
                }
                if c == b'<' && b.get(i + 1) == Some(&b'<') && b.get(i + 2) != Some(&b'<') {
                    let mut j = i + 2;
                    let strip = b.get(j) == Some(&b'-');
                    if strip {
                        j += 1;
                    }
                    while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
                        j += 1;
                    }
                    let start = j;
                    while j < b.len() && !matches!(b[j], b' ' | b'\t' | b'\n' | b';' | b'&' | b'|')
                    {
                        j += 1;
                    }
                    let delim = s[start..j].trim_matches(|c| c == '\'' || c == '"');
                    pending_heredocs.push((delim.to_string(), strip));
                    i = j;
                    continue;
                }
                while i < b.len() && matches!(b[i], b'>' | b'<' | b'&' | b'|') {
                    i += 1;
                }
                if c == b'<' && b.get(i) == Some(&b'(') {
                    // Process substitution `<(cmd)`: its body is a script.
                    let end = matching_paren(b, i);
                    subs.push(s[i + 1..end.min(b.len())].to_string());
                    i = end + 1;
                    continue;
                }
                // `>&2`: the fd is the target; otherwise the next word is.
                if i < b.len() && b[i].is_ascii_digit() && b[i - 1] == b'&' {
                    i += 1;
                } else {
                    skip_next_word = true;
                }
            }
            _ => {
                word_start.get_or_insert(i);
                let ch = s[i..].chars().next().unwrap_or(' ');
                word.push(ch);
                i += ch.len_utf8();
            }
        }
    }
    if let Some(ws) = word_start {
        if !skip_next_word {
            toks.push(Tok::Word(word, ws));
        }
    }
    toks
}

/// The index of the `)` closing the `(` at `open`, skipping quotes and nesting; the end of
/// the input if it never closes.
fn matching_paren(b: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    let mut i = open;
    let mut quote = 0u8;
    while i < b.len() {
        let c = b[i];
        if quote != 0 {
            if c == quote {
                quote = 0;
            } else if c == b'\\' && quote == b'"' {
                i += 1;
            }
        } else {
            match c {
                b'\'' | b'"' => quote = c,
                b'\\' => i += 1,
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return i;
                    }
                }
                _ => {}
            }
        }
        i += 1;
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &str) -> Vec<Vec<String>> {
        parse(s).commands.into_iter().map(|c| c.words).collect()
    }

    #[test]
    fn splits_on_operators_and_newlines() {
        let s = parse("apt-get update && apt-get install -y curl || true; echo 'a b' | tee x\nrm -rf /var/lib/apt/lists/*");
        let words: Vec<_> = s.commands.iter().map(|c| c.words.join(" ")).collect();
        assert_eq!(
            words,
            [
                "apt-get update",
                "apt-get install -y curl",
                "true",
                "echo a b",
                "tee x",
                "rm -rf /var/lib/apt/lists/*"
            ]
        );
        assert!(s.has_pipe());
        assert!(s.commands[3].piped && s.commands[4].piped && !s.commands[1].piped);
        assert!(!parse("a || b && c").has_pipe());
    }

    #[test]
    fn redirections_assignments_and_reserved_words() {
        assert_eq!(
            names("DEBIAN_FRONTEND=noninteractive apt-get install -y x > /dev/null 2>&1"),
            [["apt-get", "install", "-y", "x"]]
        );
        assert_eq!(
            names("if [ -f a ]; then cd /x; else echo no >&2; fi"),
            vec![
                vec!["[", "-f", "a", "]"],
                vec!["cd", "/x"],
                vec!["echo", "no"]
            ]
        );
        assert_eq!(
            names("for p in a b; do pip install $p; done"),
            [["pip", "install", "$p"]]
        );
        assert_eq!(names("export A=1"), [["export", "A=1"]]);
        assert_eq!(names("A=1 B=2"), Vec::<Vec<String>>::new());
        assert_eq!(names("env A=1 npm install"), [["npm", "install"]]);
    }

    #[test]
    fn quotes_substitutions_and_heredocs() {
        let s = parse("sh -c \"$(curl -fsSL https://x.sh)\" && echo \"a \\\"b\\\"\"");
        assert_eq!(
            s.commands[0].words,
            ["sh", "-c", "$(curl -fsSL https://x.sh)"]
        );
        assert_eq!(s.commands[1].words, ["echo", "a \"b\""]);
        assert!(s.commands[2].nested && s.commands[2].name() == "curl");
        let s = parse("cat <<EOF > /etc/x\napt-get install foo\nEOF\necho done\n");
        let got: Vec<_> = s.commands.iter().map(|c| c.name().to_string()).collect();
        assert_eq!(got, ["cat", "echo"]);
        assert_eq!(
            parse("# comment\ncd /x # trailing").commands[0].words,
            ["cd", "/x"]
        );
        // Continuations inside a heredoc RUN body.
        assert_eq!(names("apk add \\\n  curl"), [["apk", "add", "curl"]]);
    }

    #[test]
    fn wrappers_and_flags() {
        let s = parse("sudo -u root apt-get install x");
        let c = &s.commands[0];
        assert_eq!(c.name(), "sudo");
        assert_eq!(c.effective().name(), "apt-get");
        let c = &parse("/usr/bin/curl -fsSLk https://x").commands[0];
        assert_eq!(c.name(), "curl");
        assert!(c.has_flag(Some('k'), &["insecure"]));
        assert!(!c.has_flag(Some('z'), &["insecure"]));
        assert_eq!(c.after("-fsSLk").unwrap(), ["https://x"]);
    }

    #[test]
    fn hostile_input_terminates() {
        for s in [
            "$(", "\"", "'", "`", "$((", "<<", "a |", "\\", "${", "))))", "<(x",
        ] {
            let _ = parse(s);
        }
    }
}
