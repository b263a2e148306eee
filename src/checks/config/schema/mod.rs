//! JSON Schema validation (drafts 4, 6, 7, 2019-09 and 2020-12) over
//! `serde_json::Value`, with violations that carry the instance path so that
//! callers can map them back to a line and column of the original file.
//!
//! A schema is compiled once into an internal graph of nodes
//! ([`Validator::compile`]); all external documents reachable through `$ref`
//! are loaded at that point through a [`Loader`]. Validation is then a walk
//! over that graph and is safe to run from many threads at once.

mod compile;
mod format;
mod message;
mod pattern;
mod uri;
mod validate;

#[cfg(test)]
mod tests;

use serde_json::Value;

/// The JSON Schema dialect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Draft {
    Draft4,
    Draft6,
    Draft7,
    Draft201909,
    Draft202012,
}

impl Draft {
    /// Recognises the `$schema` URI of a draft's meta-schema.
    pub fn from_schema_uri(uri: &str) -> Option<Draft> {
        let u = uri.trim_end_matches('#');
        if u.contains("draft-04") {
            Some(Draft::Draft4)
        } else if u.contains("draft-06") {
            Some(Draft::Draft6)
        } else if u.contains("draft-07") {
            Some(Draft::Draft7)
        } else if u.contains("2019-09") {
            Some(Draft::Draft201909)
        } else if u.contains("2020-12") {
            Some(Draft::Draft202012)
        } else {
            None
        }
    }
}

/// One path segment into the instance.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PathSeg {
    Key(String),
    Index(usize),
}

/// One reason why an instance is invalid.
#[derive(Clone, Debug)]
pub struct Violation {
    /// Where in the document. For unexpected keys this is the path of the key.
    pub instance_path: Vec<PathSeg>,
    /// The schema keyword that failed: "type", "required", ...
    pub keyword: &'static str,
    /// A human readable message naming the location.
    pub message: String,
    /// JSON pointer of the keyword in the schema, e.g. "/properties/lr/type".
    /// Keywords of other documents are prefixed with that document's URI and `#`.
    pub schema_path: String,
}

/// The schema itself is unusable (unresolvable `$ref`, ...).
#[derive(Debug, Clone)]
pub struct SchemaError {
    pub message: String,
}

impl std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SchemaError {}

/// Loads another schema document by its absolute URI (without fragment).
pub trait Loader {
    fn load(&self, uri: &str) -> Option<Value>;
}

/// A [`Loader`] that knows no documents.
pub struct NoLoader;

impl Loader for NoLoader {
    fn load(&self, _uri: &str) -> Option<Value> {
        None
    }
}

/// Compilation options beyond the draft.
#[derive(Clone, Debug)]
pub struct Options {
    /// Treat `format` as an assertion (the default). When false, `format` is
    /// an annotation only, as drafts 2019-09 and 2020-12 specify by default.
    pub assert_format: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            assert_format: true,
        }
    }
}

/// A compiled schema.
pub struct Validator {
    nodes: Vec<compile::Node>,
    resources: Vec<compile::ResInfo>,
    root: compile::NodeId,
    draft: Draft,
    warnings: Vec<String>,
}

impl Validator {
    /// Compiles `schema`, whose own URI is `base_uri`. The draft is taken from
    /// `$schema`, else `default_draft`. External `$ref`s are loaded through
    /// `loader` now; an unresolvable one is a [`SchemaError`].
    pub fn compile(
        schema: &Value,
        base_uri: &str,
        default_draft: Draft,
        loader: &dyn Loader,
    ) -> Result<Validator, SchemaError> {
        Self::compile_with(schema, base_uri, default_draft, loader, &Options::default())
    }

    /// [`Validator::compile`] with explicit [`Options`].
    pub fn compile_with(
        schema: &Value,
        base_uri: &str,
        default_draft: Draft,
        loader: &dyn Loader,
        options: &Options,
    ) -> Result<Validator, SchemaError> {
        compile::build(schema, base_uri, default_draft, loader, options)
    }

    /// All violations, deduplicated and sorted by instance path; empty when valid.
    pub fn validate(&self, instance: &Value) -> Vec<Violation> {
        validate::run(self, instance, true).1
    }

    /// Whether the instance is valid (stops at the first failure).
    pub fn is_valid(&self, instance: &Value) -> bool {
        validate::run(self, instance, false).0
    }

    /// The draft of the root schema.
    pub fn draft(&self) -> Draft {
        self.draft
    }

    /// Things that were skipped while compiling, such as `pattern`s that use
    /// regex features the engine lacks (lookaround, backreferences).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }
}
