//! Every configuration format the config check reads (JSON, JSONC, TOML, `.env`) is parsed
//! into the positioned [`Node`](crate::checks::config::yaml::Node) tree of [`crate::checks::config::yaml`], so that one
//! converter ([`convert::to_json`]) and one path lookup ([`convert::locate`]) serve all.
//!
//! Scalar convention: a scalar whose style is not `Plain` is a string; a `Plain` scalar is
//! resolved by the YAML 1.2 core schema. The JSON and TOML parsers therefore emit strings
//! as `DoubleQuoted` and numbers, booleans and null as `Plain` text that the core schema
//! reads back as the same value.

pub mod convert;
pub mod env;
pub mod json;
pub mod toml;

use crate::checks::config::yaml::{Node, Pos};

/// A parsed document and the keys that appear twice in one mapping.
#[derive(Debug, Default)]
pub struct Parsed {
    /// `None` only for a JSONC file holding nothing but whitespace and comments.
    pub root: Option<Node>,
    /// Position of the repeated key and its text, in source order.
    pub duplicate_keys: Vec<(Pos, String)>,
}

/// Turns byte offsets into 1-based lines and character columns. A leading UTF-8 byte
/// order mark is not counted as a column.
pub(crate) struct LineIndex<'a> {
    src: &'a str,
    /// Byte offset at which each line starts.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(src: &'a str) -> Self {
        let first = if src.starts_with('\u{feff}') { 3 } else { 0 };
        let mut starts = vec![first];
        starts.extend(
            src.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { src, starts }
    }

    /// Position of byte `offset` (clamped to the text and to a character boundary).
    pub(crate) fn pos(&self, offset: usize) -> Pos {
        let mut offset = offset.min(self.src.len());
        while !self.src.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(0) => 0,
            Err(i) => i - 1,
        };
        let start = self.starts[line].min(offset);
        Pos {
            line: line + 1,
            column: self.src[start..offset].chars().count() + 1,
            offset,
        }
    }
}
