//! Python security rules on a token-level parser (not line regexes).
//!
//! `lexer` tokenizes Python (strings of every kind, f-strings with their fields, comments,
//! line joining), `calls` finds every call expression with its callee and summarised
//! arguments (across lines, nested, chained, in decorators, lambdas, comprehensions and
//! f-strings) and every assignment, `imports` resolves import aliases, and `rules` applies
//! the rules. Nothing here prints, panics, recurses without a bound, or runs worse than
//! linear in the input.
//!
//! `# nosec` comments are not looked at here: picket's filter drops findings on such lines.
//!
//! Where each rule reports (line and column of …):
//!
//! | rule | position |
//! |---|---|
//! | `code/subprocess-shell`, `-literal` | the `shell=` keyword |
//! | `code/os-system` | the call (its callee's first token) |
//! | `code/pickle-load` | the call; `numpy.load` at `allow_pickle=` |
//! | `code/torch-load-unsafe` | `weights_only=False`, else the call |
//! | `code/yaml-unsafe-load`, `code/yaml-full-load` | the `Loader` argument, else the call |
//! | `code/eval-exec` | the call |
//! | `code/tls-verify-disabled` | the `verify=`/`ssl=`/`verify_ssl=`/`cert_reqs=` keyword; the target of `x.verify = False` |
//! | `code/ssl-unverified-context` | the call; the target of `x.check_hostname = False`; the `ssl.CERT_NONE` name |
//! | `code/trust-remote-code` | the `trust_remote_code=` keyword |
//! | `code/debug-mode` | the `debug=` keyword |
//! | `code/bind-all-interfaces` | the address literal |
//! | `code/mktemp`, `code/weak-hash` | the call |
//! | `code/subprocess-inherits-env` | the `env=` keyword (or the positional env argument) |
pub mod calls;
pub mod imports;
pub mod lexer;
mod rules;

pub use rules::RULE_IDS;

#[cfg(test)]
mod tests;

/// One finding: the rule, 1-based line and column (in chars), and a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub rule: &'static str,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Runs every rule over one Python source. Sorted by (line, column, rule), without
/// duplicates.
pub fn analyse(source: &str) -> Vec<Hit> {
    let parsed = calls::Parsed::new(source);
    let mut hits = rules::run(&parsed);
    hits.sort_by(|a, b| (a.line, a.column, a.rule).cmp(&(b.line, b.column, b.rule)));
    hits.dedup_by(|a, b| (a.line, a.column, a.rule) == (b.line, b.column, b.rule));
    hits
}
