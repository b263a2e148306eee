//! The rules, over calls, assignments and a few raw token patterns. Each rule's doc says
//! where its hit is reported: at the call (the callee's first token) or at the offending
//! keyword argument / value, whichever pins the problem down.
use super::calls::{Assign, Call, Expr, Parsed, Value};
use super::imports::Imports;
use super::lexer::Kind;
use super::Hit;
use std::borrow::Cow;

pub const SUBPROCESS_SHELL: &str = "code/subprocess-shell";
pub const SUBPROCESS_SHELL_LITERAL: &str = "code/subprocess-shell-literal";
pub const OS_SYSTEM: &str = "code/os-system";
pub const PICKLE_LOAD: &str = "code/pickle-load";
pub const TORCH_LOAD: &str = "code/torch-load-unsafe";
pub const YAML_UNSAFE: &str = "code/yaml-unsafe-load";
pub const YAML_FULL: &str = "code/yaml-full-load";
pub const EVAL_EXEC: &str = "code/eval-exec";
pub const TLS_VERIFY: &str = "code/tls-verify-disabled";
pub const SSL_CONTEXT: &str = "code/ssl-unverified-context";
pub const TRUST_REMOTE_CODE: &str = "code/trust-remote-code";
pub const DEBUG_MODE: &str = "code/debug-mode";
pub const BIND_ALL: &str = "code/bind-all-interfaces";
pub const MKTEMP: &str = "code/mktemp";
pub const WEAK_HASH: &str = "code/weak-hash";
pub const INHERITS_ENV: &str = "code/subprocess-inherits-env";

/// Every rule id this module can report.
pub const RULE_IDS: &[&str] = &[
    SUBPROCESS_SHELL,
    SUBPROCESS_SHELL_LITERAL,
    OS_SYSTEM,
    PICKLE_LOAD,
    TORCH_LOAD,
    YAML_UNSAFE,
    YAML_FULL,
    EVAL_EXEC,
    TLS_VERIFY,
    SSL_CONTEXT,
    TRUST_REMOTE_CODE,
    DEBUG_MODE,
    BIND_ALL,
    MKTEMP,
    WEAK_HASH,
    INHERITS_ENV,
];

const SUBPROCESS_FUNCS: &[&str] = &[
    "subprocess.Popen",
    "subprocess.run",
    "subprocess.call",
    "subprocess.check_call",
    "subprocess.check_output",
];

/// Functions that always run their command through a shell.
const SHELL_FUNCS: &[&str] = &[
    "os.system",
    "os.popen",
    "os.popen2",
    "os.popen3",
    "os.popen4",
    "popen2.popen2",
    "popen2.popen3",
    "popen2.popen4",
    "popen2.Popen3",
    "popen2.Popen4",
    "commands.getoutput",
    "commands.getstatusoutput",
    "subprocess.getoutput",
    "subprocess.getstatusoutput",
    "asyncio.create_subprocess_shell",
];

const PICKLE_FUNCS: &[&str] = &[
    "pickle.load",
    "pickle.loads",
    "pickle.Unpickler",
    "cPickle.load",
    "cPickle.loads",
    "cPickle.Unpickler",
    "_pickle.load",
    "_pickle.loads",
    "_pickle.Unpickler",
    "dill.load",
    "dill.loads",
    "dill.Unpickler",
    "cloudpickle.load",
    "cloudpickle.loads",
    "joblib.load",
    "sklearn.externals.joblib.load",
    "shelve.open",
    "shelve.DbfilenameShelf",
    "jsonpickle.decode",
    "jsonpickle.unpickler.decode",
    "jsonpickle.unpickler.Unpickler",
    "pandas.read_pickle",
];

/// `X.run(debug=True)` is not a web server for these.
const NOT_SERVERS: &[&str] = &[
    "asyncio.run",
    "trio.run",
    "anyio.run",
    "uvloop.run",
    "curio.run",
    "subprocess.run",
];

const MAX_ENV_DEPTH: usize = 4;

/// Does a variable name say it holds a listening address (contains `host`, `bind`,
/// `listen` or `addr`, in any case)?
fn names_an_address(name: &str) -> bool {
    const WORDS: [&[u8]; 4] = [b"host", b"bind", b"listen", b"addr"];
    let b = name.as_bytes();
    WORDS
        .iter()
        .any(|w| b.len() >= w.len() && b.windows(w.len()).any(|win| win.eq_ignore_ascii_case(w)))
}

struct Ctx<'p, 'a> {
    p: &'p Parsed<'a>,
    im: &'p Imports,
    /// The file imports aiohttp (where `ssl=False` means "do not verify").
    aiohttp: bool,
    hits: Vec<Hit>,
}

/// Runs every rule over a parsed file (unsorted, may contain duplicates).
pub fn run(p: &Parsed<'_>) -> Vec<Hit> {
    let im = Imports::collect(p);
    let mut cx = Ctx {
        p,
        im: &im,
        aiohttp: im.imports_module("aiohttp"),
        hits: Vec::new(),
    };
    // One call at a time: nothing is kept, so memory stays proportional to the tokens.
    // Arguments are only summarised for calls that some rule may care about.
    let bytes = p.src.as_bytes();
    for (i, t) in p.toks.iter().enumerate() {
        let len = t.end.wrapping_sub(t.start);
        if len == 9 || len == 11 {
            cx.verify_none_constant(i);
            continue;
        }
        if len != 1 || bytes.get(t.start as usize) != Some(&b'(') || !p.is_call_paren(i) {
            continue;
        }
        let callee = p.callee(i);
        if !may_matter(&im.resolve(&callee.text)) && !p.has_keyword(i, ANY_CALLEE_KEYWORDS) {
            continue;
        }
        if let Some(c) = p.call_at(i) {
            cx.check_call(&c);
        }
    }
    let relevant =
        |last: &str| last == "check_hostname" || last == "verify" || names_an_address(last);
    for a in p.assignments_where(relevant) {
        cx.check_assignment(&a);
    }
    cx.hits
}

/// Keywords that rules look at whatever the callee is.
const ANY_CALLEE_KEYWORDS: &[&str] = &[
    "shell",
    "verify",
    "ssl",
    "verify_ssl",
    "cert_reqs",
    "trust_remote_code",
    "host",
    "bind",
];

/// Can a rule care about a call to `name` (resolved) apart from `ANY_CALLEE_KEYWORDS`?
/// A quick filter (by the first segment, then the rules' own lists); each rule checks its
/// names again.
fn may_matter(name: &str) -> bool {
    let head = name.split(['.', '(', '[']).next().unwrap_or("");
    let known_module = matches!(
        head,
        "subprocess"
            | "os"
            | "popen2"
            | "commands"
            | "asyncio"
            | "anyio"
            | "trio"
            | "pickle"
            | "cPickle"
            | "_pickle"
            | "dill"
            | "cloudpickle"
            | "joblib"
            | "sklearn"
            | "shelve"
            | "jsonpickle"
            | "pandas"
            | "numpy"
            | "torch"
            | "yaml"
            | "eval"
            | "exec"
            | "compile"
            | "builtins"
            | "__builtin__"
            | "ssl"
            | "tempfile"
            | "hashlib"
            | "fastapi"
            | "FastAPI"
            | "starlette"
            | "Starlette"
    );
    known_module || matches!(last_segment(name), "run" | "run_server" | "bind")
}

/// The last dotted segment (`a.b().run` → `run`).
fn last_segment(s: &str) -> &str {
    match s.bytes().rposition(|c| c == b'.') {
        Some(i) => &s[i + 1..],
        None => s,
    }
}

/// `0.0.0.0`, `0.0.0.0:8000`, `::`, `[::]`: every interface.
fn all_interfaces(s: &str) -> bool {
    let s = s.trim();
    if matches!(s, "0.0.0.0" | "::" | "[::]") {
        return true;
    }
    let port = s
        .strip_prefix("0.0.0.0:")
        .or_else(|| s.strip_prefix("[::]:"))
        .or_else(|| s.strip_prefix("tcp://0.0.0.0:"))
        .or_else(|| s.strip_prefix("tcp://*:"));
    port.is_some_and(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()))
}

fn is_false_literal(e: &Expr<'_>) -> bool {
    matches!(e.value, Value::Bool(false) | Value::Num(false))
}

/// A literal command: a string, or a list/tuple of literal strings.
fn literal_command(e: &Expr<'_>) -> bool {
    match &e.value {
        Value::Str(_) => true,
        Value::List(items) | Value::Tuple(items) => {
            items.iter().all(|i| matches!(i.value, Value::Str(_)))
        }
        _ => false,
    }
}

impl<'a> Ctx<'_, 'a> {
    fn hit(&mut self, rule: &'static str, line: usize, column: usize, message: String) {
        self.hits.push(Hit {
            rule,
            line,
            column,
            message,
        });
    }

    fn call_hit(&mut self, rule: &'static str, c: &Call<'_>, message: String) {
        self.hit(rule, c.line, c.column, message);
    }

    fn resolve<'s>(&self, dotted: &'s str) -> Cow<'s, str> {
        self.im.resolve(dotted)
    }

    /// How a callee is shown in messages: as written, plus what it resolves to.
    fn shown(c: &Call<'_>, name: &str) -> String {
        if c.callee == name {
            format!("`{}`", c.callee)
        } else {
            format!("`{}` ({name})", c.callee)
        }
    }

    fn check_call(&mut self, c: &Call<'a>) {
        let resolved = self.resolve(&c.callee);
        let name: &str = &resolved;
        self.subprocess_shell(c, name);
        self.shell_function(c, name);
        self.pickle(c, name);
        self.torch_load(c, name);
        self.yaml_load(c, name);
        self.eval_exec(c, name);
        self.tls_verify(c, name);
        self.ssl_context_call(c, name);
        self.trust_remote_code(c);
        self.debug_mode(c, name);
        self.bind_all_call(c, name);
        self.mktemp(c, name);
        self.weak_hash(c, name);
        self.inherits_env(c, name);
    }

    /// `code/subprocess-shell(-literal)`: any call with a truthy literal `shell=`; reported at
    /// the `shell=` keyword. The command is `args=` or the first positional argument.
    fn subprocess_shell(&mut self, c: &Call<'a>, name: &str) {
        let Some(kw) = c.keyword("shell") else { return };
        if kw.value.truthy() != Some(true) {
            return;
        }
        let subprocess = SUBPROCESS_FUNCS.contains(&name);
        let cmd = if subprocess {
            c.param(0, "args")
        } else {
            c.arg(0)
        };
        let literal = cmd.is_some_and(literal_command);
        let shown = Self::shown(c, name);
        let (rule, msg) = match (literal, subprocess) {
            (true, true) => (
                SUBPROCESS_SHELL_LITERAL,
                format!("{shown} runs a literal command through a shell (shell=True); pass an argument list without the shell"),
            ),
            (true, false) => (
                SUBPROCESS_SHELL_LITERAL,
                format!("{shown} is called with shell=True and a literal command; pass an argument list without the shell"),
            ),
            (false, true) => (
                SUBPROCESS_SHELL,
                format!("{shown} runs a command built at run time through a shell (shell=True): shell metacharacters in any part of it run arbitrary commands"),
            ),
            (false, false) if cmd.is_none() => (
                SUBPROCESS_SHELL,
                format!("{shown} is called with shell=True: a command it runs goes through a shell, where metacharacters in any part of it run arbitrary commands"),
            ),
            (false, false) => (
                SUBPROCESS_SHELL,
                format!("{shown} is called with shell=True and a command built at run time: if the command goes through a shell, metacharacters in any part of it run arbitrary commands"),
            ),
        };
        self.hit(rule, kw.line, kw.column, msg);
    }

    /// `code/os-system`: a shell-executing function with a non-literal command; at the call.
    fn shell_function(&mut self, c: &Call<'a>, name: &str) {
        if !SHELL_FUNCS.contains(&name) {
            return;
        }
        let cmd = c
            .arg(0)
            .or_else(|| c.keyword("cmd").map(|k| &k.value))
            .or_else(|| c.keyword("command").map(|k| &k.value));
        let Some(cmd) = cmd else { return };
        if cmd.is_literal() {
            return;
        }
        let msg = format!(
            "{} runs a command built at run time through a shell: command injection if any part of it comes from input",
            Self::shown(c, name)
        );
        self.call_hit(OS_SYSTEM, c, msg);
    }

    /// `code/pickle-load`: at the call; `numpy.load` at its `allow_pickle=` keyword.
    fn pickle(&mut self, c: &Call<'a>, name: &str) {
        if PICKLE_FUNCS.contains(&name) {
            let msg = format!(
                "{} deserialises pickle data: loading untrusted input runs arbitrary code",
                Self::shown(c, name)
            );
            self.call_hit(PICKLE_LOAD, c, msg);
        } else if name == "numpy.load" {
            if let Some(k) = c.keyword("allow_pickle") {
                if k.value.truthy() == Some(true) {
                    let msg = format!(
                        "{} with allow_pickle=True unpickles object arrays: loading an untrusted file runs arbitrary code",
                        Self::shown(c, name)
                    );
                    self.hit(PICKLE_LOAD, k.line, k.column, msg);
                }
            }
        }
    }

    /// `code/torch-load-unsafe`: at `weights_only=False`, else at the call when absent.
    fn torch_load(&mut self, c: &Call<'a>, name: &str) {
        if !matches!(name, "torch.load" | "torch.serialization.load") {
            return;
        }
        let shown = Self::shown(c, name);
        match c.keyword("weights_only") {
            Some(k) if k.value.truthy() == Some(false) => {
                let msg = format!("{shown} with weights_only=False unpickles the file: a malicious checkpoint runs arbitrary code");
                self.hit(TORCH_LOAD, k.line, k.column, msg);
            }
            Some(_) => {}
            None if !c.has_kwargs_splat() => {
                let msg = format!("{shown} without weights_only=True unpickles the file on PyTorch before 2.6: a malicious checkpoint runs arbitrary code");
                self.call_hit(TORCH_LOAD, c, msg);
            }
            None => {}
        }
    }

    /// `code/yaml-unsafe-load` / `code/yaml-full-load`: at the `Loader` argument when one is
    /// given, else at the call.
    fn yaml_load(&mut self, c: &Call<'a>, name: &str) {
        if !name.starts_with("yaml.") {
            return;
        }
        let shown = Self::shown(c, name);
        match name {
            "yaml.unsafe_load" | "yaml.unsafe_load_all" => {
                let msg = format!("{shown} constructs arbitrary Python objects: loading untrusted YAML runs arbitrary code");
                self.call_hit(YAML_UNSAFE, c, msg);
            }
            "yaml.full_load" | "yaml.full_load_all" => {
                let msg = format!("{shown} uses FullLoader, which is not safe for untrusted input; use yaml.safe_load");
                self.call_hit(YAML_FULL, c, msg);
            }
            "yaml.load" | "yaml.load_all" => {
                let (loader, line, column) = match (c.keyword("Loader"), c.arg(1)) {
                    (Some(k), _) => (Some(&k.value), k.line, k.column),
                    (None, Some(a)) => (Some(a), a.line, a.column),
                    (None, None) => (None, c.line, c.column),
                };
                let Some(loader) = loader else {
                    if !c.has_kwargs_splat() {
                        let msg = format!("{shown} without a Loader uses an unsafe loader on old PyYAML versions; use yaml.safe_load");
                        self.call_hit(YAML_UNSAFE, c, msg);
                    }
                    return;
                };
                let loader_name = loader.dotted().map(|d| self.resolve(d).into_owned());
                let last = loader_name.as_deref().map(last_segment).unwrap_or("");
                let lower = last.to_ascii_lowercase();
                if (lower.contains("safe") && !lower.contains("unsafe"))
                    || matches!(last, "BaseLoader" | "CBaseLoader")
                {
                    return;
                }
                if matches!(last, "FullLoader" | "CFullLoader") {
                    let msg = format!("{shown} with FullLoader is not safe for untrusted input; use yaml.safe_load");
                    self.hit(YAML_FULL, line, column, msg);
                    return;
                }
                let which =
                    loader_name.unwrap_or_else(|| "a loader that is not a known safe one".into());
                let msg = format!("{shown} with {which} constructs arbitrary Python objects: loading untrusted YAML runs arbitrary code; use yaml.safe_load");
                self.hit(YAML_UNSAFE, line, column, msg);
            }
            _ => {}
        }
    }

    /// `code/eval-exec`: the builtins `eval`/`exec`/`compile` on a non-literal; at the call.
    fn eval_exec(&mut self, c: &Call<'a>, name: &str) {
        if !c.dotted {
            return;
        }
        let builtin = name
            .strip_prefix("builtins.")
            .or_else(|| name.strip_prefix("__builtin__."))
            .unwrap_or(name);
        if !matches!(builtin, "eval" | "exec" | "compile") {
            return;
        }
        let Some(src) = c.param(0, "source") else {
            return;
        };
        if src.is_literal() {
            return;
        }
        let msg = format!(
            "{} on a value built at run time executes whatever code it contains",
            Self::shown(c, name)
        );
        self.call_hit(EVAL_EXEC, c, msg);
    }

    /// `code/tls-verify-disabled`: at the offending keyword.
    fn tls_verify(&mut self, c: &Call<'a>, name: &str) {
        let relevant = c
            .keywords
            .iter()
            .any(|k| matches!(k.name, Some("verify" | "ssl" | "verify_ssl" | "cert_reqs")));
        if !relevant {
            return;
        }
        let shown = Self::shown(c, name);
        if let Some(k) = c.keyword("verify") {
            if is_false_literal(&k.value) && !name.starts_with("jwt.") {
                let msg = format!("{shown} with verify=False accepts any TLS certificate: traffic can be intercepted");
                self.hit(TLS_VERIFY, k.line, k.column, msg);
            }
        }
        if self.aiohttp || name.starts_with("aiohttp.") {
            for kw in ["ssl", "verify_ssl"] {
                if let Some(k) = c.keyword(kw) {
                    if is_false_literal(&k.value) {
                        let msg = format!("{shown} with {kw}=False skips TLS certificate verification (aiohttp): traffic can be intercepted");
                        self.hit(TLS_VERIFY, k.line, k.column, msg);
                    }
                }
            }
        }
        if let Some(k) = c.keyword("cert_reqs") {
            if k.value
                .str_value()
                .is_some_and(|s| matches!(s.trim(), "CERT_NONE" | "NONE"))
            {
                let msg = format!("{shown} with cert_reqs='CERT_NONE' accepts any TLS certificate: traffic can be intercepted");
                self.hit(TLS_VERIFY, k.line, k.column, msg);
            }
        }
    }

    /// `code/ssl-unverified-context` for the unverified-context factories; at the call.
    fn ssl_context_call(&mut self, c: &Call<'a>, name: &str) {
        if matches!(
            name,
            "ssl._create_unverified_context" | "ssl._create_stdlib_context"
        ) {
            let msg = format!(
                "{} makes a TLS context that checks neither certificate nor host name",
                Self::shown(c, name)
            );
            self.call_hit(SSL_CONTEXT, c, msg);
        }
    }

    /// `code/trust-remote-code`: at the `trust_remote_code=` keyword. Not reported when
    /// `revision=` pins a full commit hash (the code that runs is then fixed and reviewable).
    fn trust_remote_code(&mut self, c: &Call<'a>) {
        let Some(k) = c.keyword("trust_remote_code") else {
            return;
        };
        if k.value.truthy() != Some(true) {
            return;
        }
        let pinned = c
            .keyword("revision")
            .and_then(|r| r.value.str_value())
            .is_some_and(|r| r.len() == 40 && r.bytes().all(|b| b.is_ascii_hexdigit()));
        if pinned {
            return;
        }
        let msg = format!(
            "`{}` with trust_remote_code=True runs Python code downloaded from the model repository; pin revision= to a reviewed commit or avoid it",
            c.callee
        );
        self.hit(TRUST_REMOTE_CODE, k.line, k.column, msg);
    }

    /// `code/debug-mode`: at the `debug=` keyword.
    fn debug_mode(&mut self, c: &Call<'a>, name: &str) {
        let last = last_segment(name);
        let server_run = matches!(last, "run" | "run_server") && !NOT_SERVERS.contains(&name);
        let app = matches!(
            name,
            "fastapi.FastAPI" | "FastAPI" | "starlette.applications.Starlette" | "Starlette"
        );
        if !server_run && !app {
            return;
        }
        let Some(k) = c.keyword("debug") else { return };
        if k.value.truthy() != Some(true) {
            return;
        }
        let msg = if server_run {
            format!("{} with debug=True serves the interactive debugger (Werkzeug/Flask): anyone who reaches it can run code", Self::shown(c, name))
        } else {
            format!(
                "{} with debug=True returns tracebacks with source and local values to clients",
                Self::shown(c, name)
            )
        };
        self.hit(DEBUG_MODE, k.line, k.column, msg);
    }

    /// `code/bind-all-interfaces` in calls: at the address literal.
    fn bind_all_call(&mut self, c: &Call<'a>, name: &str) {
        let last = last_segment(name);
        let relevant = matches!(last, "run" | "run_server" | "bind")
            || c.keywords
                .iter()
                .any(|k| matches!(k.name, Some("host" | "bind")));
        if !relevant {
            return;
        }
        let shown = Self::shown(c, name);
        for k in &c.keywords {
            if matches!(k.name, Some("host" | "bind")) {
                if let Some(s) = k.value.str_value() {
                    if all_interfaces(s) {
                        let msg = format!("{shown} listens on all network interfaces ({s}): the service is reachable from every network the host is on");
                        self.hit(BIND_ALL, k.value.line, k.value.column, msg);
                    }
                }
            }
        }
        let addr = match last {
            "run" | "run_server" if !NOT_SERVERS.contains(&name) && name != "uvicorn.run" => {
                c.arg(0)
            }
            "bind" => match c.arg(0).map(|a| &a.value) {
                Some(Value::Tuple(items)) => items.first(),
                _ => c.arg(0),
            },
            _ => None,
        };
        let Some(addr) = addr else { return };
        let Some(s) = addr.str_value() else { return };
        let in_tuple = addr.first > c.open + 1;
        if all_interfaces(s) || (in_tuple && last == "bind" && s.is_empty()) {
            let shown_addr = if s.is_empty() { "''" } else { s };
            let msg = format!("{shown} listens on all network interfaces ({shown_addr}): the service is reachable from every network the host is on");
            self.hit(BIND_ALL, addr.line, addr.column, msg);
        }
    }

    /// `code/mktemp`: at the call.
    fn mktemp(&mut self, c: &Call<'a>, name: &str) {
        if name == "tempfile.mktemp" {
            let msg = format!("{} returns a name that another process can create first (race, symlink attack); use mkstemp or NamedTemporaryFile", Self::shown(c, name));
            self.call_hit(MKTEMP, c, msg);
        }
    }

    /// `code/weak-hash`: at the call.
    fn weak_hash(&mut self, c: &Call<'a>, name: &str) {
        let algo = match name {
            "hashlib.md5" => "md5".to_string(),
            "hashlib.sha1" => "sha1".to_string(),
            "hashlib.new" => match c.param(0, "name").and_then(Expr::str_value) {
                Some(a) => {
                    let a = a.trim().to_ascii_lowercase();
                    if !matches!(a.as_str(), "md4" | "md5" | "sha" | "sha1") {
                        return;
                    }
                    a
                }
                None => return,
            },
            _ => return,
        };
        if c.keyword("usedforsecurity")
            .is_some_and(|k| k.value.truthy() == Some(false))
        {
            return;
        }
        let msg = format!("{} uses {algo}, which is broken for security purposes (collisions); pass usedforsecurity=False if it is not used for security, else use SHA-256 or better", Self::shown(c, name));
        self.call_hit(WEAK_HASH, c, msg);
    }

    /// `code/subprocess-inherits-env`: at the `env=` keyword or the positional env argument.
    fn inherits_env(&mut self, c: &Call<'a>, name: &str) {
        let last = last_segment(name);
        let positional_last = || {
            if c.args.iter().any(|a| a.value == Value::Starred) {
                None
            } else {
                c.args.last()
            }
        };
        let env: Option<(&Expr<'a>, usize, usize)> = match name {
            _ if name.starts_with("subprocess.")
                && matches!(
                    last,
                    "Popen" | "run" | "call" | "check_call" | "check_output"
                ) =>
            {
                c.keyword("env").map(|k| (&k.value, k.line, k.column))
            }
            "asyncio.create_subprocess_exec"
            | "asyncio.create_subprocess_shell"
            | "anyio.run_process"
            | "anyio.open_process"
            | "trio.run_process"
            | "trio.lowlevel.open_process" => {
                c.keyword("env").map(|k| (&k.value, k.line, k.column))
            }
            "os.execve" | "os.execvpe" | "os.posix_spawn" | "os.posix_spawnp" => {
                match c.keyword("env") {
                    Some(k) => Some((&k.value, k.line, k.column)),
                    None => c.arg(2).map(|a| (a, a.line, a.column)),
                }
            }
            "os.spawnve" | "os.spawnvpe" => c.arg(3).map(|a| (a, a.line, a.column)),
            "os.execle" | "os.execlpe" | "os.spawnle" | "os.spawnlpe" => {
                positional_last().map(|a| (a, a.line, a.column))
            }
            _ => None,
        };
        let Some((env, line, column)) = env else {
            return;
        };
        if self.is_environ(env, 0) {
            let msg = format!("{} passes the whole parent environment (os.environ) to the child: every credential in it is handed over; pass only the variables it needs", Self::shown(c, name));
            self.hit(INHERITS_ENV, line, column, msg);
        }
    }

    /// Is the expression `os.environ` or a copy of it (`.copy()`, `dict(os.environ, …)`,
    /// `{**os.environ, …}`, `os.environ | {…}`)?
    fn is_environ(&self, e: &Expr<'a>, depth: usize) -> bool {
        if depth > MAX_ENV_DEPTH {
            return false;
        }
        match &e.value {
            Value::Name(_) | Value::Attr(_) => {
                e.dotted().is_some_and(|d| self.resolve(d) == "os.environ")
            }
            Value::Call { callee, open } => {
                let r = self.resolve(callee);
                if r == "os.environ.copy" {
                    return true;
                }
                if matches!(r.as_ref(), "dict" | "copy.copy" | "copy.deepcopy") {
                    return self
                        .p
                        .call_at(*open)
                        .is_some_and(|c| c.arg(0).is_some_and(|a| self.is_environ(a, depth + 1)));
                }
                false
            }
            Value::Dict { splats } => splats.iter().any(|s| self.is_environ(s, depth + 1)),
            Value::Other => {
                // `os.environ | {...}` (Python 3.9 dict union)
                let p = self.p;
                let mut k = e.first;
                if !p.is_ident(k) {
                    return false;
                }
                k += 1;
                while k + 1 < e.end && p.is_op(k, ".") && p.is_ident(k + 1) {
                    k += 2;
                }
                k < e.end
                    && p.is_op(k, "|")
                    && self.resolve(&p.dotted_text(e.first, k)) == "os.environ"
            }
            _ => false,
        }
    }

    /// Assignments: `X.check_hostname = False` (ssl-unverified-context) and
    /// `session.verify = False` (tls-verify-disabled), both at the target;
    /// `HOST = "0.0.0.0"` (bind-all-interfaces, at the value).
    fn check_assignment(&mut self, a: &Assign<'a>) {
        let last = last_segment(&a.target);
        if last == "check_hostname" && a.target.contains('.') && a.value.truthy() == Some(false) {
            let msg = format!(
                "`{} = False` turns off host name checking: any valid certificate for any host is accepted",
                a.target
            );
            self.hit(SSL_CONTEXT, a.line, a.column, msg);
        }
        if last == "verify" && a.target.contains('.') && is_false_literal(&a.value) {
            let msg = format!(
                "`{} = False` turns off TLS certificate verification for every request of this session: traffic can be intercepted",
                a.target
            );
            self.hit(TLS_VERIFY, a.line, a.column, msg);
        }
        if names_an_address(last) {
            let values: Vec<&Expr<'a>> = match &a.value.value {
                Value::List(items) | Value::Tuple(items) => items.iter().collect(),
                _ => vec![&a.value],
            };
            for v in values {
                if let Some(s) = v.str_value() {
                    if all_interfaces(s) {
                        let msg = format!("`{}` is set to {s}: a server using it listens on all network interfaces", a.target);
                        self.hit(BIND_ALL, v.line, v.column, msg);
                    }
                }
            }
        }
    }

    /// `ssl.CERT_NONE` (and pyOpenSSL's `VERIFY_NONE`) at token `i`, used anywhere but in a
    /// comparison or an import: at the constant.
    fn verify_none_constant(&mut self, i: usize) {
        let p = self.p;
        if p.toks[i].kind() != Kind::Name
            || !matches!(p.text(i), "CERT_NONE" | "VERIFY_NONE")
            || self.im.in_import(i)
        {
            return;
        }
        let mut k = i;
        while k >= 2 && i - k < 8 && p.is_op(k - 1, ".") && p.is_ident(k - 2) {
            k -= 2;
        }
        if k >= 1 && p.is_op(k - 1, ".") {
            return; // `f().CERT_NONE`: cannot tell what it is
        }
        let resolved = self.resolve(&p.dotted_text(k, i + 1)).into_owned();
        if !matches!(
            resolved.as_str(),
            "ssl.CERT_NONE" | "ssl.VerifyMode.CERT_NONE" | "OpenSSL.SSL.VERIFY_NONE"
        ) {
            return;
        }
        let comparison = |j: usize| {
            matches!(p.text(j), "==" | "!=" | "is" | "in" | "not")
                && matches!(p.kind(j), Some(Kind::Op | Kind::Name))
        };
        if (k >= 1 && comparison(k - 1)) || comparison(i + 1) {
            return;
        }
        let (line, column) = (p.toks[k].line() as usize, p.toks[k].col as usize);
        let msg = format!(
            "`{}` ({resolved}) turns off certificate verification: any certificate is accepted and traffic can be intercepted",
            p.dotted_text(k, i + 1)
        );
        self.hit(SSL_CONTEXT, line, column, msg);
    }
}
